/* libFuzzer target: a model file, untrusted, end to end.
 * load -> exact arena size -> init in exactly that arena (a heap block of
 * that size, so ASan sees any overrun) -> fill the inputs from the fuzz
 * data's tail -> invoke twice (the second must give the same bytes).
 * Anything accepted must run clean; anything refused must say why.
 * Custom mutator: half the time one structure-aware word smash
 * (tests/support/word_smash.c, shared with test_model_smash), else
 * libFuzzer's own mutations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../support/word_smash.h"
#include "tinycnn/runtime.h"

/* Accepted models asking for more than this are only loaded and measured:
 * a mutated shape can legitimately ask for gigabytes. */
#define MAX_ARENA (8u << 20)
/* Crude upper bound of the work an invoke does (elements out x largest
 * input); beyond it invoke is skipped so that a legitimately huge model
 * does not pass for a hang. */
#define MAX_WORK 20000000ull

static void die_if(int cond) {
  if (cond) abort();
}

static void fill_inputs(tc_interp *it, const uint8_t *data, size_t size) {
  size_t i, k, tail = size < 256 ? size : 256;
  const uint8_t *src = data + size - tail;
  for (i = 0; i < tc_interp_num_inputs(it); i++) {
    tc_tensor *t = tc_interp_input(it, i);
    uint8_t *d = t->data;
    for (k = 0; k < t->bytes; k++) d[k] = tail ? src[(k + i) % tail] : 0;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tc_model m;
  tc_interp it;
  size_t need = 0, i;
  uint8_t *copy, *arena, *out1 = NULL;
  tc_status s;
  /* The model must be 4-byte aligned: malloc gives 16. An exact-size copy
   * makes every over-read an ASan report. */
  copy = malloc(size ? size : 1);
  if (size) memcpy(copy, data, size);
  s = tc_model_load(&m, copy, size);
  if (s == TC_OK) s = tc_model_arena_size(&m, &need);
  if (s != TC_OK) {
    die_if(m.msg[0] == '\0'); /* every refusal names a reason */
    free(copy);
    return 0;
  }
  if (need > MAX_ARENA) {
    free(copy);
    return 0;
  }
  arena = malloc(need ? need : 1);
  if (need > 0) {
    /* One byte short must be refused, never overrun. */
    die_if(tc_interp_init(&it, &m, arena, need - 1) != TC_ERR_ARENA);
  }
  s = tc_interp_init(&it, &m, arena, need);
  die_if(s != TC_OK && it.msg[0] == '\0');
  if (s == TC_OK && ws_work_bound(&it) <= MAX_WORK) {
    size_t nout = tc_interp_num_outputs(&it), total = 0, off = 0;
    for (i = 0; i < nout; i++) total += tc_interp_output(&it, i)->bytes;
    fill_inputs(&it, data, size);
    if (tc_interp_invoke(&it) == TC_OK) {
      out1 = malloc(total ? total : 1);
      for (i = 0; i < nout; i++) {
        const tc_tensor *t = tc_interp_output(&it, i);
        memcpy(out1 + off, t->data, t->bytes);
        off += t->bytes;
      }
      /* Invoke is a pure function of the inputs (set again, as the API
       * requires). Float NaN payloads compare bytewise, so this holds. */
      fill_inputs(&it, data, size);
      die_if(tc_interp_invoke(&it) != TC_OK);
      for (i = 0, off = 0; i < nout; i++) {
        const tc_tensor *t = tc_interp_output(&it, i);
        die_if(memcmp(out1 + off, t->data, t->bytes) != 0);
        off += t->bytes;
      }
      free(out1);
    }
  }
  free(arena);
  free(copy);
  return 0;
}

/* libFuzzer's interface, as declared in llvm-project
 * compiler-rt/lib/fuzzer/FuzzerInterface.h. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed) {
  uint64_t rng = seed;
  ws_map map;
  uint32_t v;
  int cat;
  if (size < 8 || ws_rand(&rng) % 2)
    return LLVMFuzzerMutate(data, size, max_size);
  if (ws_rand(&rng) % 8 == 0) /* a truncation */
    return 1 + (size_t)(ws_rand(&rng) % (size - 1));
  ws_map_build(&map, data, size); /* empty when it does not load */
  ws_smash(data, size, &map, &rng, &v, &cat);
  ws_map_free(&map);
  return size;
}
