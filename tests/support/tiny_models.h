/* Tiny models built with our own writer (include/tinycnn/export.h), for
 * fuzz seeds, the bad-input tests and the thread test: no ../shared
 * needed. Each returns a malloc'd .tflite (free() it) or NULL. */
#ifndef TC_TESTS_TINY_MODELS_H
#define TC_TESTS_TINY_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/export.h"

/* An int8 activation tensor with one scale and zero point. */
int tm_act8(tc_graph *g, const char *name, int n, const int32_t *dims,
            float scale, int64_t zp);

/* int8: input [1,8,8,2] -> CONV_2D 3x3 same relu (4 ch, per-channel) ->
 * AVERAGE_POOL_2D 2x2 -> RESHAPE [1,64] -> FULLY_CONNECTED 3 -> SOFTMAX. */
uint8_t *tm_classifier_s8(size_t *len);
/* float32: input [1,6,6,3] -> DEPTHWISE_CONV_2D 3x3 valid relu6 (mult 2) ->
 * MAX_POOL_2D 2x2 -> MEAN over H,W -> FULLY_CONNECTED 2 -> LOGISTIC. */
uint8_t *tm_float_net(size_t *len);
/* float in [1,4,4,3] -> QUANTIZE int8 -> ADD itself -> MUL by a constant ->
 * PAD 1 -> CONCATENATION with itself on C -> DEQUANTIZE float. */
uint8_t *tm_elementwise(size_t *len);
/* int8 [1,4,6,2] -> TRANSPOSE [0,2,1,3] -> STRIDED_SLICE rows 1,3,5 ->
 * Keras' Flatten (SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE [1,24]) ->
 * SQUEEZE -> MEAN [1]: the shape ops and their integer constants. */
uint8_t *tm_shape_ops(size_t *len);
/* The smallest valid model: float [1,4] -> RELU -> [1,4]. */
uint8_t *tm_relu(size_t *len);

#endif
