/* ADD and SUB: int8, int32 and float32, with fused activation and numpy
 * broadcasting up to TC_MAX_DIMS dimensions, as TFLM's reference kernels.
 *
 * int8 (add_common.cc / sub_common.cc, integer_ops/add.h, sub.h): both
 * inputs are shifted left by 20 bits, rescaled onto a common scale of
 * twice the larger input scale with MultiplyByQuantizedMultiplier-
 * SmallerThanOneExp (a right shift only), added or subtracted, and
 * rescaled to the output. TFLM derives ADD's three multipliers in double
 * but SUB's in float (sub_common.cc divides the float scales first and
 * widens afterwards); the two can differ in the last bit of a multiplier,
 * so each op keeps its own arithmetic.
 *
 * int32: plain wrapping arithmetic. TFLM's int32 ADD ignores the fused
 * activation (it clamps to the full int32 range); its int32 SUB applies it. */
#include "broadcast.h"
#include "kernel.h"

#define ADDSUB_S8_LEFT_SHIFT 20

/* Field ids of AddOptions / SubOptions in schema.fbs. */
#define OPT_FUSED_ACTIVATION 0

typedef struct addsub_params {
  int32_t in1_offset, in2_offset, out_offset; /* -zp1, -zp2, +zp_out */
  int32_t in1_mult, in2_mult, out_mult;
  int32_t in1_shift, in2_shift, out_shift; /* all <= 0 (right shifts) */
  int32_t left_shift;
  int32_t act_min, act_max;
} addsub_params;

/* ---- reference elementwise kernels ------------------------------------ */

static int8_t addsub_s8_one(const addsub_params *p, int8_t x, int8_t y,
                            int subtract) {
  int32_t a = (p->in1_offset + x) * ((int32_t)1 << p->left_shift);
  int32_t b = (p->in2_offset + y) * ((int32_t)1 << p->left_shift);
  int32_t sa = tc_mul_by_qm(a, p->in1_mult, p->in1_shift);
  int32_t sb = tc_mul_by_qm(b, p->in2_mult, p->in2_shift);
  int32_t raw = subtract ? (int32_t)((uint32_t)sa - (uint32_t)sb)
                         : tc_add_wrap(sa, sb);
  int32_t r = tc_add_wrap(tc_mul_by_qm(raw, p->out_mult, p->out_shift),
                          p->out_offset);
  if (r < p->act_min) r = p->act_min;
  if (r > p->act_max) r = p->act_max;
  return (int8_t)r;
}

static void addsub_s8_ref(const addsub_params *p, const tc_bcast *b,
                          uint32_t rows, const int8_t *x, const int8_t *y,
                          int8_t *out, int subtract) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const int8_t *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++)
      *out++ = addsub_s8_one(p, xr[i * b->step1], yr[i * b->step2], subtract);
  }
}

static void addsub_f32_ref(float lo, float hi, const tc_bcast *b,
                           uint32_t rows, const float *x, const float *y,
                           float *out, int subtract) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const float *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++) {
      float a = xr[i * b->step1], c = yr[i * b->step2];
      float v = subtract ? a - c : a + c;
      /* std::min(std::max(v, lo), hi): NaN passes through. */
      if (v < lo) v = lo;
      if (hi < v) v = hi;
      *out++ = v;
    }
  }
}

static void addsub_s32_ref(int32_t lo, int32_t hi, const tc_bcast *b,
                           uint32_t rows, const int32_t *x, const int32_t *y,
                           int32_t *out, int subtract) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const int32_t *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++) {
      uint32_t a = (uint32_t)xr[i * b->step1], c = (uint32_t)yr[i * b->step2];
      /* Wraps on overflow, as the two's-complement hardware TFLM runs on. */
      uint32_t u = subtract ? a - c : a + c;
      int32_t v = u <= (uint32_t)INT32_MAX ? (int32_t)u
                                          : -(int32_t)(~u) - 1;
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      *out++ = v;
    }
  }
}

/* ---- prepare ------------------------------------------------------------ */


/* QuantizeMultiplierSmallerThanOneExp: TFLM CHECK-fails unless the real
 * multiplier is in (0, 1) and quantizes to a right shift. */
static int quantize_below_one(double real, int32_t *q, int32_t *shift) {
  int s;
  if (!(real > 0.0 && real < 1.0)) return 0;
  tc_quantize_multiplier(real, q, &s);
  *shift = s;
  return s <= 0;
}

static tc_status addsub_prepare(tc_ctx *c, tc_node *n, int subtract) {
  tc_tensor *x, *y, *out;
  addsub_params *p;
  int act;
  double real1, real2, real_out;
  tc_status s = tc_binary_check(c, n, &x, &y, &out, &act);
  if (s != TC_OK) return s;

  if (x->type != TC_INT8) return TC_OK; /* clamps come from the options */

  {
    int32_t q1 = 0, q2 = 0, qo = 0, s1 = 0, s2 = 0, so = 0;
    if ((s = tc_check_per_tensor(c, n, x, "input 0")) != TC_OK) return s;
    if ((s = tc_check_per_tensor(c, n, y, "input 1")) != TC_OK) return s;
    if ((s = tc_check_per_tensor(c, n, out, "output")) != TC_OK) return s;
    if (subtract) {
      /* sub_common.cc: float quotients, widened afterwards. */
      float twice_max = 2.0f * (x->scale > y->scale ? x->scale : y->scale);
      real1 = (double)(x->scale / twice_max);
      real2 = (double)(y->scale / twice_max);
      real_out = (double)(twice_max /
                          ((float)(1 << ADDSUB_S8_LEFT_SHIFT) * out->scale));
    } else {
      /* add_common.cc: all in double. */
      double twice_max =
          2.0 * (double)(x->scale > y->scale ? x->scale : y->scale);
      real1 = (double)x->scale / twice_max;
      real2 = (double)y->scale / twice_max;
      real_out = twice_max /
                 ((double)(1 << ADDSUB_S8_LEFT_SHIFT) * (double)out->scale);
    }
    if (!quantize_below_one(real1, &q1, &s1) ||
        !quantize_below_one(real2, &q2, &s2) ||
        !quantize_below_one(real_out, &qo, &so))
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "output scale %f is too small for input scales %f and %f",
                     (double)out->scale, (double)x->scale, (double)y->scale);
    p = (addsub_params *)tc_persist(c, n, sizeof *p);
    if (tc_measuring(c)) return TC_OK;
    p->in1_offset = -x->zero_point;
    p->in2_offset = -y->zero_point;
    p->out_offset = out->zero_point;
    p->left_shift = ADDSUB_S8_LEFT_SHIFT;
    p->in1_mult = q1;
    p->in1_shift = s1;
    p->in2_mult = q2;
    p->in2_shift = s2;
    p->out_mult = qo;
    p->out_shift = so;
    tc_act_range_q(act, out, &p->act_min, &p->act_max);
    n->data = p;
  }
  return TC_OK;
}

static void addsub_invoke(tc_ctx *c, tc_node *n, int subtract) {
  const tc_tensor *x = tc_in(c, n, 0), *y = tc_in(c, n, 1);
  tc_tensor *out = tc_out(c, n, 0);
  int act = tc_opt_u8(n, OPT_FUSED_ACTIVATION, TC_ACT_NONE);
  tc_bcast b;
  uint32_t rows = tc_bcast_init(&b, x, y);
  if (x->type == TC_INT8) {
    addsub_s8_ref((const addsub_params *)n->data, &b, rows,
                  (const int8_t *)x->data, (const int8_t *)y->data,
                  (int8_t *)out->data, subtract);
  } else if (x->type == TC_INT32) {
    int32_t lo = INT32_MIN, hi = INT32_MAX;
    /* CalculateActivationRange<int32_t>, which TFLM's ADD skips. */
    if (subtract && (act == TC_ACT_RELU || act == TC_ACT_RELU6)) lo = 0;
    if (subtract && act == TC_ACT_RELU6) hi = 6;
    if (subtract && act == TC_ACT_RELU_N1_TO_1) {
      lo = -1;
      hi = 1;
    }
    addsub_s32_ref(lo, hi, &b, rows, (const int32_t *)x->data,
                   (const int32_t *)y->data, (int32_t *)out->data, subtract);
  } else {
    float lo, hi;
    tc_act_range_f(act, &lo, &hi);
    addsub_f32_ref(lo, hi, &b, rows, (const float *)x->data,
                   (const float *)y->data, (float *)out->data, subtract);
  }
}

static tc_status add_prepare(tc_ctx *c, tc_node *n) {
  return addsub_prepare(c, n, 0);
}
static void add_invoke(tc_ctx *c, tc_node *n) { addsub_invoke(c, n, 0); }
static tc_status sub_prepare(tc_ctx *c, tc_node *n) {
  return addsub_prepare(c, n, 1);
}
static void sub_invoke(tc_ctx *c, tc_node *n) { addsub_invoke(c, n, 1); }

const tc_kernel tc_kernel_add = {TC_OP_ADD, TC_OPT_ADD, add_prepare,
                                 add_invoke};
const tc_kernel tc_kernel_sub = {TC_OP_SUB, TC_OPT_SUB, sub_prepare,
                                 sub_invoke};
