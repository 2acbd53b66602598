/* Forward and backward through the whole stack on one workspace: batch
 * normalization, activations, dropout and fake quantization around the
 * per-layer kernels of layers_conv.c and layers_pool.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "host_util.h"

static size_t in_size(const tc_layer *l) {
  return (size_t)l->in_h * l->in_w * l->in_c;
}

static size_t col_need(const tc_layer *l, int n) {
  if (l->kind != TC_LAYER_CONV || (l->kh == 1 && l->kw == 1 && l->stride == 1))
    return 0;
  return (size_t)n * l->out_h * l->out_w * l->kh * l->kw * l->in_c;
}

void tc_work_free(tc_work *w) {
  int i;
  if (!w) return;
  /* Per-layer buffers exist only once every table was allocated. */
  if (w->out && w->pre && w->xhat && w->bmean && w->bvar && w->arg &&
      w->mask && w->col)
    for (i = 0; i < w->nl; i++) {
    free(w->out[i]);
    free(w->pre[i]);
    free(w->xhat[i]);
    free(w->bmean[i]);
    free(w->arg[i]);
    free(w->mask[i]);
    free(w->col[i]);
  }
  free(w->out);
  free(w->pre);
  free(w->xhat);
  free(w->bmean);
  free(w->bvar);
  free(w->arg);
  free(w->mask);
  free(w->col);
  free(w->dcol);
  free(w->d0);
  free(w->d1);
  free(w->ranges);
  free(w);
}

tc_work *tc_work_new(const tc_net *net, int max_n) {
  tc_work *w = calloc(1, sizeof *w);
  size_t dmax = 0, col = 0;
  int i, nl = net->nlayers, bad = 0;
  if (!w) return NULL;
  w->nl = nl;
  w->max_n = max_n;
  w->out = calloc((size_t)nl, sizeof(float *));
  w->pre = calloc((size_t)nl, sizeof(float *));
  w->xhat = calloc((size_t)nl, sizeof(float *));
  w->bmean = calloc((size_t)nl, sizeof(float *));
  w->bvar = calloc((size_t)nl, sizeof(float *));
  w->arg = calloc((size_t)nl, sizeof(int32_t *));
  w->mask = calloc((size_t)nl, sizeof(uint8_t *));
  w->ranges = calloc((size_t)nl * 2, sizeof(float));
  w->col = calloc((size_t)nl, sizeof(float *));
  if (!w->col || !w->out || !w->pre || !w->xhat || !w->bmean || !w->bvar ||
      !w->arg || !w->mask || !w->ranges) {
    tc_work_free(w);
    return NULL;
  }
  for (i = 0; i < nl; i++) {
    const tc_layer *l = &net->layers[i];
    size_t o = (size_t)max_n * tc_layer_out_size(l);
    size_t in = (size_t)max_n * in_size(l);
    if (o > dmax) dmax = o;
    if (in > dmax) dmax = in;
    if (col_need(l, max_n) > col) col = col_need(l, max_n);
    if (col_need(l, max_n))
      bad |= !(w->col[i] = malloc(col_need(l, max_n) * sizeof(float)));
    bad |= !(w->out[i] = malloc(o * sizeof(float)));
    if (tc_has_weights(l->kind)) bad |= !(w->pre[i] = malloc(o * sizeof(float)));
    if (l->bn) {
      bad |= !(w->xhat[i] = malloc(o * sizeof(float)));
      bad |= !(w->bmean[i] = malloc(2 * (size_t)l->out_c * sizeof(float)));
      if (w->bmean[i]) w->bvar[i] = w->bmean[i] + l->out_c;
    }
    if (l->kind == TC_LAYER_MAXPOOL)
      bad |= !(w->arg[i] = malloc(o * sizeof(int32_t)));
    if (l->kind == TC_LAYER_DROPOUT) bad |= !(w->mask[i] = malloc(o));
  }
  w->col_size = col;
  bad |= !(w->dcol = malloc((col ? col : 1) * sizeof(float)));
  bad |= !(w->d0 = malloc((dmax ? dmax : 1) * sizeof(float)));
  bad |= !(w->d1 = malloc((dmax ? dmax : 1) * sizeof(float)));
  if (bad) {
    tc_work_free(w);
    return NULL;
  }
  return w;
}

const float *tc_work_ranges(const tc_work *w) { return w->ranges; }
const float *tc_work_bn_mean(const tc_work *w, int i) { return w->bmean[i]; }
const float *tc_work_bn_var(const tc_work *w, int i) { return w->bvar[i]; }

/* Batch norm in place over rows x C. */
static void bn_forward(const tc_layer *l, tc_work *w, int i, float *z,
                       size_t rows) {
  int C = l->out_c, c;
  size_t r;
  if (w->training) {
    double *acc = calloc(2 * (size_t)C, sizeof(double));
    float *xh = w->xhat[i];
    if (!acc) abort(); /* C doubles: cannot fail in practice */
    for (r = 0; r < rows; r++)
      for (c = 0; c < C; c++) acc[c] += z[r * C + c];
    for (c = 0; c < C; c++) w->bmean[i][c] = (float)(acc[c] / (double)rows);
    for (r = 0; r < rows; r++)
      for (c = 0; c < C; c++) {
        double d = z[r * C + c] - w->bmean[i][c];
        acc[C + c] += d * d;
      }
    for (c = 0; c < C; c++) {
      w->bvar[i][c] = (float)(acc[C + c] / (double)rows);
      acc[c] = 1.0 / sqrt((double)w->bvar[i][c] + l->bn_eps); /* inv std */
    }
    for (r = 0; r < rows; r++)
      for (c = 0; c < C; c++) {
        size_t k = r * C + c;
        xh[k] = (float)((z[k] - w->bmean[i][c]) * acc[c]);
        z[k] = l->bn_gamma[c] * xh[k] + l->bn_beta[c];
      }
    free(acc);
  } else {
    for (c = 0; c < C; c++) {
      float s = l->bn_gamma[c] / sqrtf(l->bn_var[c] + l->bn_eps);
      float t = l->bn_beta[c] - l->bn_mean[c] * s;
      for (r = 0; r < rows; r++) z[r * C + c] = z[r * C + c] * s + t;
    }
  }
}

/* dL/dz from dL/dy in place (training statistics); dgamma, dbeta. */
static void bn_backward(const tc_layer *l, const tc_work *w, int i, float *d,
                        size_t rows, float *dgamma, float *dbeta) {
  int C = l->out_c, c;
  size_t r;
  const float *xh = w->xhat[i];
  double *acc = calloc(2 * (size_t)C, sizeof(double));
  if (!acc) abort();
  for (r = 0; r < rows; r++)
    for (c = 0; c < C; c++) {
      acc[c] += d[r * C + c];
      acc[C + c] += (double)d[r * C + c] * xh[r * C + c];
    }
  for (c = 0; c < C; c++) {
    dbeta[c] = (float)acc[c];
    dgamma[c] = (float)acc[C + c];
  }
  for (r = 0; r < rows; r++)
    for (c = 0; c < C; c++) {
      size_t k = r * C + c;
      double istd = 1.0 / sqrt((double)w->bvar[i][c] + l->bn_eps);
      double g = l->bn_gamma[c] * istd / (double)rows;
      d[k] = (float)(g * ((double)rows * d[k] - acc[c] - xh[k] * acc[C + c]));
    }
  free(acc);
}

/* out = act(z) and its range, in one branch-free pass. */
static float act_hi(const tc_layer *l) {
  float hi = l->act == TC_LACT_RELU6 ? 6.0f : INFINITY;
  return l->clamp > 0.0f && l->clamp < hi ? l->clamp : hi;
}

static void activate(int act, float hi, const float *z, float *out, size_t n,
                     float *mn, float *mx) {
  float a = INFINITY, b = -INFINITY;
  size_t k;
  for (k = 0; k < n; k++) {
    float v = z[k];
    if (act != TC_LACT_NONE) {
      v = v > 0.0f ? v : 0.0f;
      v = v < hi ? v : hi;
    }
    out[k] = v;
    a = v < a ? v : a;
    b = v > b ? v : b;
  }
  *mn = a;
  *mx = b;
}

const float *tc_forward(tc_net *net, tc_work *w, const float *x, int n,
                        int training, uint64_t dropout_seed) {
  tc_netx *nx = tc_x(net);
  const float *in = x;
  float in_min, in_max;
  int i;
  tc_net_input_q(net, NULL, NULL, &in_min, &in_max);
  if (!nx->prepared) tc_net_prepare(net);
  w->n = n;
  w->x = x;
  w->training = training;
  for (i = 0; i < net->nlayers; i++) {
    const tc_layer *l = &net->layers[i];
    size_t osz = (size_t)n * tc_layer_out_size(l), k;
    float *out = w->out[i];
    switch (l->kind) {
    case TC_LAYER_CONV:
    case TC_LAYER_DWCONV:
    case TC_LAYER_DENSE: {
      float *z = w->pre[i];
      if (l->kind == TC_LAYER_CONV)
        tc_conv_fwd(l, in, n, nx->weff[i], nx->beff[i], z, w->col[i]);
      else if (l->kind == TC_LAYER_DWCONV)
        tc_dw_fwd(l, in, n, nx->weff[i], nx->beff[i], z);
      else
        tc_dense_fwd(l, in, n, nx->weff[i], nx->beff[i], z);
      if (l->bn && !net->qat)
        bn_forward(l, w, i, z, (size_t)n * l->out_h * l->out_w);
      activate(l->act, act_hi(l), z, out, osz, &in_min, &in_max);
      if (net->qat) {
        float s = nx->act_scale[i];
        int32_t zp = nx->act_zp[i];
        for (k = 0; k < osz; k++) out[k] = tc_fake_quant(out[k], s, zp);
      }
      break;
    }
    case TC_LAYER_MAXPOOL:
      tc_maxpool_fwd(l, in, n, out, w->arg[i]);
      break;
    case TC_LAYER_AVGPOOL:
      tc_avgpool_fwd(l, in, n, out);
      if (net->qat)
        for (k = 0; k < osz; k++)
          out[k] = tc_fake_quant(out[k], nx->act_scale[i], nx->act_zp[i]);
      break;
    case TC_LAYER_FLATTEN:
      memcpy(out, in, osz * sizeof(float));
      break;
    case TC_LAYER_DROPOUT:
      if (training && l->dropout > 0.0f) {
        tc_rng r;
        float keep = 1.0f / (1.0f - l->dropout);
        tc_rng_seed(&r, tc_mix64(dropout_seed + 0x51ed27u * (uint64_t)(i + 1)));
        for (k = 0; k < osz; k++) {
          w->mask[i][k] = tc_rng_uniform(&r) >= l->dropout;
          out[k] = w->mask[i][k] ? in[k] * keep : 0.0f;
        }
      } else {
        memcpy(out, in, osz * sizeof(float));
      }
      break;
    }
    w->ranges[2 * i] = in_min;
    w->ranges[2 * i + 1] = in_max;
    in = out;
  }
  return in;
}

/* The gradient of a weighted layer's output to its pre-activation. Fake
 * quantization passes gradients straight through, also where it clipped:
 * the values may then leave the range and the tracked range follows them
 * (masking there would pin an early, too narrow range for good - e.g. a
 * logit range still below zero). */
static void act_backward(const tc_layer *l, const float *z, float *d,
                         size_t n) {
  size_t k;
  float hi = act_hi(l);
  if (l->act == TC_LACT_RELU && hi == INFINITY)
    for (k = 0; k < n; k++) d[k] = z[k] > 0.0f ? d[k] : 0.0f;
  else if (l->act != TC_LACT_NONE)
    for (k = 0; k < n; k++) d[k] = z[k] > 0.0f && z[k] < hi ? d[k] : 0.0f;
}

void tc_backward(tc_net *net, tc_work *w, const float *dlogit, float *grad,
                 float *dx) {
  tc_netx *nx = tc_x(net);
  int n = w->n, i, c;
  float *d = w->d0, *dn = w->d1;
  memcpy(d, dlogit, (size_t)n * sizeof(float));
  memset(grad, 0, nx->nparam * sizeof(float));
  for (i = net->nlayers - 1; i >= net->frozen; i--) {
    const tc_layer *l = &net->layers[i];
    const float *in = i ? w->out[i - 1] : w->x;
    /* Frozen layers below: no gradient to pass down to them. */
    float *din = i == net->frozen && i ? NULL : i ? dn : dx;
    size_t osz = (size_t)n * tc_layer_out_size(l), k;
    switch (l->kind) {
    case TC_LAYER_CONV:
    case TC_LAYER_DWCONV:
    case TC_LAYER_DENSE: {
      float *dw = grad + nx->off_w[i], *db = grad + nx->off_b[i];
      act_backward(l, w->pre[i], d, osz);
      if (l->bn && !net->qat)
        bn_backward(l, w, i, d, (size_t)n * l->out_h * l->out_w,
                    grad + nx->off_g[i], grad + nx->off_be[i]);
      if (l->kind == TC_LAYER_CONV)
        tc_conv_bwd(l, in, n, nx->weff[i], d, dw, db, din, w->col[i],
                    w->dcol);
      else if (l->kind == TC_LAYER_DWCONV)
        tc_dw_bwd(l, in, n, nx->weff[i], d, dw, db, din);
      else
        tc_dense_bwd(l, in, n, nx->weff[i], d, dw, db, din);
      if (l->bn && net->qat) {
        /* Folded, frozen batch norm: w_eff = w * s per output channel,
         * b_eff = beta + (b - mean) * s; only w and beta learn. */
        size_t per = l->nw / (size_t)l->out_c;
        for (c = 0; c < l->out_c; c++) {
          float s = l->bn_gamma[c] / sqrtf(l->bn_var[c] + l->bn_eps);
          size_t j;
          if (l->kind == TC_LAYER_DWCONV)
            for (j = 0; j < per; j++) dw[j * l->out_c + c] *= s;
          else
            for (j = 0; j < per; j++) dw[c * per + j] *= s;
          grad[nx->off_be[i] + c] = db[c];
          grad[nx->off_g[i] + c] = 0.0f;
        }
      }
      if (l->bn) memset(db, 0, (size_t)l->out_c * sizeof(float));
      break;
    }
    case TC_LAYER_MAXPOOL:
      if (din) tc_maxpool_bwd(l, n, d, w->arg[i], din);
      break;
    case TC_LAYER_AVGPOOL:
      if (din) tc_avgpool_bwd(l, n, d, din);
      break;
    case TC_LAYER_FLATTEN:
      if (din) memcpy(din, d, osz * sizeof(float));
      break;
    case TC_LAYER_DROPOUT:
      if (din) {
        if (w->training && l->dropout > 0.0f) {
          float keep = 1.0f / (1.0f - l->dropout);
          for (k = 0; k < osz; k++) din[k] = w->mask[i][k] ? d[k] * keep : 0.0f;
        } else {
          memcpy(din, d, osz * sizeof(float));
        }
      }
      break;
    }
    if (i) {
      float *t = d;
      d = dn;
      dn = t;
    }
  }
}

double tc_bce_logit(float z, int y, float weight, float *dz) {
  double zd = z, p = 1.0 / (1.0 + exp(-zd));
  double loss = (zd > 0 ? zd : 0.0) - zd * (y ? 1.0 : 0.0) + log1p(exp(-fabs(zd)));
  if (dz) *dz = (float)(weight * (p - (y ? 1.0 : 0.0)));
  return weight * loss;
}
