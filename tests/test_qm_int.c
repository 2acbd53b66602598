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
  printf("%ld inputs, %ld mismatches\n", n, fails);
  return fails != 0;
}
