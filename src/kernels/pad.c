/* PAD (and an optional third constant_values input, as TFLM accepts),
 * int8 / float32 / int32, rank <= 5 like TFLM.
 * The pad value is 0 (float32, int32) or the output zero point (int8),
 * unless a constant_values scalar is given. Paddings must be a constant
 * int32 or int64 tensor of shape [rank, 2]; it is read again at invoke
 * (it lives in the model), so the op needs no persistent memory. */
#include <string.h>

#include "kernel.h"

#define PAD_MAX_DIMS 5

static void fill_elems(uint8_t *dst, const uint8_t *value, size_t esize,
                       int32_t count) {
  int32_t i;
  if (esize == 1) {
    memset(dst, value[0], (size_t)count);
    return;
  }
  for (i = 0; i < count; i++) memcpy(dst + (size_t)i * esize, value, esize);
}

/* --- reference kernel ----------------------------------------------------
 * Output in row-major order over a 5-D view: rows of the innermost dim are
 * either all padding, or left pad + one input row + right pad. */
static void pad_nd(const tc_tensor *in, const tc_tensor *paddings,
                   const uint8_t *value, tc_tensor *out) {
  const size_t es = tc_type_size(in->type);
  const int off = PAD_MAX_DIMS - in->ndims;
  int32_t od[PAD_MAX_DIMS], lo[PAD_MAX_DIMS], hi[PAD_MAX_DIMS];
  int32_t i0, i1, i2, i3;
  const uint8_t *x = (const uint8_t *)in->data;
  uint8_t *y = (uint8_t *)out->data;
  int d;
  for (d = 0; d < PAD_MAX_DIMS; d++) {
    od[d] = 1;
    lo[d] = 0;
    hi[d] = 1;
  }
  for (d = 0; d < in->ndims; d++) {
    od[off + d] = out->dims[d];
    lo[off + d] = tc_index_at(paddings, 2 * d);
    hi[off + d] = od[off + d] - tc_index_at(paddings, 2 * d + 1); /* end */
  }
  for (i0 = 0; i0 < od[0]; i0++)
    for (i1 = 0; i1 < od[1]; i1++)
      for (i2 = 0; i2 < od[2]; i2++)
        for (i3 = 0; i3 < od[3]; i3++) {
          const int32_t depth = od[4];
          if (i0 < lo[0] || i0 >= hi[0] || i1 < lo[1] || i1 >= hi[1] ||
              i2 < lo[2] || i2 >= hi[2] || i3 < lo[3] || i3 >= hi[3]) {
            fill_elems(y, value, es, depth);
          } else {
            const int32_t n = hi[4] - lo[4];
            fill_elems(y, value, es, lo[4]);
            memcpy(y + (size_t)lo[4] * es, x, (size_t)n * es);
            fill_elems(y + (size_t)hi[4] * es, value, es, depth - hi[4]);
            x += (size_t)n * es;
          }
          y += (size_t)depth * es;
        }
}

/* --- prepare / invoke --------------------------------------------------- */

static tc_status pad_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *pads = tc_in(c, n, 1);
  const tc_tensor *cv = n->nin == 3 ? tc_in(c, n, 2) : 0;
  const tc_tensor *out = tc_out(c, n, 0);
  int d;

  if ((n->nin != 2 && n->nin != 3) || n->nout != 1 || !in || !pads || !out)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "expected inputs (data, paddings[, constant_values]) and 1 output");
  if (in->type != TC_INT8 && in->type != TC_FLOAT32 && in->type != TC_INT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8, float32 or int32",
                   tc_type_name(in->type));
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s like the input",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (in->ndims > PAD_MAX_DIMS)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input is %d-D, at most %d-D is supported",
                   in->ndims, PAD_MAX_DIMS);
  if (out->ndims != in->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %d-D, expected %d-D like the input",
                   out->ndims, in->ndims);
  if (pads->type != TC_INT32 && pads->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (paddings) is %s, expected int32 or int64",
                   tc_type_name(pads->type));
  if (!pads->is_const || !pads->data)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 1 (paddings) must be a constant tensor");
  if (tc_numel(pads) != 2u * in->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (paddings) has %u values, expected [%d,2]",
                   tc_numel(pads), in->ndims);
  for (d = 0; d < in->ndims; d++) {
    int32_t l = tc_index_at(pads, 2 * d), r = tc_index_at(pads, 2 * d + 1);
    if (l < 0 || r < 0)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED, "negative padding %d,%d on dim %d", l, r, d);
    if ((int64_t)in->dims[d] + l + r > INT32_MAX) /* found by fuzz_model */
      return tc_fail(c, n, TC_ERR_MODEL, "padding %d,%d on dim %d overflows int32", l, r, d);
    if (out->dims[d] != in->dims[d] + l + r)
      return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the op yields %d", d,
                     out->dims[d], in->dims[d] + l + r);
  }
  if (cv) {
    if (cv->type != in->type || tc_numel(cv) != 1)
      return tc_fail(c, n, TC_ERR_MODEL, "input 2 (constant_values) must be one %s value",
                     tc_type_name(in->type));
    if (!cv->is_const || !cv->data)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "input 2 (constant_values) must be a constant tensor");
    if (in->type == TC_INT8 &&
        (cv->zero_point != out->zero_point || cv->scale != out->scale))
      return tc_fail(c, n, TC_ERR_MODEL,
                     "input 2 (constant_values) is quantized differently from the output");
  } /* else the int8 output's zero point, in range (tc_model_load) */
  return TC_OK;
}

static void pad_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *cv = n->nin == 3 ? tc_in(c, n, 2) : 0;
  tc_tensor *out = tc_out(c, n, 0);
  uint8_t value[4] = {0, 0, 0, 0}; /* 0.0f and 0 are all-zero bytes */
  if (cv) {
    memcpy(value, cv->data, tc_type_size(cv->type));
  } else if (in->type == TC_INT8) {
    int8_t zp = (int8_t)out->zero_point;
    memcpy(value, &zp, 1);
  }
  pad_nd(in, tc_in(c, n, 1), value, out);
}

const tc_kernel tc_kernel_pad = {TC_OP_PAD, TC_OPT_PAD, pad_prepare, pad_invoke};
