/* Activation memory planning. Every non-constant tensor (after aliasing)
 * gets one buffer live from the op that writes it to the last op that
 * reads it; scratch buffers live for one op. Buffers are placed largest
 * first, each at the lowest offset that does not collide with a placed
 * buffer whose lifetime overlaps (TFLM's greedy planner does the same).
 * An op whose kernel runs in place (tc_overlap) lets its output share
 * memory with its dying input 0 when the input starts at least `lead`
 * bytes after the output; the offset realising that is a candidate too.
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
    bufs[n].inplace = 0;
    bufs[n].lead = 0;
    bufs[n].partner = 0;
    n++;
  }
  return (long)n;
}

static int before(const tc_buf *a, const tc_buf *b, int order) {
  if (order && a->last != b->last) return a->last > b->last;
  if (a->size != b->size) return a->size > b->size;
  if (a->first != b->first) return a->first < b->first;
  if (a->scratch != b->scratch) return a->scratch < b->scratch;
  return a->id < b->id;
}

static int overlap_time(const tc_buf *a, const tc_buf *b) {
  return a->first <= b->last && b->first <= a->last;
}

/* o is an in-place output and t its input: they may share memory when the
 * input starts at least o->lead bytes after the output. */
static int pair(const tc_buf *o, const tc_buf *t) {
  return (o->inplace & 1) && !o->scratch && !t->scratch &&
         o->partner == t->id;
}

/* Offsets are 32-bit: a candidate above 2^31 - 1 is dropped (a layout
 * using it would be rejected anyway), so that c + size, off + size and
 * off - c fit whenever the buffers involved could be part of a layout
 * that is kept (any buffer over 2^31 bytes sinks it: top is 64-bit). */
#define TC_OFF_MAX 0x7fffffffu

/* Whether placing b at offset c collides with the placed buffer p. */
static int collides(const tc_buf *p, const tc_buf *b, uint32_t c) {
  if (!overlap_time(p, b) || c >= p->off + p->size || p->off >= c + b->size)
    return 0;
  if (pair(b, p)) return (int32_t)p->off - (int32_t)c < b->lead;
  if (pair(p, b)) return (int32_t)c - (int32_t)p->off < p->lead;
  return 1;
}

/* Candidate offset number k for buffer i among the placed bufs[0..i-1]:
 * 0, the end of each placed buffer, and the in-place partner's position
 * shifted by the lead. Returns 0 when candidate k does not apply. */
static int candidate(const tc_buf *bufs, size_t i, size_t k, uint32_t *c) {
  const tc_buf *p, *b = &bufs[i];
  int64_t v;
  if (k == 0) { *c = 0; return 1; }
  k--;
  if (k < i) {
    if (!overlap_time(&bufs[k], b)) return 0;
    v = (int64_t)bufs[k].off + bufs[k].size;
  } else {
    k -= i;
    p = &bufs[k];
    if (pair(b, p)) v = (int64_t)p->off - b->lead;
    else if (pair(p, b)) v = (int64_t)p->off + p->lead;
    else return 0;
  }
  if (v < 0 || v > TC_OFF_MAX) return 0;
  *c = (uint32_t)v;
  return 1;
}

static uint64_t place_order(tc_buf *bufs, size_t n, int order) {
  size_t i, j, k;
  uint64_t top = 0;
  for (i = 1; i < n; i++) { /* insertion sort: n is small, no recursion */
    tc_buf x = bufs[i];
    for (j = i; j > 0 && before(&x, &bufs[j - 1], order); j--)
      bufs[j] = bufs[j - 1];
    bufs[j] = x;
  }
  /* An in-place output that must start below its (larger) input goes
   * first: placed after the input, it would find no room under it. */
  for (i = 0; i < n; i++) {
    if (!(bufs[i].inplace & 1) || bufs[i].lead <= 0) continue;
    for (k = 0; k < i && !pair(&bufs[i], &bufs[k]); k++) {
    }
    if (k < i) {
      tc_buf x = bufs[i];
      for (j = i; j > k; j--) bufs[j] = bufs[j - 1];
      bufs[k] = x;
    }
  }
  for (i = 0; i < n; i++) {
    uint32_t best = TC_OFF_MAX; /* none fits: the caller rejects the top */
    for (k = 0; k <= 2 * i; k++) {
      uint32_t c;
      int ok = 1;
      if (!candidate(bufs, i, k, &c) || c >= best) continue;
      for (j = 0; j < i && ok; j++)
        if (collides(&bufs[j], &bufs[i], c)) ok = 0;
      if (ok) best = c;
    }
    bufs[i].off = best;
    if ((uint64_t)best + bufs[i].size > top)
      top = (uint64_t)best + bufs[i].size;
  }
  return top;
}

/* Two greedy orders, the better one kept: largest first (TFLM's), and
 * latest death first, which places an in-place output before the input
 * that must sit above it, so that chains of in-place ops stack up. */
static uint64_t place(tc_buf *bufs, size_t n) {
  uint64_t a = place_order(bufs, n, 0), b;
  b = place_order(bufs, n, 1);
  return b <= a ? b : place_order(bufs, n, 0);
}

uint64_t tc_plan_place(tc_buf *bufs, size_t n) { return place(bufs, n); }
