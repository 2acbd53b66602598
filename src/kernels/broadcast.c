/* numpy-style broadcasting for the binary elementwise ops (see broadcast.h). */
#include "broadcast.h"

/* Extent of a's dimension i counted from the innermost (0), 1 past its rank. */
static int32_t dim_from_inner(const tc_tensor *a, int i) {
  return i < a->ndims ? a->dims[a->ndims - 1 - i] : 1;
}

static int max_rank(const tc_tensor *a, const tc_tensor *b) {
  return a->ndims > b->ndims ? a->ndims : b->ndims;
}

int tc_bcast_check(const tc_tensor *a, const tc_tensor *b,
                   const tc_tensor *out) {
  int i, rank = max_rank(a, b);
  if (out->ndims > rank) rank = out->ndims;
  for (i = 0; i < rank; i++) {
    int32_t da = dim_from_inner(a, i), db = dim_from_inner(b, i), e;
    if (da != db && da != 1 && db != 1) return 1;
    e = da == 1 ? db : da;
    if (dim_from_inner(out, i) != e) return 2;
  }
  return 0;
}

uint32_t tc_bcast_init(tc_bcast *b, const tc_tensor *x, const tc_tensor *y) {
  /* Per kept dimension, outermost first: extent and whether each input
   * spans it (1) or is broadcast along it (0). */
  int32_t ext[TC_MAX_DIMS];
  uint8_t full1[TC_MAX_DIMS], full2[TC_MAX_DIMS];
  int i, n = 0, rank = max_rank(x, y);
  uint32_t run1 = 1, run2 = 1, rows = 1;
  for (i = rank - 1; i >= 0; i--) {
    int32_t dx = dim_from_inner(x, i), dy = dim_from_inner(y, i);
    int32_t e = dx == 1 ? dy : dx;
    uint8_t fx = (uint8_t)(dx == e), fy = (uint8_t)(dy == e);
    if (e == 1) continue; /* contributes nothing to any offset */
    if (n > 0 && full1[n - 1] == fx && full2[n - 1] == fy) {
      ext[n - 1] *= e; /* same broadcast pattern: merge with the outer one */
      continue;
    }
    ext[n] = e;
    full1[n] = fx;
    full2[n] = fy;
    n++;
  }
  if (n == 0) { /* every extent is 1: a single element */
    ext[0] = 1;
    full1[0] = full2[0] = 0;
    n = 1;
  }
  b->ndims = n;
  /* Strides from the innermost out: a spanned dimension steps by the
   * product of the input's spanned extents inside it (broadcast ones have
   * extent 1 in that input). */
  for (i = n - 1; i >= 0; i--) {
    b->dims[i] = ext[i];
    b->st1[i] = full1[i] ? run1 : 0;
    b->st2[i] = full2[i] ? run2 : 0;
    if (full1[i]) run1 *= (uint32_t)ext[i];
    if (full2[i]) run2 *= (uint32_t)ext[i];
  }
  for (i = 0; i < n - 1; i++) rows *= (uint32_t)ext[i];
  b->inner = (uint32_t)ext[n - 1];
  b->step1 = b->st1[n - 1];
  b->step2 = b->st2[n - 1];
  return b->inner == 0 ? 0 : rows;
}

void tc_bcast_begin(tc_bcast_pos *p) {
  int i;
  for (i = 0; i < TC_MAX_DIMS; i++) p->idx[i] = 0;
  p->off1 = p->off2 = 0;
}

void tc_bcast_next(const tc_bcast *b, tc_bcast_pos *p) {
  /* Odometer over the outer dimensions (all but the innermost). */
  int i;
  for (i = b->ndims - 2; i >= 0; i--) {
    p->off1 += b->st1[i];
    p->off2 += b->st2[i];
    if (++p->idx[i] < b->dims[i]) return;
    p->off1 -= b->st1[i] * (uint32_t)b->dims[i];
    p->off2 -= b->st2[i] * (uint32_t)b->dims[i];
    p->idx[i] = 0;
  }
}

tc_status tc_binary_check(tc_ctx *c, const tc_node *n, tc_tensor **xp,
                          tc_tensor **yp, tc_tensor **outp, int *actp) {
  tc_tensor *x, *y, *out;
  int act, bad;
  if (n->nin != 2 || n->nout != 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "expected 2 inputs and 1 output, got %d and %d", n->nin,
                   n->nout);
  x = tc_in(c, n, 0);
  y = tc_in(c, n, 1);
  out = tc_out(c, n, 0);
  if (!x || !y || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "input 0, input 1 or output 0 is missing");
  if (x->type != TC_INT8 && x->type != TC_FLOAT32 && x->type != TC_INT32)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED,
                   "input 0 is %s, expected int8, int32 or float32",
                   tc_type_name(x->type));
  if (y->type != x->type || out->type != x->type)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "input 1 is %s and output is %s, expected both %s like input 0",
                   tc_type_name(y->type), tc_type_name(out->type),
                   tc_type_name(x->type));
  bad = tc_bcast_check(x, y, out);
  if (bad == 1)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "input shapes do not broadcast (rank %d and %d)", x->ndims,
                   y->ndims);
  if (bad == 2)
    return tc_fail(c, n, TC_ERR_MODEL,
                   "output shape is not the broadcast shape of the inputs");
  act = tc_opt_u8(n, 0, TC_ACT_NONE);
  if (act > TC_ACT_RELU6)
    return tc_fail(c, n, act <= 5 ? TC_ERR_UNSUPPORTED : TC_ERR_MODEL,
                   "fused activation %d is not supported (NONE, RELU, "
                   "RELU_N1_TO_1 or RELU6)", act);
  *xp = x;
  *yp = y;
  *outp = out;
  *actp = act;
  return TC_OK;
}
