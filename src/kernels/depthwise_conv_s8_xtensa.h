/* int8 DEPTHWISE_CONV_2D 3x3 for Xtensa (included only by
 * depthwise_conv_s8_opt.c; __XTENSA__, not the size build).
 * Byte-identical with the reference kernel.
 *
 * The input is copied a band of rows and a chunk of channels at a time
 * into scratch as x ^ 0x80 = x + 128, an unsigned byte (lx106 loads
 * bytes only unsigned and cannot sign-extend in one instruction), with
 * columns and rows outside the input at zp + 128 so that they contribute
 * (zp - zp) * w = 0 like the reference's skipped taps; the 128 + zp
 * extra per value is taken out of the bias once per channel:
 *   sum((x - zp) * w) = sum((x + 128) * w) - (128 + zp) * sum(w).
 * One channel's 9 weights then sit in registers (int16) while an
 * assembly loop walks the band's output pixels at 3 instructions a tap
 * (L8UI, MUL16S, ADD); the channel's accumulators are requantized by
 * tc_xt_rq (xtensa_rq.h). Channel chunks of 1 to 64 channels keep the
 * taps' byte offsets within L8UI's immediates. */
#ifndef TC_DEPTHWISE_CONV_S8_XTENSA_H
#define TC_DEPTHWISE_CONV_S8_XTENSA_H

#include "xtensa_rq.h"

#if TC_XT_CONV

#define XT_DW_BAND 8192 /* bytes of copied input rows */
#define XT_DW_ACC 256   /* accumulators (one channel's band of outputs) */

/* What the assembly reads (offsets in the comments). */
typedef struct xt_dwctl {
  int32_t pitch;   /*  0: bytes from one copied row to the next */
  int32_t rows;    /*  4: output rows in the band */
  int32_t out_w;   /*  8: outputs per row */
  int32_t rowstep; /* 12: bytes from one output row's first row to the next */
  int32_t m;       /* 16: depth multiplier */
  int32_t nch;     /* 20: output channels to run */
  const xt_ch *ch; /* 24: their constants */
  int8_t *out;     /* 28: the first one's first output */
  int32_t os;      /* 32: bytes from one output pixel to the next */
  int32_t lo, hi;  /* 36, 40: clamp, lo the output zero point */
} xt_dwctl;

/* A band of one chunk of channels (top-level assembly, call0 ABI, one
 * instance per chunk width C and horizontal stride S, C * S <= 64):
 *   void tc_xt_dw_C_S(const uint8_t *x, int32_t *acc, const int16_t *w9,
 *                     const xt_dwctl *q);
 * x: the band's first copied row at the chunk's first input channel
 * (columns C bytes apart), w9 the first output channel's 9 weights (the
 * next channel's follow); output channel i reads input channel i / m.
 * Per channel: the weights go to registers (a8..a15, a0), a loop over
 * the band's outputs forms sum((x + 128) * w) into acc[], two outputs a
 * turn (a2..a4 the three input rows, a7 the sum, a5 value and product,
 * a6 the accumulator; 30 instructions an output), then a call of tc_xt_rq
 * (lo = zp) writes the channel's outputs os bytes apart; with ch NULL
 * (one channel, requantized by the caller) the sums stay in acc. The loop
 * state lives in the stack frame. */
#define XT_DW_TAP(row, off, w)                                           \
  "l8ui a5, " row ", " off "\n\tmul16s a5, a5, " w "\n\tadd a7, a7, a5\n\t"
/* One output's 9 taps from byte offset b of the three rows into a7. */
#define XT_DW_OUT(b)                                                     \
  "l8ui a7, a2, " b "\n\tmul16s a7, a7, a8\n\t"                          \
  XT_DW_TAP("a2", b " + \\C", "a9") XT_DW_TAP("a2", b " + 2 * \\C", "a10")   \
  XT_DW_TAP("a3", b, "a11") XT_DW_TAP("a3", b " + \\C", "a12")            \
  XT_DW_TAP("a3", b " + 2 * \\C", "a13") XT_DW_TAP("a4", b, "a14")        \
  XT_DW_TAP("a4", b " + \\C", "a15") XT_DW_TAP("a4", b " + 2 * \\C", "a0")
/* frame: 0-16 saved registers, then */
#define XT_F_PITCH "20"
#define XT_F_ROWS "24"
#define XT_F_SPAN "28"
#define XT_F_RSTEP "32"
#define XT_F_LEFT "36"
#define XT_F_ROW "40"
#define XT_F_END "44"
#define XT_F_X "48"
#define XT_F_W "52"
#define XT_F_CH "56"
#define XT_F_OUT "60"
#define XT_F_NCH "64"
#define XT_F_MC "68"
#define XT_F_M "72"
#define XT_F_ACC "76"
#define XT_F_RQ "84" /* an xt_rqctl: as, os, n, lo, hi, nch */
#define XT_F_ODD "108"
__asm__(
    ".macro tc_xt_dw_inst C, S\n"
    ".pushsection .text.tc_xt_dw_\\C\\()_\\S,\"ax\",@progbits\n"
    "\t.align 4\n\t.global tc_xt_dw_\\C\\()_\\S\n"
    "\t.type tc_xt_dw_\\C\\()_\\S,@function\n"
    "tc_xt_dw_\\C\\()_\\S:\n\t"
    "addi a1, a1, -112\n\t"
    "s32i a12, a1, 0\n\ts32i a13, a1, 4\n\ts32i a14, a1, 8\n\t"
    "s32i a15, a1, 12\n\ts32i a0, a1, 16\n\t"
    "s32i a2, a1, " XT_F_X "\n\t"
    "s32i a3, a1, " XT_F_ACC "\n\t"
    "s32i a4, a1, " XT_F_W "\n\t"
    "l32i a6, a5, 0\n\ts32i a6, a1, " XT_F_PITCH "\n\t"
    "l32i a6, a5, 4\n\ts32i a6, a1, " XT_F_ROWS "\n\t"
    "l32i a6, a5, 8\n\t"
    "extui a7, a6, 0, 1\n\ts32i a7, a1, " XT_F_ODD "\n\t"
    "srli a6, a6, 1\n\t"
    "movi a7, 2 * \\C * \\S\n\t"
    "mull a6, a6, a7\n\ts32i a6, a1, " XT_F_SPAN "\n\t"
    "l32i a6, a5, 12\n\ts32i a6, a1, " XT_F_RSTEP "\n\t"
    "l32i a6, a5, 16\n\ts32i a6, a1, " XT_F_M "\n\ts32i a6, a1, " XT_F_MC "\n\t"
    "l32i a6, a5, 20\n\ts32i a6, a1, " XT_F_NCH "\n\t"
    "l32i a6, a5, 24\n\ts32i a6, a1, " XT_F_CH "\n\t"
    "l32i a6, a5, 28\n\ts32i a6, a1, " XT_F_OUT "\n\t"
    "movi a6, 4\n\ts32i a6, a1, " XT_F_RQ "\n\t"
    "l32i a6, a5, 32\n\ts32i a6, a1, " XT_F_RQ " + 4\n\t"
    "l32i a6, a5, 4\n\tl32i a7, a5, 8\n\tmull a6, a6, a7\n\t"
    "s32i a6, a1, " XT_F_RQ " + 8\n\t"
    "l32i a6, a5, 36\n\ts32i a6, a1, " XT_F_RQ " + 12\n\t"
    "l32i a6, a5, 40\n\ts32i a6, a1, " XT_F_RQ " + 16\n\t"
    "movi a6, 1\n\ts32i a6, a1, " XT_F_RQ " + 20\n"
    "3:\n\t" /* a channel */
    "l32i a4, a1, " XT_F_W "\n\t"
    "l16si a8, a4, 0\n\tl16si a9, a4, 2\n\tl16si a10, a4, 4\n\t"
    "l16si a11, a4, 6\n\tl16si a12, a4, 8\n\tl16si a13, a4, 10\n\t"
    "l16si a14, a4, 12\n\tl16si a15, a4, 14\n\tl16si a0, a4, 16\n\t"
    "l32i a2, a1, " XT_F_X "\n\t"
    "s32i a2, a1, " XT_F_ROW "\n\t"
    "l32i a5, a1, " XT_F_ROWS "\n\t"
    "s32i a5, a1, " XT_F_LEFT "\n\t"
    "l32i a6, a1, " XT_F_ACC "\n"
    "2:\n\t" /* a row */
    "l32i a2, a1, " XT_F_ROW "\n\t"
    "l32i a7, a1, " XT_F_PITCH "\n\t"
    "add a3, a2, a7\n\t"
    "add a4, a3, a7\n\t"
    "l32i a5, a1, " XT_F_SPAN "\n\t"
    "add a5, a2, a5\n\t"
    "s32i a5, a1, " XT_F_END "\n"
    "bgeu a2, a5, 4f\n"
    "1:\n\t" /* two outputs */
    XT_DW_OUT("0")
    "s32i a7, a6, 0\n\t"
    XT_DW_OUT("\\C * \\S")
    "s32i a7, a6, 4\n\t"
    "addi a6, a6, 8\n\t"
    ".if 2 * \\C * \\S < 128\n\t"
    "addi a2, a2, 2 * \\C * \\S\n\t"
    "addi a3, a3, 2 * \\C * \\S\n\t"
    "addi a4, a4, 2 * \\C * \\S\n\t"
    ".else\n\t"
    "addi a2, a2, \\C * \\S\n\taddi a2, a2, \\C * \\S\n\t"
    "addi a3, a3, \\C * \\S\n\taddi a3, a3, \\C * \\S\n\t"
    "addi a4, a4, \\C * \\S\n\taddi a4, a4, \\C * \\S\n\t"
    ".endif\n\t"
    "l32i a5, a1, " XT_F_END "\n\t"
    "bltu a2, a5, 1b\n"
    "4:\n\t" /* an odd last output */
    "l32i a5, a1, " XT_F_ODD "\n\t"
    "beqz a5, 5f\n\t"
    XT_DW_OUT("0")
    "s32i a7, a6, 0\n\t"
    "addi a6, a6, 4\n"
    "5:\n\t"
    "l32i a2, a1, " XT_F_ROW "\n\t"
    "l32i a5, a1, " XT_F_RSTEP "\n\t"
    "add a2, a2, a5\n\t"
    "s32i a2, a1, " XT_F_ROW "\n\t"
    "l32i a5, a1, " XT_F_LEFT "\n\t"
    "addi a5, a5, -1\n\t"
    "s32i a5, a1, " XT_F_LEFT "\n\t"
    "bnez a5, 2b\n\t"
    /* requantize (tc_xt_rq); ch NULL: leave the sums in acc */
    "l32i a4, a1, " XT_F_CH "\n\t"
    "beqz a4, 7f\n\t"
    "l32i a2, a1, " XT_F_ACC "\n\t"
    "l32i a3, a1, " XT_F_OUT "\n\t"
    "addi a5, a1, " XT_F_RQ "\n\t"
    "call0 tc_xt_rq\n"
    "7:\n\t" /* the next channel */
    "l32i a2, a1, " XT_F_W "\n\taddi a2, a2, 18\n\ts32i a2, a1, " XT_F_W "\n\t"
    "l32i a2, a1, " XT_F_CH "\n\taddi a2, a2, 32\n\ts32i a2, a1, " XT_F_CH "\n\t"
    "l32i a2, a1, " XT_F_OUT "\n\taddi a2, a2, 1\n\ts32i a2, a1, " XT_F_OUT "\n\t"
    "l32i a2, a1, " XT_F_MC "\n\t"
    "addi a2, a2, -1\n\t"
    "bnez a2, 8f\n\t"
    "l32i a3, a1, " XT_F_X "\n\taddi a3, a3, 1\n\ts32i a3, a1, " XT_F_X "\n\t"
    "l32i a2, a1, " XT_F_M "\n"
    "8:\n\t"
    "s32i a2, a1, " XT_F_MC "\n\t"
    "l32i a2, a1, " XT_F_NCH "\n\t"
    "addi a2, a2, -1\n\t"
    "s32i a2, a1, " XT_F_NCH "\n\t"
    "bnez a2, 3b\n\t"
    "l32i a12, a1, 0\n\tl32i a13, a1, 4\n\tl32i a14, a1, 8\n\t"
    "l32i a15, a1, 12\n\tl32i a0, a1, 16\n\t"
    "addi a1, a1, 112\n\t"
    "ret\n\t"
    ".size tc_xt_dw_\\C\\()_\\S, . - tc_xt_dw_\\C\\()_\\S\n"
    ".popsection\n"
    ".endm\n"
    "tc_xt_dw_inst 1, 1\n"
    "tc_xt_dw_inst 4, 1\n"
    "tc_xt_dw_inst 8, 1\n"
    "tc_xt_dw_inst 16, 1\n"
    "tc_xt_dw_inst 32, 1\n"
    "tc_xt_dw_inst 64, 1\n"
    "tc_xt_dw_inst 1, 2\n"
    "tc_xt_dw_inst 4, 2\n"
    "tc_xt_dw_inst 8, 2\n"
    "tc_xt_dw_inst 16, 2\n"
    "tc_xt_dw_inst 32, 2\n"
    ".purgem tc_xt_dw_inst\n");
typedef void (*xt_dw_fn)(const uint8_t *x, int32_t *acc, const int16_t *w9,
                         const xt_dwctl *q);
/* The assembly steps through xt_ch records 32 bytes at a time. */
typedef char xt_dw_ch_size[sizeof(xt_ch) == 32 ? 1 : -1];
#define XT_DW_DECL(C, S)                                                 \
  void tc_xt_dw_##C##_##S(const uint8_t *x, int32_t *acc,               \
                          const int16_t *w9, const xt_dwctl *q);
XT_DW_DECL(1, 1) XT_DW_DECL(4, 1) XT_DW_DECL(8, 1) XT_DW_DECL(16, 1)
XT_DW_DECL(32, 1) XT_DW_DECL(64, 1) XT_DW_DECL(1, 2) XT_DW_DECL(4, 2)
XT_DW_DECL(8, 2) XT_DW_DECL(16, 2) XT_DW_DECL(32, 2)

/* The chunk of channels from c: the widest instance for the n channels
 * left at stride S; *cw gets its width. Deterministic, so that the
 * copies and the runs of a band agree. */
static xt_dw_fn xt_dw_pick(int32_t n, int32_t S, int32_t *cw) {
  static const xt_dw_fn f1[] = {tc_xt_dw_64_1, tc_xt_dw_32_1, tc_xt_dw_16_1,
                                tc_xt_dw_8_1, tc_xt_dw_4_1, tc_xt_dw_1_1};
  static const xt_dw_fn f2[] = {0, tc_xt_dw_32_2, tc_xt_dw_16_2,
                                tc_xt_dw_8_2, tc_xt_dw_4_2, tc_xt_dw_1_2};
  static const int32_t w[] = {64, 32, 16, 8, 4, 1};
  int i;
  for (i = 0; i < 6; i++) {
    const xt_dw_fn f = S == 1 ? f1[i] : f2[i];
    if (f && w[i] <= n) {
      *cw = w[i];
      return f;
    }
  }
  return 0;
}

/* Bytes of one copied input row of every chunk (each chunk's rows are
 * rw columns of its channels, rounded up to words). */
static int32_t xt_dw_rowbytes(const tc_conv_job *j) {
  const int32_t rw = (j->out_w - 1) * j->stride_w + 3;
  int32_t c0 = 0, cw, t = 0;
  while (c0 < j->in_c && xt_dw_pick(j->in_c - c0, j->stride_w, &cw)) {
    t += (rw * cw + 3) & ~3;
    c0 += cw;
  }
  return t;
}

/* Bytes of copied input rows: XT_DW_BAND, or all the job's rows when
 * fewer (a later band of a streamed layer has fewer still). */
static int32_t xt_dw_band(const tc_conv_job *j) {
  const int32_t all = ((j->out_h - 1) * j->stride_h + 3) * xt_dw_rowbytes(j);
  return all < XT_DW_BAND ? all : XT_DW_BAND;
}

/* Three rows of every channel must fit: a band's rows are all copied
 * before any of its outputs is written, which keeps the output placed
 * over the dying input (tc_overlap: row by row, each row's reads before
 * its writes) correct. */
static int xt_dw_ok(const tc_conv_job *j) {
  return j->k_h == 3 && j->k_w == 3 && j->dil_h == 1 && j->dil_w == 1 &&
         j->out_c % j->in_c == 0 && (j->stride_w == 1 || j->stride_w == 2) &&
         j->stride_h >= 1 && j->out_w <= XT_DW_ACC &&
         3 * xt_dw_rowbytes(j) <= XT_DW_BAND;
}

/* Accumulators: one channel's band of outputs. */
static int32_t xt_dw_acc(const tc_conv_job *j) {
  const int32_t all = j->out_h * j->out_w;
  return all < XT_DW_ACC ? all : XT_DW_ACC;
}

static size_t xt_dw_scratch(const tc_conv_job *j) {
  const size_t O = (size_t)j->out_c;
  if (!xt_dw_ok(j)) return 0;
  return O * sizeof(xt_ch) + ((O * 9 * 2 + 3) & ~(size_t)3) +
         (size_t)xt_dw_band(j) + 4 * (size_t)xt_dw_acc(j);
}

/* Rows ys .. ys + nrow - 1 (batch b) of channels c0 .. c0 + cw - 1 as
 * x + 128, columns from -pad_w, rw of them, rows pitch bytes apart;
 * zp + 128 outside the input. */
static void xt_dw_copy(const tc_conv_job *j, int32_t b, int32_t ys,
                       int32_t nrow, int32_t c0, int32_t cw, int32_t rw,
                       int32_t pitch, uint8_t *dst) {
  const int32_t C = j->in_c, x0 = -j->pad_w;
  const int8_t pad = (int8_t)(-j->in_offset + 128);
  /* input columns [xa, xb) are inside: columns lead .. of the row */
  const int32_t lead = x0 < 0 ? -x0 : 0, xa = x0 + lead;
  int32_t n = j->in_w - xa, r, cx;
  if (n > rw - lead) n = rw - lead;
  if (n < 0) n = 0;
  for (r = 0; r < nrow; r++, dst += pitch) {
    const int32_t y = ys + r;
    const int8_t *s;
    if (y < 0 || y >= j->in_h) {
      tc_fill8((int8_t *)dst, pad, rw * cw);
      continue;
    }
    tc_fill8((int8_t *)dst, pad, lead * cw);
    tc_fill8((int8_t *)dst + (lead + n) * cw, pad, (rw - lead - n) * cw);
    s = j->input + ((size_t)(b * j->in_h + y) * (size_t)j->in_w + (size_t)xa) * (size_t)C + c0;
    if (cw == C) {
      xt_xor8(s, dst + lead * cw, n * cw); /* one run */
    } else {
      uint8_t *d = dst + lead * cw;
      for (cx = 0; cx < n; cx++, s += C, d += cw) xt_xor8(s, d, cw);
    }
  }
}

/* The job on Xtensa; 0 when it does not qualify. Inlined into
 * tc_depthwise_s8_opt, where its locals share the frame with dw_3x3's
 * (one or the other runs): called, its frame came on top of that one,
 * the deepest stack of an invoke (person_detect, Xtensa -O2: 2,184
 * bytes, 1,992 so). */
TC_ALWAYS_INLINE int xt_dw(const tc_conv_job *j) {
  const int32_t C = j->in_c, O = j->out_c, M = O / C, S = j->stride_w;
  const int32_t rw = (j->out_w - 1) * S + 3;
  xt_ch *ch = (xt_ch *)(void *)j->scratch;
  int16_t *w16 = (int16_t *)(void *)(ch + O);
  const int32_t bandb = xt_dw_band(j), accn = xt_dw_acc(j);
  uint8_t *band = (uint8_t *)(void *)(w16 + ((O * 9 + 1) & ~1));
  int32_t *acc = (int32_t *)(void *)(band + bandb);
  int32_t o, k, b, c0, fast, nr;
  if (!j->scratch || !xt_dw_ok(j)) return 0;
  if (!j->keep) {
    xt_channels(j, ch);
    for (o = 0; o < O; o++) {
      int32_t s = 0;
      for (k = 0; k < 9; k++) s += w16[o * 9 + k] = j->filter[k * O + o];
      /* the x + 128 form: bias - (128 + zp) * sum(w), zp = -in_offset */
      ch[o].bias = (int32_t)((uint32_t)ch[o].bias -
                             (uint32_t)(128 - j->in_offset) * (uint32_t)s);
    }
  }
  /* every channel takes the assembly's requantization, or none does */
  for (o = 0, fast = 1; o < O && fast; o++) fast = xt_rq_asm(j, &ch[o]);
  /* output rows per band: their input rows (every chunk's) fit the band,
   * their accumulators (one channel's) acc[] */
  nr = (bandb / xt_dw_rowbytes(j) - 3) / j->stride_h + 1;
  if (nr * j->out_w > accn) nr = accn / j->out_w;
  for (b = 0; b < j->batches; b++) {
    int32_t oy;
    for (oy = 0; oy < j->out_h; oy += nr) {
      const int32_t n = j->out_h - oy < nr ? j->out_h - oy : nr;
      const int32_t ys = oy * j->stride_h - j->pad_h;
      const int32_t rows = (n - 1) * j->stride_h + 3;
      int8_t *out = j->output +
          ((size_t)(b * j->out_h + oy) * (size_t)j->out_w) * (size_t)O;
      uint8_t *chunk;
      int32_t cw = 1, pitch = 0;
      /* every read of the band first (tc_overlap), chunk after chunk */
      for (c0 = 0, chunk = band; c0 < C; c0 += cw, chunk += rows * pitch) {
        (void)xt_dw_pick(C - c0, S, &cw);
        pitch = (rw * cw + 3) & ~3;
        xt_dw_copy(j, b, ys, rows, c0, cw, rw, pitch, chunk);
      }
      for (c0 = 0, chunk = band; c0 < C; c0 += cw, chunk += rows * pitch) {
        const xt_dw_fn f = xt_dw_pick(C - c0, S, &cw);
        xt_dwctl q;
        pitch = (rw * cw + 3) & ~3;
        q.pitch = pitch;
        q.rows = n;
        q.out_w = j->out_w;
        q.rowstep = j->stride_h * pitch;
        q.m = M;
        q.os = O;
        q.lo = j->act_lo;
        q.hi = j->act_hi;
        if (fast) { /* the whole chunk in one call */
          q.nch = cw * M;
          q.ch = &ch[c0 * M];
          q.out = out + c0 * M;
          f(chunk, acc, w16 + c0 * M * 9, &q);
          continue;
        }
        q.nch = 1; /* one channel at a time, requantized here */
        q.ch = 0;
        q.out = out;
        for (o = c0 * M; o < (c0 + cw) * M; o++) {
          f(chunk + (o / M - c0), acc, w16 + o * 9, &q);
          xt_rq_chan(j, &ch[o], o, acc, 1, n * j->out_w, out + o, O);
        }
      }
    }
  }
  return 1;
}

#endif

#endif
