/* One small deterministic generator for the whole trainer: splitmix64.
 * Integer state and integer steps, so the same seed gives the same stream
 * on every platform; the float outputs use only exact conversions plus
 * (for the normal) double log/sqrt/cos rounded to float. */
#include <math.h>

#include "tinycnn/train.h"
#include "host_util.h"

void tc_rng_seed(tc_rng *r, uint64_t seed) { r->s = seed; }

static uint64_t next64(tc_rng *r) {
  return tc_mix64(r->s += 0x9E3779B97F4A7C15ull);
}

/* The high half: splitmix64's best-mixed bits. */
uint32_t tc_rng_u32(tc_rng *r) { return (uint32_t)(next64(r) >> 32); }

/* 24 random bits fill a float mantissa exactly: the result is k / 2^24,
 * never 1.0f (a wider value could round up to 1). */
float tc_rng_uniform(tc_rng *r) {
  return (float)(tc_rng_u32(r) >> 8) * (1.0f / 16777216.0f);
}

/* Box-Muller with one draw per call: the state holds no spare value, so
 * the sine half is dropped. u1 is in (0, 1] so the log is finite. */
float tc_rng_normal(tc_rng *r) {
  const double two_pi = 6.283185307179586476925286766559;
  uint64_t x = next64(r);
  double u1 = ((double)(x >> 11) + 1.0) * (1.0 / 9007199254740992.0);
  double u2 = (double)(tc_rng_u32(r) >> 8) * (1.0 / 16777216.0);
  return (float)(sqrt(-2.0 * log(u1)) * cos(two_pi * u2));
}
