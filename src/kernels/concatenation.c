/* CONCATENATION of any number of inputs along one axis: int8, float32,
 * int32 (and int16/int64, which TFLM also accepts). A pure copy, like TFLM,
 * which never requantizes: int8 inputs must therefore share the output's
 * scale and zero point (we check; TFLM would silently copy). */
#include <string.h>

#include "kernel.h"

enum { CO_AXIS = 0, CO_ACTIVATION = 1 }; /* ConcatenationOptions field ids */

static int concat_axis(const tc_node *n, const tc_tensor *out) {
  int32_t axis = tc_opt_i32(n, CO_AXIS, 0);
  return axis < 0 ? axis + out->ndims : axis;
}

/* --- reference kernel ----------------------------------------------------
 * For each index over the dims before `axis`, append each input's slab. */
static void concat_nd(tc_ctx *c, const tc_node *n, int axis, tc_tensor *out) {
  const size_t es = tc_type_size(out->type);
  uint8_t *y = (uint8_t *)out->data;
  uint32_t outer = 1, o;
  int i, d;
  for (d = 0; d < axis; d++) outer *= (uint32_t)out->dims[d];
  for (o = 0; o < outer; o++)
    for (i = 0; i < n->nin; i++) {
      const tc_tensor *t = tc_in(c, n, i);
      size_t slab = es;
      for (d = axis; d < t->ndims; d++) slab *= (size_t)t->dims[d];
      memcpy(y, (const uint8_t *)t->data + o * slab, slab);
      y += slab;
    }
}

/* --- prepare / invoke --------------------------------------------------- */

static tc_status concat_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *out = tc_out(c, n, 0);
  int32_t raw_axis = tc_opt_i32(n, CO_AXIS, 0);
  int act = tc_opt_u8(n, CO_ACTIVATION, TC_ACT_NONE);
  int axis, i, d;
  int32_t sum = 0;

  (void)raw_axis; /* only in messages with TC_SHORT_MESSAGES */
  if (n->nin < 1 || n->nout != 1 || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected at least 1 input and 1 output");
  if (out->type != TC_INT8 && out->type != TC_FLOAT32 && out->type != TC_INT32 &&
      out->type != TC_INT16 && out->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "output is %s, expected int8, float32, int32, int16 or int64",
                   tc_type_name(out->type));
  if (act != TC_ACT_NONE)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "fused activation %d is not supported (NONE only)",
                   act);
  axis = concat_axis(n, out);
  if (axis < 0 || axis >= out->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "axis %d is out of range for a %d-D output", raw_axis,
                   out->ndims);
  for (i = 0; i < n->nin; i++) {
    const tc_tensor *t = tc_in(c, n, i);
    if (!t) return tc_fail(c, n, TC_ERR_MODEL, "input %d is missing", i);
    if (t->type != out->type)
      return tc_fail(c, n, TC_ERR_MODEL, "input %d is %s, expected %s like the output", i,
                     tc_type_name(t->type), tc_type_name(out->type));
    if (t->ndims != out->ndims)
      return tc_fail(c, n, TC_ERR_MODEL, "input %d is %d-D, expected %d-D like the output", i,
                     t->ndims, out->ndims);
    for (d = 0; d < out->ndims; d++)
      if (d != axis && t->dims[d] != out->dims[d])
        return tc_fail(c, n, TC_ERR_MODEL, "input %d dim %d is %d, expected %d", i, d,
                       t->dims[d], out->dims[d]);
    sum += t->dims[axis];
    if (out->type == TC_INT8 &&
        (t->scale != out->scale || t->zero_point != out->zero_point))
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "input %d quantization (scale %f, zero point %d) differs from the "
                     "output's (%f, %d)",
                     i, (double)t->scale, t->zero_point, (double)out->scale,
                     out->zero_point);
  }
  if (sum != out->dims[axis])
    return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the inputs add up to %d", axis,
                   out->dims[axis], sum);
  return TC_OK;
}

static void concat_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *out = tc_out(c, n, 0);
  concat_nd(c, n, concat_axis(n, out), out);
}

const tc_kernel tc_kernel_concatenation = {TC_OP_CONCATENATION, TC_OPT_CONCATENATION,
                                           concat_prepare, concat_invoke};
