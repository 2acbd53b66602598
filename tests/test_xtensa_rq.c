/* The Xtensa requantization (src/kernels/xtensa_rq.h: tc_xt_rq's short
 * form below 2^16, its four-product form above, the early lower and upper
 * clamps, and the C paths it hands over) against tc_mul_by_qm + clamp,
 * TFLite's definition, over accumulators that sweep every region: around
 * 0, around 2^16 (where the forms meet), up to 2^30, on random channels.
 * Built for lx106 and run under QEMU by tests/kernels_opt_xtensa.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kernels/xtensa_rq.h"

#if TC_XT_CONV
static uint32_t rng = 777u;
static uint32_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}
static int32_t rr(int32_t lo, int32_t hi) {
  return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

#define NCH 8
#define NACC 96

int main(void) {
  int32_t mult[NCH], shift[NCH], bias[NCH], acc[NACC * NCH];
  int8_t out[NACC * NCH];
  xt_ch ch[NCH];
  long checks = 0, fails = 0, in_asm = 0;
  int t, i, c;
  for (t = 0; t < 400; t++) {
    tc_conv_job j;
    memset(&j, 0, sizeof j);
    j.out_c = NCH;
    j.out_offset = rr(-128, 127);
    j.act_lo = t % 4 ? j.out_offset : rr(-128, 127); /* mostly lo = zp */
    if (j.act_lo < j.out_offset && t % 8) j.act_lo = j.out_offset;
    j.act_hi = t % 3 ? 127 : rr(j.act_lo, 127);
    for (c = 0; c < NCH; c++) {
      mult[c] = rr(1 << 30, 0x7fffffff);
      shift[c] = -rr(0, 18); /* e up to 18: some beyond the short form */
      if (rnd() % 16 == 0) shift[c] = 1; /* the slow path */
      bias[c] = rr(-100000, 100000);
    }
    j.mult = mult;
    j.shift = shift;
    j.bias = bias;
    xt_channels(&j, ch);
    for (i = 0; i < NACC; i++)
      for (c = 0; c < NCH; c++) {
        int32_t a;
        switch (i % 6) {
          case 0: a = rr(-300, 300); break;
          case 1: a = 65536 + rr(-400, 400); break;
          case 2: a = rr(0, 1 << 17); break;
          case 3: a = rr(-(1 << 20), 1 << 20); break;
          case 4: a = rr(0, 1 << 29); break;
          default: a = (int32_t)(rnd() >> 2) - (1 << 29); break;
        }
        acc[i * NCH + c] = a - bias[c]; /* the sums; the bias comes on top */
      }
    memset(out, 0x55, sizeof out);
    for (c = 0; c < NCH; c++) {
      in_asm += xt_rq_asm(&j, &ch[c]);
      xt_rq_chan(&j, &ch[c], c, acc + c, NCH, NACC, out + c, NCH);
    }
    for (i = 0; i < NACC * NCH; i++) {
      const int32_t a = acc[i] + bias[i % NCH];
      int32_t v = tc_mul_by_qm(a, mult[i % NCH], (int)shift[i % NCH]) + j.out_offset;
      if (v < j.act_lo) v = j.act_lo;
      if (v > j.act_hi) v = j.act_hi;
      checks++;
      if (out[i] != (int8_t)v) {
        if (fails++ < 10)
          printf("FAIL acc %ld mult %ld shift %ld zp %d clamp [%d,%d]: %d, "
                 "expected %d\n", (long)a, (long)mult[i % NCH],
                 (long)shift[i % NCH], (int)j.out_offset, (int)j.act_lo,
                 (int)j.act_hi, out[i], (int)v);
      }
    }
  }
  printf("xtensa_rq: %ld outputs (%ld channels in assembly), %ld wrong\n",
         checks, in_asm, fails);
  return fails || in_asm < 1000 ? 1 : 0;
}
#else
int main(void) {
  printf("xtensa_rq: not an Xtensa -O2 build\n");
  return 1;
}
#endif
