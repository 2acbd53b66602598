/* Optimized int8 CONV_2D / DEPTHWISE_CONV_2D (src/kernels/..._opt.c) against
 * the TFLM reference formula written out here, on random shapes, strides,
 * paddings, dilations, zero points, per-channel multipliers and clamp
 * ranges: every output byte must match, also run in place with the output
 * over the input at the lead the planner may use (tc_window_lead). Also counts how many jobs took the
 * optimized path so a silent fallback to "not handled" cannot pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kernels/opt_common.h"

static uint32_t rng = 12345u;
static uint32_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}
static int32_t rr(int32_t lo, int32_t hi) { /* inclusive */
  return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

/* TFLM ConvPerChannel / DepthwiseConvPerChannel, straight from the
 * definition: sum over valid taps of (x + in_offset) * w, + bias, then
 * MultiplyByQuantizedMultiplier, + out_offset, clamp. */
static void reference(const tc_conv_job *j, int depthwise, int8_t *out) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  const int32_t mult = depthwise ? j->out_c / j->in_c : 1;
  for (b = 0; b < j->batches; b++)
    for (oy = 0; oy < j->out_h; oy++)
      for (ox = 0; ox < j->out_w; ox++)
        for (oc = 0; oc < j->out_c; oc++) {
          int32_t acc = 0, v;
          for (ky = 0; ky < j->k_h; ky++)
            for (kx = 0; kx < j->k_w; kx++) {
              int32_t y = oy * j->stride_h - j->pad_h + ky * j->dil_h;
              int32_t x = ox * j->stride_w - j->pad_w + kx * j->dil_w;
              if (y < 0 || y >= j->in_h || x < 0 || x >= j->in_w) continue;
              if (depthwise) {
                ic = oc / mult;
                acc += (j->input[((b * j->in_h + y) * j->in_w + x) * j->in_c +
                                 ic] +
                        j->in_offset) *
                       j->filter[(ky * j->k_w + kx) * j->out_c + oc];
              } else {
                for (ic = 0; ic < j->in_c; ic++)
                  acc += (j->input[((b * j->in_h + y) * j->in_w + x) *
                                       j->in_c +
                                   ic] +
                          j->in_offset) *
                         j->filter[((oc * j->k_h + ky) * j->k_w + kx) *
                                       j->in_c +
                                   ic];
              }
            }
          if (j->bias) acc += j->bias[oc];
          v = tc_mul_by_qm(acc, j->mult[oc], (int)j->shift[oc]) +
              j->out_offset;
          if (v < j->act_lo) v = j->act_lo;
          if (v > j->act_hi) v = j->act_hi;
          out[((b * j->out_h + oy) * j->out_w + ox) * j->out_c + oc] =
              (int8_t)v;
        }
}

static int32_t out_size(int same, int32_t in, int32_t k, int32_t s,
                        int32_t d) {
  int32_t eff = (k - 1) * d + 1;
  return same ? (in + s - 1) / s : (in + s - eff) / s;
}
static int32_t pad_of(int32_t in, int32_t k, int32_t s, int32_t d,
                      int32_t out) {
  int32_t total = (out - 1) * s + (k - 1) * d + 1 - in;
  return total > 0 ? total / 2 : 0;
}

/* Output size and padding of a pool_cases / dw_relu_cases job (k_h x k_w
 * undilated): SAME (k 3: pads split as TFLite does) or VALID (no pads;
 * a negative span truncates toward zero, the callers skip such jobs). */
static void geometry(tc_conv_job *j, int same) {
  if (same) {
    j->out_h = (j->in_h + j->stride_h - 1) / j->stride_h;
    j->out_w = (j->in_w + j->stride_w - 1) / j->stride_w;
    j->pad_h = ((j->out_h - 1) * j->stride_h + j->k_h - j->in_h) / 2;
    j->pad_w = ((j->out_w - 1) * j->stride_w + j->k_w - j->in_w) / 2;
    if (j->pad_h < 0) j->pad_h = 0;
    if (j->pad_w < 0) j->pad_w = 0;
  } else {
    j->out_h = (j->in_h - j->k_h) / j->stride_h + 1;
    j->out_w = (j->in_w - j->k_w) / j->stride_w + 1;
  }
}

static const int32_t channels[] = {1, 2, 3, 4, 5, 7, 8, 12, 16, 27, 32, 64};

/* One random job; returns 1 if the optimized path ran (and matched). */
static int one(int depthwise, int seed, int *fails) {
  tc_conv_job j;
  int same = (int)(rnd() & 1), k, i, handled;
  int32_t n_in, n_out, n_w, oc, mult_dw = 1;
  int8_t *in, *w, *got, *want, *scratch;
  int32_t *bias, *mult, *shift;
  size_t sb;
  memset(&j, 0, sizeof j);
  j.batches = rr(1, 2);
  j.in_c = channels[rnd() % (sizeof channels / sizeof channels[0])];
  if (depthwise) {
    mult_dw = (rnd() % 4 == 0) ? rr(2, 3) : 1;
    if (rnd() % 5 == 0) { j.in_c = 1; mult_dw = rr(1, 9); }
    j.out_c = j.in_c * mult_dw;
  } else {
    j.out_c = channels[rnd() % (sizeof channels / sizeof channels[0])];
  }
  k = (int)(rnd() % 4);
  j.k_h = k == 0 ? 1 : k == 3 ? 5 : 3;
  j.k_w = rnd() % 6 == 0 ? rr(1, 3) : j.k_h;
  j.stride_h = rr(1, 2);
  j.stride_w = rnd() % 8 == 0 ? 3 : j.stride_h;
  j.dil_h = j.dil_w = rnd() % 6 == 0 ? 2 : 1;
  j.in_h = rr(1, 13);
  j.in_w = rr(1, 13);
  j.out_h = out_size(same, j.in_h, j.k_h, j.stride_h, j.dil_h);
  j.out_w = out_size(same, j.in_w, j.k_w, j.stride_w, j.dil_w);
  if (j.out_h < 1 || j.out_w < 1) return 0;
  j.pad_h = pad_of(j.in_h, j.k_h, j.stride_h, j.dil_h, j.out_h);
  j.pad_w = pad_of(j.in_w, j.k_w, j.stride_w, j.dil_w, j.out_w);
  j.in_offset = -rr(-128, 127);
  j.out_offset = rr(-128, 127);
  if (rnd() % 2) { /* RELU-like: lower clamp at or above the zero point */
    j.act_lo = j.out_offset + rr(0, 3);
    if (j.act_lo > 127) j.act_lo = 127;
    j.act_hi = rnd() % 2 ? 127 : rr(j.act_lo, 127);
  } else {
    j.act_lo = rr(-128, 0);
    j.act_hi = rr(j.act_lo, 127);
  }
  n_in = j.batches * j.in_h * j.in_w * j.in_c;
  n_out = j.batches * j.out_h * j.out_w * j.out_c;
  n_w = j.k_h * j.k_w * (depthwise ? j.out_c : j.in_c * j.out_c);
  in = malloc((size_t)n_in);
  w = malloc((size_t)n_w);
  got = malloc((size_t)n_out);
  want = malloc((size_t)n_out);
  bias = malloc(sizeof(int32_t) * (size_t)j.out_c);
  mult = malloc(sizeof(int32_t) * (size_t)j.out_c);
  shift = malloc(sizeof(int32_t) * (size_t)j.out_c);
  /* Half the jobs look like a RELU layer's output: mostly zero points
   * (the rv32 sparse block's case). */
  k = rnd() % 2;
  for (i = 0; i < n_in; i++)
    in[i] = (int8_t)(k && rnd() % 10 < 6 ? -j.in_offset : rr(-128, 127));
  for (i = 0; i < n_w; i++) w[i] = (int8_t)(rnd() % 3 ? rr(-128, 127) : rr(-3, 3));
  k = rnd() % 4 == 0; /* this job has some left shifts (the slow path) */
  for (oc = 0; oc < j.out_c; oc++) {
    bias[oc] = rr(-50000, 50000);
    if (rnd() % 8 == 0) /* dead channel: huge bias, tiny multiplier */
      bias[oc] = (rnd() & 1 ? 1 : -1) * rr(1 << 29, (1 << 30) + (1 << 29));
    mult[oc] = rr(1 << 30, 0x7fffffff);
    /* mostly right shifts of a realistic size; some left shifts */
    shift[oc] = k && rnd() % 4 == 0 ? rr(1, 2) : -rr(0, 14);
    if (rnd() % 10 == 0) shift[oc] = -rr(20, 31);
  }
  j.input = in;
  j.filter = w;
  j.bias = rnd() % 5 ? bias : NULL;
  j.output = got;
  j.mult = mult;
  j.shift = shift;
  sb = depthwise ? tc_depthwise_s8_opt_scratch(&j) : tc_conv_s8_opt_scratch(&j);
  scratch = malloc(sb ? sb : 1);
  j.scratch = sb ? scratch : NULL;
  memset(got, 0x55, (size_t)n_out);
  reference(&j, depthwise, want);
  handled = depthwise ? tc_depthwise_s8_opt(&j) : tc_conv_s8_opt(&j);
  free(scratch);
  if (handled && memcmp(got, want, (size_t)n_out) != 0) {
    for (i = 0; i < n_out && got[i] == want[i]; i++) {}
    fprintf(stderr,
            "FAIL seed %d %s: batch %d in %dx%dx%d filter %dx%d out_c %d "
            "stride %dx%d dil %d pad %d,%d in_off %d out_off %d act "
            "[%d,%d]: byte %d is %d, expected %d\n",
            seed, depthwise ? "depthwise" : "conv", (int)j.batches,
            (int)j.in_h, (int)j.in_w, (int)j.in_c, (int)j.k_h, (int)j.k_w,
            (int)j.out_c, (int)j.stride_h, (int)j.stride_w, (int)j.dil_h,
            (int)j.pad_h, (int)j.pad_w, (int)j.in_offset, (int)j.out_offset,
            (int)j.act_lo, (int)j.act_hi, i, got[i], want[i]);
    ++*fails;
  }
  /* In place, as the planner may place it (tc_overlap): the output at O,
   * the input at O + lead, lead from tc_window_lead (kernel.h); the bytes
   * must not change. */
  if (handled && !*fails) {
    tc_window_io wi;
    int32_t lead;
    wi.batches = j.batches; wi.in_h = j.in_h; wi.in_w = j.in_w;
    wi.out_h = j.out_h; wi.out_w = j.out_w;
    wi.stride_h = j.stride_h; wi.stride_w = j.stride_w;
    wi.pad_h = j.pad_h; wi.pad_w = j.pad_w;
    wi.in_px = (uint32_t)j.in_c; wi.out_px = (uint32_t)j.out_c;
    lead = j.dil_h == 1 && j.dil_w == 1 ? tc_window_lead(&wi) : n_in;
    if (lead < n_in && lead > -n_in) {
      const int32_t o0 = lead < 0 ? -lead : 0;
      const int32_t size = o0 + (lead + n_in > n_out ? lead + n_in : n_out);
      int8_t *buf = malloc((size_t)size);
      memset(buf, 0x33, (size_t)size);
      memcpy(buf + o0 + lead, in, (size_t)n_in);
      j.input = buf + o0 + lead;
      j.output = buf + o0;
      scratch = malloc(sb ? sb : 1);
      j.scratch = sb ? scratch : NULL;
      if (!(depthwise ? tc_depthwise_s8_opt(&j) : tc_conv_s8_opt(&j)) ||
          memcmp(buf + o0, want, (size_t)n_out) != 0) {
        fprintf(stderr, "FAIL seed %d %s in place (lead %d): in %dx%dx%d "
                "out %dx%dx%d filter %dx%d stride %dx%d\n", seed,
                depthwise ? "depthwise" : "conv", (int)lead, (int)j.in_h,
                (int)j.in_w, (int)j.in_c, (int)j.out_h, (int)j.out_w,
                (int)j.out_c, (int)j.k_h, (int)j.k_w, (int)j.stride_h,
                (int)j.stride_w);
        ++*fails;
      }
      free(buf);
      free(scratch);
    }
  }
  free(in); free(w); free(got); free(want); free(bias); free(mult);
  free(shift);
  return handled;
}

/* A fixed MobileNet-like layer of each kind must take the optimized path. */
static int must_handle(void) {
  static int8_t in[6 * 6 * 16], w[16 * 16], out[6 * 6 * 16], dw[9 * 16];
  static int32_t mult[16], shift[16];
  tc_conv_job j;
  int ok = 1;
  size_t sb;
  int8_t *scratch;
  int i;
  for (i = 0; i < 16; i++) { mult[i] = 1 << 30; shift[i] = -8; }
  memset(&j, 0, sizeof j);
  j.batches = 1; j.in_h = j.in_w = j.out_h = j.out_w = 6;
  j.in_c = j.out_c = 16; j.k_h = j.k_w = 1;
  j.stride_h = j.stride_w = j.dil_h = j.dil_w = 1;
  j.in_offset = 128; j.out_offset = -128; j.act_lo = -128; j.act_hi = 127;
  j.input = in; j.filter = w; j.output = out; j.mult = mult; j.shift = shift;
  sb = tc_conv_s8_opt_scratch(&j);
  scratch = malloc(sb);
  j.scratch = scratch;
  if (!tc_conv_s8_opt(&j)) { fprintf(stderr, "FAIL 1x1 conv not optimized\n"); ok = 0; }
  free(scratch);
  j.k_h = j.k_w = 3; j.pad_h = j.pad_w = 1; j.filter = dw;
  sb = tc_depthwise_s8_opt_scratch(&j);
  scratch = malloc(sb ? sb : 1);
  j.scratch = scratch;
  if (!sb || !tc_depthwise_s8_opt(&j)) { fprintf(stderr, "FAIL 3x3 depthwise not optimized\n"); ok = 0; }
  free(scratch);
  return ok;
}

/* The zero-skipping conv block (rv32; the dense blocks elsewhere): 1x1
 * and 3x3 layers whose K and channel counts it takes, from no zero points
 * to all zero points, against the reference formula. */
static int sparse_cases(void) {
  static const int32_t ks[] = {8, 16, 32, 64, 128, 256, 144};
  static const int zero_pct[] = {0, 30, 60, 95, 100};
  int8_t in[15 * 256], w[48 * 256], got[15 * 48], want[15 * 48];
  int32_t bias[48], mult[48], shift[48];
  int8_t *scratch;
  int fails = 0, a, b, c, v, i;
  for (a = 0; a < 7; a++)
    for (b = 0; b < 2; b++)
      for (c = 0; c < 5; c++)
        for (v = 0; v < 2; v++) {
          tc_conv_job j;
          int32_t n_w;
          memset(&j, 0, sizeof j);
          j.batches = 1; j.in_h = j.out_h = 3; j.in_w = j.out_w = 5;
          j.in_c = a == 6 ? 16 : ks[a];
          j.k_h = j.k_w = a == 6 ? 3 : 1;
          j.pad_h = j.pad_w = a == 6 ? 1 : 0;
          j.out_c = b ? 48 : 16;
          j.stride_h = j.stride_w = j.dil_h = j.dil_w = 1;
          j.in_offset = -rr(-128, 127);
          j.out_offset = rr(-128, -100);
          j.act_lo = v ? j.out_offset : -128; /* RELU, or none */
          j.act_hi = 127;
          n_w = j.out_c * j.k_h * j.k_w * j.in_c;
          for (i = 0; i < 15 * j.in_c; i++)
            in[i] = (int8_t)((int)(rnd() % 100) < zero_pct[c] ? -j.in_offset
                                                             : rr(-128, 127));
          for (i = 0; i < n_w; i++) w[i] = (int8_t)rr(-127, 127);
          for (i = 0; i < j.out_c; i++) {
            bias[i] = rr(-30000, 30000);
            mult[i] = rr(1 << 30, 0x7fffffff);
            /* one slow channel (a left shift) in some relu layers: the
             * others requantize in the blocks */
            shift[i] = v && i == 5 && c % 2 ? 1 : -rr(6, 12);
            if (i % 7 == 3) /* dead channels: huge bias, any shift */
              bias[i] = (rnd() & 1 ? 1 : -1) * rr(1 << 29, 0x78000000);
            if (i % 5 == 2) shift[i] = -rr(0, 31);
            if (i % 11 == 4) { /* sums near 2^31: r1 + 2^(e-1) >= 2^31 */
              bias[i] = rr(0x7c000000, 0x7f000000);
              mult[i] = rr(0x7f000000, 0x7fffffff);
              shift[i] = -rr(1, 30);
            }
          }
          j.input = in; j.filter = w; j.bias = bias; j.output = got;
          j.mult = mult; j.shift = shift;
          scratch = malloc(tc_conv_s8_opt_scratch(&j));
          j.scratch = scratch;
          reference(&j, 0, want);
          if (!tc_conv_s8_opt(&j) ||
              memcmp(got, want, (size_t)(15 * j.out_c)) != 0) {
            fprintf(stderr, "FAIL sparse_cases: K %d out_c %d zeros %d%% "
                    "relu %d\n", (int)(j.in_c * j.k_h * j.k_w),
                    (int)j.out_c, zero_pct[c], v);
            fails++;
          }
          free(scratch);
        }
  printf("kernels_opt: %d sparse-layer cases, %d mismatches\n", 7 * 2 * 5 * 2,
         fails);
  return fails == 0;
}

/* CONV_2D with its 2x2 stride-2 max pool fused (tc_conv_job.pool): the
 * reference conv, then the pool written out here; n random layers. */
static int pool_cases(int n) {
  static const int32_t ins[] = {1, 3, 8, 16};
  static const int32_t outs[] = {3, 4, 16, 32};
  int s, fails = 0, taken = 0;
  for (s = 0; s < n; s++) {
    tc_conv_job j;
    int32_t i, ph, pw, oc, py, px, n_in, n_w, n_full;
    int8_t *in, *w, *full, *got, *want, *scratch;
    int32_t bias[32], mult[32], shift[32];
    int sparse = (int)(rnd() % 2);
    memset(&j, 0, sizeof j);
    j.batches = rr(1, 2);
    j.in_c = ins[rnd() % 4];
    j.out_c = outs[rnd() % 4];
    j.k_h = j.k_w = rnd() % 3 ? 3 : 1;
    j.stride_h = j.stride_w = rnd() % 4 ? 1 : 2;
    j.dil_h = j.dil_w = 1;
    j.in_h = rr(2, 11);
    j.in_w = rr(2, 11);
    geometry(&j, j.k_h == 3 && rnd() % 2);
    if (j.out_h < 2 || j.out_w < 2) continue;
    j.in_offset = -rr(-128, 127);
    j.out_offset = rr(-128, 127);
    if (rnd() % 2) {
      j.act_lo = j.out_offset;
      j.act_hi = rr(j.act_lo, 127);
    } else {
      j.act_lo = rr(-128, 0);
      j.act_hi = rr(j.act_lo, 127);
    }
    n_in = j.batches * j.in_h * j.in_w * j.in_c;
    n_w = j.out_c * j.k_h * j.k_w * j.in_c;
    n_full = j.batches * j.out_h * j.out_w * j.out_c;
    ph = j.out_h / 2;
    pw = j.out_w / 2;
    in = malloc((size_t)n_in);
    w = malloc((size_t)n_w);
    full = malloc((size_t)n_full);
    got = malloc((size_t)n_full);
    want = malloc((size_t)n_full);
    for (i = 0; i < n_in; i++)
      in[i] = (int8_t)(sparse && rnd() % 10 < 6 ? -j.in_offset : rr(-128, 127));
    for (i = 0; i < n_w; i++) w[i] = (int8_t)rr(-127, 127);
    for (i = 0; i < j.out_c; i++) {
      bias[i] = rr(-40000, 40000);
      mult[i] = rr(1 << 30, 0x7fffffff);
      shift[i] = rnd() % 9 ? -rr(6, 12) : rr(0, 1); /* some slow channels */
    }
    j.input = in; j.filter = w; j.bias = bias; j.mult = mult; j.shift = shift;
    scratch = malloc(tc_conv_s8_opt_scratch(&j));
    j.scratch = scratch;
    reference(&j, 0, full);
    oc = j.out_c;
    for (i = 0; i < j.batches * ph * pw * oc; i++) {
      int32_t b = i / (ph * pw * oc), r = i % (ph * pw * oc), c = r % oc, k,
              m = -128;
      py = r / (pw * oc);
      px = (r / oc) % pw;
      for (k = 0; k < 4; k++) {
        int32_t v = full[((b * j.out_h + 2 * py + k / 2) * j.out_w + 2 * px +
                          k % 2) * oc + c];
        if (v > m) m = v;
      }
      want[i] = (int8_t)m;
    }
    j.output = got;
    j.pool = 1;
    memset(got, 0x55, (size_t)n_full);
    if (tc_conv_s8_opt(&j)) {
      taken++;
      if (memcmp(got, want, (size_t)(j.batches * ph * pw * oc)) != 0) {
        fprintf(stderr, "FAIL pool_cases seed %d: in %dx%dx%d k %d s %d pad "
                "%d out %dx%dx%d\n", s, (int)j.in_h, (int)j.in_w,
                (int)j.in_c, (int)j.k_h, (int)j.stride_h, (int)j.pad_h,
                (int)j.out_h, (int)j.out_w, (int)oc);
        fails++;
      }
    }
    free(in); free(w); free(full); free(got); free(want); free(scratch);
  }
  printf("kernels_opt: %d conv + max pool layers, %d fused, %d mismatches\n",
         n, taken, fails);
  if (taken < n / 4) fprintf(stderr, "FAIL pool_cases: too few fused\n");
  return fails == 0 && taken >= n / 4;
}

/* An image's first layer: 3x3 on 1 or 3 channels at stride 1 or 2, maps
 * wide enough that most blocks of 4 output pixels have their windows
 * inside the input (the rv32 window block reads them there; the edges
 * still go through im2col), RELU-like or any clamp, some slow channels
 * (huge bias or a left shift). n random layers. */
static int win_cases(int n) {
  int s, fails = 0, taken = 0;
  for (s = 0; s < n; s++) {
    tc_conv_job j;
    int32_t i, n_in, n_w, n_out;
    int8_t *in, *w, *got, *want, *scratch;
    int32_t bias[16], mult[16], shift[16];
    memset(&j, 0, sizeof j);
    j.batches = rr(1, 2);
    j.in_c = rnd() % 2 ? 3 : 1;
    j.out_c = 4 * rr(1, 4);
    j.k_h = j.k_w = 3;
    j.stride_h = j.stride_w = rr(1, 2);
    j.dil_h = j.dil_w = 1;
    j.in_h = rr(3, 20);
    j.in_w = rr(9, 40);
    if (rnd() % 2) { /* SAME */
      j.out_h = (j.in_h + j.stride_h - 1) / j.stride_h;
      j.out_w = (j.in_w + j.stride_w - 1) / j.stride_w;
      j.pad_h = pad_of(j.in_h, 3, j.stride_h, 1, j.out_h);
      j.pad_w = pad_of(j.in_w, 3, j.stride_w, 1, j.out_w);
    } else {
      j.out_h = (j.in_h - 3) / j.stride_h + 1;
      j.out_w = (j.in_w - 3) / j.stride_w + 1;
    }
    j.in_offset = -rr(-128, 127);
    j.out_offset = rr(-128, 127);
    if (rnd() % 3) {
      j.act_lo = j.out_offset;
      j.act_hi = rnd() % 2 ? 127 : rr(j.act_lo, 127);
    } else {
      j.act_lo = rr(-128, 0);
      j.act_hi = rr(j.act_lo, 127);
    }
    n_in = j.batches * j.in_h * j.in_w * j.in_c;
    n_w = j.out_c * 9 * j.in_c;
    n_out = j.batches * j.out_h * j.out_w * j.out_c;
    in = malloc((size_t)n_in);
    w = malloc((size_t)n_w);
    got = malloc((size_t)n_out);
    want = malloc((size_t)n_out);
    for (i = 0; i < n_in; i++) in[i] = (int8_t)rr(-128, 127);
    for (i = 0; i < n_w; i++) w[i] = (int8_t)rr(-127, 127);
    for (i = 0; i < j.out_c; i++) {
      bias[i] = rnd() % 9 == 0 ? (rnd() & 1 ? 1 : -1) * rr(1 << 29, 0x78000000)
                               : rr(-40000, 40000);
      mult[i] = rr(1 << 30, 0x7fffffff);
      shift[i] = rnd() % 9 ? -rr(6, 12) : rr(0, 1);
    }
    j.input = in; j.filter = w; j.bias = bias; j.mult = mult; j.shift = shift;
    scratch = malloc(tc_conv_s8_opt_scratch(&j));
    j.scratch = scratch;
    j.output = want;
    reference(&j, 0, want);
    j.output = got;
    memset(got, 0x55, (size_t)n_out);
    if (tc_conv_s8_opt(&j)) {
      taken++;
      if (memcmp(got, want, (size_t)n_out) != 0) {
        fprintf(stderr, "FAIL win_cases seed %d: in %dx%dx%d s %d pad %d,%d "
                "out %dx%dx%d act [%d,%d] out_off %d\n", s, (int)j.in_h,
                (int)j.in_w, (int)j.in_c, (int)j.stride_w, (int)j.pad_h,
                (int)j.pad_w, (int)j.out_h, (int)j.out_w, (int)j.out_c,
                (int)j.act_lo, (int)j.act_hi, (int)j.out_offset);
        fails++;
      }
    }
    free(in); free(w); free(got); free(want); free(scratch);
  }
  printf("kernels_opt: %d first-layer (3x3 on 1 or 3 channels) layers, %d "
         "optimized, %d mismatches\n", n, taken, fails);
  if (taken < n) fprintf(stderr, "FAIL win_cases: not all optimized\n");
  return fails == 0 && taken == n;
}

/* DEPTHWISE_CONV_2D 3x3, multiplier 1, a RELU clamp: the rv32 row
 * blocks (pairs, and quads at stride 1 from 8 outputs on) on random
 * widths 1..40 (odd ones end on an overlapped pair), the channel counts
 * with a compiled-in row, strides 1 and 2, SAME and VALID, inputs from
 * none to all zero points, biases around 0 so that many sums are <= 0
 * (stored as lo at once) or just above, dead channels (|bias| up to
 * 15 * 2^27) and right shifts up to 31. n random layers. */
static int dw_relu_cases(int n) {
  static const int32_t cs[] = {8, 16, 32, 64, 128, 24};
  int s, fails = 0, taken = 0;
  for (s = 0; s < n; s++) {
    tc_conv_job j;
    int32_t i, n_in, n_out, zpct;
    int8_t *in, *got, *want, *scratch;
    int8_t w[9 * 128];
    int32_t bias[128], mult[128], shift[128];
    memset(&j, 0, sizeof j);
    j.batches = 1;
    j.in_c = j.out_c = cs[rnd() % 6];
    j.k_h = j.k_w = 3;
    j.stride_h = j.stride_w = rr(1, 2);
    j.dil_h = j.dil_w = 1;
    j.in_h = rr(1, 6);
    j.in_w = rr(1, 41);
    /* a third with rows of 2-6 outputs (the rv32 one-pass blocks of
     * 3- and 6-wide rows) */
    if (rnd() % 3 == 0) j.in_w = rnd() % 2 ? 6 : 8;
    geometry(&j, (int)(rnd() % 2));
    if (j.in_h < 3 && j.pad_h == 0) continue;
    if (j.in_w < 3 && j.pad_w == 0) continue;
    if (j.out_h < 1 || j.out_w < 1) continue;
    j.in_offset = rnd() % 2 ? 128 : -rr(-128, 127);
    j.out_offset = rnd() % 2 ? -128 : rr(-128, 100);
    j.act_lo = j.out_offset + (rnd() % 4 ? 0 : rr(1, 3));
    j.act_hi = rnd() % 2 ? 127 : rr(j.act_lo, 127);
    n_in = j.in_h * j.in_w * j.in_c;
    n_out = j.out_h * j.out_w * j.out_c;
    in = malloc((size_t)n_in);
    got = malloc((size_t)n_out);
    want = malloc((size_t)n_out);
    zpct = (int32_t)(rnd() % 101);
    for (i = 0; i < n_in; i++)
      in[i] = (int8_t)((int32_t)(rnd() % 100) < zpct ? -j.in_offset
                                                     : rr(-128, 127));
    for (i = 0; i < 9 * j.out_c; i++) w[i] = (int8_t)rr(-127, 127);
    for (i = 0; i < j.out_c; i++) {
      bias[i] = rnd() % 3 ? rr(-300, 300) : rr(-40000, 40000);
      mult[i] = rr(1 << 30, 0x7fffffff);
      shift[i] = rnd() % 16 ? -rr(0, 12) : 1; /* a few slow channels */
      if (rnd() % 6 == 0) /* dead channels: huge bias, large shift */
        bias[i] = (rnd() & 1 ? 1 : -1) * rr(1 << 29, 0x78000000);
      if (rnd() % 5 == 0) shift[i] = -rr(20, 31);
      if (rnd() % 9 == 0) { /* sums near 2^31: r1 + 2^(e-1) >= 2^31 */
        bias[i] = rr(0x7c000000, 0x7f000000);
        mult[i] = rr(0x7f000000, 0x7fffffff);
        shift[i] = -rr(1, 30);
      }
    }
    j.input = in; j.filter = w; j.bias = rnd() % 8 ? bias : NULL;
    j.output = got; j.mult = mult; j.shift = shift;
    scratch = malloc(tc_depthwise_s8_opt_scratch(&j) + 1);
    j.scratch = scratch;
    reference(&j, 1, want);
    memset(got, 0x55, (size_t)n_out);
    if (tc_depthwise_s8_opt(&j)) {
      taken++;
      if (memcmp(got, want, (size_t)n_out) != 0) {
        fprintf(stderr, "FAIL dw_relu_cases seed %d: in %dx%dx%d stride %d "
                "pad %d,%d out %dx%d in_off %d out_off %d act [%d,%d]\n", s,
                (int)j.in_h, (int)j.in_w, (int)j.in_c, (int)j.stride_w,
                (int)j.pad_h, (int)j.pad_w, (int)j.out_h, (int)j.out_w,
                (int)j.in_offset, (int)j.out_offset, (int)j.act_lo,
                (int)j.act_hi);
        fails++;
      }
    }
    free(in); free(got); free(want); free(scratch);
  }
  printf("kernels_opt: %d depthwise relu rows layers, %d optimized, %d "
         "mismatches\n", n, taken, fails);
  if (taken < n / 2) fprintf(stderr, "FAIL dw_relu_cases: too few optimized\n");
  return fails == 0 && taken >= n / 2;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3000, s, fails = 0, h_conv = 0,
      h_dw = 0;
  if (!must_handle() || !sparse_cases() || !pool_cases(n / 4 + 20) ||
      !dw_relu_cases(n / 4 + 20) || !win_cases(n / 4 + 20))
    return 1;
  for (s = 0; s < n; s++) {
    rng = 0x9e3779b9u ^ (uint32_t)s * 2654435761u;
    if (!rng) rng = 1;
    h_conv += one(0, s, &fails);
    h_dw += one(1, s, &fails);
    if (fails > 5) break;
  }
  printf("kernels_opt: %d random jobs each, optimized path taken by %d conv "
         "and %d depthwise, %d mismatches\n", n, h_conv, h_dw, fails);
  if (h_conv < n / 2 || h_dw < n / 10) {
    fprintf(stderr, "FAIL too few jobs took the optimized path\n");
    return 1;
  }
  return fails ? 1 : 0;
}
