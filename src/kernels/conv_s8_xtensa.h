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

#define TC_XT_RQ_DEFINE /* tc_xt_rq is emitted here */
#include "xtensa_rq.h"

#if TC_XT_CONV

#define XT_G 8              /* output channels per block */
#define XT_BMAX 64          /* patches per band */
#define XT_PATCH_BYTES 9216 /* int16 patch values per band, in bytes */
#define XT_WALL_BYTES 8192  /* all groups' int16 weights, at most */

/* Band of patches x 8 channels, zero values skipped (top-level assembly,
 * call0 ABI: arguments in a2..a7; a12..a15 and a0 are saved):
 *   void tc_xt_sparse8_h8(const int16_t *x, const int16_t *w,
 *                         int32_t *acc, int32_t kbytes, int32_t n,
 *                         const int32_t *bias);
 * for each of n patches (contiguous rows of Kp values, kbytes bytes each):
 * acc[jj] = bias[jj] + sum over k of x[k] * w[k * 8 + jj], 8 accumulators
 * per patch, 32 bytes apart. Variants: _b for patches of unsigned bytes
 * (x - zp for zp = -128: no widening copy), _16 for Kp % 16 == 0 (16
 * values a turn), _8 for Kp % 8 == 0. Registers: accumulators a8..a15,
 * a6 the value, a7 weight and product, a3 the weights of this k, a5 the
 * patch's end, a0 the weights. Per value 2 instructions when it is 0, 26
 * when not; 4 per 16 values (5 per 8) for the loop, whose body is too
 * long for a short branch back; ~25 per patch. */
#define XT_SMAC(wo, acc)                                                 \
  "l16si a7, a3, " wo "\n\tmul16s a7, a7, a6\n\tadd " acc ", " acc       \
  ", a7\n\t"
#define XT_SSTEP(i)                                                      \
  "\\LD a6, a2, " #i " * \\XS\n\tbeqz a6, 2" #i "f\n\t"                   \
  XT_SMAC(#i " * 16 + 0", "a8") XT_SMAC(#i " * 16 + 2", "a9")            \
  XT_SMAC(#i " * 16 + 4", "a10") XT_SMAC(#i " * 16 + 6", "a11")          \
  XT_SMAC(#i " * 16 + 8", "a12") XT_SMAC(#i " * 16 + 10", "a13")         \
  XT_SMAC(#i " * 16 + 12", "a14") XT_SMAC(#i " * 16 + 14", "a15")        \
  "2" #i ":\n\t"
__asm__(
    ".macro tc_xt_sparse8_inst NAME, LD, XS, U\n"
    ".pushsection .text.\\NAME,\"ax\",@progbits\n"
    "\t.align 4\n\t.global \\NAME\n"
    "\t.type \\NAME,@function\n"
    "\\NAME:\n\t"
    "addi a1, a1, -32\n\t"
    "s32i a12, a1, 0\n\ts32i a13, a1, 4\n\ts32i a14, a1, 8\n\t"
    "s32i a15, a1, 12\n\ts32i a0, a1, 16\n\t"
    "s32i a6, a1, 20\n\t" /* patches left */
    "s32i a5, a1, 24\n\t" /* kbytes */
    "s32i a7, a1, 28\n\t" /* bias */
    "mov a0, a3\n\t"
    "beqz a6, 9f\n"
    "8:\n\t"
    "l32i a7, a1, 28\n\t"
    "l32i a8, a7, 0\n\tl32i a9, a7, 4\n\tl32i a10, a7, 8\n\t"
    "l32i a11, a7, 12\n\tl32i a12, a7, 16\n\tl32i a13, a7, 20\n\t"
    "l32i a14, a7, 24\n\tl32i a15, a7, 28\n\t"
    "l32i a5, a1, 24\n\t"
    "mov a3, a0\n\t"
    "add a5, a2, a5\n"
    "1:\n\t"
    XT_SSTEP(0) XT_SSTEP(1) XT_SSTEP(2) XT_SSTEP(3)
    XT_SSTEP(4) XT_SSTEP(5) XT_SSTEP(6) XT_SSTEP(7)
    ".if \\U == 16\n\t"
    XT_SSTEP(8) XT_SSTEP(9) XT_SSTEP(10) XT_SSTEP(11)
    XT_SSTEP(12) XT_SSTEP(13) XT_SSTEP(14) XT_SSTEP(15)
    "addmi a3, a3, 256\n\t"
    ".else\n\t"
    "addi a3, a3, 127\n\t"
    "addi a3, a3, 1\n\t"
    ".endif\n\t"
    "addi a2, a2, \\U * \\XS\n\t"
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
    ".size \\NAME, . - \\NAME\n"
    ".popsection\n"
    ".endm\n"
    "tc_xt_sparse8_inst tc_xt_sparse8_h8, l16si, 2, 8\n"
    "tc_xt_sparse8_inst tc_xt_sparse8_h16, l16si, 2, 16\n"
    "tc_xt_sparse8_inst tc_xt_sparse8_b8, l8ui, 1, 8\n"
    "tc_xt_sparse8_inst tc_xt_sparse8_b16, l8ui, 1, 16\n"
    ".purgem tc_xt_sparse8_inst\n");
typedef void (*xt_sparse_fn)(const void *x, const int16_t *w, int32_t *acc,
                             int32_t kbytes, int32_t n, const int32_t *bias);
void tc_xt_sparse8_h8(const void *x, const int16_t *w, int32_t *acc,
                      int32_t kbytes, int32_t n, const int32_t *bias);
void tc_xt_sparse8_h16(const void *x, const int16_t *w, int32_t *acc,
                       int32_t kbytes, int32_t n, const int32_t *bias);
void tc_xt_sparse8_b8(const void *x, const int16_t *w, int32_t *acc,
                      int32_t kbytes, int32_t n, const int32_t *bias);
void tc_xt_sparse8_b16(const void *x, const int16_t *w, int32_t *acc,
                       int32_t kbytes, int32_t n, const int32_t *bias);

/* Patch length: K rounded up to the block's 8 values a turn (the extra
 * values and weights are 0). */
static int32_t xt_kp(const tc_conv_job *j) {
  return (j->k_h * j->k_w * j->in_c + 7) & ~7;
}

/* Patches per band for a job: no more than it has (a later band of a
 * streamed conv has fewer; the scratch is sized for the whole job). */
static int32_t xt_band(const tc_conv_job *j) {
  const int32_t n = j->pool ? 4 * j->batches * (j->out_h / 2) * (j->out_w / 2)
                            : j->batches * j->out_h * j->out_w;
  int32_t b = XT_PATCH_BYTES / (2 * xt_kp(j));
  if (b > XT_BMAX) b = XT_BMAX;
  if (b < 4) b = 4;
  return n > 0 && n < b ? n : b;
}

/* Converted weights held at once: every group's when they fit
 * XT_WALL_BYTES (then converted once per invoke), else one group's
 * (converted per band; large layers have few pixels, one band). */
static int32_t xt_wgroups(const tc_conv_job *j) {
  const int32_t g = j->out_c / XT_G;
  return g * XT_G * xt_kp(j) * 2 <= XT_WALL_BYTES ? g : 1;
}

static size_t xt_conv_scratch(const tc_conv_job *j) {
  const size_t Kp = (size_t)xt_kp(j), B = (size_t)xt_band(j);
  return (size_t)j->out_c * sizeof(xt_ch) + B * Kp * 2 +
         (size_t)xt_wgroups(j) * XT_G * Kp * 2 + B * XT_G * 4;
}

/* d[i] = s[i] + off for n values. Four at a time where aligned:
 * x ^ 0x80 is x + 128 as an unsigned byte, so each value is one field
 * extract and one add. */
static void xt_cvt16(const int8_t *s, int16_t *d, int32_t n, int32_t off) {
  if ((((uintptr_t)s | (uintptr_t)d | (uintptr_t)n) & 3) == 0) {
    const tc_word8 *sw = (const tc_word8 *)(const void *)s;
    const int32_t c = off - 128;
    for (; n > 0; n -= 4, d += 4) {
      const uint32_t v = *sw++ ^ 0x80808080u;
      d[0] = (int16_t)((int32_t)(v & 0xff) + c);
      d[1] = (int16_t)((int32_t)((v >> 8) & 0xff) + c);
      d[2] = (int16_t)((int32_t)((v >> 16) & 0xff) + c);
      d[3] = (int16_t)((int32_t)(v >> 24) + c);
    }
    return;
  }
  for (; n > 0; n--) *d++ = (int16_t)(*s++ + off);
}

/* Byte patches (input zero point -128, so x - zp = x ^ 0x80 fits a
 * byte): nb 1x1 stride-1 patches are nb input rows, one run. */
static int xt_bytes(const tc_conv_job *j) {
  return j->in_offset == 128 && !j->hwo && !j->pool && j->k_h == 1 &&
         j->k_w == 1 && j->stride_h == 1 && j->stride_w == 1 && j->pad_h == 0 &&
         j->pad_w == 0 && j->in_h == j->out_h && j->in_w == j->out_w &&
         (j->in_c & 7) == 0;
}

/* The patch of output pixel (b, oy, ox), Kp values: the taps as
 * (x - zp), 0 outside the input and past K. */
static void xt_patch(const tc_conv_job *j, int32_t b, int32_t oy,
                     int32_t ox, int32_t Kp, int16_t *d) {
  const int32_t C = j->in_c, off = j->in_offset; /* off = -zp */
  const int32_t K = j->k_h * j->k_w * C;
  const int32_t y0 = oy * j->stride_h - j->pad_h;
  const int32_t x0 = ox * j->stride_w - j->pad_w;
  int32_t ky, kx, k;
  for (ky = 0; ky < j->k_h; ky++) {
    const int32_t y = y0 + ky * j->dil_h;
    const int8_t *row =
        j->input + (size_t)(b * j->in_h + y) * (size_t)j->in_w * (size_t)C;
    if (y < 0 || y >= j->in_h) {
      for (k = 0; k < j->k_w * C; k++) *d++ = 0;
      continue;
    }
    if (j->dil_w == 1 && x0 >= 0 && x0 + j->k_w <= j->in_w) {
      /* the row's taps are one run of k_w * C values */
      xt_cvt16(row + x0 * C, d, j->k_w * C, off);
      d += j->k_w * C;
      continue;
    }
    for (kx = 0; kx < j->k_w; kx++, d += C) {
      const int32_t x = x0 + kx * j->dil_w;
      if (x < 0 || x >= j->in_w)
        for (k = 0; k < C; k++) d[k] = 0;
      else
        xt_cvt16(row + x * C, d, C, off);
    }
  }
  for (k = K; k < Kp; k++) *d++ = 0;
}

/* The patches of nb output items from item p: pixels, or with j->pool
 * 2x2 windows of the pooled output (4 patches each, in window order). */
static void xt_patches(const tc_conv_job *j, int32_t p, int32_t nb,
                       int32_t Kp, int16_t *dst) {
  const int32_t w = j->pool ? j->out_w / 2 : j->out_w;
  const int32_t per_b = (j->pool ? j->out_h / 2 : j->out_h) * w;
  int32_t b = p / per_b, y = (p % per_b) / w, x = p % w, i;
  for (i = 0; i < nb; i++) {
    if (j->pool) {
      int32_t q;
      for (q = 0; q < 4; q++, dst += Kp)
        xt_patch(j, b, 2 * y + (q >> 1), 2 * x + (q & 1), Kp, dst);
    } else {
      xt_patch(j, b, y, x, Kp, dst);
      dst += Kp;
    }
    if (++x == w) {
      x = 0;
      if (++y == per_b / w) {
        y = 0;
        b++;
      }
    }
  }
}

/* Max pooling of the accumulators (requantization and clamps never
 * decrease, so the largest sum gives the pooled byte): nb windows of 4
 * patches, channel stride cs, n channels; in place, window i's results
 * where its first patch's were. */
static void xt_pool4(int32_t *acc, int32_t nb, int32_t cs, int32_t n) {
  int32_t i, c;
  for (i = 0; i < nb; i++)
    for (c = 0; c < n; c++) {
      const int32_t *a = acc + 4 * i * cs + c;
      int32_t m = a[0];
      if (a[cs] > m) m = a[cs];
      if (a[2 * cs] > m) m = a[2 * cs];
      if (a[3 * cs] > m) m = a[3 * cs];
      acc[i * cs + c] = m;
    }
}

/* Channels o .. o + 7 as w[k * 8 + jj], k < Kp (0 from K on). Rows
 * four values at a time where aligned (OHWI). */
static void xt_weights(const tc_conv_job *j, int32_t o, int32_t K, int32_t Kp,
                       int16_t *w) {
  int32_t k, jj;
  if (j->hwo) {
    for (k = 0; k < K; k++)
      for (jj = 0; jj < XT_G; jj++) w[k * XT_G + jj] = j->filter[k * j->out_c + o + jj];
  } else {
    for (jj = 0; jj < XT_G; jj++) {
      const int8_t *f = j->filter + (o + jj) * K;
      int16_t *d = w + jj;
      if ((((uintptr_t)f | (uintptr_t)K) & 3) == 0) {
        const tc_word8 *fw = (const tc_word8 *)(const void *)f;
        for (k = 0; k + 8 <= K; k += 8, d += 8 * XT_G, fw += 2) {
          const uint32_t v = fw[0], u = fw[1];
          d[0] = (int16_t)(int8_t)v;
          d[XT_G] = (int16_t)(int8_t)(v >> 8);
          d[2 * XT_G] = (int16_t)(int8_t)(v >> 16);
          d[3 * XT_G] = (int16_t)((int32_t)v >> 24);
          d[4 * XT_G] = (int16_t)(int8_t)u;
          d[5 * XT_G] = (int16_t)(int8_t)(u >> 8);
          d[6 * XT_G] = (int16_t)(int8_t)(u >> 16);
          d[7 * XT_G] = (int16_t)((int32_t)u >> 24);
        }
        if (k < K) { /* K % 8 == 4 */
          const uint32_t v = *fw;
          d[0] = (int16_t)(int8_t)v;
          d[XT_G] = (int16_t)(int8_t)(v >> 8);
          d[2 * XT_G] = (int16_t)(int8_t)(v >> 16);
          d[3 * XT_G] = (int16_t)((int32_t)v >> 24);
        }
      } else {
        for (k = 0; k < K; k++) d[k * XT_G] = f[k];
      }
    }
  }
  for (k = K * XT_G; k < Kp * XT_G; k++) w[k] = 0;
}

/* The job on Xtensa; 0 when it does not qualify (the caller then runs
 * its other paths). */
static int xt_conv(const tc_conv_job *j) {
  const int32_t K = j->k_h * j->k_w * j->in_c, Kp = xt_kp(j), B = xt_band(j);
  const int32_t npix = j->batches * j->out_h * j->out_w, O = j->out_c;
  const int32_t ng = xt_wgroups(j), bytes = xt_bytes(j);
  static const int32_t zero[XT_G];
  const xt_sparse_fn sparse =
      bytes ? (Kp & 15 ? tc_xt_sparse8_b8 : tc_xt_sparse8_b16)
            : (Kp & 15 ? tc_xt_sparse8_h8 : tc_xt_sparse8_h16);
  /* constants and weights first: their place must not move between the
   * bands of a streamed conv (keep), whose band sizes differ */
  xt_ch *ch = (xt_ch *)(void *)j->scratch;
  int16_t *wg = (int16_t *)(void *)(ch + O);
  int16_t *xs = wg + ng * XT_G * Kp;
  int32_t *acc = (int32_t *)(void *)(xs + B * Kp);
  /* output items a band: pixels, or pooling windows of 4 patches */
  const int32_t np = j->pool ? 4 : 1;
  const int32_t nitems = j->pool ? j->batches * (j->out_h / 2) * (j->out_w / 2)
                                 : npix;
  int32_t p, o, i, NB = B / np;
  /* An output placed over its dying input (tc_overlap) was proven safe
   * for blocks of TC_OVERLAP_BLOCK pixels or whole rows, each read before
   * written (kernel.h): a band is all read (copied) before it is written,
   * so it is whole rows, or 4 pixels, or one pooling window (what the
   * generic fused path does). */
  if ((const int8_t *)j->output < j->input + (size_t)j->batches * j->in_h * j->in_w * j->in_c &&
      j->input < (const int8_t *)j->output + (size_t)npix * O / (size_t)np) {
    if (j->pool) NB = 1;
    else NB = B >= j->out_w ? B / j->out_w * j->out_w : TC_OVERLAP_BLOCK;
  }
  /* |acc| <= 2^29 + K * 255 * 128 < 2^30 (xt_rq_sum's range). */
  if (K > 16384 || !j->scratch) return 0;
  if (!j->keep) {
    xt_channels(j, ch);
    /* the block starts from the bias: none left for the requantization */
    for (o = 0; o < O; o++) ch[o].bias = 0;
    if (ng > 1)
      for (o = 0; o < ng; o++) xt_weights(j, o * XT_G, K, Kp, wg + o * XT_G * Kp);
  }
  for (p = 0; p < nitems; p += NB) {
    const int32_t nb = nitems - p < NB ? nitems - p : NB;
    if (bytes)
      xt_xor8(j->input + (size_t)p * (size_t)K, (uint8_t *)xs, nb * K);
    else
      xt_patches(j, p, nb, Kp, xs);
    for (o = 0; o + XT_G <= O; o += XT_G) {
      const int16_t *w = wg + (ng > 1 ? o * Kp : 0);
      int32_t jj;
      if (ng == 1) xt_weights(j, o, K, Kp, wg);
      sparse(xs, w, acc, bytes ? Kp : 2 * Kp, nb * np,
             j->bias ? j->bias + o : zero);
      if (np == 4) xt_pool4(acc, nb, XT_G, XT_G);
      for (jj = 0; jj < XT_G && xt_rq_asm(j, &ch[o + jj]); jj++) {
      }
      if (jj == XT_G) { /* the group in one call */
        xt_rq_run(j, &ch[o], acc, XT_G, nb, XT_G, j->output + p * O + o, O);
      } else {
        for (jj = 0; jj < XT_G; jj++)
          xt_rq_chan(j, &ch[o + jj], o + jj, acc + jj, XT_G, nb,
                     j->output + p * O + o + jj, O);
      }
    }
    for (; o < O; o++) { /* the last out_c % 8 channels: dot products */
      for (i = 0; i < nb * np; i++) {
        const int16_t *x = xs + i * Kp;
        const uint8_t *xb = (const uint8_t *)xs + i * Kp;
        uint32_t a = j->bias ? (uint32_t)j->bias[o] : 0;
        int32_t k;
        for (k = 0; k < K; k++)
          a += (uint32_t)((bytes ? xb[k] : x[k]) *
                          (j->hwo ? j->filter[k * O + o] : j->filter[o * K + k]));
        acc[i] = (int32_t)a;
      }
      if (np == 4) xt_pool4(acc, nb, 1, 1);
      xt_rq_chan(j, &ch[o], o, acc, 1, nb, j->output + p * O + o, O);
    }
  }
  return 1;
}

#endif

#endif
