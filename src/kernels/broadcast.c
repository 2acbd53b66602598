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
