/* SOFTMAX over the last dimension: int8 -> int8, int8 -> int16 and
 * float32, as TFLM's reference kernels (softmax_common.cc +
 * reference/softmax.h).
 *
 * int8: differences to the row maximum are scaled by beta*input_scale into
 * Q5.26 (PreprocessSoftmaxScaling), exponentiated with gemmlowp's
 * exp_on_negative_values, summed in Q12.19, inverted with GetReciprocal and
 * rescaled to the output. Differences below diff_min (where the scaled value
 * would overflow) contribute nothing and output the type minimum. */
#include <float.h>
#include <math.h>

#include "fixedpoint.h"
#include "kernel.h"

#define SOFTMAX_SCALED_DIFF_INTEGER_BITS 5
#define SOFTMAX_ACCUM_INTEGER_BITS 12

typedef struct softmax_params {
  float beta;               /* float path */
  int32_t input_multiplier; /* quantized path */
  int32_t input_left_shift;
  int32_t diff_min;
} softmax_params;

/* exp(diff * beta * scale) in Q0 for one in-range difference (diff <= 0). */
static int32_t softmax_exp_q0(const softmax_params *p, int32_t diff) {
  /* MultiplyByQuantizedMultiplierGreaterThanOne: the left shift is exact
   * because diff >= diff_min keeps it in range. */
  int32_t scaled = tc_srdhm((int32_t)((uint32_t)diff << p->input_left_shift),
                            p->input_multiplier);
  return tc_fp_exp_on_negative_values(scaled,
                                      SOFTMAX_SCALED_DIFF_INTEGER_BITS);
}

/* One call handles int8 and int16 outputs: out8 or out16 is non-NULL. */
static void softmax_s8_ref(const softmax_params *p, const int8_t *in,
                           int8_t *out8, int16_t *out16, uint32_t rows,
                           uint32_t depth) {
  const int32_t out_min = out8 ? -128 : -32768;
  const int32_t out_max = out8 ? 127 : 32767;
  const int out_bits = out8 ? 8 : 16;
  uint32_t r, i;
  for (r = 0; r < rows; r++) {
    const int8_t *x = in + (size_t)r * depth;
    int32_t max_in_row = -128, sum_of_exps = 0, scale;
    int num_bits_over_unit, exponent;
    for (i = 0; i < depth; i++)
      if (x[i] > max_in_row) max_in_row = x[i];
    for (i = 0; i < depth; i++) {
      int32_t diff = (int32_t)x[i] - max_in_row;
      if (diff >= p->diff_min)
        /* Q0 -> Q12 and accumulate (gemmlowp + wraps; it cannot overflow
         * here: at most 2^19 per element and depth is small). */
        sum_of_exps = (int32_t)((uint32_t)sum_of_exps +
                                (uint32_t)tc_fp_rescale(softmax_exp_q0(p, diff), 0,
                                                        SOFTMAX_ACCUM_INTEGER_BITS));
    }
    scale = tc_fp_reciprocal(sum_of_exps, SOFTMAX_ACCUM_INTEGER_BITS,
                             &num_bits_over_unit);
    /* TFLM CHECKs 0 <= exponent <= 31 (only a row of >= 512 equal maxima
     * breaks it for int8); clamp instead of aborting. */
    exponent = num_bits_over_unit + 31 - out_bits;
    if (exponent < 0) exponent = 0;
    if (exponent > 31) exponent = 31;
    for (i = 0; i < depth; i++) {
      int32_t diff = (int32_t)x[i] - max_in_row, y = out_min;
      if (diff >= p->diff_min) {
        int32_t e = softmax_exp_q0(p, diff);
        y = tc_rdbpot(tc_srdhm(scale, e), exponent) + out_min;
        if (y > out_max) y = out_max;
        if (y < out_min) y = out_min;
      }
      if (out8)
        out8[(size_t)r * depth + i] = (int8_t)y;
      else
        out16[(size_t)r * depth + i] = (int16_t)y;
    }
  }
}

static void softmax_f32_ref(float beta, const float *in, float *out,
                            uint32_t rows, uint32_t depth) {
  uint32_t r, i;
  for (r = 0; r < rows; r++) {
    const float *x = in + (size_t)r * depth;
    float *y = out + (size_t)r * depth;
    float max = -FLT_MAX, sum = 0.0f;
    for (i = 0; i < depth; i++)
      if (x[i] > max) max = x[i];
    for (i = 0; i < depth; i++) {
      float e = expf((x[i] - max) * beta);
      y[i] = e;
      sum += e;
    }
    for (i = 0; i < depth; i++) y[i] = y[i] / sum;
  }
}

static tc_status softmax_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  softmax_params *p;
  float beta = tc_opt_f32(n, 0, 0.0f); /* schema default is 0 */
  double real;
  int32_t q = 0;
  int shift = 0;
  if (n->nin != 1 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 1 input and 1 output, got %d and %d",
                   n->nin, n->nout);
  in = tc_in(c, n, 0);
  out = tc_out(c, n, 0);
  if (!in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0 or output 0 is missing");
  if (in->ndims < 1)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0 is a scalar, expected rank >= 1");
  if (!tc_same_shape(in, out))
    return tc_fail(c, n, TC_ERR_MODEL, "output shape differs from input shape");
  if (!TC_FLOAT_KERNELS && in->type == TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, TC_FLOAT_REFUSED,
                   tc_type_name(in->type));
  if (in->type == TC_FLOAT32) {
    if (out->type != TC_FLOAT32)
      return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected float32",
                     tc_type_name(out->type));
  } else if (in->type == TC_INT8) {
    if (in->nscales != 1 || out->nscales != 1)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "int8 input and output need per-tensor quantization");
    if (out->type == TC_INT8) {
      if (out->zero_point != -128 || out->scale != 1.0f / 256)
        return tc_fail(c, n, TC_ERR_MODEL,
                       "int8 output must have scale 1/256 and zero point -128 "
                       "(has %f, %d)",
                       (double)out->scale, (int)out->zero_point);
    } else if (out->type == TC_INT16) {
      float want = 1.0f / 65536;
      if (out->zero_point != -32768 ||
          fabsf(out->scale - want) > 0.001f * want)
        return tc_fail(c, n, TC_ERR_MODEL,
                       "int16 output must have scale 1/65536 and zero point "
                       "-32768 (has %f, %d)",
                       (double)out->scale, (int)out->zero_point);
    } else {
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "output is %s, expected int8 or int16 for int8 input",
                     tc_type_name(out->type));
    }
    /* PreprocessSoftmaxScaling: beta*scale in Q5.26, capped below 2^31. */
    real = (double)beta * (double)in->scale *
           (double)(1L << (31 - SOFTMAX_SCALED_DIFF_INTEGER_BITS));
    if (real > 2147483647.0) real = 2147483647.0;
    /* TFLM aborts (TFLITE_CHECK) unless the multiplier exceeds 1. */
    if (!(real > 1.0))
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "beta * input scale (%f) is too small for the int8 kernel",
                     (double)beta * (double)in->scale);
    tc_quantize_multiplier(real, &q, &shift);
  } else {
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8 or float32",
                   tc_type_name(in->type));
  }
  p = (softmax_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->beta = beta;
  p->input_multiplier = q;
  p->input_left_shift = shift;
  /* diff_min = -CalculateInputRadius(5, shift): floor(31 * 2^26 / 2^shift). */
  p->diff_min = -(int32_t)floor(
      ldexp((double)((1 << SOFTMAX_SCALED_DIFF_INTEGER_BITS) - 1) *
                (double)(1L << (31 - SOFTMAX_SCALED_DIFF_INTEGER_BITS)),
            -shift));
  n->data = p;
  return TC_OK;
}

static void softmax_invoke(tc_ctx *c, tc_node *n) {
  const softmax_params *p = (const softmax_params *)n->data;
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  uint32_t depth = (uint32_t)in->dims[in->ndims - 1];
  uint32_t rows = depth ? tc_numel(in) / depth : 0;
  if (TC_FLOAT_KERNELS && in->type == TC_FLOAT32)
    softmax_f32_ref(p->beta, (const float *)in->data, (float *)out->data, rows,
                    depth);
  else if (out->type == TC_INT8)
    softmax_s8_ref(p, (const int8_t *)in->data, (int8_t *)out->data, NULL,
                   rows, depth);
  else
    softmax_s8_ref(p, (const int8_t *)in->data, NULL, (int16_t *)out->data,
                   rows, depth);
}

const tc_kernel tc_kernel_softmax = {TC_OP_SOFTMAX, TC_OPT_SOFTMAX,
                                     softmax_prepare, softmax_invoke};
