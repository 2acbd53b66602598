/* The op converters of the backbone import (backbone.c has the model
 * walk): one trainer layer, its spec token, weights and output range per
 * supported op. See backbone.c for the rules. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backbone_internal.h"
#include "host_util.h"

/* TFLite schema field ids of the options tables used here. */
enum { CONV_PAD = 0, CONV_SW = 1, CONV_SH = 2, CONV_ACT = 3, CONV_DW = 4,
       CONV_DH = 5 };
enum { DW_PAD = 0, DW_SW = 1, DW_SH = 2, DW_MULT = 3, DW_ACT = 4, DW_DW = 5,
       DW_DH = 6 };
enum { POOL_PAD = 0, POOL_SW = 1, POOL_SH = 2, POOL_FW = 3, POOL_FH = 4,
       POOL_ACT = 5 };
enum { FC_ACT = 0 };

static int opt_i32(const importer *im, const tc_opinfo *op, int field,
                   int32_t def) {
  tc_node n;
  memset(&n, 0, sizeof n);
  n.opts = op->opts;
  n.model = &im->m;
  return tc_opt_i32(&n, field, def);
}

static int opt_u8(const importer *im, const tc_opinfo *op, int field, int def) {
  tc_node n;
  memset(&n, 0, sizeof n);
  n.opts = op->opts;
  n.model = &im->m;
  return tc_opt_u8(&n, field, def);
}

int tc_bb_tensor(const importer *im, int32_t idx, tc_tensor *t) {
  if (idx < 0 || tc_model_tensor(&im->m, (uint32_t)idx, t) != 0) {
    memset(t, 0, sizeof *t);
    return -1;
  }
  return 0;
}

const char *tc_bb_tname(const tc_tensor *t, char *buf, size_t cap) {
  return tc_escape(buf, cap, t->name && t->name[0] ? t->name : "(unnamed)");
}

static int add_token(importer *im, const char *tok) {
  size_t n = strlen(tok);
  if (im->spec_len + n + 2 >= sizeof im->bb->spec) {
    tc_seterr(im->err, im->errlen, "backbone: more layers than a spec holds "
              "(%d characters)", (int)sizeof im->bb->spec);
    return -1;
  }
  if (im->spec_len) im->bb->spec[im->spec_len++] = ',';
  memcpy(im->bb->spec + im->spec_len, tok, n + 1);
  im->spec_len += n;
  return 0;
}

static int grow(importer *im, size_t more) {
  tc_backbone *bb = im->bb;
  if (bb->nparams + more > im->cap_params) {
    size_t cap = im->cap_params ? im->cap_params : 65536;
    float *p;
    while (cap < bb->nparams + more) cap *= 2;
    if (!(p = realloc(bb->params, cap * sizeof *p))) return -1;
    bb->params = p;
    im->cap_params = cap;
  }
  if (bb->nlayers + 1 > im->cap_layers) {
    int cap = im->cap_layers ? 2 * im->cap_layers : 32;
    float *r = realloc(bb->ranges, (size_t)cap * 2 * sizeof *r);
    if (!r) return -1;
    bb->ranges = r;
    im->cap_layers = cap;
  }
  return 0;
}

/* The real range an int8/uint8 activation tensor can hold. */
static void qrange(const tc_tensor *t, float *lo, float *hi) {
  int qmin = t->type == TC_UINT8 ? 0 : -128, qmax = t->type == TC_UINT8 ? 255 : 127;
  if (t->nscales == 0 || !(t->scale > 0.0f)) {
    *lo = -INFINITY;
    *hi = INFINITY;
    return;
  }
  *lo = (float)((qmin - t->zero_point) * (double)t->scale);
  *hi = (float)((qmax - t->zero_point) * (double)t->scale);
}

/* Appends the layer's output range; for relu/relu6 a clamp token part
 * when the int8 range stops clearly below the activation's ceiling. */
static void act_suffix(importer *im, const tc_tensor *out, int act, char *buf,
                       size_t cap) {
  float lo, hi, ceil = act == TC_ACT_RELU6 ? 6.0f : INFINITY;
  tc_backbone *bb = im->bb;
  qrange(out, &lo, &hi);
  bb->ranges[2 * bb->nlayers] = lo == -INFINITY ? 0.0f : lo;
  bb->ranges[2 * bb->nlayers + 1] = hi == INFINITY ? 0.0f : hi;
  buf[0] = 0;
  if (act == TC_ACT_RELU) snprintf(buf, cap, "r");
  if (act == TC_ACT_RELU6) snprintf(buf, cap, "r6");
  if ((act == TC_ACT_RELU || act == TC_ACT_RELU6) && hi < INFINITY &&
      hi < ceil - 0.5f * out->scale) {
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "m%.9g", (double)hi);
    bb->nclamped++;
  }
}

/* Weight value k of a constant tensor with output channel ch. */
static float wval(const tc_tensor *t, size_t k, int ch) {
  if (t->type == TC_FLOAT32) {
    float f;
    memcpy(&f, (const uint8_t *)t->data + 4 * k, 4);
    return f;
  }
  return (float)((const int8_t *)t->data)[k] *
         (t->nscales > 1 ? t->scales[ch] : t->scale);
}

static float bval(const tc_tensor *t, int ch) {
  int32_t q;
  if (!t->data) return 0.0f;
  if (t->type == TC_FLOAT32) {
    float f;
    memcpy(&f, (const uint8_t *)t->data + 4 * (size_t)ch, 4);
    return f;
  }
  memcpy(&q, (const uint8_t *)t->data + 4 * (size_t)ch, 4);
  return (float)((double)q * (t->nscales > 1 ? t->scales[ch] : t->scale));
}

static int check_weights(importer *im, uint32_t i, const char *opname,
                         const tc_tensor *w, const tc_tensor *b, int oc,
                         int qdim) {
  char nb[96];
  if (!w->is_const || !w->data ||
      (w->type != TC_INT8 && w->type != TC_FLOAT32) ||
      (w->type == TC_INT8 && (w->zero_point != 0 || w->nscales < 1 ||
                              (w->nscales > 1 && (w->nscales != oc ||
                                                  w->qdim != qdim))))) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: weights '%s' must be "
              "constant int8 (symmetric, per tensor or per output channel) or "
              "float32", i, opname, tc_bb_tname(w, nb, sizeof nb));
    return -1;
  }
  if (b->data && (!b->is_const || (b->type != TC_INT32 && b->type != TC_FLOAT32) ||
                  (int)(b->bytes / 4) != oc ||
                  (b->type == TC_INT32 && (b->nscales < 1 ||
                                           (b->nscales > 1 && b->nscales != oc))))) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: bias '%s' must be %d "
              "constant int32 (quantized) or float32 values", i, opname,
              tc_bb_tname(b, nb, sizeof nb), oc);
    return -1;
  }
  return 0;
}

static int check_act(importer *im, uint32_t i, const char *opname, int act) {
  if (act == TC_ACT_NONE || act == TC_ACT_RELU || act == TC_ACT_RELU6)
    return 0;
  tc_seterr(im->err, im->errlen, "backbone: op %u %s: fused activation %d "
            "(the trainer has none, relu and relu6)", i, opname, act);
  return -1;
}

/* SAME padding of a window op, as tc_out_dim / tc_pad_before compute it. */
static int same_pads(int in, int k, int s, int *before, int *after) {
  int out = (in + s - 1) / s, total = (out - 1) * s + k - in;
  if (total < 0) total = 0;
  *before = total / 2;
  *after = total - total / 2;
  return out;
}

/* Resolves a pending PAD into SAME padding for a VALID window op: 1 (the
 * op becomes SAME), 0 (no PAD) or -1 (a PAD SAME cannot express). */
static int take_pad(importer *im, uint32_t i, int valid, int kh, int kw,
                    int sh, int sw) {
  int bt, bb, bl, br;
  if (!im->pad_pending) return 0;
  im->pad_pending = 0;
  if (valid) {
    int in_h = im->h - im->pad_t - im->pad_b, in_w = im->w - im->pad_l - im->pad_r;
    same_pads(in_h, kh, sh, &bt, &bb);
    same_pads(in_w, kw, sw, &bl, &br);
    if (bt == im->pad_t && bb == im->pad_b && bl == im->pad_l &&
        br == im->pad_r) {
      im->h = in_h;
      im->w = in_w;
      return 1;
    }
  }
  tc_seterr(im->err, im->errlen, "backbone: op %u: the PAD before it "
            "(top %d, bottom %d, left %d, right %d) is not the SAME padding "
            "of a VALID window op here", i, im->pad_t, im->pad_b, im->pad_l,
            im->pad_r);
  return -1;
}

int tc_bb_conv(importer *im, uint32_t i, const tc_opinfo *op, int dw) {
  const char *nm = dw ? "DEPTHWISE_CONV_2D" : "CONV_2D";
  tc_tensor in, w, b, out;
  tc_backbone *bb = im->bb;
  int pad = opt_u8(im, op, dw ? DW_PAD : CONV_PAD, 0);
  int sw = opt_i32(im, op, dw ? DW_SW : CONV_SW, 1);
  int sh = opt_i32(im, op, dw ? DW_SH : CONV_SH, 1);
  int act = opt_u8(im, op, dw ? DW_ACT : CONV_ACT, 0);
  int dil_w = opt_i32(im, op, dw ? DW_DW : CONV_DW, 1);
  int dil_h = opt_i32(im, op, dw ? DW_DH : CONV_DH, 1);
  int kh, kw, oc, ic, same, as_conv = 0, ch, r;
  char tok[96], suf[48];
  size_t k, per;
  float *dst;
  if (op->nin < 2 || tc_bb_tensor(im, op->in[0], &in) || tc_bb_tensor(im, op->in[1], &w) ||
      tc_bb_tensor(im, op->out[0], &out) || w.ndims != 4 || out.ndims != 4) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: expected 4-D input, "
              "weights and output", i, nm);
    return -1;
  }
  if (op->nin < 3 || tc_bb_tensor(im, op->in[2], &b)) memset(&b, 0, sizeof b);
  kh = w.dims[1];
  kw = w.dims[2];
  oc = dw ? w.dims[3] : w.dims[0];
  ic = im->c;
  if (check_act(im, i, nm, act) || check_weights(im, i, nm, &w, &b, oc, dw ? 3 : 0))
    return -1;
  /* Strides from the file are divisors below: 0 must be an error. */
  if (kh != kw || sh != sw || sh < 1 || sh > 65535 || dil_h != 1 || dil_w != 1 || im->h == 0 ||
      (!dw && w.dims[3] != ic) || (dw && oc % ic != 0) ||
      (dw && oc != ic && ic != 1)) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: %dx%d kernel, stride "
              "%dx%d, dilation %dx%d, %d -> %d channels: the trainer takes "
              "square kernels, equal strides, no dilation and depthwise "
              "multiplier 1 (or one input channel)", i, nm, kh, kw, sh, sw,
              dil_h, dil_w, ic, oc);
    return -1;
  }
  r = take_pad(im, i, pad == TC_PAD_VALID, kh, kw, sh, sw);
  if (r < 0) return -1;
  same = r == 1 || pad == TC_PAD_SAME;
  if (dw && oc != ic) as_conv = 1; /* one input channel, multiplier oc */
  if (grow(im, (size_t)kh * kw * (dw && !as_conv ? 1 : (size_t)ic) * oc + oc))
    goto oom;
  act_suffix(im, &out, act, suf, sizeof suf);
  if (dw && !as_conv)
    snprintf(tok, sizeof tok, "dw%ds%d%s%s", kh, sh, suf, same ? "" : "v");
  else
    snprintf(tok, sizeof tok, "c%dk%ds%d%s%s", oc, kh, sh, suf, same ? "" : "v");
  if (add_token(im, tok)) return -1;
  dst = bb->params + bb->nparams;
  per = (size_t)kh * kw;
  if (!dw) {
    per *= (size_t)ic;
    for (ch = 0; ch < oc; ch++)
      for (k = 0; k < per; k++)
        dst[(size_t)ch * per + k] = wval(&w, (size_t)ch * per + k, ch);
  } else if (!as_conv) { /* [1][kh][kw][oc] as the trainer's [kh][kw][c] */
    for (k = 0; k < per; k++)
      for (ch = 0; ch < oc; ch++)
        dst[k * oc + ch] = wval(&w, k * oc + ch, ch);
  } else { /* conv OHWI [oc][kh][kw][1] from [1][kh][kw][oc] */
    for (ch = 0; ch < oc; ch++)
      for (k = 0; k < per; k++) dst[(size_t)ch * per + k] = wval(&w, k * oc + ch, ch);
  }
  dst += per * (size_t)oc;
  for (ch = 0; ch < oc; ch++) dst[ch] = bval(&b, ch);
  bb->nparams += per * (size_t)oc + (size_t)oc;
  bb->nlayers++;
  im->h = same ? (im->h + sh - 1) / sh : (im->h - kh) / sh + 1;
  im->w = same ? (im->w + sw - 1) / sw : (im->w - kw) / sw + 1;
  im->c = oc;
  if (out.dims[1] != im->h || out.dims[2] != im->w || out.dims[3] != oc) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: output %dx%dx%d, "
              "expected %dx%dx%d", i, nm, out.dims[1], out.dims[2],
              out.dims[3], im->h, im->w, oc);
    return -1;
  }
  return 0;
oom:
  tc_seterr(im->err, im->errlen, "backbone: out of memory");
  return -1;
}

int tc_bb_fc(importer *im, uint32_t i, const tc_opinfo *op) {
  tc_tensor w, b, out;
  tc_backbone *bb = im->bb;
  int act = opt_u8(im, op, FC_ACT, 0), oc, n, ch;
  size_t k;
  char tok[96], suf[48];
  int per;
  /* 2-D [out][in], or a 1x1 conv's [out][1][1][in] (conv_as_fc). */
  if (op->nin < 2 || tc_bb_tensor(im, op->in[1], &w) || tc_bb_tensor(im, op->out[0], &out) ||
      (w.ndims != 2 && !(w.ndims == 4 && w.dims[1] == 1 && w.dims[2] == 1))) {
    tc_seterr(im->err, im->errlen, "backbone: op %u FULLY_CONNECTED: expected "
              "2-D weights", i);
    return -1;
  }
  if (op->nin < 3 || tc_bb_tensor(im, op->in[2], &b)) memset(&b, 0, sizeof b);
  oc = w.dims[0];
  per = w.dims[w.ndims - 1];
  n = im->h ? im->h * im->w * im->c : im->c;
  if (check_act(im, i, "FULLY_CONNECTED", act) ||
      check_weights(im, i, "FULLY_CONNECTED", &w, &b, oc, 0))
    return -1;
  if (per != n || im->pad_pending) {
    tc_seterr(im->err, im->errlen, "backbone: op %u FULLY_CONNECTED: %d inputs "
              "per unit, the layer before gives %d", i, per, n);
    return -1;
  }
  if (grow(im, (size_t)oc * n + oc)) {
    tc_seterr(im->err, im->errlen, "backbone: out of memory");
    return -1;
  }
  act_suffix(im, &out, act, suf, sizeof suf);
  snprintf(tok, sizeof tok, "fc%d%s", oc, suf);
  if (add_token(im, tok)) return -1;
  for (k = 0; k < (size_t)oc * n; k++)
    bb->params[bb->nparams + k] = wval(&w, k, (int)(k / (size_t)n));
  for (ch = 0; ch < oc; ch++)
    bb->params[bb->nparams + (size_t)oc * n + ch] = bval(&b, ch);
  bb->nparams += (size_t)oc * n + oc;
  bb->nlayers++;
  im->last_fc_in = n;
  im->h = im->w = 0;
  im->c = oc;
  return 0;
}

/* A 1x1 conv on a 1x1 map is a dense layer (the classifier of MobileNet). */
int tc_bb_conv_as_fc(importer *im, uint32_t i, const tc_opinfo *op) {
  tc_tensor w;
  if (tc_bb_tensor(im, op->in[1], &w) || w.ndims != 4 || w.dims[1] != 1 ||
      w.dims[2] != 1 || im->h != 1 || im->w != 1 || im->pad_pending)
    return tc_bb_conv(im, i, op, 0);
  im->h = im->w = 0;
  return tc_bb_fc(im, i, op) == 0 ? 0 : -1;
}

/* A layer without weights: its output range is its input's. */
static int keep_range(importer *im) {
  tc_backbone *bb = im->bb;
  if (grow(im, 0)) return -1;
  bb->ranges[2 * bb->nlayers] = bb->nlayers ? bb->ranges[2 * bb->nlayers - 2] : 0.0f;
  bb->ranges[2 * bb->nlayers + 1] = bb->nlayers ? bb->ranges[2 * bb->nlayers - 1] : 0.0f;
  return 0;
}

int tc_bb_pool(importer *im, uint32_t i, const tc_opinfo *op, int avg) {
  int pad = opt_u8(im, op, POOL_PAD, 0), sw = opt_i32(im, op, POOL_SW, 1);
  int sh = opt_i32(im, op, POOL_SH, 1), fw = opt_i32(im, op, POOL_FW, 1);
  int fh = opt_i32(im, op, POOL_FH, 1), act = opt_u8(im, op, POOL_ACT, 0);
  tc_backbone *bb = im->bb;
  char tok[64];
  if (im->h == 0 || act != TC_ACT_NONE || im->pad_pending || fh < 1 || fw < 1 ||
      sh < 1 || sw < 1 || sh > 65535 || sw > 65535 ||
      (!(fh == im->h && fw == im->w && pad == TC_PAD_VALID) &&
       (fh != fw || sh != sw))) {
    tc_seterr(im->err, im->errlen, "backbone: op %u %s: %dx%d window, stride "
              "%dx%d, activation %d: the trainer takes global or square "
              "windows with equal strides and no activation", i,
              avg ? "AVERAGE_POOL_2D" : "MAX_POOL_2D", fh, fw, sh, sw, act);
    return -1;
  }
  if (keep_range(im)) return -1;
  if (fh == im->h && fw == im->w && pad == TC_PAD_VALID && avg) {
    snprintf(tok, sizeof tok, "gap");
    im->h = im->w = 1;
  } else {
    int same = pad == TC_PAD_SAME;
    snprintf(tok, sizeof tok, "%s%ds%d%s", avg ? "ap" : "p", fh, sh,
             same ? "" : "v");
    im->h = same ? (im->h + sh - 1) / sh : (im->h - fh) / sh + 1;
    im->w = same ? (im->w + sw - 1) / sw : (im->w - fw) / sw + 1;
  }
  bb->nlayers++;
  return add_token(im, tok);
}

int tc_bb_pad(importer *im, uint32_t i, const tc_opinfo *op) {
  tc_tensor p;
  int k, v[8];
  if (op->nin < 2 || tc_bb_tensor(im, op->in[1], &p) || !p.is_const ||
      tc_numel(&p) != 8 || im->h == 0 || im->pad_pending) {
    tc_seterr(im->err, im->errlen, "backbone: op %u PAD: expected constant "
              "4x2 paddings of an image", i);
    return -1;
  }
  for (k = 0; k < 8; k++) v[k] = tc_index_at(&p, (uint32_t)k);
  if (v[0] || v[1] || v[6] || v[7]) {
    tc_seterr(im->err, im->errlen, "backbone: op %u PAD: pads the batch or "
              "the channels", i);
    return -1;
  }
  im->pad_t = v[2];
  im->pad_b = v[3];
  im->pad_l = v[4];
  im->pad_r = v[5];
  im->h += v[2] + v[3];
  im->w += v[4] + v[5];
  im->pad_pending = 1;
  return 0;
}

int tc_bb_flatten(importer *im) {
  tc_backbone *bb = im->bb;
  if (im->h == 0) return 0; /* already flat: nothing to do */
  if (keep_range(im)) return -1;
  bb->nlayers++;
  im->c = im->h * im->w * im->c;
  im->h = im->w = 0;
  return add_token(im, "f");
}

/* The model's 2-class (or 1-logit) classifier as one logit: softmax over
 * [z0, z1] is sigmoid(z1 - z0). The last layer must be fc2/fc1 without
 * activation. */
int tc_bb_head_logit(importer *im) {
  tc_backbone *bb = im->bb;
  char *last = strrchr(bb->spec, ',');
  size_t n, k;
  float *w, *b;
  last = last ? last + 1 : bb->spec;
  if (im->h != 0 || (strcmp(last, "fc2") && strcmp(last, "fc1"))) {
    tc_seterr(im->err, im->errlen, "backbone: --cut head needs a classifier "
              "ending in a 1- or 2-unit layer without activation (got '%s')",
              last);
    return -1;
  }
  if (!strcmp(last, "fc1")) return 0;
  /* params end with w[2][n], b[2] */
  n = (size_t)im->last_fc_in;
  w = bb->params + bb->nparams - 2 - 2 * n;
  b = w + 2 * n;
  for (k = 0; k < n; k++) w[k] = w[n + k] - w[k];
  w[n] = b[1] - b[0];
  bb->nparams -= n + 1;
  strcpy(last, "fc1");
  return 0;
}

