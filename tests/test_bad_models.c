/* Malformed models must be refused with a status and a message, never
 * read out of bounds (run under ASan in the sanitizer build). Inputs:
 * real models from ../shared/conformance, then
 *   - empty and tiny files, wrong identifier;
 *   - truncation at every 1/16 of the length;
 *   - 300 seeded random byte mutations per model: whatever loads must
 *     also measure, init and invoke in exactly the measured arena
 *     (TC_BAD_MODELS_MUTANTS=N: N instead; the sanitizer suite uses fewer).
 *   test_bad_models DIR MODEL... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/runtime.h"
#include "support/check.h"
#include "support/word_smash.h"

static int mutants = 300;

static uint32_t rng_state = 12345;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* Load; if accepted, run it end to end in an exactly-sized arena placed
 * at the end of a heap block, so ASan sees any overrun. */
static tc_status exercise(const unsigned char *data, size_t len) {
  tc_model m;
  tc_interp it;
  size_t need;
  unsigned char *copy = malloc(len ? len : 1), *arena;
  tc_status s;
  memcpy(copy, data, len);
  s = tc_model_load(&m, copy, len);
  if (s == TC_OK) s = tc_model_arena_size(&m, &need);
  if (s != TC_OK) {
    CHECK(m.msg[0] != '\0', "status %d without a message", (int)s);
    free(copy);
    return s;
  }
  if (need > 64u << 20) { /* a mutated shape can ask for a lot: fine */
    free(copy);
    return TC_OK;
  }
  arena = malloc(need ? need : 1);
  s = tc_interp_init(&it, &m, arena, need);
  if (s == TC_OK) {
    size_t i;
    for (i = 0; i < tc_interp_num_inputs(&it); i++)
      memset(tc_interp_input(&it, i)->data, 0x11,
             tc_interp_input(&it, i)->bytes);
    tc_interp_invoke(&it);
  } else {
    CHECK(it.msg[0] != '\0', "init status %d without a message", (int)s);
  }
  free(arena);
  free(copy);
  return s;
}

static void one_model(const char *path) {
  size_t len, k;
  unsigned char *data = ws_read_file(path, &len), *mut;
  tc_status s;
  int accepted = 0;
  if (!data) {
    CHECK(0, "cannot read %s", path);
    return;
  }
  CHECK(exercise(data, len) == TC_OK, "%s: the intact model must load", path);
  for (k = 0; k < 16; k++) {
    size_t cut = len * k / 16;
    s = exercise(data, cut);
    CHECK(s == TC_ERR_MODEL, "%s truncated to %zu/%zu bytes: status %d", path,
          cut, len, (int)s);
  }
  mut = malloc(len);
  memcpy(mut, data, len);
  memcpy(mut + 4, "TFL2", 4);
  CHECK(exercise(mut, len) == TC_ERR_MODEL, "%s: wrong identifier accepted",
        path);
  for (k = 0; k < (size_t)mutants; k++) {
    int flips = 1 + (int)(rnd() % 4), j;
    memcpy(mut, data, len);
    for (j = 0; j < flips; j++) {
      size_t at = rnd() % len;
      /* Mostly hit the flatbuffer's tables (the first and last KB hold
       * offsets and vtables), sometimes anywhere. */
      if (rnd() % 2 && len > 2048)
        at = rnd() % 2 ? rnd() % 1024 : len - 1 - rnd() % 1024;
      mut[at] = (unsigned char)rnd();
    }
    if (exercise(mut, len) == TC_OK) accepted++;
  }
  printf("ok %s: truncations refused; %d of %d mutants still valid and ran "
         "clean\n", path, accepted, mutants);
  free(mut);
  free(data);
}

int main(int argc, char **argv) {
  unsigned char tiny[8] = {0};
  int i, ran = 0;
  const char *env = getenv("TC_BAD_MODELS_MUTANTS");
  if (env && atoi(env) > 0) mutants = atoi(env);
  CHECK(exercise(tiny, 0) == TC_ERR_MODEL, "empty file accepted");
  CHECK(exercise(tiny, 8) == TC_ERR_MODEL, "8 zero bytes accepted");
  for (i = 2; i < argc; i++) {
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/models/%s.tflite", argv[1], argv[i]);
    if (!(f = fopen(path, "rb"))) continue;
    fclose(f);
    one_model(path);
    ran++;
  }
  if (argc > 2 && ran == 0)
    printf("SKIP real-model mutations: %s/models not found\n", argv[1]);
  printf("%d failures\n", failures);
  return failures ? 1 : 0;
}
