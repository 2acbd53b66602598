/* MEAN, int8 and float32, over any set of axes (constant axis tensor).
 *
 * Arithmetic follows TFLM (micro/kernels/reduce_common.cc with
 * reference/reduce.h) at the reference commit:
 *  - float32: sum in input (row-major) order into the output, then divide
 *    by the element count as float. (TFLM's special 4-D {1,2} keep_dims
 *    path sums in the same order and divides by the same count.)
 *  - int8 (QuantizedMeanOrSum), for every axis set and even when input and
 *    output share scale and zero point: fold 1/count into the
 *    input_scale/output_scale multiplier, then
 *    out = MultiplyByQuantizedMultiplier(sum - zp_in*count) + zp_out.
 *    The conformance goldens rule out both older TFLM variants: the
 *    "multiply, then divide with rounding" 4-D {1,2} special path and the
 *    truncating Mean<int8_t, int32_t> for identical quantization. */
#include "kernel.h"

enum { RO_KEEP_DIMS = 0 }; /* ReducerOptions field ids */

enum { MEAN_F32 = 0, MEAN_S8 = 1 };

typedef struct mean_params {
  int32_t count;      /* elements reduced into each output */
  int32_t multiplier; /* MEAN_S8: already includes 1/count */
  int32_t shift;
  uint8_t mode;
  uint8_t reduced;    /* bit d set: input dim d is reduced */
} mean_params;

/* Output strides laid over the input dims (0 for reduced dims). Returns
 * the rank used for iteration (a scalar input iterates as [1]). */
static int mean_layout(const tc_tensor *in, uint8_t reduced, int32_t *dims,
                       int32_t *ostride) {
  int rank = in->ndims, d;
  int32_t s = 1;
  if (rank == 0) {
    dims[0] = 1;
    ostride[0] = 0;
    return 1;
  }
  for (d = rank - 1; d >= 0; d--) {
    dims[d] = in->dims[d];
    if (reduced & (1u << d)) {
      ostride[d] = 0;
    } else {
      ostride[d] = s;
      s *= dims[d];
    }
  }
  return rank;
}

/* --- reference kernels ------------------------------------------------ */

/* Sums the input into acc (int32 per output), visiting the input in
 * row-major order like TFLM's Reduce(). */
static void mean_sum_s8(const int8_t *x, uint32_t total, int rank,
                        const int32_t *dims, const int32_t *ostride,
                        int32_t *acc, uint32_t nout) {
  int32_t idx[TC_MAX_DIMS] = {0};
  uint32_t i, off = 0;
  for (i = 0; i < nout; i++) acc[i] = 0;
  for (i = 0; i < total; i++) {
    int d = rank - 1;
    acc[off] += x[i];
    idx[d]++;
    off += (uint32_t)ostride[d];
    while (d > 0 && idx[d] == dims[d]) {
      off -= (uint32_t)(ostride[d] * dims[d]);
      idx[d] = 0;
      d--;
      idx[d]++;
      off += (uint32_t)ostride[d];
    }
  }
}

static void mean_f32(const mean_params *p, const tc_tensor *in,
                     tc_tensor *out) {
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  int32_t dims[TC_MAX_DIMS], ostride[TC_MAX_DIMS], idx[TC_MAX_DIMS] = {0};
  const int rank = mean_layout(in, p->reduced, dims, ostride);
  const uint32_t total = tc_numel(in), nout = tc_numel(out);
  const float count = (float)p->count;
  uint32_t i, off = 0;
  for (i = 0; i < nout; i++) y[i] = 0.0f;
  for (i = 0; i < total; i++) {
    int d = rank - 1;
    y[off] += x[i];
    idx[d]++;
    off += (uint32_t)ostride[d];
    while (d > 0 && idx[d] == dims[d]) {
      off -= (uint32_t)(ostride[d] * dims[d]);
      idx[d] = 0;
      d--;
      idx[d]++;
      off += (uint32_t)ostride[d];
    }
  }
  for (i = 0; i < nout; i++) y[i] = y[i] / count;
}

static void mean_s8(const mean_params *p, const tc_tensor *in, tc_tensor *out,
                    int32_t *acc) {
  int32_t dims[TC_MAX_DIMS], ostride[TC_MAX_DIMS];
  const int rank = mean_layout(in, p->reduced, dims, ostride);
  const uint32_t nout = tc_numel(out);
  const int64_t zp_sum = (int64_t)in->zero_point * p->count;
  int8_t *y = (int8_t *)out->data;
  uint32_t i;
  mean_sum_s8((const int8_t *)in->data, tc_numel(in), rank, dims, ostride, acc,
              nout);
  for (i = 0; i < nout; i++) {
    int32_t v = tc_add_wrap(tc_mul_by_qm((int32_t)(acc[i] - zp_sum),
                                         p->multiplier, (int)p->shift),
                            out->zero_point);
    if (v < -128) v = -128;
    if (v > 127) v = 127;
    y[i] = (int8_t)v;
  }
}

/* --- prepare / invoke --------------------------------------------------- */

static tc_status mean_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *axis = tc_in(c, n, 1);
  const tc_tensor *out = tc_out(c, n, 0);
  mean_params p, *d;
  int keep, rank, i, k;
  int32_t want[TC_MAX_DIMS];
  uint32_t naxis;
  const int32_t *ax;

  if (n->nin != 2 || n->nout != 1 || !in || !axis || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 2 inputs (data, axis) and 1 output");
  if (in->type != TC_INT8 && in->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8 or float32",
                   tc_type_name(in->type));
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s like the input",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (axis->type != TC_INT32)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (axis) is %s, expected int32",
                   tc_type_name(axis->type));
  if (!axis->is_const || !axis->data)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 1 (axis) must be a constant tensor");
  if (axis->ndims > 1)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (axis) must be 0-D or 1-D, got %d-D",
                   axis->ndims);
  if (tc_numel(in) == 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 has no elements");

  rank = in->ndims;
  keep = tc_opt_u8(n, RO_KEEP_DIMS, 0);
  naxis = tc_numel(axis);
  ax = (const int32_t *)axis->data;
  p.reduced = 0;
  for (i = 0; i < (int)naxis; i++) {
    int32_t a = ax[i] < 0 ? ax[i] + rank : ax[i];
    if (a < 0 || a >= rank)
      return tc_fail(c, n, TC_ERR_MODEL, "axis %d is out of range for a %d-D input",
                     ax[i], rank);
    p.reduced = (uint8_t)(p.reduced | (1u << a)); /* duplicates collapse */
  }
  /* The output shape the op yields. */
  p.count = 1;
  for (i = 0, k = 0; i < rank; i++) {
    if (p.reduced & (1u << i)) {
      p.count *= in->dims[i];
      if (keep) want[k++] = 1;
    } else {
      want[k++] = in->dims[i];
    }
  }
  if (out->ndims != k)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %d-D, the op yields %d-D (keep_dims=%d)",
                   out->ndims, k, keep);
  for (i = 0; i < k; i++)
    if (out->dims[i] != want[i])
      return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the op yields %d", i,
                     out->dims[i], want[i]);

  p.multiplier = 0;
  p.shift = 0;
  if (in->type == TC_FLOAT32) {
    p.mode = MEAN_F32;
  } else {
    int shift, s = 0;
    int32_t q;
    /* The int32 sums of up to count int8 values, minus zp * count, must
     * not overflow (TFLM's int32 accumulator has the same limit). */
    if (p.count > (1 << 22))
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "int8 mean over %d elements, at most 4194304",
                     (int)p.count);
    if (!(in->scale > 0.0f) || !(out->scale > 0.0f))
      return tc_fail(c, n, TC_ERR_MODEL, "int8 tensors need positive scales (%f, %f)",
                     (double)in->scale, (double)out->scale);
    tc_quantize_multiplier((double)in->scale / (double)out->scale, &q, &shift);
    /* TFLM folds 1/count into the multiplier: shift by floor(log2(count)),
     * at most 32 and at most 31 + shift, then divide (truncating). */
    while (s < 32 && ((int64_t)1 << (s + 1)) <= (int64_t)p.count) s++;
    if (s > 31 + shift) s = 31 + shift;
    if (s < 0)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED, "scale ratio %f is too small",
                     (double)in->scale / (double)out->scale);
    p.multiplier = (int32_t)(((int64_t)q << s) / p.count);
    p.shift = shift - s;
    p.mode = MEAN_S8;
  }

  d = (mean_params *)tc_persist(c, n, sizeof *d);
  if (in->type == TC_INT8) tc_scratch(c, n, tc_numel(out) * sizeof(int32_t));
  if (tc_measuring(c)) return TC_OK;
  if (!d) return tc_fail(c, n, TC_ERR_ARENA, "no persistent memory for MEAN parameters");
  *d = p;
  n->data = d;
  return TC_OK;
}

static void mean_invoke(tc_ctx *c, tc_node *n) {
  const mean_params *p = (const mean_params *)n->data;
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  if (p->mode == MEAN_F32)
    mean_f32(p, in, out);
  else
    mean_s8(p, in, out, (int32_t *)n->scratch);
}

const tc_kernel tc_kernel_mean = {TC_OP_MEAN, TC_OPT_REDUCER, mean_prepare,
                                  mean_invoke};
