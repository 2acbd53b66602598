/* Shared by CONV_2D and DEPTHWISE_CONV_2D: window geometry (stride,
 * dilation, padding exactly as TFLite's ComputePaddingHeightWidth) and the
 * int8 per-channel requantization setup (TFLite's
 * PopulateConvolutionQuantizationParams). Internal; the larger helpers are in conv_common.c. */
#ifndef TC_CONV_COMMON_H
#define TC_CONV_COMMON_H

#include "kernel.h"
#include "opt_common.h"

/* Where the options of the two ops live (schema.fbs field ids). Both
 * tables start padding(0), stride_w(1), stride_h(2). */
typedef struct conv_fields {
  int act;   /* fused_activation_function */
  int dil_w; /* dilation_w_factor; dilation_h_factor follows it; 0: none
                (pooling) */
} conv_fields;

typedef struct conv_geom {
  int32_t stride_h, stride_w, dil_h, dil_w;
  int32_t pad_h, pad_w; /* zero rows above / columns left of the input */
  int32_t out_h, out_w; /* output size the op produces */
  int act;              /* TC_ACT_* */
} conv_geom;

/* Requantization of int8 outputs: out = clamp(zp_out + M_c * acc). */
typedef struct conv_quant {
  int32_t in_offset, out_offset, act_lo, act_hi;
  const int32_t *mult, *shift; /* per output channel */
} conv_quant;

/* Filter scale of output channel ch (per-tensor scales are broadcast). */
static inline float conv_filter_scale(const tc_tensor *filt, int32_t ch) {
  return filt->nscales > 1 ? filt->scales[ch] : filt->scale;
}

/* Where the int8 per-channel multipliers and shifts live. With
 * TC_QM_PERSIST=0 (the default) they are recomputed at the start of every
 * invoke into the op's scratch, ahead of the optimized kernel's scratch:
 * 8 bytes per output channel of transient memory instead of persistent
 * memory in every op (~22 KB in person_detect), for a few hundred
 * instructions per channel (~120 on rv32). Same function, same bytes. */
#ifndef TC_QM_PERSIST
#define TC_QM_PERSIST 0
#endif
/* Where double is hardware (64-bit x86 and Arm hosts, IEEE without excess
 * precision), the per-invoke multipliers use the prepare-time double
 * formula; elsewhere its integer-only twin (qm_int.c, same bytes). */
#ifndef TC_QM_DOUBLE
#if defined(__x86_64__) || defined(__aarch64__)
#define TC_QM_DOUBLE 1
#else
#define TC_QM_DOUBLE 0
#endif
#endif
#define TC_ALIGN_UP_K(x, a) (((x) + ((a) - 1)) & ~(size_t)((a) - 1))
static inline size_t conv_qm_bytes(int32_t cout) {
  return TC_QM_PERSIST ? 0 : TC_ALIGN_UP_K(8 * (size_t)cout, 16);
}

/* Shapes: NHWC input, output channels, the filter's window; k_c: the
 * filter's channels per group (conv's OHWI), mult: output channels per
 * input channel (depthwise's 1HWO). */
typedef struct conv_shape {
  int32_t batches, in_h, in_w, in_c, k_h, k_w, k_c, out_c, mult;
} conv_shape;

/* What differs between CONV_2D and DEPTHWISE_CONV_2D; the shared prepare,
 * rows and window below do the rest. The float pointers are NULL in
 * TC_NO_FLOAT builds, the optimized ones with TC_REFERENCE_KERNELS. */
typedef struct conv_kind {
  conv_fields f;
  int dw;  /* filter [1,KH,KW,Cout], per-channel axis 3 */
  void (*s8)(const conv_geom *g, const conv_shape *s, const int8_t *in,
             const int8_t *filt, const int32_t *bias, const conv_quant *q,
             int8_t *out);
  void (*f32)(const conv_geom *g, const conv_shape *s, const float *in,
              const float *filt, const float *bias, float lo, float hi,
              float *out);
  void (*hybrid)(const conv_geom *g, const conv_shape *s, const float *in,
                 const int8_t *filt, const tc_tensor *filter,
                 const float *bias, float lo, float hi, float *out);
#if !TC_REFERENCE_KERNELS
  int (*opt)(const tc_conv_job *j); /* 0: not handled, run s8 */
  size_t (*opt_scratch)(const tc_conv_job *j);
#endif
} conv_kind;

#define CONV_FLOAT(f) (TC_FLOAT_KERNELS ? (f) : 0)
#if TC_REFERENCE_KERNELS
#define CONV_OPT(f, scratch)
#else
#define CONV_OPT(f, scratch) , f, scratch
#endif

/* The kernel functions of both ops (conv_common.c): prepare checks
 * counts, dtypes, shapes, options, quantization and asks for memory;
 * rows and window are the tc_stream functions; invoke runs all rows. */
tc_status tc_conv_prepare(tc_ctx *c, tc_node *n, const conv_kind *k);
void tc_conv_rows(tc_ctx *c, tc_node *n, const conv_kind *k,
                  const void *indata, int32_t i0, int32_t i1, int32_t r0,
                  int32_t r1, void *outdata);
void tc_conv_window(tc_ctx *c, const tc_node *n, const conv_kind *k,
                    int32_t *stride, int32_t *pad, int32_t *kh);
/* tc_stream.pool_rows of an int8 conv: the optimized kernel with
 * tc_conv_job.pool set; 0 when it does not take the job. */
int tc_conv_pool_rows(tc_ctx *c, tc_node *n, const conv_kind *k, int32_t lo,
                      int32_t hi, const void *indata, int32_t i0, int32_t i1,
                      int32_t r0, int32_t r1, void *outdata);
void tc_conv_invoke(tc_ctx *c, tc_node *n, const conv_kind *k);

/* The in-place request (kernel.h, tc_window_lead) of a windowed op: conv,
 * depthwise, pooling. */
void tc_conv_request_overlap(tc_ctx *c, tc_node *n, const conv_geom *g,
                             const tc_tensor *in, const tc_tensor *out);

/* conv_common.c; the message of a failure names the node. */
/* Reads and validates the window options and computes the geometry for an
 * NHWC input of in_h x in_w and a kh x kw filter (TFLite's ComputeOutSize
 * and ComputePaddingHeightWidth). */
tc_status tc_conv_geom_init(tc_ctx *c, const tc_node *n, conv_fields f,
                            int32_t in_h, int32_t in_w, int32_t kh, int32_t kw,
                            conv_geom *g);
#endif
