/* LOGISTIC (sigmoid): int8 and float32, as TFLM's reference kernels.
 *
 * int8: TFLM (logistic_common.cc) rescales the input to Q4.27 with a
 * multiplier made straight from frexp (not QuantizeMultiplier), saturates
 * inputs beyond +-input_range_radius, and evaluates gemmlowp's fixed-point
 * logistic. The output is always Q0.8 with zero point -128: TFLM checks the
 * zero point but not the scale, and so do we. */
#include <math.h>

#include "fixedpoint.h"
#include "kernel.h"

#define LOGISTIC_INPUT_INTEGER_BITS 4

typedef struct logistic_s8_params {
  int32_t input_zero_point;
  int32_t input_range_radius;
  int32_t input_multiplier;
  int32_t input_left_shift;
} logistic_s8_params;

static void logistic_s8_ref(const logistic_s8_params *p, const int8_t *in,
                            int8_t *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    int32_t x = (int32_t)in[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) {
      out[i] = -128;
    } else if (x >= p->input_range_radius) {
      out[i] = 127;
    } else {
      int32_t x_q4 =
          tc_mul_by_qm(x, p->input_multiplier, p->input_left_shift);
      int32_t y_q0 = tc_fp_logistic(x_q4, LOGISTIC_INPUT_INTEGER_BITS);
      /* Q0.31 -> Q0.8, then shift by the output zero point. */
      int32_t y = tc_rdbpot(y_q0, 31 - 8) - 128;
      if (y < -128) y = -128;
      if (y > 127) y = 127;
      out[i] = (int8_t)y;
    }
  }
}

static void logistic_f32_ref(const float *in, float *out, uint32_t count) {
  /* TFLM's cutoffs: above 16.619... the result rounds to 1; below -9,
   * exp(x) is used directly. */
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  uint32_t i;
  for (i = 0; i < count; i++) {
    float v = in[i], r;
    if (v > cutoff_upper)
      r = 1.0f;
    else if (v < cutoff_lower)
      r = expf(v);
    else
      r = 1.0f / (1.0f + expf(-v));
    out[i] = r;
  }
}

static tc_status logistic_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  logistic_s8_params *p;
  if (n->nin != 1 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 1 input and 1 output, got %d and %d",
                   n->nin, n->nout);
  in = tc_in(c, n, 0);
  out = tc_out(c, n, 0);
  if (!in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0 or output 0 is missing");
  if (in->type != out->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s but input is %s",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (!tc_same_shape(in, out))
    return tc_fail(c, n, TC_ERR_MODEL, "output shape differs from input shape");
  if (in->type == TC_FLOAT32) return TC_OK;
  if (in->type != TC_INT8)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8 or float32",
                   tc_type_name(in->type));
  if (in->nscales != 1 || out->nscales != 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "int8 input and output need per-tensor quantization");
  if (out->zero_point != -128)
    return tc_fail(c, n, TC_ERR_MODEL, "output zero point is %d, expected -128",
                   (int)out->zero_point);
  if (!(in->scale > 0.0f))
    return tc_fail(c, n, TC_ERR_MODEL, "input scale %f is not positive",
                   (double)in->scale);
  p = (logistic_s8_params *)tc_persist(c, n, sizeof *p);
  {
    /* Prepare-time double math, as TFLM: multiplier = frexp mantissa of
     * scale * 2^27, rounded to Q31 (never 2^31: a float scale has only 24
     * significant bits). */
    double real = (double)in->scale * (double)(1L << (31 - LOGISTIC_INPUT_INTEGER_BITS));
    int shift;
    double q = frexp(real, &shift);
    double radius;
    if (shift < 0)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input scale %f is too small",
                     (double)in->scale);
    /* CalculateInputRadius(4, shift, 31): floor(15 * 2^27 / 2^shift). */
    radius = floor(ldexp((double)((1 << LOGISTIC_INPUT_INTEGER_BITS) - 1) *
                             (double)(1L << (31 - LOGISTIC_INPUT_INTEGER_BITS)),
                         -shift));
    if (tc_measuring(c)) return TC_OK;
    p->input_zero_point = in->zero_point;
    p->input_multiplier = (int32_t)tc_round(q * 2147483648.0);
    p->input_left_shift = shift;
    p->input_range_radius = (int32_t)radius;
  }
  n->data = p;
  return TC_OK;
}

static void logistic_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  uint32_t count = tc_numel(in);
  if (in->type == TC_FLOAT32)
    logistic_f32_ref((const float *)in->data, (float *)out->data, count);
  else
    logistic_s8_ref((const logistic_s8_params *)n->data,
                    (const int8_t *)in->data, (int8_t *)out->data, count);
}

const tc_kernel tc_kernel_logistic = {TC_OP_LOGISTIC, TC_OPT_NONE,
                                      logistic_prepare, logistic_invoke};
