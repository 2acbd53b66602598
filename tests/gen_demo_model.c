/* Writes the seed network (Conv16 3x3 same relu -> MaxPool 2 -> Conv32 3x3
 * same relu -> MaxPool 2 -> Flatten -> Dense 1 -> sigmoid) at 64x64x1 as a
 * full-int8 .tflite with fixed pseudo-random weights: the model `make demo`
 * runs when ../shared is absent, until the trainer produces real ones.
 *   gen_demo_model OUT.tflite */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"

static uint32_t seed = 2463534242u;
static int8_t rnd8(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return (int8_t)((int)(seed % 255) - 127);
}

static int act(tc_graph *g, const char *name, int n, const int32_t *dims,
               float scale, int64_t zp) {
  return tc_graph_tensor(g, name, TC_INT8, n, dims, NULL, &scale, &zp, 1, 0);
}

/* int8 per-channel conv weights [cout,3,3,cin] + int32 bias. */
static int conv(tc_graph *g, const char *name, int x, int cin, int cout,
                int hw, float in_scale, float out_scale, int *y) {
  int32_t wd[4] = {cout, 3, 3, cin}, bd[1] = {cout}, od[4] = {1, hw, hw, cout};
  int8_t *w = malloc((size_t)cout * 9 * cin);
  int32_t *b = calloc((size_t)cout, sizeof *b);
  float *ws = malloc(sizeof(float) * (size_t)cout), *bs = malloc(sizeof(float) * (size_t)cout);
  int64_t *z = calloc((size_t)cout, sizeof *z);
  int i, wt, bt, op;
  char nm[64];
  for (i = 0; i < cout * 9 * cin; i++) w[i] = rnd8();
  for (i = 0; i < cout; i++) {
    ws[i] = 0.004f + 0.0001f * (float)i;
    bs[i] = in_scale * ws[i];
    b[i] = (int32_t)(rnd8() * 4);
  }
  snprintf(nm, sizeof nm, "%s/w", name);
  wt = tc_graph_tensor(g, nm, TC_INT8, 4, wd, w, ws, z, cout, 0);
  snprintf(nm, sizeof nm, "%s/b", name);
  bt = tc_graph_tensor(g, nm, TC_INT32, 1, bd, b, bs, z, cout, 0);
  *y = act(g, name, 4, od, out_scale, -128);
  {
    tc_opts o = tc_opts_conv2d(TC_PADDING_SAME, 1, 1, TC_FUSED_RELU, 1, 1);
    op = tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, (int32_t[]){x, wt, bt}, 1,
                     (int32_t[]){*y}, &o);
  }
  free(w); free(b); free(ws); free(bs); free(z);
  return op;
}

static int pool(tc_graph *g, const char *name, int x, int hw, int c, float s) {
  int32_t od[4] = {1, hw, hw, c};
  int y = act(g, name, 4, od, s, -128);
  tc_opts o = tc_opts_pool2d(TC_PADDING_VALID, 2, 2, 2, 2, TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_MAX_POOL_2D, 1, (int32_t[]){x}, 1, (int32_t[]){y}, &o);
  return y;
}

int main(int argc, char **argv) {
  tc_graph *g = tc_graph_new();
  int32_t in_d[4] = {1, 64, 64, 1}, fl_d[2] = {1, 8192}, fw_d[2] = {1, 8192};
  int32_t fb_d[1] = {1}, o_d[2] = {1, 1}, rs[2] = {1, 8192};
  float in_s = 1.0f / 255, fws = 0.002f, fbs, logit_s = 0.1f, out_s = 1.0f / 256;
  int64_t zm = -128, z0 = 0;
  int x, c1, p1, c2, p2, fl, fw, fbt, lg, y, i;
  int8_t *w = malloc(8192);
  int32_t fbias = 0;
  uint8_t *bytes;
  size_t len;
  FILE *f;
  if (argc != 2) {
    fprintf(stderr, "usage: gen_demo_model OUT.tflite\n");
    return 2;
  }
  x = act(g, "input", 4, in_d, in_s, -128);
  conv(g, "conv1", x, 1, 16, 64, in_s, 0.02f, &c1);
  p1 = pool(g, "pool1", c1, 32, 16, 0.02f);
  conv(g, "conv2", p1, 16, 32, 32, 0.02f, 0.05f, &c2);
  p2 = pool(g, "pool2", c2, 16, 32, 0.05f);
  fl = act(g, "flatten", 2, fl_d, 0.05f, -128);
  {
    tc_opts o = tc_opts_reshape(2, rs);
    tc_graph_op(g, TC_BUILTIN_RESHAPE, 1, (int32_t[]){p2}, 1, (int32_t[]){fl}, &o);
  }
  for (i = 0; i < 8192; i++) w[i] = rnd8();
  fbs = 0.05f * fws;
  fw = tc_graph_tensor(g, "dense/w", TC_INT8, 2, fw_d, w, &fws, &z0, 1, 0);
  fbt = tc_graph_tensor(g, "dense/b", TC_INT32, 1, fb_d, &fbias, &fbs, &z0, 1, 0);
  lg = act(g, "logit", 2, o_d, logit_s, 0);
  {
    tc_opts o = tc_opts_fc(TC_FUSED_NONE, 0);
    tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){fl, fw, fbt}, 1,
                (int32_t[]){lg}, &o);
  }
  y = act(g, "score", 2, o_d, out_s, zm);
  tc_graph_op(g, TC_BUILTIN_LOGISTIC, 1, (int32_t[]){lg}, 1, (int32_t[]){y}, NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  free(w);
  if (tc_graph_serialize(g, &bytes, &len) != TC_OK) {
    fprintf(stderr, "gen_demo_model: %s\n", tc_graph_error(g));
    tc_graph_free(g);
    return 1;
  }
  tc_graph_free(g);
  f = fopen(argv[1], "wb");
  if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "gen_demo_model: cannot write %s\n", argv[1]);
    free(bytes);
    return 1;
  }
  free(bytes);
  return 0;
}
