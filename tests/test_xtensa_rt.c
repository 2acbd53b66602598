/* The Xtensa port's compiler runtime routines (ports/xtensa-qemu/rt_int.c,
 * rt_float.c), compiled for the host as tc_rt_* and compared with the
 * host's own operators (x86-64: SSE, IEEE binary32/64, round to nearest
 * even, subnormals kept) over edge values, all their pairs, and random
 * operands: bit for bit, except that a NaN result only has to be a NaN
 * (IEEE leaves the payload open; the host's default NaN is negative).
 * Operands whose C result is undefined (division by zero, INT_MIN / -1,
 * float-to-int out of range) are not compared.
 *   test_xtensa_rt [RANDOM_PAIRS]      (default 300000 per routine) */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

static long checks, fails;

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next64(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1dull;
}
static uint32_t next32(void) { return (uint32_t)(next64() >> 32); }

static void fail_msg(const char *op, const char *detail) {
  fails++;
  if (fails <= 20) printf("FAIL %s: %s\n", op, detail);
}

static void check_f(const char *op, uint32_t a, uint32_t b, float want, float got) {
  uint32_t w = tc_rt_f2u(want), g = tc_rt_f2u(got);
  checks++;
  if (isnan(want) ? !isnan(got) : w != g) {
    char s[160];
    snprintf(s, sizeof s, "a=0x%08" PRIx32 " b=0x%08" PRIx32 " want 0x%08" PRIx32
             " got 0x%08" PRIx32, a, b, w, g);
    fail_msg(op, s);
  }
}

static void check_d(const char *op, uint64_t a, uint64_t b, double want, double got) {
  uint64_t w = tc_rt_d2u(want), g = tc_rt_d2u(got);
  checks++;
  if (isnan(want) ? !isnan(got) : w != g) {
    char s[200];
    snprintf(s, sizeof s, "a=0x%016" PRIx64 " b=0x%016" PRIx64 " want 0x%016" PRIx64
             " got 0x%016" PRIx64, a, b, w, g);
    fail_msg(op, s);
  }
}

static void check_u64(const char *op, uint64_t a, uint64_t b, uint64_t want, uint64_t got) {
  checks++;
  if (want != got) {
    char s[200];
    snprintf(s, sizeof s, "a=0x%016" PRIx64 " b=0x%016" PRIx64 " want 0x%016" PRIx64
             " got 0x%016" PRIx64, a, b, want, got);
    fail_msg(op, s);
  }
}

/* ---- integers ---------------------------------------------------------- */
static void int_pair(uint32_t a, uint32_t b) {
  int32_t sa = (int32_t)a, sb = (int32_t)b;
  if (b != 0) {
    check_u64("udivsi3", a, b, a / b, tc_rt_udivsi3(a, b));
    check_u64("umodsi3", a, b, a % b, tc_rt_umodsi3(a, b));
    if (!(sa == INT32_MIN && sb == -1))
      check_u64("divsi3", a, b, (uint32_t)(sa / sb), (uint32_t)tc_rt_divsi3(sa, sb));
  }
}

static void int64_pair(uint64_t a, uint64_t b) {
  int64_t sa = (int64_t)a, sb = (int64_t)b;
  check_u64("muldi3", a, b, a * b, (uint64_t)tc_rt_muldi3(sa, sb));
  if (b != 0) {
    check_u64("udivdi3", a, b, a / b, tc_rt_udivdi3(a, b));
    check_u64("umoddi3", a, b, a % b, tc_rt_umoddi3(a, b));
    if (!(sa == INT64_MIN && sb == -1))
      check_u64("divdi3", a, b, (uint64_t)(sa / sb), (uint64_t)tc_rt_divdi3(sa, sb));
  }
}

/* A random value of random bit length (small operands matter as much). */
static uint64_t rand_width64(void) {
  int w = (int)(next32() % 65);
  uint64_t v = next64();
  v = w == 64 ? v : w == 0 ? 0 : v & ((1ull << w) - 1);
  return next32() & 1 ? 0 - v : v;
}

static void test_int(long n) {
  static const uint32_t e32[] = {0, 1, 2, 3, 7, 10, 255, 256, 0x7fff, 0x8000, 0xffff,
                                 0x10000, 0x10001, 0x12345678, 0x7ffffffe, 0x7fffffff,
                                 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu,
                                 0xfffffff9u, 0xffff0000u, 0xaaaaaaaau, 0x55555555u};
  const size_t n32 = sizeof e32 / sizeof e32[0];
  size_t i, j;
  long k;
  for (i = 0; i < n32; i++)
    for (j = 0; j < n32; j++) {
      uint64_t a = e32[i], b = e32[j];
      int_pair(e32[i], e32[j]);
      int64_pair(a, b);
      int64_pair(a << 32 | b, b);
      int64_pair(a << 32, b << 32 | a);
      int64_pair((uint64_t)(int64_t)(int32_t)e32[i], (uint64_t)(int64_t)(int32_t)e32[j]);
    }
  int64_pair(INT64_MIN, 1);
  int64_pair(INT64_MIN, 2);
  int64_pair(INT64_MAX, INT64_MAX);
  for (k = 0; k < n; k++) {
    uint64_t a = rand_width64(), b = rand_width64();
    int_pair((uint32_t)a, (uint32_t)b);
    int_pair(next32(), next32() >> (next32() % 32));
    int64_pair(a, b);
  }
}

/* ---- floats ------------------------------------------------------------ */
static const uint32_t fedge[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x00000002, 0x007fffff,
    0x807fffff, 0x00400000, 0x00800000, 0x80800000, 0x00800001, 0x00ffffff,
    0x01000000, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3fffffff,
    0x40000000, 0x3f000000, 0x33800000, 0x34000000, 0x4b000000, 0x4b7fffff,
    0x4b800000, 0x4f000000, 0xcf000000, 0x5f800000, 0x7f000000, 0x7f7fffff,
    0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001,
    0x7fbfffff, 0x1f800000, 0x20000000, 0x3e800000, 0x40490fdb, 0xc0490fdb,
    0x3dcccccd, 0x00000003, 0x0000ffff, 0x7e800000, 0x3400000a};

static void float_pair(uint32_t a, uint32_t b) {
  volatile float x = tc_rt_u2f(a), y = tc_rt_u2f(b);
  check_f("addsf3", a, b, x + y, tc_rt_addsf3(x, y));
  check_f("subsf3", a, b, x - y, tc_rt_subsf3(x, y));
  check_f("mulsf3", a, b, x * y, tc_rt_mulsf3(x, y));
}

/* A random float: any bits, or near another exponent (cancellation,
 * alignment shifts), or small (subnormal results). */
static uint32_t rand_float_near(uint32_t a) {
  uint32_t r = next32();
  switch (next32() % 4) {
    case 0: return r;
    case 1: return (r & 0x807fffff) | (((a >> 23 & 0xff) + (r >> 28) - 8) & 0xff) << 23;
    case 2: return (r & 0x80ffffffu) | (next32() % 3) << 23; /* subnormal, tiny */
    default: return (a & 0xffffff00u) | (r & 0xff) | (r & 0x80000000u);
  }
}

static void test_float(long n) {
  const size_t ne = sizeof fedge / sizeof fedge[0];
  static const int32_t iedge[] = {0, 1, -1, 2, 16777215, 16777216, 16777217, 16777219,
                                  33554435, 0x7fffffff, -0x7fffffff - 1, -16777217,
                                  0x7fffffbf, 0x7fffffc0, 123456789, -987654321};
  size_t i, j;
  long k;
  for (i = 0; i < ne; i++)
    for (j = 0; j < ne; j++) float_pair(fedge[i], fedge[j]);
  for (k = 0; k < n; k++) {
    uint32_t a = k & 1 ? next32() : fedge[next32() % ne] ^ (next32() & 1);
    float_pair(a, rand_float_near(a));
  }
  for (i = 0; i < sizeof iedge / sizeof iedge[0]; i++) {
    volatile int32_t v = iedge[i];
    volatile uint32_t u = (uint32_t)iedge[i];
    check_f("floatsisf", (uint32_t)v, 0, (float)v, tc_rt_floatsisf(v));
    check_f("floatunsisf", u, 0, (float)u, tc_rt_floatunsisf(u));
  }
  for (k = 0; k < n; k++) {
    volatile int32_t v = (int32_t)(next32() >> (next32() % 32));
    volatile uint32_t u = next32() >> (next32() % 32);
    if (k & 1) v = -v;
    check_f("floatsisf", (uint32_t)v, 0, (float)v, tc_rt_floatsisf(v));
    check_f("floatunsisf", u, 0, (float)u, tc_rt_floatunsisf(u));
  }
  /* float -> unsigned within range */
  for (k = 0; k < n; k++) {
    uint32_t a = (next32() & 0x7fffff) | (uint32_t)(100 + next32() % 58) << 23;
    volatile float x = tc_rt_u2f(a);
    if (x < 4294967296.0f)
      check_u64("fixunssfsi", a, 0, (uint32_t)x, tc_rt_fixunssfsi(x));
  }
}

/* ---- doubles ----------------------------------------------------------- */
static const uint64_t dedge[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x000fffffffffffffull, 0x0008000000000000ull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x0010000000000001ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff0000000000001ull,
    0x3fefffffffffffffull, 0x4000000000000000ull, 0x3fe0000000000000ull,
    0x3ca0000000000000ull, 0x3cb0000000000000ull, 0x4330000000000000ull,
    0x433fffffffffffffull, 0x41dfffffffc00000ull, 0xc1e0000000000000ull,
    0x7fe0000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000000ull, 0x7ff0000000000001ull, 0x400921fb54442d18ull,
    0x3fb999999999999aull, 0x0000000000000003ull, 0x1ff0000000000000ull,
    0x36a0000000000000ull, 0x3810000000000000ull, 0x380fffffffffffffull,
    0x47efffffe0000000ull, 0x47efffffefffffffull, 0x47effffff0000000ull,
    0x3ff0000010000000ull, 0x3ff0000030000000ull, 0x3ff0000010000001ull,
    0x369fffffffffffffull, 0x36a0000000000001ull};

static void double_pair(uint64_t a, uint64_t b) {
  volatile double x = tc_rt_u2d(a), y = tc_rt_u2d(b);
  check_d("adddf3", a, b, x + y, tc_rt_adddf3(x, y));
  check_d("subdf3", a, b, x - y, tc_rt_subdf3(x, y));
  check_d("muldf3", a, b, x * y, tc_rt_muldf3(x, y));
  check_d("divdf3", a, b, x / y, tc_rt_divdf3(x, y));
}

static uint64_t rand_double_near(uint64_t a) {
  uint64_t r = next64();
  switch (next32() % 4) {
    case 0: return r;
    case 1:
      return (r & 0x800fffffffffffffull) |
             (uint64_t)(((a >> 52 & 0x7ff) + (next32() >> 26) - 32) & 0x7ff) << 52;
    case 2: return (r & 0x801fffffffffffffull); /* subnormal, tiny */
    default: return (a & ~0xffffull) | (r & 0xffff) | (r & 0x8000000000000000ull);
  }
}

static void test_double(long n) {
  const size_t ne = sizeof dedge / sizeof dedge[0];
  const size_t nf = sizeof fedge / sizeof fedge[0];
  size_t i, j;
  long k;
  for (i = 0; i < ne; i++)
    for (j = 0; j < ne; j++) double_pair(dedge[i], dedge[j]);
  for (k = 0; k < n; k++) {
    uint64_t a = k & 1 ? next64() : dedge[next32() % ne] ^ (next32() & 1);
    double_pair(a, rand_double_near(a));
  }
  /* int <-> double */
  for (k = 0; k < n; k++) {
    volatile int32_t v = (int32_t)(next32() >> (next32() % 32));
    volatile uint32_t u = next32() >> (next32() % 32);
    volatile double x;
    if (k & 1) v = -v;
    if (k == 0) v = INT32_MIN;
    if (k == 1) u = 0xffffffffu;
    check_d("floatsidf", (uint32_t)v, 0, (double)v, tc_rt_floatsidf(v));
    check_d("floatunsidf", u, 0, (double)u, tc_rt_floatunsidf(u));
    x = tc_rt_u2d((next64() & 0x800fffffffffffffull) |
              (uint64_t)(1000 + next32() % 54) << 52);
    if (x > -2147483649.0 && x < 2147483648.0)
      check_u64("fixdfsi", tc_rt_d2u(x), 0, (uint32_t)(int32_t)x, (uint32_t)tc_rt_fixdfsi(x));
    x = fabs(x);
    if (x < 4294967296.0)
      check_u64("fixunsdfsi", tc_rt_d2u(x), 0, (uint32_t)x, tc_rt_fixunsdfsi(x));
  }
  check_u64("fixdfsi", 0, 0, (uint32_t)INT32_MIN, (uint32_t)tc_rt_fixdfsi(-2147483648.0));
  check_u64("fixdfsi", 0, 0, 2147483647u, (uint32_t)tc_rt_fixdfsi(2147483647.9));
  /* float <-> double: every edge, random floats, doubles near float
   * rounding points (ties, subnormal range, overflow) */
  for (i = 0; i < nf; i++) {
    volatile float f = tc_rt_u2f(fedge[i]);
    check_d("extendsfdf2", fedge[i], 0, (double)f, tc_rt_extendsfdf2(f));
  }
  for (i = 0; i < ne; i++) {
    volatile double d = tc_rt_u2d(dedge[i]);
    check_f("truncdfsf2", (uint32_t)(dedge[i] >> 32), (uint32_t)dedge[i], (float)d,
            tc_rt_truncdfsf2(d));
  }
  for (k = 0; k < n; k++) {
    uint32_t a = rand_float_near(next32());
    volatile float f = tc_rt_u2f(a);
    uint64_t b;
    volatile double d;
    check_d("extendsfdf2", a, 0, (double)f, tc_rt_extendsfdf2(f));
    /* 29 low bits decide the rounding: ties (0x10000000), just off them */
    b = tc_rt_d2u((double)f) ^ (next64() & 0x1fffffffull);
    if (k % 3 == 0) b = (b & ~0x1fffffffull) | 0x10000000ull | (next32() % 2);
    if (k % 5 == 0) /* exponents around binary32's subnormal range */
      b = (b & 0x800fffffffffffffull) | (uint64_t)(850 + next32() % 60) << 52;
    d = tc_rt_u2d(b);
    check_f("truncdfsf2", (uint32_t)(b >> 32), (uint32_t)b, (float)d, tc_rt_truncdfsf2(d));
  }
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 300000;
  test_int(n);
  test_float(n);
  test_double(n);
  printf("xtensa runtime routines: %ld checks, %ld failed\n", checks, fails);
  return fails ? 1 : 0;
}
