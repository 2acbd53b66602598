/* tinycnn export: build a TensorFlow Lite model in memory and serialize it
 * to a standard .tflite flatbuffer (host only: malloc, C11).
 *
 *   tc_graph *g = tc_graph_new();
 *   int32_t xs[4] = {1, 2, 2, 1}, ws[4] = {1, 1, 1, 1}, bs[1] = {1};
 *   float w = 2.0f, b = 1.0f;
 *   int x = tc_graph_tensor(g, "x", TC_FLOAT32, 4, xs, NULL, NULL, NULL, 0, 0);
 *   int k = tc_graph_tensor(g, "w", TC_FLOAT32, 4, ws, &w, NULL, NULL, 0, 0);
 *   int c = tc_graph_tensor(g, "b", TC_FLOAT32, 1, bs, &b, NULL, NULL, 0, 0);
 *   int y = tc_graph_tensor(g, "y", TC_FLOAT32, 4, xs, NULL, NULL, NULL, 0, 0);
 *   tc_opts o = tc_opts_conv2d(TC_PADDING_VALID, 1, 1, TC_FUSED_NONE, 1, 1);
 *   tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, (int32_t[]){x, k, c}, 1,
 *               (int32_t[]){y}, &o);
 *   tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
 *   if (tc_graph_serialize(g, &bytes, &len) != TC_OK)
 *     puts(tc_graph_error(g));
 *   tc_graph_free(g);  ...  free(bytes);
 *
 * Errors are sticky: a bad call returns -1 and records a message; later
 * calls keep going and tc_graph_serialize fails with that first message
 * (tc_graph_error), so callers may check once at the end.
 *
 * The file: identifier "TFL3", schema version 3, one subgraph "main",
 * buffer 0 empty (shared by all activation tensors), one buffer per
 * constant tensor whose data is 16-byte aligned in the file (the file size
 * is a multiple of 16, so a model loaded at a 16-aligned address has
 * 16-aligned constants), operator codes deduplicated with both
 * deprecated_builtin_code (min(code, 127)) and builtin_code set, version 1. */
#ifndef TINYCNN_EXPORT_H
#define TINYCNN_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* BuiltinOperator codes (schema.fbs); any other schema value works too. */
enum {
  TC_BUILTIN_ADD = 0, TC_BUILTIN_AVERAGE_POOL_2D = 1,
  TC_BUILTIN_CONCATENATION = 2, TC_BUILTIN_CONV_2D = 3,
  TC_BUILTIN_DEPTHWISE_CONV_2D = 4, TC_BUILTIN_DEQUANTIZE = 6,
  TC_BUILTIN_FULLY_CONNECTED = 9, TC_BUILTIN_LOGISTIC = 14,
  TC_BUILTIN_MAX_POOL_2D = 17, TC_BUILTIN_MUL = 18, TC_BUILTIN_RELU = 19,
  TC_BUILTIN_RELU6 = 21, TC_BUILTIN_RESHAPE = 22, TC_BUILTIN_SOFTMAX = 25,
  TC_BUILTIN_CUSTOM = 32, TC_BUILTIN_PAD = 34, TC_BUILTIN_TRANSPOSE = 39,
  TC_BUILTIN_MEAN = 40, TC_BUILTIN_SUB = 41, TC_BUILTIN_SQUEEZE = 43,
  TC_BUILTIN_STRIDED_SLICE = 45, TC_BUILTIN_SHAPE = 77, TC_BUILTIN_PACK = 83,
  TC_BUILTIN_LEAKY_RELU = 98, TC_BUILTIN_QUANTIZE = 114,
  TC_BUILTIN_HARD_SWISH = 117
};

/* BuiltinOptions union member indices (schema.fbs). */
enum {
  TC_OPTIONS_NONE = 0, TC_OPTIONS_CONV2D = 1, TC_OPTIONS_DEPTHWISE_CONV2D = 2,
  TC_OPTIONS_POOL2D = 5, TC_OPTIONS_FULLY_CONNECTED = 8,
  TC_OPTIONS_SOFTMAX = 9, TC_OPTIONS_CONCATENATION = 10, TC_OPTIONS_ADD = 11,
  TC_OPTIONS_RESHAPE = 17, TC_OPTIONS_MUL = 21, TC_OPTIONS_PAD = 22,
  TC_OPTIONS_TRANSPOSE = 26, TC_OPTIONS_REDUCER = 27, TC_OPTIONS_SUB = 28,
  TC_OPTIONS_SQUEEZE = 30, TC_OPTIONS_STRIDED_SLICE = 32,
  TC_OPTIONS_DEQUANTIZE = 38, TC_OPTIONS_SHAPE = 55, TC_OPTIONS_PACK = 59,
  TC_OPTIONS_LEAKY_RELU = 75, TC_OPTIONS_QUANTIZE = 89,
  TC_OPTIONS_HARD_SWISH = 91
};

/* Padding and ActivationFunctionType (schema.fbs). */
enum { TC_PADDING_SAME = 0, TC_PADDING_VALID = 1 };
enum { TC_FUSED_NONE = 0, TC_FUSED_RELU = 1, TC_FUSED_RELU_N1_TO_1 = 2,
       TC_FUSED_RELU6 = 3 };

/* Kinds of scalar option fields (their width in the table). */
enum { TC_FIELD_I8 = 1, TC_FIELD_U8, TC_FIELD_BOOL, TC_FIELD_I32,
       TC_FIELD_F32 };

#define TC_OPTS_MAX_FIELDS 12

/* A builtin options table: its union type, scalar fields by schema field
 * id, and at most one [int] vector field. Zero-initialized = no options.
 * Every field given is written, even when it equals the schema default. */
typedef struct tc_opts {
  uint8_t type; /* TC_OPTIONS_*; 0 = no table (then n must be 0) */
  uint8_t n;    /* fields used in f[] */
  struct {
    uint8_t id, kind; /* schema field id, TC_FIELD_* */
    union { int32_t i; float f; } v;
  } f[TC_OPTS_MAX_FIELDS];
  const int32_t *vec; /* [int] field `vec_id`; NULL = absent (copied) */
  int32_t vec_len;    /* may be 0: an empty vector, still written */
  uint8_t vec_id;
} tc_opts;

/* Add one scalar field (ignored past TC_OPTS_MAX_FIELDS: tc_graph_op then
 * reports it). */
void tc_opts_int(tc_opts *o, int id, int kind, int32_t v);
void tc_opts_float(tc_opts *o, int id, float v);

/* Options of the common ops. Field ids are schema.fbs. */
tc_opts tc_opts_conv2d(int padding, int stride_w, int stride_h, int act,
                       int dil_w, int dil_h);
tc_opts tc_opts_depthwise(int padding, int stride_w, int stride_h,
                          int depth_multiplier, int act, int dil_w,
                          int dil_h);
tc_opts tc_opts_pool2d(int padding, int stride_w, int stride_h, int filter_w,
                       int filter_h, int act);
tc_opts tc_opts_fc(int act, int keep_num_dims);
tc_opts tc_opts_softmax(float beta);
tc_opts tc_opts_concat(int axis, int act);
tc_opts tc_opts_add(int act);
tc_opts tc_opts_sub(int act);
tc_opts tc_opts_mul(int act);
tc_opts tc_opts_reshape(int n, const int32_t *new_shape);  /* not copied */
tc_opts tc_opts_squeeze(int n, const int32_t *squeeze_dims); /* until op */
tc_opts tc_opts_strided_slice(int begin_mask, int end_mask, int ellipsis_mask,
                              int new_axis_mask, int shrink_axis_mask);
tc_opts tc_opts_pack(int values_count, int axis);
tc_opts tc_opts_leaky_relu(float alpha);
tc_opts tc_opts_reducer(int keep_dims);
tc_opts tc_opts_shape(int out_type);
/* An options table with no fields (PadOptions, TransposeOptions, ...). */
tc_opts tc_opts_empty(int type);

typedef struct tc_graph tc_graph;

tc_graph *tc_graph_new(void); /* NULL when out of memory */
void tc_graph_free(tc_graph *g);

/* Add a tensor; returns its index or -1. `dims` has ndims entries (0..16,
 * each >= 0). `data` (numel * type size bytes, host little-endian) makes a
 * constant and is copied; NULL = activation. Quantization: nscales scales
 * and zero points (zps NULL = all 0); nscales 0 = none, > 1 = per channel
 * along dimension qdim (dims[qdim] == nscales). `name` NULL = "". */
int tc_graph_tensor(tc_graph *g, const char *name, int type, int ndims,
                    const int32_t *dims, const void *data,
                    const float *scales, const int64_t *zps, int nscales,
                    int qdim);

/* Append a builtin op (run in order added); returns its index or -1.
 * Inputs may be -1 (optional, absent). opts NULL = no options table. */
int tc_graph_op(tc_graph *g, int32_t builtin_code, int nin, const int32_t *in,
                int nout, const int32_t *out, const tc_opts *opts);
/* Append a CUSTOM op with operator code string custom_code (no options). */
int tc_graph_custom(tc_graph *g, const char *custom_code, int nin,
                    const int32_t *in, int nout, const int32_t *out);

/* The subgraph's inputs and outputs (replaces earlier calls). */
void tc_graph_io(tc_graph *g, int nin, const int32_t *in, int nout,
                 const int32_t *out);

/* A Model.metadata entry (schema.fbs: `table Metadata { name:string;
 * buffer:uint; }`): `data` is copied into a buffer of its own after the
 * constants' and listed under `name`; the same name again replaces it.
 * Runtimes skip names they do not know. 0 or -1. */
#define TC_GRAPH_MAX_METADATA 4
int tc_graph_metadata(tc_graph *g, const char *name, const void *data,
                      size_t len);

/* Serialize. On TC_OK *out is malloc'd (free() it) and *len its size.
 * TC_ERR_ARG after any earlier error or when inputs/outputs are unset;
 * tc_graph_error says why. */
tc_status tc_graph_serialize(const tc_graph *g, uint8_t **out, size_t *len);

/* The first error, or NULL. */
const char *tc_graph_error(const tc_graph *g);

#ifdef __cplusplus
}
#endif
#endif
