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
#include <string.h>

#include "conv_common.h"
#include "opt_common.h"

/* DepthwiseConv2DOptions: padding 0, stride_w 1, stride_h 2,
 * depth_multiplier 3, fused_activation_function 4, dilation_w 5, _h 6. */
static const conv_fields dw_opts = {4, 5};
#define DW_OPT_DEPTH_MULTIPLIER 3

typedef struct dw_shape {
  int32_t batches, in_h, in_w, in_c, k_h, k_w, out_c, mult;
} dw_shape;

static dw_shape dw_shape_of(const tc_tensor *in, const tc_tensor *filt) {
  dw_shape s;
  s.batches = in->dims[0];
  s.in_h = in->dims[1];
  s.in_w = in->dims[2];
  s.in_c = in->dims[3];
  s.k_h = filt->dims[1];
  s.k_w = filt->dims[2];
  s.out_c = filt->dims[3];
  s.mult = s.in_c > 0 ? s.out_c / s.in_c : 0;
  return s;
}

/* TFLM reference_integer_ops::DepthwiseConvPerChannel. */
static void dw_conv_s8_nhwc(const conv_geom *g, const dw_shape *s,
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
static void dw_conv_f32_nhwc(const conv_geom *g, const dw_shape *s,
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
static void dw_conv_hybrid_f32(const conv_geom *g, const dw_shape *s,
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

#if !TC_REFERENCE_KERNELS
/* The optimized kernel's view of this op (shape and geometry). */
static void dw_job_of(const conv_geom *g, const dw_shape *s, tc_conv_job *j) {
  memset(j, 0, sizeof *j);
  j->batches = s->batches;
  j->in_h = s->in_h;
  j->in_w = s->in_w;
  j->in_c = s->in_c;
  j->k_h = s->k_h;
  j->k_w = s->k_w;
  j->out_c = s->out_c;
  j->stride_h = g->stride_h;
  j->stride_w = g->stride_w;
  j->dil_h = g->dil_h;
  j->dil_w = g->dil_w;
  j->pad_h = g->pad_h;
  j->pad_w = g->pad_w;
  j->out_h = g->out_h;
  j->out_w = g->out_w;
}
#endif

static tc_status dw_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in, *filt, *bias;
  tc_tensor *out;
  dw_shape s;
  conv_geom g;
  tc_status st;
  int32_t *mq, opt_mult;
  int s8, hybrid;
  size_t extra = 0;

  if (n->nin < 2 || n->nin > 3 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "%d inputs and %d outputs, expected 2 or 3 and 1",
                   (int)n->nin, (int)n->nout);
  in = tc_in(c, n, 0);
  filt = tc_in(c, n, 1);
  bias = tc_in(c, n, 2);
  out = tc_out(c, n, 0);
  if (!in || !filt || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "input, filter and output are required");
  if (in->ndims != 4 || filt->ndims != 4 || out->ndims != 4)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "input, filter, output have %u, %u, %u dims, expected 4",
                   (unsigned)in->ndims, (unsigned)filt->ndims,
                   (unsigned)out->ndims);

  /* dtype combination */
  s8 = in->type == TC_INT8;
  hybrid = in->type == TC_FLOAT32 && filt->type == TC_INT8;
  if (in->type != TC_INT8 && in->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input 0 is %s, expected int8 or float32",
                   tc_type_name(in->type));
  if (!TC_FLOAT_KERNELS && !s8)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, TC_FLOAT_REFUSED,
                   tc_type_name(in->type));
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "output is %s, expected %s",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (filt->type != TC_INT8 && (s8 || filt->type != TC_FLOAT32))
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "filter is %s, expected %s",
                   tc_type_name(filt->type),
                   s8 ? "int8" : "float32 or int8 (hybrid)");
  if (bias && bias->type != (s8 ? TC_INT32 : TC_FLOAT32))
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "bias is %s, expected %s",
                   tc_type_name(bias->type), s8 ? "int32" : "float32");

  /* shapes and depth multiplier */
  s = dw_shape_of(in, filt);
  if (filt->dims[0] != 1 || s.in_c < 1 || s.out_c < 1 ||
      s.out_c % s.in_c != 0)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "filter [%d,%d,%d,%d] does not fit %d input channels "
                   "(expected [1,KH,KW,multiple of %d])",
                   (int)filt->dims[0], (int)s.k_h, (int)s.k_w, (int)s.out_c,
                   (int)s.in_c, (int)s.in_c);
  opt_mult = tc_opt_i32(n, DW_OPT_DEPTH_MULTIPLIER, 0);
  if (opt_mult != 0 && opt_mult != s.mult)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "depth_multiplier %d, but the filter has %d channels for "
                   "%d input channels",
                   (int)opt_mult, (int)s.out_c, (int)s.in_c);
  if (bias && tc_numel(bias) != (uint32_t)s.out_c)
    return tc_fail(c, n, TC_ERR_MODEL, "bias has %u elements, expected %d",
                   (unsigned)tc_numel(bias), (int)s.out_c);
  st = tc_conv_geom_init(c, n, dw_opts, s.in_h, s.in_w, s.k_h, s.k_w,
                         &g);
  if (st != TC_OK) return st;
  if (out->dims[0] != s.batches || out->dims[1] != g.out_h ||
      out->dims[2] != g.out_w || out->dims[3] != s.out_c)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "output is [%d,%d,%d,%d], the op yields [%d,%d,%d,%d]",
                   (int)out->dims[0], (int)out->dims[1], (int)out->dims[2],
                   (int)out->dims[3], (int)s.batches, (int)g.out_h,
                   (int)g.out_w, (int)s.out_c);

  tc_conv_request_overlap(c, n, &g, in, out);

  /* quantization */
  if (s8 || hybrid) {
    st = tc_conv_check_filter_quant(c, n, filt, 3, s.out_c);
    if (st != TC_OK) return st;
  }
  if (!s8) return TC_OK; /* float and hybrid need no persistent data */
  if ((st = tc_check_per_tensor(c, n, in, "input")) != TC_OK ||
      (st = tc_check_per_tensor(c, n, out, "output")) != TC_OK ||
      (st = tc_conv_check_act_range(c, n, g.act, out)) != TC_OK)
    return st;
  {
    int32_t bad = tc_conv_multipliers(in, filt, out, s.out_c, 0, 0);
    if (bad >= 0)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "channel %d: output multiplier %f is too large", (int)bad,
                     (double)in->scale *
                         (double)conv_filter_scale(filt, bad) /
                         (double)out->scale);
  }
  mq = TC_QM_PERSIST ? (int32_t *)tc_persist(c, n, 8 * (size_t)s.out_c) : 0;
#if !TC_REFERENCE_KERNELS
  {
    tc_conv_job j;
    dw_job_of(&g, &s, &j);
    extra = tc_depthwise_s8_opt_scratch(&j);
  }
#endif
  if (conv_qm_bytes(s.out_c) + extra)
    tc_scratch(c, n, conv_qm_bytes(s.out_c) + extra);
  if (tc_measuring(c) || !TC_QM_PERSIST) return TC_OK;
  tc_conv_multipliers(in, filt, out, s.out_c, mq, mq + s.out_c);
  n->data = mq;
  return TC_OK;
}

/* Output rows [r0, r1) from input rows [i0, i1) (tc_stream), as in
 * conv.c: a sub-problem whose input starts at row i0. */
static void dw_rows(tc_ctx *c, tc_node *n, const void *indata, int32_t i0,
                    int32_t i1, int32_t r0, int32_t r1, void *outdata) {
  const tc_tensor *in = tc_in(c, n, 0), *filt = tc_in(c, n, 1),
                  *bias = tc_in(c, n, 2);
  tc_tensor *out = tc_out(c, n, 0);
  dw_shape s = dw_shape_of(in, filt);
  conv_geom g;
  (void)tc_conv_geom_init(c, n, dw_opts, s.in_h, s.in_w, s.k_h, s.k_w,
                          &g);
  s.in_h = i1 - i0;
  g.pad_h += i0 - r0 * g.stride_h;
  g.out_h = r1 - r0;
  if (in->type == TC_INT8) {
    conv_quant q;
    tc_conv_quant_setup(n, in, filt, out, s.out_c, g.act, r0 == 0, &q);
#if !TC_REFERENCE_KERNELS
    {
      tc_conv_job j;
      dw_job_of(&g, &s, &j);
      tc_conv_job_io(&j, &q, n, indata, filt, bias, outdata, s.out_c,
                     r0 > 0);
      if (tc_depthwise_s8_opt(&j)) return;
    }
#endif
    dw_conv_s8_nhwc(&g, &s, (const int8_t *)indata,
                    (const int8_t *)filt->data,
                    bias ? (const int32_t *)bias->data : 0, &q,
                    (int8_t *)outdata);
  } else if (TC_FLOAT_KERNELS) {
    float lo, hi;
    tc_act_range_f(g.act, &lo, &hi);
    if (filt->type == TC_INT8)
      dw_conv_hybrid_f32(&g, &s, (const float *)indata,
                         (const int8_t *)filt->data, filt,
                         bias ? (const float *)bias->data : 0, lo, hi,
                         (float *)outdata);
    else
      dw_conv_f32_nhwc(&g, &s, (const float *)indata,
                       (const float *)filt->data,
                       bias ? (const float *)bias->data : 0, lo, hi,
                       (float *)outdata);
  }
}

static void dw_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  dw_rows(c, n, in->data, 0, in->dims[1], 0, out->dims[1], out->data);
}

static void dw_window(tc_ctx *c, const tc_node *n, int32_t *stride,
                      int32_t *pad, int32_t *kh) {
  const tc_tensor *in = tc_in(c, n, 0), *filt = tc_in(c, n, 1);
  dw_shape s = dw_shape_of(in, filt);
  conv_geom g;
  (void)tc_conv_geom_init(c, n, dw_opts, s.in_h, s.in_w, s.k_h, s.k_w,
                          &g);
  *stride = g.stride_h;
  *pad = g.pad_h;
  *kh = (s.k_h - 1) * g.dil_h + 1;
}

const tc_stream tc_stream_depthwise_conv_2d = {TC_OP_DEPTHWISE_CONV_2D,
                                               dw_window, dw_rows};

const tc_kernel tc_kernel_depthwise_conv_2d = {
    TC_OP_DEPTHWISE_CONV_2D, TC_OPT_DEPTHWISE, dw_prepare, dw_invoke};
