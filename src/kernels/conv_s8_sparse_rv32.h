/* A zero-skipping block for conv_s8_opt.c on rv32imc (included only
 * there): one patch x 16 output channels.
 *
 * Why: a layer after RELU/RELU6 leaves 30-90% of its outputs at the zero
 * point (measured on person_detect, vww_96_int8, seednet_s8), and such an
 * input value contributes (zp - zp) * w = 0 to every output channel. The
 * ISA has no multiply-accumulate, so the dense 4x4 block pays 2.5
 * instructions per MAC whatever the data; this block tests each input
 * value once and, when it is not the zero point, does its 16 channels at 3
 * instructions per MAC. conv_s8_opt.c counts the nonzero values of each
 * group of patches and picks the cheaper block, so a dense input never
 * runs slower than before by more than the count.
 *
 * The accumulators start at the bias and add (x - zp) * w, the reference's
 * own formula; modulo 2^32 they end where the dense block's
 * bias + off * sum(w) + sum(x * w) ends, so the requantization (the fast
 * relu form of opt_common.h, or tc_mul_by_qm through io->acc) is shared.
 *
 * Registers: accumulators s0-s11, a4-a7 (channel order); t0 the input
 * value, t1/t5 the weight bases of channels 0-7 / 8-15 (moved on with x),
 * t2 the weight and product. The weight of channel j for input k is at x + delta + k + j*K
 * (delta = w - x), reached by immediate offsets when 15K + 7 < 2048, else
 * from two bases. */
#ifndef TC_CONV_S8_SPARSE_RV32_H
#define TC_CONV_S8_SPARSE_RV32_H

#if TC_RV32_TILE

/* What the block reads: offsets 0, 4, 8, 12, 16, 20. */
typedef struct rv_sparse_io {
  const int32_t *bias; /* the 16 channels' biases */
  const tc_rq *rq;     /* 16 channels: q2 at 4, add 8, e 12; 16 bytes each */
  int8_t *out;         /* channel 0 of this patch's pixel */
  int32_t lo, hi;
  int32_t *acc;        /* non-NULL: store the accumulators there too */
} rv_sparse_io;

#define RV_SMAC(off, base, a) \
  "lb t2, " off "(" base ")\n\tmul t2, t2, t0\n\tadd " a ", " a ", t2\n\t"
#define RV_SMAC8(d, base, add, a0, a1, a2, a3, a4, a5, a6, a7) \
  RV_SMAC(d "+(0" add ")*%[k]", base, a0)                         \
  RV_SMAC(d "+(1" add ")*%[k]", base, a1)                         \
  RV_SMAC(d "+(2" add ")*%[k]", base, a2)                         \
  RV_SMAC(d "+(3" add ")*%[k]", base, a3)                         \
  RV_SMAC(d "+(4" add ")*%[k]", base, a4)                         \
  RV_SMAC(d "+(5" add ")*%[k]", base, a5)                         \
  RV_SMAC(d "+(6" add ")*%[k]", base, a6)                         \
  RV_SMAC(d "+(7" add ")*%[k]", base, a7)
/* One input value: skipped when it is the zero point. Small K: every
 * channel from t1 = x + delta; large K: channels 8-15 from t5 = t1 + 8K.
 * Both move on with x, once per loop turn (not per nonzero value). */
#define RV_SSTEP(d, hbase, hadd)                                         \
  "lb t0, " d "(%[xp])\n\t"                                              \
  "beq t0, %[zp], 2f\n\t"                                                \
  "sub t0, t0, %[zp]\n\t"                                                \
  RV_SMAC8(d, "t1", "", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7")  \
  RV_SMAC8(d, hbase, hadd, "s8", "s9", "s10", "s11", "a4", "a5", "a6",   \
           "a7")                                                         \
  "2:\n\t"
#define RV_SSMALL(d) RV_SSTEP(d, "t1", "+8")
#define RV_SBIG(d) RV_SSTEP(d, "t5", "")
/* The loop over K: eight values a turn, then the last four when K % 8
 * is 4 (STEP: RV_SSMALL or RV_SBIG; MOVE: the bases' steps). */
#define RV_SLOOP(STEP, MOVE)                                            \
  "1:\n\t" STEP("0") STEP("1") STEP("2") STEP("3")                      \
  STEP("4") STEP("5") STEP("6") STEP("7")                               \
  "addi %[xp], %[xp], 8\n\t" MOVE                                       \
  "bne %[xp], %[xe], 1b\n\t"                                            \
  ".if %[k] & 4\n\t" STEP("0") STEP("1") STEP("2") STEP("3")            \
  ".endif\n\t"
/* A sum <= 0 stores lo (%[zp]) at once, any other one is >= lo (lo = zp):
 * only the upper clamp, as in conv_s8_rv32.h. */
#define RV_SOUT(a, j)                                                   \
  "blez " a ", 8f\n\t"                                                  \
  "lw t0, 16*" j "+4(%[dl])\n\t"                                        \
  "lw t1, 16*" j "+8(%[dl])\n\t"                                        \
  "lw t2, 16*" j "+12(%[dl])\n\t"                                       \
  "mulhsu t3, " a ", t0\n\t"                                            \
  "mul " a ", " a ", t0\n\t"                                            \
  "srli " a ", " a ", 31\n\t"                                           \
  "add t3, t3, " a "\n\t"                                               \
  "add t3, t3, t1\n\t"                                                  \
  "srl t3, t3, t2\n\t"                                                  \
  "add t3, t3, %[zp]\n\t"                                               \
  "bge %[xe], t3, 3f\n\t"                                               \
  "mv t3, %[xe]\n"                                                      \
  "3:\n\t"                                                              \
  "sb t3, " j "(%[xp])\n\t"                                              \
  "j 9f\n"                                                               \
  "8:\n\t"                                                              \
  "sb %[zp], " j "(%[xp])\n"                                             \
  "9:\n\t"

/* x: one patch of K values (K a compile-time constant, a multiple of 4,
 * >= 8), w: the 16 channels' weight rows at stride K, zp: the input zero
 * point. Eight values per loop turn. */
TC_ALWAYS_INLINE void rv32_sparse16(const int8_t *x, const int8_t *w,
                                    int32_t K, int32_t zp,
                                    const rv_sparse_io *io) {
  const int8_t *xe = x + (K & ~7);
  int32_t dl = (int32_t)(w - x);
  const void *p = io;
  __asm__ volatile(
      "lw t0, 0(%[p])\n\t"
      "lw s0, 0(t0)\n\tlw s1, 4(t0)\n\tlw s2, 8(t0)\n\tlw s3, 12(t0)\n\t"
      "lw s4, 16(t0)\n\tlw s5, 20(t0)\n\tlw s6, 24(t0)\n\tlw s7, 28(t0)\n\t"
      "lw s8, 32(t0)\n\tlw s9, 36(t0)\n\tlw s10, 40(t0)\n\t"
      "lw s11, 44(t0)\n\tlw a4, 48(t0)\n\tlw a5, 52(t0)\n\t"
      "lw a6, 56(t0)\n\tlw a7, 60(t0)\n\t"
      "add t1, %[xp], %[dl]\n\t"
      ".if 15 * %[k] + 7 < 2048\n\t"
      RV_SLOOP(RV_SSMALL, "addi t1, t1, 8\n\t")
      ".else\n\t"
      "li t5, 8 * %[k]\n\t"
      "add t5, t5, t1\n\t"
      RV_SLOOP(RV_SBIG, "addi t1, t1, 8\n\taddi t5, t5, 8\n\t")
      ".endif\n\t"
      "lw t3, 20(%[p])\n\t"
      "beqz t3, 4f\n\t"
      "sw s0, 0(t3)\n\tsw s1, 4(t3)\n\tsw s2, 8(t3)\n\tsw s3, 12(t3)\n\t"
      "sw s4, 16(t3)\n\tsw s5, 20(t3)\n\tsw s6, 24(t3)\n\tsw s7, 28(t3)\n\t"
      "sw s8, 32(t3)\n\tsw s9, 36(t3)\n\tsw s10, 40(t3)\n\t"
      "sw s11, 44(t3)\n\tsw a4, 48(t3)\n\tsw a5, 52(t3)\n\t"
      "sw a6, 56(t3)\n\tsw a7, 60(t3)\n\t"
      "lw t3, 8(%[p])\n\t"
      "beqz t3, 5f\n"
      "4:\n\t"
      "lw %[dl], 4(%[p])\n\t"
      "lw %[xp], 8(%[p])\n\t"
      "lw %[zp], 12(%[p])\n\t"
      "lw %[xe], 16(%[p])\n\t"
      RV_SOUT("s0", "0") RV_SOUT("s1", "1") RV_SOUT("s2", "2")
      RV_SOUT("s3", "3") RV_SOUT("s4", "4") RV_SOUT("s5", "5")
      RV_SOUT("s6", "6") RV_SOUT("s7", "7") RV_SOUT("s8", "8")
      RV_SOUT("s9", "9") RV_SOUT("s10", "10") RV_SOUT("s11", "11")
      RV_SOUT("a4", "12") RV_SOUT("a5", "13") RV_SOUT("a6", "14")
      RV_SOUT("a7", "15")
      "5:\n"
      : [xp] "+r"(x), [xe] "+r"(xe), [zp] "+r"(zp), [dl] "+r"(dl),
        [p] "+r"(p)
      : [k] "n"(K)
      : "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
        "s10", "s11", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4",
        "t5");
}

#endif
#endif
