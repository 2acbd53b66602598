/* MAX_POOL_2D and AVERAGE_POOL_2D, int8 and float32, NHWC.
 * Arithmetic follows TFLM's reference pooling (reference/pooling.h and
 * reference/integer_ops/pooling.h): windows are clipped to the input, so
 * padding taps are never read and an average divides by the number of
 * in-bounds taps. */
#include <float.h>

#include "kernel.h"

/* Pool2DOptions field ids (schema.fbs). */
enum { PO_PADDING = 0, PO_STRIDE_W = 1, PO_STRIDE_H = 2, PO_FILTER_W = 3,
       PO_FILTER_H = 4, PO_ACTIVATION = 5 };

typedef struct pool_params {
  int32_t stride_h, stride_w, filter_h, filter_w, pad_h, pad_w;
  union {
    int32_t q[2]; /* int8: clamp range */
    float f[2];   /* float32: clamp range */
  } act;
} pool_params;

/* TFLM ComputeOutSize (padding.h, dilation 1). */
static int32_t pool_out_size(int padding, int32_t in, int32_t filter,
                             int32_t stride) {
  return padding == TC_PAD_SAME ? (in + stride - 1) / stride
                                : (in + stride - filter) / stride;
}

/* TFLM ComputePaddingWithOffset: the leading pad (the odd extra pixel, if
 * any, goes at the end and needs no offset because windows are clipped). */
static int32_t pool_pad(int32_t in, int32_t filter, int32_t stride,
                        int32_t out) {
  int32_t total = (out - 1) * stride + filter - in;
  return total > 0 ? total / 2 : 0;
}

/* Window [start, end) in filter coordinates for an output position. */
static void pool_window(int32_t origin, int32_t filter, int32_t in,
                        int32_t *start, int32_t *end) {
  *start = origin < 0 ? -origin : 0;
  *end = in - origin < filter ? in - origin : filter;
}

/* --- reference kernels ------------------------------------------------ */

static int32_t pool_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

static void maxpool_s8_nhwc(const pool_params *p, const tc_tensor *in,
                            tc_tensor *out) {
  const int8_t *x = (const int8_t *)in->data;
  int8_t *y = (int8_t *)out->data;
  const int32_t batches = in->dims[0], ih = in->dims[1], iw = in->dims[2];
  const int32_t depth = in->dims[3], oh = out->dims[1], ow = out->dims[2];
  int32_t b, oy, ox, ch, fy, fx;
  for (b = 0; b < batches; b++)
    for (oy = 0; oy < oh; oy++)
      for (ox = 0; ox < ow; ox++) {
        const int32_t y0 = oy * p->stride_h - p->pad_h;
        const int32_t x0 = ox * p->stride_w - p->pad_w;
        int32_t fy0, fy1, fx0, fx1;
        const int8_t *w0;
        int8_t *o = y + ((b * oh + oy) * ow + ox) * depth;
        pool_window(y0, p->filter_h, ih, &fy0, &fy1);
        pool_window(x0, p->filter_w, iw, &fx0, &fx1);
        w0 = x + (((b * ih) + y0 + fy0) * iw + x0 + fx0) * depth;
        if (fy1 - fy0 == 2 && fx1 - fx0 == 2) {
          /* The common 2x2 window, without the loop and index arithmetic
           * that cost ~4x its four loads per output. */
          const int8_t *w1 = w0 + iw * depth;
          for (ch = 0; ch < depth; ch++) {
            int32_t m = w0[ch], v = w0[ch + depth];
            if (v > m) m = v;
            v = w1[ch];
            if (v > m) m = v;
            v = w1[ch + depth];
            if (v > m) m = v;
            o[ch] = (int8_t)pool_clamp(m, p->act.q[0], p->act.q[1]);
          }
          continue;
        }
        for (ch = 0; ch < depth; ch++) {
          int32_t m = -128;
          for (fy = 0; fy < fy1 - fy0; fy++)
            for (fx = 0; fx < fx1 - fx0; fx++) {
              int32_t v = w0[(fy * iw + fx) * depth + ch];
              if (v > m) m = v;
            }
          o[ch] = (int8_t)pool_clamp(m, p->act.q[0], p->act.q[1]);
        }
      }
}

static void maxpool_f32_nhwc(const pool_params *p, const tc_tensor *in,
                             tc_tensor *out) {
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  const int32_t batches = in->dims[0], ih = in->dims[1], iw = in->dims[2];
  const int32_t depth = in->dims[3], oh = out->dims[1], ow = out->dims[2];
  int32_t b, oy, ox, ch, fy, fx;
  for (b = 0; b < batches; b++)
    for (oy = 0; oy < oh; oy++)
      for (ox = 0; ox < ow; ox++) {
        const int32_t y0 = oy * p->stride_h - p->pad_h;
        const int32_t x0 = ox * p->stride_w - p->pad_w;
        int32_t fy0, fy1, fx0, fx1;
        pool_window(y0, p->filter_h, ih, &fy0, &fy1);
        pool_window(x0, p->filter_w, iw, &fx0, &fx1);
        for (ch = 0; ch < depth; ch++) {
          float m = -FLT_MAX;
          for (fy = fy0; fy < fy1; fy++)
            for (fx = fx0; fx < fx1; fx++) {
              float v = x[(((b * ih) + y0 + fy) * iw + x0 + fx) * depth + ch];
              if (m < v) m = v; /* std::max(m, v): keeps m when v is NaN */
            }
          if (m < p->act.f[0]) m = p->act.f[0];
          if (p->act.f[1] < m) m = p->act.f[1];
          y[((b * oh + oy) * ow + ox) * depth + ch] = m;
        }
      }
}

static void avgpool_s8_nhwc(const pool_params *p, const tc_tensor *in,
                            tc_tensor *out) {
  const int8_t *x = (const int8_t *)in->data;
  int8_t *y = (int8_t *)out->data;
  const int32_t batches = in->dims[0], ih = in->dims[1], iw = in->dims[2];
  const int32_t depth = in->dims[3], oh = out->dims[1], ow = out->dims[2];
  int32_t b, oy, ox, ch, fy, fx;
  for (b = 0; b < batches; b++)
    for (oy = 0; oy < oh; oy++)
      for (ox = 0; ox < ow; ox++) {
        const int32_t y0 = oy * p->stride_h - p->pad_h;
        const int32_t x0 = ox * p->stride_w - p->pad_w;
        int32_t fy0, fy1, fx0, fx1, count;
        pool_window(y0, p->filter_h, ih, &fy0, &fy1);
        pool_window(x0, p->filter_w, iw, &fx0, &fx1);
        count = (fy1 - fy0) * (fx1 - fx0); /* >= 1, checked in prepare */
        for (ch = 0; ch < depth; ch++) {
          int32_t acc = 0;
          for (fy = fy0; fy < fy1; fy++)
            for (fx = fx0; fx < fx1; fx++)
              acc += x[(((b * ih) + y0 + fy) * iw + x0 + fx) * depth + ch];
          /* TFLM: round half away from zero with truncating division. */
          acc = acc > 0 ? (acc + count / 2) / count
                        : (acc - count / 2) / count;
          if (acc < p->act.q[0]) acc = p->act.q[0];
          if (acc > p->act.q[1]) acc = p->act.q[1];
          y[((b * oh + oy) * ow + ox) * depth + ch] = (int8_t)acc;
        }
      }
}

static void avgpool_f32_nhwc(const pool_params *p, const tc_tensor *in,
                             tc_tensor *out) {
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  const int32_t batches = in->dims[0], ih = in->dims[1], iw = in->dims[2];
  const int32_t depth = in->dims[3], oh = out->dims[1], ow = out->dims[2];
  int32_t b, oy, ox, ch, fy, fx;
  for (b = 0; b < batches; b++)
    for (oy = 0; oy < oh; oy++)
      for (ox = 0; ox < ow; ox++) {
        const int32_t y0 = oy * p->stride_h - p->pad_h;
        const int32_t x0 = ox * p->stride_w - p->pad_w;
        int32_t fy0, fy1, fx0, fx1;
        float count;
        pool_window(y0, p->filter_h, ih, &fy0, &fy1);
        pool_window(x0, p->filter_w, iw, &fx0, &fx1);
        count = (float)((fy1 - fy0) * (fx1 - fx0));
        for (ch = 0; ch < depth; ch++) {
          float total = 0.0f, avg;
          for (fy = fy0; fy < fy1; fy++)
            for (fx = fx0; fx < fx1; fx++)
              total += x[(((b * ih) + y0 + fy) * iw + x0 + fx) * depth + ch];
          avg = total / count;
          if (avg < p->act.f[0]) avg = p->act.f[0];
          if (p->act.f[1] < avg) avg = p->act.f[1];
          y[((b * oh + oy) * ow + ox) * depth + ch] = avg;
        }
      }
}

/* --- prepare / invoke --------------------------------------------------- */

static tc_status pool_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *out = tc_out(c, n, 0);
  pool_params p, *d;
  int padding, act;
  int32_t oh, ow;

  if (n->nin != 1 || n->nout != 1 || !in || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 1 input and 1 output, got %d and %d",
                   n->nin, n->nout);
  if (in->type != TC_INT8 && in->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8 or float32",
                   tc_type_name(in->type));
  if (!TC_FLOAT_KERNELS && in->type != TC_INT8)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, TC_FLOAT_REFUSED, tc_type_name(in->type));
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s like the input",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (in->ndims != 4 || out->ndims != 4)
    return tc_fail(c, n, TC_ERR_MODEL, "input and output must be 4-D NHWC, got %d-D and %d-D",
                   in->ndims, out->ndims);

  padding = tc_opt_u8(n, PO_PADDING, TC_PAD_SAME);
  p.stride_w = tc_opt_i32(n, PO_STRIDE_W, 0);
  p.stride_h = tc_opt_i32(n, PO_STRIDE_H, 0);
  p.filter_w = tc_opt_i32(n, PO_FILTER_W, 0);
  p.filter_h = tc_opt_i32(n, PO_FILTER_H, 0);
  act = tc_opt_u8(n, PO_ACTIVATION, TC_ACT_NONE);
  if (padding != TC_PAD_SAME && padding != TC_PAD_VALID)
    return tc_fail(c, n, TC_ERR_MODEL, "padding %d is neither SAME nor VALID", padding);
  if (p.stride_w < 1 || p.stride_h < 1)
    return tc_fail(c, n, TC_ERR_MODEL, "strides must be >= 1, got h=%d w=%d",
                   p.stride_h, p.stride_w);
  if (p.filter_w < 1 || p.filter_h < 1)
    return tc_fail(c, n, TC_ERR_MODEL, "filter size must be >= 1, got %dx%d",
                   p.filter_h, p.filter_w);
  if (act != TC_ACT_NONE && act != TC_ACT_RELU && act != TC_ACT_RELU6 &&
      act != TC_ACT_RELU_N1_TO_1)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "fused activation %d is not supported", act);

  oh = pool_out_size(padding, in->dims[1], p.filter_h, p.stride_h);
  ow = pool_out_size(padding, in->dims[2], p.filter_w, p.stride_w);
  /* Every output then has at least one in-bounds tap: VALID windows lie
   * inside the input, and SAME pads less than a filter on each side. */
  if (oh < 1 || ow < 1)
    return tc_fail(c, n, TC_ERR_MODEL, "filter %dx%d does not fit input %dx%d",
                   p.filter_h, p.filter_w, in->dims[1], in->dims[2]);
  if (out->dims[0] != in->dims[0] || out->dims[1] != oh || out->dims[2] != ow ||
      out->dims[3] != in->dims[3])
    return tc_fail(c, n, TC_ERR_MODEL, "output is [%d,%d,%d,%d], the op yields [%d,%d,%d,%d]",
                   out->dims[0], out->dims[1], out->dims[2], out->dims[3],
                   in->dims[0], oh, ow, in->dims[3]);
  p.pad_h = pool_pad(in->dims[1], p.filter_h, p.stride_h, oh);
  p.pad_w = pool_pad(in->dims[2], p.filter_w, p.stride_w, ow);
  { /* pixel by pixel, each channel's window read before it is written */
    tc_window_io w;
    w.batches = in->dims[0];
    w.in_h = in->dims[1];
    w.in_w = in->dims[2];
    w.out_h = oh;
    w.out_w = ow;
    w.stride_h = p.stride_h;
    w.stride_w = p.stride_w;
    w.pad_h = p.pad_h;
    w.pad_w = p.pad_w;
    w.in_px = w.out_px = (uint32_t)in->dims[3] * (uint32_t)tc_type_size(in->type);
    tc_overlap(c, n, tc_window_lead(&w));
  }

  if (in->type == TC_INT8) {
    float diff = in->scale - out->scale;
    if (diff < 0) diff = -diff;
    /* TFLM: |scale_in - scale_out| <= 1e-6 and equal zero points. */
    if ((double)diff > 1.0e-6 || in->zero_point != out->zero_point)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "input and output quantization differ (scale %f vs %f, zero point %d vs %d)",
                     (double)in->scale, (double)out->scale, in->zero_point,
                     out->zero_point);
    tc_act_range_q(act, out, &p.act.q[0], &p.act.q[1]);
  } else if (TC_FLOAT_KERNELS) {
    tc_act_range_f(act, &p.act.f[0], &p.act.f[1]);
  }

  d = (pool_params *)tc_persist(c, n, sizeof *d);
  if (tc_measuring(c)) return TC_OK;
  if (!d) return tc_fail(c, n, TC_ERR_ARENA, "no persistent memory for pooling parameters");
  *d = p;
  n->data = d;
  return TC_OK;
}

/* The sub-problem of output rows [r0, r1) from input rows [i0, i1) at
 * indata (tc_stream): shorter tensors, the window origin shifted. */
static void pool_sub(tc_ctx *c, tc_node *n, const void *indata, int32_t i0,
                     int32_t i1, int32_t r0, int32_t r1, void *outdata,
                     pool_params *p, tc_tensor *in, tc_tensor *out) {
  *p = *(const pool_params *)n->data;
  *in = *tc_in(c, n, 0);
  *out = *tc_out(c, n, 0);
  in->data = (void *)(uintptr_t)indata; /* read only */
  in->dims[1] = i1 - i0;
  out->data = outdata;
  out->dims[1] = r1 - r0;
  p->pad_h += i0 - r0 * p->stride_h;
}

static void maxpool_rows(tc_ctx *c, tc_node *n, const void *indata,
                         int32_t i0, int32_t i1, int32_t r0, int32_t r1,
                         void *outdata) {
  pool_params p;
  tc_tensor in, out;
  pool_sub(c, n, indata, i0, i1, r0, r1, outdata, &p, &in, &out);
  if (in.type == TC_INT8)
    maxpool_s8_nhwc(&p, &in, &out);
  else if (TC_FLOAT_KERNELS)
    maxpool_f32_nhwc(&p, &in, &out);
}

static void avgpool_rows(tc_ctx *c, tc_node *n, const void *indata,
                         int32_t i0, int32_t i1, int32_t r0, int32_t r1,
                         void *outdata) {
  pool_params p;
  tc_tensor in, out;
  pool_sub(c, n, indata, i0, i1, r0, r1, outdata, &p, &in, &out);
  if (in.type == TC_INT8)
    avgpool_s8_nhwc(&p, &in, &out);
  else if (TC_FLOAT_KERNELS)
    avgpool_f32_nhwc(&p, &in, &out);
}

static void maxpool_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  maxpool_rows(c, n, in->data, 0, in->dims[1], 0, out->dims[1], out->data);
}

static void avgpool_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  tc_tensor *out = tc_out(c, n, 0);
  avgpool_rows(c, n, in->data, 0, in->dims[1], 0, out->dims[1], out->data);
}

static void pool_window_rows(tc_ctx *c, const tc_node *n, int32_t *stride,
                             int32_t *pad, int32_t *kh) {
  /* From the options, not n->data: also asked while measuring. */
  const tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  *stride = tc_opt_i32(n, PO_STRIDE_H, 0);
  *kh = tc_opt_i32(n, PO_FILTER_H, 0);
  *pad = pool_pad(in->dims[1], *kh, *stride, out->dims[1]);
}

const tc_kernel tc_kernel_max_pool_2d = {TC_OP_MAX_POOL_2D, TC_OPT_POOL2D,
                                         pool_prepare, maxpool_invoke};
const tc_kernel tc_kernel_average_pool_2d = {TC_OP_AVERAGE_POOL_2D, TC_OPT_POOL2D,
                                             pool_prepare, avgpool_invoke};

const tc_stream tc_stream_max_pool_2d = {TC_OP_MAX_POOL_2D, pool_window_rows,
                                         maxpool_rows};
const tc_stream tc_stream_average_pool_2d = {
    TC_OP_AVERAGE_POOL_2D, pool_window_rows, avgpool_rows};
