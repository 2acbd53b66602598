/* Operators and graph shapes that ../shared/conformance does not cover,
 * built with our writer and checked against values computed here by
 * formula (never by the code under test): SUB (float and int8 with
 * broadcasting), SQUEEZE, the Keras Flatten idiom SHAPE -> STRIDED_SLICE
 * -> PACK -> RESHAPE (and that RESHAPE aliases its input's memory), and the
 * arena contract (exact size; one byte less refused with the figures). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"
#include "tinycnn/runtime.h"
#include "support/check.h"

typedef struct {
  uint8_t *bytes;
  size_t len;
  tc_model m;
  tc_interp it;
  void *arena;
  size_t need;
} built;

/* Serialize, load, size and init; returns 0 on success. */
static int build(tc_graph *g, built *b) {
  memset(b, 0, sizeof *b);
  if (tc_graph_serialize(g, &b->bytes, &b->len) != TC_OK) {
    printf("FAIL serialize: %s\n", tc_graph_error(g));
    failures++;
    tc_graph_free(g);
    return -1;
  }
  tc_graph_free(g);
  if (tc_model_load(&b->m, b->bytes, b->len) != TC_OK ||
      tc_model_arena_size(&b->m, &b->need) != TC_OK) {
    printf("FAIL load: %s\n", b->m.msg);
    failures++;
    return -1;
  }
  b->arena = malloc(b->need);
  if (tc_interp_init(&b->it, &b->m, b->arena, b->need) != TC_OK) {
    printf("FAIL init: %s\n", b->it.msg);
    failures++;
    return -1;
  }
  return 0;
}

static void release(built *b) {
  free(b->arena);
  free(b->bytes);
}

static void test_sub_f32(void) {
  tc_graph *g = tc_graph_new();
  int32_t sa[4] = {1, 2, 2, 1}, sb[1] = {1};
  int a = tc_graph_tensor(g, "a", TC_FLOAT32, 4, sa, NULL, NULL, NULL, 0, 0);
  int b = tc_graph_tensor(g, "b", TC_FLOAT32, 1, sb, NULL, NULL, NULL, 0, 0);
  int y = tc_graph_tensor(g, "y", TC_FLOAT32, 4, sa, NULL, NULL, NULL, 0, 0);
  tc_opts o = tc_opts_sub(TC_FUSED_RELU);
  built m;
  float in_a[4] = {1.5f, -2.0f, 10.0f, 0.25f}, in_b = 0.5f;
  int i;
  tc_graph_op(g, TC_BUILTIN_SUB, 2, (int32_t[]){a, b}, 1, (int32_t[]){y}, &o);
  tc_graph_io(g, 2, (int32_t[]){a, b}, 1, (int32_t[]){y});
  if (build(g, &m)) return;
  memcpy(tc_interp_input(&m.it, 0)->data, in_a, sizeof in_a);
  memcpy(tc_interp_input(&m.it, 1)->data, &in_b, sizeof in_b);
  tc_interp_invoke(&m.it);
  for (i = 0; i < 4; i++) {
    float want = fmaxf(in_a[i] - in_b, 0.0f); /* fused RELU */
    float got = ((float *)tc_interp_output(&m.it, 0)->data)[i];
    CHECK(got == want, "SUB f32 [%d]: %g, want %g", i, got, want);
  }
  release(&m);
}

/* int8 SUB whose exact result is representable: (sa qa - sb qb)/so is an
 * integer, so any correct rounding gives the same byte. */
static void test_sub_s8(void) {
  tc_graph *g = tc_graph_new();
  int32_t sh[4] = {1, 1, 2, 3}, sbh[4] = {1, 1, 1, 3};
  float sa = 0.5f, sb = 0.25f, so = 0.25f;
  int64_t za = 0, zb = -10, zo = 3;
  int a = tc_graph_tensor(g, "a", TC_INT8, 4, sh, NULL, &sa, &za, 1, 0);
  int b = tc_graph_tensor(g, "b", TC_INT8, 4, sbh, NULL, &sb, &zb, 1, 0);
  int y = tc_graph_tensor(g, "y", TC_INT8, 4, sh, NULL, &so, &zo, 1, 0);
  tc_opts o = tc_opts_sub(TC_FUSED_NONE);
  built m;
  int8_t qa[6] = {10, -20, 30, 40, -50, 60}, qb[3] = {-10, 6, 20};
  int i;
  tc_graph_op(g, TC_BUILTIN_SUB, 2, (int32_t[]){a, b}, 1, (int32_t[]){y}, &o);
  tc_graph_io(g, 2, (int32_t[]){a, b}, 1, (int32_t[]){y});
  if (build(g, &m)) return;
  memcpy(tc_interp_input(&m.it, 0)->data, qa, sizeof qa);
  memcpy(tc_interp_input(&m.it, 1)->data, qb, sizeof qb);
  tc_interp_invoke(&m.it);
  for (i = 0; i < 6; i++) {
    double real = sa * (qa[i] - za) - sb * (qb[i % 3] - zb);
    long want = lround(real / so) + zo;
    int got = ((int8_t *)tc_interp_output(&m.it, 0)->data)[i];
    if (want > 127) want = 127;
    if (want < -128) want = -128;
    CHECK(got == want, "SUB s8 [%d]: %d, want %ld", i, got, want);
  }
  release(&m);
}

static void test_squeeze(void) {
  tc_graph *g = tc_graph_new();
  int32_t si[4] = {1, 3, 1, 2}, so[2] = {3, 2}, dims[2] = {0, 2};
  int x = tc_graph_tensor(g, "x", TC_FLOAT32, 4, si, NULL, NULL, NULL, 0, 0);
  int y = tc_graph_tensor(g, "y", TC_FLOAT32, 2, so, NULL, NULL, NULL, 0, 0);
  tc_opts o = tc_opts_squeeze(2, dims);
  built m;
  float in[6] = {1, 2, 3, 4, 5, 6};
  tc_graph_op(g, TC_BUILTIN_SQUEEZE, 1, (int32_t[]){x}, 1, (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  if (build(g, &m)) return;
  memcpy(tc_interp_input(&m.it, 0)->data, in, sizeof in);
  tc_interp_invoke(&m.it);
  CHECK(memcmp(tc_interp_output(&m.it, 0)->data, in, sizeof in) == 0,
        "SQUEEZE changed the values");
  CHECK(tc_interp_output(&m.it, 0)->data == tc_interp_input(&m.it, 0)->data,
        "SQUEEZE output does not alias its input");
  release(&m);
}

/* What Keras' Flatten becomes: the batch size is read at run time. Then a
 * FULLY_CONNECTED with all-ones weights sums the flattened row. */
static void test_flatten_idiom(void) {
  tc_graph *g = tc_graph_new();
  int32_t sx[4] = {1, 2, 3, 4}, s4[1] = {4}, s1[1] = {1}, s2[1] = {2};
  int32_t sflat[2] = {1, 24}, sw[2] = {1, 24}, sout[2] = {1, 1};
  int32_t begin = 0, end = 1, stride = 1, minus1 = -1;
  float ones[24], x_in[24];
  int x, shp, b, e, st, n, m1, packed, flat, w, out, i;
  tc_opts o_ss = tc_opts_strided_slice(0, 0, 0, 0, 1);
  tc_opts o_pack = tc_opts_pack(2, 0), o_fc = tc_opts_fc(TC_FUSED_NONE, 0);
  tc_opts o_shape = tc_opts_shape(TC_INT32), o_rs = tc_opts_reshape(0, NULL);
  built m;
  double sum = 0;
  for (i = 0; i < 24; i++) {
    ones[i] = 1.0f;
    x_in[i] = (float)(i * i % 7) - 2.5f;
    sum += x_in[i];
  }
  x = tc_graph_tensor(g, "x", TC_FLOAT32, 4, sx, NULL, NULL, NULL, 0, 0);
  shp = tc_graph_tensor(g, "shape", TC_INT32, 1, s4, NULL, NULL, NULL, 0, 0);
  b = tc_graph_tensor(g, "begin", TC_INT32, 1, s1, &begin, NULL, NULL, 0, 0);
  e = tc_graph_tensor(g, "end", TC_INT32, 1, s1, &end, NULL, NULL, 0, 0);
  st = tc_graph_tensor(g, "strides", TC_INT32, 1, s1, &stride, NULL, NULL, 0, 0);
  n = tc_graph_tensor(g, "batch", TC_INT32, 0, NULL, NULL, NULL, NULL, 0, 0);
  m1 = tc_graph_tensor(g, "minus1", TC_INT32, 0, NULL, &minus1, NULL, NULL, 0, 0);
  packed = tc_graph_tensor(g, "packed", TC_INT32, 1, s2, NULL, NULL, NULL, 0, 0);
  flat = tc_graph_tensor(g, "flat", TC_FLOAT32, 2, sflat, NULL, NULL, NULL, 0, 0);
  w = tc_graph_tensor(g, "w", TC_FLOAT32, 2, sw, ones, NULL, NULL, 0, 0);
  out = tc_graph_tensor(g, "y", TC_FLOAT32, 2, sout, NULL, NULL, NULL, 0, 0);
  tc_graph_op(g, TC_BUILTIN_SHAPE, 1, (int32_t[]){x}, 1, (int32_t[]){shp}, &o_shape);
  tc_graph_op(g, TC_BUILTIN_STRIDED_SLICE, 4, (int32_t[]){shp, b, e, st}, 1,
              (int32_t[]){n}, &o_ss);
  tc_graph_op(g, TC_BUILTIN_PACK, 2, (int32_t[]){n, m1}, 1, (int32_t[]){packed},
              &o_pack);
  tc_graph_op(g, TC_BUILTIN_RESHAPE, 2, (int32_t[]){x, packed}, 1,
              (int32_t[]){flat}, &o_rs);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){flat, w, -1}, 1,
              (int32_t[]){out}, &o_fc);
  /* Intermediates are graph outputs too, so the planner keeps them. */
  tc_graph_io(g, 1, (int32_t[]){x}, 4, (int32_t[]){out, shp, n, packed});
  if (build(g, &m)) return;
  memcpy(tc_interp_input(&m.it, 0)->data, x_in, sizeof x_in);
  tc_interp_invoke(&m.it);
  {
    const int32_t *sv = tc_interp_tensor(&m.it, (size_t)shp)->data;
    const int32_t *pv = tc_interp_tensor(&m.it, (size_t)packed)->data;
    float y = ((float *)tc_interp_output(&m.it, 0)->data)[0];
    CHECK(sv[0] == 1 && sv[1] == 2 && sv[2] == 3 && sv[3] == 4,
          "SHAPE gave [%d,%d,%d,%d]", sv[0], sv[1], sv[2], sv[3]);
    CHECK(*(int32_t *)tc_interp_tensor(&m.it, (size_t)n)->data == 1,
          "STRIDED_SLICE gave %d", *(int32_t *)tc_interp_tensor(&m.it, (size_t)n)->data);
    CHECK(pv[0] == 1 && pv[1] == -1, "PACK gave [%d,%d]", pv[0], pv[1]);
    CHECK(fabs(y - sum) < 1e-4, "Flatten + FC sum %g, want %g", y, sum);
    CHECK(tc_interp_tensor(&m.it, (size_t)flat)->data ==
              tc_interp_input(&m.it, 0)->data,
          "RESHAPE output does not alias its input");
  }
  /* The arena contract: one byte less is refused with both figures. */
  {
    tc_interp it2;
    char want[96];
    tc_status s = tc_interp_init(&it2, &m.m, m.arena, m.need - 1);
    snprintf(want, sizeof want, "arena too small: need %zu, got %zu", m.need,
             m.need - 1);
    CHECK(s == TC_ERR_ARENA && strcmp(it2.msg, want) == 0,
          "one byte short: status %d, message '%s', want '%s'", (int)s,
          it2.msg, want);
  }
  release(&m);
}

int main(void) {
  test_sub_f32();
  test_sub_s8();
  test_squeeze();
  test_flatten_idiom();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
