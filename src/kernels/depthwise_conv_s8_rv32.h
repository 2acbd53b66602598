/* The 3x3 depthwise row of depthwise_conv_s8_opt.c written out for
 * rv32imc (included only there). Why assembly: the loop needs the nine
 * weights, three row pointers, the requantization constants, two
 * accumulators and two temporaries live at once (25 registers); GCC's
 * version spills the weights and reloads the constants on every output.
 *
 * Two outputs per iteration: the input columns they share are loaded once
 * (4 columns per row at stride 1, 5 at stride 2). Requantization: the fast
 * relu form of opt_common.h (tc_rq_relu) and the clamp, exactly; sums wrap
 * modulo 2^32 like the C version. */
#ifndef TC_DEPTHWISE_CONV_S8_RV32_H
#define TC_DEPTHWISE_CONV_S8_RV32_H

#if defined(__riscv) && defined(__riscv_mul) && defined(__GNUC__) && \
    __riscv_xlen == 32 && !defined(__clang__)
#define TC_RV32_DW 1

/* acc += t * w, u is the scratch product */
#define DW_MA(acc, w) "mul %[u], %[t], %[" w "]\n\tadd %[" acc "], %[" acc "], %[u]\n\t"
#define DW_LD(p, col) "lb %[t], " col "*%[ci](%[" p "])\n\t"
/* One row at stride 1: columns 0-3; A uses 0-2, B 1-3. */
#define DW_ROW1(p, wa, wb, wc)                                          \
  DW_LD(p, "0") DW_MA("a", wa)                                          \
  DW_LD(p, "1") DW_MA("a", wb) DW_MA("b", wa)                           \
  DW_LD(p, "2") DW_MA("a", wc) DW_MA("b", wb)                           \
  DW_LD(p, "3") DW_MA("b", wc)
/* At stride 2: columns 0-4; A uses 0-2, B 2-4. */
#define DW_ROW2(p, wa, wb, wc)                                          \
  DW_LD(p, "0") DW_MA("a", wa)                                          \
  DW_LD(p, "1") DW_MA("a", wb)                                          \
  DW_LD(p, "2") DW_MA("a", wc) DW_MA("b", wa)                           \
  DW_LD(p, "3") DW_MA("b", wb)                                          \
  DW_LD(p, "4") DW_MA("b", wc)
/* Requantizes acc into u (the fast relu form), clamps, stores it at o,
 * then moves o on (STEP: by the os operand, or by the immediate ci). */
/* A sum <= 0 requantizes to <= zp: lo (= zp, the relu of
 * depthwise_conv_s8_opt.c on rv32) is stored at once; any other sum
 * requantizes to >= zp = lo, so only the upper clamp is tested. */
#define DW_OUT(acc, STEP)                                               \
  "blez %[" acc "], 8f\n\t"                                             \
  "mulhsu %[u], %[" acc "], %[q2]\n\t"                                  \
  "mul %[" acc "], %[" acc "], %[q2]\n\t"                               \
  "srli %[" acc "], %[" acc "], 31\n\t"                                 \
  "add %[u], %[u], %[" acc "]\n\t"                                      \
  "add %[u], %[u], %[ad]\n\t"                                           \
  "srl %[u], %[u], %[e]\n\t"                                            \
  "add %[u], %[u], %[lo]\n\t"                                           \
  "bge %[hi], %[u], 3f\n\t"                                             \
  "mv %[u], %[hi]\n"                                                    \
  "3:\n\t"                                                              \
  "sb %[u], 0(%[o])\n\t"                                                \
  "j 9f\n"                                                               \
  "8:\n\t"                                                              \
  "sb %[lo], 0(%[o])\n"                                                  \
  "9:\n\t" STEP
#define DW_STEP_OS "add %[o], %[o], %[os]\n\t"
#define DW_STEP_CI "addi %[o], %[o], %[ci]\n\t"

#define DW_LOOP(ROW, S2, STEP)                                          \
  "1:\n\t"                                                              \
  "mv %[a], %[init]\n\t"                                                \
  "mv %[b], %[init]\n\t"                                                \
  ROW("p0", "w0", "w1", "w2") ROW("p1", "w3", "w4", "w5")               \
  ROW("p2", "w6", "w7", "w8")                                           \
  DW_OUT("a", STEP) DW_OUT("b", STEP)                                   \
  "addi %[p0], %[p0], " S2 "*%[ci]\n\t"                                 \
  "addi %[p1], %[p1], " S2 "*%[ci]\n\t"                                 \
  "addi %[p2], %[p2], " S2 "*%[ci]\n\t"                                 \
  "bne %[o], %[oe], 1b\n\t"

#define DW_OPERANDS                                                     \
  : [p0] "+r"(r0), [p1] "+r"(r1), [p2] "+r"(r2), [o] "+r"(out),         \
    [a] "=&r"(a), [b] "=&r"(b), [t] "=&r"(t), [u] "=&r"(u)              \
  : [oe] "r"(oe), [os] "r"(os), [w0] "r"(w0), [w1] "r"(w1),             \
    [w2] "r"(w2), [w3] "r"(w3), [w4] "r"(w4), [w5] "r"(w5),             \
    [w6] "r"(w6), [w7] "r"(w7), [w8] "r"(w8), [init] "r"(rq->init),     \
    [q2] "r"(rq->q2), [ad] "r"(rq->add), [e] "r"(rq->e), [lo] "r"(lo),  \
    [hi] "r"(hi), [ci] "n"(CI)                              \
  : "memory"

/* np (even, >= 2) outputs of one channel; CI, S compile-time constants
 * (S 1 or 2, 4 * CI < 2048 and 2 * S * CI < 2048: immediate offsets). */
TC_ALWAYS_INLINE void rv32_dw_pairs(
    const int8_t *r0, const int8_t *r1, const int8_t *r2, int32_t w0,
    int32_t w1, int32_t w2, int32_t w3, int32_t w4, int32_t w5, int32_t w6,
    int32_t w7, int32_t w8, int32_t CI, int32_t S, int32_t np,
    const tc_rq *rq, int32_t lo, int32_t hi, int8_t *out, int32_t os) {
  int8_t *const oe = out + np * os;
  int32_t a, b, t, u;
  if (S == 1)
    __asm__ volatile(DW_LOOP(DW_ROW1, "2", DW_STEP_OS) DW_OPERANDS);
  else
    __asm__ volatile(DW_LOOP(DW_ROW2, "4", DW_STEP_OS) DW_OPERANDS);
}

/* The same loop for one channel with everything loaded inside: the nine
 * weights (CI apart, read around the middle tap so that 4 * CI < 2048 is
 * enough for immediate offsets), the requantization constants and the
 * clamp. GCC then keeps no weight alive across the asm, so a channel costs
 * ~30 instructions besides its pairs instead of the ~150 of spilling and
 * reloading rv32_dw_pairs' operands (most of a small layer's time: a
 * 6-wide row is 3 pairs). Multiplier 1: the outputs and weights are CI
 * apart too. At most 30 operands: the rest comes through io. */
typedef struct rv_dw_io {
  const int8_t *wm;  /* 0: the middle tap's weight */
  const tc_rq *rq;   /* 4 */
  int32_t lo, hi;    /* 8, 12 */
  int8_t *oe;        /* 16: the end of the outputs */
} rv_dw_io;
/* The nine weights of a channel (w8 holds the middle tap's address on
 * entry, CI apart) and its requantization constants (init holds their
 * address). */
#define DW_LOAD_W9                                                      \
  "lb %[w0], -4*%[ci](%[w8])\n\t"                                       \
  "lb %[w1], -3*%[ci](%[w8])\n\t"                                       \
  "lb %[w2], -2*%[ci](%[w8])\n\t"                                       \
  "lb %[w3], -1*%[ci](%[w8])\n\t"                                       \
  "lb %[w4], 0(%[w8])\n\t"                                              \
  "lb %[w5], 1*%[ci](%[w8])\n\t"                                        \
  "lb %[w6], 2*%[ci](%[w8])\n\t"                                        \
  "lb %[w7], 3*%[ci](%[w8])\n\t"                                        \
  "lb %[w8], 4*%[ci](%[w8])\n\t"                                        \
  "lw %[q2], 4(%[init])\n\t"                                            \
  "lw %[ad], 8(%[init])\n\t"                                            \
  "lw %[e], 12(%[init])\n\t"                                            \
  "lw %[init], 0(%[init])\n\t"
/* A channel's setup from its rv_dw_io (oe points at it on entry): the
 * clamps, the end of the outputs, the nine weights (CI apart) and the
 * requantization constants. */
#define DW_LOAD_IO                                                      \
  "lw %[w8], 0(%[oe])\n\t"                                              \
  "lw %[init], 4(%[oe])\n\t"                                            \
  "lw %[lo], 8(%[oe])\n\t"                                              \
  "lw %[hi], 12(%[oe])\n\t"                                             \
  "lw %[oe], 16(%[oe])\n\t"                                             \
  DW_LOAD_W9
#define DWC_LOOP(ROW, S2)                                               \
  DW_LOAD_IO                                                            \
  DW_LOOP(ROW, S2, DW_STEP_CI)
#define DWC_OPERANDS                                                    \
  : [p0] "+r"(r0), [p1] "+r"(r1), [p2] "+r"(r2), [o] "+r"(out),         \
    [oe] "+r"(iop), [a] "=&r"(a), [b] "=&r"(b), [t] "=&r"(t),           \
    [u] "=&r"(u), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2),       \
    [w3] "=&r"(w3), [w4] "=&r"(w4), [w5] "=&r"(w5), [w6] "=&r"(w6),     \
    [w7] "=&r"(w7), [w8] "=&r"(w8), [q2] "=&r"(q2), [ad] "=&r"(ad),     \
    [e] "=&r"(e), [init] "=&r"(init), [lo] "=&r"(lo), [hi] "=&r"(hi)    \
  : [ci] "n"(CI)                                                        \
  : "memory"

/* (io->oe - out) / CI outputs, an even number >= 2, of the channel whose
 * first row column is at r0..r2. CI, S compile-time constants: S 1 or 2,
 * 4 * CI and 2 * S * CI below 2048. */
TC_ALWAYS_INLINE void rv32_dw_chan(const int8_t *r0, const int8_t *r1,
                                   const int8_t *r2, const rv_dw_io *io,
                                   int32_t CI, int32_t S, int8_t *out) {
  const void *iop = io;
  int32_t a, b, t, u, w0, w1, w2, w3, w4, w5, w6, w7, w8, q2, ad, e, init,
      lo, hi;
  if (S == 1)
    __asm__ volatile(DWC_LOOP(DW_ROW1, "2") DWC_OPERANDS);
  else
    __asm__ volatile(DWC_LOOP(DW_ROW2, "4") DWC_OPERANDS);
}

/* Stride 1, four outputs per iteration: six input columns per row feed
 * accumulators a-d (A columns 0-2, B 1-3, C 2-4, D 3-5), so a row costs
 * 6 loads per 4 outputs instead of 8, and the loop's pointer steps and
 * branch are paid once per 4 outputs. 26 registers: the nine weights, the
 * four accumulators, six requantization values, five pointers, t and u. */
#define DW4_MA(acc, w) DW_MA(acc, w)
#define DW4_ROW(p, wa, wb, wc)                                          \
  DW_LD(p, "0") DW4_MA("a", wa)                                         \
  DW_LD(p, "1") DW4_MA("a", wb) DW4_MA("b", wa)                         \
  DW_LD(p, "2") DW4_MA("a", wc) DW4_MA("b", wb) DW4_MA("c", wa)         \
  DW_LD(p, "3") DW4_MA("b", wc) DW4_MA("c", wb) DW4_MA("d", wa)         \
  DW_LD(p, "4") DW4_MA("c", wc) DW4_MA("d", wb)                         \
  DW_LD(p, "5") DW4_MA("d", wc)
/* One pair (the stride-1 pair body of DW_LOOP, without its branch). */
#define DW4_PAIR                                                        \
  "mv %[a], %[init]\n\t"                                                \
  "mv %[b], %[init]\n\t"                                                \
  DW_ROW1("p0", "w0", "w1", "w2") DW_ROW1("p1", "w3", "w4", "w5")       \
  DW_ROW1("p2", "w6", "w7", "w8")                                       \
  DW_OUT("a", DW_STEP_CI) DW_OUT("b", DW_STEP_CI)                       \
  "addi %[p0], %[p0], 2*%[ci]\n\t"                                      \
  "addi %[p1], %[p1], 2*%[ci]\n\t"                                      \
  "addi %[p2], %[p2], 2*%[ci]\n\t"
/* io: as rv32_dw_chan's, plus at 20 a flag: one pair first. Then quads
 * up to io->oe. */
#define DW4_LOOP                                                        \
  "lw %[p0], 24(%[oe])\n\t"                                             \
  "lw %[p1], 28(%[oe])\n\t"                                             \
  "lw %[p2], 32(%[oe])\n\t"                                             \
  "lw %[o], 36(%[oe])\n\t"                                              \
  "lw %[t], 20(%[oe])\n\t"                                              \
  DW_LOAD_IO                                                            \
  "beqz %[t], 5f\n\t"                                                   \
  DW4_PAIR                                                              \
  "5:\n\t"                                                              \
  "beq %[o], %[oe], 6f\n"                                               \
  "1:\n\t"                                                              \
  "mv %[a], %[init]\n\t"                                                \
  "mv %[b], %[init]\n\t"                                                \
  "mv %[c], %[init]\n\t"                                                \
  "mv %[d], %[init]\n\t"                                                \
  DW4_ROW("p0", "w0", "w1", "w2") DW4_ROW("p1", "w3", "w4", "w5")       \
  DW4_ROW("p2", "w6", "w7", "w8")                                       \
  DW_OUT("a", DW_STEP_CI) DW_OUT("b", DW_STEP_CI)                       \
  DW_OUT("c", DW_STEP_CI) DW_OUT("d", DW_STEP_CI)                       \
  "addi %[p0], %[p0], 4*%[ci]\n\t"                                      \
  "addi %[p1], %[p1], 4*%[ci]\n\t"                                      \
  "addi %[p2], %[p2], 4*%[ci]\n\t"                                      \
  "bne %[o], %[oe], 1b\n"                                               \
  "6:\n\t"

/* The pointers come through io too (an asm takes at most 30 operands). */
typedef struct rv_dw4_io {
  rv_dw_io io;             /* 0-16 */
  int32_t pair;            /* 20: nonzero: one pair before the quads */
  const int8_t *r0, *r1, *r2; /* 24, 28, 32: the channel's first column */
  int8_t *out;             /* 36 */
} rv_dw4_io;

/* (io->io.oe - io->out) / CI outputs (even, >= 2) at stride 1: io->pair
 * pairs (0 or 1), then quads. CI as rv32_dw_chan's, 6 * CI < 2048. */
TC_ALWAYS_INLINE void rv32_dw_chan4(const rv_dw4_io *io, int32_t CI) {
  const void *iop = io;
  const int8_t *r0, *r1, *r2;
  int8_t *out;
  int32_t a, b, c, d, t, u, w0, w1, w2, w3, w4, w5, w6, w7, w8, q2, ad, e,
      init, lo, hi;
  __asm__ volatile(DW4_LOOP
      : [p0] "=&r"(r0), [p1] "=&r"(r1), [p2] "=&r"(r2), [o] "=&r"(out),
        [oe] "+r"(iop), [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c),
        [d] "=&r"(d), [t] "=&r"(t), [u] "=&r"(u), [w0] "=&r"(w0),
        [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [w4] "=&r"(w4),
        [w5] "=&r"(w5), [w6] "=&r"(w6), [w7] "=&r"(w7), [w8] "=&r"(w8),
        [q2] "=&r"(q2), [ad] "=&r"(ad), [e] "=&r"(e), [init] "=&r"(init),
        [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [ci] "n"(CI)
      : "memory");
}

/* A one-pass channel's setup from its rv_dw4_io (at register B, which
 * may be hi's own): the row pointers, the output, the clamps, the nine
 * weights and the requantization constants. */
#define DW_LOAD_PASS(B)                                                 \
  "lw %[p0], 24(%[" B "])\n\t"                                          \
  "lw %[p1], 28(%[" B "])\n\t"                                          \
  "lw %[p2], 32(%[" B "])\n\t"                                          \
  "lw %[o], 36(%[" B "])\n\t"                                           \
  "lw %[w8], 0(%[" B "])\n\t"                                           \
  "lw %[init], 4(%[" B "])\n\t"                                         \
  "lw %[lo], 8(%[" B "])\n\t"                                           \
  "lw %[hi], 12(%[" B "])\n\t"                                          \
  DW_LOAD_W9

/* Rows of exactly three outputs (the last layers of a MobileNet: 3x3
 * maps), stride 1 or 2, in one pass: 5 (stride 1) or 7 (stride 2) columns
 * a row, instead of two overlapping pairs with their weights loaded
 * twice. io as rv32_dw_chan4's (pair unused, io.oe unused). */
#define DW3_ROW1(p, wa, wb, wc)                                         \
  DW_LD(p, "0") DW_MA("a", wa)                                          \
  DW_LD(p, "1") DW_MA("a", wb) DW_MA("b", wa)                           \
  DW_LD(p, "2") DW_MA("a", wc) DW_MA("b", wb) DW_MA("c", wa)            \
  DW_LD(p, "3") DW_MA("b", wc) DW_MA("c", wb)                           \
  DW_LD(p, "4") DW_MA("c", wc)
#define DW3_ROW2(p, wa, wb, wc)                                         \
  DW_LD(p, "0") DW_MA("a", wa)                                          \
  DW_LD(p, "1") DW_MA("a", wb)                                          \
  DW_LD(p, "2") DW_MA("a", wc) DW_MA("b", wa)                           \
  DW_LD(p, "3") DW_MA("b", wb)                                          \
  DW_LD(p, "4") DW_MA("b", wc) DW_MA("c", wa)                           \
  DW_LD(p, "5") DW_MA("c", wb)                                          \
  DW_LD(p, "6") DW_MA("c", wc)
#define DW3_BODY(ROW)                                                   \
  DW_LOAD_PASS("io")                                                    \
  "mv %[a], %[init]\n\t"                                                \
  "mv %[b], %[init]\n\t"                                                \
  "mv %[c], %[init]\n\t"                                                \
  ROW("p0", "w0", "w1", "w2") ROW("p1", "w3", "w4", "w5")               \
  ROW("p2", "w6", "w7", "w8")                                           \
  DW_OUT("a", DW_STEP_CI) DW_OUT("b", DW_STEP_CI) DW_OUT("c", DW_STEP_CI)

/* Three outputs of one channel; S 1 or 2, 6 * CI < 2048. */
TC_ALWAYS_INLINE void rv32_dw_chan3(const rv_dw4_io *io, int32_t CI,
                                    int32_t S) {
  const void *iop = io;
  const int8_t *r0, *r1, *r2;
  int8_t *out;
  int32_t a, b, c, t, u, w0, w1, w2, w3, w4, w5, w6, w7, w8, q2, ad, e,
      init, lo, hi;
#define DW3_OPERANDS                                                    \
  : [p0] "=&r"(r0), [p1] "=&r"(r1), [p2] "=&r"(r2), [o] "=&r"(out),     \
    [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [t] "=&r"(t),             \
    [u] "=&r"(u), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2),       \
    [w3] "=&r"(w3), [w4] "=&r"(w4), [w5] "=&r"(w5), [w6] "=&r"(w6),     \
    [w7] "=&r"(w7), [w8] "=&r"(w8), [q2] "=&r"(q2), [ad] "=&r"(ad),     \
    [e] "=&r"(e), [init] "=&r"(init), [lo] "=&r"(lo), [hi] "=&r"(hi)    \
  : [io] "r"(iop), [ci] "n"(CI)                                         \
  : "memory"
  if (S == 1)
    __asm__ volatile(DW3_BODY(DW3_ROW1) DW3_OPERANDS);
  else
    __asm__ volatile(DW3_BODY(DW3_ROW2) DW3_OPERANDS);
#undef DW3_OPERANDS
}

/* Rows of exactly six outputs at stride 1 (the 6x6 maps of a MobileNet's
 * middle): one pass, 8 columns a row feeding six accumulators (the first
 * columns 0-2 ... the sixth 5-7): 24 loads and 54 multiply-adds for 6
 * outputs, where a pair then a quad load 30 and pay two loop entries. io
 * as rv32_dw_chan4's (pair and io.oe unused). */
#define DW6_ROW(p, wa, wb, wc)                                          \
  DW_LD(p, "0") DW_MA("a", wa)                                          \
  DW_LD(p, "1") DW_MA("a", wb) DW_MA("b", wa)                           \
  DW_LD(p, "2") DW_MA("a", wc) DW_MA("b", wb) DW_MA("c", wa)            \
  DW_LD(p, "3") DW_MA("b", wc) DW_MA("c", wb) DW_MA("d", wa)            \
  DW_LD(p, "4") DW_MA("c", wc) DW_MA("d", wb) DW_MA("f", wa)            \
  DW_LD(p, "5") DW_MA("d", wc) DW_MA("f", wb) DW_MA("init", wa)         \
  DW_LD(p, "6") DW_MA("f", wc) DW_MA("init", wb)                        \
  DW_LD(p, "7") DW_MA("init", wc)

/* Six outputs of one channel; 8 * CI < 2048. 26 registers: init is the
 * sixth accumulator once copied, and io's register ends as hi. */
TC_ALWAYS_INLINE void rv32_dw_chan6(const rv_dw4_io *io, int32_t CI) {
  const void *iop = io;
  const int8_t *r0, *r1, *r2;
  int8_t *out;
  int32_t a, b, c, d, f, t, u, w0, w1, w2, w3, w4, w5, w6, w7, w8, q2, ad,
      e, init, lo;
  __asm__ volatile(
      DW_LOAD_PASS("hi")
      "mv %[a], %[init]\n\t"
      "mv %[b], %[init]\n\t"
      "mv %[c], %[init]\n\t"
      "mv %[d], %[init]\n\t"
      "mv %[f], %[init]\n\t"
      DW6_ROW("p0", "w0", "w1", "w2") DW6_ROW("p1", "w3", "w4", "w5")
      DW6_ROW("p2", "w6", "w7", "w8")
      DW_OUT("a", DW_STEP_CI) DW_OUT("b", DW_STEP_CI) DW_OUT("c", DW_STEP_CI)
      DW_OUT("d", DW_STEP_CI) DW_OUT("f", DW_STEP_CI)
      DW_OUT("init", DW_STEP_CI)
      : [p0] "=&r"(r0), [p1] "=&r"(r1), [p2] "=&r"(r2), [o] "=&r"(out),
        [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d),
        [f] "=&r"(f), [t] "=&r"(t), [u] "=&r"(u), [w0] "=&r"(w0),
        [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [w4] "=&r"(w4),
        [w5] "=&r"(w5), [w6] "=&r"(w6), [w7] "=&r"(w7), [w8] "=&r"(w8),
        [q2] "=&r"(q2), [ad] "=&r"(ad), [e] "=&r"(e), [init] "=&r"(init),
        [lo] "=&r"(lo), [hi] "+r"(iop)
      : [ci] "n"(CI)
      : "memory");
}

#else
#define TC_RV32_DW 0
#endif

#endif
