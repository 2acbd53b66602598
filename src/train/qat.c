/* Quantization-aware training: the weights the forward pass sees, the
 * activation ranges (EMA) and their int8 parameters. The rounding rules
 * are the export's (tc_qparams_*, tc_fake_quant in qparams.c), so what is
 * trained is what is exported. */
#include <math.h>
#include <string.h>

#include "engine.h"

/* Scale of batch norm folded into output channel c (1 without bn). */
static float bn_scale(const tc_layer *l, int c) {
  return l->bn ? l->bn_gamma[c] / sqrtf(l->bn_var[c] + l->bn_eps) : 1.0f;
}

static void prepare_weights(tc_netx *nx, int i, float *wq, float *bq) {
  const tc_layer *l = &nx->net.layers[i];
  size_t per = l->nw / (size_t)l->out_c, j;
  int dw = l->kind == TC_LAYER_DWCONV, c;
  for (c = 0; c < l->out_c; c++) {
    float s = bn_scale(l, c), q;
    size_t stride = dw ? (size_t)l->out_c : 1;
    float *wc = dw ? wq + c : wq + (size_t)c * per;
    const float *src = dw ? l->w + c : l->w + (size_t)c * per;
    for (j = 0; j < per; j++) wc[j * stride] = src[j * stride] * s;
    q = tc_qparams_weight_scale(wc, per, stride);
    if (q > 0.0f)
      for (j = 0; j < per; j++)
        wc[j * stride] = tc_fake_quant(wc[j * stride], q, 0);
    bq[c] = l->bn ? l->bn_beta[c] + (l->b[c] - l->bn_mean[c]) * s : l->b[c];
  }
}

int tc_net_prepare(tc_net *net) {
  tc_netx *nx = tc_x(net);
  float *q = nx->qblock;
  float prev_scale;
  int32_t prev_zp;
  int i;
  tc_net_input_q(net, &prev_scale, &prev_zp, NULL, NULL);
  for (i = 0; i < net->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    if (tc_has_weights(l->kind)) {
      if (net->qat) {
        nx->weff[i] = q;
        nx->beff[i] = q + l->nw;
        prepare_weights(nx, i, nx->weff[i], nx->beff[i]);
      } else {
        nx->weff[i] = l->w;
        nx->beff[i] = l->b;
      }
      q += l->nw + (size_t)l->out_c;
      tc_qparams_act(l->out_min, l->out_max, &prev_scale, &prev_zp);
    }
    /* Pooling, flatten and dropout keep their input's quantization. */
    nx->act_scale[i] = prev_scale;
    nx->act_zp[i] = prev_zp;
  }
  nx->prepared = 1;
  return 0;
}

void tc_qat_enable(tc_net *net) {
  net->qat = 1;
  tc_net_prepare(net);
}

void tc_qat_track(tc_net *net, const float *const ranges[], int nranges,
                  float momentum) {
  float prev_min, prev_max;
  int i, k;
  tc_net_input_q(net, NULL, NULL, &prev_min, &prev_max);
  for (i = 0; i < net->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    if (tc_has_weights(l->kind)) {
      float mn = ranges[0][2 * i], mx = ranges[0][2 * i + 1];
      for (k = 1; k < nranges; k++) {
        if (ranges[k][2 * i] < mn) mn = ranges[k][2 * i];
        if (ranges[k][2 * i + 1] > mx) mx = ranges[k][2 * i + 1];
      }
      if (l->out_min == 0.0f && l->out_max == 0.0f) { /* first batch */
        l->out_min = mn;
        l->out_max = mx;
      } else {
        l->out_min = momentum * l->out_min + (1.0f - momentum) * mn;
        l->out_max = momentum * l->out_max + (1.0f - momentum) * mx;
      }
      prev_min = l->out_min;
      prev_max = l->out_max;
    } else {
      l->out_min = prev_min;
      l->out_max = prev_max;
    }
  }
}

void tc_bn_track(tc_net *net, tc_work *const works[], const int counts[],
                 int nworks, float momentum) {
  int i, k, c;
  if (net->qat) return; /* frozen once folded */
  for (i = 0; i < net->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    double rows_per_img = (double)l->out_h * l->out_w, total = 0.0;
    if (!l->bn) continue;
    for (k = 0; k < nworks; k++) total += counts[k] * rows_per_img;
    if (total < 2.0) continue;
    for (c = 0; c < l->out_c; c++) {
      double mean = 0.0, var = 0.0;
      for (k = 0; k < nworks; k++)
        if (counts[k]) mean += counts[k] * rows_per_img * works[k]->bmean[i][c];
      mean /= total;
      for (k = 0; k < nworks; k++)
        if (counts[k]) {
          double dm = works[k]->bmean[i][c] - mean;
          var += counts[k] * rows_per_img * (works[k]->bvar[i][c] + dm * dm);
        }
      var /= total - 1.0; /* unbiased, as Keras' moving variance */
      l->bn_mean[c] = momentum * l->bn_mean[c] + (1.0f - momentum) * (float)mean;
      l->bn_var[c] = momentum * l->bn_var[c] + (1.0f - momentum) * (float)var;
    }
  }
  tc_x(net)->prepared = 0;
}
