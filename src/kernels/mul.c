/* stub: being implemented */
#include "kernel.h"
static tc_status stub_prepare(tc_ctx *c, tc_node *n) { return tc_fail(c, n, TC_ERR_UNSUPPORTED, "not implemented"); }
static void stub_invoke(tc_ctx *c, tc_node *n) { (void)c; (void)n; }
const tc_kernel tc_kernel_mul = {TC_OP_MUL, TC_OPT_NONE, stub_prepare, stub_invoke};
