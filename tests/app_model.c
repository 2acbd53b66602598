#include "app_model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tinycnn/export.h"

double app_model_expected(int p) {
  return 1.0 / (1.0 + exp(-(APP_MODEL_GAIN * p / 255.0 - APP_MODEL_OFFSET)));
}

int app_model_build(int side, uint8_t **bytes, size_t *len) {
  return app_model_build_ex(side, 1, NULL, 0, bytes, len);
}

int app_model_build_ex(int side, int channels, const char *meta, int custom,
                       uint8_t **bytes, size_t *len) {
  tc_graph *g = tc_graph_new();
  int32_t in_d[4] = {1, side, side, channels}, p_d[4] = {1, 1, 1, channels};
  int32_t w_d[2] = {1, channels}, b_d[1] = {1}, o_d[2] = {1, 1};
  float in_s = 1.0f / 255, w_s = 0.1f, b_s = in_s * w_s, lg_s = 0.05f;
  float out_s = 1.0f / 256;
  int64_t zm = -128, z0 = 0;
  /* The weight is split over the channels: the same score for grey. */
  int8_t w[4] = {120, 40, 40, 40};
  int32_t b = -15300;
  int x, pooled, wt, bt, lg, y;
  tc_opts po, fo;
  if (!g) return -1;
  x = tc_graph_tensor(g, "input", TC_INT8, 4, in_d, NULL, &in_s, &zm, 1, 0);
  pooled = tc_graph_tensor(g, "mean", TC_INT8, 4, p_d, NULL, &in_s, &zm, 1, 0);
  po = tc_opts_pool2d(TC_PADDING_VALID, 1, 1, side, side, TC_FUSED_NONE);
  tc_graph_op(g, TC_BUILTIN_AVERAGE_POOL_2D, 1, (int32_t[]){x}, 1,
              (int32_t[]){pooled}, &po);
  wt = tc_graph_tensor(g, "dense/w", TC_INT8, 2, w_d,
                       channels == 1 ? w : w + 1, &w_s, &z0, 1, 0);
  bt = tc_graph_tensor(g, "dense/b", TC_INT32, 1, b_d, &b, &b_s, &z0, 1, 0);
  lg = tc_graph_tensor(g, "logit", TC_INT8, 2, o_d, NULL, &lg_s, &z0, 1, 0);
  fo = tc_opts_fc(TC_FUSED_NONE, 0);
  tc_graph_op(g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){pooled, wt, bt},
              1, (int32_t[]){lg}, &fo);
  y = tc_graph_tensor(g, "score", TC_INT8, 2, o_d, NULL, &out_s, &zm, 1, 0);
  if (custom)
    tc_graph_custom(g, "tinycnn-test-op", 1, (int32_t[]){lg}, 1,
                    (int32_t[]){y});
  else
    tc_graph_op(g, TC_BUILTIN_LOGISTIC, 1, (int32_t[]){lg}, 1,
                (int32_t[]){y}, NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  if (meta) tc_graph_metadata(g, "tinycnn", meta, strlen(meta));
  if (tc_graph_serialize(g, bytes, len) != TC_OK) {
    fprintf(stderr, "app_model: %s\n", tc_graph_error(g));
    tc_graph_free(g);
    return -1;
  }
  tc_graph_free(g);
  return 0;
}
