/* Private to the backbone import (src/train/backbone.c: the model walk,
 * the cut, apply; backbone_ops.c: one converter per op). */
#ifndef TC_TRAIN_BACKBONE_INTERNAL_H
#define TC_TRAIN_BACKBONE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/train.h"
#include "../runtime/internal.h"

typedef struct importer {
  tc_model m;
  tc_backbone *bb;
  size_t spec_len, cap_params;
  int cap_layers;
  int h, w, c;        /* current activation shape (h = w = 0: flat) */
  int pad_t, pad_b, pad_l, pad_r, pad_pending;
  int last_fc_in;     /* inputs per unit of the last dense layer */
  char *err;
  size_t errlen;
} importer;

/* Tensor idx of the model (-1 and a zeroed *t when absent or bad). */
int tc_bb_tensor(const importer *im, int32_t idx, tc_tensor *t);
/* Its name escaped into buf. */
const char *tc_bb_tname(const tc_tensor *t, char *buf, size_t cap);
/* Op i as trainer layer(s), appended to im->bb: 0 or -1 with im->err. */
int tc_bb_conv(importer *im, uint32_t i, const tc_opinfo *op, int dw);
int tc_bb_fc(importer *im, uint32_t i, const tc_opinfo *op);
int tc_bb_conv_as_fc(importer *im, uint32_t i, const tc_opinfo *op);
int tc_bb_pool(importer *im, uint32_t i, const tc_opinfo *op, int avg);
int tc_bb_pad(importer *im, uint32_t i, const tc_opinfo *op);
int tc_bb_flatten(importer *im);
/* The 2-class classifier at the end as one logit (--cut head). */
int tc_bb_head_logit(importer *im);

#endif
