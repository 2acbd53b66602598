/* RELU, RELU6, LEAKY_RELU, HARD_SWISH: int8 and float32, as TFLM's
 * reference kernels (activations_common.cc, leaky_relu_common.cc,
 * hard_swish_common.cc, reference/leaky_relu.h, reference/hard_swish.h).
 *
 * Two TFLM behaviours worth knowing:
 * - int8 RELU requantizes (input scale / output scale), but int8 RELU6 does
 *   not: it clamps the *input* values to [zp_in, quantize_in(6)] and stores
 *   them unchanged, whatever the output's scale and zero point say. We do
 *   the same, since the reference outputs are what they are.
 * - int8 HARD_SWISH works in int16 fixed point with gemmlowp's int16
 *   rounding and saturating primitives, reproduced here bit for bit. */
#include <math.h>

#include "kernel.h"

/* Field id of LeakyReluOptions.alpha in schema.fbs. */
#define OPT_LEAKY_RELU_ALPHA 0

/* ---- shared prepare checks --------------------------------------------- */

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
  if ((*in)->type != TC_INT8 && (*in)->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s, expected int8 or float32",
                   tc_type_name((*in)->type));
  if ((*out)->type != (*in)->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s but input is %s",
                   tc_type_name((*out)->type), tc_type_name((*in)->type));
  if (!tc_same_shape(*in, *out))
    return tc_fail(c, n, TC_ERR_MODEL, "output shape differs from input shape");
  return TC_OK;
}


static tc_status unary_s8_check(tc_ctx *c, const tc_node *n,
                                const tc_tensor *in, const tc_tensor *out) {
  tc_status s = tc_check_per_tensor(c, n, in, "input 0");
  return s != TC_OK ? s : tc_check_per_tensor(c, n, out, "output");
}

/* ---- RELU --------------------------------------------------------------- */

typedef struct relu_s8_params {
  int32_t in_zp, out_zp, mult, shift, act_min, act_max;
} relu_s8_params;

static void relu_s8_ref(const relu_s8_params *p, const int8_t *in,
                        int8_t *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    int32_t v = tc_add_wrap(p->out_zp,
                            tc_mul_by_qm((int32_t)in[i] - p->in_zp, p->mult,
                                         p->shift));
    if (v < p->act_min) v = p->act_min;
    if (v > p->act_max) v = p->act_max;
    out[i] = (int8_t)v;
  }
}

static void relu_f32_ref(const float *in, float *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) out[i] = in[i] < 0.0f ? 0.0f : in[i];
}

static tc_status relu_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  relu_s8_params *p;
  int32_t q;
  int shift;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK || in->type == TC_FLOAT32) return s;
  if ((s = unary_s8_check(c, n, in, out)) != TC_OK) return s;
  tc_quantize_multiplier((double)in->scale / (double)out->scale, &q, &shift);
  p = (relu_s8_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->in_zp = in->zero_point;
  p->out_zp = out->zero_point;
  p->mult = q;
  p->shift = shift;
  /* Quantized 0 is exactly the zero point (roundf(0 / scale) == 0). */
  p->act_min = out->zero_point > -128 ? out->zero_point : -128;
  p->act_max = 127;
  n->data = p;
  return TC_OK;
}

static void relu_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  if (in->type == TC_FLOAT32)
    relu_f32_ref((const float *)in->data, (float *)out->data, tc_numel(in));
  else
    relu_s8_ref((const relu_s8_params *)n->data, (const int8_t *)in->data,
                (int8_t *)out->data, tc_numel(in));
}

/* ---- RELU6 -------------------------------------------------------------- */

typedef struct relu6_s8_params {
  int8_t lo, hi; /* input zero point and quantized 6.0, on the input scale */
} relu6_s8_params;

static void relu6_s8_ref(const relu6_s8_params *p, const int8_t *in,
                         int8_t *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    int8_t v = in[i];
    out[i] = v > p->hi ? p->hi : v < p->lo ? p->lo : v;
  }
}

static void relu6_f32_ref(const float *in, float *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    float v = in[i];
    out[i] = v > 6.0f ? 6.0f : v < 0.0f ? 0.0f : v;
  }
}

static tc_status relu6_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  relu6_s8_params *p;
  int32_t six;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK || in->type == TC_FLOAT32) return s;
  /* Only the input's quantization is used (see the top of this file). */
  if ((s = tc_check_per_tensor(c, n, in, "input 0")) != TC_OK) return s;
  /* FloatToQuantizedType<int8_t>(6.0f, scale, zp). */
  {
    float r = roundf(6.0f / in->scale);
    six = r > 255.0f ? 127 : (int32_t)r + in->zero_point;
    if (six > 127) six = 127;
  }
  p = (relu6_s8_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->lo = (int8_t)in->zero_point;
  p->hi = (int8_t)six;
  n->data = p;
  return TC_OK;
}

static void relu6_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  if (in->type == TC_FLOAT32)
    relu6_f32_ref((const float *)in->data, (float *)out->data, tc_numel(in));
  else
    relu6_s8_ref((const relu6_s8_params *)n->data, (const int8_t *)in->data,
                 (int8_t *)out->data, tc_numel(in));
}

/* ---- LEAKY_RELU --------------------------------------------------------- */

typedef struct leaky_relu_s8_params {
  int32_t in_zp, out_zp;
  int32_t mult_identity, shift_identity; /* x >= 0: s_in / s_out */
  int32_t mult_alpha, shift_alpha;       /* x < 0: s_in * alpha / s_out */
} leaky_relu_s8_params;

static void leaky_relu_s8_ref(const leaky_relu_s8_params *p, const int8_t *in,
                              int8_t *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    int32_t x = (int32_t)in[i] - p->in_zp, v;
    if (x >= 0)
      v = tc_add_wrap(p->out_zp,
                      tc_mul_by_qm(x, p->mult_identity, p->shift_identity));
    else
      v = tc_add_wrap(p->out_zp,
                      tc_mul_by_qm(x, p->mult_alpha, p->shift_alpha));
    if (v < -128) v = -128;
    if (v > 127) v = 127;
    out[i] = (int8_t)v;
  }
}

static void leaky_relu_f32_ref(float alpha, const float *in, float *out,
                               uint32_t count) {
  uint32_t i;
  /* alpha may be > 1 or < 0, so this is not max(x, alpha * x). */
  for (i = 0; i < count; i++) out[i] = in[i] > 0.0f ? in[i] : in[i] * alpha;
}

static tc_status leaky_relu_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  leaky_relu_s8_params *p;
  int32_t qi, qa;
  int si, sa;
  float alpha;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK || in->type == TC_FLOAT32) return s;
  if ((s = unary_s8_check(c, n, in, out)) != TC_OK) return s;
  alpha = tc_opt_f32(n, OPT_LEAKY_RELU_ALPHA, 0.0f);
  /* leaky_relu_common.cc: float products and quotients, then widened. */
  tc_quantize_multiplier((double)(in->scale * alpha / out->scale), &qa, &sa);
  tc_quantize_multiplier((double)(in->scale / out->scale), &qi, &si);
  p = (leaky_relu_s8_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->in_zp = in->zero_point;
  p->out_zp = out->zero_point;
  p->mult_identity = qi;
  p->shift_identity = si;
  p->mult_alpha = qa;
  p->shift_alpha = sa;
  n->data = p;
  return TC_OK;
}

static void leaky_relu_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  if (in->type == TC_FLOAT32)
    leaky_relu_f32_ref(tc_opt_f32(n, OPT_LEAKY_RELU_ALPHA, 0.0f),
                       (const float *)in->data, (float *)out->data,
                       tc_numel(in));
  else
    leaky_relu_s8_ref((const leaky_relu_s8_params *)n->data,
                      (const int8_t *)in->data, (int8_t *)out->data,
                      tc_numel(in));
}

/* ---- HARD_SWISH --------------------------------------------------------- */

typedef struct hard_swish_s8_params {
  int32_t in_zp, out_zp;
  int32_t out_exp;     /* <= 0 */
  int32_t reluish_exp; /* any sign */
  int16_t out_mult;    /* Q15 */
  int16_t reluish_mult;
} hard_swish_s8_params;

/* gemmlowp SaturatingRoundingDoublingHighMul<int16_t>. */
static int16_t srdhm16(int16_t a, int16_t b) {
  int32_t ab, nudge;
  if (a == b && a == INT16_MIN) return INT16_MAX;
  ab = (int32_t)a * (int32_t)b;
  nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15)); /* truncating division */
}

/* TFLite SaturatingDoublingHighMul<int16_t>: like the above but rounds
 * toward zero; TFLM uses it on purpose to cancel the other's bias. */
static int16_t sdhm16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/* gemmlowp RoundingDivideByPOT<int16_t>. The mask is an int16 too, so an
 * exponent of 16 or more makes it all ones (-1); we keep that quirk. */
static int16_t rdbpot16(int16_t x, int exponent) {
  int32_t mask = (int32_t)(((1LL << exponent) - 1) & 0xFFFF);
  int32_t remainder, threshold;
  if (mask >= 0x8000) mask -= 0x10000;
  remainder = x & mask;
  threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/* reference/hard_swish.h SaturatingLeftShift. */
static int16_t sat_shl16(int16_t v, int amount) {
  int64_t r = (int64_t)v * ((int64_t)1 << amount);
  if (r > INT16_MAX) r = INT16_MAX;
  if (r < INT16_MIN) r = INT16_MIN;
  return (int16_t)r;
}

static void hard_swish_s8_ref(const hard_swish_s8_params *p, const int8_t *in,
                              int8_t *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    /* |in - zp| <= 255, so both fit int16 (255 * 128 = 32640). */
    int16_t x = (int16_t)((int32_t)in[i] - p->in_zp);
    int16_t x_hires = (int16_t)(x * 128);
    /* x on the output scale, not yet shifted right. */
    int16_t x_preshift = srdhm16(x_hires, p->out_mult);
    /* "reluish" = x rescaled so that 3.0 maps to 32768 (saturating), then
     * moved from [-1, 1] to [0, 1]. The left shift is split as TFLM does:
     * all but one bit before the multiply, the last bit after it. */
    int16_t r = x_hires;
    int16_t y;
    int32_t v;
    if (p->reluish_exp > 0) r = sat_shl16(r, p->reluish_exp - 1);
    r = srdhm16(r, p->reluish_mult);
    if (p->reluish_exp > 0) r = sat_shl16(r, 1);
    if (p->reluish_exp < 0) r = rdbpot16(r, -p->reluish_exp);
    r = (int16_t)(((int32_t)r + (1 << 15)) >> 1);
    y = rdbpot16(sdhm16(r, x_preshift), -p->out_exp);
    v = (int32_t)y + p->out_zp; /* fits int16 here, as in TFLM */
    if (v > 127) v = 127;
    if (v < -128) v = -128;
    out[i] = (int8_t)v;
  }
}

static void hard_swish_f32_ref(const float *in, float *out, uint32_t count) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    float x = in[i], t = x + 3.0f;
    /* std::min(6, std::max(0, x + 3)), NaN handling included. */
    float m = 0.0f < t ? t : 0.0f;
    m = m < 6.0f ? m : 6.0f;
    out[i] = x * m / 6.0f;
  }
}

/* TFLite DownScaleInt32ToInt16Multiplier: round a Q31 multiplier to Q15. */
static int16_t downscale_multiplier(int32_t q) {
  if (q >= INT32_MAX - (1 << 15)) return INT16_MAX;
  return (int16_t)((q + (1 << 15)) >> 16);
}

static tc_status hard_swish_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *out;
  hard_swish_s8_params *p;
  float hires_scale;
  int32_t qo, qr;
  int so, sr;
  tc_status s = unary_check(c, n, &in, &out);
  if (s != TC_OK || in->type == TC_FLOAT32) return s;
  if ((s = unary_s8_check(c, n, in, out)) != TC_OK) return s;
  /* hard_swish_common.cc: float quotients, then widened. */
  hires_scale = (1.0f / 128.0f) * in->scale;
  tc_quantize_multiplier((double)(hires_scale / out->scale), &qo, &so);
  tc_quantize_multiplier((double)(hires_scale / (3.0f / 32768.0f)), &qr, &sr);
  if (so > 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "output scale %f is too small for input scale %f "
                   "(needs input scale <= 128 * output scale)",
                   (double)out->scale, (double)in->scale);
  p = (hard_swish_s8_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->in_zp = in->zero_point;
  p->out_zp = out->zero_point;
  p->out_mult = downscale_multiplier(qo);
  p->out_exp = so;
  p->reluish_mult = downscale_multiplier(qr);
  p->reluish_exp = sr;
  n->data = p;
  return TC_OK;
}

static void hard_swish_invoke(tc_ctx *c, tc_node *n) {
  tc_tensor *in = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  if (in->type == TC_FLOAT32)
    hard_swish_f32_ref((const float *)in->data, (float *)out->data,
                       tc_numel(in));
  else
    hard_swish_s8_ref((const hard_swish_s8_params *)n->data,
                      (const int8_t *)in->data, (int8_t *)out->data,
                      tc_numel(in));
}

const tc_kernel tc_kernel_relu = {TC_OP_RELU, TC_OPT_NONE, relu_prepare,
                                  relu_invoke};
const tc_kernel tc_kernel_relu6 = {TC_OP_RELU6, TC_OPT_NONE, relu6_prepare,
                                   relu6_invoke};
const tc_kernel tc_kernel_leaky_relu = {TC_OP_LEAKY_RELU, TC_OPT_LEAKY_RELU,
                                        leaky_relu_prepare, leaky_relu_invoke};
const tc_kernel tc_kernel_hard_swish = {TC_OP_HARD_SWISH, TC_OPT_HARD_SWISH,
                                        hard_swish_prepare, hard_swish_invoke};
