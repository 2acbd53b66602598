/* Runtime invariants under concurrency: two interpreters on two arenas,
 * one model, two threads invoking at once (many times, inputs varying)
 * must give exactly the bytes one interpreter gives alone; repeated
 * invokes are idempotent; nothing is written outside either arena (guard
 * bytes). Models: the generated tiny ones (always) and, when ../shared is
 * there, person_detect with its own input.
 *   test_threads [CONFORMANCE_DIR] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/tiny_models.h"
#include "support/word_smash.h"
#include "tinycnn/runtime.h"

#define VARIANTS 6
#define GUARD 64
#define GUARD_BYTE 0x5c

static int failures;

typedef struct job {
  const tc_model *m;
  size_t need;
  uint8_t *block; /* GUARD + arena + GUARD */
  tc_interp it;
  uint8_t *const *inputs;  /* VARIANTS concatenated input sets */
  uint8_t *const *expect;  /* VARIANTS concatenated output sets */
  int iters, offset, mismatches, invoke_errors;
} job;

static void set_inputs(tc_interp *it, const uint8_t *src) {
  size_t i;
  for (i = 0; i < tc_interp_num_inputs(it); i++) {
    tc_tensor *t = tc_interp_input(it, i);
    memcpy(t->data, src, t->bytes);
    src += t->bytes;
  }
}

static size_t out_bytes(tc_interp *it) {
  size_t i, n = 0;
  for (i = 0; i < tc_interp_num_outputs(it); i++)
    n += tc_interp_output(it, i)->bytes;
  return n;
}

static void get_outputs(tc_interp *it, uint8_t *dst) {
  size_t i;
  for (i = 0; i < tc_interp_num_outputs(it); i++) {
    const tc_tensor *t = tc_interp_output(it, i);
    memcpy(dst, t->data, t->bytes);
    dst += t->bytes;
  }
}

static void *worker(void *arg) {
  job *j = arg;
  size_t n = out_bytes(&j->it);
  uint8_t *got = malloc(n ? n : 1);
  int k;
  for (k = 0; k < j->iters; k++) {
    int v = (k + j->offset) % VARIANTS;
    set_inputs(&j->it, j->inputs[v]);
    if (tc_interp_invoke(&j->it) != TC_OK) j->invoke_errors++;
    get_outputs(&j->it, got);
    if (memcmp(got, j->expect[v], n) != 0) j->mismatches++;
  }
  free(got);
  return NULL;
}

static int guards_ok(const job *j) {
  size_t i;
  for (i = 0; i < GUARD; i++)
    if (j->block[i] != GUARD_BYTE || j->block[GUARD + j->need + i] != GUARD_BYTE)
      return 0;
  return 1;
}

static int init_job(job *j, const tc_model *m, size_t need) {
  memset(j, 0, sizeof *j);
  j->m = m;
  j->need = need;
  j->block = malloc(need + 2 * GUARD);
  memset(j->block, GUARD_BYTE, need + 2 * GUARD);
  return tc_interp_init(&j->it, m, j->block + GUARD, need) == TC_OK ? 0 : -1;
}

/* `given` (may be NULL): bytes of variant 0's inputs, e.g. a real image. */
static void run(const char *name, const uint8_t *model, size_t len,
                const uint8_t *given, size_t given_len, int iters) {
  tc_model m;
  size_t need, in_n = 0, out_n, i;
  job ref, a, b;
  uint8_t *inputs[VARIANTS], *expect[VARIANTS];
  pthread_t ta, tb;
  uint32_t rng = 0x9e3779b9u;
  int v, bad = 0;
  uint8_t *copy = malloc(len);
  memcpy(copy, model, len); /* malloc: 16-byte aligned, as models must be */
  if (tc_model_load(&m, copy, len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK) {
    printf("FAIL %s: %s\n", name, m.msg);
    failures++;
    free(copy);
    return;
  }
  if (init_job(&ref, &m, need) || init_job(&a, &m, need) ||
      init_job(&b, &m, need)) {
    printf("FAIL %s: init\n", name);
    failures++;
    return;
  }
  for (i = 0; i < tc_interp_num_inputs(&ref.it); i++)
    in_n += tc_interp_input(&ref.it, i)->bytes;
  out_n = out_bytes(&ref.it);
  /* Expected bytes: the single interpreter, one variant after another. */
  for (v = 0; v < VARIANTS; v++) {
    inputs[v] = malloc(in_n);
    expect[v] = malloc(out_n ? out_n : 1);
    for (i = 0; i < in_n; i++) {
      rng = rng * 1664525u + 1013904223u;
      inputs[v][i] = (uint8_t)(rng >> 24);
    }
    /* Float inputs: keep them finite and moderate (exponent bits tamed). */
    if (tc_interp_input(&ref.it, 0)->type == TC_FLOAT32)
      for (i = 3; i < in_n; i += 4) inputs[v][i] &= 0x3f;
    if (v == 0 && given && given_len == in_n) memcpy(inputs[v], given, in_n);
    set_inputs(&ref.it, inputs[v]);
    tc_interp_invoke(&ref.it);
    get_outputs(&ref.it, expect[v]);
  }
  /* Idempotence: the same input again, after the others, same bytes. */
  for (v = 0; v < VARIANTS; v++) {
    uint8_t *again = malloc(out_n ? out_n : 1);
    set_inputs(&ref.it, inputs[v]);
    tc_interp_invoke(&ref.it);
    get_outputs(&ref.it, again);
    if (memcmp(again, expect[v], out_n) != 0) bad++;
    free(again);
  }
  if (bad) {
    printf("FAIL %s: %d of %d repeated invokes differ\n", name, bad, VARIANTS);
    failures++;
  }
  a.inputs = b.inputs = inputs;
  a.expect = b.expect = expect;
  a.iters = b.iters = iters;
  a.offset = 0;
  b.offset = 1; /* the two threads run different inputs at any moment */
  if (pthread_create(&ta, NULL, worker, &a) || pthread_create(&tb, NULL, worker, &b)) {
    printf("FAIL %s: pthread_create\n", name);
    exit(1);
  }
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  if (a.mismatches || b.mismatches || a.invoke_errors || b.invoke_errors) {
    printf("FAIL %s: concurrent invokes differ from a lone interpreter: "
           "%d + %d of %d, invoke errors %d + %d\n", name, a.mismatches,
           b.mismatches, iters, a.invoke_errors, b.invoke_errors);
    failures++;
  } else if (!guards_ok(&ref) || !guards_ok(&a) || !guards_ok(&b)) {
    printf("FAIL %s: a guard byte around an arena changed\n", name);
    failures++;
  } else {
    /* The expected outputs must depend on the input, or the test proves
     * little: at least two variants must differ. */
    int distinct = 0;
    for (v = 1; v < VARIANTS; v++)
      distinct += memcmp(expect[v], expect[0], out_n) != 0;
    if (!distinct) {
      printf("FAIL %s: output does not depend on the input\n", name);
      failures++;
    } else {
      printf("ok %s: 2 threads x %d invokes (arena %zu B each) = lone "
             "interpreter's bytes; repeats idempotent; guards intact\n",
             name, iters, need);
    }
  }
  for (v = 0; v < VARIANTS; v++) {
    free(inputs[v]);
    free(expect[v]);
  }
  free(ref.block);
  free(a.block);
  free(b.block);
  free(copy);
}

int main(int argc, char **argv) {
  size_t n;
  uint8_t *m;
  m = tm_classifier_s8(&n);
  run("generated int8 classifier", m, n, NULL, 0, 3000);
  free(m);
  m = tm_float_net(&n);
  run("generated float net", m, n, NULL, 0, 3000);
  free(m);
  m = tm_elementwise(&n);
  run("generated quantize/add/mul/pad/concat", m, n, NULL, 0, 3000);
  free(m);
  if (argc > 1) {
    char path[1024];
    size_t in_len = 0;
    uint8_t *in;
    snprintf(path, sizeof path, "%s/models/person_detect.tflite", argv[1]);
    m = ws_read_file(path, &n);
    snprintf(path, sizeof path, "%s/cases/person_detect/person/input0.bin",
             argv[1]);
    in = ws_read_file(path, &in_len);
    if (m && in) {
      run("person_detect", m, n, in, in_len, 40);
    } else {
      printf("SKIP person_detect: %s/models/person_detect.tflite not found "
             "(generated models ran)\n", argv[1]);
    }
    free(m);
    free(in);
  }
  printf("%d failures\n", failures);
  return failures ? 1 : 0;
}
