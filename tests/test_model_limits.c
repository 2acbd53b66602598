/* Model-supplied integers are bounded where they are read (issue 10,
 * docs/errors.md "Limits"): one model per row, built with our writer,
 * each a value no converter writes but a mutated file can hold. A row
 * checks the status and message, or, for a value the runtime must accept
 * (a huge slice stride), the output bytes. Every row failed before its
 * check existed: accepted (and, for the FC row, run far past the output),
 * or undefined behaviour under UBSan (the asan_suite run of this test). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/check.h"
#include "support/tiny_models.h"
#include "tinycnn/export.h"
#include "tinycnn/runtime.h"

static uint8_t *done(tc_graph *g, size_t *n) {
  uint8_t *out = NULL;
  if (tc_graph_serialize(g, &out, n) != TC_OK) {
    printf("FAIL writer: %s\n", tc_graph_error(g));
    failures++;
  }
  tc_graph_free(g);
  return out;
}

/* load + exact arena size (every prepare runs while measuring). */
static void expect(const char *row, uint8_t *b, size_t n, tc_status want,
                   const char *sub) {
  tc_model m;
  size_t need;
  tc_status s = TC_ERR_ARG;
  if (b) {
    s = tc_model_load(&m, b, n);
    if (s == TC_OK) s = tc_model_arena_size(&m, &need);
  }
  CHECK(b && s == want && strstr(m.msg, sub), "%s: got %s '%s', want %s '%s'",
        row, tc_status_name(s), b ? m.msg : "", tc_status_name(want), sub);
  if (b && s == want && strstr(m.msg, sub))
    printf("ok %-36s %s: %s\n", row, tc_status_name(s), m.msg);
  free(b);
}

/* A one-op model x -> op -> y (activations of `type`, int8 ones with
 * scale 0.1 and zero point zp) with constant extra inputs. */
static int act(tc_graph *g, const char *nm, int type, int nd,
               const int32_t *d, int64_t zp) {
  float s = 0.1f;
  return type == TC_INT8 ? tm_act8(g, nm, nd, d, s, zp)
                         : tc_graph_tensor(g, nm, type, nd, d, NULL, NULL,
                                           NULL, 0, 0);
}

static uint8_t *one_op(int code, const tc_opts *o, int type, int xn,
                       const int32_t *xd, int yn, const int32_t *yd,
                       int64_t zp, int nextra, const int *extra, size_t *n) {
  tc_graph *g = tc_graph_new();
  int32_t ins[4];
  int i, x = act(g, "x", type, xn, xd, zp), y = act(g, "y", type, yn, yd, zp);
  ins[0] = x;
  for (i = 0; i < nextra; i++) ins[1 + i] = extra[i];
  tc_graph_op(g, code, 1 + nextra, ins, 1, (int32_t[]){y}, o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  return done(g, n);
}

static uint8_t *relu(int nd, const int32_t *d, size_t *n) {
  return one_op(TC_BUILTIN_RELU, NULL, TC_FLOAT32, nd, d, nd, d, 0, 0, NULL,
                n);
}

static void loader_rows(void) {
  uint8_t *b;
  size_t n;
  int32_t wide[2] = {1, 16777217}, many[2] = {16384, 16385},
          d4[4] = {1, 4, 4, 2}, p4[4] = {1, 2, 2, 2};
  tc_opts o = tc_opts_pool2d(TC_PADDING_VALID, 2, 2, 2, 2, TC_FUSED_NONE);
  b = relu(2, wide, &n);
  expect("dimension above 2^24", b, n, TC_ERR_MODEL,
         "tensor 0 'x': dimension 1 is 16777217, expected 1..16777216");
  b = relu(2, many, &n);
  expect("more than 2^28 elements", b, n, TC_ERR_MODEL,
         "tensor 0 'x': more than 268435456 elements");
  /* MAX_POOL never adds the zero point: only the loader can refuse it. */
  b = one_op(TC_BUILTIN_MAX_POOL_2D, &o, TC_INT8, 4, d4, 4, p4, 200, 0, NULL,
             &n);
  expect("int8 zero point 200", b, n, TC_ERR_MODEL,
         "tensor 0 'x': zero point 0 is outside int8's range");
}

static void window_rows(void) {
  uint8_t *b;
  size_t n;
  int32_t d4[4] = {1, 12, 12, 2}, p4[4] = {1, 12, 6, 2}, k[4] = {2, 1, 1, 2},
          c4[4] = {1, 12, 12, 2};
  int8_t w[4] = {1, 2, 3, 4};
  float ws = 0.01f;
  int64_t wz = 0;
  tc_opts o = tc_opts_pool2d(TC_PADDING_SAME, 0x7fffffff, 1, 2, 2,
                             TC_FUSED_NONE);
  tc_graph *g;
  int x, wt, y;
  /* The avgpool_s8 word: stride 0x7FFFFFFF in conv_out_size. */
  b = one_op(TC_BUILTIN_AVERAGE_POOL_2D, &o, TC_INT8, 4, d4, 4, p4, 0, 0, NULL,
             &n);
  expect("pool stride 0x7FFFFFFF", b, n, TC_ERR_MODEL,
         "stride 1x2147483647, dilation 1x1 (h x w): expected 1..65535");
  o = tc_opts_pool2d(TC_PADDING_SAME, 2, 1, 2, 0x7fffffff, TC_FUSED_NONE);
  b = one_op(TC_BUILTIN_MAX_POOL_2D, &o, TC_INT8, 4, d4, 4, p4, 0, 0, NULL,
             &n);
  expect("pool filter 0x7FFFFFFF", b, n, TC_ERR_MODEL,
         "filter 2147483647x2, expected 1..65536 a side");
  g = tc_graph_new();
  x = tm_act8(g, "x", 4, d4, 0.1f, 0);
  wt = tc_graph_tensor(g, "w", TC_INT8, 4, k, w, &ws, &wz, 1, 0);
  y = tm_act8(g, "y", 4, c4, 0.1f, 0);
  o = tc_opts_conv2d(TC_PADDING_SAME, 1, 1, TC_FUSED_NONE, 1, 65536);
  tc_graph_op(g, TC_BUILTIN_CONV_2D, 2, (int32_t[]){x, wt}, 1,
              (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  b = done(g, &n);
  expect("conv dilation 65536", b, n, TC_ERR_MODEL,
         "stride 1x1, dilation 65536x1 (h x w): expected 1..65535");
}

static void shape_rows(void) {
  uint8_t *b;
  size_t n;
  tc_graph *g = tc_graph_new();
  int32_t xd[2] = {65537, 1}, wd[2] = {65536, 1}, yd[2] = {1, 65536},
          md[2] = {1, 4194305}, one[1] = {1}, ax[1] = {1};
  int8_t *w = calloc(65536, 1);
  float ws = 0.01f;
  int64_t wz = 0;
  int x, wt, y, at;
  tc_opts o = tc_opts_fc(TC_FUSED_NONE, 0);
  /* 65537 rows x 65536 units = 2^32 + 65536: in 32 bits, the output's
   * 65536 elements. Accepted before, invoke then wrote 4 GB. */
  x = tm_act8(g, "x", 2, xd, 0.1f, 0);
  wt = tc_graph_tensor(g, "w", TC_INT8, 2, wd, w, &ws, &wz, 1, 0);
  y = tm_act8(g, "y", 2, yd, 0.1f, 0);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 2, (int32_t[]){x, wt}, 1,
              (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  b = done(g, &n);
  expect("FC rows x units wraps 32 bits", b, n, TC_ERR_MODEL,
         "output 0 must hold 65537 rows of 65536 units");
  free(w);
  g = tc_graph_new();
  at = tc_graph_tensor(g, "axis", TC_INT32, 1, one, ax, NULL, NULL, 0, 0);
  o = tc_opts_reducer(0);
  x = tm_act8(g, "x", 2, md, 0.1f, 0);
  y = tm_act8(g, "y", 1, one, 0.1f, 0);
  tc_graph_op(g, TC_BUILTIN_MEAN, 2, (int32_t[]){x, at}, 1, (int32_t[]){y},
              &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  b = done(g, &n);
  expect("int8 MEAN over 2^22 + 1 values", b, n,
         TC_ERR_UNSUPPORTED, "int8 mean over 4194305 elements, at most 4194304");
  {
    int32_t big[2] = {16384, 16384};
    g = tc_graph_new();
    x = act(g, "x", TC_FLOAT32, 2, big, 0);
    wt = act(g, "x2", TC_FLOAT32, 2, big, 0);
    y = act(g, "y", TC_FLOAT32, 2, big, 0);
    o = tc_opts_add(TC_FUSED_NONE);
    tc_graph_op(g, TC_BUILTIN_ADD, 2, (int32_t[]){x, wt}, 1, (int32_t[]){y},
                &o);
    tc_graph_io(g, 2, (int32_t[]){x, wt}, 1, (int32_t[]){y});
    b = done(g, &n);
  expect("arena above 2 GB (3 x 1 GB)", b, n, TC_ERR_UNSUPPORTED,
           "model: needs more than 2 GB of arena");
  }
}

/* PAD and TRANSPOSE with int64 constants beyond int32: read as 1 and 0
 * before (truncated), and accepted. */
static void int64_rows(void) {
  uint8_t *b;
  size_t n;
  int32_t xd[2] = {2, 3}, pd[2] = {2, 2}, yd[2] = {2, 4}, two[1] = {2},
          td[2] = {3, 2};
  int64_t pads[4] = {0, 0, 0x100000001ll, 0}, perm[2] = {0x100000001ll, 0};
  tc_graph *g = tc_graph_new();
  int pt = tc_graph_tensor(g, "pads", TC_INT64, 2, pd, pads, NULL, NULL, 0, 0);
  int x = tm_act8(g, "x", 2, xd, 0.1f, 0), y = tm_act8(g, "y", 2, yd, 0.1f, 0);
  tc_opts o = tc_opts_empty(TC_OPTIONS_PAD);
  tc_graph_op(g, TC_BUILTIN_PAD, 2, (int32_t[]){x, pt}, 1, (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  b = done(g, &n);
  expect("PAD int64 padding 2^32 + 1", b, n, TC_ERR_MODEL,
         "padding 2147483647,0 on dim 1 overflows int32");
  g = tc_graph_new();
  pt = tc_graph_tensor(g, "perm", TC_INT64, 1, two, perm, NULL, NULL, 0, 0);
  x = tm_act8(g, "x", 2, xd, 0.1f, 0);
  y = tm_act8(g, "y", 2, td, 0.1f, 0);
  o = tc_opts_empty(TC_OPTIONS_TRANSPOSE);
  tc_graph_op(g, TC_BUILTIN_TRANSPOSE, 2, (int32_t[]){x, pt}, 1,
              (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  b = done(g, &n);
  expect("TRANSPOSE int64 perm 2^32 + 1", b, n, TC_ERR_MODEL,
         "input 1 (perm) is not a permutation of 0..1");
}

/* STRIDED_SLICE with strides INT32_MAX and INT32_MIN: valid (one element
 * each), but (end - begin + stride - 1) overflowed. */
static void slice_rows(void) {
  static const struct {
    int32_t begin, end, stride, emask, want;
  } rows[2] = {{0, 5, 0x7fffffff, 0, 10}, {4, 0, (int32_t)0x80000000, 1, 14}};
  int r;
  for (r = 0; r < 2; r++) {
    size_t n, need;
    int32_t xd[1] = {5}, one[1] = {1};
    tc_graph *g = tc_graph_new();
    int x = act(g, "x", TC_INT32, 1, xd, 0), y = act(g, "y", TC_INT32, 1, one, 0);
    int bt = tc_graph_tensor(g, "b", TC_INT32, 1, one, &rows[r].begin, NULL,
                             NULL, 0, 0);
    int et = tc_graph_tensor(g, "e", TC_INT32, 1, one, &rows[r].end, NULL,
                             NULL, 0, 0);
    int st = tc_graph_tensor(g, "s", TC_INT32, 1, one, &rows[r].stride, NULL,
                             NULL, 0, 0);
    tc_opts o = tc_opts_strided_slice(0, rows[r].emask, 0, 0, 0);
    uint8_t *b, *arena = NULL;
    tc_model m;
    tc_interp it;
    tc_status s;
    int32_t got = -1, k;
    tc_graph_op(g, TC_BUILTIN_STRIDED_SLICE, 4, (int32_t[]){x, bt, et, st}, 1,
                (int32_t[]){y}, &o);
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
    b = done(g, &n);
    s = b ? tc_model_load(&m, b, n) : TC_ERR_ARG;
    if (s == TC_OK) s = tc_model_arena_size(&m, &need);
    if (s == TC_OK) s = tc_interp_init(&it, &m, arena = malloc(need), need);
    if (s == TC_OK) {
      for (k = 0; k < 5; k++)
        ((int32_t *)tc_interp_input(&it, 0)->data)[k] = 10 + k;
      s = tc_interp_invoke(&it);
      got = *(int32_t *)tc_interp_output(&it, 0)->data;
    }
    CHECK(s == TC_OK && got == rows[r].want,
          "slice stride %d: %s, output %d, want %d", (int)rows[r].stride,
          tc_status_name(s), (int)got, (int)rows[r].want);
    if (s == TC_OK && got == rows[r].want)
      printf("ok %-36s runs: element %d\n",
             r ? "STRIDED_SLICE stride INT32_MIN" : "STRIDED_SLICE stride INT32_MAX",
             (int)got);
    free(arena);
    free(b);
  }
}

int main(void) {
  loader_rows();
  window_rows();
  shape_rows();
  int64_rows();
  slice_rows();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
