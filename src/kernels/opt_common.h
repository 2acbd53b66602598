/* Shared by the optimized int8 kernels (conv_s8_opt.c,
 * depthwise_conv_s8_opt.c): the job descriptions the reference kernels hand
 * over, and a requantization that is bit-exact with tc_mul_by_qm but costs a
 * handful of instructions. Internal. Building with -DTC_REFERENCE_KERNELS=1
 * compiles the optimized paths out: only the reference kernels run.
 *
 * Why the fast requantization is exact (shift = -e <= 0, q in [2^30,2^31)):
 * TFLite computes r1 = SRDHM(acc, q) = trunc((acc*q + nudge) / 2^31) with
 * nudge = 2^30 or 1 - 2^30 by sign, which equals floor((acc*q + 2^30) / 2^31)
 * for both signs, then r2 = RoundingDivideByPOT(r1, e) = floor((r1 + 2^(e-1)
 * - [r1 < 0]) / 2^e). Nested floors with integer offsets compose, so with
 * q2 = 2q (unsigned) and p = acc*q2 = hi*2^32 + lo:
 *   r1 = hi + (lo >> 31),  r2 + zp = (r1 + 2^(e-1) + zp*2^e - [r1<0]) >> e.
 * The [r1 < 0] term only changes r2 for negative r1, where r2 <= 0; when
 * the activation's lower clamp is >= zp (RELU, RELU6 and friends) such a
 * result clamps to the lower bound either way, so the term is dropped. */
#ifndef TC_OPT_COMMON_H
#define TC_OPT_COMMON_H

#include "kernel.h"

#ifndef TC_REFERENCE_KERNELS
#define TC_REFERENCE_KERNELS 0
#endif

/* Hosts whose baseline ISA has 128-bit integer SIMD (x86 with SSE2, i.e.
 * every x86-64) run loops shaped for the compiler's auto-vectorizer
 * instead of the scalar register blocks written for MCUs. Plain C either
 * way; -DTC_VEC_LOOPS=0 or 1 forces the choice (the tests build both). */
#ifndef TC_VEC_LOOPS
#if defined(__SSE2__)
#define TC_VEC_LOOPS 1
#else
#define TC_VEC_LOOPS 0
#endif
#endif


/* One int8 convolution (CONV_2D with ungrouped filter, or
 * DEPTHWISE_CONV_2D): NHWC tensors, OHWI (conv) or 1HWO (depthwise)
 * filter, TFLM's per-channel quantization. */
typedef struct tc_conv_job {
  const int8_t *input, *filter;
  const int32_t *bias; /* NULL = none */
  int8_t *output;
  int32_t batches, in_h, in_w, in_c, k_h, k_w, out_c;
  int32_t stride_h, stride_w, dil_h, dil_w, pad_h, pad_w, out_h, out_w;
  int32_t in_offset, out_offset, act_lo, act_hi; /* in_offset = -zp_in */
  const int32_t *mult, *shift;                   /* per output channel */
  int8_t *scratch;                               /* from tc_scratch */
  int hwo; /* filter is [1,KH,KW,Cout] with Cin 1 (depthwise as conv) */
  /* Nonzero: a later band of rows of the same invoke (tc_stream), whose
   * first band already left the per-channel constants (and any copied
   * weights) in scratch: they depend on neither the rows nor the input,
   * so they are not recomputed for every band. */
  int keep;
  /* Nonzero (CONV_2D only): write the conv's output max pooled 2x2 at
   * stride 2 (out_h, out_w stay the conv's; output holds the pooled
   * rows). Returns 0 for jobs the pooled path does not take. */
  int pool;
} tc_conv_job;

/* Scratch bytes the optimized paths need for a job whose shape and
 * geometry fields are set (prepare asks tc_scratch for them). */
size_t tc_conv_s8_opt_scratch(const tc_conv_job *j);
size_t tc_depthwise_s8_opt_scratch(const tc_conv_job *j);
/* Run the optimized path; 0 when the job does not qualify (the caller then
 * runs the reference kernel). */
int tc_conv_s8_opt(const tc_conv_job *j);
int tc_depthwise_s8_opt(const tc_conv_job *j);

/* The rv32 -O2 blocks (conv_s8_rv32.h, conv_s8_sparse_rv32.h,
 * depthwise_conv_s8_rv32.h) add the output zero point after the shift:
 * add = 2^(e-1) alone, so any right shift up to 30 takes the fast form
 * (with zp * 2^e inside add it stops at 22; vww_96_int8's later layers
 * shift by 23-30 in most channels). The zero point rides in bits 8-15 of
 * e: a shift reads only its low 5 bits. */
#if defined(__riscv) && defined(__riscv_mul) && defined(__GNUC__) &&    \
    __riscv_xlen == 32 && !defined(__clang__) &&                        \
    !defined(__OPTIMIZE_SIZE__)
#define TC_RQ_ZP_AFTER 1
#else
#define TC_RQ_ZP_AFTER 0
#endif

/* Requantization constants of one output channel. */
typedef struct tc_rq {
  int32_t init;  /* bias + in_offset * sum(weights) */
  uint32_t q2;   /* 2 * multiplier */
  int32_t add;   /* 2^(e-1) + zp * 2^e (rounding and output offset);
                    TC_RQ_ZP_AFTER: 2^(e-1) */
  int32_t e;     /* right shift; TC_RQ_ZP_AFTER: | (zp & 0xff) << 8 */
} tc_rq;

#if TC_RQ_ZP_AFTER
#define TC_RQ_E(r) ((r)->e & 31)
#define TC_RQ_ZP(r) (((((r)->e >> 8) & 0xff) ^ 0x80) - 0x80)
#define TC_RQ_EMAX 30
#else
#define TC_RQ_E(r) ((r)->e)
#define TC_RQ_ZP(r) 0
#define TC_RQ_EMAX 22
#endif

/* Fills r for a channel; returns 0 when the fast form does not apply
 * (left shift, very large right shift): use tc_rq_slow then. Bounds: the
 * callers guarantee |acc| <= 2^30, so nothing below wraps. */
static inline int tc_rq_init(tc_rq *r, int32_t mult, int32_t shift, int32_t zp) {
  int32_t e = -shift;
  if (shift > 0 || e > TC_RQ_EMAX) return 0;
  r->q2 = (uint32_t)mult << 1;
#if TC_RQ_ZP_AFTER
  r->e = e | (int32_t)(((uint32_t)zp & 0xffu) << 8);
  r->add = e > 0 ? (int32_t)1 << (e - 1) : 0;
#else
  r->e = e;
  r->add = (e > 0 ? (int32_t)1 << (e - 1) : 0) + zp * ((int32_t)1 << e);
#endif
  return 1;
}

#if TC_RQ_ZP_AFTER
/* The rv32 blocks requantize only sums > 0 (a sum <= 0 stores lo), so
 * r1 = hi + (lo >> 31) lies in [0, 2^31) and r1 + 2^(e-1) < 2^32: a
 * logical shift of the 32-bit sum is exact whatever the bias. The C forms
 * below take every sign, in 64 bits. Only e = 0 (no shift, so r1 + zp
 * could pass 2^31) still needs |bias| <= 2^29. */
static inline int tc_rq_bias_ok(int32_t bias, const tc_rq *r) {
  return TC_RQ_E(r) > 0 || (bias <= (1 << 29) && bias >= -(1 << 29));
}

/* r2 + zp without the negative-tie term (see above): for act_lo >= zp. */
TC_ALWAYS_INLINE int32_t tc_rq_relu(int32_t acc, const tc_rq *r) {
  int64_t p = (int64_t)acc * (int64_t)(uint64_t)r->q2;
  int64_t r1 = (p >> 32) + (int64_t)((uint32_t)p >> 31);
  return (int32_t)((r1 + r->add) >> TC_RQ_E(r)) + TC_RQ_ZP(r);
}

/* Exact for any clamp range. */
TC_ALWAYS_INLINE int32_t tc_rq_any(int32_t acc, const tc_rq *r) {
  int64_t p = (int64_t)acc * (int64_t)(uint64_t)r->q2;
  int64_t r1 = (p >> 32) + (int64_t)((uint32_t)p >> 31);
  int64_t neg = TC_RQ_E(r) > 0 && r1 < 0 ? 1 : 0;
  return (int32_t)((r1 + r->add - neg) >> TC_RQ_E(r)) + TC_RQ_ZP(r);
}
#else
static inline int tc_rq_bias_ok(int32_t bias, const tc_rq *r) {
  (void)r;
  return bias <= (1 << 29) && bias >= -(1 << 29);
}

/* r2 + zp without the negative-tie term (see above): for act_lo >= zp. */
TC_ALWAYS_INLINE int32_t tc_rq_relu(int32_t acc, const tc_rq *r) {
  int64_t p = (int64_t)acc * (int64_t)(uint64_t)r->q2;
  int32_t hi = (int32_t)(p >> 32);
  uint32_t lo = (uint32_t)p;
  return (int32_t)((uint32_t)hi + (lo >> 31) + (uint32_t)r->add) >> r->e;
}

/* Exact for any clamp range. */
TC_ALWAYS_INLINE int32_t tc_rq_any(int32_t acc, const tc_rq *r) {
  int64_t p = (int64_t)acc * (int64_t)(uint64_t)r->q2;
  uint32_t r1 = (uint32_t)(int32_t)(p >> 32) + ((uint32_t)p >> 31);
  uint32_t neg = r->e > 0 ? r1 >> 31 : 0;
  return (int32_t)(r1 + (uint32_t)r->add - neg) >> r->e;
}
#endif

/* Sum of n int8 values, four per step: this runs over every weight of the
 * layer on each invoke, so it is worth the unrolling. */
static inline int32_t tc_sum_s8(const int8_t *w, int32_t n) {
  int32_t s0 = 0, s1 = 0, k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += w[k] + w[k + 1];
    s1 += w[k + 2] + w[k + 3];
  }
  for (; k < n; k++) s0 += w[k];
  return s0 + s1;
}

TC_ALWAYS_INLINE int8_t tc_clamp8(int32_t v, int32_t lo, int32_t hi) {
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return (int8_t)v;
}

#endif
