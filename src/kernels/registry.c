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

static const tc_kernel *const kernels[] = {
    /* conv family */
    &tc_kernel_conv_2d, &tc_kernel_depthwise_conv_2d,
    /* fully connected, softmax, logistic */
    &tc_kernel_fully_connected, &tc_kernel_softmax, &tc_kernel_logistic,
    /* elementwise */
    &tc_kernel_add, &tc_kernel_sub, &tc_kernel_mul, &tc_kernel_relu,
    &tc_kernel_relu6, &tc_kernel_leaky_relu, &tc_kernel_hard_swish,
    &tc_kernel_quantize, &tc_kernel_dequantize,
    /* pooling, reduce, data movement */
    &tc_kernel_max_pool_2d, &tc_kernel_average_pool_2d, &tc_kernel_mean,
    &tc_kernel_pad, &tc_kernel_concatenation, &tc_kernel_transpose,
    &tc_kernel_reshape, &tc_kernel_squeeze, &tc_kernel_shape,
    &tc_kernel_strided_slice, &tc_kernel_pack,
};

const tc_kernel *tc_kernel_find(int32_t code) {
  size_t i;
  for (i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
    if (kernels[i]->code == code) return kernels[i];
  return 0;
}
