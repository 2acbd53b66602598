/* Transfer learning: a pretrained .tflite read with the runtime's own
 * loader and turned into trainer layers (train.h, tc_backbone_load).
 *
 * Each supported op becomes one spec token with float weights:
 *   CONV_2D            cN kK sS [r|r6] [mX] [v]  weights OHWI as the trainer's
 *   DEPTHWISE_CONV_2D  dwK ...                   multiplier 1; with one input
 *                      channel and multiplier M, a conv of M filters (same
 *                      arithmetic: each output channel sees the one input)
 *   FULLY_CONNECTED    fcN [r|r6] [mX]
 *   AVERAGE/MAX_POOL   gap (global) or apK sS / pK sS
 *   RESHAPE to [1, N]  f
 *   PAD                only right before a VALID conv/depthwise and equal to
 *                      what SAME padding adds there (Keras' ZeroPadding2D +
 *                      VALID): the conv becomes SAME
 * Weights: int8 (symmetric, per channel or per tensor) dequantized as
 * q * scale[c]; float32 copied. Biases: int32 as q * bias_scale[c] (the
 * converter's input_scale * weight_scale[c]); float32 copied; absent = 0.
 * The fused activation is kept; a relu/relu6 layer whose int8 output
 * range ends below the activation's ceiling by more than half a step is
 * clamped there in float too (mX), because the int8 model clips it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backbone_internal.h"
#include "engine.h"
#include "host_util.h"

static int find_cut(importer *im, const char *cut, int32_t *idx) {
  uint32_t i, j;
  tc_opinfo op;
  tc_tensor t;
  *idx = -1;
  if (!cut || !strcmp(cut, "auto")) {
    for (i = 0; i < im->m.n_ops; i++) {
      if (tc_model_op(&im->m, i, &op) != 0) continue;
      if ((op.code == TC_OP_AVERAGE_POOL_2D || op.code == TC_OP_MEAN) &&
          op.nin >= 1 && tc_bb_tensor(im, op.in[0], &t) == 0 && t.ndims == 4 &&
          tc_bb_tensor(im, op.out[0], &t) == 0 && tc_numel(&t) == (uint32_t)t.dims[t.ndims - 1])
        *idx = op.in[0];
    }
    if (*idx < 0) {
      tc_seterr(im->err, im->errlen, "backbone: no global average pool to cut "
                "before; name the tensor with --cut");
      return -1;
    }
    return 0;
  }
  if (!strcmp(cut, "head")) {
    *idx = tc_model_io(&im->m, 1, 0);
    return 0;
  }
  if (cut[0] == 't' && cut[1] >= '0' && cut[1] <= '9') {
    char *end;
    long v = strtol(cut + 1, &end, 10);
    if (!*end && v >= 0 && (uint32_t)v < im->m.n_tensors) {
      *idx = (int32_t)v;
      return 0;
    }
  }
  for (j = 0; j < im->m.n_tensors; j++)
    if (tc_bb_tensor(im, (int32_t)j, &t) == 0 && t.name && !strcmp(t.name, cut)) {
      *idx = (int32_t)j;
      return 0;
    }
  {
    char e[200];
    tc_seterr(im->err, im->errlen, "backbone: no tensor named '%s' (--cut "
              "takes a tensor name, t<INDEX>, auto or head; see tinycnn "
              "inspect)", tc_escape(e, sizeof e, cut));
  }
  return -1;
}

static int import(importer *im, const char *cut) {
  tc_backbone *bb = im->bb;
  tc_tensor in, t;
  int32_t cur, cut_idx;
  int head = cut && !strcmp(cut, "head");
  uint32_t i;
  char nb[200];
  if (im->m.n_inputs != 1 || tc_model_io_tensor(&im->m, 0, 0, &in) != TC_OK ||
      in.ndims != 4 || in.dims[0] != 1 || (in.dims[3] != 1 && in.dims[3] != 3) ||
      in.type != TC_INT8 || in.nscales != 1 || !(in.scale > 0.0f)) {
    tc_seterr(im->err, im->errlen, "backbone: the model must have one int8 "
              "[1,H,W,1|3] input (per-tensor quantized)");
    return -1;
  }
  bb->in_h = im->h = in.dims[1];
  bb->in_w = im->w = in.dims[2];
  bb->in_c = im->c = in.dims[3];
  bb->in_scale = in.scale;
  bb->in_zp = in.zero_point;
  if (find_cut(im, cut, &cut_idx) != 0) return -1;
  bb->cut_index = cut_idx;
  if (tc_bb_tensor(im, cut_idx, &t) == 0) snprintf(bb->cut, sizeof bb->cut, "%s", t.name ? t.name : "");
  cur = tc_model_io(&im->m, 0, 0);
  for (i = 0; i < im->m.n_ops && cur != cut_idx; i++) {
    tc_opinfo op;
    int r;
    if (tc_model_op(&im->m, i, &op) != 0 || op.nin < 1 || op.nout < 1) {
      tc_seterr(im->err, im->errlen, "backbone: op %u: unreadable", i);
      return -1;
    }
    if (op.in[0] != cur) {
      tc_bb_tensor(im, cur, &t);
      tc_seterr(im->err, im->errlen, "backbone: op %u %s does not read the "
                "previous op's output '%s': only a chain of ops (no branches) "
                "can be imported", i, tc_op_name(op.code), tc_bb_tname(&t, nb, sizeof nb));
      return -1;
    }
    switch (op.code) {
    case TC_OP_CONV_2D:
      r = head ? tc_bb_conv_as_fc(im, i, &op) : tc_bb_conv(im, i, &op, 0);
      break;
    case TC_OP_DEPTHWISE_CONV_2D: r = tc_bb_conv(im, i, &op, 1); break;
    case TC_OP_FULLY_CONNECTED:
      r = im->h ? tc_bb_flatten(im) : 0;
      if (!r) r = tc_bb_fc(im, i, &op);
      break;
    case TC_OP_AVERAGE_POOL_2D: r = tc_bb_pool(im, i, &op, 1); break;
    case TC_OP_MAX_POOL_2D: r = tc_bb_pool(im, i, &op, 0); break;
    case TC_OP_PAD: r = tc_bb_pad(im, i, &op); break;
    case TC_OP_RESHAPE:
    case TC_OP_SQUEEZE:
      if (tc_bb_tensor(im, op.out[0], &t) || (t.ndims != 2 && t.ndims != 1)) {
        tc_seterr(im->err, im->errlen, "backbone: op %u %s: only a flatten "
                  "to [1, N] can be imported", i, tc_op_name(op.code));
        return -1;
      }
      r = tc_bb_flatten(im);
      break;
    case TC_OP_SOFTMAX:
    case TC_OP_LOGISTIC:
      r = head ? 0 : -1;
      if (r) tc_seterr(im->err, im->errlen, "backbone: op %u %s before the cut",
                       i, tc_op_name(op.code));
      break;
    default:
      tc_seterr(im->err, im->errlen, "backbone: op %u %s: not importable (CONV_2D, "
                "DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, "
                "MAX_POOL_2D, PAD, RESHAPE)", i, tc_op_name(op.code));
      return -1;
    }
    if (r) return -1;
    cur = op.out[0];
  }
  if (cur != cut_idx) {
    tc_seterr(im->err, im->errlen, "backbone: the cut tensor is not on the "
              "model's chain of ops");
    return -1;
  }
  if (im->pad_pending) {
    tc_seterr(im->err, im->errlen, "backbone: the cut is right after a PAD");
    return -1;
  }
  if (bb->nlayers == 0) {
    tc_seterr(im->err, im->errlen, "backbone: no layers before the cut");
    return -1;
  }
  bb->flat = im->h == 0;
  if (head) {
    bb->head = 1;
    return tc_bb_head_logit(im);
  }
  return 0;
}

static int read_file(const char *path, uint8_t **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  long n;
  if (!f) return -1;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0 || !(*data = malloc((size_t)n + 1)) ||
      fread(*data, 1, (size_t)n, f) != (size_t)n) {
    int e = errno ? errno : EIO;
    fclose(f);
    errno = e;
    return -1;
  }
  fclose(f);
  *len = (size_t)n;
  return 0;
}

int tc_backbone_load(const char *path, const char *cut, tc_backbone *bb,
                     char *err, size_t errlen) {
  importer im;
  uint8_t *data = NULL;
  size_t len = 0;
  char e[1100];
  int rc;
  memset(bb, 0, sizeof *bb);
  memset(&im, 0, sizeof im);
  if (read_file(path, &data, &len) != 0) {
    tc_seterr(err, errlen, "backbone %s: cannot read: %s",
              tc_escape(e, sizeof e, path), strerror(errno));
    return -1;
  }
  if (tc_model_load(&im.m, data, len) != TC_OK) {
    tc_seterr(err, errlen, "backbone %s: %s", tc_escape(e, sizeof e, path), im.m.msg);
    free(data);
    return -1;
  }
  im.bb = bb;
  im.err = err;
  im.errlen = errlen;
  rc = import(&im, cut);
  free(data); /* everything needed was copied */
  if (rc != 0) tc_backbone_free(bb);
  return rc;
}

int tc_backbone_apply(const tc_backbone *bb, tc_net *net, char *err,
                      size_t errlen) {
  size_t at = 0;
  int i;
  if (net->nlayers < bb->nlayers || net->in_h != bb->in_h ||
      net->in_w != bb->in_w || net->in_c != bb->in_c) {
    tc_seterr(err, errlen, "backbone: the network (%d layers, %dx%dx%d) does "
              "not start with the backbone's %d layers at %dx%dx%d",
              net->nlayers, net->in_h, net->in_w, net->in_c, bb->nlayers,
              bb->in_h, bb->in_w, bb->in_c);
    return -1;
  }
  for (i = 0; i < bb->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    if (tc_has_weights(l->kind)) {
      if (l->bn || at + l->nw + (size_t)l->out_c > bb->nparams) {
        tc_seterr(err, errlen, "backbone: layer %d does not match the "
                  "backbone's", i);
        return -1;
      }
      memcpy(l->w, bb->params + at, l->nw * sizeof(float));
      memcpy(l->b, bb->params + at + l->nw, (size_t)l->out_c * sizeof(float));
      at += l->nw + (size_t)l->out_c;
    }
    l->out_min = bb->ranges[2 * i];
    l->out_max = bb->ranges[2 * i + 1];
  }
  if (at != bb->nparams) {
    tc_seterr(err, errlen, "backbone: %zu weights imported, the network's "
              "first %d layers take %zu", bb->nparams, bb->nlayers, at);
    return -1;
  }
  net->in_scale = bb->in_scale;
  net->in_zp = bb->in_zp;
  tc_x(net)->prepared = 0;
  return 0;
}

void tc_backbone_free(tc_backbone *bb) {
  if (!bb) return;
  free(bb->params);
  free(bb->ranges);
  bb->params = bb->ranges = NULL;
  bb->nparams = 0;
}
