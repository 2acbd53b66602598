/* tc_net -> .tflite, written the way TensorFlow Lite's converter writes the
 * same Keras model: batch norm folded into the conv/dense before it, dropout
 * gone, Flatten as RESHAPE, the logit followed by LOGISTIC.
 *   INT8   (representative dataset): int8 input 1/255 -128 (or the
 *          backbone's: tc_net in_scale, in_zp), conv/depthwise
 *          weights symmetric per output channel, dense weights symmetric per
 *          tensor, int32 biases at input_scale * weight_scale, activations
 *          per tensor from the tracked ranges, pooling and reshape keep their
 *          input's quantization, LOGISTIC output 1/256 -128.
 *   FLOAT  float32 throughout.
 *   HYBRID (Optimize.DEFAULT, no dataset): float activations and biases;
 *          weights int8 symmetric (per channel for conv/depthwise, per tensor
 *          for dense) only when they have at least 1024 elements, like the
 *          converter's weights_min_num_elements; smaller ones stay float.
 * The rounding is tc_qparams_* / tc_fake_quant's, so the exported weights
 * are exactly the ones quantization-aware training saw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"
#include "tinycnn/train.h"
#include "../train/host_util.h"
#include "net_meta.h"

#define HYBRID_MIN_ELEMENTS 1024

typedef struct xstate {
  tc_graph *g;
  int mode;
  int x;               /* current tensor */
  int32_t dims[4];     /* its shape */
  int ndims;
  float scale;         /* its quantization (INT8) */
  float in_mul;        /* FLOAT/HYBRID: the current tensor is the layers'
                          values times 1 / in_mul (a clamp, see clamped) */
  int64_t zp;
  char *err;
  size_t errlen;
} xstate;

static int has_weights(int kind) {
  return kind == TC_LAYER_CONV || kind == TC_LAYER_DWCONV ||
         kind == TC_LAYER_DENSE;
}

/* A relu/relu6 layer clamped below its ceiling (an imported backbone
 * layer, spec modifier mX). INT8 clips there through its output range.
 * FLOAT/HYBRID have no MINIMUM op here, so the layer is written as
 * RELU6(z * 6/X) = 6/X * min(relu(z), X), and the next weighted layer's
 * weights take the factor X/6 back (pooling, flatten and dropout between
 * them are linear in a positive factor): the same function exactly. */
static float clamped(const tc_layer *l) {
  float hi = l->act == TC_LACT_RELU6 ? 6.0f : INFINITY;
  return l->act != TC_LACT_NONE && l->clamp > 0.0f && l->clamp < hi ? l->clamp
                                                                    : 0.0f;
}

static int out_act(const xstate *st, const tc_layer *l) {
  return st->mode != TC_EXPORT_INT8 && clamped(l) > 0.0f ? TC_LACT_RELU6
                                                          : l->act;
}

/* Batch norm folded exactly as qat.c folds it for the forward pass. */
static void fold(const tc_layer *l, float *w, float *b) {
  size_t per = l->nw / (size_t)l->out_c, j;
  int dw = l->kind == TC_LAYER_DWCONV, c;
  for (c = 0; c < l->out_c; c++) {
    float s = l->bn ? l->bn_gamma[c] / sqrtf(l->bn_var[c] + l->bn_eps) : 1.0f;
    size_t stride = dw ? (size_t)l->out_c : 1;
    size_t base = dw ? (size_t)c : (size_t)c * per;
    for (j = 0; j < per; j++)
      w[base + j * stride] = l->w[base + j * stride] * s;
    b[c] = l->bn ? l->bn_beta[c] + (l->b[c] - l->bn_mean[c]) * s : l->b[c];
  }
}

static int8_t quant_w(float w, float s) {
  float r = roundf(w / s);
  if (r > 127.0f) r = 127.0f;
  if (r < -127.0f) r = -127.0f;
  return (int8_t)r;
}

static int32_t quant_b(float b, float s) {
  double r = (double)roundf(b / s);
  if (r > 2147483647.0) r = 2147483647.0;
  if (r < -2147483647.0) r = -2147483647.0;
  return (int32_t)r;
}

/* The activation tensor a layer writes, with the layer's range (INT8). */
static int out_tensor(xstate *st, const char *name, int ndims,
                      const int32_t *dims, int own_range, const tc_layer *l) {
  if (st->mode != TC_EXPORT_INT8)
    return tc_graph_tensor(st->g, name, TC_FLOAT32, ndims, dims, NULL, NULL,
                           NULL, 0, 0);
  if (own_range) {
    float s;
    int32_t z;
    tc_qparams_act(l->out_min, l->out_max, &s, &z);
    st->scale = s;
    st->zp = z;
  }
  return tc_graph_tensor(st->g, name, TC_INT8, ndims, dims, NULL, &st->scale,
                         &st->zp, 1, 0);
}

/* Weights + bias tensors of conv/dwconv/dense. qdim: the output-channel
 * axis of the weights; per_channel 0 = one scale for the whole tensor. */
static int weights(xstate *st, const tc_layer *l, int li, int ndims,
                   const int32_t *wd, int qdim, int per_channel, int *wt,
                   int *bt) {
  size_t nw = l->nw, per = nw / (size_t)l->out_c, j;
  int oc = l->out_c, dw = l->kind == TC_LAYER_DWCONV, c, ok = 0;
  int quant = st->mode == TC_EXPORT_INT8 ||
              (st->mode == TC_EXPORT_HYBRID && nw >= HYBRID_MIN_ELEMENTS);
  float *w = malloc(nw * sizeof *w), *b = malloc((size_t)oc * sizeof *b);
  float *ws = malloc((size_t)oc * sizeof *ws), *bs = malloc((size_t)oc * sizeof *bs);
  int8_t *wq = malloc(nw);
  int32_t *bq = malloc((size_t)oc * sizeof *bq);
  int64_t *z = calloc((size_t)oc, sizeof *z);
  int32_t bd[1];
  char wn[64], bn[64];
  bd[0] = oc;
  snprintf(wn, sizeof wn, "layer%d/weights", li);
  snprintf(bn, sizeof bn, "layer%d/bias", li);
  if (!w || !b || !ws || !bs || !wq || !bq || !z) {
    tc_seterr(st->err, st->errlen, "layer %d: out of memory", li);
    goto done;
  }
  fold(l, w, b);
  if (st->mode != TC_EXPORT_INT8) {
    float x = clamped(l), out_mul = x > 0.0f ? 6.0f / x : 1.0f;
    for (j = 0; j < nw; j++) w[j] *= st->in_mul * out_mul;
    for (c = 0; c < oc; c++) b[c] *= out_mul;
    st->in_mul = x > 0.0f ? x / 6.0f : 1.0f;
  }
  if (!quant) {
    *wt = tc_graph_tensor(st->g, wn, TC_FLOAT32, ndims, wd, w, NULL, NULL, 0, 0);
  } else {
    for (c = 0; c < oc; c++) {
      size_t stride = dw ? (size_t)oc : 1;
      size_t base = dw ? (size_t)c : (size_t)c * per;
      ws[c] = per_channel ? tc_qparams_weight_scale(w + base, per, stride)
                          : tc_qparams_weight_scale(w, nw, 1);
      for (j = 0; j < per; j++)
        wq[base + j * stride] = quant_w(w[base + j * stride], ws[c]);
    }
    *wt = tc_graph_tensor(st->g, wn, TC_INT8, ndims, wd, wq, ws, z,
                          per_channel ? oc : 1, per_channel ? qdim : 0);
  }
  if (st->mode == TC_EXPORT_INT8) {
    for (c = 0; c < oc; c++) {
      bs[c] = st->scale * ws[per_channel ? c : 0];
      bq[c] = quant_b(b[c], bs[c]);
    }
    *bt = tc_graph_tensor(st->g, bn, TC_INT32, 1, bd, bq, bs, z,
                          per_channel ? oc : 1, 0);
  } else {
    *bt = tc_graph_tensor(st->g, bn, TC_FLOAT32, 1, bd, b, NULL, NULL, 0, 0);
  }
  ok = *wt >= 0 && *bt >= 0;
  if (!ok) tc_seterr(st->err, st->errlen, "layer %d: %s", li, tc_graph_error(st->g));
done:
  free(w); free(b); free(ws); free(bs); free(wq); free(bq); free(z);
  return ok ? 0 : -1;
}

static int check_layer(const tc_net *net, int i, const int32_t *dims, int ndims,
                       char *err, size_t errlen) {
  const tc_layer *l = &net->layers[i];
  int in_h = ndims == 4 ? dims[1] : 1, in_w = ndims == 4 ? dims[2] : 1;
  int in_c = ndims == 4 ? dims[3] : dims[1];
  if (l->in_h != in_h || l->in_w != in_w || l->in_c != in_c) {
    tc_seterr(err, errlen, "layer %d: input %dx%dx%d, the previous layer gives "
           "%dx%dx%d", i, l->in_h, l->in_w, l->in_c, in_h, in_w, in_c);
    return -1;
  }
  if (l->out_h < 1 || l->out_w < 1 || l->out_c < 1) {
    tc_seterr(err, errlen, "layer %d: output %dx%dx%d", i, l->out_h, l->out_w,
           l->out_c);
    return -1;
  }
  if (has_weights(l->kind)) {
    size_t want = l->kind == TC_LAYER_CONV
                      ? (size_t)l->out_c * l->kh * l->kw * l->in_c
                  : l->kind == TC_LAYER_DWCONV
                      ? (size_t)l->kh * l->kw * l->out_c
                      : (size_t)l->out_c * l->in_h * l->in_w * l->in_c;
    if (!l->w || !l->b || l->nw != want ||
        (l->bn && (!l->bn_gamma || !l->bn_beta || !l->bn_mean || !l->bn_var))) {
      tc_seterr(err, errlen, "layer %d: %zu weights (expected %zu), bias %s, "
             "batch norm %s", i, l->nw, want, l->b ? "set" : "missing",
             l->bn ? "incomplete or set" : "off");
      return -1;
    }
    if (l->kind == TC_LAYER_DWCONV && l->out_c != l->in_c) {
      tc_seterr(err, errlen, "layer %d: depthwise with %d -> %d channels "
             "(multiplier 1 only)", i, l->in_c, l->out_c);
      return -1;
    }
  }
  if (l->act != TC_LACT_NONE && l->act != TC_LACT_RELU &&
      l->act != TC_LACT_RELU6) {
    tc_seterr(err, errlen, "layer %d: activation %d", i, l->act);
    return -1;
  }
  return 0;
}

static int conv_like(xstate *st, const tc_layer *l, int li) {
  int32_t od[4], wd[4];
  int wt, bt, y, dw = l->kind == TC_LAYER_DWCONV;
  char nm[64];
  tc_opts o;
  od[0] = 1; od[1] = l->out_h; od[2] = l->out_w; od[3] = l->out_c;
  if (dw) {
    wd[0] = 1; wd[1] = l->kh; wd[2] = l->kw; wd[3] = l->out_c;
  } else {
    wd[0] = l->out_c; wd[1] = l->kh; wd[2] = l->kw; wd[3] = l->in_c;
  }
  if (weights(st, l, li, 4, wd, dw ? 3 : 0, 1, &wt, &bt) != 0) return -1;
  snprintf(nm, sizeof nm, "layer%d/%s", li, dw ? "depthwise" : "conv");
  y = out_tensor(st, nm, 4, od, 1, l);
  o = dw ? tc_opts_depthwise(l->same ? TC_PADDING_SAME : TC_PADDING_VALID,
                             l->stride, l->stride, 1, out_act(st, l), 1, 1)
         : tc_opts_conv2d(l->same ? TC_PADDING_SAME : TC_PADDING_VALID,
                          l->stride, l->stride, out_act(st, l), 1, 1);
  tc_graph_op(st->g, dw ? TC_BUILTIN_DEPTHWISE_CONV_2D : TC_BUILTIN_CONV_2D, 3,
              (int32_t[]){st->x, wt, bt}, 1, (int32_t[]){y}, &o);
  st->x = y;
  memcpy(st->dims, od, sizeof od);
  st->ndims = 4;
  return 0;
}

static int pool(xstate *st, const tc_layer *l, int li) {
  int32_t od[4];
  int y, avg = l->kind == TC_LAYER_AVGPOOL;
  int stride = l->stride > 0 ? l->stride : (avg ? l->kh : 2);
  char nm[64];
  tc_opts o;
  od[0] = 1; od[1] = l->out_h; od[2] = l->out_w; od[3] = l->out_c;
  snprintf(nm, sizeof nm, "layer%d/%s", li, avg ? "avgpool" : "maxpool");
  y = out_tensor(st, nm, 4, od, 0, l);
  o = tc_opts_pool2d(l->same ? TC_PADDING_SAME : TC_PADDING_VALID, stride,
                     stride, l->kw, l->kh, TC_FUSED_NONE);
  tc_graph_op(st->g, avg ? TC_BUILTIN_AVERAGE_POOL_2D : TC_BUILTIN_MAX_POOL_2D,
              1, (int32_t[]){st->x}, 1, (int32_t[]){y}, &o);
  st->x = y;
  memcpy(st->dims, od, sizeof od);
  return 0;
}

static int flatten(xstate *st, int li) {
  int32_t n = st->ndims == 4 ? st->dims[1] * st->dims[2] * st->dims[3]
                             : st->dims[1];
  int32_t od[2], sd[1] = {2};
  int shp, y;
  char nm[64];
  tc_opts o;
  od[0] = 1;
  od[1] = n;
  snprintf(nm, sizeof nm, "layer%d/flatten_shape", li);
  shp = tc_graph_tensor(st->g, nm, TC_INT32, 1, sd, od, NULL, NULL, 0, 0);
  snprintf(nm, sizeof nm, "layer%d/flatten", li);
  y = out_tensor(st, nm, 2, od, 0, NULL);
  o = tc_opts_reshape(2, od);
  tc_graph_op(st->g, TC_BUILTIN_RESHAPE, 2, (int32_t[]){st->x, shp}, 1,
              (int32_t[]){y}, &o);
  st->x = y;
  st->dims[0] = 1;
  st->dims[1] = n;
  st->ndims = 2;
  return 0;
}

static int dense(xstate *st, const tc_layer *l, int li) {
  int32_t in_n = l->in_h * l->in_w * l->in_c, wd[2], od[2];
  int wt, bt, y;
  char nm[64];
  tc_opts o;
  wd[0] = l->out_c;
  wd[1] = in_n;
  od[0] = 1;
  od[1] = l->out_c;
  if (weights(st, l, li, 2, wd, 0, 0, &wt, &bt) != 0) return -1;
  snprintf(nm, sizeof nm, "layer%d/dense", li);
  y = out_tensor(st, nm, 2, od, 1, l);
  o = tc_opts_fc(out_act(st, l), 0);
  tc_graph_op(st->g, TC_BUILTIN_FULLY_CONNECTED, 3, (int32_t[]){st->x, wt, bt},
              1, (int32_t[]){y}, &o);
  st->x = y;
  memcpy(st->dims, od, sizeof od);
  st->ndims = 2;
  return 0;
}

int tc_net_export(const tc_net *net, int mode, uint8_t **bytes, size_t *len,
                  char *err, size_t errlen) {
  xstate st;
  int32_t in_d[4], o_d[2] = {1, 1};
  int input, y, i, rc = -1;
  const tc_layer *last;
  if (!net || !bytes || !len || net->nlayers < 1 || !net->layers) {
    tc_seterr(err, errlen, "export: no network");
    return -1;
  }
  if (mode != TC_EXPORT_INT8 && mode != TC_EXPORT_FLOAT &&
      mode != TC_EXPORT_HYBRID) {
    tc_seterr(err, errlen, "export: unknown mode %d", mode);
    return -1;
  }
  last = &net->layers[net->nlayers - 1];
  if (last->kind != TC_LAYER_DENSE || last->out_c != 1 ||
      last->act != TC_LACT_NONE) {
    tc_seterr(err, errlen, "export: the last layer (%d) must be a dense layer "
           "with one output and no activation (the logit)", net->nlayers - 1);
    return -1;
  }
  memset(&st, 0, sizeof st);
  st.mode = mode;
  st.in_mul = 1.0f;
  st.err = err;
  st.errlen = errlen;
  if (!(st.g = tc_graph_new())) {
    tc_seterr(err, errlen, "export: out of memory");
    return -1;
  }
  in_d[0] = 1; in_d[1] = net->in_h; in_d[2] = net->in_w; in_d[3] = net->in_c;
  {
    int32_t zp;
    tc_net_input_q(net, &st.scale, &zp, NULL, NULL); /* 1/255, -128 unless a backbone's */
    st.zp = zp;
  }
  input = out_tensor(&st, "input", 4, in_d, 0, NULL);
  st.x = input;
  memcpy(st.dims, in_d, sizeof in_d);
  st.ndims = 4;
  for (i = 0; i < net->nlayers; i++) {
    const tc_layer *l = &net->layers[i];
    int r = 0;
    if (check_layer(net, i, st.dims, st.ndims, err, errlen) != 0) goto out;
    switch (l->kind) {
      case TC_LAYER_CONV:
      case TC_LAYER_DWCONV:
        if (st.ndims != 4) r = -2;
        else r = conv_like(&st, l, i);
        break;
      case TC_LAYER_MAXPOOL:
      case TC_LAYER_AVGPOOL:
        if (st.ndims != 4) r = -2;
        else r = pool(&st, l, i);
        break;
      case TC_LAYER_FLATTEN:
        if (st.ndims == 4) r = flatten(&st, i);
        break;
      case TC_LAYER_DROPOUT: /* identity at inference */
        break;
      case TC_LAYER_DENSE:
        if (st.ndims == 4) r = flatten(&st, i);
        if (r == 0) r = dense(&st, l, i);
        break;
      default:
        tc_seterr(err, errlen, "layer %d: unknown kind %d", i, l->kind);
        goto out;
    }
    if (r == -2) {
      tc_seterr(err, errlen, "layer %d: needs an image-shaped input, got a "
             "flat vector", i);
      goto out;
    }
    if (r != 0) goto out;
  }
  if (mode == TC_EXPORT_INT8) {
    float s = 1.0f / 256.0f;
    int64_t z = -128;
    y = tc_graph_tensor(st.g, "score", TC_INT8, 2, o_d, NULL, &s, &z, 1, 0);
  } else {
    y = tc_graph_tensor(st.g, "score", TC_FLOAT32, 2, o_d, NULL, NULL, NULL, 0, 0);
  }
  tc_graph_op(st.g, TC_BUILTIN_LOGISTIC, 1, (int32_t[]){st.x}, 1,
              (int32_t[]){y}, NULL);
  tc_graph_io(st.g, 1, (int32_t[]){input}, 1, (int32_t[]){y});
  if (tc_net_metadata(net, st.g, err, errlen) != 0) goto out;
  if (tc_graph_serialize(st.g, bytes, len) != TC_OK) {
    tc_seterr(err, errlen, "export: %s", tc_graph_error(st.g));
    goto out;
  }
  rc = 0;
out:
  tc_graph_free(st.g);
  return rc;
}
