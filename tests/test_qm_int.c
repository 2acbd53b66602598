/* tc_quantize_multiplier_f (integer-only) against the definition
 * tc_quantize_multiplier((double)a * (double)b / (double)c): equal q and
 * shift on random bit patterns over every positive float (subnormals,
 * extremes), on realistic scale ranges, on exact ties of the double
 * rounding (a * b / c with products that land on halves), and on the
 * special values that take the double path. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../src/kernels/kernel.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}

static float from_bits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof f);
  return f;
}

static long fails;
static void check(float a, float b, float c) {
  int32_t q1, q2;
  int s1, s2;
  tc_quantize_multiplier((double)a * (double)b / (double)c, &q1, &s1);
  tc_quantize_multiplier_f(a, b, c, &q2, &s2);
  if (q1 != q2 || s1 != s2) {
    if (fails++ < 10)
      printf("FAIL a=%a b=%a c=%a: double q=%ld shift=%d, int q=%ld "
             "shift=%d\n", (double)a, (double)b, (double)c, (long)q1, s1,
             (long)q2, s2);
  }
}

/* A positive float with a random significand and exponent in [lo, hi]. */
static float scale_in(int lo, int hi) {
  return ldexpf(1.0f + (float)(next() & 0x7fffff) / 8388608.0f,
                lo + (int)(next() % (uint32_t)(hi - lo + 1)));
}

/* Channels whose Q = floor(ma mb 2^32 / mc) lies within 2 of the point
 * where the rounded multiplier steps (Q mod 2^D = 2^(D-1) - 2^(d-1),
 * qm_int.c): where the integer path's three-multiply estimate must hand
 * over to the exact one (below the step by 2: the estimate, even and at
 * most 2 low, cannot tell which side Q is on) or decide alone (on the
 * step and either side of it). About 1 mb in 2^22 is such, so for 40
 * (a, c) every significand mb is scanned with exact 128-bit arithmetic.
 * Returns how many were found and checked. */
__extension__ typedef unsigned __int128 u128;
static long near_steps(void) {
  long found = 0;
  int pair;
  for (pair = 0; pair < 40; pair++) {
    const uint32_t ma = (1u << 23) | (next() & 0x7fffffu),
                   mc = (1u << 23) | (next() & 0x7fffffu);
    const float a = ldexpf((float)ma, -30), c = ldexpf((float)mc, -28);
    uint32_t mb;
    for (mb = 1u << 23; mb < 1u << 24; mb++) {
      const u128 Q = ((u128)ma * mb << 32) / mc;
      const uint32_t vh = (uint32_t)(Q >> 32);
      const uint32_t d = vh >= (1u << 24) ? 4 : vh >= (1u << 23) ? 3 : 2;
      const uint32_t D = d + 22, cm = (uint32_t)Q & ((1u << D) - 1u);
      const uint32_t cs = (1u << (D - 1)) - (1u << (d - 1));
      if (cm + 2 >= cs && cm <= cs + 2) {
        found++;
        check(a, ldexpf((float)mb, -40), c);
      }
    }
  }
  return found;
}

/* tc_qm_channels (the layer loop) against the definition, for per-channel
 * scale arrays mixing realistic scales with zero, negative, subnormal,
 * infinite and NaN ones, and for one shared scale (step 0). */
static long batches(void) {
  long n = 0;
  int t;
  for (t = 0; t < 20000; t++) {
    float a = scale_in(-12, 0), c = scale_in(-12, 0), b[16];
    int32_t q[16], sh[16], i;
    tc_qm_op op;
    for (i = 0; i < 16; i++) {
      uint32_t kind = next() % 8;
      b[i] = kind == 0 ? from_bits(next()) /* any bits, NaN and negative */
             : kind == 1 ? from_bits(next() % 0x800000u) /* subnormal, 0 */
                         : scale_in(-14, -2);
    }
    tc_qm_begin(&op, a, c);
    tc_qm_channels(&op, b, t % 2, 16, q, sh);
    for (i = 0; i < 16; i++, n++) {
      int32_t q1;
      int s1;
      float bi = t % 2 ? b[i] : b[0];
      tc_quantize_multiplier((double)a * (double)bi / (double)c, &q1, &s1);
      if (q1 != q[i] || s1 != sh[i]) {
        if (fails++ < 10)
          printf("FAIL batch a=%a b=%a c=%a: double q=%ld shift=%d, int "
                 "q=%ld shift=%ld\n", (double)a, (double)bi, (double)c,
                 (long)q1, s1, (long)q[i], (long)sh[i]);
      }
    }
  }
  return n;
}

int main(void) {
  long i, n = 0;
  static const float special[] = {0.0f, -0.0f, -1.0f, 1.0f, FLT_MIN,
                                  FLT_MAX, 1e-45f, 3.0f};
  size_t x, y, z;
  for (i = 0; i < 3000000; i++, n++) /* any positive finite floats */
    check(from_bits(next() % 0x7f800000u), from_bits(next() % 0x7f800000u),
          from_bits(next() % 0x7f800000u));
  for (i = 0; i < 3000000; i++, n++) /* conv scales: in, filter, out */
    check(scale_in(-12, 0), scale_in(-14, -2), scale_in(-12, 0));
  for (i = 0; i < 1000000; i++, n++) { /* few-bit significands: ties */
    float a = ldexpf((float)(1 + next() % 64), -(int)(next() % 20));
    float b = ldexpf((float)(1 + next() % 64), -(int)(next() % 20));
    float c = ldexpf((float)(1 + next() % 64), -(int)(next() % 20));
    check(a, b, c);
  }
  for (x = 0; x < 8; x++) /* special values: the double path */
    for (y = 0; y < 8; y++)
      for (z = 0; z < 8; z++, n++) check(special[x], special[y], special[z]);
  check(INFINITY, 1.0f, 1.0f);
  check(NAN, 1.0f, 1.0f);
  n += 2;
  n += batches();
  {
    long steps = near_steps();
    printf("%ld channels next to a rounding step\n", steps);
    if (steps < 20) {
      printf("FAIL: too few channels next to a step to test the hand-over\n");
      fails++;
    }
    n += steps;
  }
  printf("%ld inputs, %ld mismatches\n", n, fails);
  return fails != 0;
}
