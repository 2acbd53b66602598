/* gemmlowp-style fixed-point math (internal), bit-exact with the
 * gemmlowp/fixedpoint.h scalar int32 code that TFLite's reference kernels
 * use. A "Qm" value below is an int32 with m integer bits and 31-m
 * fractional bits (gemmlowp's FixedPoint<int32_t, m>). */
#ifndef TC_FIXEDPOINT_H
#define TC_FIXEDPOINT_H

#include <stdint.h>

/* x * 2^exponent, saturating when exponent > 0, rounding to nearest when
 * exponent < 0 (gemmlowp SaturatingRoundingMultiplyByPOT). */
int32_t tc_fp_mul_pot(int32_t x, int exponent);
/* Change a value from Q(src_bits) to Q(dst_bits) (gemmlowp Rescale). */
int32_t tc_fp_rescale(int32_t x, int src_bits, int dst_bits);
/* exp(a) for a <= 0 in Q(integer_bits); result in Q0 (gemmlowp
 * exp_on_negative_values). integer_bits in [0, 30]. */
int32_t tc_fp_exp_on_negative_values(int32_t a, int integer_bits);
/* 1 / (1 + a) for a in [0, 1) in Q0; result in Q0. */
int32_t tc_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a);
/* 1 / (1 + exp(-a)) for a in Q(integer_bits); result in Q0. */
int32_t tc_fp_logistic(int32_t a, int integer_bits);
/* TFLite GetReciprocal: 1/x for x > 0 in Q(x_integer_digits), returned in
 * Q0 scaled by 2^-num_bits_over_unit. */
int32_t tc_fp_reciprocal(int32_t x, int x_integer_digits,
                         int *num_bits_over_unit);
/* Number of leading zero bits of x (32 for 0). */
int tc_clz32(uint32_t x);

#endif
