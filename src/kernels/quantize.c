/* QUANTIZE and DEQUANTIZE, as TFLM's reference kernels (quantize_common.cc,
 * dequantize_common.cc, reference/quantize.h, requantize.h, dequantize.h).
 *
 * QUANTIZE float32 -> int8/uint8/int16 (AffineQuantize):
 *   q = clamp(round(x / scale) + zp), divided and rounded in float, halves
 *   away from zero (std::round). Beyond the int32 range TFLM's float-to-int
 *   cast is undefined (x86 yields INT32_MIN); we saturate instead, and a
 *   NaN becomes the zero point.
 * QUANTIZE int8/uint8/int16 -> int8/uint8/int16 (Requantize):
 *   q = clamp(MultiplyByQuantizedMultiplier(x - zp_in, M) + zp_out) with
 *   M = QuantizeMultiplier(s_in / s_out) in double. TFLM's shortcut for
 *   int8 <-> uint8 with equal scales (flip the top bit) gives the same
 *   bytes as this formula, so it needs no special case.
 * DEQUANTIZE int8/uint8/int16 -> float32: x = scale * (q - zp). TFLM has
 *   computed this in float and, in older versions, in double then rounded
 *   to float; for 8- and 16-bit inputs the double product is exact, so
 *   both give the same correctly rounded float. */
#include <math.h>

#include "kernel.h"

typedef struct quantize_params {
  float scale;            /* output scale (float input) */
  int32_t in_zp, out_zp;
  int32_t mult, shift;    /* requantize multiplier */
  int32_t qmin, qmax;     /* output type range */
} quantize_params;

/* Reads element i of an int8/uint8/int16 buffer. */
static int32_t load_q(const void *data, int type, uint32_t i) {
  if (type == TC_INT8) return ((const int8_t *)data)[i];
  if (type == TC_UINT8) return ((const uint8_t *)data)[i];
  return ((const int16_t *)data)[i];
}

static void store_q(void *data, int type, uint32_t i, int32_t v) {
  if (type == TC_INT8)
    ((int8_t *)data)[i] = (int8_t)v;
  else if (type == TC_UINT8)
    ((uint8_t *)data)[i] = (uint8_t)v;
  else
    ((int16_t *)data)[i] = (int16_t)v;
}

static void quantize_f32_ref(const quantize_params *p, const float *in,
                             void *out, int out_type, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    float r = roundf(in[i] / p->scale);
    int32_t v;
    if (r > 1048576.0f)
      v = p->qmax;
    else if (r < -1048576.0f)
      v = p->qmin;
    else if (r != r) /* NaN */
      v = p->out_zp;
    else
      v = (int32_t)r + p->out_zp;
    if (v < p->qmin) v = p->qmin;
    if (v > p->qmax) v = p->qmax;
    store_q(out, out_type, i, v);
  }
}

static void requantize_ref(const quantize_params *p, const void *in,
                           int in_type, void *out, int out_type,
                           uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    int32_t x = load_q(in, in_type, i) - p->in_zp;
    int32_t v = tc_add_wrap(tc_mul_by_qm(x, p->mult, p->shift), p->out_zp);
    if (v < p->qmin) v = p->qmin;
    if (v > p->qmax) v = p->qmax;
    store_q(out, out_type, i, v);
  }
}

static void dequantize_ref(float scale, int32_t zp, const void *in,
                           int in_type, float *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++)
    out[i] = scale * (float)(load_q(in, in_type, i) - zp);
}

/* ---- prepare ------------------------------------------------------------ */

static int is_q_type(int type) {
  return type == TC_INT8 || type == TC_UINT8 || type == TC_INT16;
}

static void q_range(int type, int32_t *lo, int32_t *hi) {
  if (type == TC_INT8) {
    *lo = -128;
    *hi = 127;
  } else if (type == TC_UINT8) {
    *lo = 0;
    *hi = 255;
  } else {
    *lo = -32768;
    *hi = 32767;
  }
}


static tc_status unary_check(tc_ctx *c, const tc_node *n, tc_tensor **in,
                             tc_tensor **out) {
  if (n->nin != 1 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "expected 1 input and 1 output, got %d and %d", n->nin,
                   n->nout);
  *in = tc_in(c, n, 0);
  *out = tc_out(c, n, 0);
  if (!*in || !*out)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0 or output 0 is missing");
  if (!tc_same_shape(*in, *out))
    return tc_fail(c, n, TC_ERR_MODEL, "output shape differs from input shape");
  return TC_OK;
}

static tc_status quantize_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in = 0, *out = 0;
  quantize_params *p;
  int32_t q = 0;
  int shift = 0;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK) return s;
  if (in->type != TC_FLOAT32 && !is_q_type(in->type))
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input 0 is %s, expected float32, int8, uint8 or int16",
                   tc_type_name(in->type));
  if (!is_q_type(out->type))
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "output is %s, expected int8, uint8 or int16",
                   tc_type_name(out->type));
  if ((s = tc_check_per_tensor(c, n, out, "output")) != TC_OK) return s;
  if (in->type != TC_FLOAT32) {
    if ((s = tc_check_per_tensor(c, n, in, "input 0")) != TC_OK) return s;
    tc_quantize_multiplier((double)in->scale / (double)out->scale, &q, &shift);
  }
  p = (quantize_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->scale = out->scale;
  p->in_zp = in->type == TC_FLOAT32 ? 0 : in->zero_point;
  p->out_zp = out->zero_point;
  p->mult = q;
  p->shift = shift;
  q_range(out->type, &p->qmin, &p->qmax);
  n->data = p;
  return TC_OK;
}

static void quantize_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  const quantize_params *p = (const quantize_params *)n->data;
  if (in->type == TC_FLOAT32)
    quantize_f32_ref(p, (const float *)in->data, out->data, out->type,
                     tc_numel(in));
  else
    requantize_ref(p, in->data, in->type, out->data, out->type, tc_numel(in));
}

static tc_status dequantize_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in = 0, *out = 0;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK) return s;
  if (!is_q_type(in->type))
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input 0 is %s, expected int8, uint8 or int16",
                   tc_type_name(in->type));
  if (out->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "output is %s, expected float32",
                   tc_type_name(out->type));
  /* Scale and zero point are read from the input tensor at invoke. */
  return tc_check_per_tensor(c, n, in, "input 0");
}

static void dequantize_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  dequantize_ref(in->scale, in->zero_point, in->data, in->type,
                 (float *)out->data, tc_numel(in));
}

const tc_kernel tc_kernel_quantize = {TC_OP_QUANTIZE, TC_OPT_QUANTIZE,
                                      quantize_prepare, quantize_invoke};
const tc_kernel tc_kernel_dequantize = {TC_OP_DEQUANTIZE, TC_OPT_DEQUANTIZE,
                                        dequantize_prepare, dequantize_invoke};
