/* Shape-only ops: RESHAPE, SQUEEZE, SHAPE, STRIDED_SLICE, PACK.
 * Together they cover the Keras Flatten idiom
 *   SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE
 * (RESHAPE ignores the values of its computed shape input: shapes are
 * static and taken from the model). */
#include <string.h>

#include "kernel.h"

enum { SQ_DIMS = 0 };                       /* SqueezeOptions */
enum { SH_OUT_TYPE = 0 };                   /* ShapeOptions */
enum { PK_VALUES_COUNT = 0, PK_AXIS = 1 };  /* PackOptions */
enum { SS_BEGIN_MASK = 0, SS_END_MASK = 1, SS_ELLIPSIS_MASK = 2,
       SS_NEW_AXIS_MASK = 3, SS_SHRINK_MASK = 4, SS_OFFSET = 5 };

static tc_status same_type_and_size(tc_ctx *c, tc_node *n, const tc_tensor *in,
                                    const tc_tensor *out) {
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s like the input",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (tc_numel(out) != tc_numel(in))
    return tc_fail(c, n, TC_ERR_MODEL, "output has %u elements, the input has %u",
                   tc_numel(out), tc_numel(in));
  return TC_OK;
}

/* The interpreter aliases the output to the input, so this is normally a
 * no-op. */
static void copy_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  if (out->data != in->data) memmove(out->data, in->data, in->bytes);
}

/* --- RESHAPE ------------------------------------------------------------ */

static tc_status reshape_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *shape = n->nin >= 2 ? tc_in(c, n, 1) : 0;
  const tc_tensor *out = tc_out(c, n, 0);
  if (n->nin < 1 || n->nin > 2 || n->nout != 1 || !in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected inputs (data[, shape]) and 1 output");
  if (shape && (shape->type != TC_INT32 || shape->ndims != 1))
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (shape) is %d-D %s, expected 1-D int32",
                   shape->ndims, tc_type_name(shape->type));
  return same_type_and_size(c, n, in, out);
}

/* --- SQUEEZE ------------------------------------------------------------ */

static tc_status squeeze_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *out = tc_out(c, n, 0);
  uint32_t nsq = 0, drop = 0;
  const int32_t *sq;
  tc_status s;
  int i, k;
  if (n->nin != 1 || n->nout != 1 || !in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 1 input and 1 output");
  if ((s = same_type_and_size(c, n, in, out)) != TC_OK) return s;
  /* The dims removed: those listed (negative allowed), or every 1. */
  sq = tc_opt_vec_i32(n, SQ_DIMS, &nsq);
  for (i = 0; i < (int)nsq; i++) {
    int32_t d = sq[i] < 0 ? sq[i] + in->ndims : sq[i];
    if (d < 0 || d >= in->ndims || in->dims[d] != 1)
      return tc_fail(c, n, TC_ERR_MODEL, "squeeze dim %d is not a dim of size 1", sq[i]);
    drop |= 1u << d;
  }
  if (nsq == 0)
    for (i = 0; i < in->ndims; i++)
      if (in->dims[i] == 1) drop |= 1u << i;
  for (i = 0, k = 0; i < in->ndims; i++) {
    if (drop & (1u << i)) continue;
    if (k >= out->ndims || out->dims[k] != in->dims[i]) break;
    k++;
  }
  if (i != in->ndims || k != out->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "output shape is not the input's with the squeezed dims removed");
  return TC_OK;
}

/* --- SHAPE -------------------------------------------------------------- */

static tc_status shape_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *out = tc_out(c, n, 0);
  int want = tc_opt_u8(n, SH_OUT_TYPE, TC_INT32);
  if (n->nin != 1 || n->nout != 1 || !in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 1 input and 1 output");
  if (out->type != TC_INT32 && out->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "output is %s, expected int32 or int64",
                   tc_type_name(out->type));
  if (out->type != want)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s but out_type says %s",
                   tc_type_name(out->type), tc_type_name(want));
  if (out->ndims != 1 || out->dims[0] != in->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "output must be 1-D with %d elements", in->ndims);
  return TC_OK;
}

static void shape_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  int i;
  for (i = 0; i < in->ndims; i++) {
    if (out->type == TC_INT64)
      ((int64_t *)out->data)[i] = in->dims[i];
    else
      ((int32_t *)out->data)[i] = in->dims[i];
  }
}

/* --- STRIDED_SLICE -------------------------------------------------------
 * TFLM semantics (strided_slice_logic.h): per axis, negative indices count
 * from the end, begin/end are clamped to [0, size] ([-1, size-1] for a
 * negative stride), begin_mask/end_mask select the whole range, and a
 * shrink axis takes exactly the element at begin and drops the dim.
 * begin/end/strides must be constant, so everything is known in prepare;
 * it is recomputed at invoke (cheap) instead of stored. */

#define SS_MAX_DIMS 5

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi) {
  return v > hi ? hi : v < lo ? lo : v;
}

/* start/step/count per input axis; returns -1 when a shrink index is out
 * of range (axis in *bad). */
static int ss_resolve(const tc_node *n, const tc_tensor *in,
                      const tc_tensor *const idx[3], int32_t *start,
                      int32_t *step, int32_t *count, int *bad) {
  const int32_t bmask = tc_opt_i32(n, SS_BEGIN_MASK, 0);
  const int32_t emask = tc_opt_i32(n, SS_END_MASK, 0);
  const int32_t smask = tc_opt_i32(n, SS_SHRINK_MASK, 0);
  int d;
  for (d = 0; d < in->ndims; d++) {
    /* A stride beyond the dim selects what one of +-size selects: clamped
     * where read, the counts and offsets below cannot overflow. */
    const int32_t size = in->dims[d],
                  stride = clamp32(tc_index_at(idx[2], d), -size, size);
    int32_t b = tc_index_at(idx[0], d), e = tc_index_at(idx[1], d);
    if (b < 0) b += size;
    b = stride > 0 ? clamp32(b, 0, size) : clamp32(b, -1, size - 1);
    if (bmask & (1 << d)) b = stride > 0 ? 0 : size - 1;
    if (smask & (1 << d)) {
      if (b < 0 || b >= size) {
        *bad = d;
        return -1;
      }
      e = b + 1;
    } else {
      if (e < 0) e += size;
      e = stride > 0 ? clamp32(e, 0, size) : clamp32(e, -1, size - 1);
      if (emask & (1 << d)) e = stride > 0 ? size : -1;
    }
    start[d] = b;
    step[d] = stride;
    if (stride > 0)
      count[d] = e > b ? (e - b + stride - 1) / stride : 0;
    else
      count[d] = b > e ? (b - e - stride - 1) / -stride : 0;
  }
  return 0;
}

static void ss_inputs(tc_ctx *c, const tc_node *n, const tc_tensor *idx[3]) {
  idx[0] = tc_in(c, n, 1);
  idx[1] = tc_in(c, n, 2);
  idx[2] = tc_in(c, n, 3);
}

static tc_status strided_slice_prepare(tc_ctx *c, tc_node *n) {
  static const char *const names[3] = {"begin", "end", "strides"};
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *out = tc_out(c, n, 0);
  const tc_tensor *idx[3];
  int32_t start[SS_MAX_DIMS], step[SS_MAX_DIMS], count[SS_MAX_DIMS];
  const int32_t smask = tc_opt_i32(n, SS_SHRINK_MASK, 0);
  int i, d, k, bad = 0;

  (void)names; /* unused with TC_SHORT_MESSAGES */
  if (n->nin != 4 || n->nout != 1 || !in || !out)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "expected 4 inputs (data, begin, end, strides) and 1 output");
  ss_inputs(c, n, idx);
  if (in->type != TC_INT8 && in->type != TC_FLOAT32 && in->type != TC_INT32 &&
      in->type != TC_INT16 && in->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input 0 is %s, expected int8, float32, int32, int16 or int64",
                   tc_type_name(in->type));
  /* Not the literal same_type_and_size uses: GCC would put the shared
   * string in this function's section, and RESHAPE, linked without
   * STRIDED_SLICE on devices, would then keep all of its strings. */
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s as input 0",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (in->type == TC_INT8 &&
      (in->scale != out->scale || in->zero_point != out->zero_point))
    return tc_fail(c, n, TC_ERR_MODEL, "input and output quantization differ");
  if (in->ndims < 1 || in->ndims > SS_MAX_DIMS)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input is %d-D, expected 1-D to %d-D",
                   in->ndims, SS_MAX_DIMS);
  if (tc_opt_i32(n, SS_ELLIPSIS_MASK, 0) != 0 || tc_opt_i32(n, SS_NEW_AXIS_MASK, 0) != 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "ellipsis_mask and new_axis_mask are not supported");
  if (tc_opt_u8(n, SS_OFFSET, 0) != 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "offset=true is not supported");
  for (i = 0; i < 3; i++) {
    const tc_tensor *t = idx[i];
    if (!t) return tc_fail(c, n, TC_ERR_MODEL, "input %d (%s) is missing", i + 1, names[i]);
    if (t->type != TC_INT32 && t->type != TC_INT64)
      return tc_fail(c, n, TC_ERR_MODEL, "input %d (%s) is %s, expected int32 or int64", i + 1,
                     names[i], tc_type_name(t->type));
    if (!t->is_const || !t->data)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input %d (%s) must be a constant tensor",
                     i + 1, names[i]);
    if (t->ndims != 1 || (int)tc_numel(t) != in->ndims)
      return tc_fail(c, n, TC_ERR_MODEL, "input %d (%s) must be 1-D with %d values", i + 1,
                     names[i], in->ndims);
  }
  for (d = 0; d < in->ndims; d++)
    if (tc_index_at(idx[2], d) == 0)
      return tc_fail(c, n, TC_ERR_MODEL, "stride of dim %d is 0", d);
  if (ss_resolve(n, in, idx, start, step, count, &bad) != 0)
    return tc_fail(c, n, TC_ERR_MODEL, "shrink index %d is out of range for dim %d of size %d",
                   tc_index_at(idx[0], bad), bad, in->dims[bad]);
  for (d = 0, k = 0; d < in->ndims; d++) {
    if (smask & (1 << d)) continue;
    if (k >= out->ndims || out->dims[k] != count[d])
      return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the op yields %d", k,
                     k < out->ndims ? out->dims[k] : 0, count[d]);
    k++;
  }
  if (k != out->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %d-D, the op yields %d-D", out->ndims, k);
  return TC_OK;
}

/* Reference kernel: walks the selected input elements in row-major order
 * of the output. */
static void strided_slice_nd(const tc_tensor *in, const int32_t *start,
                             const int32_t *step, const int32_t *count,
                             tc_tensor *out) {
  const size_t es = tc_type_size(in->type);
  const int rank = in->ndims;
  const uint8_t *x = (const uint8_t *)in->data;
  uint8_t *y = (uint8_t *)out->data;
  int32_t istride[SS_MAX_DIMS], k[SS_MAX_DIMS];
  int32_t off = 0; /* input element index */
  int d;
  istride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; d--) istride[d] = istride[d + 1] * in->dims[d + 1];
  for (d = 0; d < rank; d++) {
    if (count[d] == 0) return;
    k[d] = 0;
    off += start[d] * istride[d];
  }
  for (;;) {
    memcpy(y, x + (size_t)off * es, es);
    y += es;
    for (d = rank - 1; d >= 0; d--) {
      off += step[d] * istride[d];
      if (++k[d] < count[d]) break;
      off -= count[d] * step[d] * istride[d];
      k[d] = 0;
    }
    if (d < 0) return;
  }
}

static void strided_slice_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *idx[3];
  int32_t start[SS_MAX_DIMS], step[SS_MAX_DIMS], count[SS_MAX_DIMS];
  int bad;
  ss_inputs(c, n, idx);
  ss_resolve(n, in, idx, start, step, count, &bad); /* validated in prepare */
  strided_slice_nd(in, start, step, count, tc_out(c, n, 0));
}

/* --- PACK --------------------------------------------------------------- */

static int pack_axis(const tc_node *n, const tc_tensor *out) {
  int32_t axis = tc_opt_i32(n, PK_AXIS, 0);
  return axis < 0 ? axis + out->ndims : axis;
}

static tc_status pack_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *out = tc_out(c, n, 0);
  const tc_tensor *in0 = tc_in(c, n, 0);
  int32_t count = tc_opt_i32(n, PK_VALUES_COUNT, 0);
  int axis, i, d;
  if (n->nin < 1 || n->nout != 1 || !out || !in0)
    return tc_fail(c, n, TC_ERR_MODEL, "expected at least 1 input and 1 output");
  if (count != n->nin)
    return tc_fail(c, n, TC_ERR_MODEL, "values_count is %d but the op has %d inputs", count,
                   n->nin);
  if (out->type != TC_INT8 && out->type != TC_FLOAT32 && out->type != TC_INT32 &&
      out->type != TC_INT16 && out->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "output is %s, expected int8, float32, int32, int16 or int64",
                   tc_type_name(out->type));
  if (out->ndims != in0->ndims + 1)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %d-D, expected %d-D", out->ndims,
                   in0->ndims + 1);
  axis = pack_axis(n, out);
  if (axis < 0 || axis >= out->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "axis %d is out of range for a %d-D output",
                   tc_opt_i32(n, PK_AXIS, 0), out->ndims);
  for (i = 0; i < n->nin; i++) {
    const tc_tensor *t = tc_in(c, n, i);
    if (!t) return tc_fail(c, n, TC_ERR_MODEL, "input %d is missing", i);
    if (t->type != out->type)
      return tc_fail(c, n, TC_ERR_MODEL, "input %d is %s, expected %s like the output", i,
                     tc_type_name(t->type), tc_type_name(out->type));
    if (!tc_same_shape(t, in0))
      return tc_fail(c, n, TC_ERR_MODEL, "input %d has a different shape from input 0", i);
    if (out->type == TC_INT8 &&
        (t->scale != out->scale || t->zero_point != out->zero_point))
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "input %d quantization differs from the output's", i);
  }
  for (d = 0; d < out->ndims; d++) {
    int32_t want = d < axis ? in0->dims[d] : d == axis ? n->nin : in0->dims[d - 1];
    if (out->dims[d] != want)
      return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the op yields %d", d,
                     out->dims[d], want);
  }
  return TC_OK;
}

/* Reference kernel: for each index over the dims before `axis`, one slab
 * from every input in turn. */
static void pack_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *out = tc_out(c, n, 0);
  const tc_tensor *in0 = tc_in(c, n, 0);
  const int axis = pack_axis(n, out);
  size_t slab = tc_type_size(out->type);
  uint32_t outer = 1, o;
  uint8_t *y = (uint8_t *)out->data;
  int i, d;
  for (d = 0; d < axis; d++) outer *= (uint32_t)out->dims[d];
  for (d = axis; d < in0->ndims; d++) slab *= (size_t)in0->dims[d];
  for (o = 0; o < outer; o++)
    for (i = 0; i < n->nin; i++) {
      memcpy(y, (const uint8_t *)tc_in(c, n, i)->data + o * slab, slab);
      y += slab;
    }
}

const tc_kernel tc_kernel_reshape = {TC_OP_RESHAPE, TC_OPT_RESHAPE, reshape_prepare,
                                     copy_invoke};
const tc_kernel tc_kernel_squeeze = {TC_OP_SQUEEZE, TC_OPT_SQUEEZE, squeeze_prepare,
                                     copy_invoke};
const tc_kernel tc_kernel_shape = {TC_OP_SHAPE, TC_OPT_SHAPE, shape_prepare,
                                   shape_invoke};
const tc_kernel tc_kernel_strided_slice = {TC_OP_STRIDED_SLICE, TC_OPT_STRIDED_SLICE,
                                           strided_slice_prepare, strided_slice_invoke};
const tc_kernel tc_kernel_pack = {TC_OP_PACK, TC_OPT_PACK, pack_prepare, pack_invoke};
