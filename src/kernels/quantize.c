/* stub: being implemented */
#include "kernel.h"
static tc_status stub_prepare(tc_ctx *c, tc_node *n) { return tc_fail(c, n, TC_ERR_UNSUPPORTED, "not implemented"); }
static void stub_invoke(tc_ctx *c, tc_node *n) { (void)c; (void)n; }
const tc_kernel tc_kernel_quantize = {TC_OP_QUANTIZE, TC_OPT_NONE, stub_prepare, stub_invoke};
const tc_kernel tc_kernel_dequantize = {TC_OP_DEQUANTIZE, TC_OPT_NONE, stub_prepare, stub_invoke};
