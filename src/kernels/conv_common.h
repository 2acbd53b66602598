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
  int dil_w; /* dilation_w_factor; dilation_h_factor follows it */
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
 * instructions per channel. Same function, same bytes. */
#ifndef TC_QM_PERSIST
#define TC_QM_PERSIST 0
#endif
/* Where double is hardware (64-bit x86 and Arm hosts, IEEE without excess
 * precision), tc_conv_multipliers_invoke uses the prepare-time double
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

/* conv_common.c; the message of a failure names the node. */
/* Reads and validates the window options and computes the geometry for an
 * NHWC input of in_h x in_w and a kh x kw filter (TFLite's ComputeOutSize
 * and ComputePaddingHeightWidth). */
tc_status tc_conv_geom_init(tc_ctx *c, const tc_node *n, conv_fields f,
                            int32_t in_h, int32_t in_w, int32_t kh, int32_t kw,
                            conv_geom *g);
/* The in-place request (kernel.h, tc_window_lead) of a conv-like op. */
void tc_conv_request_overlap(tc_ctx *c, tc_node *n, const conv_geom *g,
                             const tc_tensor *in, const tc_tensor *out);
/* Symmetric int8 filter quantization: one scale, or one per output
 * channel along axis qaxis. */
tc_status tc_conv_check_filter_quant(tc_ctx *c, const tc_node *n,
                                     const tc_tensor *filt, int qaxis,
                                     int32_t cout);
/* The int8 requantization of an invoke: offsets, clamp range, and the
 * per-channel multipliers (persistent, or recomputed into the op's scratch
 * when `first_rows` - the first band of rows of this invoke). */
void tc_conv_quant_setup(const tc_node *n, const tc_tensor *in,
                         const tc_tensor *filt, const tc_tensor *out,
                         int32_t out_c, int act, int first_rows,
                         conv_quant *q);
#if !TC_REFERENCE_KERNELS
/* The data and requantization fields of an optimized-kernel job; its
 * scratch follows the multiplier table in the op's scratch. `keep`: a
 * later band of the same invoke, whose per-channel constants exist. */
void tc_conv_job_io(tc_conv_job *j, const conv_quant *q, const tc_node *n,
                    const void *in, const tc_tensor *filt,
                    const tc_tensor *bias, void *out, int32_t out_c,
                    int keep);
#endif
/* The quantized clamp range of a fused activation must be computable. */
tc_status tc_conv_check_act_range(tc_ctx *c, const tc_node *n, int act,
                                  const tc_tensor *out);
/* Per-channel multipliers and shifts at invoke, integer-only (qm_int.c). */
void tc_conv_multipliers_invoke(const tc_tensor *in, const tc_tensor *filt,
                                const tc_tensor *out, int32_t cout,
                                int32_t *mult, int32_t *shift);
/* TFLite PopulateConvolutionQuantizationParams in double; the first
 * channel whose multiplier is out of range, or -1. mult/shift may be NULL. */
int32_t tc_conv_multipliers(const tc_tensor *in, const tc_tensor *filt,
                            const tc_tensor *out, int32_t cout, int32_t *mult,
                            int32_t *shift);

#endif
