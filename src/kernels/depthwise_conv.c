/* DEPTHWISE_CONV_2D (stub, being implemented). */
#include "kernel.h"

static tc_status dw_prepare(tc_ctx *c, tc_node *n) {
  return tc_fail(c, n, TC_ERR_UNSUPPORTED, "not implemented");
}
static void dw_invoke(tc_ctx *c, tc_node *n) { (void)c; (void)n; }

const tc_kernel tc_kernel_depthwise_conv_2d = {
    TC_OP_DEPTHWISE_CONV_2D, TC_OPT_DEPTHWISE, dw_prepare, dw_invoke};
