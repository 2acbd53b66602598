/* stub: being implemented */
#include "kernel.h"
static tc_status stub_prepare(tc_ctx *c, tc_node *n) { return tc_fail(c, n, TC_ERR_UNSUPPORTED, "not implemented"); }
static void stub_invoke(tc_ctx *c, tc_node *n) { (void)c; (void)n; }
const tc_kernel tc_kernel_relu = {TC_OP_RELU, TC_OPT_NONE, stub_prepare, stub_invoke};
const tc_kernel tc_kernel_relu6 = {TC_OP_RELU6, TC_OPT_NONE, stub_prepare, stub_invoke};
const tc_kernel tc_kernel_leaky_relu = {TC_OP_LEAKY_RELU, TC_OPT_NONE, stub_prepare, stub_invoke};
const tc_kernel tc_kernel_hard_swish = {TC_OP_HARD_SWISH, TC_OPT_NONE, stub_prepare, stub_invoke};
