/* A model's exact arena size without an interpreter: tc_model_arena_size
 * (work list on its own stack), tc_model_arena_size_in (in a caller's
 * work area, any model size), and tc_model_arena_stats (the size split by
 * region, for tinycnn inspect --memory and the tests). Each runs
 * interp.c's build in measuring mode (tc_measure, tc_build), so the
 * figure is the one tc_interp_init will need. Apart from interp.c, which
 * builds and runs an interpreter in an arena: these are questions asked
 * before there is one. */
#include <string.h>

#include "internal.h"

tc_status tc_model_arena_size(tc_model *m, size_t *bytes) {
  /* One area on the stack (TC_ARENA_SIZE_STACK): the largest op's tensors
   * and the 4 of stream_overlap first, the planner's work list after. */
  union {
    tc_buf b[TC_PLAN_STACK_BUFFERS];
    tc_tensor t[TC_PLAN_STACK_BUFFERS * sizeof(tc_buf) / sizeof(tc_tensor)];
  } ws;
  tc_status s;
  size_t nb, nio = 0, skip;
  uint32_t i;
  if (!m || !bytes || !m->data) return TC_ERR_ARG;
  for (i = 0; i < m->n_ops; i++) {
    tc_opinfo op;
    if (tc_model_op(m, i, &op) != 0) {
      tc_msgf(m->msg, "model: changed after tc_model_load");
      return TC_ERR_MODEL;
    }
    if (op.nin + op.nout > nio) nio = op.nin + op.nout;
  }
  /* nio <= TC_MAX_IO (tc_model_load): the list keeps most of the area */
  skip = ((nio + 4) * sizeof(tc_tensor) + sizeof(tc_buf) - 1) / sizeof(tc_buf);
  s = tc_measure(m, 0, ws.t, ws.t + nio, ws.b + skip,
                 TC_PLAN_STACK_BUFFERS - skip, bytes, &nb, m->msg);
  if (s == TC_ERR_ARENA) {
    tc_msgf(m->msg, "model: more than %u activation buffers; measure with "
            "tc_model_arena_size_in (or tinycnn inspect)",
            (unsigned)(TC_PLAN_STACK_BUFFERS - skip));
    return TC_ERR_UNSUPPORTED;
  }
  return s;
}

size_t tc_model_arena_work(const tc_model *m) {
  if (!m || !m->data) return 0;
  return TC_ALIGN + tc_head_bytes(m) +
         ((size_t)m->n_tensors + m->n_ops) * sizeof(tc_buf);
}

tc_status tc_model_arena_size_in(tc_model *m, size_t *bytes, void *work,
                                 size_t work_size) {
  uint8_t *base;
  size_t head, cap, i, nb;
  if (!m || !bytes || !m->data || !work) return TC_ERR_ARG;
  /* Measured as tc_interp_init does: the tensor records first, the
   * planner's work list after them. */
  base = (uint8_t *)TC_ALIGN_UP((uintptr_t)work, TC_ALIGN);
  head = tc_head_bytes(m);
  cap = (size_t)m->n_tensors + m->n_ops;
  if (work_size < tc_model_arena_work(m)) {
    tc_msgf(m->msg, "tc_model_arena_size_in: work area of %u bytes, need %u "
            "(tc_model_arena_work)", (unsigned)work_size,
            (unsigned)tc_model_arena_work(m));
    return TC_ERR_ARG;
  }
  for (i = 0; i < m->n_tensors; i++)
    if (tc_model_tensor(m, (uint32_t)i, (tc_tensor *)(void *)base + i) != 0) {
      tc_msgf(m->msg, "model: changed after tc_model_load");
      return TC_ERR_MODEL;
    }
  return tc_measure(m, (tc_tensor *)(void *)base, 0, 0,
                    (tc_buf *)(void *)(base + head), cap, bytes, &nb, m->msg);
}

tc_status tc_model_arena_stats(tc_model *m, tc_arena_stats *st, tc_buf *bufs,
                               size_t cap, size_t *nbufs,
                               uint32_t *op_persist) {
  tc_ctx c;
  tc_tensor io[TC_MAX_IO + 4];
  tc_status s;
  size_t need = 0;
  if (!m || !st || !bufs || !nbufs || !m->data) return TC_ERR_ARG;
  memset(&c, 0, sizeof c);
  c.m = m;
  c.tmp = io;
  c.io2 = io + TC_MAX_IO;
  c.measuring = 1;
  c.bufs = bufs;
  c.cap = cap;
  c.msg = m->msg;
  c.op_persist = op_persist;
  s = tc_build(&c, 0, &need);
  *nbufs = c.nbufs;
  if (s != TC_OK) return s;
  st->total = need;
  st->tensor_records = TC_ALIGN_UP(m->n_tensors * sizeof(tc_tensor), TC_ALIGN);
  st->node_records = TC_ALIGN_UP(m->n_ops * sizeof(tc_node), TC_ALIGN);
  st->persist = TC_ALIGN_UP(c.persist, TC_ALIGN) - st->tensor_records -
                st->node_records;
  st->activations = need - TC_ALIGN_UP(c.persist, TC_ALIGN);
  return TC_OK;
}
