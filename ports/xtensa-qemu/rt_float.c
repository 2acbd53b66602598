/* IEEE 754 binary32/binary64 soft-float routines Debian's lx106 libgcc
 * lacks (it has __divsf3, __fixsfsi, the comparisons and the 64-bit
 * integer conversions, which are not replaced). Round to nearest, ties to
 * even, gradual underflow (denormals in and out), infinities; a NaN
 * operand comes back quieted, an invalid operation (inf - inf, 0 * inf)
 * gives the default NaN 0x7fc00000 (the host's payload may differ: IEEE
 * does not fix it, and tests/test_xtensa_rt.c checks only that a NaN
 * comes out). No exception flags (the runtime reads none). Integer only:
 * any float operation in here would call itself. */
#include "rt.h"

static int clz64(uint64_t x) { /* x != 0 */
  uint32_t hi = (uint32_t)(x >> 32);
  return hi ? tc_rt_clz32(hi) : 32 + tc_rt_clz32((uint32_t)x);
}

/* x >> n, with a 1 in bit 0 when any 1 was shifted out (sticky). */
static uint32_t shr_sticky32(uint32_t x, int n) {
  if (n <= 0) return x;
  if (n >= 32) return x != 0;
  return (x >> n) | ((x << (32 - n)) != 0);
}
static uint64_t shr_sticky64(uint64_t x, int n) {
  if (n <= 0) return x;
  if (n >= 64) return x != 0;
  return (x >> n) | ((x << (64 - n)) != 0);
}

/* ---- binary32 ----------------------------------------------------------
 * Working form: sign, biased exponent e, and a significand m with three
 * extra low bits (guard, round, sticky): the value is m * 2^(e - 153),
 * the leading 1 of a normal number at bit 26. The sticky bit is set when
 * anything nonzero lies below it, which keeps rounding exact (at most one
 * left shift follows an inexact subtraction). */
#define F_QNAN 0x7fc00000u
#define F_INF 0x7f800000u

/* Rounds and encodes. m < 2^27 with its leading 1 at bit 26, or e <= 1
 * (subnormal range; e may be below 1, the value is shifted down). */
static uint32_t f_pack(uint32_t sign, int e, uint32_t m) {
  uint32_t grs;
  if (e < 1) {
    m = shr_sticky32(m, 1 - e);
    e = 1;
  }
  grs = m & 7;
  m >>= 3;
  if (grs > 4 || (grs == 4 && (m & 1))) m++;
  if (m >> 24) { /* rounding carried into bit 24 */
    m >>= 1;
    e++;
  }
  if (e >= 255) return sign | F_INF;
  /* A subnormal that rounded up to 2^23 becomes the smallest normal. */
  return sign | (m >> 23 ? (uint32_t)e << 23 : 0) | (m & 0x7fffff);
}

/* Quiet NaN result of a NaN operand. */
static uint32_t f_nan(uint32_t a, uint32_t b) {
  if ((a & 0x7fffffff) > F_INF) return a | 0x400000;
  return b | 0x400000;
}

static uint32_t f_add(uint32_t a, uint32_t b) {
  uint32_t sign, ma, mb, m;
  int ea, eb, d, e;
  if ((a & 0x7fffffff) >= F_INF || (b & 0x7fffffff) >= F_INF) {
    if ((a & 0x7fffffff) > F_INF || (b & 0x7fffffff) > F_INF)
      return f_nan(a, b);
    if ((a & 0x7fffffff) == F_INF)
      return (b & 0x7fffffff) == F_INF && a != b ? F_QNAN : a;
    return b;
  }
  if ((a & 0x7fffffff) < (b & 0x7fffffff)) { /* |a| >= |b| */
    uint32_t t = a;
    a = b;
    b = t;
  }
  if ((b & 0x7fffffff) == 0) /* x + 0; -0 + -0 = -0, -0 + +0 = +0 */
    return (a & 0x7fffffff) == 0 ? a & b : a;
  sign = a & 0x80000000u;
  ea = (int)(a >> 23 & 0xff);
  eb = (int)(b >> 23 & 0xff);
  ma = (a & 0x7fffff) | (ea ? 0x800000u : 0);
  mb = (b & 0x7fffff) | (eb ? 0x800000u : 0);
  if (!ea) ea = 1;
  if (!eb) eb = 1;
  ma <<= 3;
  mb <<= 3;
  d = ea - eb;
  mb = shr_sticky32(mb, d);
  e = ea;
  if ((a ^ b) >> 31 == 0) {
    m = ma + mb;
    if (m >> 27) {
      m = shr_sticky32(m, 1);
      e++;
    }
  } else {
    int s;
    m = ma - mb;
    if (m == 0) return 0; /* exact cancellation: +0 */
    s = tc_rt_clz32(m) - 5;  /* leading 1 to bit 26 */
    if (s > e - 1) s = e - 1; /* but not below the subnormal exponent */
    if (s > 0) {
      m <<= s;
      e -= s;
    }
  }
  return f_pack(sign, e, m);
}

float TC_RT(addsf3)(float a, float b) { return tc_rt_u2f(f_add(tc_rt_f2u(a), tc_rt_f2u(b))); }
float TC_RT(subsf3)(float a, float b) {
  uint32_t ub = tc_rt_f2u(b);
  /* a - NaN keeps the NaN's sign, as the host does. */
  if ((ub & 0x7fffffff) <= F_INF) ub ^= 0x80000000u;
  return tc_rt_u2f(f_add(tc_rt_f2u(a), ub));
}

/* The significand of a nonzero finite binary32 with its leading 1 at bit
 * 23, and its exponent (below 1 for a subnormal). */
static uint32_t f_unpack(uint32_t a, int *e) {
  uint32_t m = a & 0x7fffff;
  int ea = (int)(a >> 23 & 0xff);
  if (ea) {
    *e = ea;
    return m | 0x800000;
  }
  {
    int s = tc_rt_clz32(m) - 8;
    *e = 1 - s;
    return m << s;
  }
}

static uint32_t f_mul(uint32_t a, uint32_t b) {
  uint32_t sign = (a ^ b) & 0x80000000u, ma, mb, hi, lo, m;
  int ea, eb, e;
  if ((a & 0x7fffffff) >= F_INF || (b & 0x7fffffff) >= F_INF) {
    if ((a & 0x7fffffff) > F_INF || (b & 0x7fffffff) > F_INF)
      return f_nan(a, b);
    if ((a & 0x7fffffff) == 0 || (b & 0x7fffffff) == 0) return F_QNAN;
    return sign | F_INF;
  }
  if ((a & 0x7fffffff) == 0 || (b & 0x7fffffff) == 0) return sign;
  ma = f_unpack(a, &ea);
  mb = f_unpack(b, &eb);
  tc_rt_mul32x32(ma, mb, &hi, &lo); /* [2^46, 2^48) */
  e = ea + eb - 127;
  if (hi >> 15) { /* >= 2^47: leading 1 to bit 26 is a shift by 21 */
    m = (hi << 11) | (lo >> 21) | ((lo & 0x1fffff) != 0);
    e++;
  } else {
    m = (hi << 12) | (lo >> 20) | ((lo & 0xfffff) != 0);
  }
  return f_pack(sign, e, m);
}

float TC_RT(mulsf3)(float a, float b) { return tc_rt_u2f(f_mul(tc_rt_f2u(a), tc_rt_f2u(b))); }

/* An unsigned integer, then the sign. */
static uint32_t f_from_u32(uint32_t sign, uint32_t u) {
  int lz;
  if (u == 0) return sign;
  lz = tc_rt_clz32(u);
  u <<= lz; /* leading 1 at bit 31 */
  return f_pack(sign, 158 - lz, shr_sticky32(u, 5));
}

float TC_RT(floatsisf)(int32_t i) {
  return tc_rt_u2f(i < 0 ? f_from_u32(0x80000000u, 0u - (uint32_t)i)
                   : f_from_u32(0, (uint32_t)i));
}
float TC_RT(floatunsisf)(uint32_t i) { return tc_rt_u2f(f_from_u32(0, i)); }

/* Truncates toward zero; negative values and NaN give 0, values from 2^32
 * up 0xffffffff (C leaves both undefined). */
uint32_t TC_RT(fixunssfsi)(float a) {
  uint32_t u = tc_rt_f2u(a), m;
  int e = (int)(u >> 23 & 0xff) - 127;
  if (u >> 31 || (u & 0x7fffffff) > F_INF || e < 0) return 0;
  if (e >= 32) return 0xffffffffu;
  m = (u & 0x7fffff) | 0x800000;
  return e >= 23 ? m << (e - 23) : m >> (23 - e);
}

/* ---- binary64 ----------------------------------------------------------
 * As binary32: m * 2^(e - 1078), leading 1 at bit 55, three extra bits. */
#define D_QNAN 0x7ff8000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_ABS 0x7fffffffffffffffull
#define D_SIGN 0x8000000000000000ull
#define D_FRAC 0x000fffffffffffffull

static uint64_t d_pack(uint64_t sign, int e, uint64_t m) {
  uint32_t grs;
  if (e < 1) {
    m = shr_sticky64(m, 1 - e);
    e = 1;
  }
  grs = (uint32_t)m & 7;
  m >>= 3;
  if (grs > 4 || (grs == 4 && (m & 1))) m++;
  if (m >> 53) {
    m >>= 1;
    e++;
  }
  if (e >= 2047) return sign | D_INF;
  return sign | (m >> 52 ? (uint64_t)e << 52 : 0) | (m & D_FRAC);
}

static uint64_t d_nan(uint64_t a, uint64_t b) {
  if ((a & D_ABS) > D_INF) return a | 0x0008000000000000ull;
  return b | 0x0008000000000000ull;
}

static uint64_t d_add(uint64_t a, uint64_t b) {
  uint64_t sign, ma, mb, m;
  int ea, eb, e;
  if ((a & D_ABS) >= D_INF || (b & D_ABS) >= D_INF) {
    if ((a & D_ABS) > D_INF || (b & D_ABS) > D_INF) return d_nan(a, b);
    if ((a & D_ABS) == D_INF) return (b & D_ABS) == D_INF && a != b ? D_QNAN : a;
    return b;
  }
  if ((a & D_ABS) < (b & D_ABS)) {
    uint64_t t = a;
    a = b;
    b = t;
  }
  if ((b & D_ABS) == 0) return (a & D_ABS) == 0 ? a & b : a;
  sign = a & D_SIGN;
  ea = (int)(a >> 52 & 0x7ff);
  eb = (int)(b >> 52 & 0x7ff);
  ma = (a & D_FRAC) | (ea ? 1ull << 52 : 0);
  mb = (b & D_FRAC) | (eb ? 1ull << 52 : 0);
  if (!ea) ea = 1;
  if (!eb) eb = 1;
  ma <<= 3;
  mb <<= 3;
  mb = shr_sticky64(mb, ea - eb);
  e = ea;
  if ((a ^ b) >> 63 == 0) {
    m = ma + mb;
    if (m >> 56) {
      m = shr_sticky64(m, 1);
      e++;
    }
  } else {
    int s;
    m = ma - mb;
    if (m == 0) return 0;
    s = clz64(m) - 8;
    if (s > e - 1) s = e - 1;
    if (s > 0) {
      m <<= s;
      e -= s;
    }
  }
  return d_pack(sign, e, m);
}

double TC_RT(adddf3)(double a, double b) { return tc_rt_u2d(d_add(tc_rt_d2u(a), tc_rt_d2u(b))); }
double TC_RT(subdf3)(double a, double b) {
  uint64_t ub = tc_rt_d2u(b);
  if ((ub & D_ABS) <= D_INF) ub ^= D_SIGN;
  return tc_rt_u2d(d_add(tc_rt_d2u(a), ub));
}

static uint64_t d_unpack(uint64_t a, int *e) {
  uint64_t m = a & D_FRAC;
  int ea = (int)(a >> 52 & 0x7ff);
  if (ea) {
    *e = ea;
    return m | 1ull << 52;
  }
  {
    int s = clz64(m) - 11;
    *e = 1 - s;
    return m << s;
  }
}

static uint64_t d_mul(uint64_t a, uint64_t b) {
  uint64_t sign = (a ^ b) & D_SIGN, ma, mb, m;
  uint32_t al, ah, bl, bh, h, l, p0, p1, p2, p3, c;
  int ea, eb, e;
  if ((a & D_ABS) >= D_INF || (b & D_ABS) >= D_INF) {
    if ((a & D_ABS) > D_INF || (b & D_ABS) > D_INF) return d_nan(a, b);
    if ((a & D_ABS) == 0 || (b & D_ABS) == 0) return D_QNAN;
    return sign | D_INF;
  }
  if ((a & D_ABS) == 0 || (b & D_ABS) == 0) return sign;
  ma = d_unpack(a, &ea);
  mb = d_unpack(b, &eb);
  /* The 106-bit product as four 32-bit words p3 p2 p1 p0. */
  al = (uint32_t)ma;
  ah = (uint32_t)(ma >> 32);
  bl = (uint32_t)mb;
  bh = (uint32_t)(mb >> 32);
  tc_rt_mul32x32(al, bl, &p1, &p0);
  tc_rt_mul32x32(ah, bh, &p3, &p2);
  tc_rt_mul32x32(al, bh, &h, &l);
  p1 += l;
  c = p1 < l;
  p2 += h;
  p3 += p2 < h;
  p2 += c;
  p3 += p2 < c;
  tc_rt_mul32x32(ah, bl, &h, &l);
  p1 += l;
  c = p1 < l;
  p2 += h;
  p3 += p2 < h;
  p2 += c;
  p3 += p2 < c;
  e = ea + eb - 1023;
  /* [2^104, 2^106): leading 1 to bit 55 is a shift by 49 or 50. */
  if (p3 >> 9) { /* >= 2^105 */
    m = ((uint64_t)p3 << 46) | ((uint64_t)p2 << 14) | (p1 >> 18) |
        ((p1 & 0x3ffff) != 0 || p0 != 0);
    e++;
  } else {
    m = ((uint64_t)p3 << 47) | ((uint64_t)p2 << 15) | (p1 >> 17) |
        ((p1 & 0x1ffff) != 0 || p0 != 0);
  }
  return d_pack(sign, e, m);
}

double TC_RT(muldf3)(double a, double b) { return tc_rt_u2d(d_mul(tc_rt_d2u(a), tc_rt_d2u(b))); }

static uint64_t d_div(uint64_t a, uint64_t b) {
  uint64_t sign = (a ^ b) & D_SIGN, ma, mb, q = 0, r;
  int ea, eb, e, i;
  if ((a & D_ABS) >= D_INF || (b & D_ABS) >= D_INF) {
    if ((a & D_ABS) > D_INF || (b & D_ABS) > D_INF) return d_nan(a, b);
    if ((a & D_ABS) == D_INF) return (b & D_ABS) == D_INF ? D_QNAN : sign | D_INF;
    return sign; /* finite / inf */
  }
  if ((b & D_ABS) == 0) return (a & D_ABS) == 0 ? D_QNAN : sign | D_INF;
  if ((a & D_ABS) == 0) return sign;
  ma = d_unpack(a, &ea);
  mb = d_unpack(b, &eb);
  e = ea - eb + 1023;
  if (ma < mb) { /* quotient in [1, 2) */
    ma <<= 1;
    e--;
  }
  /* 56 quotient bits by long division, the remainder as sticky bit. */
  r = ma;
  for (i = 0; i < 56; i++) {
    q <<= 1;
    if (r >= mb) {
      r -= mb;
      q |= 1;
    }
    r <<= 1;
  }
  return d_pack(sign, e, q | (r != 0));
}

double TC_RT(divdf3)(double a, double b) { return tc_rt_u2d(d_div(tc_rt_d2u(a), tc_rt_d2u(b))); }

static uint64_t d_from_u32(uint64_t sign, uint32_t u) {
  int lz;
  if (u == 0) return sign;
  lz = tc_rt_clz32(u);
  /* exact: 32 bits fit the 53-bit significand */
  return sign | (uint64_t)(1054 - lz) << 52 | (((uint64_t)u << (lz + 21)) & D_FRAC);
}

double TC_RT(floatsidf)(int32_t i) {
  return tc_rt_u2d(i < 0 ? d_from_u32(D_SIGN, 0u - (uint32_t)i) : d_from_u32(0, (uint32_t)i));
}
double TC_RT(floatunsidf)(uint32_t i) { return tc_rt_u2d(d_from_u32(0, i)); }

/* Truncates toward zero. Out of range and NaN (undefined in C): the
 * nearest of INT32_MIN, INT32_MAX; NaN gives INT32_MIN. */
int32_t TC_RT(fixdfsi)(double a) {
  uint64_t u = tc_rt_d2u(a), m;
  int e = (int)(u >> 52 & 0x7ff) - 1023;
  uint32_t r;
  if ((u & D_ABS) > D_INF) return INT32_MIN;
  if (e < 0) return 0;
  if (e >= 31) return u >> 63 ? INT32_MIN : INT32_MAX;
  m = (u & D_FRAC) | 1ull << 52;
  r = (uint32_t)(m >> (52 - e));
  return (int32_t)(u >> 63 ? 0u - r : r);
}

uint32_t TC_RT(fixunsdfsi)(double a) {
  uint64_t u = tc_rt_d2u(a), m;
  int e = (int)(u >> 52 & 0x7ff) - 1023;
  if (u >> 63 || (u & D_ABS) > D_INF || e < 0) return 0;
  if (e >= 32) return 0xffffffffu;
  m = (u & D_FRAC) | 1ull << 52;
  return (uint32_t)(m >> (52 - e));
}

/* ---- conversions between the two ---------------------------------------- */
double TC_RT(extendsfdf2)(float a) {
  uint32_t u = tc_rt_f2u(a);
  uint64_t sign = (uint64_t)(u >> 31) << 63;
  int e = (int)(u >> 23 & 0xff);
  uint32_t m = u & 0x7fffff;
  if (e == 255) /* inf, or NaN quieted with its payload */
    return tc_rt_u2d(sign | D_INF | (m ? 0x0008000000000000ull : 0) | (uint64_t)m << 29);
  if (e == 0) {
    int s;
    if (m == 0) return tc_rt_u2d(sign);
    s = tc_rt_clz32(m) - 8; /* leading 1 to bit 23 */
    m = (m << s) & 0x7fffff;
    e = 1 - s;
  }
  return tc_rt_u2d(sign | (uint64_t)(e + 896) << 52 | (uint64_t)m << 29);
}

float TC_RT(truncdfsf2)(double a) {
  uint64_t u = tc_rt_d2u(a), m;
  uint32_t sign = (uint32_t)(u >> 32) & 0x80000000u;
  int e = (int)(u >> 52 & 0x7ff);
  if (e == 0x7ff)
    return tc_rt_u2f((u & D_FRAC) ? sign | F_QNAN | (uint32_t)((u & D_FRAC) >> 29)
                            : sign | F_INF);
  if (e == 0 && (u & D_FRAC) == 0) return tc_rt_u2f(sign);
  /* A binary64 subnormal is far below binary32's range: it rounds to 0
   * (sticky keeps the rounding direction right). */
  m = (u & D_FRAC) | (e ? 1ull << 52 : 0);
  if (!e) e = 1;
  e -= 896; /* rebias */
  if (e >= 255) return tc_rt_u2f(sign | F_INF);
  /* leading 1 from bit 52 to bit 26: 26 bits down, sticky */
  return tc_rt_u2f(f_pack(sign, e, (uint32_t)shr_sticky64(m, 26)));
}
