/* DEPTHWISE_CONV_2D: NHWC input [N,H,W,Cin], filter [1,KH,KW,Cout],
 * output channel oc = ic * multiplier + m, Cout = Cin * multiplier.
 *
 *   int8    int8 in/out, int8 filter quantized per output channel (axis 3)
 *           or per tensor, int32 bias; TFLM's DepthwiseConvPerChannel.
 *   float32 float everything; TFLM's reference DepthwiseConv order.
 *   hybrid  float in/out, int8 filter with symmetric scales, float bias;
 *           computed in float with the weights dequantized on the fly.
 *
 * The multiplier is Cout / Cin (the filter's last dim is authoritative):
 * newer converters may leave the depth_multiplier option at 0. A non-zero
 * option must agree with it.
 *
 * Persistent memory: none by default (multipliers and shifts recomputed into
 * scratch at invoke, conv_common.h TC_QM_PERSIST); the geometry is
 * recomputed at invoke. May run in place and stream rows (kernel.h). */
#include "conv_common.h"

/* TFLM reference_integer_ops::DepthwiseConvPerChannel. */
static void dw_conv_s8_nhwc(const conv_geom *g, const conv_shape *s,
                            const int8_t *input, const int8_t *filter,
                            const int32_t *bias, const conv_quant *q,
                            int8_t *output) {
  int32_t b, oy, ox, ic, m, ky, kx;
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (ic = 0; ic < s->in_c; ic++) {
          for (m = 0; m < s->mult; m++) {
            const int32_t oc = ic * s->mult + m;
            int32_t acc = 0;
            for (ky = 0; ky < s->k_h; ky++) {
              const int32_t y = y0 + ky * g->dil_h;
              if (y < 0 || y >= s->in_h) continue; /* zero padding */
              for (kx = 0; kx < s->k_w; kx++) {
                const int32_t x = x0 + kx * g->dil_w;
                if (x < 0 || x >= s->in_w) continue;
                acc += (int32_t)filter[(ky * s->k_w + kx) * s->out_c + oc] *
                       ((int32_t)input[((b * s->in_h + y) * s->in_w + x) *
                                           s->in_c + ic] +
                        q->in_offset);
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
}

/* TFLM reference_ops::DepthwiseConv (float): sum over ky, kx in float,
 * then add the bias, then clamp. */
static void dw_conv_f32_nhwc(const conv_geom *g, const conv_shape *s,
                             const float *input, const float *filter,
                             const float *bias, float act_lo, float act_hi,
                             float *output) {
  int32_t b, oy, ox, ic, m, ky, kx;
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (ic = 0; ic < s->in_c; ic++) {
          for (m = 0; m < s->mult; m++) {
            const int32_t oc = ic * s->mult + m;
            float total = 0.0f, v;
            for (ky = 0; ky < s->k_h; ky++) {
              const int32_t y = y0 + ky * g->dil_h;
              if (y < 0 || y >= s->in_h) continue;
              for (kx = 0; kx < s->k_w; kx++) {
                const int32_t x = x0 + kx * g->dil_w;
                if (x < 0 || x >= s->in_w) continue;
                total += input[((b * s->in_h + y) * s->in_w + x) * s->in_c +
                               ic] *
                         filter[(ky * s->k_w + kx) * s->out_c + oc];
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
}

/* Hybrid: the channel's scale is applied once to its sum (= dequantizing
 * every weight). */
static void dw_conv_hybrid_f32(const conv_geom *g, const conv_shape *s,
                               const float *input, const int8_t *filter,
                               const tc_tensor *filt, const float *bias,
                               float act_lo, float act_hi, float *output) {
  int32_t b, oy, ox, ic, m, ky, kx;
  for (b = 0; b < s->batches; b++) {
    for (oy = 0; oy < g->out_h; oy++) {
      const int32_t y0 = oy * g->stride_h - g->pad_h;
      for (ox = 0; ox < g->out_w; ox++) {
        const int32_t x0 = ox * g->stride_w - g->pad_w;
        for (ic = 0; ic < s->in_c; ic++) {
          for (m = 0; m < s->mult; m++) {
            const int32_t oc = ic * s->mult + m;
            float total = 0.0f, v;
            for (ky = 0; ky < s->k_h; ky++) {
              const int32_t y = y0 + ky * g->dil_h;
              if (y < 0 || y >= s->in_h) continue;
              for (kx = 0; kx < s->k_w; kx++) {
                const int32_t x = x0 + kx * g->dil_w;
                if (x < 0 || x >= s->in_w) continue;
                total += input[((b * s->in_h + y) * s->in_w + x) * s->in_c +
                               ic] *
                         (float)filter[(ky * s->k_w + kx) * s->out_c + oc];
              }
            }
            v = total * conv_filter_scale(filt, oc) +
                (bias ? bias[oc] : 0.0f);
            if (v < act_lo) v = act_lo;
            if (v > act_hi) v = act_hi;
            output[((b * g->out_h + oy) * g->out_w + ox) * s->out_c + oc] = v;
          }
        }
      }
    }
  }
}

/* DepthwiseConv2DOptions: padding 0, stride_w 1, stride_h 2,
 * depth_multiplier 3, fused_activation_function 4, dilation_w 5, _h 6. */
static const conv_kind dw_k = {
    {4, 5}, 1, dw_conv_s8_nhwc, CONV_FLOAT(dw_conv_f32_nhwc),
    CONV_FLOAT(dw_conv_hybrid_f32)
    CONV_OPT(tc_depthwise_s8_opt, tc_depthwise_s8_opt_scratch)};

static tc_status dw_prepare(tc_ctx *c, tc_node *n) {
  return tc_conv_prepare(c, n, &dw_k);
}

static void dw_rows(tc_ctx *c, tc_node *n, const void *in, int32_t i0,
                    int32_t i1, int32_t r0, int32_t r1, void *out) {
  tc_conv_rows(c, n, &dw_k, in, i0, i1, r0, r1, out);
}

static void dw_invoke(tc_ctx *c, tc_node *n) { tc_conv_invoke(c, n, &dw_k); }

static void dw_window(tc_ctx *c, const tc_node *n, int32_t *stride,
                      int32_t *pad, int32_t *kh) {
  tc_conv_window(c, n, &dw_k, stride, pad, kh);
}

const tc_stream tc_stream_depthwise_conv_2d = {TC_OP_DEPTHWISE_CONV_2D,
                                               dw_window, dw_rows, 0};

const tc_kernel tc_kernel_depthwise_conv_2d = {
    TC_OP_DEPTHWISE_CONV_2D, TC_OPT_DEPTHWISE, dw_prepare, dw_invoke};
