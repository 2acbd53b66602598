/* The contract between the interpreter and the kernels (internal).
 *
 * A kernel has two functions:
 *   prepare(c, n): check dtypes and shapes, compute per-op constants, ask
 *                  for memory. Runs twice: once while *measuring* (no arena
 *                  yet: tc_persist() returns NULL, write nothing) and once
 *                  for real. It must request the same sizes both times.
 *   invoke(c, n):  compute outputs from inputs. Never fails on data.
 * Shapes are static (taken from the model), so outputs are never resized:
 * prepare verifies that the model's output shape is the one the op yields. */
#ifndef TC_KERNEL_H
#define TC_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#define TC_MAX_IO 32 /* inputs + outputs of one op */

/* A firmware's build configuration for one model (TC_OPS_ONLY, TC_WITH_*,
 * TC_NO_FLOAT, TC_CONV_KS: `tinycnn export --c` writes it as
 * model_config.h). -DTC_MODEL_CONFIG='"path/model_config.h"' includes it
 * here, so that every kernel, the registry and the runtime read the same
 * settings; builds that cannot pass a path (the Arduino builder) give the
 * same settings as -D flags instead (build_opt.h, written alongside). */
#ifdef TC_MODEL_CONFIG
#include TC_MODEL_CONFIG
#endif

/* -DTC_NO_FLOAT builds for int8-only models: the float32 and hybrid
 * branches become dead code (so they are not linked) and prepare refuses
 * such nodes with TC_FLOAT_REFUSED. */
#ifdef TC_NO_FLOAT
#define TC_FLOAT_KERNELS 0
#else
#define TC_FLOAT_KERNELS 1
#endif
#define TC_FLOAT_REFUSED "input 0 is %s: built without float kernels (TC_NO_FLOAT)"

/* BuiltinOperator codes used by the kernels (schema.fbs). */
enum {
  TC_OP_ADD = 0, TC_OP_AVERAGE_POOL_2D = 1, TC_OP_CONCATENATION = 2,
  TC_OP_CONV_2D = 3, TC_OP_DEPTHWISE_CONV_2D = 4, TC_OP_DEQUANTIZE = 6,
  TC_OP_FULLY_CONNECTED = 9, TC_OP_LOGISTIC = 14, TC_OP_MAX_POOL_2D = 17,
  TC_OP_MUL = 18, TC_OP_RELU = 19, TC_OP_RELU6 = 21, TC_OP_RESHAPE = 22,
  TC_OP_SOFTMAX = 25, TC_OP_CUSTOM = 32, TC_OP_PAD = 34, TC_OP_TRANSPOSE = 39,
  TC_OP_MEAN = 40, TC_OP_SUB = 41, TC_OP_SQUEEZE = 43,
  TC_OP_STRIDED_SLICE = 45, TC_OP_SHAPE = 77, TC_OP_PACK = 83,
  TC_OP_LEAKY_RELU = 98, TC_OP_QUANTIZE = 114, TC_OP_HARD_SWISH = 117
};

/* BuiltinOptions union member indices (schema.fbs), checked at load. */
enum {
  TC_OPT_NONE = 0, TC_OPT_CONV2D = 1, TC_OPT_DEPTHWISE = 2, TC_OPT_POOL2D = 5,
  TC_OPT_FULLY_CONNECTED = 8, TC_OPT_SOFTMAX = 9, TC_OPT_CONCATENATION = 10,
  TC_OPT_ADD = 11, TC_OPT_RESHAPE = 17, TC_OPT_MUL = 21, TC_OPT_PAD = 22,
  TC_OPT_TRANSPOSE = 26, TC_OPT_REDUCER = 27, TC_OPT_SUB = 28,
  TC_OPT_SQUEEZE = 30, TC_OPT_STRIDED_SLICE = 32, TC_OPT_DEQUANTIZE = 38,
  TC_OPT_SHAPE = 55, TC_OPT_PACK = 59, TC_OPT_LEAKY_RELU = 75,
  TC_OPT_QUANTIZE = 89, TC_OPT_HARD_SWISH = 91
};

/* ActivationFunctionType and Padding (schema.fbs). */
enum { TC_ACT_NONE = 0, TC_ACT_RELU = 1, TC_ACT_RELU_N1_TO_1 = 2,
       TC_ACT_RELU6 = 3 };
enum { TC_PAD_SAME = 0, TC_PAD_VALID = 1 };

typedef struct tc_node {
  const int32_t *in, *out; /* tensor indices, -1 = optional and absent */
  const uint8_t *opts;     /* builtin options table, NULL = defaults */
  const tc_model *model;   /* for bounds checks of option vectors */
  const struct tc_kernel *k;
  void *data;              /* persistent per-op data (tc_persist) */
  void *scratch;           /* per-invoke scratch (tc_scratch), arena */
  uint32_t scratch_bytes;
  uint16_t index;          /* op index in the model, for messages */
  uint8_t nin, nout;
  uint8_t fused;           /* 1: run by the next op, 2: streams the previous
                              op's output (tc_stream) */
} tc_node;

typedef struct tc_ctx tc_ctx; /* owned by the interpreter */

typedef struct tc_kernel {
  int32_t code;
  uint8_t opts_type; /* expected BuiltinOptions member, TC_OPT_NONE = any */
  tc_status (*prepare)(tc_ctx *c, tc_node *n);
  void (*invoke)(tc_ctx *c, tc_node *n);
} tc_kernel;

/* --- for kernels ------------------------------------------------------- */

/* Input/output tensor i of node n; NULL when an optional input is absent
 * (index -1) or i is past the end. */
tc_tensor *tc_in(tc_ctx *c, const tc_node *n, int i);
tc_tensor *tc_out(tc_ctx *c, const tc_node *n, int i);

/* Persistent memory for per-op constants, 8-byte aligned. Returns NULL
 * while measuring: a prepare asks for everything, then
 *   if (tc_measuring(c)) return TC_OK;
 * and only then fills it. */
void *tc_persist(tc_ctx *c, tc_node *n, size_t bytes);
int tc_measuring(const tc_ctx *c);
/* Scratch that lives only while this op runs; available as n->scratch. */
void tc_scratch(tc_ctx *c, tc_node *n, size_t bytes);

/* In-place execution: the op's output 0 may share memory with its input 0
 * as long as the input starts at least `lead` bytes after the output does
 * (lead < 0: the output may start up to -lead bytes after the input). The
 * kernel promises that, under that placement, it never writes a byte of
 * the input before it has read it for the last time. Prepare calls it in
 * both passes; the planner uses it only when input 0 dies at this op. */
void tc_overlap(tc_ctx *c, tc_node *n, int32_t lead);

/* Output pixels computed in order, in blocks of at most TC_OVERLAP_BLOCK
 * pixels (each block reads all its input windows before, or while, writing
 * its outputs; a block may start up to TC_OVERLAP_BLOCK - 1 pixels before
 * where the previous one ended, rereading and rewriting them) — or row by
 * row with every read of a row done before any of its writes. The least
 * safe lead for such a windowed NHWC op (conv, depthwise, pooling) whose
 * window of output pixel (oy, ox) starts at input (oy*stride - pad,
 * ox*stride - pad). Bytes per pixel: in_px, out_px. */
#define TC_OVERLAP_BLOCK 4
typedef struct tc_window_io {
  int32_t batches, in_h, in_w, out_h, out_w;
  int32_t stride_h, stride_w, pad_h, pad_w;
  uint32_t in_px, out_px;
} tc_window_io;
int32_t tc_window_lead(const tc_window_io *w);

/* Row streaming (interp.c fuses a producer and its only consumer so that
 * the tensor between them is never materialized, only a band of its rows).
 * NHWC ops whose output rows depend on a window of input rows provide:
 *   window: output row oy reads input rows oy*stride - pad ... + kh - 1
 *           (those that exist);
 *   rows:   compute output rows [r0, r1) into out (row r0 first) from input
 *           rows [i0, i1) at in (row i0 first) — every existing row of
 *           their windows — with exactly the arithmetic of invoke.
 * Batch 1 only (the interpreter checks). Valid after a successful
 * prepare. */
typedef struct tc_stream {
  int32_t code;
  void (*window)(tc_ctx *c, const tc_node *n, int32_t *stride, int32_t *pad,
                 int32_t *kh);
  void (*rows)(tc_ctx *c, tc_node *n, const void *in, int32_t i0, int32_t i1,
               int32_t r0, int32_t r1, void *out);
  /* Optional, producers only: output rows [r0, r1) (an even count) max
   * pooled 2x2 at stride 2 as they are produced, then clamped to [lo, hi]
   * (the pool's activation): the pooled rows r0/2 .. r1/2 - 1 in out.
   * Returns 0 when this job cannot (the caller streams as usual). */
  int (*pool_rows)(tc_ctx *c, tc_node *n, int32_t lo, int32_t hi,
                   const void *in, int32_t i0, int32_t i1, int32_t r0,
                   int32_t r1, void *out);
} tc_stream;
/* 1 when n is a MAX_POOL_2D that a producer's pool_rows can compute: int8,
 * 2x2 windows at stride 2 without padding, output half the input (rounded
 * down). Its clamp range in *lo, *hi. */
int tc_maxpool2(tc_ctx *c, const tc_node *n, int32_t *lo, int32_t *hi);
/* The registry's streaming table: NULL when the op cannot stream. */
const tc_stream *tc_stream_find(int32_t code);

/* Record a failure naming the op: "op 3 CONV_2D: <fmt>" and return s.
 * fmt understands %d %u %s %f(prints as scientific-ish) and %%. */
tc_status tc_fail(tc_ctx *c, const tc_node *n, tc_status s, const char *fmt,
                  ...);
#ifdef TC_SHORT_MESSAGES
/* Device builds (the ports' build.sh): a kernel's message keeps its text
 * and the op, and its values print as '?' ("op 3 (builtin 3): bias has ?
 * elements, expected ?"): passing them is most of the code of a check. */
#define TC_MSG_ARGS 0
#define TC_MSG0_(fmt, ...) fmt
#define tc_fail(c, n, s, ...) tc_fail((c), (n), (s), TC_MSG0_(__VA_ARGS__, 0))
#else
#define TC_MSG_ARGS 99
#endif

/* Options accessors, bounds-checked against the verified table. field is
 * the schema field id (0-based). A missing table or field yields def. */
int32_t tc_opt_i32(const tc_node *n, int field, int32_t def);
int tc_opt_u8(const tc_node *n, int field, int def); /* byte/bool/enum */
float tc_opt_f32(const tc_node *n, int field, float def);
/* A [int] vector field; NULL (and *len 0) when absent or malformed. */
const int32_t *tc_opt_vec_i32(const tc_node *n, int field, uint32_t *len);

/* Tensor helpers. */
uint32_t tc_numel(const tc_tensor *t);
int tc_same_shape(const tc_tensor *a, const tc_tensor *b);
/* dims[ndims-1-i] with 1 for missing leading dims (NHWC helpers). */
int32_t tc_dim(const tc_tensor *t, int i);
/* Element i of a constant int32 or int64 tensor of indices (paddings,
 * permutations, slice bounds): int64 values are clamped into int32, so
 * that one beyond it fails the caller's range check instead of wrapping
 * into range. */
int32_t tc_index_at(const tc_tensor *t, uint32_t i);

/* --- quantization arithmetic, bit-exact with TFLite ------------------ */

/* TFLite QuantizeMultiplier: m = q * 2^shift, q in [2^30, 2^31). */
void tc_quantize_multiplier(double real, int32_t *q, int *shift);
/* tc_quantize_multiplier((double)a * (double)b / (double)c), the same
 * bytes, in 32-bit integer arithmetic (qm_int.c). */
void tc_quantize_multiplier_f(float a, float b, float c, int32_t *q,
                              int *shift);
/* The same for many b with one a and c: a and c decoded once. */
typedef struct tc_qm_op {
  float a, c;
  uint32_t ma, mc, inv; /* inv = floor((2^55 - 1) / mc) */
  uint32_t fh, fl;      /* fh 2^32 + fl = floor(ma 2^63 / mc) */
  int32_t ea, ec;
  int ok;
} tc_qm_op;
int tc_qm_begin(tc_qm_op *op, float a, float c);
void tc_qm_channel(const tc_qm_op *op, float b, int32_t *q, int *shift);
/* n channels: b[i * step] (step 0: one scale for all) into q[i], shift[i]. */
void tc_qm_channels(const tc_qm_op *op, const float *b, int32_t step,
                    int32_t n, int32_t *q, int32_t *shift);
/* TFLite MultiplyByQuantizedMultiplier (double rounding, the TFLM
 * default): SaturatingRoundingDoublingHighMul then RoundingDivideByPOT. */
int32_t tc_mul_by_qm(int32_t x, int32_t q, int shift);
int32_t tc_srdhm(int32_t a, int32_t b); /* SaturatingRoundingDoublingHighMul */
int32_t tc_rdbpot(int32_t x, int exponent); /* RoundingDivideByPOT */
/* a + b wrapping around like the hardware: only a malformed model (a
 * huge bias, a nonsensical scale) gets there, and that must not be UB. */
static inline int32_t tc_add_wrap(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
/* Per-tensor quantization check for an int8/uint8/int16 tensor: one scale
 * > 0 (tc_model_load has put every zero point inside its dtype's range);
 * else a message naming `what` ("input 0", "output"). */
tc_status tc_check_per_tensor(tc_ctx *c, const tc_node *n, const tc_tensor *t,
                              const char *what);
/* Activation clamp range for a quantized output tensor. */
void tc_act_range_q(int act, const tc_tensor *out, int32_t *lo, int32_t *hi);
void tc_act_range_f(int act, float *lo, float *hi);
float tc_roundf(float x); /* round half away from zero, like std::round */
double tc_round(double x);

/* The registry: NULL when the op is not supported. */
const tc_kernel *tc_kernel_find(int32_t code);

/* --- small byte moves, for kernels and the interpreter ---------------- */
#if defined(__GNUC__)
#define TC_ALWAYS_INLINE static inline __attribute__((always_inline))
#define TC_NOINLINE static __attribute__((noinline))
#else
#define TC_ALWAYS_INLINE static inline
#define TC_NOINLINE static
#endif

/* n bytes, first to last (so dst <= src may overlap); word moves when both
 * ends and n allow (channel counts and rows are mostly multiples of 4),
 * which beats a memcpy call for these short runs, and picolibc's byte-wise
 * memmove. may_alias: the words are views of int8 tensors. */
#if defined(__GNUC__)
typedef uint32_t tc_word8 __attribute__((may_alias));
#endif
TC_ALWAYS_INLINE void tc_copy8(int8_t *dst, const int8_t *src, int32_t n) {
#if defined(__GNUC__)
  if ((((uintptr_t)dst | (uintptr_t)src | (uintptr_t)n) & 3) == 0) {
    tc_word8 *d = (tc_word8 *)(void *)dst;
    const tc_word8 *s = (const tc_word8 *)(const void *)src;
    for (; n > 0; n -= 4) *d++ = *s++;
    return;
  }
#endif
  for (; n > 0; n--) *dst++ = *src++;
}

/* n bytes of v; word stores when dst and n allow (a row's padding
 * columns, C bytes each: too short for a memset call to pay off). */
TC_ALWAYS_INLINE void tc_fill8(int8_t *dst, int8_t v, int32_t n) {
#if defined(__GNUC__)
  if ((((uintptr_t)dst | (uintptr_t)n) & 3) == 0) {
    tc_word8 *d = (tc_word8 *)(void *)dst;
    const uint32_t w = (uint32_t)(uint8_t)v * 0x01010101u;
    for (; n > 0; n -= 4) *d++ = w;
    return;
  }
#endif
  for (; n > 0; n--) *dst++ = v;
}

#endif
