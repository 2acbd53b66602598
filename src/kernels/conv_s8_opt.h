/* What the optimized int8 CONV_2D shares between its driver
 * (conv_s8_opt.c: patches, im2col, pooling, the size build) and its
 * register blocks (conv_s8_blocks.c: one leaf function per K of the
 * build's list, picked once per layer through the selectors below).
 * Private to src/kernels. */
#ifndef TC_CONV_S8_OPT_H
#define TC_CONV_S8_OPT_H

#include "opt_common.h"
#include "conv_s8_rv32.h"

#if !TC_REFERENCE_KERNELS

/* K values with a compiled-in block (immediate offsets on rv32, a loop
 * unrolled for that K elsewhere); others run the portable C block. Only
 * the blocks themselves exist once per K (the leaves below): the drivers
 * take K at run time, so each K costs a block, not a copy of every loop.
 * A build may name its own list, e.g. a model's K values:
 * -D'TC_CONV_KS(X)=X(8) X(16) X(32)'. */
#if defined(__OPTIMIZE_SIZE__)
/* The size build has one generic block and never pads K (Kp = K), even
 * when a model's configuration lists its K values. */
#define CONV_KS(X)
#elif defined(TC_CONV_KS)
#define CONV_KS(X) TC_CONV_KS(X)
#else
#define CONV_KS(X)                                                       \
  X(8) X(9) X(12) X(16) X(24) X(27) X(28) X(32) X(48) X(64) X(96)      \
  X(128) X(144) X(192) X(256)
#endif

/* The per-K leaves (below), chosen once per layer: np patches at x (rows
 * at stride K; 4 for the dense leaf and for pool) times every group of 4
 * channels (dense: out_c & ~3) or 16 (sparse), into out (pool: the
 * pooled pixel). One call covers a whole group of patches because the
 * blocks clobber every callee-saved register. */
struct conv_ctx;
typedef void (*conv_leaf_fn)(const struct conv_ctx *cx, const int8_t *x,
                             const int8_t *filter, int np, int8_t *out,
                             int pool);

/* Requantization of one block of channels: mode 0 = fast, clamp >= zp;
 * anything else goes through tc_conv_store_any. */
typedef struct conv_ctx {
  const tc_rq *rq;    /* per output channel, in scratch */
  const int32_t *mult, *shift;
  int32_t out_offset, lo, hi, out_c;
  int relu;           /* act_lo >= zp: the fast form applies */
  int allfast;        /* relu and every channel's fast[] */
  const uint8_t *fast; /* per output channel: tc_rq_init succeeded */
  conv_leaf_fn tile;   /* this layer's K has a 4x4 leaf, or NULL */
  conv_leaf_fn sparse; /* and a sparse leaf (rv32, with a bias), or NULL */
  /* The dense blocks' rq[].init = bias + off * sum(w) is computed on
   * first use (*sums set then): when every block of a layer runs sparse,
   * nobody needs it. */
  uint8_t *sums;
  const int8_t *filter; /* as the blocks read it, rows of Kp */
  const int32_t *bias;   /* NULL: none */
  int32_t kp, in_offset; /* in_offset = -(input zero point) */
} conv_ctx;

/* Requantizes np x nc accumulators (acc[i * 4 + j]) of channels o.. into
 * out, any channel (conv_s8_opt.c). */
void tc_conv_store_any(const conv_ctx *cx, const int32_t *acc, int np,
                       int nc, int32_t o, int8_t *out);

#ifndef __OPTIMIZE_SIZE__
TC_ALWAYS_INLINE int32_t conv_max4(const int32_t *a, int s) {
  int32_t m = a[0];
  if (a[s] > m) m = a[s];
  if (a[2 * s] > m) m = a[2 * s];
  if (a[3 * s] > m) m = a[3 * s];
  return m;
}

/* out[jj] for the pooled accumulators m[jj], channels o .. o + nc - 1. */
TC_ALWAYS_INLINE void conv_pool_store(const conv_ctx *cx, const int32_t *m,
                                      int nc, int32_t o, int8_t *out) {
  int jj, fast = cx->allfast;
  if (!fast && cx->relu)
    for (fast = 1, jj = 0; jj < nc; jj++) fast &= cx->fast[o + jj];
  if (!fast) {
    for (jj = 0; jj < nc; jj += 4)
      tc_conv_store_any(cx, m + jj, 1, nc - jj < 4 ? nc - jj : 4, o + jj,
                     out + jj);
    return;
  }
  for (jj = 0; jj < nc; jj++)
    out[jj] = tc_clamp8(tc_rq_relu(m[jj], &cx->rq[o + jj]), cx->lo, cx->hi);
}
#endif

/* Channels o..o+3 take the fast relu requantization (the blocks' own). */
TC_ALWAYS_INLINE int conv_fast4(const conv_ctx *cx, int32_t o) {
  return cx->relu && cx->fast[o] && cx->fast[o + 1] && cx->fast[o + 2] &&
         cx->fast[o + 3];
}

#define MAC4(xv, w, a0, a1, a2, a3) \
  do {                              \
    int32_t wv_ = (w);              \
    a0 += (uint32_t)((xv##0) * wv_); \
    a1 += (uint32_t)((xv##1) * wv_); \
    a2 += (uint32_t)((xv##2) * wv_); \
    a3 += (uint32_t)((xv##3) * wv_); \
  } while (0)

/* One k step of the 4x4 block: x rows at xp + i*K, w rows at wp + j*K. */
#define STEP44(xp, wp, K, d)                                   \
  do {                                                         \
    int32_t x0 = (xp)[(d)], x1 = (xp)[(K) + (d)],              \
            x2 = (xp)[2 * (K) + (d)], x3 = (xp)[3 * (K) + (d)]; \
    MAC4(x, (wp)[(d)], a00, a10, a20, a30);                    \
    MAC4(x, (wp)[(K) + (d)], a01, a11, a21, a31);              \
    MAC4(x, (wp)[2 * (K) + (d)], a02, a12, a22, a32);          \
    MAC4(x, (wp)[3 * (K) + (d)], a03, a13, a23, a33);          \
  } while (0)

/* The 4x4 block's accumulators a<pixel><channel>, each starting at its
 * channel's init, and their copy into acc[pixel * 4 + channel]. */
#define ACC44_DECL(r)                                                    \
  uint32_t a00 = (uint32_t)(r)[0].init, a01 = (uint32_t)(r)[1].init,     \
           a02 = (uint32_t)(r)[2].init, a03 = (uint32_t)(r)[3].init;     \
  uint32_t a10 = a00, a11 = a01, a12 = a02, a13 = a03;                   \
  uint32_t a20 = a00, a21 = a01, a22 = a02, a23 = a03;                   \
  uint32_t a30 = a00, a31 = a01, a32 = a02, a33 = a03
#define ACC44_SAVE(acc)                                                  \
  do {                                                                   \
    (acc)[0] = (int32_t)a00; (acc)[1] = (int32_t)a01;                    \
    (acc)[2] = (int32_t)a02; (acc)[3] = (int32_t)a03;                    \
    (acc)[4] = (int32_t)a10; (acc)[5] = (int32_t)a11;                    \
    (acc)[6] = (int32_t)a12; (acc)[7] = (int32_t)a13;                    \
    (acc)[8] = (int32_t)a20; (acc)[9] = (int32_t)a21;                    \
    (acc)[10] = (int32_t)a22; (acc)[11] = (int32_t)a23;                  \
    (acc)[12] = (int32_t)a30; (acc)[13] = (int32_t)a31;                  \
    (acc)[14] = (int32_t)a32; (acc)[15] = (int32_t)a33;                  \
  } while (0)

#define RQ1(a, j, i)                                                 \
  out[(i) * os + (j)] = tc_clamp8(tc_rq_relu((int32_t)(a), &r[(j)]), lo, hi)

#ifndef __OPTIMIZE_SIZE__ /* conv_tile44_os instead */
/* 4 patches x 4 channels in C. x: patch rows at stride K; w: the 4
 * channels' weight rows at stride K; out: pixel i, channel j at
 * out[i * os + j]. */
TC_ALWAYS_INLINE void conv_tile44_c(const conv_ctx *cx, const int8_t *x,
                                    const int8_t *w, int32_t K, int32_t o,
                                    int8_t *out) {
  const tc_rq *r = &cx->rq[o];
  ACC44_DECL(r);
  const int8_t *xe = x + K;
  for (; x < xe; x++, w++) STEP44(x, w, K, 0);
  if (conv_fast4(cx, o)) {
    int32_t os = cx->out_c, lo = cx->lo, hi = cx->hi;
    RQ1(a00, 0, 0); RQ1(a01, 1, 0); RQ1(a02, 2, 0); RQ1(a03, 3, 0);
    RQ1(a10, 0, 1); RQ1(a11, 1, 1); RQ1(a12, 2, 1); RQ1(a13, 3, 1);
    RQ1(a20, 0, 2); RQ1(a21, 1, 2); RQ1(a22, 2, 2); RQ1(a23, 3, 2);
    RQ1(a30, 0, 3); RQ1(a31, 1, 3); RQ1(a32, 2, 3); RQ1(a33, 3, 3);
  } else {
    int32_t acc[16];
    ACC44_SAVE(acc);
    tc_conv_store_any(cx, acc, 4, 4, o, out);
  }
}
#endif

#ifndef __OPTIMIZE_SIZE__
/* conv_s8_blocks.c: this build's leaf for K, or NULL. */
conv_leaf_fn tc_conv_tile_for(int32_t K);
#if TC_RV32_TILE
conv_leaf_fn tc_conv_sparse_for(int32_t K);
/* The window leaves: 4 neighbouring output pixels of a 3x3 layer on 1 or
 * 3 input channels at stride 1 or 2, read from the input (x: the first
 * pixel's window, rs: the input's row stride), every group of 4
 * channels. */
typedef void (*conv_win_fn)(const conv_ctx *cx, const int8_t *x, int32_t rs,
                            int8_t *out);
/* The window leaf for this job (its patch length Kp), or NULL. */
conv_win_fn tc_conv_win_for(const tc_conv_job *j, int32_t Kp);
#endif
#endif

#endif /* !TC_REFERENCE_KERNELS */
#endif
