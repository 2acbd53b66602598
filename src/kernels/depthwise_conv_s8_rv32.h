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
#define DW_OUT(acc)                                                     \
  "mulhsu %[u], %[" acc "], %[q2]\n\t"                                  \
  "mul %[" acc "], %[" acc "], %[q2]\n\t"                               \
  "srli %[" acc "], %[" acc "], 31\n\t"                                 \
  "add %[u], %[u], %[" acc "]\n\t"                                      \
  "add %[u], %[u], %[ad]\n\t"                                           \
  "sra %[u], %[u], %[e]\n\t"                                            \
  "bge %[u], %[lo], 2f\n\t"                                             \
  "mv %[u], %[lo]\n"                                                    \
  "2:\n\t"                                                              \
  "bge %[hi], %[u], 3f\n\t"                                             \
  "mv %[u], %[hi]\n"                                                    \
  "3:\n\t"                                                              \
  "sb %[u], 0(%[o])\n\t"                                                \
  "add %[o], %[o], %[os]\n\t"

#define DW_LOOP(ROW, S2)                                                    \
  "1:\n\t"                                                              \
  "mv %[a], %[init]\n\t"                                                \
  "mv %[b], %[init]\n\t"                                                \
  ROW("p0", "w0", "w1", "w2") ROW("p1", "w3", "w4", "w5")               \
  ROW("p2", "w6", "w7", "w8")                                           \
  DW_OUT("a") DW_OUT("b")                                               \
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
    __asm__ volatile(DW_LOOP(DW_ROW1, "2") DW_OPERANDS);
  else
    __asm__ volatile(DW_LOOP(DW_ROW2, "4") DW_OPERANDS);
}

#else
#define TC_RV32_DW 0
#endif

#endif
