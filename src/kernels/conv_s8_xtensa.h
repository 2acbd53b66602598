/* int8 CONV_2D for Xtensa (included only by conv_s8_opt.c; selected by
 * __XTENSA__, and not in the size build). Byte-identical with the
 * reference kernel.
 *
 * Why a path of its own: the base Xtensa ISA of the lx106 (and the
 * ESP32's LX6 without its MAC16 option) loads bytes only unsigned (L8UI)
 * and has no sign-extend instruction on lx106, and 16 registers: the
 * rv32 4x4 register block would spend two instructions per loaded int8 on
 * sign extension and spill its 16 accumulators. Here both operands are
 * widened to int16 once, in scratch:
 *   patches: (x - zp) per value, im2col'd for any geometry, B pixels at a
 *     time; out-of-bounds taps are 0 (= zp - zp, the taps the reference
 *     skips);
 *   weights: 8 output channels at a time, interleaved by k (w[k][8]).
 * and a zero-skipping block runs one patch x 8 channels: each value of
 * the patch is tested once and, when it is not the zero point (30-90% of
 * them are, after RELU/RELU6), its 8 products are added at 3 instructions
 * each (L16SI, MUL16S, ADD). The accumulators start at the bias: the
 * reference's sum(x + off) * w + bias, formed modulo 2^32 in another order.
 *
 * Requantization (xt_requant, per channel over the band's outputs): the
 * fast relu form of opt_common.h, with the 64-bit product of MULSH-less
 * lx106 assembled from four 16x16 products, and outputs that must clamp
 * to the lower bound recognised before any multiply. */
#ifndef TC_CONV_S8_XTENSA_H
#define TC_CONV_S8_XTENSA_H

#if defined(__XTENSA__) && defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define TC_XT_CONV 1

#define XT_G 8              /* output channels per block */
#define XT_BMAX 64          /* patches per band */
#define XT_PATCH_BYTES 9216 /* int16 patch values per band, in bytes */

/* Per output channel, in scratch (computed when !keep). */
typedef struct xt_ch {
  int32_t bias;
  int32_t mult;  /* Q31 multiplier, >= 0 in the fast form */
  int32_t add2;  /* tc_rq.add - 2^15 (see xt_rq_fast) */
  int32_t e;     /* right shift; -1: the slow path (tc_mul_by_qm) */
} xt_ch;

/* Band of patches x 8 channels, zero values skipped (top-level assembly,
 * call0 ABI: arguments in a2..a7; a12..a15 and a0 are saved):
 *   void tc_xt_sparse8(const int16_t *x, const int16_t *w, int32_t *acc,
 *                      int32_t kbytes, int32_t n);
 * for each of n patches (contiguous rows of Kp values, kbytes = 2 Kp,
 * Kp % 4 == 0): acc[jj] = sum over k of x[k] * w[k * 8 + jj], 8
 * accumulators per patch, 32 bytes apart. Registers: accumulators
 * a8..a15, a6 the value, a7 weight and product, a3 the weights of this
 * k, a5 the patch's end, a0 the weights. Per value 2 instructions when it
 * is 0, 26 when not; 3 per 4 values and ~24 per patch around them. */
#define XT_SMAC(wo, acc)                                                 \
  "l16si a7, a3, " #wo "\n\tmul16s a7, a7, a6\n\tadd " acc ", " acc      \
  ", a7\n\t"
#define XT_SSTEP(xo, w0, w1, w2, w3, w4, w5, w6, w7)                     \
  "l16si a6, a2, " #xo "\n\tbeqz a6, 2" #xo "f\n\t"                      \
  XT_SMAC(w0, "a8") XT_SMAC(w1, "a9") XT_SMAC(w2, "a10")                 \
  XT_SMAC(w3, "a11") XT_SMAC(w4, "a12") XT_SMAC(w5, "a13")               \
  XT_SMAC(w6, "a14") XT_SMAC(w7, "a15") "2" #xo ":\n\t"
__asm__(
    ".pushsection .text.tc_xt_sparse8,\"ax\",@progbits\n"
    "\t.align 4\n\t.global tc_xt_sparse8\n"
    "\t.type tc_xt_sparse8,@function\n"
    "tc_xt_sparse8:\n\t"
    "addi a1, a1, -32\n\t"
    "s32i a12, a1, 0\n\ts32i a13, a1, 4\n\ts32i a14, a1, 8\n\t"
    "s32i a15, a1, 12\n\ts32i a0, a1, 16\n\t"
    "s32i a6, a1, 20\n\t" /* patches left */
    "s32i a5, a1, 24\n\t" /* kbytes */
    "mov a0, a3\n\t"
    "beqz a6, 9f\n"
    "8:\n\t"
    "movi a8, 0\n\tmovi a9, 0\n\tmovi a10, 0\n\tmovi a11, 0\n\t"
    "movi a12, 0\n\tmovi a13, 0\n\tmovi a14, 0\n\tmovi a15, 0\n\t"
    "l32i a5, a1, 24\n\t"
    "mov a3, a0\n\t"
    "add a5, a2, a5\n"
    "1:\n\t"
    XT_SSTEP(0, 0, 2, 4, 6, 8, 10, 12, 14)
    XT_SSTEP(2, 16, 18, 20, 22, 24, 26, 28, 30)
    XT_SSTEP(4, 32, 34, 36, 38, 40, 42, 44, 46)
    XT_SSTEP(6, 48, 50, 52, 54, 56, 58, 60, 62)
    "addi a2, a2, 8\n\t"
    "addi a3, a3, 64\n\t"
    "bltu a2, a5, 1b\n\t"
    "s32i a8, a4, 0\n\ts32i a9, a4, 4\n\ts32i a10, a4, 8\n\t"
    "s32i a11, a4, 12\n\ts32i a12, a4, 16\n\ts32i a13, a4, 20\n\t"
    "s32i a14, a4, 24\n\ts32i a15, a4, 28\n\t"
    "addi a4, a4, 32\n\t"
    "l32i a6, a1, 20\n\t"
    "addi a6, a6, -1\n\t"
    "s32i a6, a1, 20\n\t"
    "bnez a6, 8b\n"
    "9:\n\t"
    "l32i a12, a1, 0\n\tl32i a13, a1, 4\n\tl32i a14, a1, 8\n\t"
    "l32i a15, a1, 12\n\tl32i a0, a1, 16\n\t"
    "addi a1, a1, 32\n\t"
    "ret\n\t"
    ".size tc_xt_sparse8, . - tc_xt_sparse8\n"
    ".popsection\n");
void tc_xt_sparse8(const int16_t *x, const int16_t *w, int32_t *acc,
                   int32_t kbytes, int32_t n);

/* What tc_xt_rq reads besides the channel's xt_ch. */
typedef struct xt_rqctl {
  int32_t as, os, n; /* accumulator stride (bytes), output stride, count */
  int32_t lo, hi;    /* clamp; lo is the output zero point */
  int32_t bias;      /* added to every accumulator first */
} xt_rqctl;

/* Requantization of one channel's n outputs in the relu case with lo =
 * zp (RELU or RELU6 into the bottom of int8, the common case):
 *   void tc_xt_rq(const int32_t *acc, int8_t *out, const xt_ch *ch,
 *                 const xt_rqctl *q);
 * An accumulator (plus bias) <= 0 stores lo at once: r1 <= 0, so
 * r2 + zp <= zp = lo. Otherwise r1 >= 0 keeps the result >= lo, and
 * xt_rq_sum's arithmetic runs with only the upper clamp. Registers: a6/a7
 * the multiplier's halves, a8 add2, a9 lo, a10 hi, a11 2^30 + 2^14, a12
 * the accumulator stride, a13 the bias, SAR = e; a14, a15, a0 temporary.
 * 6 instructions for a clamped output, 22 for the others. */
__asm__(
    ".pushsection .text.tc_xt_rq,\"ax\",@progbits\n"
    "\t.align 4\n\t.global tc_xt_rq\n"
    "\t.type tc_xt_rq,@function\n"
    "tc_xt_rq:\n\t"
    "addi a1, a1, -32\n\t"
    "s32i a12, a1, 0\n\ts32i a13, a1, 4\n\ts32i a14, a1, 8\n\t"
    "s32i a15, a1, 12\n\ts32i a0, a1, 16\n\t"
    "l32i a12, a5, 0\n\t"  /* as */
    "l32i a14, a5, 8\n\t"  /* n */
    "l32i a9, a5, 12\n\t"  /* lo */
    "l32i a10, a5, 16\n\t" /* hi */
    "l32i a13, a5, 20\n\t" /* bias */
    "l32i a5, a5, 4\n\t"   /* os */
    "l32i a8, a4, 8\n\t"   /* add2 */
    "l32i a15, a4, 12\n\t" /* e */
    "ssr a15\n\t"
    "l32i a6, a4, 4\n\t"   /* mult */
    "mov a4, a3\n\t"       /* out */
    "mull a3, a14, a12\n\t"
    "add a3, a2, a3\n\t"   /* end */
    "extui a7, a6, 0, 16\n\t"
    "srai a6, a6, 16\n\t"
    "movi a11, 1\n\tslli a11, a11, 30\n\taddmi a11, a11, 16384\n\t"
    "bgeu a2, a3, 9f\n"
    "1:\n\t"
    "l32i a14, a2, 0\n\t"
    "add a2, a2, a12\n\t"
    "add a14, a14, a13\n\t"
    "blti a14, 1, 5f\n\t"
    "srai a15, a14, 16\n\t"     /* ah */
    "extui a14, a14, 0, 16\n\t" /* al */
    "mul16u a0, a14, a7\n\t"    /* p3 = al * ml */
    "srli a0, a0, 16\n\t"
    "add a0, a0, a11\n\t"
    "mul16u a14, a14, a6\n\t"   /* p2 = al * mh */
    "add a0, a0, a14\n\t"
    "mull a14, a15, a7\n\t"     /* p1 = ah * ml */
    "add a0, a0, a14\n\t"
    "mul16s a15, a15, a6\n\t"   /* p0 = ah * mh */
    "srli a0, a0, 15\n\t"
    "addx2 a0, a15, a0\n\t"
    "add a0, a0, a8\n\t"
    "sra a0, a0\n\t"
    "bge a10, a0, 2f\n\t"
    "mov a0, a10\n"
    "2:\n\t"
    "s8i a0, a4, 0\n\t"
    "add a4, a4, a5\n\t"
    "bltu a2, a3, 1b\n\t"
    "j 9f\n"
    "5:\n\t"
    "s8i a9, a4, 0\n\t"
    "add a4, a4, a5\n\t"
    "bltu a2, a3, 1b\n"
    "9:\n\t"
    "l32i a12, a1, 0\n\tl32i a13, a1, 4\n\tl32i a14, a1, 8\n\t"
    "l32i a15, a1, 12\n\tl32i a0, a1, 16\n\t"
    "addi a1, a1, 32\n\t"
    "ret\n\t"
    ".size tc_xt_rq, . - tc_xt_rq\n"
    ".popsection\n");
void tc_xt_rq(const int32_t *acc, int8_t *out, const xt_ch *ch,
              const xt_rqctl *q);

/* Patch length: K rounded up to the block's 4 values a step (the extra
 * values and weights are 0). */
static int32_t xt_kp(const tc_conv_job *j) {
  return (j->k_h * j->k_w * j->in_c + 3) & ~3;
}

/* Patches per band for a job. */
static int32_t xt_band(const tc_conv_job *j) {
  int32_t b = XT_PATCH_BYTES / (2 * xt_kp(j));
  if (b > XT_BMAX) b = XT_BMAX;
  if (b < 4) b = 4;
  return b;
}

static size_t xt_conv_scratch(const tc_conv_job *j) {
  const size_t Kp = (size_t)xt_kp(j), B = (size_t)xt_band(j);
  return (size_t)j->out_c * sizeof(xt_ch) + B * Kp * 2 + XT_G * Kp * 2 +
         B * XT_G * 4;
}

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

/* n outputs of channel c (accumulators acc[i * as] + bias, outputs
 * out[i * os]): every case tc_xt_rq does not take. */
static void xt_requant(const tc_conv_job *j, const xt_ch *ch, int32_t c,
                       const int32_t *acc, int32_t as, int32_t n,
                       int32_t bias, int8_t *out, int32_t os) {
  const int32_t lo = j->act_lo, hi = j->act_hi;
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

/* Channel c's n outputs, the fast relu case in assembly. */
static void xt_rq_chan(const tc_conv_job *j, const xt_ch *ch, int32_t c,
                       const int32_t *acc, int32_t as, int32_t n,
                       int32_t bias, int8_t *out, int32_t os) {
  if (ch->e >= 0 && j->act_lo == j->out_offset) {
    xt_rqctl q;
    q.as = 4 * as;
    q.os = os;
    q.n = n;
    q.lo = j->act_lo;
    q.hi = j->act_hi;
    q.bias = bias;
    tc_xt_rq(acc, out, ch, &q);
  } else {
    xt_requant(j, ch, c, acc, as, n, bias, out, os);
  }
}

/* Per-channel constants (when !keep). */
static void xt_channels(const tc_conv_job *j, xt_ch *ch) {
  int32_t o;
  for (o = 0; o < j->out_c; o++) {
    tc_rq r;
    const int32_t b = j->bias ? j->bias[o] : 0;
    ch[o].bias = b;
    ch[o].mult = j->mult[o];
    if (!tc_rq_init(&r, j->mult[o], j->shift[o], j->out_offset) ||
        j->mult[o] < 0 || b > (1 << 29) || b < -(1 << 29)) {
      ch[o].e = -1;
      continue;
    }
    ch[o].add2 = r.add - (1 << 15);
    ch[o].e = r.e;
  }
}

/* Output pixel p's taps as (x - zp), 0 outside the input and up to Kp. */
static void xt_patch(const tc_conv_job *j, int32_t p, int32_t Kp,
                     int16_t *dst) {
  int16_t *end = dst + Kp;
  const int32_t per_b = j->out_h * j->out_w, b = p / per_b;
  const int32_t oy = (p % per_b) / j->out_w, ox = p % j->out_w;
  const int32_t y0 = oy * j->stride_h - j->pad_h, x0 = ox * j->stride_w - j->pad_w;
  const int32_t C = j->in_c, off = j->in_offset; /* off = -zp */
  int32_t ky, kx, c;
  for (ky = 0; ky < j->k_h; ky++) {
    const int32_t y = y0 + ky * j->dil_h;
    for (kx = 0; kx < j->k_w; kx++) {
      const int32_t x = x0 + kx * j->dil_w;
      if (y < 0 || y >= j->in_h || x < 0 || x >= j->in_w) {
        for (c = 0; c < C; c++) *dst++ = 0;
      } else {
        const int8_t *s =
            j->input + ((size_t)(b * j->in_h + y) * (size_t)j->in_w + (size_t)x) * (size_t)C;
        for (c = 0; c < C; c++) *dst++ = (int16_t)(s[c] + off);
      }
    }
  }
  while (dst < end) *dst++ = 0;
}

/* Channels o .. o + 7 as w[k * 8 + jj], k < Kp (0 from K on). */
static void xt_weights(const tc_conv_job *j, int32_t o, int32_t K, int32_t Kp,
                       int16_t *w) {
  int32_t k, jj;
  if (j->hwo) {
    for (k = 0; k < K; k++)
      for (jj = 0; jj < XT_G; jj++) w[k * XT_G + jj] = j->filter[k * j->out_c + o + jj];
  } else {
    for (jj = 0; jj < XT_G; jj++) {
      const int8_t *f = j->filter + (o + jj) * K;
      for (k = 0; k < K; k++) w[k * XT_G + jj] = f[k];
    }
  }
  for (k = K * XT_G; k < Kp * XT_G; k++) w[k] = 0;
}

/* The job on Xtensa; 0 when it does not qualify (the caller then runs
 * its other paths). */
static int xt_conv(const tc_conv_job *j) {
  const int32_t K = j->k_h * j->k_w * j->in_c, Kp = xt_kp(j), B = xt_band(j);
  const int32_t npix = j->batches * j->out_h * j->out_w, O = j->out_c;
  xt_ch *ch = (xt_ch *)(void *)j->scratch;
  int16_t *xs = (int16_t *)(void *)(ch + O);
  int16_t *wg = xs + B * Kp;
  int32_t *acc = (int32_t *)(void *)(wg + XT_G * Kp);
  int32_t p, o, i;
  /* |acc| <= 2^29 + K * 255 * 128 < 2^30 (xt_rq_sum's range). */
  if (K > 16384 || !j->scratch || j->pool) return 0;
  if (!j->keep) xt_channels(j, ch);
  for (p = 0; p < npix; p += B) {
    const int32_t nb = npix - p < B ? npix - p : B;
    for (i = 0; i < nb; i++) xt_patch(j, p + i, Kp, xs + i * Kp);
    for (o = 0; o + XT_G <= O; o += XT_G) {
      int32_t jj;
      xt_weights(j, o, K, Kp, wg);
      tc_xt_sparse8(xs, wg, acc, 2 * Kp, nb);
      for (jj = 0; jj < XT_G; jj++)
        xt_rq_chan(j, &ch[o + jj], o + jj, acc + jj, XT_G, nb,
                   ch[o + jj].bias, j->output + p * O + o + jj, O);
    }
    for (; o < O; o++) { /* the last out_c % 8 channels: dot products */
      for (i = 0; i < nb; i++) {
        const int16_t *x = xs + i * Kp;
        uint32_t a = 0;
        int32_t k;
        for (k = 0; k < K; k++)
          a += (uint32_t)(x[k] * (j->hwo ? j->filter[k * O + o] : j->filter[o * K + k]));
        acc[i] = (int32_t)a;
      }
      xt_rq_chan(j, &ch[o], o, acc, 1, nb, ch[o].bias, j->output + p * O + o, O);
    }
  }
  return 1;
}

#else
#define TC_XT_CONV 0
#endif

#endif
