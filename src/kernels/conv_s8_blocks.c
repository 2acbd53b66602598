/* The register blocks of the optimized int8 CONV_2D (conv_s8_opt.c is
 * the driver): the 4 patch x 4 channel block once per K of the build's
 * list (CONV_KS; asm on rv32, the C block with K constant elsewhere), on
 * rv32 also the zero-skipping block (1 patch x 16 channels) and the window
 * block of an image's first layer. Each is a leaf function, chosen once
 * per layer by tc_conv_tile_for / tc_conv_sparse_for / tc_conv_win_for:
 * only the blocks exist once per K, everything around them takes K at run
 * time. The size build (-Os) has none of them. */
#include "conv_s8_opt.h"
#include "conv_s8_sparse_rv32.h"

#if !TC_REFERENCE_KERNELS && !defined(__OPTIMIZE_SIZE__)

/* The leaves: the 4x4 block once per K of CONV_KS (asm on rv32, the C
 * block with K constant elsewhere), picked per layer (tc_conv_tile_for). */
#if TC_RV32_TILE
TC_ALWAYS_INLINE void conv_tile44_k(const conv_ctx *cx, const int8_t *x,
                                    const int8_t *w, int32_t K, int32_t o,
                                    int8_t *out, int32_t *acc, int pool) {
  rv_tile_io io;
  int32_t a[16];
  int fast = !acc && (cx->allfast || conv_fast4(cx, o));
  io.rq = &cx->rq[o];
  io.out = out;
  io.os = cx->out_c;
  io.lo = cx->lo;
  io.hi = cx->hi;
  io.acc = fast ? 0 : acc ? acc : a;
  io.pool = fast && pool;
  rv32_tile44(x, w, K, &io);
  if (fast || acc) return;
  if (pool) {
    int32_t m[4];
    int jj;
    for (jj = 0; jj < 4; jj++) m[jj] = conv_max4(a + jj, 4);
    conv_pool_store(cx, m, 4, o, out);
  } else {
    tc_conv_store_any(cx, a, 4, 4, o, out);
  }
}
/* A leaf's 4x4 block of channels o..o+3: the asm block here, the C one
 * elsewhere. */
#define CONV_TILE4(cx, x, filter, KV, o, out, pool)                      \
  conv_tile44_k(cx, x, filter + (o) * KV, KV, o, out + (o), 0, pool)
#else
#define CONV_TILE4(cx, x, filter, KV, o, out, pool)                      \
  ((void)(pool), conv_tile44_c(cx, x, filter + (o) * KV, KV, o, out + (o)))
#endif
#define CONV_LEAF(KV)                                                    \
  static void conv_leaf_##KV(const conv_ctx *cx, const int8_t *x,        \
                             const int8_t *filter, int np,               \
                             int8_t *out, int pool) {                    \
    int32_t o;                                                           \
    (void)np;                                                            \
    for (o = 0; o + 4 <= cx->out_c; o += 4)                              \
      CONV_TILE4(cx, x, filter, KV, o, out, pool);                       \
  }
CONV_KS(CONV_LEAF)
#define CONV_CASE_LEAF(KV) case KV: return conv_leaf_##KV;
conv_leaf_fn tc_conv_tile_for(int32_t K) {
  switch (K) {
    CONV_KS(CONV_CASE_LEAF)
    default: return 0;
  }
}

#if TC_RV32_TILE
/* The window leaves (conv_s8_rv32.h rv32_tile44_win): 4 neighbouring
 * output pixels of a 3x3 layer on 1 or 3 input channels at stride 1 or
 * 2, read from the input (x: the first pixel's window, rs: the input's
 * row stride), every group of 4 channels. */
TC_ALWAYS_INLINE void conv_tile44_w(const conv_ctx *cx, const int8_t *x,
                                    int32_t rs, int32_t K, int32_t P,
                                    int8_t *out) {
  rv_tile_io io;
  int32_t a[16], o;
  io.os = cx->out_c;
  io.lo = cx->lo;
  io.hi = cx->hi;
  io.pool = 0;
  io.rs = rs;
  for (o = 0; o < cx->out_c; o += 4) {
    const int fast = cx->allfast || conv_fast4(cx, o);
    io.rq = &cx->rq[o];
    io.out = out + o;
    io.acc = fast ? 0 : a;
    rv32_tile44_win(x, cx->filter + o * K, K, P, &io);
    if (!fast) tc_conv_store_any(cx, a, 4, 4, o, out + o);
  }
}
/* unused: with no K of 9 or 27 in the build's list (a model's
 * configuration without such a layer, or without any CONV_2D) nothing
 * refers to them and they are dropped, not a -Wunused-function error. */
#define CONV_WLEAF(KV, S, C)                                             \
  __attribute__((unused)) static void conv_win_##KV##_##S(               \
      const conv_ctx *cx, const int8_t *x, int32_t rs, int8_t *out) {    \
    conv_tile44_w(cx, x, rs, KV, (S) * (C), out);                        \
  }
CONV_WLEAF(9, 1, 1)
CONV_WLEAF(9, 2, 1)
CONV_WLEAF(27, 1, 3)
CONV_WLEAF(27, 2, 3)
/* Only a K of the build's list gets its leaves (the others fold to 0 and
 * are not compiled in). */
#define CONV_CASE_WIN(KV)                                                \
  case KV:                                                               \
    return KV == 9 ? (s == 1 ? conv_win_9_1 : conv_win_9_2)              \
           : KV == 27 ? (s == 1 ? conv_win_27_1 : conv_win_27_2) : 0;
conv_win_fn tc_conv_win_for(const tc_conv_job *j, int32_t Kp) {
  const int32_t s = j->stride_w;
  if (j->k_h != 3 || j->k_w != 3 || j->dil_h != 1 || j->dil_w != 1 ||
      j->stride_h != s || (s != 1 && s != 2) || j->out_c % 4 != 0 ||
      Kp != 9 * j->in_c)
    return 0;
  switch (Kp) {
    CONV_KS(CONV_CASE_WIN)
    default: return 0;
  }
}
#endif

#if TC_RV32_TILE
/* All channel groups of np patches (rows at stride K), or (pool) of the
 * 4 patches of a pooling window into the pooled pixel: one patch x 16
 * channels a block call, zero values skipped. The block's io is filled
 * once per group of 16 channels: per call only the patch's output and
 * sums change (the C around a call was ~40 instructions). A layer with
 * slow channels (tc_rq_init refused them: a dead channel's huge bias) has
 * the block requantize all 16 the fast way (a relu layer) and keep the
 * sums; only the slow ones are redone here, so one such channel does not
 * send its 15 neighbours through the slow path. */
TC_ALWAYS_INLINE void conv_sparse_all(const conv_ctx *cx, const int8_t *x,
                                      const int8_t *filter, int32_t K,
                                      int np, int8_t *out, int pool) {
  int32_t acc[64], a[16], m[16], o;
  const int fast = !pool && cx->allfast, inblock = !pool && cx->relu;
  int i, j;
  rv_sparse_io io;
  io.lo = cx->lo;
  io.hi = cx->hi;
  for (o = 0; o < cx->out_c; o += 16) {
    io.bias = cx->bias + o;
    io.rq = &cx->rq[o];
    /* one call site: the block is ~3 KB of code */
#pragma GCC unroll 1
    for (i = 0; i < np; i++) {
      int8_t *po = out + i * cx->out_c + o;
      io.out = inblock ? po : 0;
      io.acc = fast ? 0 : pool ? acc + 16 * i : a;
      rv32_sparse16(x + i * K, filter + o * K, K, -cx->in_offset, &io);
      if (fast || pool) continue;
      for (j = 0; j < 16; j++)
        if (!inblock || !cx->fast[o + j])
          tc_conv_store_any(cx, a + j, 1, 1, o + j, po + j);
    }
    if (pool) {
      for (j = 0; j < 16; j++) m[j] = conv_max4(acc + j, 16);
      conv_pool_store(cx, m, 16, o, out + o);
    }
  }
}

/* The sparse leaves: the K of CONV_KS that the block takes (K % 4 == 0,
 * 8 <= K <= 272); NULL for any other K. */
#define CONV_SPARSE_K(KV) ((KV) % 4 == 0 && (KV) >= 8 && 15 * (KV) + 7 < 4096)
#define CONV_SLEAF(KV)                                                   \
  static void conv_sleaf_##KV(const conv_ctx *cx, const int8_t *x,       \
                              const int8_t *filter, int np, int8_t *out, \
                              int pool) {                                \
    conv_sparse_all(cx, x, filter, CONV_SPARSE_K(KV) ? KV : 8, np, out,  \
                    pool);                                               \
  }
CONV_KS(CONV_SLEAF)
#define CONV_CASE_SLEAF(KV) \
  case KV: return CONV_SPARSE_K(KV) ? conv_sleaf_##KV : 0;
conv_leaf_fn tc_conv_sparse_for(int32_t K) {
  switch (K) {
    CONV_KS(CONV_CASE_SLEAF)
    default: return 0;
  }
}
#endif

#else
typedef int tc_conv_s8_blocks_unused; /* ISO C forbids an empty unit */
#endif
