/* The builtin options of an operator (tc_opts, tinycnn/export.h): the
 * tc_opts_* constructors give each op its options table as a list of
 * (field id, kind, value), field ids in schema.fbs declaration order;
 * tflite_writer.c writes the list when it serializes the graph. Apart from
 * the writer: this is per-op schema knowledge (one constructor per
 * options table), not graph building or serialization. */
#include <string.h>

#include "tinycnn/export.h"

void tc_opts_int(tc_opts *o, int id, int kind, int32_t v) {
  if (o->n >= TC_OPTS_MAX_FIELDS) {
    o->n = TC_OPTS_MAX_FIELDS + 1; /* reported by tc_graph_op */
    return;
  }
  o->f[o->n].id = (uint8_t)id;
  o->f[o->n].kind = (uint8_t)kind;
  o->f[o->n].v.i = v;
  o->n++;
}

void tc_opts_float(tc_opts *o, int id, float v) {
  if (o->n >= TC_OPTS_MAX_FIELDS) {
    o->n = TC_OPTS_MAX_FIELDS + 1;
    return;
  }
  o->f[o->n].id = (uint8_t)id;
  o->f[o->n].kind = TC_FIELD_F32;
  o->f[o->n].v.f = v;
  o->n++;
}

tc_opts tc_opts_empty(int type) {
  tc_opts o;
  memset(&o, 0, sizeof o);
  o.type = (uint8_t)type;
  return o;
}

tc_opts tc_opts_conv2d(int padding, int stride_w, int stride_h, int act,
                       int dil_w, int dil_h) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_CONV2D);
  tc_opts_int(&o, 0, TC_FIELD_I8, padding);
  tc_opts_int(&o, 1, TC_FIELD_I32, stride_w);
  tc_opts_int(&o, 2, TC_FIELD_I32, stride_h);
  tc_opts_int(&o, 3, TC_FIELD_I8, act);
  tc_opts_int(&o, 4, TC_FIELD_I32, dil_w);
  tc_opts_int(&o, 5, TC_FIELD_I32, dil_h);
  return o;
}

tc_opts tc_opts_depthwise(int padding, int stride_w, int stride_h,
                          int depth_multiplier, int act, int dil_w,
                          int dil_h) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_DEPTHWISE_CONV2D);
  tc_opts_int(&o, 0, TC_FIELD_I8, padding);
  tc_opts_int(&o, 1, TC_FIELD_I32, stride_w);
  tc_opts_int(&o, 2, TC_FIELD_I32, stride_h);
  tc_opts_int(&o, 3, TC_FIELD_I32, depth_multiplier);
  tc_opts_int(&o, 4, TC_FIELD_I8, act);
  tc_opts_int(&o, 5, TC_FIELD_I32, dil_w);
  tc_opts_int(&o, 6, TC_FIELD_I32, dil_h);
  return o;
}

tc_opts tc_opts_pool2d(int padding, int stride_w, int stride_h, int filter_w,
                       int filter_h, int act) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_POOL2D);
  tc_opts_int(&o, 0, TC_FIELD_I8, padding);
  tc_opts_int(&o, 1, TC_FIELD_I32, stride_w);
  tc_opts_int(&o, 2, TC_FIELD_I32, stride_h);
  tc_opts_int(&o, 3, TC_FIELD_I32, filter_w);
  tc_opts_int(&o, 4, TC_FIELD_I32, filter_h);
  tc_opts_int(&o, 5, TC_FIELD_I8, act);
  return o;
}

tc_opts tc_opts_fc(int act, int keep_num_dims) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_FULLY_CONNECTED);
  tc_opts_int(&o, 0, TC_FIELD_I8, act);
  tc_opts_int(&o, 1, TC_FIELD_I8, 0); /* weights_format DEFAULT */
  tc_opts_int(&o, 2, TC_FIELD_BOOL, keep_num_dims != 0);
  return o;
}

tc_opts tc_opts_softmax(float beta) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_SOFTMAX);
  tc_opts_float(&o, 0, beta);
  return o;
}

tc_opts tc_opts_concat(int axis, int act) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_CONCATENATION);
  tc_opts_int(&o, 0, TC_FIELD_I32, axis);
  tc_opts_int(&o, 1, TC_FIELD_I8, act);
  return o;
}

static tc_opts act_only(int type, int act) {
  tc_opts o = tc_opts_empty(type);
  tc_opts_int(&o, 0, TC_FIELD_I8, act);
  return o;
}

tc_opts tc_opts_add(int act) { return act_only(TC_OPTIONS_ADD, act); }
tc_opts tc_opts_sub(int act) { return act_only(TC_OPTIONS_SUB, act); }
tc_opts tc_opts_mul(int act) { return act_only(TC_OPTIONS_MUL, act); }

tc_opts tc_opts_reshape(int n, const int32_t *new_shape) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_RESHAPE);
  static const int32_t none[1] = {0};
  o.vec_id = 0;
  o.vec = new_shape ? new_shape : none;
  o.vec_len = new_shape ? n : 0;
  return o;
}

tc_opts tc_opts_squeeze(int n, const int32_t *squeeze_dims) {
  tc_opts o = tc_opts_reshape(n, squeeze_dims);
  o.type = TC_OPTIONS_SQUEEZE;
  return o;
}

tc_opts tc_opts_strided_slice(int begin_mask, int end_mask, int ellipsis_mask,
                              int new_axis_mask, int shrink_axis_mask) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_STRIDED_SLICE);
  tc_opts_int(&o, 0, TC_FIELD_I32, begin_mask);
  tc_opts_int(&o, 1, TC_FIELD_I32, end_mask);
  tc_opts_int(&o, 2, TC_FIELD_I32, ellipsis_mask);
  tc_opts_int(&o, 3, TC_FIELD_I32, new_axis_mask);
  tc_opts_int(&o, 4, TC_FIELD_I32, shrink_axis_mask);
  return o;
}

tc_opts tc_opts_pack(int values_count, int axis) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_PACK);
  tc_opts_int(&o, 0, TC_FIELD_I32, values_count);
  tc_opts_int(&o, 1, TC_FIELD_I32, axis);
  return o;
}

tc_opts tc_opts_leaky_relu(float alpha) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_LEAKY_RELU);
  tc_opts_float(&o, 0, alpha);
  return o;
}

tc_opts tc_opts_reducer(int keep_dims) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_REDUCER);
  tc_opts_int(&o, 0, TC_FIELD_BOOL, keep_dims != 0);
  return o;
}

tc_opts tc_opts_shape(int out_type) {
  tc_opts o = tc_opts_empty(TC_OPTIONS_SHAPE);
  tc_opts_int(&o, 0, TC_FIELD_I8, out_type);
  return o;
}
