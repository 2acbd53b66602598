/* See tiny_models.h. Weights are a fixed pseudo-random sequence. */
#include "tiny_models.h"

#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"

static uint32_t seed;
static int8_t rnd8(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return (int8_t)((int)(seed % 255) - 127);
}

static uint8_t *finish(tc_graph *g, size_t *len) {
  uint8_t *out = NULL;
  if (tc_graph_serialize(g, &out, len) != TC_OK) out = NULL;
  tc_graph_free(g);
  return out;
}

int tm_act8(tc_graph *g, const char *name, int n, const int32_t *dims,
            float scale, int64_t zp) {
  return tc_graph_tensor(g, name, TC_INT8, n, dims, NULL, &scale, &zp, 1, 0);
}

uint8_t *tm_classifier_s8(size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t xd[4] = {1, 8, 8, 2}, wd[4] = {4, 3, 3, 2}, bd[1] = {4},
          cd[4] = {1, 8, 8, 4}, pd[4] = {1, 4, 4, 4}, rd[2] = {1, 64},
          fwd[2] = {3, 64}, fbd[1] = {3}, od[2] = {1, 3}, shape[2] = {1, 64};
  int8_t w[72], fw[192];
  int32_t b[4], fb[3];
  float ws[4], bs[4], fws = 0.01f, fbs = 0.05f * 0.01f;
  int64_t z4[4] = {0, 0, 0, 0}, z0 = 0;
  int i, x, wt, bt, c, p, r, fwt, fbt, f, y;
  tc_opts o;
  if (!g) return NULL;
  seed = 2463534242u;
  for (i = 0; i < 72; i++) w[i] = rnd8();
  for (i = 0; i < 192; i++) fw[i] = rnd8();
  for (i = 0; i < 4; i++) {
    ws[i] = 0.003f * (float)(i + 1);
    bs[i] = 0.02f * ws[i];
    b[i] = rnd8() * 8;
  }
  for (i = 0; i < 3; i++) fb[i] = rnd8() * 4;
  x = tm_act8(g, "input", 4, xd, 0.02f, -3);
  wt = tc_graph_tensor(g, "conv/w", TC_INT8, 4, wd, w, ws, z4, 4, 0);
  bt = tc_graph_tensor(g, "conv/b", TC_INT32, 1, bd, b, bs, z4, 4, 0);
  c = tm_act8(g, "conv", 4, cd, 0.05f, -128);
  p = tm_act8(g, "pool", 4, pd, 0.05f, -128);
  r = tm_act8(g, "flat", 2, rd, 0.05f, -128);
  fwt = tc_graph_tensor(g, "fc/w", TC_INT8, 2, fwd, fw, &fws, &z0, 1, 0);
  fbt = tc_graph_tensor(g, "fc/b", TC_INT32, 1, fbd, fb, &fbs, &z0, 1, 0);
  f = tm_act8(g, "logits", 2, od, 0.1f, 5);
  y = tm_act8(g, "probs", 2, od, 1.0f / 256, -128);
  o = tc_opts_conv2d(TC_PADDING_SAME, 1, 1, TC_FUSED_RELU, 1, 1);
  tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, (int32_t[]){x, wt, bt}, 1,
              (int32_t[]){c}, &o);
  o = tc_opts_pool2d(TC_PADDING_VALID, 2, 2, 2, 2, TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_AVERAGE_POOL_2D, 1, (int32_t[]){c}, 1,
              (int32_t[]){p}, &o);
  o = tc_opts_reshape(2, shape);
  tc_graph_op(g, TC_BUILTIN_RESHAPE, 1, (int32_t[]){p}, 1, (int32_t[]){r}, &o);
  o = tc_opts_fc(TC_FUSED_NONE, 0);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){r, fwt, fbt}, 1,
              (int32_t[]){f}, &o);
  o = tc_opts_softmax(1.0f);
  tc_graph_op(g, TC_BUILTIN_SOFTMAX, 1, (int32_t[]){f}, 1, (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  return finish(g, len);
}

uint8_t *tm_float_net(size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t xd[4] = {1, 6, 6, 3}, wd[4] = {1, 3, 3, 6}, bd[1] = {6},
          dd[4] = {1, 4, 4, 6}, pd[4] = {1, 2, 2, 6}, md[2] = {1, 6},
          ad[1] = {2}, axes[2] = {1, 2}, fwd[2] = {2, 6}, fbd[1] = {2},
          od[2] = {1, 2};
  float w[54], b[6], fw[12], fb[2];
  int i, x, wt, bt, d, p, at, m, fwt, fbt, f, y;
  tc_opts o;
  if (!g) return NULL;
  seed = 88172645u;
  for (i = 0; i < 54; i++) w[i] = (float)rnd8() / 64.0f;
  for (i = 0; i < 6; i++) b[i] = (float)rnd8() / 128.0f;
  for (i = 0; i < 12; i++) fw[i] = (float)rnd8() / 32.0f;
  fb[0] = 0.25f;
  fb[1] = -0.5f;
  x = tc_graph_tensor(g, "input", TC_FLOAT32, 4, xd, NULL, NULL, NULL, 0, 0);
  wt = tc_graph_tensor(g, "dw/w", TC_FLOAT32, 4, wd, w, NULL, NULL, 0, 0);
  bt = tc_graph_tensor(g, "dw/b", TC_FLOAT32, 1, bd, b, NULL, NULL, 0, 0);
  d = tc_graph_tensor(g, "dw", TC_FLOAT32, 4, dd, NULL, NULL, NULL, 0, 0);
  p = tc_graph_tensor(g, "pool", TC_FLOAT32, 4, pd, NULL, NULL, NULL, 0, 0);
  at = tc_graph_tensor(g, "axes", TC_INT32, 1, ad, axes, NULL, NULL, 0, 0);
  m = tc_graph_tensor(g, "mean", TC_FLOAT32, 2, md, NULL, NULL, NULL, 0, 0);
  fwt = tc_graph_tensor(g, "fc/w", TC_FLOAT32, 2, fwd, fw, NULL, NULL, 0, 0);
  fbt = tc_graph_tensor(g, "fc/b", TC_FLOAT32, 1, fbd, fb, NULL, NULL, 0, 0);
  f = tc_graph_tensor(g, "logits", TC_FLOAT32, 2, od, NULL, NULL, NULL, 0, 0);
  y = tc_graph_tensor(g, "probs", TC_FLOAT32, 2, od, NULL, NULL, NULL, 0, 0);
  o = tc_opts_depthwise(TC_PADDING_VALID, 1, 1, 2, TC_FUSED_RELU6, 1, 1);
  tc_graph_op(g, TC_BUILTIN_DEPTHWISE_CONV_2D, 3, (int32_t[]){x, wt, bt}, 1,
              (int32_t[]){d}, &o);
  o = tc_opts_pool2d(TC_PADDING_VALID, 2, 2, 2, 2, TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_MAX_POOL_2D, 1, (int32_t[]){d}, 1,
              (int32_t[]){p}, &o);
  o = tc_opts_reducer(0);
  tc_graph_op(g, TC_BUILTIN_MEAN, 2, (int32_t[]){p, at}, 1, (int32_t[]){m},
              &o);
  o = tc_opts_fc(TC_FUSED_NONE, 0);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){m, fwt, fbt}, 1,
              (int32_t[]){f}, &o);
  tc_graph_op(g, TC_BUILTIN_LOGISTIC, 1, (int32_t[]){f}, 1, (int32_t[]){y},
              NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  return finish(g, len);
}

uint8_t *tm_elementwise(size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t xd[4] = {1, 4, 4, 3}, kd[1] = {3}, pd[2] = {4, 2},
          padd[4] = {1, 6, 6, 3}, cd[4] = {1, 6, 6, 6};
  int8_t k[3] = {20, -40, 127};
  int32_t pads[8] = {0, 0, 1, 1, 1, 1, 0, 0};
  int i, x, q, a, kt, mu, pt, pa, cc, y;
  float ks = 0.01f;
  int64_t kz = 0;
  tc_opts o;
  (void)i;
  if (!g) return NULL;
  x = tc_graph_tensor(g, "input", TC_FLOAT32, 4, xd, NULL, NULL, NULL, 0, 0);
  q = tm_act8(g, "q", 4, xd, 0.05f, 1);
  a = tm_act8(g, "add", 4, xd, 0.1f, 0);
  kt = tc_graph_tensor(g, "k", TC_INT8, 1, kd, k, &ks, &kz, 1, 0);
  mu = tm_act8(g, "mul", 4, xd, 0.02f, -2);
  pt = tc_graph_tensor(g, "pads", TC_INT32, 2, pd, pads, NULL, NULL, 0, 0);
  pa = tm_act8(g, "pad", 4, padd, 0.02f, -2);
  cc = tm_act8(g, "concat", 4, cd, 0.02f, -2);
  y = tc_graph_tensor(g, "output", TC_FLOAT32, 4, cd, NULL, NULL, NULL, 0, 0);
  tc_graph_op(g, TC_BUILTIN_QUANTIZE, 1, (int32_t[]){x}, 1, (int32_t[]){q},
              NULL);
  o = tc_opts_add(TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_ADD, 2, (int32_t[]){q, q}, 1, (int32_t[]){a}, &o);
  o = tc_opts_mul(TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_MUL, 2, (int32_t[]){a, kt}, 1, (int32_t[]){mu},
              &o);
  o = tc_opts_empty(TC_OPTIONS_PAD);
  tc_graph_op(g, TC_BUILTIN_PAD, 2, (int32_t[]){mu, pt}, 1, (int32_t[]){pa},
              &o);
  o = tc_opts_concat(3, TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_CONCATENATION, 2, (int32_t[]){pa, pa}, 1,
              (int32_t[]){cc}, &o);
  tc_graph_op(g, TC_BUILTIN_DEQUANTIZE, 1, (int32_t[]){cc}, 1,
              (int32_t[]){y}, NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  return finish(g, len);
}

uint8_t *tm_relu(size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t d[2] = {1, 4};
  int x, y;
  if (!g) return NULL;
  x = tc_graph_tensor(g, "x", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
  y = tc_graph_tensor(g, "y", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
  tc_graph_op(g, TC_BUILTIN_RELU, 1, (int32_t[]){x}, 1, (int32_t[]){y}, NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  return finish(g, len);
}

uint8_t *tm_shape_ops(size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t xd[4] = {1, 4, 6, 2}, td[4] = {1, 6, 4, 2}, sd[4] = {1, 3, 4, 2},
          four[1] = {4}, one[1] = {1}, two[1] = {2}, rd[2] = {1, 24},
          qd[1] = {24};
  int32_t perm[4] = {0, 2, 1, 3}, b4[4] = {0, 1, 0, 0}, e4[4] = {1, 6, 4, 2},
          s4[4] = {1, 2, 1, 1}, b1[1] = {0}, e1[1] = {1}, s1[1] = {1},
          c24 = 24, ax[1] = {0}, sq[1] = {0};
  int x, pt, t, bt, et, st, s, sh, b1t, e1t, s1t, b, ct, ps, r, q, at, m;
  tc_opts o;
  if (!g) return NULL;
  x = tm_act8(g, "input", 4, xd, 0.1f, 3);
  pt = tc_graph_tensor(g, "perm", TC_INT32, 1, four, perm, NULL, NULL, 0, 0);
  t = tm_act8(g, "transposed", 4, td, 0.1f, 3);
  bt = tc_graph_tensor(g, "begin", TC_INT32, 1, four, b4, NULL, NULL, 0, 0);
  et = tc_graph_tensor(g, "end", TC_INT32, 1, four, e4, NULL, NULL, 0, 0);
  st = tc_graph_tensor(g, "strides", TC_INT32, 1, four, s4, NULL, NULL, 0, 0);
  s = tm_act8(g, "sliced", 4, sd, 0.1f, 3);
  sh = tc_graph_tensor(g, "shape", TC_INT32, 1, four, NULL, NULL, NULL, 0, 0);
  b1t = tc_graph_tensor(g, "b1", TC_INT32, 1, one, b1, NULL, NULL, 0, 0);
  e1t = tc_graph_tensor(g, "e1", TC_INT32, 1, one, e1, NULL, NULL, 0, 0);
  s1t = tc_graph_tensor(g, "s1", TC_INT32, 1, one, s1, NULL, NULL, 0, 0);
  b = tc_graph_tensor(g, "batch", TC_INT32, 0, NULL, NULL, NULL, NULL, 0, 0);
  ct = tc_graph_tensor(g, "c24", TC_INT32, 0, NULL, &c24, NULL, NULL, 0, 0);
  ps = tc_graph_tensor(g, "packed", TC_INT32, 1, two, NULL, NULL, NULL, 0, 0);
  r = tm_act8(g, "flat", 2, rd, 0.1f, 3);
  q = tm_act8(g, "squeezed", 1, qd, 0.1f, 3);
  at = tc_graph_tensor(g, "axis", TC_INT32, 1, one, ax, NULL, NULL, 0, 0);
  m = tm_act8(g, "mean", 1, one, 0.05f, -1);
  o = tc_opts_empty(TC_OPTIONS_TRANSPOSE);
  tc_graph_op(g, TC_BUILTIN_TRANSPOSE, 2, (int32_t[]){x, pt}, 1,
              (int32_t[]){t}, &o);
  o = tc_opts_strided_slice(0, 0, 0, 0, 0);
  tc_graph_op(g, TC_BUILTIN_STRIDED_SLICE, 4, (int32_t[]){t, bt, et, st}, 1,
              (int32_t[]){s}, &o);
  o = tc_opts_shape(TC_INT32);
  tc_graph_op(g, TC_BUILTIN_SHAPE, 1, (int32_t[]){s}, 1, (int32_t[]){sh},
              &o);
  o = tc_opts_strided_slice(0, 0, 0, 0, 1);
  tc_graph_op(g, TC_BUILTIN_STRIDED_SLICE, 4, (int32_t[]){sh, b1t, e1t, s1t},
              1, (int32_t[]){b}, &o);
  o = tc_opts_pack(2, 0);
  tc_graph_op(g, TC_BUILTIN_PACK, 2, (int32_t[]){b, ct}, 1, (int32_t[]){ps},
              &o);
  o = tc_opts_reshape(2, rd);
  tc_graph_op(g, TC_BUILTIN_RESHAPE, 2, (int32_t[]){s, ps}, 1,
              (int32_t[]){r}, &o);
  o = tc_opts_squeeze(1, sq);
  tc_graph_op(g, TC_BUILTIN_SQUEEZE, 1, (int32_t[]){r}, 1, (int32_t[]){q},
              &o);
  o = tc_opts_reducer(1);
  tc_graph_op(g, TC_BUILTIN_MEAN, 2, (int32_t[]){q, at}, 1, (int32_t[]){m},
              &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){m});
  return finish(g, len);
}
