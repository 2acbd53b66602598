/* Activation memory planning. Every non-constant tensor (after aliasing)
 * gets one buffer live from the op that writes it to the last op that
 * reads it; scratch buffers live for one op. Buffers are placed largest
 * first, each at the lowest offset that does not collide with a placed
 * buffer whose lifetime overlaps (TFLM's greedy planner does the same).
 * Deterministic, O(n^2) memory-free passes over the model: the same code
 * computes tc_model_arena_size() without an arena and the real layout. */
#include "internal.h"

static int aliases_input(int32_t code) {
  return code == TC_OP_RESHAPE || code == TC_OP_SQUEEZE;
}

static int32_t producer(const tc_model *m, uint32_t t, tc_opinfo *op) {
  uint32_t i, j;
  for (i = 0; i < m->n_ops; i++) {
    if (tc_model_op(m, i, op) != 0) return -1;
    for (j = 0; j < op->nout; j++)
      if (op->out[j] == (int32_t)t) return (int32_t)i;
  }
  return -1;
}

uint32_t tc_alias_root(const tc_model *m, uint32_t t) {
  tc_opinfo op;
  uint32_t steps;
  /* Bounded walk: graph order guarantees the chain ends, the bound keeps
   * even a surprise from looping. */
  for (steps = 0; steps < m->n_ops; steps++) {
    if (producer(m, t, &op) < 0 || !aliases_input(op.code) || op.nin < 1 ||
        op.in[0] < 0)
      break;
    t = (uint32_t)op.in[0];
  }
  return t;
}

static int is_io(const tc_model *m, int outputs, uint32_t t) {
  uint32_t i, n = outputs ? m->n_outputs : m->n_inputs;
  for (i = 0; i < n; i++)
    if (tc_model_io(m, outputs, i) == (int32_t)t) return 1;
  return 0;
}

/* Lifetime of all tensors whose memory is root r: [first, last] in op
 * steps; graph inputs are live from step 0, graph outputs to the end. */
static int lifetime(const tc_model *m, uint32_t r, uint16_t *first,
                    uint16_t *last) {
  uint32_t i, j, lo = 0xffff, hi = 0;
  int used = 0;
  tc_opinfo op;
  for (i = 0; i < m->n_ops; i++) {
    if (tc_model_op(m, i, &op) != 0) return -1;
    for (j = 0; j < op.nin + op.nout; j++) {
      int32_t x = j < op.nin ? op.in[j] : op.out[j - op.nin];
      if (x < 0 || tc_alias_root(m, (uint32_t)x) != r) continue;
      used = 1;
      if (i < lo) lo = i;
      if (i > hi) hi = i;
    }
  }
  for (i = 0; i < m->n_tensors; i++) {
    if (tc_alias_root(m, i) != r) continue;
    if (is_io(m, 0, i)) { lo = 0; used = 1; }
    if (is_io(m, 1, i)) { hi = m->n_ops; used = 1; if (lo > hi) lo = hi; }
  }
  if (!used) return 0;
  *first = (uint16_t)lo;
  *last = (uint16_t)hi;
  return 1;
}

long tc_plan_collect(const tc_model *m, tc_buf *bufs, size_t cap) {
  uint32_t t;
  size_t n = 0;
  for (t = 0; t < m->n_tensors; t++) {
    tc_tensor tt;
    uint16_t first, last;
    int r;
    if (tc_model_tensor(m, t, &tt) != 0) return -1;
    if (tt.is_const || tc_alias_root(m, t) != t) continue;
    r = lifetime(m, t, &first, &last);
    if (r < 0) return -1;
    if (r == 0) continue;
    if (n == cap) return -2;
    bufs[n].size = (uint32_t)TC_ALIGN_UP((size_t)tt.bytes, TC_ALIGN);
    bufs[n].off = 0;
    bufs[n].first = first;
    bufs[n].last = last;
    bufs[n].id = (uint16_t)t;
    bufs[n].scratch = 0;
    n++;
  }
  return (long)n;
}

static int before(const tc_buf *a, const tc_buf *b) {
  if (a->size != b->size) return a->size > b->size;
  if (a->first != b->first) return a->first < b->first;
  if (a->scratch != b->scratch) return a->scratch < b->scratch;
  return a->id < b->id;
}

static int overlap_time(const tc_buf *a, const tc_buf *b) {
  return a->first <= b->last && b->first <= a->last;
}

uint64_t tc_plan_place(tc_buf *bufs, size_t n) {
  size_t i, j, k;
  uint64_t top = 0;
  for (i = 1; i < n; i++) { /* insertion sort: n is small, no recursion */
    tc_buf x = bufs[i];
    for (j = i; j > 0 && before(&x, &bufs[j - 1]); j--) bufs[j] = bufs[j - 1];
    bufs[j] = x;
  }
  for (i = 0; i < n; i++) {
    uint64_t best = UINT64_MAX;
    /* Candidate offsets: 0 and the end of every time-overlapping buffer. */
    for (k = 0; k <= i; k++) {
      uint64_t c;
      int ok = 1;
      if (k < i) {
        if (!overlap_time(&bufs[k], &bufs[i])) continue;
        c = (uint64_t)bufs[k].off + bufs[k].size;
      } else {
        c = 0;
      }
      if (c >= best) continue;
      for (j = 0; j < i && ok; j++)
        if (overlap_time(&bufs[j], &bufs[i]) &&
            c < (uint64_t)bufs[j].off + bufs[j].size &&
            bufs[j].off < c + bufs[i].size)
          ok = 0;
      if (ok) best = c;
    }
    if (best > 0x7fffffffu) best = 0x7fffffffu; /* caller rejects */
    bufs[i].off = (uint32_t)best;
    if (best + bufs[i].size > top) top = best + bufs[i].size;
  }
  return top;
}
