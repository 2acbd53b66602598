/* FULLY_CONNECTED: out[b][o] = act(sum_i in[b][i] * w[o][i] + bias[o]).
 *
 * Weights are [units, depth] (TFLite's [O, I]); the input may have any rank
 * and is read as numel/depth rows of depth values. Three flavours:
 *   int8    : TFLM reference_integer_ops::FullyConnected (per-tensor) and
 *             FullyConnectedPerChannel (per-channel weight scales).
 *   float32 : TFLM reference_ops::FullyConnected (float sum, in order).
 *   hybrid  : float32 activations with symmetric int8 weights (TFLM rejects
 *             these); computed in float, the weight scale applied once per
 *             output after the dot product over the raw int8 weights. */
#include "kernel.h"

enum { FC_F32 = 0, FC_HYBRID = 1, FC_S8 = 2 };

typedef struct fc_params {
  int32_t kind;
  uint32_t batches, units, depth;
  float f_min, f_max;          /* float and hybrid */
  int32_t input_offset;        /* int8: -input zero point */
  int32_t filter_offset;       /* int8 per-tensor: -weights zero point */
  int32_t output_offset;
  int32_t act_min, act_max;
  int32_t multiplier, shift;   /* int8 per-tensor */
  int32_t *pc_mult, *pc_shift; /* int8 per-channel, else NULL */
} fc_params;

/* Reference int8 kernel. mult/shift have one entry per unit when
 * per_channel, else one entry. */
static void fc_s8_ref(const fc_params *p, const int8_t *in, const int8_t *w,
                      const int32_t *bias, int8_t *out, const int32_t *mult,
                      const int32_t *shift, int per_channel) {
  uint32_t b, o, d;
  for (b = 0; b < p->batches; b++) {
    const int8_t *x = in + (size_t)b * p->depth;
    for (o = 0; o < p->units; o++) {
      const int8_t *wr = w + (size_t)o * p->depth;
      int32_t acc = 0;
      for (d = 0; d < p->depth; d++)
        acc += ((int32_t)wr[d] + p->filter_offset) *
               ((int32_t)x[d] + p->input_offset);
      if (bias) acc = tc_add_wrap(acc, bias[o]);
      acc = per_channel ? tc_mul_by_qm(acc, mult[o], (int)shift[o])
                        : tc_mul_by_qm(acc, mult[0], (int)shift[0]);
      acc = tc_add_wrap(acc, p->output_offset);
      if (acc < p->act_min) acc = p->act_min;
      if (acc > p->act_max) acc = p->act_max;
      out[(size_t)b * p->units + o] = (int8_t)acc;
    }
  }
}

static float clamp_f(float v, float lo, float hi) {
  /* std::min(std::max(v, lo), hi), NaN-behaviour included. */
  v = (v < lo) ? lo : v;
  return (hi < v) ? hi : v;
}

static void fc_f32_ref(const fc_params *p, const float *in, const float *w,
                       const float *bias, float *out) {
  uint32_t b, o, d;
  for (b = 0; b < p->batches; b++) {
    const float *x = in + (size_t)b * p->depth;
    for (o = 0; o < p->units; o++) {
      const float *wr = w + (size_t)o * p->depth;
      float total = 0.0f;
      for (d = 0; d < p->depth; d++) total += x[d] * wr[d];
      out[(size_t)b * p->units + o] =
          clamp_f(total + (bias ? bias[o] : 0.0f), p->f_min, p->f_max);
    }
  }
}

/* scales: one per unit when nscales > 1, else scales[0] for all. */
static void fc_hybrid_f32(const fc_params *p, const float *in, const int8_t *w,
                          const float *scales, int per_channel,
                          const float *bias, float *out) {
  uint32_t b, o, d;
  for (b = 0; b < p->batches; b++) {
    const float *x = in + (size_t)b * p->depth;
    for (o = 0; o < p->units; o++) {
      const int8_t *wr = w + (size_t)o * p->depth;
      float total = 0.0f;
      for (d = 0; d < p->depth; d++) total += x[d] * (float)wr[d];
      total *= per_channel ? scales[o] : scales[0];
      out[(size_t)b * p->units + o] =
          clamp_f(total + (bias ? bias[o] : 0.0f), p->f_min, p->f_max);
    }
  }
}

static tc_status fc_check_per_channel(tc_ctx *c, tc_node *n,
                                      const tc_tensor *w, uint32_t units) {
  if (w->nscales > 1 && (w->nscales != units || w->qdim != 0))
    return tc_fail(c, n, TC_ERR_MODEL,
                   "weights have %u scales on dimension %d, expected 1 or %u "
                   "on dimension 0",
                   (unsigned)w->nscales, (int)w->qdim, (unsigned)units);
  return TC_OK;
}

static tc_status fc_prepare(tc_ctx *c, tc_node *n) {
  tc_tensor *in, *w, *bias, *out;
  fc_params *p;
  int act, kind, per_channel = 0, i;
  uint32_t units, depth, numel, batches;
  tc_status s;
  double real = 0.0;

  if (n->nin < 2 || n->nin > 3 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "expected 2 or 3 inputs and 1 output, got %d and %d", n->nin,
                   n->nout);
  in = tc_in(c, n, 0);
  w = tc_in(c, n, 1);
  bias = tc_in(c, n, 2);
  out = tc_out(c, n, 0);
  if (!in || !w || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0, input 1 or output 0 is missing");

  act = tc_opt_u8(n, 0, TC_ACT_NONE);
  if (act > TC_ACT_RELU6)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "fused activation %d is not supported (NONE, RELU, "
                   "RELU_N1_TO_1, RELU6 are)", act);
  if (tc_opt_u8(n, 1, 0) != 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "weights_format %d is not supported (only DEFAULT)",
                   tc_opt_u8(n, 1, 0));

  /* Shapes. */
  if (w->ndims != 2 || w->dims[0] <= 0 || w->dims[1] <= 0)
    return tc_fail(c, n, TC_ERR_MODEL, "weights (input 1) must be 2-D [units, depth]");
  units = (uint32_t)w->dims[0];
  depth = (uint32_t)w->dims[1];
  numel = tc_numel(in);
  if (in->ndims < 1 || numel % depth != 0)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "input 0 has %u elements, not a multiple of the weights "
                   "depth %u", numel, depth);
  batches = numel / depth;
  /* In 64 bits: a 32-bit product can wrap onto the output's size
   * (65537 rows x 65536 units) and send invoke far past it. */
  if (out->ndims < 1 || (uint32_t)out->dims[out->ndims - 1] != units ||
      tc_numel(out) != (uint64_t)batches * units)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "output 0 must hold %u rows of %u units", batches, units);
  if (tc_opt_u8(n, 2, 0)) { /* keep_num_dims: output = input with last dim */
    if (out->ndims != in->ndims)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "keep_num_dims: output rank %d differs from input rank %d",
                     out->ndims, in->ndims);
    for (i = 0; i + 1 < in->ndims; i++)
      if (out->dims[i] != in->dims[i])
        return tc_fail(c, n, TC_ERR_MODEL,
                       "keep_num_dims: output dim %d is %d, input has %d", i,
                       (int)out->dims[i], (int)in->dims[i]);
  }
  if (bias && tc_numel(bias) != units)
    return tc_fail(c, n, TC_ERR_MODEL, "bias (input 2) has %u elements, expected %u",
                   tc_numel(bias), units);

  /* Types. */
  if (in->type == TC_FLOAT32 && w->type == TC_FLOAT32 &&
      out->type == TC_FLOAT32) {
    kind = FC_F32;
  } else if (in->type == TC_FLOAT32 && w->type == TC_INT8 &&
             out->type == TC_FLOAT32) {
    kind = FC_HYBRID;
    if (w->nscales == 0 || w->zero_point != 0)
      return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                     "int8 weights with float32 input need symmetric "
                     "quantization (zero point 0)");
    if ((s = fc_check_per_channel(c, n, w, units)) != TC_OK) return s;
  } else if (in->type == TC_INT8 && w->type == TC_INT8 &&
             out->type == TC_INT8) {
    kind = FC_S8;
    if (in->nscales != 1 || out->nscales != 1 || w->nscales == 0)
      return tc_fail(c, n, TC_ERR_MODEL,
                     "int8 input/output need per-tensor quantization and "
                     "the weights quantization");
    if ((s = fc_check_per_channel(c, n, w, units)) != TC_OK) return s;
    per_channel = w->nscales > 1;
    if (bias && bias->type != TC_INT32)
      return tc_fail(c, n, TC_ERR_MODEL, "bias (input 2) is %s, expected int32",
                     tc_type_name(bias->type));
  } else {
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input %s, weights %s, output %s: expected "
                   "int8/int8/int8, float32/float32/float32 or "
                   "float32/int8/float32",
                   tc_type_name(in->type), tc_type_name(w->type),
                   tc_type_name(out->type));
  }
  if (kind != FC_S8 && bias && bias->type != TC_FLOAT32)
    return tc_fail(c, n, TC_ERR_MODEL, "bias (input 2) is %s, expected float32",
                   tc_type_name(bias->type));

  if (kind == FC_S8 && !per_channel) {
    /* GetQuantizedConvolutionMultipler: TFLM checks the bias scale against
     * input*weights scale, then forms the multiplier from the *float*
     * product of the two scales. */
    double prod = (double)in->scale * (double)w->scale;
    if (bias) {
      double bs = bias->nscales ? (double)bias->scale : 0.0;
      double diff = prod > bs ? prod - bs : bs - prod;
      if (!(diff / (double)out->scale <= 0.02))
        return tc_fail(c, n, TC_ERR_MODEL,
                       "bias scale %f does not match input scale * weights "
                       "scale %f",
                       bs, prod);
    }
    real = (double)(in->scale * w->scale) / (double)out->scale;
  }

  p = (fc_params *)tc_persist(c, n, sizeof *p);
  if (per_channel) {
    void *pm = tc_persist(c, n, sizeof(int32_t) * units);
    void *ps = tc_persist(c, n, sizeof(int32_t) * units);
    if (!tc_measuring(c)) {
      p->pc_mult = (int32_t *)pm;
      p->pc_shift = (int32_t *)ps;
    }
  }
  if (tc_measuring(c)) return TC_OK;

  p->kind = kind;
  p->batches = batches;
  p->units = units;
  p->depth = depth;
  tc_act_range_f(act, &p->f_min, &p->f_max);
  p->input_offset = 0;
  p->filter_offset = 0;
  p->output_offset = 0;
  p->act_min = 0;
  p->act_max = 0;
  p->multiplier = 0;
  p->shift = 0;
  if (!per_channel) p->pc_mult = p->pc_shift = NULL;
  if (kind == FC_S8) {
    p->input_offset = -in->zero_point;
    p->output_offset = out->zero_point;
    tc_act_range_q(act, out, &p->act_min, &p->act_max);
    if (per_channel) {
      /* FullyConnectedPerChannel ignores the weights zero point. */
      for (i = 0; i < (int)units; i++) {
        int sh;
        tc_quantize_multiplier((double)in->scale * (double)w->scales[i] /
                                   (double)out->scale,
                               &p->pc_mult[i], &sh);
        p->pc_shift[i] = sh;
      }
    } else {
      int sh;
      p->filter_offset = -w->zero_point;
      tc_quantize_multiplier(real, &p->multiplier, &sh);
      p->shift = sh;
    }
  }
  n->data = p;
  return TC_OK;
}

static void fc_invoke(tc_ctx *c, tc_node *n) {
  const fc_params *p = (const fc_params *)n->data;
  const tc_tensor *in = tc_in(c, n, 0), *w = tc_in(c, n, 1);
  const tc_tensor *bias = tc_in(c, n, 2);
  tc_tensor *out = tc_out(c, n, 0);
  const void *bd = bias ? bias->data : NULL;
  if (p->kind == FC_F32) {
    fc_f32_ref(p, (const float *)in->data, (const float *)w->data,
               (const float *)bd, (float *)out->data);
  } else if (p->kind == FC_HYBRID) {
    const float *scales = w->nscales > 1 ? w->scales : &w->scale;
    fc_hybrid_f32(p, (const float *)in->data, (const int8_t *)w->data, scales,
                  w->nscales > 1, (const float *)bd, (float *)out->data);
  } else if (p->pc_mult) {
    fc_s8_ref(p, (const int8_t *)in->data, (const int8_t *)w->data,
              (const int32_t *)bd, (int8_t *)out->data, p->pc_mult,
              p->pc_shift, 1);
  } else {
    fc_s8_ref(p, (const int8_t *)in->data, (const int8_t *)w->data,
              (const int32_t *)bd, (int8_t *)out->data, &p->multiplier,
              &p->shift, 0);
  }
}

const tc_kernel tc_kernel_fully_connected = {TC_OP_FULLY_CONNECTED,
                                             TC_OPT_FULLY_CONNECTED, fc_prepare,
                                             fc_invoke};
