/* The CONV_2D / DEPTHWISE_CONV_2D helpers of conv_common.h, compiled once
 * so that the two kernels share one copy (runtime flash). */
#include <string.h>

#include "conv_common.h"

/* TFLite ComputeOutSize (GetWindowedOutputSize). C division truncates
 * toward zero like C++, so a too-large VALID filter yields <= 0. */
static int32_t conv_out_size(int padding, int32_t in, int32_t filt,
                             int32_t stride, int32_t dil) {
  int32_t eff = (filt - 1) * dil + 1;
  return padding == TC_PAD_SAME ? (in + stride - 1) / stride
                                : (in + stride - eff) / stride;
}

/* TFLite ComputePaddingWithOffset without the odd-padding offset (the
 * reference kernels only use the top/left amount: the extra row/column of
 * an odd total padding goes to the bottom/right, where the bounds check
 * already treats it as zeros). */
static int32_t conv_pad(int32_t in, int32_t filt, int32_t stride, int32_t dil,
                        int32_t out) {
  int32_t eff = (filt - 1) * dil + 1;
  int32_t total = (out - 1) * stride + eff - in;
  return total > 0 ? total / 2 : 0;
}

/* Reads and validates the window options and computes the geometry for an
 * NHWC input of in_h x in_w and a kh x kw filter. */
tc_status tc_conv_geom_init(tc_ctx *c, const tc_node *n, conv_fields f,
                            int32_t in_h, int32_t in_w, int32_t kh,
                            int32_t kw, conv_geom *g) {
  int padding = tc_opt_u8(n, 0, TC_PAD_SAME);
  g->pad_h = g->pad_w = 0; /* defined even on failure (window callers) */
  g->stride_w = tc_opt_i32(n, 1, 0); /* no schema default: 0 is an error */
  g->stride_h = tc_opt_i32(n, 2, 0);
  g->act = tc_opt_u8(n, f.act, TC_ACT_NONE);
  g->dil_w = f.dil_w ? tc_opt_i32(n, f.dil_w, 1) : 1;
  g->dil_h = f.dil_w ? tc_opt_i32(n, f.dil_w + 1, 1) : 1;
  if (padding != TC_PAD_SAME && padding != TC_PAD_VALID)
    return tc_fail(c, n, TC_ERR_MODEL, "padding %d is neither SAME nor VALID",
                   padding);
  /* Bounded where read, so that no window arithmetic below or in the
   * kernels can overflow: strides and dilations 1..65535, filter sides
   * 1..65536 (input sides are at most TC_MAX_DIM, tc_model_load). */
  if ((uint32_t)g->stride_h - 1u >= 65535u ||
      (uint32_t)g->stride_w - 1u >= 65535u ||
      (uint32_t)g->dil_h - 1u >= 65535u || (uint32_t)g->dil_w - 1u >= 65535u)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "stride %dx%d, dilation %dx%d (h x w): expected 1..65535",
                   (int)g->stride_h, (int)g->stride_w, (int)g->dil_h,
                   (int)g->dil_w);
  if (g->act == 4 || g->act == 5)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "fused activation %s is not supported (NONE, RELU, "
                   "RELU_N1_TO_1, RELU6 are)",
                   g->act == 4 ? "TANH" : "SIGN_BIT");
  if (g->act > TC_ACT_RELU6)
    return tc_fail(c, n, TC_ERR_MODEL, "fused activation %d is not valid",
                   g->act);
  if ((uint32_t)kh - 1u >= 65536u || (uint32_t)kw - 1u >= 65536u)
    return tc_fail(c, n, TC_ERR_MODEL, "filter %dx%d, expected 1..65536 a side",
                   (int)kh, (int)kw);
  /* (k - 1) * dilation must stay far from int32 overflow (found by
   * fuzz_model); no real model comes near. Both factors < 2^16 here. */
  if (((uint32_t)kh - 1u) * (uint32_t)g->dil_h >= 65536u ||
      ((uint32_t)kw - 1u) * (uint32_t)g->dil_w >= 65536u)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "dilated filter %dx%d (dilation %dx%d) spans more than "
                   "65536 pixels",
                   (int)kh, (int)kw, (int)g->dil_h, (int)g->dil_w);
  g->out_h = conv_out_size(padding, in_h, kh, g->stride_h, g->dil_h);
  g->out_w = conv_out_size(padding, in_w, kw, g->stride_w, g->dil_w);
  if (g->out_h < 1 || g->out_w < 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "VALID %dx%d filter (dilation %dx%d) does not fit the "
                   "%dx%d input",
                   (int)kh, (int)kw, (int)g->dil_h, (int)g->dil_w, (int)in_h,
                   (int)in_w);
  g->pad_h = conv_pad(in_h, kh, g->stride_h, g->dil_h, g->out_h);
  g->pad_w = conv_pad(in_w, kw, g->stride_w, g->dil_w, g->out_w);
  return TC_OK;
}

/* In-place request for a conv-like op (kernel.h, tc_window_lead): the
 * reference kernels go pixel by pixel; the optimized int8 ones go in
 * blocks of at most TC_OVERLAP_BLOCK pixels (im2col or direct 1x1) or row
 * by row with the row's inputs copied to scratch first (depthwise 3x3).
 * Every path reads only the windows of the pixels it is writing or later
 * ones. */
void tc_conv_request_overlap(tc_ctx *c, tc_node *n, const conv_geom *g,
                             const tc_tensor *in, const tc_tensor *out) {
  tc_window_io w;
  w.batches = in->dims[0];
  w.in_h = in->dims[1];
  w.in_w = in->dims[2];
  w.out_h = g->out_h;
  w.out_w = g->out_w;
  w.stride_h = g->stride_h;
  w.stride_w = g->stride_w;
  w.pad_h = g->pad_h;
  w.pad_w = g->pad_w;
  w.in_px = (uint32_t)in->dims[3] * (uint32_t)tc_type_size(in->type);
  w.out_px = (uint32_t)out->dims[3] * (uint32_t)tc_type_size(out->type);
  tc_overlap(c, n, tc_window_lead(&w));
}

/* Symmetric int8 filter quantization, shared by the int8 and hybrid paths:
 * one scale, or one per output channel along axis qaxis. */
static tc_status conv_check_filter_quant(tc_ctx *c, const tc_node *n,
                                     const tc_tensor *filt, int qaxis,
                                     int32_t cout) {
  if (filt->nscales == 0)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "int8 filter (input 1) has no quantization scale");
  if (filt->nscales > 1 &&
      ((int32_t)filt->nscales != cout || filt->qdim != qaxis))
    return tc_fail(c, n, TC_ERR_MODEL,
                   "filter has %u scales on axis %u, expected 1 or %d on "
                   "axis %d (output channels)",
                   (unsigned)filt->nscales, (unsigned)filt->qdim, (int)cout,
                   qaxis);
  if (filt->zero_point != 0)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "filter zero point is %d, expected 0 (symmetric)",
                   (int)filt->zero_point);
  return TC_OK;
}


/* The quantized clamp range of a fused activation must be computable
 * (TFLite fails when round(6 / scale) overflows int32). */
static tc_status conv_check_act_range(tc_ctx *c, const tc_node *n, int act,
                                  const tc_tensor *out) {
  float bound = act == TC_ACT_RELU6 ? 6.0f : 1.0f;
  if ((act == TC_ACT_RELU6 || act == TC_ACT_RELU_N1_TO_1) &&
      !(bound / out->scale < 2.0e9f))
    return tc_fail(c, n, TC_ERR_MODEL,
                   "output scale %f too small for the fused activation",
                   (double)out->scale);
  return TC_OK;
}

static int32_t conv_multipliers(const tc_tensor *in, const tc_tensor *filt,
                                const tc_tensor *out, int32_t cout,
                                int32_t *mult, int32_t *shift);

/* The table at invoke (prepare has checked every channel): integer-only,
 * byte-identical with conv_multipliers (qm_int.c). */
static void conv_multipliers_invoke(const tc_tensor *in, const tc_tensor *filt,
                                const tc_tensor *out, int32_t cout,
                                int32_t *mult, int32_t *shift) {
#if TC_QM_DOUBLE
  /* Hardware double: the definition itself is cheapest. */
  (void)conv_multipliers(in, filt, out, cout, mult, shift);
#else
  tc_qm_op op;
  tc_qm_begin(&op, in->scale, out->scale);
  if (filt->nscales > 1)
    tc_qm_channels(&op, filt->scales, 1, cout, mult, shift);
  else
    tc_qm_channels(&op, &filt->scale, 0, cout, mult, shift);
#endif
}

/* TFLite PopulateConvolutionQuantizationParams: per output channel,
 * effective scale = in_scale * filter_scale / out_scale in double, then
 * QuantizeMultiplier. Returns the first channel whose multiplier needs a
 * left shift beyond what the int32 arithmetic can hold, or -1.
 * mult/shift may be NULL (validation only). */
static int32_t conv_multipliers(const tc_tensor *in, const tc_tensor *filt,
                            const tc_tensor *out, int32_t cout,
                            int32_t *mult, int32_t *shift) {
  int32_t ch;
  for (ch = 0; ch < cout; ch++) {
    double real = (double)in->scale * (double)conv_filter_scale(filt, ch) /
                  (double)out->scale;
    int32_t q;
    int s;
    tc_quantize_multiplier(real, &q, &s);
    if (s > 30) return ch;
    if (mult) {
      mult[ch] = q;
      shift[ch] = s;
    }
  }
  return -1;
}


static void conv_quant_setup(const tc_node *n, const tc_tensor *in,
                         const tc_tensor *filt, const tc_tensor *out,
                         int32_t out_c, int act, int first_rows,
                         conv_quant *q) {
  int32_t *qm = (int32_t *)n->scratch; /* used when TC_QM_PERSIST = 0 */
  q->in_offset = -in->zero_point;
  q->out_offset = out->zero_point;
  if (!TC_QM_PERSIST && first_rows)
    conv_multipliers_invoke(in, filt, out, out_c, qm, qm + out_c);
  q->mult = TC_QM_PERSIST ? (const int32_t *)n->data : qm;
  q->shift = q->mult + out_c;
  tc_act_range_q(act, out, &q->act_lo, &q->act_hi);
}

#if !TC_REFERENCE_KERNELS
static void conv_job_io(tc_conv_job *j, const conv_quant *q, const tc_node *n,
                    const void *in, const tc_tensor *filt,
                    const tc_tensor *bias, void *out, int32_t out_c,
                    int keep) {
  j->input = (const int8_t *)in;
  j->filter = (const int8_t *)filt->data;
  j->bias = bias ? (const int32_t *)bias->data : 0;
  j->output = (int8_t *)out;
  j->in_offset = q->in_offset;
  j->out_offset = q->out_offset;
  j->act_lo = q->act_lo;
  j->act_hi = q->act_hi;
  j->mult = q->mult;
  j->shift = q->shift;
  j->scratch = (int8_t *)n->scratch + conv_qm_bytes(out_c);
  j->keep = keep;
}
#endif

static conv_shape conv_shape_of(const tc_tensor *in, const tc_tensor *filt,
                                int dw) {
  conv_shape s;
  s.batches = in->dims[0];
  s.in_h = in->dims[1];
  s.in_w = in->dims[2];
  s.in_c = in->dims[3];
  s.k_h = filt->dims[1];
  s.k_w = filt->dims[2];
  s.out_c = filt->dims[dw ? 3 : 0];
  s.k_c = dw ? 1 : filt->dims[3];
  s.mult = s.in_c > 0 ? s.out_c / s.in_c : 0;
  return s;
}

#if !TC_REFERENCE_KERNELS
/* The optimized kernel's view of the op (shape and geometry), when it
 * applies: any depthwise, an ungrouped conv. */
static int conv_job_of(const conv_kind *k, const conv_geom *g,
                       const conv_shape *s, tc_conv_job *j) {
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
  return k->dw || s->k_c == s->in_c;
}
#endif

#define DW_OPT_DEPTH_MULTIPLIER 3 /* DepthwiseConv2DOptions field */

tc_status tc_conv_prepare(tc_ctx *c, tc_node *n, const conv_kind *k) {
  const tc_tensor *in, *filt, *bias;
  tc_tensor *out;
  conv_shape s;
  conv_geom g;
  tc_status st;
  int32_t *mq, bad;
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

  /* shapes (and the depth multiplier) */
  s = conv_shape_of(in, filt, k->dw);
  if (k->dw) {
    int32_t opt_mult;
    if (filt->dims[0] != 1 || s.in_c < 1 || s.out_c < 1 ||
        s.out_c % s.in_c != 0)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "filter [%d,%d,%d,%d] does not fit %d input channels "
                     "(expected [1,KH,KW,multiple of %d])",
                     (int)filt->dims[0], (int)s.k_h, (int)s.k_w, (int)s.out_c,
                     (int)s.in_c, (int)s.in_c);
    /* Newer converters may leave the option at 0: the filter decides. */
    opt_mult = tc_opt_i32(n, DW_OPT_DEPTH_MULTIPLIER, 0);
    if (opt_mult != 0 && opt_mult != s.mult)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "depth_multiplier %d, but the filter has %d channels for "
                     "%d input channels",
                     (int)opt_mult, (int)s.out_c, (int)s.in_c);
  } else if (s.in_c < 1 || s.k_c < 1 || s.out_c < 1 || s.in_c % s.k_c != 0 ||
             s.out_c % (s.in_c / s.k_c) != 0) {
    return tc_fail(c, n, TC_ERR_MODEL,
                   "filter [%d,%d,%d,%d] does not fit %d input channels",
                   (int)s.out_c, (int)s.k_h, (int)s.k_w, (int)s.k_c,
                   (int)s.in_c);
  }
  if (bias && tc_numel(bias) != (uint32_t)s.out_c)
    return tc_fail(c, n, TC_ERR_MODEL, "bias has %u elements, expected %d",
                   (unsigned)tc_numel(bias), (int)s.out_c);
  st = tc_conv_geom_init(c, n, k->f, s.in_h, s.in_w, s.k_h, s.k_w, &g);
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
    st = conv_check_filter_quant(c, n, filt, k->dw ? 3 : 0, s.out_c);
    if (st != TC_OK) return st;
  }
  if (!s8) return TC_OK; /* float and hybrid need no persistent data */
  if ((st = tc_check_per_tensor(c, n, in, "input")) != TC_OK ||
      (st = tc_check_per_tensor(c, n, out, "output")) != TC_OK ||
      (st = conv_check_act_range(c, n, g.act, out)) != TC_OK)
    return st;
  bad = conv_multipliers(in, filt, out, s.out_c, 0, 0);
  if (bad >= 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "channel %d: output multiplier %f is too large", (int)bad,
                   (double)in->scale * (double)conv_filter_scale(filt, bad) /
                       (double)out->scale);
  mq = TC_QM_PERSIST ? (int32_t *)tc_persist(c, n, 8 * (size_t)s.out_c) : 0;
#if !TC_REFERENCE_KERNELS
  {
    tc_conv_job j;
    if (conv_job_of(k, &g, &s, &j)) extra = k->opt_scratch(&j);
  }
#endif
  if (conv_qm_bytes(s.out_c) + extra)
    tc_scratch(c, n, conv_qm_bytes(s.out_c) + extra);
  if (tc_measuring(c) || !TC_QM_PERSIST) return TC_OK;
  conv_multipliers(in, filt, out, s.out_c, mq, mq + s.out_c);
  n->data = mq;
  return TC_OK;
}

/* The shape and geometry of the sub-problem of output rows [r0, r1) from
 * input rows [i0, i1): its window of row r - r0 starts at input row
 * r * stride - pad - i0. */
TC_ALWAYS_INLINE void conv_band(tc_ctx *c, tc_node *n, const conv_kind *k,
                                const tc_tensor *in, const tc_tensor *filt,
                                int32_t i0, int32_t i1, int32_t r0,
                                int32_t r1, conv_shape *s, conv_geom *g) {
  *s = conv_shape_of(in, filt, k->dw);
  (void)tc_conv_geom_init(c, n, k->f, s->in_h, s->in_w, s->k_h, s->k_w, g);
  s->in_h = i1 - i0;
  g->pad_h += i0 - r0 * g->stride_h;
  g->out_h = r1 - r0;
}

/* Output rows [r0, r1) from input rows [i0, i1) (tc_stream): the same
 * computation on that sub-problem. */
void tc_conv_rows(tc_ctx *c, tc_node *n, const conv_kind *k,
                  const void *indata, int32_t i0, int32_t i1, int32_t r0,
                  int32_t r1, void *outdata) {
  const tc_tensor *in = tc_in(c, n, 0), *filt = tc_in(c, n, 1),
                  *bias = tc_in(c, n, 2);
  tc_tensor *out = tc_out(c, n, 0);
  conv_geom g;
  conv_shape s;
  conv_band(c, n, k, in, filt, i0, i1, r0, r1, &s, &g);
  if (in->type == TC_INT8) {
    conv_quant q;
    conv_quant_setup(n, in, filt, out, s.out_c, g.act, r0 == 0, &q);
#if !TC_REFERENCE_KERNELS
    {
      tc_conv_job j;
      if (conv_job_of(k, &g, &s, &j)) {
        conv_job_io(&j, &q, n, indata, filt, bias, outdata, s.out_c, r0 > 0);
        if (k->opt(&j)) return;
      }
    }
#endif
    k->s8(&g, &s, (const int8_t *)indata, (const int8_t *)filt->data,
          bias ? (const int32_t *)bias->data : 0, &q, (int8_t *)outdata);
  } else if (TC_FLOAT_KERNELS) {
    float lo, hi;
    tc_act_range_f(g.act, &lo, &hi);
    if (filt->type == TC_INT8)
      k->hybrid(&g, &s, (const float *)indata, (const int8_t *)filt->data,
                filt, bias ? (const float *)bias->data : 0, lo, hi,
                (float *)outdata);
    else
      k->f32(&g, &s, (const float *)indata, (const float *)filt->data,
             bias ? (const float *)bias->data : 0, lo, hi, (float *)outdata);
  }
}

#if !TC_REFERENCE_KERNELS && !defined(__OPTIMIZE_SIZE__)
int tc_conv_pool_rows(tc_ctx *c, tc_node *n, const conv_kind *k, int32_t lo,
                      int32_t hi, const void *indata, int32_t i0, int32_t i1,
                      int32_t r0, int32_t r1, void *outdata) {
  const tc_tensor *in = tc_in(c, n, 0), *filt = tc_in(c, n, 1),
                  *bias = tc_in(c, n, 2);
  tc_tensor *out = tc_out(c, n, 0);
  conv_geom g;
  conv_shape s;
  conv_quant q;
  tc_conv_job j;
  if (in->type != TC_INT8 || k->dw) return 0;
  conv_band(c, n, k, in, filt, i0, i1, r0, r1, &s, &g);
  conv_quant_setup(n, in, filt, out, s.out_c, g.act, r0 == 0, &q);
  /* clamp(clamp(v, a, b), lo, hi) = clamp(v, max(a, lo), min(b, hi))
   * when the ranges meet */
  if (q.act_lo > hi || lo > q.act_hi) return 0;
  if (lo > q.act_lo) q.act_lo = lo;
  if (hi < q.act_hi) q.act_hi = hi;
  if (!conv_job_of(k, &g, &s, &j)) return 0;
  conv_job_io(&j, &q, n, indata, filt, bias, outdata, s.out_c, r0 > 0);
  j.pool = 1;
  return k->opt(&j);
}
#endif

void tc_conv_invoke(tc_ctx *c, tc_node *n, const conv_kind *k) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  tc_conv_rows(c, n, k, in->data, 0, in->dims[1], 0, out->dims[1],
               out->data);
}

void tc_conv_window(tc_ctx *c, const tc_node *n, const conv_kind *k,
                    int32_t *stride, int32_t *pad, int32_t *kh) {
  const tc_tensor *in = tc_in(c, n, 0), *filt = tc_in(c, n, 1);
  conv_geom g;
  (void)tc_conv_geom_init(c, n, k->f, in->dims[1], in->dims[2],
                          filt->dims[1], filt->dims[2], &g);
  *stride = g.stride_h;
  *pad = g.pad_h;
  *kh = (filt->dims[1] - 1) * g.dil_h + 1;
}
