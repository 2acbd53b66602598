/* Optimized int8 CONV_2D (same arithmetic as conv.c's reference kernel,
 * byte for byte; conv.c dispatches here when the job qualifies).
 *
 * The convolution is run as a matrix product: each output pixel's patch
 * (KH x KW x C values, the OHWI filter's row layout) times each output
 * channel's K = KH*KW*C weights. A 1x1 stride-1 unpadded convolution reads
 * its patches straight from the input; any other shape copies four patches
 * at a time into scratch (im2col), writing the input zero point for taps
 * outside the input so that they contribute (zp - zp) * w = 0 like the
 * reference's skipped taps.
 *
 * The input offset is folded out of the inner loop:
 *   sum((x + off) * w) = sum(x * w) + off * sum(w)
 * with off * sum(w) + bias precomputed per output channel. The inner loop
 * is a 4-patch x 4-channel register block: per input value 8 loads feed 16
 * multiply-adds. The block is instantiated for common K so that the eight
 * rows are reached with immediate offsets from two pointers.
 *
 * On rv32 a second block skips input values equal to the zero point
 * (conv_s8_sparse_rv32.h: RELU outputs are mostly zero points); a count
 * per group of patches picks one of the two. A CONV_2D whose output feeds
 * a 2x2/2 MAX_POOL_2D can write the pooled output directly
 * (tc_conv_job.pool). The per-K blocks are small leaf functions picked
 * once per layer (conv_s8_blocks.c); everything around them, here, takes
 * K at run time. The size build (-Os) has one generic block instead. */
#include <string.h>

#include "conv_s8_opt.h"
#include "conv_s8_xtensa.h"

#if !TC_REFERENCE_KERNELS

static void conv_sums(const conv_ctx *cx) {
  tc_rq *rq = (tc_rq *)(void *)cx->rq;
  int32_t o;
  for (o = 0; o < cx->out_c; o++) {
#ifdef __OPTIMIZE_SIZE__ /* tc_sum_s8 unrolled is bigger */
    const int8_t *f = cx->filter + o * cx->kp;
    int32_t s = 0, k;
    for (k = 0; k < cx->kp; k++) s += f[k];
#else
    const int32_t s = tc_sum_s8(cx->filter + o * cx->kp, cx->kp);
#endif
    rq[o].init = (int32_t)((uint32_t)(cx->bias ? cx->bias[o] : 0) +
                           (uint32_t)(cx->in_offset * s));
  }
  *cx->sums = 1;
}

void tc_conv_store_any(const conv_ctx *cx, const int32_t *acc, int np,
                       int nc, int32_t o, int8_t *out) {
  int i, j;
  for (j = 0; j < nc; j++) {
    const tc_rq *r = &cx->rq[o + j];
    for (i = 0; i < np; i++) {
      int32_t v;
      if (cx->fast[o + j])
#ifdef __OPTIMIZE_SIZE__ /* tc_rq_any clamps to the same bytes (opt_common.h) */
        v = tc_rq_any(acc[i * 4 + j], r);
#else
        v = cx->relu ? tc_rq_relu(acc[i * 4 + j], r)
                     : tc_rq_any(acc[i * 4 + j], r);
#endif
      else
        v = tc_add_wrap(tc_mul_by_qm(acc[i * 4 + j], cx->mult[o + j],
                                     (int)cx->shift[o + j]),
                        cx->out_offset);
      out[i * cx->out_c + j] = tc_clamp8(v, cx->lo, cx->hi);
    }
  }
}

#ifndef __OPTIMIZE_SIZE__ /* conv_tile44_os instead */
/* 4 patches x channels o..o+3, any K. */
static void conv_tile44_n(const conv_ctx *cx, const int8_t *x,
                          const int8_t *w, int32_t K, int32_t o,
                          int8_t *out) {
  conv_tile44_c(cx, x, w, K, o, out);
}

#endif

/* acc[i * 4 + j] for np patches (rows at stride K) x nc channels from o,
 * np, nc <= 4, init included: one dot product each. */
static void conv_dots(const conv_ctx *cx, const int8_t *x, const int8_t *w,
                      int32_t K, int np, int nc, int32_t o, int32_t *acc) {
  int i, j;
  for (i = 0; i < np; i++) {
    for (j = 0; j < nc; j++) {
      const int8_t *xr = x + i * K, *wr = w + j * K;
      uint32_t a = (uint32_t)cx->rq[o + j].init;
      int32_t k;
      for (k = 0; k < K; k++) a += (uint32_t)((int32_t)xr[k] * wr[k]);
      acc[i * 4 + j] = (int32_t)a;
    }
  }
}

/* Edges of the block: np patches x nc channels. */
static void conv_tile_small(const conv_ctx *cx, const int8_t *x,
                            const int8_t *w, int32_t K, int np, int nc,
                            int32_t o, int8_t *out) {
  int32_t acc[16];
  conv_dots(cx, x, w, K, np, nc, o, acc);
  tc_conv_store_any(cx, acc, np, nc, o, out);
}

#ifndef __OPTIMIZE_SIZE__ /* conv_tile_small instead */
/* The last np = 1..3 patches x 4 channels: cheaper than an overlapped
 * 4x4 block (which redoes 4 - np patches) or conv_tile_small's dot
 * products. One copy per np (conv_tile_tail), one in all at -Os. */
TC_ALWAYS_INLINE void conv_tile_r4(const conv_ctx *cx, const int8_t *x,
                                   const int8_t *w, int32_t K, int np,
                                   int32_t o, int8_t *out) {
  const tc_rq *r = &cx->rq[o];
  ACC44_DECL(r); /* a3x stay unused */
  const int8_t *xe = x + K;
  int32_t acc[16];
  for (; x < xe; x++, w++) {
    const int32_t w0 = w[0], w1 = w[K], w2 = w[2 * K], w3 = w[3 * K];
    int32_t v = x[0];
    a00 += (uint32_t)(v * w0); a01 += (uint32_t)(v * w1);
    a02 += (uint32_t)(v * w2); a03 += (uint32_t)(v * w3);
    if (np > 1) {
      v = x[K];
      a10 += (uint32_t)(v * w0); a11 += (uint32_t)(v * w1);
      a12 += (uint32_t)(v * w2); a13 += (uint32_t)(v * w3);
    }
    if (np > 2) {
      v = x[2 * K];
      a20 += (uint32_t)(v * w0); a21 += (uint32_t)(v * w1);
      a22 += (uint32_t)(v * w2); a23 += (uint32_t)(v * w3);
    }
  }
  ACC44_SAVE(acc);
  tc_conv_store_any(cx, acc, np, 4, o, out);
}

static void conv_tile_tail(const conv_ctx *cx, const int8_t *x,
                           const int8_t *w, int32_t K, int np, int32_t o,
                           int8_t *out) {
#ifdef __OPTIMIZE_SIZE__
  conv_tile_r4(cx, x, w, K, np, o, out);
#else
  if (np == 1) conv_tile_r4(cx, x, w, K, 1, o, out);
  else if (np == 2) conv_tile_r4(cx, x, w, K, 2, o, out);
  else conv_tile_r4(cx, x, w, K, 3, o, out);
#endif
}

#if TC_RV32_TILE
/* Values among n (n % 4 == 0, x 4-aligned) that are not the zero point,
 * four per word: a byte's top bit of
 * ((y & 0x7f..) + 0x7f..) | y is set iff the byte y is nonzero. */
static int32_t conv_count_nz(const int8_t *x, int32_t n, int32_t zp) {
  const tc_word8 *p = (const tc_word8 *)(const void *)x;
  const uint32_t z = (uint32_t)(uint8_t)zp * 0x01010101u;
  int32_t total = 0;
  while (n > 0) {
    uint32_t s = 0;
    int32_t m = n < 4 * 255 ? n : 4 * 255; /* byte lanes of s hold <= 255 */
    for (n -= m; m > 0; m -= 4) {
      uint32_t y = *p++ ^ z;
      s += ((((y & 0x7f7f7f7fu) + 0x7f7f7f7fu) | y) >> 7) & 0x01010101u;
    }
    total += (int32_t)((s & 0xff) + ((s >> 8) & 0xff) + ((s >> 16) & 0xff) +
                       (s >> 24));
  }
  return total;
}

/* The sparse leaf for the group of patches at x? Instructions per patch
 * and 16 channels, counted in the blocks' code: dense 40.75K (40 per
 * value of a 4x4 step, 3 per 4 steps of loop), sparse 2.375K + 49 per
 * nonzero value (a test per value, 3 per 8 of loop; the value less the
 * zero point times 16 channels at 3); the requantization and the ~45 of
 * setup are about the same in both, so sparse wins below 0.78K nonzero
 * values. The first patch stands for the group (counting all four costs
 * more than the better choices save): the choice only decides the speed,
 * never the bytes. */
TC_ALWAYS_INLINE int conv_go_sparse(const conv_ctx *cx, const int8_t *x,
                                    int32_t K) {
  return cx->sparse && ((uintptr_t)x & 3) == 0 &&
         49 * conv_count_nz(x, K, -cx->in_offset) < 38 * K;
}

#endif

#endif /* !__OPTIMIZE_SIZE__ */

#if TC_VEC_LOOPS
/* Host SIMD (TC_VEC_LOOPS): the 4x4 block as 16 dot products over k, for
 * the vectorizer. The patches are widened to int16 first (in memory, so
 * that the compiler cannot see through to int8 x int8): int16 x int8 sums
 * become one multiply-add of product pairs per 8 values (pmaddwd on x86),
 * where int8 x int8 gets widened in registers at several instructions per
 * product. Sums stay below 2^28 (K <= 16384), so plain int32 is exact.
 * Below CONV_VEC_KMIN the 16 horizontal sums cost more than they save. */
#define CONV_VEC_KMIN 16
#define CONV_VEC_KMAX 1024

TC_ALWAYS_INLINE void conv_vec44(const int16_t *x, const int8_t *w,
                                 int32_t K, int32_t *acc) {
  int32_t a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0,
          a13 = 0, a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0,
          a32 = 0, a33 = 0;
  int32_t k;
  for (k = 0; k < K; k++) {
    const int32_t x0 = x[k], x1 = x[K + k], x2 = x[2 * K + k],
                  x3 = x[3 * K + k];
    const int32_t w0 = w[k], w1 = w[K + k], w2 = w[2 * K + k],
                  w3 = w[3 * K + k];
    a00 += x0 * w0; a01 += x0 * w1; a02 += x0 * w2; a03 += x0 * w3;
    a10 += x1 * w0; a11 += x1 * w1; a12 += x1 * w2; a13 += x1 * w3;
    a20 += x2 * w0; a21 += x2 * w1; a22 += x2 * w2; a23 += x2 * w3;
    a30 += x3 * w0; a31 += x3 * w1; a32 += x3 * w2; a33 += x3 * w3;
  }
  acc[0] = a00; acc[1] = a01; acc[2] = a02; acc[3] = a03;
  acc[4] = a10; acc[5] = a11; acc[6] = a12; acc[7] = a13;
  acc[8] = a20; acc[9] = a21; acc[10] = a22; acc[11] = a23;
  acc[12] = a30; acc[13] = a31; acc[14] = a32; acc[15] = a33;
}

/* conv_patches for CONV_VEC_KMIN <= K <= CONV_VEC_KMAX. Missing patches
 * (np < 4) are computed from zeros and not stored. */
TC_ALWAYS_INLINE void conv_patches_vec(const conv_ctx *cx, const int8_t *x,
                                       const int8_t *filter, int32_t K,
                                       int np, int8_t *out) {
  int16_t xs[4 * CONV_VEC_KMAX];
  const int32_t os = cx->out_c;
  int32_t o, i, n = np * K;
  for (i = 0; i < n; i++) xs[i] = x[i];
  for (; i < 4 * K; i++) xs[i] = 0;
  for (o = 0; o + 4 <= os; o += 4) {
    const tc_rq *r = &cx->rq[o];
    int32_t acc[16], jj;
    conv_vec44(xs, filter + o * K, K, acc);
    if (conv_fast4(cx, o)) {
      for (i = 0; i < np; i++)
        for (jj = 0; jj < 4; jj++)
          out[i * os + o + jj] = tc_clamp8(
              tc_rq_relu((int32_t)((uint32_t)acc[i * 4 + jj] +
                                   (uint32_t)r[jj].init),
                         &r[jj]),
              cx->lo, cx->hi);
    } else {
      for (i = 0; i < 16; i++)
        acc[i] = (int32_t)((uint32_t)acc[i] + (uint32_t)r[i & 3].init);
      tc_conv_store_any(cx, acc, np, 4, o, out + o);
    }
  }
  if (o < os)
    conv_tile_small(cx, x, filter + o * K, K, np, (int)(os - o), o, out + o);
}
#endif

#ifdef __OPTIMIZE_SIZE__
/* The size build's only register block: 4 patches x 4 channels summed
 * as in conv_tile44_c, the first np patches stored through
 * tc_conv_store_any (one requantization loop instead of sixteen inline
 * ones; it costs a few instructions per output against K per sum). The
 * 4 patch rows must all be readable. */
#if defined(__GNUC__)
__attribute__((noinline)) /* inlined, its accumulators spill more */
#endif
static void conv_tile44_os(const conv_ctx *cx, const int8_t *x,
                           const int8_t *w, int32_t K, int np, int32_t o,
                           int8_t *out) {
  const tc_rq *r = &cx->rq[o];
  ACC44_DECL(r);
  const int8_t *xe = x + K;
  int32_t acc[16];
  for (; x < xe; x++, w++) STEP44(x, w, K, 0);
  ACC44_SAVE(acc);
  tc_conv_store_any(cx, acc, np, 4, o, out);
}

/* All output channels for np <= 4 patches at x (rows at stride K; all 4
 * readable when rows4). One copy serves both the direct and the im2col
 * path. */
static void conv_patches_os(const conv_ctx *cx, const int8_t *x,
                            const int8_t *filter, int32_t K, int np,
                            int rows4, int8_t *out) {
  int32_t o;
  if (!*cx->sums) conv_sums(cx);
#if TC_VEC_LOOPS
  if (K >= CONV_VEC_KMIN && K <= CONV_VEC_KMAX) {
    conv_patches_vec(cx, x, filter, K, np, out);
    return;
  }
#endif
  for (o = 0; o < cx->out_c; o += 4) {
    int nc = cx->out_c - o < 4 ? (int)(cx->out_c - o) : 4;
    if (nc == 4 && (np == 4 || rows4))
      conv_tile44_os(cx, x, filter + o * K, K, np, o, out + o);
    else
      conv_tile_small(cx, x, filter + o * K, K, np, nc, o, out + o);
  }
}
#else
/* All output channels for np <= 4 patches at x (rows at stride K). */
static void conv_patches(const conv_ctx *cx, const int8_t *x,
                         const int8_t *filter, int32_t K, int np,
                         int8_t *out) {
  int32_t o = 0;
#if TC_RV32_TILE
  if (conv_go_sparse(cx, x, K)) {
    cx->sparse(cx, x, filter, np, out, 0);
    return;
  }
#endif
  if (!*cx->sums) conv_sums(cx);
#if TC_VEC_LOOPS
  if (K >= CONV_VEC_KMIN && K <= CONV_VEC_KMAX) {
    conv_patches_vec(cx, x, filter, K, np, out);
    return;
  }
#endif
  if (np == 4 && cx->tile) {
    cx->tile(cx, x, filter, 4, out, 0);
    o = cx->out_c & ~3;
  } else if (np == 4)
    for (; o + 4 <= cx->out_c; o += 4)
      conv_tile44_n(cx, x, filter + o * K, K, o, out + o);
  else
    for (; o + 4 <= cx->out_c; o += 4)
      conv_tile_tail(cx, x, filter + o * K, K, np, o, out + o);
  for (; o < cx->out_c; o += 4) {
    int nc = cx->out_c - o < 4 ? (int)(cx->out_c - o) : 4;
    conv_tile_small(cx, x, filter + o * K, K, np, nc, o, out + o);
  }
}
#endif

#ifndef __OPTIMIZE_SIZE__ /* one loop in tc_conv_s8_opt */
/* Patch blocks: 4 patches each, the last one 1..4. */
TC_ALWAYS_INLINE int32_t conv_block_start(int32_t p, int32_t npix) {
  (void)npix;
  return p;
}

/* 1x1, stride 1, no padding: patches are the input pixels. */
static void conv_direct(const conv_ctx *cx, const int8_t *in,
                                  const int8_t *filter, int32_t K,
                                  int32_t npix, int8_t *out) {
  int32_t p;
  for (p = 0; p < npix; p += 4) {
    int32_t q = conv_block_start(p, npix);
    int np = npix - q < 4 ? (int)(npix - q) : 4;
    conv_patches(cx, in + q * K, filter, K, np, out + q * cx->out_c);
  }
}
#endif


#define CONV_CASE_HAS(KV) case KV: return 1;
static int conv_has_block(int32_t K) {
  switch (K) {
    CONV_KS(CONV_CASE_HAS)
    default: return 0;
  }
}

#ifndef __OPTIMIZE_SIZE__
/* --- CONV_2D -> MAX_POOL_2D 2x2 / 2 (tc_conv_job.pool) -----------------
 * Requantization and both clamps never decrease, so the largest of four
 * requantized outputs is the requantization of the largest of the four
 * accumulators (as int32, wrapped or not, like the reference's): one
 * requantization per pooled value instead of four, and the conv's output
 * never exists. A block's four patches are one pooling window. */

/* One pooled pixel, every channel, from the 4 patches at x. */
static void conv_pool_patches(const conv_ctx *cx, const int8_t *x,
                              const int8_t *filter, int32_t K, int8_t *out) {
  int32_t acc[16], m[4], o = 0;
  int jj;
#if TC_RV32_TILE
  if (conv_go_sparse(cx, x, K)) {
    cx->sparse(cx, x, filter, 4, out, 1);
    return;
  }
#endif
  if (!*cx->sums) conv_sums(cx);
#if TC_RV32_TILE /* the host's leaves have no pooled form */
  if (cx->tile) {
    cx->tile(cx, x, filter, 4, out, 1);
    o = cx->out_c & ~3;
  }
#endif
#if TC_VEC_LOOPS
  if (K >= CONV_VEC_KMIN && K <= CONV_VEC_KMAX) {
    int16_t xs[4 * CONV_VEC_KMAX];
    int32_t i;
    for (i = 0; i < 4 * K; i++) xs[i] = x[i];
    for (; o + 4 <= cx->out_c; o += 4) {
      conv_vec44(xs, filter + o * K, K, acc);
      for (i = 0; i < 16; i++)
        acc[i] = (int32_t)((uint32_t)acc[i] +
                           (uint32_t)cx->rq[o + (i & 3)].init);
      for (jj = 0; jj < 4; jj++) m[jj] = conv_max4(acc + jj, 4);
      conv_pool_store(cx, m, 4, o, out + o);
    }
  }
#endif
  for (; o < cx->out_c; o += 4) {
    int nc = cx->out_c - o < 4 ? (int)(cx->out_c - o) : 4;
    conv_dots(cx, x, filter + o * K, K, 4, nc, o, acc);
    for (jj = 0; jj < nc; jj++) m[jj] = conv_max4(acc + jj, 4);
    conv_pool_store(cx, m, nc, o, out + o);
  }
}

#endif

/* The taps of a patch at the input's edge, one by one (conv_im2col). Out
 * of line: inlined, its registers would be saved on every patch (at -Os
 * it is all of conv_im2col). */
#ifdef __OPTIMIZE_SIZE__
static void conv_im2col_edge(const tc_conv_job *j, int32_t b, int32_t y0,
                             int32_t x0, int8_t *dst, int8_t *end) {
#else
TC_NOINLINE void conv_im2col_edge(const tc_conv_job *j, int32_t b, int32_t y0,
                                  int32_t x0, int8_t *dst, int8_t *end) {
#endif
  const int32_t C = j->in_c;
  const int8_t zp = (int8_t)-j->in_offset;
  int32_t ky, kx;
  for (ky = 0; ky < j->k_h; ky++) {
    const int32_t y = y0 + ky * j->dil_h;
    const int y_in = y >= 0 && y < j->in_h;
    /* Only an in-bounds row is addressed: with a fuzzed geometry the
     * offset of an out-of-bounds one can overflow int. */
    const int8_t *row =
        y_in ? j->input + (size_t)(b * j->in_h + y) * (size_t)j->in_w * (size_t)C
             : j->input;
    for (kx = 0; kx < j->k_w; kx++) {
      const int32_t x = x0 + kx * j->dil_w;
#ifdef __OPTIMIZE_SIZE__ /* no single-channel shortcut */
      if (!y_in || x < 0 || x >= j->in_w) memset(dst, zp, (size_t)C);
      else memcpy(dst, row + x * C, (size_t)C);
#else
      if (!y_in || x < 0 || x >= j->in_w) {
        if (C == 1) *dst = zp;
        else tc_fill8(dst, zp, C);
      } else if (C == 1) {
        *dst = row[x];
      } else {
        tc_copy8(dst, row + x * C, C);
      }
#endif
      dst += C;
    }
  }
  while (dst < end) *dst++ = zp;
}

static void conv_im2col(const tc_conv_job *j, int32_t b, int32_t oy,
                        int32_t ox, int32_t Kp, int8_t *dst) {
  int8_t *end = dst + Kp;
  const int32_t y0 = oy * j->stride_h - j->pad_h;
  const int32_t x0 = ox * j->stride_w - j->pad_w;
#ifndef __OPTIMIZE_SIZE__ /* conv_im2col_edge does this too */
  const int32_t C = j->in_c;
  const int8_t zp = (int8_t)-j->in_offset;
  int32_t ky;
  if (j->dil_w == 1 && x0 >= 0 && x0 + j->k_w <= j->in_w && y0 >= 0 &&
      y0 + (j->k_h - 1) * j->dil_h < j->in_h) {
    /* Inside the input: one contiguous run of k_w * C bytes per row. */
    const int32_t run = j->k_w * C;
    const int8_t *src =
        j->input + ((size_t)(b * j->in_h + y0) * (size_t)j->in_w +
                    (size_t)x0) * (size_t)C;
    const size_t step = (size_t)j->dil_h * (size_t)j->in_w * (size_t)C;
    if (run == 9) /* 3x3 on RGB */
      for (ky = 0; ky < j->k_h; ky++, src += step, dst += 9) {
        dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2];
        dst[3] = src[3]; dst[4] = src[4]; dst[5] = src[5];
        dst[6] = src[6]; dst[7] = src[7]; dst[8] = src[8];
      }
    else if (run == 3) /* 3x3 on one channel (an image): no copy loop */
      for (ky = 0; ky < j->k_h; ky++, src += step, dst += 3) {
        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
      }
    else
      for (ky = 0; ky < j->k_h; ky++, src += step, dst += run)
        tc_copy8(dst, src, run);
    while (dst < end) *dst++ = zp;
    return;
  }
#endif
  conv_im2col_edge(j, b, y0, x0, dst, end);
}

#ifndef __OPTIMIZE_SIZE__ /* the pooled path is -O2 only */
/* The four 3x3 patches of a pooling window on a one-channel input (an
 * image's first layer, K = 9) at stride 1, from its 4x4 input window read
 * once: ~15 instructions a patch instead of conv_im2col's ~100. 0 when
 * the layer is not such or the window is not inside the input (then
 * conv_im2col pads it). */
TC_ALWAYS_INLINE int conv_pool_win9(const tc_conv_job *j, int32_t b,
                                    int32_t py, int32_t px, int32_t Kp,
                                    int8_t *dst) {
  const int32_t y0 = 2 * py * j->stride_h - j->pad_h,
                x0 = 2 * px * j->stride_w - j->pad_w, W = j->in_w;
  const int8_t *s;
  if (Kp != 9 || j->in_c != 1 || j->k_h != 3 || j->k_w != 3 ||
      j->stride_h != 1 || j->stride_w != 1 || j->dil_h != 1 ||
      j->dil_w != 1 || y0 < 0 || x0 < 0 || y0 + 4 > j->in_h ||
      x0 + 4 > W)
    return 0;
  s = j->input + ((size_t)(b * j->in_h + y0) * (size_t)W + (size_t)x0);
  {
    /* the window in registers: vRC = row R, column C */
    const int8_t v00 = s[0], v01 = s[1], v02 = s[2], v03 = s[3];
    const int8_t v10 = s[W], v11 = s[W + 1], v12 = s[W + 2], v13 = s[W + 3];
    const int8_t v20 = s[2 * W], v21 = s[2 * W + 1], v22 = s[2 * W + 2],
                 v23 = s[2 * W + 3];
    const int8_t v30 = s[3 * W], v31 = s[3 * W + 1], v32 = s[3 * W + 2],
                 v33 = s[3 * W + 3];
#define CONV_WIN_ROW(d, a, b, c) (d)[0] = a; (d)[1] = b; (d)[2] = c;
    CONV_WIN_ROW(dst, v00, v01, v02) CONV_WIN_ROW(dst + 3, v10, v11, v12)
    CONV_WIN_ROW(dst + 6, v20, v21, v22)
    CONV_WIN_ROW(dst + 9, v01, v02, v03) CONV_WIN_ROW(dst + 12, v11, v12, v13)
    CONV_WIN_ROW(dst + 15, v21, v22, v23)
    CONV_WIN_ROW(dst + 18, v10, v11, v12) CONV_WIN_ROW(dst + 21, v20, v21, v22)
    CONV_WIN_ROW(dst + 24, v30, v31, v32)
    CONV_WIN_ROW(dst + 27, v11, v12, v13) CONV_WIN_ROW(dst + 30, v21, v22, v23)
    CONV_WIN_ROW(dst + 33, v31, v32, v33)
#undef CONV_WIN_ROW
  }
  return 1;
}
#endif

/* 1x1, stride 1, unpadded, OHWI: the patches are the input pixels. */
static int conv_is_direct(const tc_conv_job *j) {
  return !j->hwo && j->k_h == 1 && j->k_w == 1 && j->stride_h == 1 &&
         j->stride_w == 1 && j->pad_h == 0 && j->pad_w == 0 &&
         j->in_h == j->out_h && j->in_w == j->out_w;
}

/* Patch length: K, or K rounded up to a compiled-in block (the weights
 * are then copied with zero padding). */
static int32_t conv_kp(const tc_conv_job *j) {
  int32_t K = j->k_h * j->k_w * j->in_c, Kp = (K + 3) & ~3;
  if (conv_is_direct(j) || conv_has_block(K) || !conv_has_block(Kp))
    return K;
  return Kp;
}

/* The weights are read from a copy: padded rows, or the HWO layout. */
static int conv_copies_weights(const tc_conv_job *j) {
  return j->hwo || conv_kp(j) != j->k_h * j->k_w * j->in_c;
}

/* Scratch: per-channel constants, fast flags and the sums flag, then 4
 * patches (im2col), then the copied weights. */
size_t tc_conv_s8_opt_scratch(const tc_conv_job *j) {
  size_t Kp = (size_t)conv_kp(j), oc = (size_t)j->out_c;
  size_t n = oc * sizeof(tc_rq) + ((oc + 4) & ~(size_t)3) +
             (conv_is_direct(j) ? 0 : 4 * Kp) +
             (conv_copies_weights(j) ? oc * Kp : 0);
#if TC_XT_CONV /* either path may run */
  if (xt_conv_scratch(j) > n) n = xt_conv_scratch(j);
#endif
  return n;
}

int tc_conv_s8_opt(const tc_conv_job *j) {
  const int32_t K = j->k_h * j->k_w * j->in_c, Kp = conv_kp(j);
  const int direct = conv_is_direct(j);
  tc_rq *rq = (tc_rq *)(void *)j->scratch;
  const int8_t *filter = j->filter;
  uint8_t *fast, *sums;
  int8_t *patch;
  conv_ctx cx;
  int32_t o, k;
  /* |acc| <= |bias| + K * 255 * 128 must stay below 2^30 (see
   * opt_common.h); beyond that the reference kernel runs. */
  if (K > 16384 || !j->scratch) return 0;
#if TC_XT_CONV
  if (xt_conv(j)) return 1;
#endif
#ifdef __OPTIMIZE_SIZE__
  if (j->pool) return 0;
#else
  if (j->pool && (direct || j->hwo)) return 0; /* no patch scratch */
#endif
  /* Sums are formed modulo 2^32 (unsigned in C, plain adds in the rv32
   * block), so a different summation order than the reference's still
   * ends at the same int32. The fast requantization needs |bias| <= 2^29;
   * channels that fail it (dead channels carry huge biases) take
   * tc_mul_by_qm. */
  fast = (uint8_t *)(rq + j->out_c);
  patch = (int8_t *)(fast + ((j->out_c + 4) & ~3));
  if (conv_copies_weights(j)) {
    int8_t *wc = patch + (direct ? 0 : 4 * Kp);
    if (!j->keep)
      for (o = 0; o < j->out_c; o++)
        for (k = 0; k < Kp; k++)
#ifdef __OPTIMIZE_SIZE__ /* no padded rows (Kp = K): only the HWO copy */
          wc[o * Kp + k] = j->filter[k * j->out_c + o];
#else
          wc[o * Kp + k] =
              k >= K ? 0
                     : j->hwo ? j->filter[k * j->out_c + o]
                              : j->filter[o * K + k];
#endif
    filter = wc;
  }
  for (o = 0; o < j->out_c && !j->keep; o++) {
    fast[o] = (uint8_t)(tc_rq_init(&rq[o], j->mult[o], j->shift[o],
                                   j->out_offset) &&
                        (!j->bias || tc_rq_bias_ok(j->bias[o], &rq[o])));
  }
  sums = fast + j->out_c; /* in the fast flags' padding word */
  if (!j->keep) *sums = 0;
  cx.sums = sums;
  cx.filter = filter;
  cx.bias = j->bias;
  cx.kp = Kp;
  cx.in_offset = j->in_offset;
  cx.rq = rq;
  cx.mult = j->mult;
  cx.shift = j->shift;
  cx.out_offset = j->out_offset;
  cx.lo = j->act_lo;
  cx.hi = j->act_hi;
  cx.out_c = j->out_c;
#ifdef __OPTIMIZE_SIZE__ /* no relu form, no sparse block */
  cx.fast = fast;
#else
#if TC_RV32_TILE /* its blocks clamp only from above (conv_s8_rv32.h) */
  cx.relu = j->act_lo == j->out_offset;
#else
  cx.relu = j->act_lo >= j->out_offset;
#endif
  cx.fast = fast;
  cx.tile = tc_conv_tile_for(Kp);
  cx.allfast = cx.relu;
  for (o = 0; o < j->out_c && cx.allfast; o++) cx.allfast = fast[o];
#if TC_RV32_TILE
  /* The sparse block starts from the bias and runs 16 channels at a time. */
  cx.sparse = j->bias && j->out_c % 16 == 0 ? tc_conv_sparse_for(Kp) : 0;
#endif
#endif
#ifdef __OPTIMIZE_SIZE__
  {
    /* One loop for both paths: direct patches are the input pixels (the
     * missing ones of a last block are not read); copied ones are 4 per
     * block, the last pixel again in a last block's missing rows, so that
     * the 4x4 block runs and np rows are stored. */
    const int32_t per_b = j->out_h * j->out_w, npix = j->batches * per_b;
    int32_t p;
    for (p = 0; p < npix; p += 4) {
      const int np = npix - p < 4 ? (int)(npix - p) : 4;
      int i;
      for (i = 0; i < 4 && !direct; i++) {
        const int32_t r = p + (i < np ? i : np - 1), b = r / per_b,
                      oy = (r % per_b) / j->out_w, ox = r % j->out_w;
        conv_im2col(j, b, oy, ox, Kp, patch + i * Kp);
      }
      conv_patches_os(&cx, direct ? j->input + p * K : patch, filter, Kp,
                      np, !direct, j->output + p * j->out_c);
    }
  }
#else
  if (j->pool) {
    const int32_t ph = j->out_h / 2, pw = j->out_w / 2;
    int32_t b, py, px;
    int i;
    for (b = 0; b < j->batches; b++)
      for (py = 0; py < ph; py++)
        for (px = 0; px < pw; px++) {
          if (!conv_pool_win9(j, b, py, px, Kp, patch))
            for (i = 0; i < 4; i++)
              conv_im2col(j, b, 2 * py + (i >> 1), 2 * px + (i & 1), Kp,
                          patch + i * Kp);
          conv_pool_patches(&cx, patch, filter, Kp,
                        j->output + ((b * ph + py) * pw + px) * j->out_c);
        }
    return 1;
  }
  if (direct) {
    conv_direct(&cx, j->input, filter, K,
                    j->batches * j->in_h * j->in_w, j->output);
  } else {
    const int32_t per_b = j->out_h * j->out_w, npix = j->batches * per_b;
    int32_t p;
#if TC_RV32_TILE
    const conv_win_fn win = tc_conv_win_for(j, Kp);
    const int32_t S = j->stride_w, rs = j->in_w * j->in_c;
#endif
    for (p = 0; p < npix; p += 4) {
      int32_t q = conv_block_start(p, npix);
      int np = npix - q < 4 ? (int)(npix - q) : 4, i;
#if TC_RV32_TILE
      if (win && np == 4) {
        /* 4 pixels of one row whose windows are inside the input: no
         * copies (the edges take im2col's padding) */
        const int32_t b = q / per_b, oy = (q % per_b) / j->out_w,
                      ox = q % j->out_w, y0 = oy * S - j->pad_h,
                      x0 = ox * S - j->pad_w;
        if (ox + 3 < j->out_w && y0 >= 0 && y0 + 3 <= j->in_h && x0 >= 0 &&
            x0 + 3 * S + 3 <= j->in_w) {
          if (!*cx.sums) conv_sums(&cx);
          win(&cx, j->input + ((b * j->in_h + y0) * j->in_w + x0) * j->in_c,
              rs, j->output + q * j->out_c);
          continue;
        }
      }
#endif
      for (i = 0; i < np; i++) {
        int32_t r = q + i, b = r / per_b, oy = (r % per_b) / j->out_w,
                ox = r % j->out_w;
        conv_im2col(j, b, oy, ox, Kp, patch + i * Kp);
      }
      conv_patches(&cx, patch, filter, Kp, np, j->output + q * j->out_c);
    }
  }
#endif
  return 1;
}

#else
typedef int tc_conv_s8_opt_unused; /* ISO C forbids an empty unit */
#endif
