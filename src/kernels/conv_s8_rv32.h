/* The 4x4 block of conv_s8_opt.c written out for rv32imc (included only
 * there). Why assembly: the block needs 16 accumulators, 6 temporaries and
 * 3 pointers live at once, 25 of the 28 allocatable registers; GCC spills
 * several accumulators in the inner loop and cannot take more than 30 asm
 * operands, so the accumulators live in fixed registers (clobbered) and the
 * requantization runs before they are released.
 *
 * Register use: accumulator (pixel i, channel j) = A_ij below; t0-t3 hold
 * the four patch values, t4 the weight, t5 the product. After the loop the
 * pointers and temporaries hold the requantization constants.
 *
 * Requantization: the fast relu form of opt_common.h (tc_rq_relu) and the
 * clamp, exactly, for lo = zp (conv_s8_opt.c's relu on rv32); a sum <= 0
 * stores lo without it. */
#ifndef TC_CONV_S8_RV32_H
#define TC_CONV_S8_RV32_H

#if defined(__riscv) && defined(__riscv_mul) && defined(__GNUC__) && \
    __riscv_xlen == 32 && !defined(__clang__)
#define TC_RV32_TILE 1

/* What the epilogue reads: offsets 0, 4, 8, 12, 16, 20, 24 (and the
 * window block's row loop 28). */
typedef struct rv_tile_io {
  const tc_rq *rq; /* 4 channels: init 0, q2 4, add 8, e 12; 16 bytes each */
  int8_t *out;     /* pixel 0, channel 0 */
  int32_t os, lo, hi;
  int32_t *acc;    /* non-NULL: store the accumulators there instead */
  int32_t pool;    /* nonzero: out[j] = channel j's largest of the 4
                      pixels (a 2x2 max pool; requantization is monotone) */
  int32_t rs;      /* 28: rv32_tile44_win's input row stride */
} rv_tile_io;

#define RV_MAC4(w, r0, r1, r2, r3)                         \
  "mul t5, t0, " w "\n\tadd " r0 ", " r0 ", t5\n\t"        \
  "mul t5, t1, " w "\n\tadd " r1 ", " r1 ", t5\n\t"        \
  "mul t5, t2, " w "\n\tadd " r2 ", " r2 ", t5\n\t"        \
  "mul t5, t3, " w "\n\tadd " r3 ", " r3 ", t5\n\t"
/* The 4 channels' weights of step d (rows K apart) times t0-t3. */
#define RV_W4(d)                                           \
  "lb t4, " d "(%[wp])\n\t" RV_MAC4("t4", "s0", "s4", "s8", "a4") \
  "lb t4, %[k]+" d "(%[wp])\n\t" RV_MAC4("t4", "s1", "s5", "s9", "a5") \
  "lb t4, %[k2]+" d "(%[wp])\n\t" RV_MAC4("t4", "s2", "s6", "s10", "a6") \
  "lb t4, %[k3]+" d "(%[wp])\n\t" RV_MAC4("t4", "s3", "s7", "s11", "a7")
#define RV_STEP(d)                                         \
  "lb t0, " d "(%[xp])\n\t"                                \
  "lb t1, %[k]+" d "(%[xp])\n\t"                           \
  "lb t2, %[k2]+" d "(%[xp])\n\t"                          \
  "lb t3, %[k3]+" d "(%[xp])\n\t" RV_W4(d)
/* One output: LO = xe, HI = wp, OS = xp, q2 t0, add t1, e t2, ptr t3. */
/* A sum <= 0 requantizes to <= zp, which the relu clamp (lo = zp)
 * raises to lo: stored at once (RELU outputs are mostly such); any other
 * sum requantizes to >= zp = lo, so only the upper clamp is tested. The
 * shift is logical and zp (= lo) is added after it (opt_common.h
 * TC_RQ_ZP_AFTER: exact for any bias and shifts up to 30). */
#define RV_OUT(a)                                          \
  "blez " a ", 8f\n\t"                                     \
  "mulhsu t4, " a ", t0\n\t"                               \
  "mul " a ", " a ", t0\n\t"                               \
  "srli " a ", " a ", 31\n\t"                              \
  "add t4, t4, " a "\n\t"                                  \
  "add t4, t4, t1\n\t"                                     \
  "srl t4, t4, t2\n\t"                                     \
  "add t4, t4, %[xe]\n\t"                                  \
  "bge %[wp], t4, 3f\n\t"                                  \
  "mv t4, %[wp]\n"                                         \
  "3:\n\t"                                                 \
  "sb t4, 0(t3)\n\t"                                       \
  "j 9f\n"                                                  \
  "8:\n\t"                                                 \
  "sb %[xe], 0(t3)\n"                                       \
  "9:\n\t"                                                 \
  "add t3, t3, %[xp]\n\t"
#define RV_CHAN(a0, a1, a2, a3)                            \
  "lw t0, 4(%[p])\n\t"                                     \
  "lw t1, 8(%[p])\n\t"                                     \
  "lw t2, 12(%[p])\n\t"                                    \
  "addi %[p], %[p], 16\n\t"                                \
  "mv t3, t5\n\t" RV_OUT(a0) RV_OUT(a1) RV_OUT(a2) RV_OUT(a3) \
  "addi t5, t5, 1\n\t"

/* The pooled epilogue of one channel: the largest of its four pixels'
 * accumulators, requantized once. */
#define RV_MAX(a, b) "bge " a ", " b ", 7f\n\tmv " a ", " b "\n7:\n\t"
#define RV_CHANP(a0, a1, a2, a3)                           \
  "lw t0, 4(%[p])\n\t"                                     \
  "lw t1, 8(%[p])\n\t"                                     \
  "lw t2, 12(%[p])\n\t"                                    \
  "addi %[p], %[p], 16\n\t"                                \
  RV_MAX(a0, a1) RV_MAX(a0, a2) RV_MAX(a0, a3)             \
  "mv t3, t5\n\t" RV_OUT(a0)                              \
  "addi t5, t5, 1\n\t"

/* The 16 accumulators from the 4 channels' init (io->rq). */
#define RV_TILE_INIT                                       \
  "lw t0, 0(%[p])\n\t"                                     \
  "lw s0, 0(t0)\n\t"                                       \
  "lw s1, 16(t0)\n\t"                                      \
  "lw s2, 32(t0)\n\t"                                      \
  "lw s3, 48(t0)\n\t"                                      \
  "mv s4, s0\n\tmv s5, s1\n\tmv s6, s2\n\tmv s7, s3\n\t"  \
  "mv s8, s0\n\tmv s9, s1\n\tmv s10, s2\n\tmv s11, s3\n\t" \
  "mv a4, s0\n\tmv a5, s1\n\tmv a6, s2\n\tmv a7, s3\n"

/* After the k loop: store the accumulators (io->acc, then to 5f), or
 * load LO, HI, OS and the pointers from io into %[xe], %[wp], %[xp], t5
 * and %[p] and fall through to the requantization; t0 = io->pool. */
#define RV_TILE_ACC                                        \
  "lw t0, 20(%[p])\n\t"                                    \
  "beqz t0, 4f\n\t"                                        \
  "sw s0, 0(t0)\n\tsw s1, 4(t0)\n\tsw s2, 8(t0)\n\tsw s3, 12(t0)\n\t" \
  "sw s4, 16(t0)\n\tsw s5, 20(t0)\n\tsw s6, 24(t0)\n\tsw s7, 28(t0)\n\t" \
  "sw s8, 32(t0)\n\tsw s9, 36(t0)\n\tsw s10, 40(t0)\n\t"   \
  "sw s11, 44(t0)\n\tsw a4, 48(t0)\n\tsw a5, 52(t0)\n\t"   \
  "sw a6, 56(t0)\n\tsw a7, 60(t0)\n\t"                     \
  "j 5f\n"                                                 \
  "4:\n\t"                                                 \
  "lw t0, 24(%[p])\n\t"                                    \
  "lw %[xe], 12(%[p])\n\t"                                 \
  "lw %[wp], 16(%[p])\n\t"                                 \
  "lw %[xp], 8(%[p])\n\t"                                  \
  "lw t5, 4(%[p])\n\t"                                     \
  "lw %[p], 0(%[p])\n\t"
#define RV_TILE_RQ                                         \
  RV_CHAN("s0", "s4", "s8", "a4")                          \
  RV_CHAN("s1", "s5", "s9", "a5")                          \
  RV_CHAN("s2", "s6", "s10", "a6")                         \
  RV_CHAN("s3", "s7", "s11", "a7")
/* The whole epilogue: stored, requantized, or (io->pool) pooled. */
#define RV_TILE_END                                        \
  RV_TILE_ACC                                              \
  "bnez t0, 6f\n\t"                                        \
  RV_TILE_RQ                                               \
  "j 5f\n"                                                 \
  "6:\n\t"                                                 \
  RV_CHANP("s0", "s4", "s8", "a4")                         \
  RV_CHANP("s1", "s5", "s9", "a5")                         \
  RV_CHANP("s2", "s6", "s10", "a6")                        \
  RV_CHANP("s3", "s7", "s11", "a7")

/* K: a compile-time constant >= 4 with 3K + 3 < 2048 (immediate
 * offsets); the loop runs K / 4 times, then K % 4 single steps (a 3x3
 * kernel on one input channel, K = 9, need not be padded to 12). */
TC_ALWAYS_INLINE void rv32_tile44(const int8_t *x, const int8_t *w, int32_t K,
                                  const rv_tile_io *io) {
  const int8_t *xe = x + (K & ~3);
  const void *p = io;
  __asm__ volatile(
      RV_TILE_INIT
      "1:\n\t" RV_STEP("0") RV_STEP("1") RV_STEP("2") RV_STEP("3")
      "addi %[xp], %[xp], 4\n\t"
      "addi %[wp], %[wp], 4\n\t"
      "bne %[xp], %[xe], 1b\n\t"
      /* K % 4 last steps (assembler conditionals on the constant K) */
      ".if (%[k] & 3) >= 1\n\t" RV_STEP("0") ".endif\n\t"
      ".if (%[k] & 3) >= 2\n\t" RV_STEP("1") ".endif\n\t"
      ".if (%[k] & 3) >= 3\n\t" RV_STEP("2") ".endif\n\t"
      RV_TILE_END
      "5:\n"
      : [xp] "+r"(x), [wp] "+r"(w), [xe] "+r"(xe), [p] "+r"(p)
      : [k] "n"(K), [k2] "n"(2 * K), [k3] "n"(3 * K)
      : "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
        "s10", "s11", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4",
        "t5");
}

/* The same block reading its 4 patches straight from the input instead
 * of from im2col copies: the 4 output pixels are neighbours in one row,
 * their 3x3 windows inside the input (an image's first layer: 1 or 3
 * channels, where the copies cost more than a third of the layer).
 * Patch i's window row r is RUN = 3 * C bytes at x + r * rs + i * P (P =
 * stride * C); the weights are rows of K = 3 * RUN at w, as for
 * rv32_tile44. A window row's RUN steps are written out and looped over
 * the 3 rows (io->rs; the loop ends when wp reaches w + K, in xe), ~5
 * instructions a row: a copy per row would cost 3 KB of code a leaf for
 * ~0.1% of the layer. */
#define RV_WSTEP(d)                                        \
  "lb t0, " d "(%[xp])\n\t"                                \
  "lb t1, %[px]+" d "(%[xp])\n\t"                          \
  "lb t2, %[px2]+" d "(%[xp])\n\t"                         \
  "lb t3, %[px3]+" d "(%[xp])\n\t" RV_W4(d)
/* One window row: 3 values (one channel) or 9 (three). */
#define RV_WROW3 RV_WSTEP("0") RV_WSTEP("1") RV_WSTEP("2")
#define RV_WROW9                                           \
  RV_WROW3 RV_WSTEP("3") RV_WSTEP("4") RV_WSTEP("5")       \
  RV_WSTEP("6") RV_WSTEP("7") RV_WSTEP("8")
#define RV_WIN_ASM(ROW, RUN)                                            \
  __asm__ volatile(                                                     \
      RV_TILE_INIT                                                      \
      "1:\n\t" ROW                                                      \
      "lw t0, 28(%[p])\n\t"                                             \
      "addi %[wp], %[wp], " RUN "\n\t"                                  \
      "add %[xp], %[xp], t0\n\t"                                        \
      "bne %[wp], %[xe], 1b\n\t"                                        \
      RV_TILE_ACC RV_TILE_RQ /* never pooled */                         \
      "5:\n"                                                            \
      : [xp] "+r"(x), [wp] "+r"(w), [xe] "+r"(we), [p] "+r"(p)          \
      : [k] "n"(K), [k2] "n"(2 * K), [k3] "n"(3 * K), [px] "n"(P),      \
        [px2] "n"(2 * P), [px3] "n"(3 * P)                              \
      : "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8",  \
        "s9", "s10", "s11", "a4", "a5", "a6", "a7", "t0", "t1", "t2",    \
        "t3", "t4", "t5")

/* K (9 or 27) and P compile-time constants; io->rs the input's row
 * stride; io->pool 0. */
TC_ALWAYS_INLINE void rv32_tile44_win(const int8_t *x, const int8_t *w,
                                      int32_t K, int32_t P,
                                      const rv_tile_io *io) {
  const void *p = io;
  const int8_t *we = w + K; /* the weights' end: after the third row */
  if (K == 9)
    RV_WIN_ASM(RV_WROW3, "3");
  else
    RV_WIN_ASM(RV_WROW9, "9");
}

#else
#define TC_RV32_TILE 0
#endif

#endif
