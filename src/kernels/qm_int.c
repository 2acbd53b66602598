/* tc_quantize_multiplier_f: the per-channel multiplier of a convolution,
 * tc_quantize_multiplier((double)a * (double)b / (double)c), computed with
 * 32-bit integer operations only (a few hundred instructions less than
 * soft-float double on a core without an FPU, so it can run at every
 * invoke instead of taking 8 bytes of arena per channel).
 *
 * Why the bytes are identical. For positive finite floats a = ma 2^ea,
 * b = mb 2^eb, c = mc 2^ec with 24-bit integer significands:
 *  - (double)a * (double)b = ma mb 2^(ea+eb) is exact (48 <= 53 bits);
 *  - dividing by c gives x = (ma mb / mc) 2^E, E = ea + eb - ec, rounded
 *    to nearest-even at 53 bits; |E| <= 450 keeps it a normal double, so
 *    the rounding is exactly that of the 53-bit significand. Here
 *    Q = floor(ma mb 2^32 / mc) has 55..57 bits (ma mb / mc lies in
 *    (2^22, 2^25)); its low d = L - 53 bits plus the remainder (sticky)
 *    decide the round-to-nearest-even, giving Qh in [2^52, 2^53] and
 *    x = Qh 2^(d - 32 + E);
 *  - frexp then yields m = Qh / 2^53 and shift = 53 + d - 32 + E, and
 *    round(m 2^31) (half away from zero, m > 0) = (Qh + 2^21) >> 22;
 *  - the 2^31 carry, the flush below 2^-31 and the saturation above 2^30
 *    are tc_quantize_multiplier's.
 * Zero, negative, infinite and NaN inputs take tc_quantize_multiplier
 * itself. Which way an exact tie at 53 bits goes never shows: it can
 * only matter when the 22 bits below the kept 31 are 2^21 - 1, an odd
 * number, which rounds up under either rule. tests/test_qm_int.c compares
 * the two on millions of inputs. */
#include <string.h>

#include "kernel.h"

/* f = *m 2^*e with *m in [2^23, 2^24); 0 when f is not positive finite. */
static int decompose(float f, uint32_t *m, int32_t *e) {
  uint32_t bits, ex;
  memcpy(&bits, &f, sizeof bits);
  ex = (bits >> 23) & 0xffu;
  if ((bits >> 31) || ex == 0xffu || (bits & 0x7fffffffu) == 0) return 0;
  *m = bits & 0x7fffffu;
  if (ex == 0) { /* subnormal: normalize */
    *e = -149;
    while (*m < (1u << 23)) {
      *m <<= 1;
      --*e;
    }
  } else {
    *m |= 1u << 23;
    *e = (int32_t)ex - 150;
  }
  return 1;
}

/* floor((xh 2^32 + xl) / mc) for mc in [2^23, 2^24), xh < mc (so the
 * quotient fits 32 bits), with the remainder in *rem. Why not a loop of
 * divisions: this runs for every channel of every layer at each invoke,
 * and multiplying by the reciprocal inv (from tc_qm_begin) costs a few
 * multiplies where byte-wise long division costs ten divide/remainder
 * pairs. The estimate undershoots by at most 3 (inv is at most 1 below
 * 2^55 / mc and x < 2^56; the dropped low product word adds < 1), so
 * x - q mc lies in [0, 4 mc) and its low word is the exact remainder. */
static uint32_t qm_div(uint32_t xh, uint32_t xl, uint32_t mc, uint32_t inv,
                       uint32_t *rem) {
  uint64_t t = (uint64_t)xh * inv + (uint32_t)(((uint64_t)xl * inv) >> 32);
  uint32_t q = (uint32_t)(t >> 23), r = xl - q * mc;
  while (r >= mc) {
    r -= mc;
    q++;
  }
  *rem = r;
  return q;
}

/* f <= 2^31 rounded at 31 bits, sh its shift: the 2^31 carry, the flush
 * below 2^-31 and the saturation above 2^30 of tc_quantize_multiplier. */
static void qm_finish(uint32_t f, int32_t sh, int32_t *q, int32_t *shift) {
  if (f == 1u << 31) {
    f >>= 1;
    sh++;
  }
  if (sh < -31) {
    sh = 0;
    f = 0;
  }
  if (sh > 30) {
    sh = 30;
    f = INT32_MAX;
  }
  *q = (int32_t)f;
  *shift = sh;
}

int tc_qm_begin(tc_qm_op *op, float a, float c) {
  uint32_t r;
  op->ok = decompose(a, &op->ma, &op->ea) && decompose(c, &op->mc, &op->ec);
  op->inv = op->ok ? (uint32_t)((((uint64_t)1 << 55) - 1) / op->mc) : 0;
  op->fh = op->fl = 0;
#ifdef __OPTIMIZE_SIZE__ /* no qm_fast */
  (void)r;
#else
  if (op->ok) { /* ma 2^31 = (ma >> 1) 2^32 + (ma & 1) 2^31, then 32 more */
    op->fh = qm_div(op->ma >> 1, (op->ma & 1u) << 31, op->mc, op->inv, &r);
    op->fl = qm_div(r, 0, op->mc, op->inv, &r);
  }
#endif
  op->a = a;
  op->c = c;
  return op->ok;
}

#ifndef __OPTIMIZE_SIZE__ /* the size build takes the exact path only */
/* The result of the exact path below for Q = floor(ma mb 2^32 / mc),
 * from Q alone (sticky or not): with d = bits(Q) - 53 and D = d + 22,
 * Qh = RNE(Q' / 2^d) and f = (Qh + 2^21) >> 22 make
 *   f = (Q >> D) + (Q mod 2^D >= 2^(D-1) - 2^(d-1))
 * (a tie at 53 bits rounds to the even 2^21 either way); Qh = 2^53 and
 * f = 2^31 both end as f = 2^30 with the shift one up. Here Q is only
 * known to lie in [v, v + 2]: v = 2 (mb fh + floor(mb fl / 2^32)) drops
 * less than 2 of the 88-bit mb (fh 2^32 + fl) / 2^31 and F's fraction
 * less than 2^24 / 2^31. When those three values of Q could disagree
 * (v even: c = cs - 2; or v's low word about to carry, which also catches
 * every mc dividing ma mb exactly, where v = Q - 2 ends at 2^32 - 2:
 * about 1 channel in 10^6 of random significands, more often for scales
 * that are powers of two apart), 0 and the exact path runs. Three
 * multiplies instead of two divisions: this runs for every channel of
 * every layer at each invoke. */
TC_ALWAYS_INLINE int qm_fast(const tc_qm_op *op, uint32_t mb, int32_t eb,
                             int32_t *q, int32_t *shift) {
  const uint64_t v =
      ((uint64_t)mb * op->fh + (uint32_t)(((uint64_t)mb * op->fl) >> 32))
      << 1;
  const uint32_t vh = (uint32_t)(v >> 32), vl = (uint32_t)v;
  uint32_t d, D, c, cs;
  /* d from the high word (Q has 55..57 bits): v and v + 2 agree on it
   * unless the low word is about to carry into it */
  d = vh >= (1u << 24) ? 4 : vh >= (1u << 23) ? 3 : 2;
  if (vl >= 0xfffffffeu) return 0;
  D = d + 22;
  c = vl & ((1u << D) - 1u);
  cs = (1u << (D - 1)) - (1u << (d - 1));
  if (c < cs && c + 2 >= cs) return 0;
  qm_finish((uint32_t)(v >> D) + (c >= cs),
            53 + (int32_t)d - 32 + op->ea + eb - op->ec, q, shift);
  return 1;
}
#endif

void tc_qm_channel(const tc_qm_op *op, float b, int32_t *q, int *shift) {
  uint32_t mb, q1, q2, r, low, half, d, nh, nl;
  int32_t eb, sh;
  uint64_t n, qq, qh;
  if (!op->ok || !decompose(b, &mb, &eb)) {
    tc_quantize_multiplier((double)op->a * (double)b / (double)op->c, q,
                           shift);
    return;
  }
#ifndef __OPTIMIZE_SIZE__
  if (qm_fast(op, mb, eb, q, &sh)) {
    *shift = (int)sh;
    return;
  }
#endif
  /* Q = floor(n 2^32 / mc) = q1 2^32 + q2 with remainder r: q1 = n / mc,
   * then the remainder's 32 more bits. */
  n = (uint64_t)op->ma * mb;
  nh = (uint32_t)(n >> 32); /* 16 bits */
  nl = (uint32_t)n;
  q1 = qm_div(nh, nl, op->mc, op->inv, &r);
  q2 = qm_div(r, 0, op->mc, op->inv, &r);
  /* q1 in [2^22, 2^25): Q has 55..57 bits; keep 53. */
  for (d = 2; (q1 >> (21 + d)) != 0; d++) {
  }
  qq = ((uint64_t)q1 << 32) | q2;
  qh = qq >> d;
  low = q2 & ((1u << d) - 1u);
  half = 1u << (d - 1);
  if (low > half || (low == half && (r != 0 || (qh & 1u)))) qh++;
  if (qh == (uint64_t)1 << 53) {
    qh >>= 1;
    d++;
  }
  qm_finish((uint32_t)((qh + ((uint64_t)1 << 21)) >> 22),
            53 + (int32_t)d - 32 + op->ea + eb - op->ec, q, &sh);
  *shift = (int)sh;
}

/* The loop of a layer's channels: a normal positive b decoded in line
 * and qm_fast; anything else through tc_qm_channel. */
void tc_qm_channels(const tc_qm_op *op, const float *b, int32_t step,
                    int32_t n, int32_t *q, int32_t *shift) {
  int32_t i;
  for (i = 0; i < n; i++, b += step) {
    int s;
#ifndef __OPTIMIZE_SIZE__
    uint32_t bits, ex;
    memcpy(&bits, b, sizeof bits);
    ex = bits >> 23; /* with the sign bit: a negative b is >= 256 */
    if (op->ok && ex - 1u < 0xfeu &&
        qm_fast(op, (bits & 0x7fffffu) | (1u << 23), (int32_t)ex - 150,
                &q[i], &shift[i]))
      continue;
#endif
    tc_qm_channel(op, *b, &q[i], &s);
    shift[i] = s;
  }
}

void tc_quantize_multiplier_f(float a, float b, float c, int32_t *q,
                              int *shift) {
  tc_qm_op op;
  tc_qm_begin(&op, a, c);
  tc_qm_channel(&op, b, q, shift);
}
