/* gemmlowp fixed-point math, scalar int32 only, written to give the same
 * bits as gemmlowp/fixedpoint.h (which TFLite's softmax and logistic use).
 * gemmlowp's plain + and - wrap on overflow in practice (x86/ARM); we wrap
 * explicitly through uint32 so that C's signed-overflow rules never bite. */
#include "fixedpoint.h"

#include "kernel.h"

static int32_t add_wrap(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
static int32_t sub_wrap(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}

int tc_clz32(uint32_t x) {
  int n = 0;
  if (x == 0) return 32;
  while (!(x & 0x80000000u)) {
    x <<= 1;
    n++;
  }
  return n;
}

int32_t tc_fp_mul_pot(int32_t x, int exponent) {
  int32_t threshold;
  if (exponent == 0) return x;
  if (exponent < 0) return tc_rdbpot(x, -exponent);
  threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

int32_t tc_fp_rescale(int32_t x, int src_bits, int dst_bits) {
  return tc_fp_mul_pot(x, src_bits - dst_bits);
}

/* exp(a) for a in [-1/4, 0), Q0 in and out: Taylor series around -1/8. */
static int32_t exp_quarter_interval(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0 */
  const int32_t one_third = 715827883;             /* 1/3 in Q0 */
  int32_t x = add_wrap(a, 1 << 28);                /* a + 1/8 */
  int32_t x2 = tc_srdhm(x, x);
  int32_t x3 = tc_srdhm(x2, x);
  int32_t x4 = tc_srdhm(x2, x2);
  int32_t x4_over_4 = tc_rdbpot(x4, 2);
  int32_t poly = tc_rdbpot(
      add_wrap(tc_srdhm(add_wrap(x4_over_4, x3), one_third), x2), 1);
  return add_wrap(exp_minus_one_eighth,
                  tc_srdhm(exp_minus_one_eighth, add_wrap(x, poly)));
}

int32_t tc_fp_exp_on_negative_values(int32_t a, int integer_bits) {
  /* exp(-2^k) in Q0 for k = -2 .. 4, applied per set bit of the input's
   * integer-and-quarter part (gemmlowp's "barrel shifter"). */
  static const int32_t exp_neg_pow2[7] = {1672461947, 1302514674, 790015084,
                                          290630308,  39332535,   720401,
                                          242};
  const int frac_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (frac_bits - 2);
  int32_t a_mod_quarter_minus_quarter =
      sub_wrap(a & (one_quarter - 1), one_quarter);
  int32_t result = exp_quarter_interval(
      tc_fp_rescale(a_mod_quarter_minus_quarter, integer_bits, 0));
  int32_t remainder = sub_wrap(a_mod_quarter_minus_quarter, a);
  int k;
  for (k = -2; k <= 4; k++) {
    if (integer_bits > k) {
      uint32_t bit = 1u << (frac_bits + k);
      if ((uint32_t)remainder & bit)
        result = tc_srdhm(result, exp_neg_pow2[k + 2]);
    }
  }
  if (integer_bits > 5) { /* below -32 the result is 0 */
    int32_t clamp = -((int32_t)1 << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = INT32_MAX; /* Q0 "one" */
  return result;
}

int32_t tc_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  /* Newton-Raphson on half the denominator; x is Q2. */
  const int32_t c48_over_17 = 1515870810;
  const int32_t c_neg32_over_17 = -1010580540;
  const int32_t q2_one = (int32_t)1 << 29;
  int64_t sum = (int64_t)a + INT32_MAX;
  /* RoundingHalfSum: C99 division truncates toward zero, as C++ does. */
  int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  int32_t x = add_wrap(c48_over_17, tc_srdhm(half_denominator, c_neg32_over_17));
  int i;
  for (i = 0; i < 3; i++) {
    int32_t half_denominator_times_x = tc_srdhm(half_denominator, x);
    int32_t one_minus = sub_wrap(q2_one, half_denominator_times_x);
    x = add_wrap(x, tc_fp_mul_pot(tc_srdhm(x, one_minus), 2)); /* Q4 -> Q2 */
  }
  return tc_fp_mul_pot(x, 1); /* x/2 in Q1, then Q1 -> Q0 */
}

int32_t tc_fp_logistic(int32_t a, int integer_bits) {
  int32_t abs_a, pos;
  if (a == 0) return 1 << 30; /* 0.5 */
  abs_a = a > 0 ? a : sub_wrap(0, a);
  pos = tc_fp_one_over_one_plus_x_for_x_in_0_1(
      tc_fp_exp_on_negative_values(sub_wrap(0, abs_a), integer_bits));
  return a > 0 ? pos : sub_wrap(INT32_MAX, pos);
}

int32_t tc_fp_reciprocal(int32_t x, int x_integer_digits,
                         int *num_bits_over_unit) {
  int headroom_plus_one = tc_clz32((uint32_t)x);
  uint32_t shifted =
      headroom_plus_one < 32 ? (uint32_t)x << headroom_plus_one : 0u;
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  return tc_fp_one_over_one_plus_x_for_x_in_0_1(
      (int32_t)(shifted - 0x80000000u));
}
