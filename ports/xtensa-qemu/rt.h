/* The compiler runtime routines Debian's gcc-xtensa-lx106 libgcc lacks
 * (rt_int.c, rt_float.c). On the device they carry libgcc's names; the
 * host test (tests/test_xtensa_rt.c) compiles the same files with
 * -DTC_RT_HOST so that they are named tc_rt_* and can be compared with
 * the host's own operators. */
#ifndef TC_XTENSA_RT_H
#define TC_XTENSA_RT_H

#include <stdint.h>
#include <string.h>

#ifdef TC_RT_HOST
#define TC_RT(name) tc_rt_##name
#else
#define TC_RT(name) __##name
#endif

/* 32-bit pieces: these routines run where 64-bit multiplies and all
 * divisions are themselves library calls, so they use neither. */
static inline int tc_rt_clz32(uint32_t x) { /* x != 0; NSAU on Xtensa */
  return __builtin_clz(x);
}

/* Bit views of floats (memcpy: the compiler moves registers). */
static inline uint32_t tc_rt_f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static inline float tc_rt_u2f(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static inline uint64_t tc_rt_d2u(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
static inline double tc_rt_u2d(uint64_t u) {
  double d;
  memcpy(&d, &u, 8);
  return d;
}

/* a * b as two words, from four 16 x 16 products (MUL16U; lx106 has no
 * high multiply) summed so that no carry needs testing: (ll >> 16) + lh,
 * and then its low half + hl, stay below 2^32. */
static inline void tc_rt_mul32x32(uint32_t a, uint32_t b, uint32_t *hi,
                                  uint32_t *lo) {
  uint32_t al = a & 0xffff, ah = a >> 16, bl = b & 0xffff, bh = b >> 16;
  uint32_t ll = al * bl, t = (ll >> 16) + al * bh;
  uint32_t u = (t & 0xffff) + ah * bl;
  *hi = ah * bh + (t >> 16) + (u >> 16);
  *lo = (u << 16) | (ll & 0xffff);
}

int32_t TC_RT(divsi3)(int32_t a, int32_t b);
uint32_t TC_RT(udivsi3)(uint32_t a, uint32_t b);
uint32_t TC_RT(umodsi3)(uint32_t a, uint32_t b);
int64_t TC_RT(muldi3)(int64_t a, int64_t b);
int64_t TC_RT(divdi3)(int64_t a, int64_t b);
uint64_t TC_RT(udivdi3)(uint64_t a, uint64_t b);
uint64_t TC_RT(umoddi3)(uint64_t a, uint64_t b);

float TC_RT(addsf3)(float a, float b);
float TC_RT(subsf3)(float a, float b);
float TC_RT(mulsf3)(float a, float b);
float TC_RT(floatsisf)(int32_t i);
float TC_RT(floatunsisf)(uint32_t i);
uint32_t TC_RT(fixunssfsi)(float a);
double TC_RT(extendsfdf2)(float a);
float TC_RT(truncdfsf2)(double a);
double TC_RT(adddf3)(double a, double b);
double TC_RT(subdf3)(double a, double b);
double TC_RT(muldf3)(double a, double b);
double TC_RT(divdf3)(double a, double b);
double TC_RT(floatsidf)(int32_t i);
double TC_RT(floatunsidf)(uint32_t i);
int32_t TC_RT(fixdfsi)(double a);
uint32_t TC_RT(fixunsdfsi)(double a);

#endif
