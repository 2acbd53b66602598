/* Requantization shared by the Xtensa convolution paths
 * (conv_s8_xtensa.h, depthwise_conv_s8_xtensa.h): per-channel constants
 * in scratch and the exact fast form of opt_common.h without a high
 * multiply. Internal; Xtensa only (TC_XT_CONV). tc_xt_rq's assembly is
 * emitted once, by the translation unit that defines TC_XT_RQ_DEFINE
 * (conv_s8_opt.c). */
#ifndef TC_XTENSA_RQ_H
#define TC_XTENSA_RQ_H

#include "opt_common.h"

#if defined(__XTENSA__) && defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__) && \
    !TC_REFERENCE_KERNELS
#define TC_XT_CONV 1

/* Per output channel, in scratch (computed when !keep); the assembly
 * reads the offsets given. */
typedef struct xt_ch {
  int32_t bias; /*  0: added to the channel's sums */
  int32_t mult; /*  4: Q31 multiplier, >= 0 in the fast form */
  int32_t add2; /*  8: tc_rq.add - 2^15 (xt_rq_sum) */
  int32_t e;    /* 12: right shift; -1: the slow path (tc_mul_by_qm) */
  /* The short form, for d = accumulator + bias in [1, 2^16): the relu
   * result (r1 + add) >> e is floor((d * mult + 2^30 + add * 2^31) /
   * 2^(31+e)) there (the floors nest, and r1 + add cannot wrap), which
   * with 2^30 + add * 2^31 = q0 * 2^(31+e) + rh * 2^16 (no low 16 bits:
   * it is 2^30 (2 add + 1)) and mult = mh * 2^16 + ml is q0 + ((d * mh +
   * rh + ((d * ml) >> 16)) >> (15 + e)), every sum below 2^32 for
   * e <= 15: two 16x16 products instead of four. */
  int32_t q0;   /* 16 */
  uint32_t rh;  /* 20 */
  int32_t add;  /* 24: tc_rq.add */
  int32_t sat;  /* 28: an accumulator of 2^16 already gives >= hi */
} xt_ch;

/* What tc_xt_rq reads besides the channels' xt_ch (offsets given). */
typedef struct xt_rqctl {
  int32_t as;  /*  0: bytes from one accumulator to the next */
  int32_t os;  /*  4: bytes from one output to the next */
  int32_t n;   /*  8: outputs per channel */
  int32_t lo;  /* 12: lower clamp = the output zero point */
  int32_t hi;  /* 16: upper clamp */
  int32_t nch; /* 20: channels: the next one's sums start 4 bytes on,
                *     its outputs 1 byte on, its xt_ch 32 bytes on */
} xt_rqctl;

/* r1 + add of opt_common.h's tc_rq_relu, r1 = floor((acc * mult + 2^30) /
 * 2^31), from 16-bit pieces (lx106 has MUL16S/MUL16U and MULL, no high
 * multiply): with acc = ah * 2^16 + al (al unsigned), mult = mh * 2^16 +
 * ml, r1 = 2 ah mh + floor((ah ml + al mh + (al ml >> 16) + 2^14) / 2^15);
 * the sum in the floor lies in [-2^30, 2^31 + 2^30) for |acc| <= 2^30, so
 * it is formed offset by 2^30 as an unsigned word, and the offset's
 * 2^15 after the shift is folded into add2. Wraps like tc_rq_relu's
 * uint32 sum. */
TC_ALWAYS_INLINE uint32_t xt_rq_sum(int32_t acc, int32_t mh, int32_t ml,
                                    int32_t add2) {
  const int32_t ah = acc >> 16;
  const uint32_t al = (uint32_t)acc & 0xffff;
  const int32_t p0 = (int32_t)(int16_t)ah * (int32_t)(int16_t)mh;
  const uint32_t p1 = (uint32_t)(ah * ml), p2 = al * (uint32_t)mh;
  const uint32_t p3 = (uint32_t)(uint16_t)al * (uint32_t)(uint16_t)ml;
  const uint32_t u = p1 + p2 + (p3 >> 16) + 0x40004000u;
  return (uint32_t)p0 * 2u + (u >> 15) + (uint32_t)add2;
}

/* Requantization of nch channels' n outputs in the relu case with lo =
 * zp (RELU or RELU6 into the bottom of int8, the common case) and
 * 0 <= e <= 15 (xt_rq_asm):
 *   void tc_xt_rq(const int32_t *acc, int8_t *out, const xt_ch *ch,
 *                 const xt_rqctl *q);
 * d = accumulator + bias. d <= 0 stores lo at once: r1 <= 0, so
 * r2 + zp <= zp = lo. Otherwise r1 >= 0 keeps the result >= lo, so only
 * the upper clamp is tested. d < 2^16 runs the short form (xt_ch: 16
 * instructions an output, 17 when the bias is added here); larger d
 * stores hi when ch->sat (the result only grows with d), else runs
 * xt_rq_sum's four products, which need no offset for d > 0 (~32). 5-6
 * instructions for an output clamped to lo.
 * Registers: a6/a7 the multiplier's halves, a11 rh, a0 q0, a8 the
 * channel's xt_ch, a9 lo, a10 hi, a12 the accumulator stride, a13 the
 * bias, SAR = 15 + e (e in the four-product form). Called from C and
 * from the depthwise assembly (call0;
 * a2-a11 are not preserved). */
/* One channel's loop (labels prefixed by p; bias: the instruction that
 * adds it, or none when the sums already hold it). */
#define XT_RQ_LOOP(p, bias)                                              \
  p "1:\n\t"                                                             \
  "l32i a14, a2, 0\n\t"                                                  \
  "add a2, a2, a12\n\t" bias                                             \
  "blti a14, 1, " p "5f\n\t"                                             \
  "srli a15, a14, 16\n\t"                                                \
  "bnez a15, " p "6f\n\t"                                                \
  "mul16u a15, a14, a7\n\t" /* d * ml */                                 \
  "srli a15, a15, 16\n\t"                                                \
  "mul16u a14, a14, a6\n\t" /* d * mh */                                 \
  "add a14, a14, a15\n\t"                                                \
  "add a14, a14, a11\n\t"                                                \
  "srl a14, a14\n\t"                                                     \
  "add a14, a14, a0\n"                                                   \
  p "3:\n\t"                                                             \
  "bge a10, a14, " p "2f\n\t"                                            \
  "mov a14, a10\n"                                                       \
  p "2:\n\t"                                                             \
  "s8i a14, a4, 0\n\t"                                                   \
  "add a4, a4, a5\n\t"                                                   \
  "bltu a2, a3, " p "1b\n\t"                                             \
  "j 8f\n"                                                               \
  p "5:\n\t"                                                             \
  "s8i a9, a4, 0\n\t"                                                    \
  "add a4, a4, a5\n\t"                                                   \
  "bltu a2, a3, " p "1b\n\t"                                             \
  "j 8f\n"                                                               \
  p "6:\n\t" /* d >= 2^16 */                                             \
  "l32i a15, a8, 28\n\t"                                                 \
  "beqz a15, " p "7f\n\t"                                                \
  "mov a14, a10\n\t"                                                     \
  "j " p "2b\n"                                                          \
  p "7:\n\t"                                                             \
  "srai a15, a14, 16\n\t"     /* ah >= 1 */                              \
  "extui a14, a14, 0, 16\n\t" /* al */                                   \
  "mul16u a0, a14, a7\n\t"    /* p3 = al * ml */                         \
  "srli a0, a0, 16\n\t"                                                  \
  "mul16u a14, a14, a6\n\t"   /* p2 = al * mh */                         \
  "add a0, a0, a14\n\t"                                                  \
  "mull a14, a15, a7\n\t"     /* p1 = ah * ml */                         \
  "add a0, a0, a14\n\t"                                                  \
  "addmi a0, a0, 16384\n\t"                                              \
  "srli a0, a0, 15\n\t"                                                  \
  "mul16s a15, a15, a6\n\t"   /* p0 = ah * mh */                         \
  "addx2 a0, a15, a0\n\t"     /* r1 */                                   \
  "l32i a15, a8, 24\n\t"                                                 \
  "add a14, a0, a15\n\t"      /* + add */                                \
  "l32i a15, a8, 12\n\t"                                                 \
  "ssr a15\n\t"                                                          \
  "sra a14, a14\n\t"          /* >> e */                                 \
  "addi a15, a15, 15\n\t"                                                \
  "ssr a15\n\t"                                                          \
  "l32i a0, a8, 16\n\t"                                                  \
  "j " p "3b\n"
#ifdef TC_XT_RQ_DEFINE
__asm__(
    ".pushsection .text.tc_xt_rq,\"ax\",@progbits\n"
    "\t.align 4\n\t.global tc_xt_rq\n"
    "\t.type tc_xt_rq,@function\n"
    "tc_xt_rq:\n\t"
    "addi a1, a1, -48\n\t"
    "s32i a12, a1, 0\n\ts32i a13, a1, 4\n\ts32i a14, a1, 8\n\t"
    "s32i a15, a1, 12\n\ts32i a0, a1, 16\n\t"
    "l32i a12, a5, 0\n\t"  /* as */
    "l32i a14, a5, 8\n\t"  /* n */
    "mull a14, a14, a12\n\t"
    "s32i a14, a1, 20\n\t" /* a channel's span */
    "l32i a9, a5, 12\n\t"  /* lo */
    "l32i a10, a5, 16\n\t" /* hi */
    "l32i a14, a5, 20\n\t"
    "s32i a14, a1, 24\n\t" /* channels left */
    "l32i a5, a5, 4\n\t"   /* os */
    "s32i a2, a1, 28\n\t"  /* this channel's sums */
    "s32i a3, a1, 32\n\t"  /* and outputs */
    "mov a8, a4\n"
    "10:\n\t"
    "l32i a2, a1, 28\n\t"
    "l32i a4, a1, 32\n\t"
    "l32i a3, a1, 20\n\t"
    "add a3, a2, a3\n\t"
    "l32i a13, a8, 0\n\t"  /* bias */
    "l32i a6, a8, 4\n\t"   /* mult */
    "l32i a15, a8, 12\n\t" /* e */
    "extui a7, a6, 0, 16\n\t"
    "srai a6, a6, 16\n\t"
    "l32i a11, a8, 20\n\t" /* rh */
    "l32i a0, a8, 16\n\t"  /* q0 */
    "bgeu a2, a3, 8f\n\t"
    "addi a15, a15, 15\n\t"
    "ssr a15\n\t"            /* SAR = 15 + e for the short form */
    "beqz a13, 40f\n"
    XT_RQ_LOOP("1", "add a14, a14, a13\n\t")
    "40:\n"
    XT_RQ_LOOP("4", "")
    "8:\n\t" /* the next channel */
    "l32i a2, a1, 28\n\taddi a2, a2, 4\n\ts32i a2, a1, 28\n\t"
    "l32i a4, a1, 32\n\taddi a4, a4, 1\n\ts32i a4, a1, 32\n\t"
    "addi a8, a8, 32\n\t"
    "l32i a14, a1, 24\n\t"
    "addi a14, a14, -1\n\t"
    "s32i a14, a1, 24\n\t"
    "bnez a14, 10b\n\t"
    "l32i a12, a1, 0\n\tl32i a13, a1, 4\n\tl32i a14, a1, 8\n\t"
    "l32i a15, a1, 12\n\tl32i a0, a1, 16\n\t"
    "addi a1, a1, 48\n\t"
    "ret\n\t"
    ".size tc_xt_rq, . - tc_xt_rq\n"
    ".popsection\n");
#endif
void tc_xt_rq(const int32_t *acc, int8_t *out, const xt_ch *ch,
              const xt_rqctl *q);

/* d[i] = s[i] ^ 0x80 (= x + 128 as an unsigned byte) for n bytes;
 * words, four a turn, where aligned. */
static inline void xt_xor8(const int8_t *s, uint8_t *d, int32_t n) {
  if ((((uintptr_t)s | (uintptr_t)d | (uintptr_t)n) & 3) == 0) {
    const tc_word8 *sw = (const tc_word8 *)(const void *)s;
    tc_word8 *dw = (tc_word8 *)(void *)d;
    const uint32_t m = 0x80808080u;
    for (; n >= 16; n -= 16, sw += 4, dw += 4) {
      const uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
      dw[0] = a ^ m;
      dw[1] = b ^ m;
      dw[2] = c ^ m;
      dw[3] = e ^ m;
    }
    for (; n > 0; n -= 4) *dw++ = *sw++ ^ m;
    return;
  }
  for (; n > 0; n--) *d++ = (uint8_t)(*s++ ^ 0x80);
}

/* n outputs of channel c (accumulators acc[i * as] + ch->bias, outputs
 * out[i * os]): every case tc_xt_rq does not take. */
static inline void xt_requant(const tc_conv_job *j, const xt_ch *ch,
                              int32_t c, const int32_t *acc, int32_t as,
                              int32_t n, int8_t *out, int32_t os) {
  const int32_t lo = j->act_lo, hi = j->act_hi, bias = ch->bias;
  int32_t i;
  if (ch->e < 0) { /* slow: outside the fast form's range */
    for (i = 0; i < n; i++)
      out[i * os] = tc_clamp8(
          tc_add_wrap(tc_mul_by_qm(tc_add_wrap(acc[i * as], bias), j->mult[c],
                                   (int)j->shift[c]),
                      j->out_offset),
          lo, hi);
    return;
  }
  {
    const int32_t mh = ch->mult >> 16, ml = ch->mult & 0xffff;
    const int32_t add2 = ch->add2, e = ch->e;
    for (i = 0; i < n; i++) { /* tc_rq_any: r1 < 0 rounds its halves down */
      const uint32_t s = xt_rq_sum(tc_add_wrap(acc[i * as], bias), mh, ml, add2);
      const uint32_t r1 = s - (uint32_t)add2 - 0x8000u;
      const int32_t v = (int32_t)(s - (e > 0 ? r1 >> 31 : 0)) >> e;
      out[i * os] = tc_clamp8(v, lo, hi);
    }
  }
}

/* tc_xt_rq's case: the fast form, e <= 15 and lo = zp. */
static inline int xt_rq_asm(const tc_conv_job *j, const xt_ch *ch) {
  return ch->e >= 0 && ch->e <= 15 && j->act_lo == j->out_offset;
}

/* tc_xt_rq on nch channels (each xt_rq_asm's case): n outputs each,
 * sums as ints apart, outputs os bytes apart. */
static inline void xt_rq_run(const tc_conv_job *j, const xt_ch *ch,
                             const int32_t *acc, int32_t as, int32_t n,
                             int32_t nch, int8_t *out, int32_t os) {
  xt_rqctl q;
  q.as = 4 * as;
  q.os = os;
  q.n = n;
  q.lo = j->act_lo;
  q.hi = j->act_hi;
  q.nch = nch;
  tc_xt_rq(acc, out, ch, &q);
}

/* Channel c's n outputs. */
static inline void xt_rq_chan(const tc_conv_job *j, const xt_ch *ch,
                              int32_t c, const int32_t *acc, int32_t as,
                              int32_t n, int8_t *out, int32_t os) {
  if (xt_rq_asm(j, ch)) {
    xt_rq_run(j, ch, acc, as, n, 1, out, os);
  } else {
    xt_requant(j, ch, c, acc, as, n, out, os);
  }
}

/* Per-channel constants (when !keep). */
static inline void xt_channels(const tc_conv_job *j, xt_ch *ch) {
  int32_t o;
  for (o = 0; o < j->out_c; o++) {
    tc_rq r;
    const int32_t b = j->bias ? j->bias[o] : 0, m = j->mult[o];
    ch[o].bias = b;
    ch[o].mult = m;
    ch[o].sat = 0;
    if (!tc_rq_init(&r, m, j->shift[o], j->out_offset) || m < 0 ||
        b > (1 << 29) || b < -(1 << 29)) {
      ch[o].e = -1;
      continue;
    }
    ch[o].add2 = r.add - (1 << 15);
    ch[o].e = r.e;
    ch[o].add = r.add;
    if (r.e <= 15) {
      /* 2^30 + add * 2^31 = 2^30 (2 add + 1): q0 = (2 add + 1) >> (e + 1)
       * and the remainder 2^30 ((2 add + 1) mod 2^(e+1)) has no low
       * 16 bits. */
      const uint32_t a1 = 2u * (uint32_t)r.add + 1u;
      const int32_t r1 = (int32_t)(((uint32_t)m + (1u << 14)) >> 15);
      ch[o].q0 = (int32_t)a1 >> (r.e + 1);
      ch[o].rh = (a1 & ((2u << r.e) - 1u)) << 14;
      /* the result at d = 2^16, where r1 = (mult + 2^14) >> 15 */
      ch[o].sat = (r1 + r.add) >> r.e >= j->act_hi;
    }
  }
}

#else
#define TC_XT_CONV 0
#endif

#endif
