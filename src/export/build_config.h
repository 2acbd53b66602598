/* The build configuration of a firmware that runs one model: the kernels
 * it needs, whether any float path is needed, the K values of its int8
 * convolutions and the channel counts of its int8 depthwise convolutions
 * (src/kernels/registry.c, kernel.h, conv_s8_opt.c,
 * depthwise_conv_s8_opt.c). Host
 * only; tc_export_c writes it next to model_data.c/.h. */
#ifndef TC_EXPORT_BUILD_CONFIG_H
#define TC_EXPORT_BUILD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#define TC_BC_MAX_OPS 64
#define TC_BC_MAX_KS 64

typedef struct tc_build_config {
  const char *ops[TC_BC_MAX_OPS]; /* builtin names, sorted, distinct */
  size_t nops;
  int no_float;                   /* no tensor is float32: -DTC_NO_FLOAT */
  int32_t ks[TC_BC_MAX_KS];       /* ascending, distinct */
  size_t nks;
  int32_t dws[TC_BC_MAX_KS];      /* int8 DEPTHWISE_CONV_2D input channels */
  size_t ndws;
} tc_build_config;

/* From a model that tc_model_load accepted. Returns 0, or -1 with err. */
int tc_build_config_of(const tc_model *m, tc_build_config *bc, char *err,
                       size_t errlen);

#endif
