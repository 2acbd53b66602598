/* Builtin code -> kernel. Only what is listed here is linked in. */
#include "kernel.h"

/* conv family */
extern const tc_kernel tc_kernel_conv_2d, tc_kernel_depthwise_conv_2d;
/* fully connected, softmax, logistic */
extern const tc_kernel tc_kernel_fully_connected, tc_kernel_softmax,
    tc_kernel_logistic;
/* elementwise: add/sub/mul, activations, quantize */
extern const tc_kernel tc_kernel_add, tc_kernel_sub, tc_kernel_mul,
    tc_kernel_relu, tc_kernel_relu6, tc_kernel_leaky_relu,
    tc_kernel_hard_swish, tc_kernel_quantize, tc_kernel_dequantize;
/* pooling, reduce, data movement */
extern const tc_kernel tc_kernel_max_pool_2d, tc_kernel_average_pool_2d,
    tc_kernel_mean, tc_kernel_pad, tc_kernel_concatenation,
    tc_kernel_transpose, tc_kernel_reshape, tc_kernel_squeeze,
    tc_kernel_shape, tc_kernel_strided_slice, tc_kernel_pack;

/* Build-time op selection, so a firmware links only its model's kernels:
 * by default every kernel is in the table; with -DTC_OPS_ONLY only the ops
 * named by -DTC_WITH_<OP> (e.g. -DTC_WITH_CONV_2D) are, and the linker's
 * --gc-sections drops the others. ports/rv32-qemu/ops.sh prints the flags
 * for a model. An op left out is refused at load like an unsupported one. */
#ifdef TC_OPS_ONLY
#define TC_OP_ENABLED(op) TC_WITH_##op
#else
#define TC_OP_ENABLED(op) 1
#endif

/* Null-terminated: with TC_OPS_ONLY the table may hold no kernel at all. */
static const tc_kernel *const kernels[] = {
    /* conv family */
#if TC_OP_ENABLED(CONV_2D)
    &tc_kernel_conv_2d,
#endif
#if TC_OP_ENABLED(DEPTHWISE_CONV_2D)
    &tc_kernel_depthwise_conv_2d,
#endif
    /* fully connected, softmax, logistic */
#if TC_OP_ENABLED(FULLY_CONNECTED)
    &tc_kernel_fully_connected,
#endif
#if TC_OP_ENABLED(SOFTMAX)
    &tc_kernel_softmax,
#endif
#if TC_OP_ENABLED(LOGISTIC)
    &tc_kernel_logistic,
#endif
    /* elementwise */
#if TC_OP_ENABLED(ADD)
    &tc_kernel_add,
#endif
#if TC_OP_ENABLED(SUB)
    &tc_kernel_sub,
#endif
#if TC_OP_ENABLED(MUL)
    &tc_kernel_mul,
#endif
#if TC_OP_ENABLED(RELU)
    &tc_kernel_relu,
#endif
#if TC_OP_ENABLED(RELU6)
    &tc_kernel_relu6,
#endif
#if TC_OP_ENABLED(LEAKY_RELU)
    &tc_kernel_leaky_relu,
#endif
#if TC_OP_ENABLED(HARD_SWISH)
    &tc_kernel_hard_swish,
#endif
#if TC_OP_ENABLED(QUANTIZE)
    &tc_kernel_quantize,
#endif
#if TC_OP_ENABLED(DEQUANTIZE)
    &tc_kernel_dequantize,
#endif
    /* pooling, reduce, data movement */
#if TC_OP_ENABLED(MAX_POOL_2D)
    &tc_kernel_max_pool_2d,
#endif
#if TC_OP_ENABLED(AVERAGE_POOL_2D)
    &tc_kernel_average_pool_2d,
#endif
#if TC_OP_ENABLED(MEAN)
    &tc_kernel_mean,
#endif
#if TC_OP_ENABLED(PAD)
    &tc_kernel_pad,
#endif
#if TC_OP_ENABLED(CONCATENATION)
    &tc_kernel_concatenation,
#endif
#if TC_OP_ENABLED(TRANSPOSE)
    &tc_kernel_transpose,
#endif
#if TC_OP_ENABLED(RESHAPE)
    &tc_kernel_reshape,
#endif
#if TC_OP_ENABLED(SQUEEZE)
    &tc_kernel_squeeze,
#endif
#if TC_OP_ENABLED(SHAPE)
    &tc_kernel_shape,
#endif
#if TC_OP_ENABLED(STRIDED_SLICE)
    &tc_kernel_strided_slice,
#endif
#if TC_OP_ENABLED(PACK)
    &tc_kernel_pack,
#endif
    0};

const tc_kernel *tc_kernel_find(int32_t code) {
  size_t i;
  for (i = 0; kernels[i]; i++)
    if (kernels[i]->code == code) return kernels[i];
  return 0;
}

/* Row streaming (kernel.h, tc_stream): the windowed NHWC ops. */
extern const tc_stream tc_stream_conv_2d, tc_stream_depthwise_conv_2d,
    tc_stream_max_pool_2d, tc_stream_average_pool_2d;
static const tc_stream *const streams[] = {
#if TC_OP_ENABLED(CONV_2D)
    &tc_stream_conv_2d,
#endif
#if TC_OP_ENABLED(DEPTHWISE_CONV_2D)
    &tc_stream_depthwise_conv_2d,
#endif
#if TC_OP_ENABLED(MAX_POOL_2D)
    &tc_stream_max_pool_2d,
#endif
#if TC_OP_ENABLED(AVERAGE_POOL_2D)
    &tc_stream_average_pool_2d,
#endif
    0};

const tc_stream *tc_stream_find(int32_t code) {
  size_t i;
  for (i = 0; streams[i]; i++)
    if (streams[i]->code == code) return streams[i];
  return 0;
}
