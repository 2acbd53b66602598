/* MUL: int8, int32 and float32, with fused activation and numpy
 * broadcasting up to TC_MAX_DIMS dimensions, as TFLM's reference kernels
 * (mul_common.cc, integer_ops/mul.h, mul.h).
 *
 * int8: (x - zp1) * (y - zp2) is rescaled once with the multiplier
 * QuantizeMultiplier(s1 * s2 / s_out) (in double), then offset and clamped
 * to the fused activation range. int32: wrapping product, clamped to
 * CalculateActivationRange<int32_t>. */
#include "broadcast.h"
#include "kernel.h"

/* Field id of MulOptions.fused_activation_function in schema.fbs. */
#define OPT_FUSED_ACTIVATION 0

typedef struct mul_s8_params {
  int32_t in1_offset, in2_offset, out_offset; /* -zp1, -zp2, +zp_out */
  int32_t out_mult, out_shift;
  int32_t act_min, act_max;
} mul_s8_params;

static void mul_s8_ref(const mul_s8_params *p, const tc_bcast *b,
                       uint32_t rows, const int8_t *x, const int8_t *y,
                       int8_t *out) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const int8_t *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++) {
      int32_t a = p->in1_offset + xr[i * b->step1];
      int32_t c = p->in2_offset + yr[i * b->step2];
      int32_t v = tc_add_wrap(p->out_offset,
                              tc_mul_by_qm(a * c, p->out_mult, p->out_shift));
      if (v < p->act_min) v = p->act_min;
      if (v > p->act_max) v = p->act_max;
      *out++ = (int8_t)v;
    }
  }
}

static void mul_f32_ref(float lo, float hi, const tc_bcast *b, uint32_t rows,
                        const float *x, const float *y, float *out) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const float *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++) {
      float v = xr[i * b->step1] * yr[i * b->step2];
      /* std::min(std::max(v, lo), hi): NaN passes through. */
      if (v < lo) v = lo;
      if (hi < v) v = hi;
      *out++ = v;
    }
  }
}

static void mul_s32_ref(int32_t lo, int32_t hi, const tc_bcast *b,
                        uint32_t rows, const int32_t *x, const int32_t *y,
                        int32_t *out) {
  tc_bcast_pos pos;
  uint32_t r, i;
  for (r = 0, tc_bcast_begin(&pos); r < rows; r++, tc_bcast_next(b, &pos)) {
    const int32_t *xr = x + pos.off1, *yr = y + pos.off2;
    for (i = 0; i < b->inner; i++) {
      /* Low 32 bits of the product, as two's-complement hardware gives. */
      uint32_t u = (uint32_t)xr[i * b->step1] * (uint32_t)yr[i * b->step2];
      int32_t v = u <= (uint32_t)INT32_MAX ? (int32_t)u : -(int32_t)(~u) - 1;
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      *out++ = v;
    }
  }
}


static tc_status mul_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *x, *y, *out;
  mul_s8_params *p;
  int act;
  tc_status s;
  int32_t q;
  int shift;
  s = tc_binary_check(c, n, &x, &y, &out, &act);
  if (s != TC_OK) return s;
  if (x->type != TC_INT8) return TC_OK; /* clamps come from the options */

  if ((s = tc_check_per_tensor(c, n, x, "input 0")) != TC_OK) return s;
  if ((s = tc_check_per_tensor(c, n, y, "input 1")) != TC_OK) return s;
  if ((s = tc_check_per_tensor(c, n, out, "output")) != TC_OK) return s;
  tc_quantize_multiplier((double)x->scale * (double)y->scale /
                             (double)out->scale,
                         &q, &shift);
  p = (mul_s8_params *)tc_persist(c, n, sizeof *p);
  if (tc_measuring(c)) return TC_OK;
  p->in1_offset = -x->zero_point;
  p->in2_offset = -y->zero_point;
  p->out_offset = out->zero_point;
  p->out_mult = q;
  p->out_shift = shift;
  tc_act_range_q(act, out, &p->act_min, &p->act_max);
  n->data = p;
  return TC_OK;
}

static void mul_invoke(tc_ctx *c, tc_node *n) {
  const tc_tensor *x = tc_in(c, n, 0), *y = tc_in(c, n, 1);
  tc_tensor *out = tc_out(c, n, 0);
  int act = tc_opt_u8(n, OPT_FUSED_ACTIVATION, TC_ACT_NONE);
  tc_bcast b;
  uint32_t rows = tc_bcast_init(&b, x, y);
  if (x->type == TC_INT8) {
    mul_s8_ref((const mul_s8_params *)n->data, &b, rows,
               (const int8_t *)x->data, (const int8_t *)y->data,
               (int8_t *)out->data);
  } else if (x->type == TC_INT32) {
    /* CalculateActivationRange<int32_t>. */
    int32_t lo = INT32_MIN, hi = INT32_MAX;
    if (act == TC_ACT_RELU || act == TC_ACT_RELU6) lo = 0;
    if (act == TC_ACT_RELU6) hi = 6;
    if (act == TC_ACT_RELU_N1_TO_1) {
      lo = -1;
      hi = 1;
    }
    mul_s32_ref(lo, hi, &b, rows, (const int32_t *)x->data,
                (const int32_t *)y->data, (int32_t *)out->data);
  } else {
    float lo, hi;
    tc_act_range_f(act, &lo, &hi);
    mul_f32_ref(lo, hi, &b, rows, (const float *)x->data,
                (const float *)y->data, (float *)out->data);
  }
}

const tc_kernel tc_kernel_mul = {TC_OP_MUL, TC_OPT_MUL, mul_prepare,
                                 mul_invoke};
