/* What a firmware must compile for one model (see build_config.h). */
#include "build_config.h"

#include <string.h>

#include "../runtime/internal.h"
#include "../train/host_util.h"

/* K values that get their own conv block: the rv32 4x4 block addresses
 * rows 0..3 of a patch with 12-bit immediates (3K + 3 < 2048,
 * conv_s8_rv32.h), and below 8 the generic block is as good (the default
 * list of conv_s8_opt.c starts at 8 too). */
#define K_MIN 8
#define K_MAX 681
/* Depthwise rows exist per input channel count: 4C < 2048 and 2SC < 2048
 * (immediate offsets, depthwise_conv_s8_rv32.h, strides up to 2). */
#define DW_MAX 511

static void add_op(tc_build_config *bc, const char *name) {
  size_t i, j;
  for (i = 0; i < bc->nops; i++) {
    int c = strcmp(bc->ops[i], name);
    if (c == 0) return;
    if (c > 0) break;
  }
  for (j = bc->nops; j > i; j--) bc->ops[j] = bc->ops[j - 1];
  bc->ops[i] = name;
  bc->nops++;
}

/* Into a sorted set of at most TC_BC_MAX_KS values. */
static void add_value(int32_t *set, size_t *n, int32_t v) {
  size_t i, j;
  for (i = 0; i < *n; i++) {
    if (set[i] == v) return;
    if (set[i] > v) break;
  }
  if (*n == TC_BC_MAX_KS) return;
  for (j = *n; j > i; j--) set[j] = set[j - 1];
  set[i] = v;
  (*n)++;
}

int tc_build_config_of(const tc_model *m, tc_build_config *bc, char *err,
                       size_t errlen) {
  uint32_t i;
  memset(bc, 0, sizeof *bc);
  bc->no_float = 1;
  for (i = 0; i < m->n_tensors; i++) {
    tc_tensor t;
    if (tc_model_tensor(m, i, &t) == 0 && t.type == TC_FLOAT32)
      bc->no_float = 0;
  }
  for (i = 0; i < m->n_ops; i++) {
    tc_opinfo op;
    tc_tensor x, w;
    if (tc_model_op(m, i, &op) != 0) {
      tc_seterr(err, errlen, "build config: op %u cannot be read", i);
      return -1;
    }
    /* The model loaded, so every op has a kernel and a name; the table
     * holds each distinct op once (fewer than there are kernels). */
    if (bc->nops == TC_BC_MAX_OPS) {
      tc_seterr(err, errlen, "build config: more than %d distinct ops",
                TC_BC_MAX_OPS);
      return -1;
    }
    add_op(bc, tc_op_name(op.code));
    if ((op.code != TC_OP_CONV_2D && op.code != TC_OP_DEPTHWISE_CONV_2D) ||
        op.nin < 2 || op.in[0] < 0 || op.in[1] < 0 ||
        tc_model_tensor(m, (uint32_t)op.in[0], &x) != 0 ||
        tc_model_tensor(m, (uint32_t)op.in[1], &w) != 0 ||
        x.type != TC_INT8 || w.ndims != 4 || x.ndims != 4)
      continue;
    if (op.code == TC_OP_CONV_2D) {
      /* OHWI filter: one output channel's patch is KH * KW * I values. */
      int32_t k = w.dims[1] * w.dims[2] * w.dims[3];
      if (k >= K_MIN && k <= K_MAX) add_value(bc->ks, &bc->nks, k);
    } else if (x.dims[3] >= 1 && x.dims[3] <= DW_MAX) {
      add_value(bc->dws, &bc->ndws, x.dims[3]);
    }
  }
  return 0;
}
