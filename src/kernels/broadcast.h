/* numpy-style broadcasting of two inputs for the elementwise binary ops
 * (ADD, SUB, MUL), shared by add_sub.c and mul.c.
 *
 * The shapes are aligned at the innermost dimension; each dimension pair
 * must be equal or contain a 1. Dimensions of extent 1 are dropped and
 * neighbouring dimensions that broadcast the same way are merged, so two
 * inputs of the same shape become one flat run and [N,H,W,C] + [1,1,1,C]
 * becomes [N*H*W, C]. The kernels then loop over "rows" (all but the
 * innermost merged dimension) and run the innermost one with stride 0 or
 * 1 per input:
 *
 *   tc_bcast b;  tc_bcast_pos p;  uint32_t r, rows = tc_bcast_init(&b, x, y);
 *   for (r = 0, tc_bcast_begin(&p); r < rows; r++, tc_bcast_next(&b, &p))
 *     for (i = 0; i < b.inner; i++)
 *       *out++ = f(x[p.off1 + i * b.step1], y[p.off2 + i * b.step2]);
 *
 * TFLM computes every element independently of the others, so the visiting
 * order does not change any result. */
#ifndef TC_BROADCAST_H
#define TC_BROADCAST_H

#include "kernel.h"

typedef struct tc_bcast {
  int ndims;                    /* merged dimensions, >= 1 */
  int32_t dims[TC_MAX_DIMS];    /* merged output extents, outermost first */
  uint32_t st1[TC_MAX_DIMS];    /* element strides of input 1, 0 = broadcast */
  uint32_t st2[TC_MAX_DIMS];    /* same for input 2 */
  uint32_t inner;               /* = dims[ndims - 1] */
  uint32_t step1, step2;        /* = st1/st2[ndims - 1]: 0 or 1 */
} tc_bcast;

typedef struct tc_bcast_pos {
  int32_t idx[TC_MAX_DIMS];
  uint32_t off1, off2; /* element offsets of the current row's start */
} tc_bcast_pos;

/* Checks that a and b broadcast and that out has the broadcast shape
 * (leading 1s ignored). Returns 0 when they do; otherwise 1 when a and b
 * are incompatible and 2 when out has the wrong shape. */
/* The checks ADD, SUB and MUL share: 2 inputs and 1 output of one type
 * (int8, int32 or float32), broadcastable shapes, output = broadcast
 * shape, fused activation NONE/RELU/RELU_N1_TO_1/RELU6 (options field 0
 * of Add/Sub/MulOptions). Sets the tensors and the activation. */
tc_status tc_binary_check(tc_ctx *c, const tc_node *n, tc_tensor **x,
                          tc_tensor **y, tc_tensor **out, int *act);
int tc_bcast_check(const tc_tensor *a, const tc_tensor *b,
                   const tc_tensor *out);

/* Fills b for inputs x and y (which passed tc_bcast_check) and returns the
 * number of rows; 0 when the output is empty. */
uint32_t tc_bcast_init(tc_bcast *b, const tc_tensor *x, const tc_tensor *y);
void tc_bcast_begin(tc_bcast_pos *p);
void tc_bcast_next(const tc_bcast *b, tc_bcast_pos *p);

#endif
