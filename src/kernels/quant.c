/* Fixed-point helpers shared by the quantized kernels. Each one reproduces
 * TensorFlow Lite's definition bit for bit (including its double-rounding
 * MultiplyByQuantizedMultiplier, which is what TFLM builds by default);
 * a "simpler" single rounding would change outputs by one LSB. */
#include <float.h>
#include <math.h>

#include "kernel.h"

/* std::round semantics (half away from zero), exact for every input. */
double tc_round(double x) { return round(x); }
float tc_roundf(float x) { return roundf(x); }

void tc_quantize_multiplier(double real, int32_t *q, int *shift) {
  double m;
  int64_t fixed;
  if (real == 0.0 || real != real) { /* NaN only from a malformed model */
    *q = 0;
    *shift = 0;
    return;
  }
  if (real > DBL_MAX || real < -DBL_MAX) { /* inf: saturate, as below */
    *q = INT32_MAX;
    *shift = 30;
    return;
  }
  m = frexp(real, shift);
  fixed = (int64_t)tc_round(m * (double)(1LL << 31));
  if (fixed == (1LL << 31)) {
    fixed /= 2;
    ++*shift;
  }
  if (*shift < -31) { /* too small to represent: TFLite flushes to zero */
    *shift = 0;
    fixed = 0;
  }
  /* A multiplier >= 2^30 only comes from a nonsensical (fuzzed) model; as
   * TFLite's single-rounding path does, saturate it so that the left shift
   * in tc_mul_by_qm stays below 32 bits (found by UBSan in bad_models). */
  if (*shift > 30) {
    *shift = 30;
    fixed = INT32_MAX;
  }
  *q = (int32_t)fixed;
}

int32_t tc_srdhm(int32_t a, int32_t b) {
  int64_t ab, nudge;
  int32_t r;
  if (a == b && a == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  /* Division (not a shift) truncates toward zero, as gemmlowp does. */
  r = (int32_t)((ab + nudge) / (1LL << 31));
  return r;
}

int32_t tc_rdbpot(int32_t x, int exponent) {
  int32_t mask = (int32_t)((1LL << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t tc_mul_by_qm(int32_t x, int32_t q, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  /* x * 2^left wraps like TFLite's int32 multiply would not: TFLite relies
   * on the product fitting, and so do we (accumulators are bounded). */
  return tc_rdbpot(tc_srdhm((int32_t)((uint32_t)x << left), q), right);
}

/* zp + round(x) for an activation bound that is then clipped to the
 * type's range. x is clamped first: converting an out-of-range float to
 * int is UB, and a malformed model's scale of 1e-30 gets there (found by
 * fuzz_model). +-2^17 is beyond every type's range even after adding zp,
 * so the clipped bound is the same as with the exact value. */
static int32_t act_bound(int32_t zp, float x) {
  float r = tc_roundf(x);
  if (!(r >= -131072.0f)) r = -131072.0f;
  if (r > 131072.0f) r = 131072.0f;
  return zp + (int32_t)r;
}

void tc_act_range_q(int act, const tc_tensor *out, int32_t *lo, int32_t *hi) {
  int32_t qmin, qmax, zp = out->zero_point;
  float s = out->scale;
  if (out->type == TC_UINT8) {
    qmin = 0;
    qmax = 255;
  } else if (out->type == TC_INT16) {
    qmin = -32768;
    qmax = 32767;
  } else {
    qmin = -128;
    qmax = 127;
  }
  *lo = qmin;
  *hi = qmax;
  /* TFLite: Quantize(x) = zp + round(x / scale), clipped to the type. */
  if (act == TC_ACT_RELU) {
    int32_t z = zp;
    if (z > *lo) *lo = z;
  } else if (act == TC_ACT_RELU6) {
    int32_t z = zp, six = act_bound(zp, 6.0f / s);
    if (z > *lo) *lo = z;
    if (six < *hi) *hi = six;
  } else if (act == TC_ACT_RELU_N1_TO_1) {
    int32_t a = act_bound(zp, -1.0f / s);
    int32_t b = act_bound(zp, 1.0f / s);
    if (a > *lo) *lo = a;
    if (b < *hi) *hi = b;
  }
}

void tc_act_range_f(int act, float *lo, float *hi) {
  *lo = -FLT_MAX;
  *hi = FLT_MAX;
  if (act == TC_ACT_RELU) {
    *lo = 0.0f;
  } else if (act == TC_ACT_RELU6) {
    *lo = 0.0f;
    *hi = 6.0f;
  } else if (act == TC_ACT_RELU_N1_TO_1) {
    *lo = -1.0f;
    *hi = 1.0f;
  }
}

/* The zero point's range is the loader's (tensor_read: inside the dtype). */
tc_status tc_check_per_tensor(tc_ctx *c, const tc_node *n, const tc_tensor *t,
                              const char *what) {
  (void)what; /* unused with TC_SHORT_MESSAGES */
  if (t->nscales != 1)
    return tc_fail(c, n, t->nscales ? TC_ERR_UNSUPPORTED : TC_ERR_MODEL,
                   "%s %s has %d scales, expected 1 (per-tensor)",
                   tc_type_name(t->type), what, (int)t->nscales);
  if (!(t->scale > 0.0f))
    return tc_fail(c, n, TC_ERR_MODEL, "%s scale is %f, expected > 0", what,
                   (double)t->scale);
  return TC_OK;
}
