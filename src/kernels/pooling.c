/* MAX_POOL_2D and AVERAGE_POOL_2D, int8 and float32, NHWC.
 * Arithmetic follows TFLM's reference pooling (reference/pooling.h and
 * reference/integer_ops/pooling.h): windows are clipped to the input, so
 * padding taps are never read and an average divides by the number of
 * in-bounds taps. */
#include <float.h>

#include "conv_common.h"

/* Pool2DOptions field ids (schema.fbs). */
enum { PO_PADDING = 0, PO_STRIDE_W = 1, PO_STRIDE_H = 2, PO_FILTER_W = 3,
       PO_FILTER_H = 4, PO_ACTIVATION = 5 };
static const conv_fields pool_fields = {PO_ACTIVATION, 0}; /* no dilation */

typedef struct pool_params {
  int32_t stride_h, stride_w, filter_h, filter_w, pad_h, pad_w;
  union {
    int32_t q[2]; /* int8: clamp range */
    float f[2];   /* float32: clamp range */
  } act;
} pool_params;

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
  conv_geom g;
  tc_status st;
  int act;

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

  /* The window options and geometry of a conv without dilation; every
   * output then has at least one in-bounds tap: VALID windows lie inside
   * the input, and SAME pads less than a filter on each side. */
  p.filter_w = tc_opt_i32(n, PO_FILTER_W, 0);
  p.filter_h = tc_opt_i32(n, PO_FILTER_H, 0);
  st = tc_conv_geom_init(c, n, pool_fields, in->dims[1], in->dims[2],
                         p.filter_h, p.filter_w, &g);
  if (st != TC_OK) return st;
  if (out->dims[0] != in->dims[0] || out->dims[1] != g.out_h ||
      out->dims[2] != g.out_w || out->dims[3] != in->dims[3])
    return tc_fail(c, n, TC_ERR_MODEL, "output is [%d,%d,%d,%d], the op yields [%d,%d,%d,%d]",
                   out->dims[0], out->dims[1], out->dims[2], out->dims[3],
                   in->dims[0], g.out_h, g.out_w, in->dims[3]);
  p.stride_h = g.stride_h;
  p.stride_w = g.stride_w;
  p.pad_h = g.pad_h;
  p.pad_w = g.pad_w;
  act = g.act;
  /* pixel by pixel, each channel's window read before it is written */
  tc_conv_request_overlap(c, n, &g, in, out);

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
  const tc_tensor *in = tc_in(c, n, 0);
  conv_geom g;
  *kh = tc_opt_i32(n, PO_FILTER_H, 0);
  (void)tc_conv_geom_init(c, n, pool_fields, in->dims[1], in->dims[2], *kh,
                          tc_opt_i32(n, PO_FILTER_W, 0), &g);
  *stride = g.stride_h;
  *pad = g.pad_h;
}

const tc_kernel tc_kernel_max_pool_2d = {TC_OP_MAX_POOL_2D, TC_OPT_POOL2D,
                                         pool_prepare, maxpool_invoke};
const tc_kernel tc_kernel_average_pool_2d = {TC_OP_AVERAGE_POOL_2D, TC_OPT_POOL2D,
                                             pool_prepare, avgpool_invoke};

const tc_stream tc_stream_max_pool_2d = {TC_OP_MAX_POOL_2D, pool_window_rows,
                                         maxpool_rows, 0};
const tc_stream tc_stream_average_pool_2d = {
    TC_OP_AVERAGE_POOL_2D, pool_window_rows, avgpool_rows, 0};

#ifndef __OPTIMIZE_SIZE__
int tc_maxpool2(tc_ctx *c, const tc_node *n, int32_t *lo, int32_t *hi) {
  const pool_params *p = (const pool_params *)n->data;
  const tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  if (n->k->code != TC_OP_MAX_POOL_2D || !p || in->type != TC_INT8 ||
      p->filter_h != 2 || p->filter_w != 2 || p->stride_h != 2 ||
      p->stride_w != 2 || p->pad_h || p->pad_w ||
      out->dims[1] != in->dims[1] / 2 || out->dims[2] != in->dims[2] / 2)
    return 0;
  *lo = p->act.q[0];
  *hi = p->act.q[1];
  return 1;
}
#endif
