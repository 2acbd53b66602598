/* The .tflite writer (src/export) against our own reader and interpreter:
 * graphs built with tc_graph_*, serialized, then loaded back. Checks the
 * file layout (identifier, 16-byte aligned constants, operator codes),
 * that shapes, types and quantization read back as written, and that
 * tiny models run and give values computed here by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"
#include "tinycnn/runtime.h"
#include "../src/runtime/internal.h"
#include "support/check.h"

/* A serialized model copied to a 16-byte aligned block, loaded. */
typedef struct loaded {
  uint8_t *bytes;
  size_t len;
  tc_model m;
  tc_status st;
  tc_interp it;
  void *arena;
} loaded;

static int serialize_load(tc_graph *g, loaded *l) {
  uint8_t *raw = NULL;
  tc_status s = tc_graph_serialize(g, &raw, &l->len);
  memset(&l->m, 0, sizeof l->m);
  l->bytes = NULL;
  l->arena = NULL;
  CHECK(s == TC_OK, "serialize: %s (%s)", tc_status_name(s),
        tc_graph_error(g) ? tc_graph_error(g) : "");
  if (s != TC_OK) return -1;
  CHECK(l->len % 16 == 0, "file size %zu is not a multiple of 16", l->len);
  CHECK(l->len >= 8 && memcmp(raw + 4, "TFL3", 4) == 0, "identifier");
  l->bytes = (uint8_t *)aligned_alloc(16, (l->len + 15) & ~(size_t)15);
  if (!l->bytes) {
    free(raw);
    return -1;
  }
  memcpy(l->bytes, raw, l->len);
  free(raw);
  l->st = tc_model_load(&l->m, l->bytes, l->len);
  return 0;
}

static int init_interp(loaded *l) {
  size_t need = 0;
  tc_status s = tc_model_arena_size(&l->m, &need);
  CHECK(s == TC_OK, "arena size: %s %s", tc_status_name(s), l->m.msg);
  if (s != TC_OK) return -1;
  l->arena = aligned_alloc(16, (need + 16 + 15) & ~(size_t)15);
  s = tc_interp_init(&l->it, &l->m, l->arena, need + 16);
  CHECK(s == TC_OK, "interp init: %s %s", tc_status_name(s), l->it.msg);
  return s == TC_OK ? 0 : -1;
}

static void unload(loaded *l) {
  free(l->arena);
  free(l->bytes);
  l->arena = NULL;
  l->bytes = NULL;
}

/* Every constant tensor's data is 16-byte aligned from the file start. */
static void check_const_alignment(const loaded *l) {
  uint32_t i;
  for (i = 0; i < l->m.n_tensors; i++) {
    tc_tensor t;
    if (tc_model_tensor(&l->m, i, &t) != 0 || !t.is_const) continue;
    CHECK(((const uint8_t *)t.data - l->bytes) % 16 == 0,
          "tensor %u '%s' data at file offset %ld", i, t.name,
          (long)((const uint8_t *)t.data - l->bytes));
  }
}

static void check_tensor(const loaded *l, uint32_t i, const char *name,
                         int type, int ndims, const int32_t *dims) {
  tc_tensor t;
  int k;
  CHECK(tc_model_tensor(&l->m, i, &t) == 0, "tensor %u unreadable", i);
  CHECK(strcmp(t.name, name) == 0, "tensor %u name '%s', wrote '%s'", i,
        t.name, name);
  CHECK(t.type == type, "tensor %u type %d, wrote %d", i, t.type, type);
  CHECK(t.ndims == ndims, "tensor %u rank %d, wrote %d", i, t.ndims, ndims);
  for (k = 0; k < ndims && k < t.ndims; k++)
    CHECK(t.dims[k] == dims[k], "tensor %u dim %d is %d, wrote %d", i, k,
          (int)t.dims[k], (int)dims[k]);
}

/* ---- raw reading of fields our reader does not expose ---------------- */

/* Table at field `id` (a vector of tables, element i) of table t. */
static int vec_elem(const tc_fb *fb, const tc_fbt *t, int id, uint32_t i,
                    tc_fbt *out, uint32_t *n) {
  uint32_t v = tc_fb_ref(fb, t, id);
  if (v == 0 || v == UINT32_MAX || tc_fb_vector(fb, v, 4, n) != 0 || i >= *n)
    return -1;
  return tc_fb_table(fb, tc_fb_vec_table(fb, v, i), out);
}

/* Operator code j: deprecated code, builtin code, custom string. */
static int opcode(const uint8_t *b, size_t len, uint32_t j, int *dep,
                  int32_t *code, const char **custom, uint32_t *ncodes) {
  tc_fb fb;
  tc_fbt root, oc;
  uint32_t p;
  fb.b = b;
  fb.size = (uint32_t)len;
  if (tc_fb_table(&fb, tc_fb_u32(b), &root) != 0 ||
      vec_elem(&fb, &root, 1, j, &oc, ncodes) != 0)
    return -1;
  *dep = tc_fb_i8(&fb, &oc, 0, -1);
  *code = tc_fb_i32(&fb, &oc, 3, -1);
  *custom = NULL;
  p = tc_fb_ref(&fb, &oc, 1);
  if (p != 0 && tc_fb_string(&fb, p, custom) != 0) return -1;
  return 0;
}

/* ---- 1: float CONV_2D 1x1, by hand ------------------------------------ */

static void test_conv_float(void) {
  const int32_t xs[4] = {1, 2, 2, 1}, ws[4] = {1, 1, 1, 1}, bs[1] = {1};
  const float w = 2.0f, bias = 1.0f, in[4] = {1.0f, -2.0f, 0.5f, 10.0f};
  tc_graph *g = tc_graph_new();
  tc_opts o = tc_opts_conv2d(TC_PADDING_VALID, 1, 1, TC_FUSED_NONE, 1, 1);
  int32_t ci[3], co[1];
  loaded l;
  int x, k, c, y, i;
  x = tc_graph_tensor(g, "x", TC_FLOAT32, 4, xs, NULL, NULL, NULL, 0, 0);
  k = tc_graph_tensor(g, "w", TC_FLOAT32, 4, ws, &w, NULL, NULL, 0, 0);
  c = tc_graph_tensor(g, "b", TC_FLOAT32, 1, bs, &bias, NULL, NULL, 0, 0);
  y = tc_graph_tensor(g, "y", TC_FLOAT32, 4, xs, NULL, NULL, NULL, 0, 0);
  CHECK(x == 0 && k == 1 && c == 2 && y == 3, "tensor indices");
  ci[0] = x; ci[1] = k; ci[2] = c; co[0] = y;
  CHECK(tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, ci, 1, co, &o) == 0, "op");
  tc_graph_io(g, 1, &ci[0], 1, co);
  if (serialize_load(g, &l) == 0) {
    CHECK(l.st == TC_OK, "load: %s %s", tc_status_name(l.st), l.m.msg);
    if (l.st == TC_OK) {
      CHECK(l.m.n_tensors == 4 && l.m.n_ops == 1 && l.m.n_buffers == 3,
            "%u tensors, %u ops, %u buffers", l.m.n_tensors, l.m.n_ops,
            l.m.n_buffers);
      check_tensor(&l, 0, "x", TC_FLOAT32, 4, xs);
      check_tensor(&l, 1, "w", TC_FLOAT32, 4, ws);
      check_tensor(&l, 2, "b", TC_FLOAT32, 1, bs);
      check_tensor(&l, 3, "y", TC_FLOAT32, 4, xs);
      check_const_alignment(&l);
      if (init_interp(&l) == 0) {
        float *xi = (float *)tc_tensor_data(tc_interp_input(&l.it, 0));
        const float *yo;
        tc_status s;
        memcpy(xi, in, sizeof in);
        s = tc_interp_invoke(&l.it);
        CHECK(s == TC_OK, "invoke: %s %s", tc_status_name(s), l.it.msg);
        yo = (const float *)tc_tensor_data(tc_interp_output(&l.it, 0));
        for (i = 0; i < 4; i++) /* y = 2 x + 1, exact in float */
          CHECK(yo[i] == 2.0f * in[i] + 1.0f, "y[%d] = %g, expected %g", i,
                (double)yo[i], (double)(2.0f * in[i] + 1.0f));
      }
    }
  }
  unload(&l);
  tc_graph_free(g);
}

/* ---- 2: int8 CONV_2D, per-channel weights ----------------------------- */

/* 1x2x2x2 input, 3x1x1x2 filter, 3 channels out. Scales are powers of
 * two so every requantization multiplier (in * w_c / out) is exactly 1 or
 * 2: the int8 result is exact integer arithmetic, computed below. */
static void test_conv_int8(void) {
  const int32_t xs[4] = {1, 2, 2, 2}, ws[4] = {3, 1, 1, 2}, bs[1] = {3},
                ys[4] = {1, 2, 2, 3};
  const int8_t wq[6] = {1, -2, 3, 4, -5, 0};
  const int32_t bq[3] = {10, -4, 0};
  const float in_s = 0.5f, out_s = 0.25f, w_s[3] = {0.5f, 1.0f, 0.5f};
  const float b_s[3] = {0.25f, 0.5f, 0.25f};
  const int64_t in_zp = -1, out_zp = 2, w_zp[3] = {0, 0, 0};
  const int8_t in[8] = {-1, 0, 5, -7, 20, 3, -128, 127};
  tc_graph *g = tc_graph_new();
  tc_opts o = tc_opts_conv2d(TC_PADDING_SAME, 1, 1, TC_FUSED_NONE, 1, 1);
  int32_t ci[3] = {0, 1, 2}, co[1] = {3};
  loaded l;
  int i, oc;
  tc_graph_tensor(g, "in", TC_INT8, 4, xs, NULL, &in_s, &in_zp, 1, 0);
  tc_graph_tensor(g, "filter", TC_INT8, 4, ws, wq, w_s, w_zp, 3, 0);
  tc_graph_tensor(g, "bias", TC_INT32, 1, bs, bq, b_s, NULL, 3, 0);
  tc_graph_tensor(g, "out", TC_INT8, 4, ys, NULL, &out_s, &out_zp, 1, 0);
  tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, ci, 1, co, &o);
  tc_graph_io(g, 1, ci, 1, co);
  if (serialize_load(g, &l) == 0) {
    CHECK(l.st == TC_OK, "load: %s %s", tc_status_name(l.st), l.m.msg);
    if (l.st == TC_OK) {
      tc_tensor t;
      check_tensor(&l, 0, "in", TC_INT8, 4, xs);
      check_tensor(&l, 1, "filter", TC_INT8, 4, ws);
      check_tensor(&l, 2, "bias", TC_INT32, 1, bs);
      check_tensor(&l, 3, "out", TC_INT8, 4, ys);
      check_const_alignment(&l);
      tc_model_tensor(&l.m, 0, &t);
      CHECK(t.nscales == 1 && t.scale == in_s && t.zero_point == in_zp,
            "input quantization %u %g %d", t.nscales, (double)t.scale,
            (int)t.zero_point);
      tc_model_tensor(&l.m, 1, &t);
      CHECK(t.nscales == 3 && t.qdim == 0 && t.zero_point == 0,
            "filter quantization: %u scales, axis %u", t.nscales, t.qdim);
      for (i = 0; i < 3 && i < t.nscales; i++)
        CHECK(t.scales[i] == w_s[i], "filter scale %d: %g", i,
              (double)t.scales[i]);
      CHECK(t.is_const && memcmp(t.data, wq, sizeof wq) == 0, "filter data");
      tc_model_tensor(&l.m, 2, &t);
      CHECK(t.nscales == 3 && t.is_const &&
            memcmp(t.data, bq, sizeof bq) == 0, "bias");
      tc_model_tensor(&l.m, 3, &t);
      CHECK(t.nscales == 1 && t.scale == out_s && t.zero_point == out_zp,
            "output quantization");
      if (init_interp(&l) == 0) {
        const int8_t *yo;
        tc_status s;
        memcpy(tc_tensor_data(tc_interp_input(&l.it, 0)), in, sizeof in);
        s = tc_interp_invoke(&l.it);
        CHECK(s == TC_OK, "invoke: %s %s", tc_status_name(s), l.it.msg);
        yo = (const int8_t *)tc_tensor_data(tc_interp_output(&l.it, 0));
        for (i = 0; i < 4; i++)
          for (oc = 0; oc < 3; oc++) {
            /* acc = sum w * (x - zp_in) + bias; y = zp_out + acc * M,
             * M = in_s * w_s / out_s = 2 * w_s. */
            int32_t acc = bq[oc], m = oc == 1 ? 2 : 1, v;
            int ic;
            for (ic = 0; ic < 2; ic++)
              acc += wq[oc * 2 + ic] * (in[i * 2 + ic] - (int32_t)in_zp);
            v = (int32_t)out_zp + acc * m;
            v = v < -128 ? -128 : v > 127 ? 127 : v;
            CHECK(yo[i * 3 + oc] == v, "y[%d][%d] = %d, expected %d", i, oc,
                  yo[i * 3 + oc], (int)v);
          }
      }
    }
  }
  unload(&l);
  tc_graph_free(g);
}

/* ---- 3: float FULLY_CONNECTED + RELU, by hand -------------------------- */

static void test_fc_float(void) {
  const int32_t xs[2] = {2, 3}, ws[2] = {2, 3}, bs[1] = {2}, ys[2] = {2, 2};
  const float w[6] = {1, 2, 3, -1, 0.5f, 4}, b[2] = {0.5f, -1};
  const float in[6] = {1, 1, 1, 2, -4, 0.25f};
  tc_graph *g = tc_graph_new();
  tc_opts o = tc_opts_fc(TC_FUSED_RELU, 0);
  int32_t ci[3], co[1];
  loaded l;
  int r, u;
  ci[0] = tc_graph_tensor(g, "x", TC_FLOAT32, 2, xs, NULL, NULL, NULL, 0, 0);
  ci[1] = tc_graph_tensor(g, "w", TC_FLOAT32, 2, ws, w, NULL, NULL, 0, 0);
  ci[2] = tc_graph_tensor(g, "b", TC_FLOAT32, 1, bs, b, NULL, NULL, 0, 0);
  co[0] = tc_graph_tensor(g, "y", TC_FLOAT32, 2, ys, NULL, NULL, NULL, 0, 0);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, ci, 1, co, &o);
  tc_graph_io(g, 1, ci, 1, co);
  if (serialize_load(g, &l) == 0) {
    CHECK(l.st == TC_OK, "load: %s %s", tc_status_name(l.st), l.m.msg);
    if (l.st == TC_OK && init_interp(&l) == 0) {
      const float *yo;
      tc_status s;
      check_const_alignment(&l);
      memcpy(tc_tensor_data(tc_interp_input(&l.it, 0)), in, sizeof in);
      s = tc_interp_invoke(&l.it);
      CHECK(s == TC_OK, "invoke: %s %s", tc_status_name(s), l.it.msg);
      yo = (const float *)tc_tensor_data(tc_interp_output(&l.it, 0));
      for (r = 0; r < 2; r++)
        for (u = 0; u < 2; u++) {
          /* every product and sum here is exact in float */
          float v = in[r * 3] * w[u * 3] + in[r * 3 + 1] * w[u * 3 + 1] +
                    in[r * 3 + 2] * w[u * 3 + 2] + b[u];
          v = v < 0 ? 0 : v;
          CHECK(yo[r * 2 + u] == v, "y[%d][%d] = %g, expected %g", r, u,
                (double)yo[r * 2 + u], (double)v);
        }
    }
  }
  unload(&l);
  tc_graph_free(g);
}

/* ---- 4: RESHAPE -> SQUEEZE -> RESHAPE, options read back ---------------- */

static void test_reshape_chain(void) {
  const int32_t s0[3] = {1, 2, 3}, s1[2] = {1, 6}, s2[1] = {6},
                s3[2] = {2, 3}, shp_dims[1] = {2}, shp[2] = {1, 6};
  const int32_t sq[1] = {0};
  const float in[6] = {1, 2, 3, 4, 5, 6};
  tc_graph *g = tc_graph_new();
  tc_opts o1 = tc_opts_reshape(2, s1), o2 = tc_opts_squeeze(1, sq),
          o3 = tc_opts_reshape(2, s3);
  int32_t t[5], a[2];
  loaded l;
  int i;
  t[0] = tc_graph_tensor(g, "x", TC_FLOAT32, 3, s0, NULL, NULL, NULL, 0, 0);
  t[1] = tc_graph_tensor(g, "shape", TC_INT32, 1, shp_dims, shp, NULL, NULL,
                         0, 0);
  t[2] = tc_graph_tensor(g, "flat", TC_FLOAT32, 2, s1, NULL, NULL, NULL, 0, 0);
  t[3] = tc_graph_tensor(g, "sq", TC_FLOAT32, 1, s2, NULL, NULL, NULL, 0, 0);
  t[4] = tc_graph_tensor(g, "y", TC_FLOAT32, 2, s3, NULL, NULL, NULL, 0, 0);
  a[0] = t[0]; a[1] = t[1];
  tc_graph_op(g, TC_BUILTIN_RESHAPE, 2, a, 1, &t[2], &o1);
  tc_graph_op(g, TC_BUILTIN_SQUEEZE, 1, &t[2], 1, &t[3], &o2);
  tc_graph_op(g, TC_BUILTIN_RESHAPE, 1, &t[3], 1, &t[4], &o3);
  tc_graph_io(g, 1, &t[0], 1, &t[4]);
  if (serialize_load(g, &l) == 0) {
    CHECK(l.st == TC_OK, "load: %s %s", tc_status_name(l.st), l.m.msg);
    if (l.st == TC_OK) {
      const int32_t want_code[3] = {22, 43, 22}, want_type[3] = {17, 30, 17};
      const int32_t *want_vec[3] = {s1, sq, s3};
      const uint32_t want_len[3] = {2, 1, 2};
      uint32_t j, k;
      check_tensor(&l, 1, "shape", TC_INT32, 1, shp_dims);
      check_tensor(&l, 4, "y", TC_FLOAT32, 2, s3);
      check_const_alignment(&l);
      CHECK(l.m.n_opcodes == 2, "%u operator codes, expected 2 (dedup)",
            l.m.n_opcodes);
      for (j = 0; j < 3; j++) {
        tc_opinfo op;
        tc_fb fb = tc_model_fb(&l.m);
        tc_fbt ot;
        uint32_t v, n = 0;
        CHECK(tc_model_op(&l.m, j, &op) == 0, "op %u", j);
        CHECK(op.code == want_code[j] && op.opts_type == want_type[j],
              "op %u: code %d options %u", j, op.code, op.opts_type);
        CHECK(op.opts && tc_fb_table(&fb, (uint32_t)(op.opts - fb.b), &ot) == 0,
              "op %u: options table", j);
        if (!op.opts) continue;
        v = tc_fb_ref(&fb, &ot, 0);
        CHECK(v != 0 && v != UINT32_MAX && tc_fb_vector(&fb, v, 4, &n) == 0 &&
              n == want_len[j], "op %u: vector field 0 has %u values", j, n);
        for (k = 0; k < n && k < want_len[j]; k++)
          CHECK((int32_t)tc_fb_u32(fb.b + v + 4 + 4 * k) == want_vec[j][k],
                "op %u: vector[%u]", j, k);
      }
      if (init_interp(&l) == 0) {
        const float *yo;
        tc_status s;
        memcpy(tc_tensor_data(tc_interp_input(&l.it, 0)), in, sizeof in);
        s = tc_interp_invoke(&l.it);
        CHECK(s == TC_OK, "invoke: %s %s", tc_status_name(s), l.it.msg);
        yo = (const float *)tc_tensor_data(tc_interp_output(&l.it, 0));
        for (i = 0; i < 6; i++)
          CHECK(yo[i] == in[i], "y[%d] = %g", i, (double)yo[i]);
      }
    }
  }
  unload(&l);
  tc_graph_free(g);
}

/* ---- 5: CUSTOM op and operator codes ----------------------------------- */

static void test_custom(void) {
  const int32_t s[1] = {4};
  tc_graph *g = tc_graph_new();
  int32_t t[4];
  loaded l;
  t[0] = tc_graph_tensor(g, "x", TC_FLOAT32, 1, s, NULL, NULL, NULL, 0, 0);
  t[1] = tc_graph_tensor(g, "y", TC_FLOAT32, 1, s, NULL, NULL, NULL, 0, 0);
  t[2] = tc_graph_tensor(g, "z", TC_FLOAT32, 1, s, NULL, NULL, NULL, 0, 0);
  t[3] = tc_graph_tensor(g, "q", TC_FLOAT32, 1, s, NULL, NULL, NULL, 0, 0);
  CHECK(tc_graph_custom(g, "MyCustomOp", 1, &t[0], 1, &t[1]) == 0, "custom");
  /* a second custom code and a builtin above 127 (GELU = 150) */
  tc_graph_custom(g, "Other", 1, &t[1], 1, &t[2]);
  tc_graph_op(g, 150, 1, &t[2], 1, &t[3], NULL);
  tc_graph_io(g, 1, &t[0], 1, &t[3]);
  if (serialize_load(g, &l) == 0) {
    const char *want[3] = {"MyCustomOp", "Other", NULL};
    const int32_t want_code[3] = {32, 32, 150};
    const int want_dep[3] = {32, 32, 127};
    uint32_t j, n = 0;
    CHECK(l.st == TC_ERR_UNSUPPORTED, "load: %s, expected UNSUPPORTED",
          tc_status_name(l.st));
    CHECK(strstr(l.m.msg, "MyCustomOp") != NULL, "message '%s' does not name "
          "the custom code", l.m.msg);
    for (j = 0; j < 3; j++) {
      int dep = 0;
      int32_t code = 0;
      const char *cs = NULL;
      CHECK(opcode(l.bytes, l.len, j, &dep, &code, &cs, &n) == 0 && n == 3,
            "operator code %u unreadable (%u codes)", j, n);
      CHECK(dep == want_dep[j] && code == want_code[j],
            "operator code %u: deprecated %d builtin %d", j, dep, (int)code);
      CHECK(want[j] ? cs && strcmp(cs, want[j]) == 0 : cs == NULL,
            "operator code %u: custom '%s'", j, cs ? cs : "(none)");
    }
  }
  unload(&l);
  tc_graph_free(g);
}

/* ---- 6: misuse is reported, never written ------------------------------ */

static void test_errors(void) {
  const int32_t s[2] = {2, 3};
  const float sc[2] = {1, 1};
  tc_graph *g = tc_graph_new();
  uint8_t *out = (uint8_t *)&out;
  size_t len = 1;
  int32_t x, bad = 7;
  x = tc_graph_tensor(g, "x", TC_FLOAT32, 2, s, NULL, NULL, NULL, 0, 0);
  CHECK(tc_graph_serialize(g, &out, &len) == TC_ERR_ARG && !out && !len,
        "serialize without tc_graph_io");
  tc_graph_free(g);

  g = tc_graph_new();
  x = tc_graph_tensor(g, "x", TC_FLOAT32, 2, s, NULL, NULL, NULL, 0, 0);
  CHECK(tc_graph_tensor(g, "q", TC_INT8, 2, s, NULL, sc, NULL, 2, 1) == -1,
        "2 scales on a dimension of 3 accepted");
  CHECK(tc_graph_op(g, TC_BUILTIN_RELU, 1, &x, 1, &bad, NULL) == -1,
        "out-of-range output accepted");
  tc_graph_io(g, 1, &x, 1, &x);
  CHECK(tc_graph_serialize(g, &out, &len) == TC_ERR_ARG, "serialized anyway");
  CHECK(tc_graph_error(g) && strstr(tc_graph_error(g), "scales"),
        "first error kept: '%s'", tc_graph_error(g) ? tc_graph_error(g) : "");
  tc_graph_free(g);
}

int main(void) {
  test_conv_float();
  test_conv_int8();
  test_fc_float();
  test_reshape_chain();
  test_custom();
  test_errors();
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
