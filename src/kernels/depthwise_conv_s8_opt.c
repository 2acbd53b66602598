/* Optimized int8 DEPTHWISE_CONV_2D, byte-identical with the reference
 * kernel in depthwise_conv.c (which dispatches here when the job
 * qualifies).
 *
 *   Cin == 1 (any multiplier): a convolution with one input channel; runs
 *     as CONV_2D with the filter read in its [1,KH,KW,Cout] layout.
 *   multiplier 1, 3x3, no dilation: per output row, the three input rows
 *     are copied into scratch with the columns outside the input set to the
 *     input zero point (they then contribute (zp - zp) * w = 0, exactly
 *     the taps the reference skips); each channel then slides its 9
 *     weights, held in registers, along the row, four outputs at a time.
 *     The input offset is folded into a per-channel constant as in
 *     conv_s8_opt.c: sum((x + off) * w) = sum(x * w) + off * sum(w).
 * Anything else runs the reference kernel. */
#include <string.h>

#include "opt_common.h"
#include "depthwise_conv_s8_rv32.h"
#include "depthwise_conv_s8_xtensa.h"

#if !TC_REFERENCE_KERNELS

static int dw_is_3x3(const tc_conv_job *j) {
  return j->out_c % j->in_c == 0 && j->k_h == 3 && j->k_w == 3 &&
         j->dil_h == 1 && j->dil_w == 1;
}

/* The conv view of a Cin == 1 depthwise job. */
static void dw_as_conv(const tc_conv_job *j, tc_conv_job *c) {
  *c = *j;
  c->hwo = 1;
}

/* Padded row width (columns -pad_w ... of the input). */
static int32_t dw_row_w(const tc_conv_job *j) {
  return (j->out_w - 1) * j->stride_w + 3;
}

static size_t dw_scratch(const tc_conv_job *j) {
  if (j->in_c == 1 && !dw_is_3x3(j)) {
    tc_conv_job c;
    dw_as_conv(j, &c);
    return tc_conv_s8_opt_scratch(&c);
  }
  if (!dw_is_3x3(j)) return 0;
  /* rq per output channel + 3 padded rows */
  return (size_t)j->out_c * sizeof(tc_rq) +
         3 * (size_t)dw_row_w(j) * (size_t)j->in_c;
}

size_t tc_depthwise_s8_opt_scratch(const tc_conv_job *j) {
  size_t n = dw_scratch(j);
#if TC_XT_CONV /* either path may run */
  if (xt_dw_scratch(j) > n) n = xt_dw_scratch(j);
#endif
  return n;
}

#ifdef __OPTIMIZE_SIZE__
/* dw_fill_row below as one memset of the whole row (picolibc's size
 * build sets a byte at a time: slower than tc_fill8, but smaller) and one
 * word copy over its middle. */
static void dw_fill_row(const tc_conv_job *j, int32_t b, int32_t y,
                        int8_t *dst) {
  const int32_t C = j->in_c, rw = dw_row_w(j), x0 = -j->pad_w;
  const int32_t lead = x0 < 0 ? -x0 : 0;
  int32_t n = j->in_w - (x0 + lead);
  if (n > rw - lead) n = rw - lead;
  memset(dst, (int)(int8_t)-j->in_offset, (size_t)(rw * C));
  if (y >= 0 && y < j->in_h && n > 0)
    tc_copy8(dst + lead * C,
             j->input + ((b * j->in_h + y) * j->in_w + x0 + lead) * C, n * C);
}
#else
/* Input row y of batch b as a padded row in dst (zero point outside). */
static void dw_fill_row(const tc_conv_job *j, int32_t b, int32_t y,
                        int8_t *dst) {
  const int32_t C = j->in_c, rw = dw_row_w(j);
  const int8_t zp = (int8_t)-j->in_offset;
  int32_t x0 = -j->pad_w, lead, n;
  if (y < 0 || y >= j->in_h) {
    tc_fill8(dst, zp, rw * C);
    return;
  }
  lead = x0 < 0 ? -x0 : 0;                 /* columns left of the input */
  n = j->in_w - (x0 + lead);               /* input columns available */
  if (n > rw - lead) n = rw - lead;
  if (n < 0) n = 0;
  tc_fill8(dst, zp, lead * C);
  tc_copy8(dst + lead * C,
           j->input + ((b * j->in_h + y) * j->in_w + x0 + lead) * C, n * C);
  tc_fill8(dst + (lead + n) * C, zp, (rw - lead - n) * C);
}
#endif

#ifndef __OPTIMIZE_SIZE__ /* dw_row_n below */
/* One channel of one output row. r0..r2: the three padded rows at this
 * channel's input; consecutive columns are CI apart, outputs S columns
 * apart; the 9 weights CW apart; outputs os apart. */
TC_ALWAYS_INLINE void dw_row(const int8_t *r0, const int8_t *r1,
                             const int8_t *r2, const int8_t *w, int32_t CI,
                             int32_t CW, int32_t S, int32_t n,
                             const tc_rq *rq, int32_t lo, int32_t hi,
                             int8_t *out, int32_t os) {
  const int32_t w00 = w[0], w01 = w[CW], w02 = w[2 * CW];
  const int32_t w10 = w[3 * CW], w11 = w[4 * CW], w12 = w[5 * CW];
  const int32_t w20 = w[6 * CW], w21 = w[7 * CW], w22 = w[8 * CW];
  const int32_t init = rq->init;
  int32_t i = 0;
#define DW_TAPS(a, c0)                                                   \
  a += r0[(c0)*CI] * w00 + r0[((c0) + 1) * CI] * w01 +                   \
       r0[((c0) + 2) * CI] * w02 + r1[(c0)*CI] * w10 +                   \
       r1[((c0) + 1) * CI] * w11 + r1[((c0) + 2) * CI] * w12 +           \
       r2[(c0)*CI] * w20 + r2[((c0) + 1) * CI] * w21 +                   \
       r2[((c0) + 2) * CI] * w22
#if TC_RV32_DW
  if (__builtin_constant_p(CI) && __builtin_constant_p(S) && n >= 2) {
    const int32_t np = n & ~1;
    rv32_dw_pairs(r0, r1, r2, w00, w01, w02, w10, w11, w12, w20, w21, w22,
                  CI, S, np, rq, lo, hi, out, os);
    i = np;
    r0 += np * S * CI;
    r1 += np * S * CI;
    r2 += np * S * CI;
    out += np * os;
  }
#endif
  for (; i + 2 <= n; i += 2) {
    int32_t a0 = init, a1 = init;
    DW_TAPS(a0, 0);
    DW_TAPS(a1, S);
    out[0] = tc_clamp8(tc_rq_relu(a0, rq), lo, hi);
    out[os] = tc_clamp8(tc_rq_relu(a1, rq), lo, hi);
    out += 2 * os;
    r0 += 2 * S * CI;
    r1 += 2 * S * CI;
    r2 += 2 * S * CI;
  }
  if (i < n) {
    int32_t a0 = init;
    DW_TAPS(a0, 0);
    out[0] = tc_clamp8(tc_rq_relu(a0, rq), lo, hi);
  }
#undef DW_TAPS
}
#endif

#ifndef __OPTIMIZE_SIZE__ /* dw_row_os */
/* Exact for any clamp range and multiplier: the slow path of a row. */
static void dw_row_any(const int8_t *r0, const int8_t *r1, const int8_t *r2,
                       const int8_t *w, int32_t CI, int32_t CW, int32_t S,
                       int32_t n,
                       const tc_rq *rq, int fast, int32_t mult,
                       int32_t shift, int32_t zp, int32_t lo, int32_t hi,
                       int8_t *out, int32_t os) {
  int32_t i, kx;
  for (i = 0; i < n; i++) {
    uint32_t a = (uint32_t)rq->init;
    int32_t v;
    for (kx = 0; kx < 3; kx++)
      a += (uint32_t)(r0[kx * CI] * w[kx * CW] +
                      r1[kx * CI] * w[(3 + kx) * CW] +
                      r2[kx * CI] * w[(6 + kx) * CW]);
    v = fast ? tc_rq_any((int32_t)a, rq)
             : tc_add_wrap(tc_mul_by_qm((int32_t)a, mult, (int)shift), zp);
    out[i * os] = tc_clamp8(v, lo, hi);
    r0 += S * CI;
    r1 += S * CI;
    r2 += S * CI;
  }
}
#endif

/* Input channel counts with a compiled-in row (immediate offsets: 1 to
 * 511, depthwise_conv_s8_rv32.h); none when optimizing for size. A build
 * may name its own list, e.g. a model's (model_config.h):
 * -D'TC_DW_CS(X)=X(8) X(16)'. */
#if defined(__OPTIMIZE_SIZE__)
#define DW_CS(X)
#elif defined(TC_DW_CS)
#define DW_CS(X) TC_DW_CS(X)
#else
#define DW_CS(X) X(1) X(8) X(16) X(24) X(32) X(48) X(64) X(96) X(128) X(256)
#endif
#define DW_DEF_C(CV)                                                     \
  static void dw_row_##CV(const int8_t *r0, const int8_t *r1,            \
                          const int8_t *r2, const int8_t *w, int32_t CW, \
                          int32_t S, int32_t n, const tc_rq *rq,         \
                          int32_t lo, int32_t hi, int8_t *out) {         \
    if (S == 1)                                                          \
      dw_row(r0, r1, r2, w, CV, CW, 1, n, rq, lo, hi, out, CW);          \
    else                                                                 \
      dw_row(r0, r1, r2, w, CV, CW, 2, n, rq, lo, hi, out, CW);          \
  }
DW_CS(DW_DEF_C)
#ifdef __OPTIMIZE_SIZE__
/* The size build's one row loop, for channel c (input channel ic) of
 * every job: dw_row one output at a time (the pairs only saved loop
 * overhead, at twice the code), requantized as dw_row_any does (after a
 * relu clamp tc_rq_any gives tc_rq_relu's bytes: opt_common.h). */
#if defined(__GNUC__)
/* Its own function: inlined into dw_3x3, the weights were spilled. */
__attribute__((noinline))
#endif
static void dw_row_os(const tc_conv_job *j, const int8_t *const *r,
                      int32_t c, int32_t ic, const tc_rq *rqp,
                      int8_t *out) {
  const int8_t *r0 = r[0] + ic, *r1 = r[1] + ic, *r2 = r[2] + ic,
               *w = j->filter + c;
  const int32_t C = j->in_c, CW = j->out_c, step = j->stride_w * C;
  /* copies: the int8 stores below could alias the originals */
  const tc_rq rq0 = *rqp, *rq = &rq0;
  const int32_t lo = j->act_lo, hi = j->act_hi;
  const int slow = rq0.e < 0;
  const int32_t w00 = w[0], w01 = w[CW], w02 = w[2 * CW];
  const int32_t w10 = w[3 * CW], w11 = w[4 * CW], w12 = w[5 * CW];
  const int32_t w20 = w[6 * CW], w21 = w[7 * CW], w22 = w[8 * CW];
  int32_t n;
  for (n = j->out_w; n > 0; n--, r0 += step, r1 += step, r2 += step) {
    const int32_t a = (int32_t)(
        (uint32_t)rq->init +
        (uint32_t)(r0[0] * w00 + r0[C] * w01 + r0[2 * C] * w02 +
                   r1[0] * w10 + r1[C] * w11 + r1[2 * C] * w12 +
                   r2[0] * w20 + r2[C] * w21 + r2[2 * C] * w22));
    const int32_t v =
        slow ? tc_add_wrap(tc_mul_by_qm(a, j->mult[c], (int)j->shift[c]),
                           j->out_offset)
             : tc_rq_any(a, rq);
    *out = tc_clamp8(v, lo, hi);
    out += CW;
  }
}
#else
static void dw_row_n(const int8_t *r0, const int8_t *r1, const int8_t *r2,
                     const int8_t *w, int32_t C, int32_t CW, int32_t S,
                     int32_t n, const tc_rq *rq, int32_t lo, int32_t hi,
                     int8_t *out) {
  dw_row(r0, r1, r2, w, C, CW, S, n, rq, lo, hi, out, CW);
}
#endif

/* (none when optimizing for size: DW_CS is empty there) */
#if TC_RV32_DW && !defined(__OPTIMIZE_SIZE__)
#define DW_ALL 1
/* Multiplier 1 on rv32: one output row of all CI channels, each channel's
 * constants loaded inside rv32_dw_chan. An odd last output is the second
 * of a pair moved back by one (the pair's first output is written again
 * with the same bytes: both read the padded rows in scratch). */
/* Channel c through the exact C row (a channel tc_rq_init refused). */
TC_ALWAYS_INLINE void dw_chan_any(const int8_t *const *r, const int8_t *w,
                                  const tc_rq *rq, int32_t CI, int32_t S,
                                  int32_t n, const tc_conv_job *j,
                                  int8_t *out, int32_t c) {
  dw_row_any(r[0] + c, r[1] + c, r[2] + c, w + c, CI, CI, S, n, &rq[c], 0,
             j->mult[c], j->shift[c], j->out_offset, j->act_lo, j->act_hi,
             out + c, CI);
}

/* Channel c's weights, constants, rows and output in a block's io. */
TC_ALWAYS_INLINE void dw4_io_at(rv_dw4_io *q, const int8_t *const *r,
                                const int8_t *w, const tc_rq *rq, int32_t CI,
                                int8_t *out, int32_t c) {
  q->io.wm = w + c + 4 * CI;
  q->io.rq = &rq[c];
  q->r0 = r[0] + c;
  q->r1 = r[1] + c;
  q->r2 = r[2] + c;
  q->out = out + c;
}

TC_ALWAYS_INLINE void dw_chans(const int8_t *const *r, const int8_t *w,
                               const tc_rq *rq, int32_t CI, int32_t S,
                               int32_t n, const tc_conv_job *j,
                               int8_t *out) {
  const int32_t back = (n - 2) * S * CI;
  rv_dw_io io;
  int32_t c;
  io.lo = j->act_lo;
  io.hi = j->act_hi;
  if (CI >= 64 && ((n == 3 && 6 * CI < 2048) ||
                    (n == 6 && S == 1 && 8 * CI < 2048))) {
    /* one pass per channel: rows of exactly 3 outputs (rv32_dw_chan3) or
     * 6 at stride 1 (rv32_dw_chan6). Only compiled in for 64+ channels
     * (~600-700 bytes an instance): 3- and 6-wide maps come late in a
     * network, where the channels are many and the per-channel loads of
     * the weights weigh most. */
    rv_dw4_io q;
    q.io.lo = j->act_lo;
    q.io.hi = j->act_hi;
    for (c = 0; c < CI; c++) {
      if (rq[c].e < 0) {
        dw_chan_any(r, w, rq, CI, S, n, j, out, c);
        continue;
      }
      dw4_io_at(&q, r, w, rq, CI, out, c);
      if (n == 3) rv32_dw_chan3(&q, CI, S);
      else rv32_dw_chan6(&q, CI);
    }
    return;
  }
  if (S == 1 && 6 * CI < 2048 && n >= 8) {
    /* Quads at stride 1 (rv32_dw_chan4): from 8 outputs on they save
     * more than the extra setup costs. */
    rv_dw4_io q;
    q.io.lo = j->act_lo;
    q.io.hi = j->act_hi;
    q.pair = n & 2;
    for (c = 0; c < CI; c++) {
      if (rq[c].e < 0) {
        dw_chan_any(r, w, rq, CI, S, n, j, out, c);
        continue;
      }
      dw4_io_at(&q, r, w, rq, CI, out, c);
      q.io.oe = out + c + (n & ~1) * CI;
      rv32_dw_chan4(&q, CI);
      if (n & 1) {
        io.wm = q.io.wm;
        io.rq = q.io.rq;
        io.oe = out + c + n * CI;
        rv32_dw_chan(r[0] + c + back, r[1] + c + back, r[2] + c + back,
                     &io, CI, S, out + c + (n - 2) * CI);
      }
    }
    return;
  }
  for (c = 0; c < CI; c++) {
    if (rq[c].e < 0) {
      dw_chan_any(r, w, rq, CI, S, n, j, out, c);
      continue;
    }
    io.wm = w + c + 4 * CI;
    io.rq = &rq[c];
    io.oe = out + c + (n & ~1) * CI;
    rv32_dw_chan(r[0] + c, r[1] + c, r[2] + c, &io, CI, S, out + c);
    if (n & 1) {
      io.oe = out + c + n * CI;
      rv32_dw_chan(r[0] + c + back, r[1] + c + back, r[2] + c + back, &io,
                   CI, S, out + c + (n - 2) * CI);
    }
  }
}
#define DW_DEF_ALL(CV)                                                   \
  static void dw_all_##CV(const int8_t *const *r, const int8_t *w,       \
                          const tc_rq *rq, int32_t S, int32_t n,         \
                          const tc_conv_job *j, int8_t *out) {           \
    if (S == 1) dw_chans(r, w, rq, CV, 1, n, j, out);                    \
    else dw_chans(r, w, rq, CV, 2, n, j, out);                           \
  }
DW_CS(DW_DEF_ALL)

/* 1 when the row ran here (multiplier 1, a compiled-in channel count). */
static int dw_row_all(const tc_conv_job *j, const int8_t *const *r,
                      const tc_rq *rq, int8_t *out) {
  (void)r; /* unused when a build's DW_CS list is empty */
  (void)rq;
  (void)out;
  switch (j->in_c) {
#define DW_CASE_ALL(CV)                                                  \
  case CV:                                                               \
    dw_all_##CV(r, j->filter, rq, j->stride_w, j->out_w, j, out);        \
    return 1;
    DW_CS(DW_CASE_ALL)
#undef DW_CASE_ALL
    default: return 0;
  }
}
#endif

#if TC_VEC_LOOPS
/* Host SIMD (TC_VEC_LOOPS): one output pixel at a time, each tap a loop
 * over a run of channels, which are contiguous in NHWC. The weights and
 * the padded rows are widened to int16 once (on the stack, up to these
 * sizes), so that the loops multiply int16 pairs instead of widening
 * every int8 operand at every tap. */
#define DW_VEC_OMAX 512     /* channels */
#define DW_VEC_ROWMAX 4096  /* values in a padded row */

/* nch (16, 8 or 1) outputs from p0..p2 (the pixel's window in the three
 * rows, columns CI apart, input channel lanes xs apart: 1 for multiplier
 * 1, 0 for a single input channel), weights O apart; channel c of the run
 * is channel c0 + c of the job. Sums of 9 int8 products need no wrap, so
 * the init constant is added modulo 2^32 afterwards as in dw_row. */
TC_ALWAYS_INLINE void dw_vec_px(const int16_t *p0, const int16_t *p1,
                                const int16_t *p2, const int16_t *w,
                                int32_t CI, int32_t O, int32_t xs,
                                int32_t nch, const tc_rq *rq, int relu,
                                const tc_conv_job *j, int32_t c0,
                                int8_t *out) {
  const int32_t lo = j->act_lo, hi = j->act_hi;
  int32_t a[16], c;
  for (c = 0; c < nch; c++) {
    const int32_t i = c * xs;
    a[c] = p0[i] * w[c] + p0[CI + i] * w[O + c] +
           p0[2 * CI + i] * w[2 * O + c] + p1[i] * w[3 * O + c] +
           p1[CI + i] * w[4 * O + c] + p1[2 * CI + i] * w[5 * O + c] +
           p2[i] * w[6 * O + c] + p2[CI + i] * w[7 * O + c] +
           p2[2 * CI + i] * w[8 * O + c];
  }
  for (c = 0; c < nch; c++) {
    const int32_t v = (int32_t)((uint32_t)a[c] + (uint32_t)rq[c].init);
    if (rq[c].e < 0) /* the slow path, as in dw_row_any */
      out[c] = tc_clamp8(tc_add_wrap(tc_mul_by_qm(v, j->mult[c0 + c],
                                                  (int)j->shift[c0 + c]),
                                     j->out_offset),
                         lo, hi);
    else
      out[c] = tc_clamp8(relu ? tc_rq_relu(v, &rq[c]) : tc_rq_any(v, &rq[c]),
                         lo, hi);
  }
}

/* One output row, n pixels S input columns apart. */
TC_ALWAYS_INLINE void dw_vec_row(const int16_t *const *r, const int16_t *w,
                                 const tc_rq *rq, int32_t CI, int32_t O,
                                 int32_t xs, int32_t S, int32_t n, int relu,
                                 const tc_conv_job *j, int8_t *out) {
  int32_t x, c;
  for (x = 0; x < n; x++, out += O) {
    const int32_t b = x * S * CI;
    const int16_t *p0 = r[0] + b, *p1 = r[1] + b, *p2 = r[2] + b;
    for (c = 0; c + 16 <= O; c += 16)
      dw_vec_px(p0 + c * xs, p1 + c * xs, p2 + c * xs, w + c, CI, O, xs, 16,
                rq + c, relu, j, c, out + c);
    if (c + 8 <= O) {
      dw_vec_px(p0 + c * xs, p1 + c * xs, p2 + c * xs, w + c, CI, O, xs, 8,
                rq + c, relu, j, c, out + c);
      c += 8;
    }
    for (; c < O; c++)
      dw_vec_px(p0 + c * xs, p1 + c * xs, p2 + c * xs, w + c, CI, O, xs, 1,
                rq + c, relu, j, c, out + c);
  }
}

/* Instances with constant channel counts (DW_CS) and strides 1 and 2. */
#define DW_DEF_VEC(CV)                                                   \
  static void dw_vec_##CV(const int16_t *const *r, const int16_t *w,     \
                          const tc_rq *rq, int32_t S, int32_t n,         \
                          int relu, const tc_conv_job *j, int8_t *out) { \
    if (S == 1)                                                          \
      dw_vec_row(r, w, rq, CV, CV, 1, 1, n, relu, j, out);               \
    else if (S == 2)                                                     \
      dw_vec_row(r, w, rq, CV, CV, 1, 2, n, relu, j, out);               \
    else                                                                 \
      dw_vec_row(r, w, rq, CV, CV, 1, S, n, relu, j, out);               \
  }
DW_CS(DW_DEF_VEC)

/* 1 when the row ran here: multiplier 1, or a single input channel. */
static int dw_vec(const tc_conv_job *j, const int16_t *const *r,
                  const int16_t *w, const tc_rq *rq, int relu, int8_t *out) {
  const int32_t S = j->stride_w, n = j->out_w;
  if (j->in_c == 1) {
    dw_vec_row(r, w, rq, 1, j->out_c, 0, S, n, relu, j, out);
    return 1;
  }
  if (j->out_c != j->in_c) return 0;
  switch (j->in_c) {
#define DW_CASE_VEC(CV)                                                  \
  case CV:                                                               \
    dw_vec_##CV(r, w, rq, S, n, relu, j, out);                           \
    return 1;
    DW_CS(DW_CASE_VEC)
#undef DW_CASE_VEC
    default:
      dw_vec_row(r, w, rq, j->in_c, j->in_c, 1, S, n, relu, j, out);
      return 1;
  }
}
#endif

/* Output channel o reads input channel o / M (M = the depth multiplier);
 * the weights and outputs are out_c apart. */
static int dw_3x3(const tc_conv_job *j) {
  const int32_t C = j->in_c, O = j->out_c, M = O / C, rw = dw_row_w(j);
  tc_rq *rq = (tc_rq *)(void *)j->scratch;
  int8_t *rows = (int8_t *)(rq + O);
  int32_t c, b, oy, k, have[3];
#if TC_RV32_DW /* its rows clamp only from above (depthwise_conv_s8_rv32.h) */
  const int relu = j->act_lo == j->out_offset && j->stride_w <= 2;
#else
  const int relu = j->act_lo >= j->out_offset && j->stride_w <= 2;
#endif
#if TC_VEC_LOOPS
  int16_t rows16[3][DW_VEC_ROWMAX], w16[9 * DW_VEC_OMAX];
  int32_t have16[3];
  const int vec = rw * C <= DW_VEC_ROWMAX && O <= DW_VEC_OMAX &&
                  (C == 1 || M == 1);
#endif
  /* Sums are formed modulo 2^32, so the different summation order ends
   * at the reference's int32. The fast requantization needs |bias| <=
   * 2^29 (opt_common.h); channels that fail it (dead channels carry huge
   * biases) take tc_mul_by_qm. */
  for (c = 0; c < O && !j->keep; c++) {
    int32_t s = 0, bc = j->bias ? j->bias[c] : 0;
    for (k = 0; k < 9; k++) s += j->filter[k * O + c];
    rq[c].init = (int32_t)((uint32_t)bc + (uint32_t)(j->in_offset * s));
    if (!tc_rq_init(&rq[c], j->mult[c], j->shift[c], j->out_offset) ||
        !tc_rq_bias_ok(bc, &rq[c]))
      rq[c].e = -1; /* marks the slow path */
  }
#if TC_VEC_LOOPS
  if (vec)
    for (k = 0; k < 9 * O; k++) w16[k] = j->filter[k];
#endif
  for (b = 0; b < j->batches; b++) {
    /* have[k]: the input row held by padded row buffer k, or a sentinel */
    have[0] = have[1] = have[2] = -1000000;
#if TC_VEC_LOOPS
    have16[0] = have16[1] = have16[2] = -1000000;
#endif
    for (oy = 0; oy < j->out_h; oy++) {
      const int32_t y0 = oy * j->stride_h - j->pad_h;
      const int8_t *r[3];
      int8_t *out = j->output + (b * j->out_h + oy) * j->out_w * O;
#if defined(__OPTIMIZE_SIZE__) && !TC_VEC_LOOPS
      /* Every output row fills its three rows: the ring of rows held
       * (have[]) saves copies but costs more code than they take time. */
      for (k = 0; k < 3; k++) {
        int8_t *dst = rows + k * rw * C;
        dw_fill_row(j, b, y0 + k, dst);
        r[k] = dst;
      }
#else
      for (k = 0; k < 3; k++) {
        int32_t y = y0 + k, slot = ((y % 3) + 3) % 3;
        if (have[slot] != y) {
          dw_fill_row(j, b, y, rows + slot * rw * C);
          have[slot] = y;
        }
        r[k] = rows + slot * rw * C;
      }
#endif
#if TC_VEC_LOOPS
      if (vec) {
        /* rows16[k] widens padded row buffer k, holding input row
         * have16[k] */
        const int16_t *r16[3];
        for (k = 0; k < 3; k++) {
          int32_t slot = (int32_t)(r[k] - rows) / (rw * C);
          if (have16[slot] != have[slot]) {
            for (c = 0; c < rw * C; c++) rows16[slot][c] = r[k][c];
            have16[slot] = have[slot];
          }
          r16[k] = rows16[slot];
        }
        if (dw_vec(j, r16, w16, rq, j->act_lo >= j->out_offset, out))
          continue;
      }
#endif
#ifdef DW_ALL
      if (M == 1 && relu && j->out_w >= 2 && dw_row_all(j, r, rq, out))
        continue;
#endif
#ifdef __OPTIMIZE_SIZE__
      (void)relu;
      for (c = 0; c < O; c++) dw_row_os(j, r, c, c / M, &rq[c], out + c);
#else
      for (c = 0; c < O; c++) {
        const int8_t *w = j->filter + c;
        const int32_t ic = c / M;
        if (!relu || rq[c].e < 0) {
          dw_row_any(r[0] + ic, r[1] + ic, r[2] + ic, w, C, O, j->stride_w,
                     j->out_w, &rq[c], rq[c].e >= 0, j->mult[c],
                     j->shift[c], j->out_offset, j->act_lo, j->act_hi,
                     out + c, O);
          continue;
        }
        switch (C) {
#define DW_CASE(CV)                                                      \
  case CV:                                                               \
    dw_row_##CV(r[0] + ic, r[1] + ic, r[2] + ic, w, O, j->stride_w,      \
                j->out_w, &rq[c], j->act_lo, j->act_hi, out + c);        \
    break;
          DW_CS(DW_CASE)
#undef DW_CASE
          default:
            dw_row_n(r[0] + ic, r[1] + ic, r[2] + ic, w, C, O, j->stride_w,
                     j->out_w, &rq[c], j->act_lo, j->act_hi, out + c);
        }
      }
#endif
    }
  }
  return 1;
}

int tc_depthwise_s8_opt(const tc_conv_job *j) {
  if (!j->scratch) return 0;
#if TC_XT_CONV
  if (xt_dw(j)) return 1;
#endif
#ifdef __OPTIMIZE_SIZE__ /* one dw_is_3x3 call */
  if (!dw_is_3x3(j)) {
    tc_conv_job c;
    if (j->in_c != 1) return 0;
    dw_as_conv(j, &c);
    return tc_conv_s8_opt(&c);
  }
#else
  if (j->in_c == 1 && !dw_is_3x3(j)) {
    tc_conv_job c;
    dw_as_conv(j, &c);
    return tc_conv_s8_opt(&c);
  }
  if (!dw_is_3x3(j)) return 0;
#endif
  return dw_3x3(j);
}

#else
typedef int tc_depthwise_s8_opt_unused; /* ISO C forbids an empty unit */
#endif
