/* TRANSPOSE, any dtype (moved by element size), rank <= 6, permutation
 * from a constant int32/int64 tensor (re-read at invoke: it lives in the
 * model, so no persistent memory is needed). out.dims[i] = in.dims[perm[i]]. */
#include <string.h>

#include "kernel.h"

/* --- reference kernel ----------------------------------------------------
 * Walks the output in row-major order; `step[i]` is the input stride of
 * output dim i. */
static void transpose_nd(const tc_tensor *in, const tc_tensor *perm,
                         tc_tensor *out) {
  const size_t es = tc_type_size(in->type);
  const int rank = in->ndims;
  int32_t istride[TC_MAX_DIMS], step[TC_MAX_DIMS], idx[TC_MAX_DIMS];
  const uint8_t *x = (const uint8_t *)in->data;
  uint8_t *y = (uint8_t *)out->data;
  uint32_t total = tc_numel(out), i, off = 0;
  int d;
  if (rank == 0) {
    memcpy(y, x, es);
    return;
  }
  istride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; d--) istride[d] = istride[d + 1] * in->dims[d + 1];
  for (d = 0; d < rank; d++) {
    step[d] = istride[tc_index_at(perm, d)];
    idx[d] = 0;
  }
  for (i = 0; i < total; i++) {
    switch (es) {
      case 1: y[i] = x[off]; break;
      case 2: memcpy(y + 2 * (size_t)i, x + 2 * (size_t)off, 2); break;
      case 4: memcpy(y + 4 * (size_t)i, x + 4 * (size_t)off, 4); break;
      default: memcpy(y + es * i, x + es * off, es); break;
    }
    d = rank - 1;
    idx[d]++;
    off += (uint32_t)step[d];
    while (d > 0 && idx[d] == out->dims[d]) {
      off -= (uint32_t)(step[d] * out->dims[d]);
      idx[d] = 0;
      d--;
      idx[d]++;
      off += (uint32_t)step[d];
    }
  }
}

/* --- prepare / invoke --------------------------------------------------- */

static tc_status transpose_prepare(tc_ctx *c, tc_node *n) {
  const tc_tensor *in = tc_in(c, n, 0);
  const tc_tensor *perm = tc_in(c, n, 1);
  const tc_tensor *out = tc_out(c, n, 0);
  uint32_t seen = 0;
  int d;

  if (n->nin != 2 || n->nout != 1 || !in || !perm || !out)
    return tc_fail(c, n, TC_ERR_MODEL, "expected 2 inputs (data, perm) and 1 output");
  if (tc_type_size(in->type) == 0)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 0 is %s", tc_type_name(in->type));
  if (out->type != in->type)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %s, expected %s like the input",
                   tc_type_name(out->type), tc_type_name(in->type));
  if (perm->type != TC_INT32 && perm->type != TC_INT64)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (perm) is %s, expected int32 or int64",
                   tc_type_name(perm->type));
  if (!perm->is_const || !perm->data)
    return tc_fail(c, n, TC_ERR_UNSUPPORTED, "input 1 (perm) must be a constant tensor");
  if (perm->ndims > 1 || tc_numel(perm) != in->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "input 1 (perm) has %u values, expected %d",
                   tc_numel(perm), in->ndims);
  if (out->ndims != in->ndims)
    return tc_fail(c, n, TC_ERR_MODEL, "output is %d-D, expected %d-D like the input",
                   out->ndims, in->ndims);
  for (d = 0; d < in->ndims; d++) {
    int32_t p = tc_index_at(perm, d);
    if (p < 0 || p >= in->ndims || (seen & (1u << p)))
      return tc_fail(c, n, TC_ERR_MODEL, "input 1 (perm) is not a permutation of 0..%d",
                     in->ndims - 1);
    seen |= 1u << p;
    if (out->dims[d] != in->dims[p])
      return tc_fail(c, n, TC_ERR_MODEL, "output dim %d is %d, the op yields %d", d,
                     out->dims[d], in->dims[p]);
  }
  return TC_OK;
}

static void transpose_invoke(tc_ctx *c, tc_node *n) {
  transpose_nd(tc_in(c, n, 0), tc_in(c, n, 1), tc_out(c, n, 0));
}

const tc_kernel tc_kernel_transpose = {TC_OP_TRANSPOSE, TC_OPT_TRANSPOSE,
                                       transpose_prepare, transpose_invoke};
