/* CONV_2D: NHWC input, OHWI filter (grouped when the filter has fewer input
 * channels than the input), optional bias, one fused activation.
 *
 *   int8    int8 in/out, int8 filter quantized per output channel (axis 0)
 *           or per tensor, int32 bias; TFLM's ConvPerChannel arithmetic.
 *   float32 float in/out/filter/bias; TFLM's reference Conv summation order.
 *   hybrid  float in/out, constant int8 filter with symmetric scales, float
 *           bias; computed in float with the weights dequantized on the fly
 *           (TFLM itself rejects these models).
 *
 * Persistent memory: none by default; the int8 per-channel multipliers and
 * shifts are recomputed into scratch at every invoke (conv_common.h,
 * TC_QM_PERSIST). Everything else (geometry, offsets, clamp range) is
 * recomputed at invoke from the options and tensors: a few integer
 * operations, cheaper than arena bytes. The op may run in place over its
 * input and stream rows (tc_overlap, tc_stream in kernel.h). */
#include "conv_common.h"

/* TFLM reference_integer_ops::ConvPerChannel. The int32 accumulator is
 * exact for up to 2^16 taps, as in TFLM. */
static void conv_s8_nhwc(const conv_geom *g, const conv_shape *s,
                         const int8_t *input, const int8_t *filter,
                         const int32_t *bias, const conv_quant *q,
                         int8_t *output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  const int32_t per_group = s->out_c / (s->in_c / s->k_c);
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (oc = 0; oc < s->out_c; oc++) {
          const int32_t c0 = (oc / per_group) * s->k_c; /* group's channels */
          int32_t acc = 0;
          for (ky = 0; ky < s->k_h; ky++) {
            const int32_t y = y0 + ky * g->dil_h;
            if (y < 0 || y >= s->in_h) continue; /* zero padding */
            for (kx = 0; kx < s->k_w; kx++) {
              const int32_t x = x0 + kx * g->dil_w;
              const int8_t *ip, *fp;
              if (x < 0 || x >= s->in_w) continue;
              ip = input + ((b * s->in_h + y) * s->in_w + x) * s->in_c + c0;
              fp = filter + ((oc * s->k_h + ky) * s->k_w + kx) * s->k_c;
              for (ic = 0; ic < s->k_c; ic++)
                acc += (int32_t)fp[ic] * ((int32_t)ip[ic] + q->in_offset);
            }
          }
          if (bias) acc = tc_add_wrap(acc, bias[oc]);
          acc = tc_add_wrap(tc_mul_by_qm(acc, q->mult[oc], q->shift[oc]),
                            q->out_offset);
          if (acc < q->act_lo) acc = q->act_lo;
          if (acc > q->act_hi) acc = q->act_hi;
          output[((b * g->out_h + oy) * g->out_w + ox) * s->out_c + oc] =
              (int8_t)acc;
        }
      }
    }
  }
}

/* TFLM reference_ops::Conv (float): sum over ky, kx, ic in that order in
 * float, then add the bias, then clamp. */
static void conv_f32_nhwc(const conv_geom *g, const conv_shape *s,
                          const float *input, const float *filter,
                          const float *bias, float act_lo, float act_hi,
                          float *output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  const int32_t per_group = s->out_c / (s->in_c / s->k_c);
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (oc = 0; oc < s->out_c; oc++) {
          const int32_t c0 = (oc / per_group) * s->k_c;
          float total = 0.0f, v;
          for (ky = 0; ky < s->k_h; ky++) {
            const int32_t y = y0 + ky * g->dil_h;
            if (y < 0 || y >= s->in_h) continue;
            for (kx = 0; kx < s->k_w; kx++) {
              const int32_t x = x0 + kx * g->dil_w;
              const float *ip, *fp;
              if (x < 0 || x >= s->in_w) continue;
              ip = input + ((b * s->in_h + y) * s->in_w + x) * s->in_c + c0;
              fp = filter + ((oc * s->k_h + ky) * s->k_w + kx) * s->k_c;
              for (ic = 0; ic < s->k_c; ic++) total += ip[ic] * fp[ic];
            }
          }
          v = total + (bias ? bias[oc] : 0.0f);
          if (v < act_lo) v = act_lo;
          if (v > act_hi) v = act_hi;
          output[((b * g->out_h + oy) * g->out_w + ox) * s->out_c + oc] = v;
        }
      }
    }
  }
}

/* Hybrid: float activations times int8 weights; the per-channel scale is
 * applied once to the channel's sum (= dequantizing every weight). */
static void conv_hybrid_f32(const conv_geom *g, const conv_shape *s,
                            const float *input, const int8_t *filter,
                            const tc_tensor *filt, const float *bias,
                            float act_lo, float act_hi, float *output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  const int32_t per_group = s->out_c / (s->in_c / s->k_c);
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (oc = 0; oc < s->out_c; oc++) {
          const int32_t c0 = (oc / per_group) * s->k_c;
          float total = 0.0f, v;
          for (ky = 0; ky < s->k_h; ky++) {
            const int32_t y = y0 + ky * g->dil_h;
            if (y < 0 || y >= s->in_h) continue;
            for (kx = 0; kx < s->k_w; kx++) {
              const int32_t x = x0 + kx * g->dil_w;
              const float *ip;
              const int8_t *fp;
              if (x < 0 || x >= s->in_w) continue;
              ip = input + ((b * s->in_h + y) * s->in_w + x) * s->in_c + c0;
              fp = filter + ((oc * s->k_h + ky) * s->k_w + kx) * s->k_c;
              for (ic = 0; ic < s->k_c; ic++) total += ip[ic] * (float)fp[ic];
            }
          }
          v = total * conv_filter_scale(filt, oc) + (bias ? bias[oc] : 0.0f);
          if (v < act_lo) v = act_lo;
          if (v > act_hi) v = act_hi;
          output[((b * g->out_h + oy) * g->out_w + ox) * s->out_c + oc] = v;
        }
      }
    }
  }
}

static const conv_kind conv_k = {
    {3, 4}, 0, conv_s8_nhwc, CONV_FLOAT(conv_f32_nhwc),
    CONV_FLOAT(conv_hybrid_f32) CONV_OPT(tc_conv_s8_opt, tc_conv_s8_opt_scratch)};

static tc_status conv_prepare(tc_ctx *c, tc_node *n) {
  return tc_conv_prepare(c, n, &conv_k);
}

static void conv_rows(tc_ctx *c, tc_node *n, const void *in, int32_t i0,
                      int32_t i1, int32_t r0, int32_t r1, void *out) {
  tc_conv_rows(c, n, &conv_k, in, i0, i1, r0, r1, out);
}

static void conv_invoke(tc_ctx *c, tc_node *n) {
  tc_conv_invoke(c, n, &conv_k);
}

static void conv_window(tc_ctx *c, const tc_node *n, int32_t *stride,
                        int32_t *pad, int32_t *kh) {
  tc_conv_window(c, n, &conv_k, stride, pad, kh);
}

#if TC_REFERENCE_KERNELS || defined(__OPTIMIZE_SIZE__)
#define conv_pool_rows 0
#else
static int conv_pool_rows(tc_ctx *c, tc_node *n, int32_t lo, int32_t hi,
                          const void *in, int32_t i0, int32_t i1, int32_t r0,
                          int32_t r1, void *out) {
  return tc_conv_pool_rows(c, n, &conv_k, lo, hi, in, i0, i1, r0, r1, out);
}
#endif

const tc_stream tc_stream_conv_2d = {TC_OP_CONV_2D, conv_window, conv_rows,
                                     conv_pool_rows};

const tc_kernel tc_kernel_conv_2d = {TC_OP_CONV_2D, TC_OPT_CONV2D,
                                     conv_prepare, conv_invoke};
