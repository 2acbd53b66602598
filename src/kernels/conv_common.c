/* The CONV_2D / DEPTHWISE_CONV_2D helpers of conv_common.h, compiled once
 * so that the two kernels share one copy (runtime flash). */
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
  g->stride_w = tc_opt_i32(n, 1, 0); /* no schema default: 0 is an error */
  g->stride_h = tc_opt_i32(n, 2, 0);
  g->act = tc_opt_u8(n, f.act, TC_ACT_NONE);
  g->dil_w = tc_opt_i32(n, f.dil_w, 1);
  g->dil_h = tc_opt_i32(n, f.dil_w + 1, 1);
  if (padding != TC_PAD_SAME && padding != TC_PAD_VALID)
    return tc_fail(c, n, TC_ERR_MODEL, "padding %d is neither SAME nor VALID",
                   padding);
  if (g->stride_h < 1 || g->stride_w < 1)
    return tc_fail(c, n, TC_ERR_MODEL, "stride %dx%d (h x w), expected >= 1",
                   (int)g->stride_h, (int)g->stride_w);
  if (g->dil_h < 1 || g->dil_w < 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "dilation %dx%d (h x w), expected >= 1", (int)g->dil_h,
                   (int)g->dil_w);
  if (g->act == 4 || g->act == 5)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "fused activation %s is not supported (NONE, RELU, "
                   "RELU_N1_TO_1, RELU6 are)",
                   g->act == 4 ? "TANH" : "SIGN_BIT");
  if (g->act > TC_ACT_RELU6)
    return tc_fail(c, n, TC_ERR_MODEL, "fused activation %d is not valid",
                   g->act);
  if (in_h < 1 || in_w < 1 || kh < 1 || kw < 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "input %dx%d and filter %dx%d must not be empty", (int)in_h,
                   (int)in_w, (int)kh, (int)kw);
  /* (k - 1) * dilation must stay far from int32 overflow (found by
   * fuzz_model); no real model comes near. */
  if ((int64_t)(kh - 1) * g->dil_h >= 65536 ||
      (int64_t)(kw - 1) * g->dil_w >= 65536)
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
tc_status tc_conv_check_filter_quant(tc_ctx *c, const tc_node *n,
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
tc_status tc_conv_check_act_range(tc_ctx *c, const tc_node *n, int act,
                                  const tc_tensor *out) {
  float bound = act == TC_ACT_RELU6 ? 6.0f : 1.0f;
  if ((act == TC_ACT_RELU6 || act == TC_ACT_RELU_N1_TO_1) &&
      !(bound / out->scale < 2.0e9f))
    return tc_fail(c, n, TC_ERR_MODEL,
                   "output scale %f too small for the fused activation",
                   (double)out->scale);
  return TC_OK;
}

/* The table at invoke (prepare has checked every channel): integer-only,
 * byte-identical with conv_multipliers (qm_int.c). */
void tc_conv_multipliers_invoke(const tc_tensor *in, const tc_tensor *filt,
                                const tc_tensor *out, int32_t cout,
                                int32_t *mult, int32_t *shift) {
#if TC_QM_DOUBLE
  /* Hardware double: the definition itself costs less than the integer
   * long division. */
  (void)tc_conv_multipliers(in, filt, out, cout, mult, shift);
#else
  int32_t ch;
  tc_qm_op op;
  tc_qm_begin(&op, in->scale, out->scale);
  for (ch = 0; ch < cout; ch++) {
    int s;
    tc_qm_channel(&op, conv_filter_scale(filt, ch), &mult[ch], &s);
    shift[ch] = s;
  }
#endif
}

/* TFLite PopulateConvolutionQuantizationParams: per output channel,
 * effective scale = in_scale * filter_scale / out_scale in double, then
 * QuantizeMultiplier. Returns the first channel whose multiplier needs a
 * left shift beyond what the int32 arithmetic can hold, or -1.
 * mult/shift may be NULL (validation only). */
int32_t tc_conv_multipliers(const tc_tensor *in, const tc_tensor *filt,
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


void tc_conv_quant_setup(const tc_node *n, const tc_tensor *in,
                         const tc_tensor *filt, const tc_tensor *out,
                         int32_t out_c, int act, int first_rows,
                         conv_quant *q) {
  int32_t *qm = (int32_t *)n->scratch; /* used when TC_QM_PERSIST = 0 */
  q->in_offset = -in->zero_point;
  q->out_offset = out->zero_point;
  if (!TC_QM_PERSIST && first_rows)
    tc_conv_multipliers_invoke(in, filt, out, out_c, qm, qm + out_c);
  q->mult = TC_QM_PERSIST ? (const int32_t *)n->data : qm;
  q->shift = q->mult + out_c;
  tc_act_range_q(act, out, &q->act_lo, &q->act_hi);
}

#if !TC_REFERENCE_KERNELS
void tc_conv_job_io(tc_conv_job *j, const conv_quant *q, const tc_node *n,
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
