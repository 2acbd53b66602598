/* Integer division and 64-bit multiply for lx106, which has neither a
 * divide instruction (XCHAL_HAVE_DIV32 = 0) nor a high multiply
 * (XCHAL_HAVE_MUL32_HIGH = 0), and whose Debian libgcc lacks these
 * routines (it has __modsi3, __moddi3 and __udivmoddi4, which are not
 * replaced). Division by zero executes an illegal instruction: the
 * runner's exception vector reports it, where C leaves it undefined.
 * Checked against the host's operators by tests/test_xtensa_rt.c. */
#include "rt.h"

/* n / d and n % d for d != 0. Long division from the first quotient bit
 * (found with NSAU): one compare-subtract per quotient bit. */
static uint32_t udiv32(uint32_t n, uint32_t d, uint32_t *rem) {
  uint32_t q = 0;
  int s;
  if (d == 0) __builtin_trap();
  if (d > n) {
    *rem = n;
    return 0;
  }
  s = tc_rt_clz32(d) - tc_rt_clz32(n); /* d << s <= n < d << (s + 1) */
  d <<= s;
  for (;;) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    if (s-- == 0) break;
    d >>= 1;
  }
  *rem = n;
  return q;
}

uint32_t TC_RT(udivsi3)(uint32_t a, uint32_t b) {
  uint32_t r;
  return udiv32(a, b, &r);
}

uint32_t TC_RT(umodsi3)(uint32_t a, uint32_t b) {
  uint32_t r;
  udiv32(a, b, &r);
  return r;
}

/* Truncates toward zero; INT32_MIN / -1 wraps to INT32_MIN (C leaves it
 * undefined). */
int32_t TC_RT(divsi3)(int32_t a, int32_t b) {
  uint32_t ua = a < 0 ? 0u - (uint32_t)a : (uint32_t)a;
  uint32_t ub = b < 0 ? 0u - (uint32_t)b : (uint32_t)b, r;
  uint32_t q = udiv32(ua, ub, &r);
  return (int32_t)((a < 0) != (b < 0) ? 0u - q : q);
}

/* The low 64 bits of a * b; the cross terms of the upper words (MULL)
 * only when there are upper words: the runtime's 64-bit products
 * (qm_int.c, quant.c) are mostly of 32-bit values. */
int64_t TC_RT(muldi3)(int64_t a, int64_t b) {
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  uint32_t ah = (uint32_t)(ua >> 32), bh = (uint32_t)(ub >> 32);
  uint32_t hi, lo;
  uint64_t p;
  tc_rt_mul32x32((uint32_t)ua, (uint32_t)ub, &hi, &lo);
  p = (uint64_t)hi << 32 | lo;
  if (ah | bh)
    p += (uint64_t)((uint32_t)ua * bh + ah * (uint32_t)ub) << 32;
  return (int64_t)p;
}

static int clz64(uint64_t x) { /* x != 0 */
  uint32_t hi = (uint32_t)(x >> 32);
  return hi ? tc_rt_clz32(hi) : 32 + tc_rt_clz32((uint32_t)x);
}

/* n / d and n % d for d != 0, as udiv32 over 64 bits. */
static uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem) {
  uint64_t q = 0;
  int s;
  if (d == 0) __builtin_trap();
  if ((n >> 32) == 0) { /* then d < 2^32 too, or the quotient is 0 */
    uint32_t r32;
    if (d > n) {
      *rem = n;
      return 0;
    }
    q = udiv32((uint32_t)n, (uint32_t)d, &r32);
    *rem = r32;
    return q;
  }
  if (d > n) {
    *rem = n;
    return 0;
  }
  s = clz64(d) - clz64(n);
  d <<= s;
  for (;;) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    if (s-- == 0) break;
    d >>= 1;
  }
  *rem = n;
  return q;
}

uint64_t TC_RT(udivdi3)(uint64_t a, uint64_t b) {
  uint64_t r;
  return udiv64(a, b, &r);
}

uint64_t TC_RT(umoddi3)(uint64_t a, uint64_t b) {
  uint64_t r;
  udiv64(a, b, &r);
  return r;
}

int64_t TC_RT(divdi3)(int64_t a, int64_t b) {
  uint64_t ua = a < 0 ? 0u - (uint64_t)a : (uint64_t)a;
  uint64_t ub = b < 0 ? 0u - (uint64_t)b : (uint64_t)b, r;
  uint64_t q = udiv64(ua, ub, &r);
  return (int64_t)((a < 0) != (b < 0) ? 0u - q : q);
}
