/* The interpreter: arena layout, op preparation, memory and streaming
 * plans, invoke. What the kernels call back (tc_persist, tc_opt_*...) is in
 * kernel_api.c; the arena-size queries without an interpreter
 * (tc_model_arena_size...) are in arena_size.c, built on tc_build here.
 *
 * Arena layout (one contiguous block, 16-byte aligned inside):
 *   [tensor structs][node structs][per-op persistent data][activations]
 * The activation region is planned by planner.c; RESHAPE/SQUEEZE outputs
 * alias their input's memory. Two things shrink it: kernels that may write
 * their output over their dying input (tc_overlap: the planner may place
 * them overlapping at a proven-safe offset), and row streaming (tc_stream:
 * an op and the next one run together, row by row, so the tensor between
 * them only ever exists as a band of a few rows in the consumer's
 * scratch). The same tc_build() runs in two modes: measuring, to compute
 * the exact size, and for real. Both ask the kernels for the same memory,
 * so the measured size is exact. tc_interp_init measures inside the
 * caller's arena (tensor records at its start, the planner's work list at
 * its end); tc_model_arena_size, which has no arena, decodes each op's
 * tensors into a small array and keeps the work list on its own stack.
 * So load, init and invoke need little stack (TC_STACK_NEED, runtime.h):
 * a firmware task can be small. */
#include <string.h>

#include "internal.h"

#ifdef TC_PROFILE
/* Profile builds only (-DTC_PROFILE, ports/rv32-qemu/profile.sh): the
 * port's runner reads its instruction counter around each run of nodes
 * (a node fused into the next one runs with it: FIRST..LAST) and is told
 * how many of the first node's int8 input values equal the zero point
 * (the zero-skipping blocks skip them). Normal builds compile none of it. */
void tc_profile_begin(uint32_t first);
void tc_profile_end(uint32_t first, uint32_t last, uint32_t zeros,
                    uint32_t count);
static uint32_t prof_first, prof_zeros, prof_count;
static void profile_begin(const tc_interp *it, uint32_t i) {
  const tc_node *n = &it->nodes[i];
  const tc_tensor *t;
  uint32_t k;
  if (i == 0 || it->nodes[i - 1].fused != 1) {
    prof_first = i;
    prof_zeros = prof_count = 0;
    t = n->nin > 0 && n->in[0] >= 0 ? &it->tensors[n->in[0]] : 0;
    if (t && t->type == TC_INT8 && t->data) {
      prof_count = t->bytes;
      for (k = 0; k < t->bytes; k++)
        prof_zeros += ((const int8_t *)t->data)[k] == t->zero_point;
    }
    tc_profile_begin(prof_first);
  }
}
#define TC_PROFILE_BEGIN(it, i) profile_begin(it, i)
#define TC_PROFILE_END(n, i) \
  ((n)->fused != 1 ? tc_profile_end(prof_first, i, prof_zeros, prof_count) \
                   : (void)0)
#else
#define TC_PROFILE_BEGIN(it, i) ((void)0)
#define TC_PROFILE_END(n, i) ((void)0)
#endif

/* ---- the kernels' tensors (the rest of their API: kernel_api.c) ----- */

tc_tensor *tc_in(tc_ctx *c, const tc_node *n, int i) {
  if (i < 0 || i >= n->nin || n->in[i] < 0) return 0;
  return c->tensors ? &c->tensors[n->in[i]] : &c->tmp[i];
}

tc_tensor *tc_out(tc_ctx *c, const tc_node *n, int i) {
  if (i < 0 || i >= n->nout) return 0;
  return c->tensors ? &c->tensors[n->out[i]] : &c->tmp[n->nin + i];
}

/* ---- building ------------------------------------------------------- */

size_t tc_head_bytes(const tc_model *m) {
  return TC_ALIGN_UP(m->n_tensors * sizeof(tc_tensor), TC_ALIGN) +
         TC_ALIGN_UP(m->n_ops * sizeof(tc_node), TC_ALIGN);
}

static void fill_node(const tc_model *m, uint32_t i, const tc_opinfo *op,
                      tc_node *n) {
  memset(n, 0, sizeof *n);
  n->in = op->in;
  n->out = op->out;
  n->nin = (uint8_t)op->nin;
  n->nout = (uint8_t)op->nout;
  n->opts = op->opts;
  n->model = m;
  n->k = tc_kernel_find(op->code);
  n->index = (uint16_t)i;
}

static tc_buf *find_buf(tc_ctx *c, uint32_t root) {
  size_t k;
  for (k = 0; k < c->nbufs; k++)
    if (!c->bufs[k].scratch && c->bufs[k].id == root) return &c->bufs[k];
  return 0;
}

/* Accept op i's in-place request when its input 0 dies at this op and the
 * output is born there: no later op can see the overwritten bytes. */
static void plan_overlap(tc_ctx *c, const tc_opinfo *op, uint32_t i) {
  uint32_t rin, rout, j;
  tc_buf *bi, *bo;
  if (op->nin < 1 || op->nout != 1 || op->in[0] < 0 || op->out[0] < 0) return;
  rin = tc_alias_root(c->m, (uint32_t)op->in[0]);
  rout = tc_alias_root(c->m, (uint32_t)op->out[0]);
  if (rin == rout) return;
  for (j = 1; j < op->nin; j++) /* the input read through another slot */
    if (op->in[j] >= 0 && tc_alias_root(c->m, (uint32_t)op->in[j]) == rin)
      return;
  bi = find_buf(c, rin);
  bo = find_buf(c, rout);
  if (!bi || !bo || bi->last != i || bo->first != i) return;
  /* Offsets are TC_ALIGN multiples: rounding the lead up keeps it safe. */
  bo->lead = c->lead >= 0 ? (int32_t)TC_ALIGN_UP((uint32_t)c->lead, TC_ALIGN)
                          : -(int32_t)((0u - (uint32_t)c->lead) &
                                       ~(TC_ALIGN - 1));
  bo->partner = (uint16_t)rin;
  bo->inplace = 1;
}

/* Measuring: op's inputs then outputs decoded into tmp. Returns the
 * first tensor that no longer reads back, or -1. */
static int32_t read_io(const tc_model *m, const tc_opinfo *op,
                       tc_tensor *tmp) {
  uint32_t j;
  for (j = 0; j < op->nin + op->nout; j++) {
    int32_t x = j < op->nin ? op->in[j] : op->out[j - op->nin];
    if (x >= 0 && tc_model_tensor(m, (uint32_t)x, &tmp[j]) != 0) return x;
  }
  return -1;
}

/* ---- row streaming (tc_stream) ------------------------------------- */

static uint32_t row_bytes(const tc_tensor *t) {
  return (uint32_t)t->dims[2] * (uint32_t)t->dims[3] *
         (uint32_t)tc_type_size(t->type);
}

/* Rows of output row oy's window that exist: [*a, *b). */
static void window_rows(int32_t oy, int32_t stride, int32_t pad, int32_t kh,
                        int32_t h, int32_t *a, int32_t *b) {
  *a = oy * stride - pad;
  *b = *a + kh;
  if (*a < 0) *a = 0;
  if (*b > h) *b = h;
}

/* The band of streamed rows that consumer n keeps at the start of its
 * scratch: its tallest window of input rows. */
static uint32_t band_bytes(tc_ctx *c, const tc_node *n) {
  const tc_tensor *t = tc_in(c, n, 0);
  const tc_stream *k = tc_stream_find(n->k->code);
  int32_t s, pad, kh;
  k->window(c, n, &s, &pad, &kh);
  if (kh > t->dims[1]) kh = t->dims[1];
  return (uint32_t)TC_ALIGN_UP((size_t)kh * row_bytes(t), TC_ALIGN);
}

/* Runs op i-1 (producer) and op i (consumer) together: the consumer's
 * output rows in order, each from a band holding exactly its window's
 * rows of the streamed tensor; the producer fills the band's new rows.
 * Rows are independent computations, so the bytes are those of running
 * the two ops one after the other. */
/* Rows moved within the band or out of it (dst <= src when they overlap). */
#ifdef __OPTIMIZE_SIZE__
#define copy_fwd memmove
#else
#define copy_fwd(dst, src, n)                                              \
  tc_copy8((int8_t *)(void *)(dst), (const int8_t *)(const void *)(src),  \
           (int32_t)(n))
#endif

static void stream_run(tc_ctx *c, tc_node *nodes, uint32_t i) {
  tc_node *pn = &nodes[i - 1], *cn = &nodes[i];
  const tc_stream *kp = tc_stream_find(pn->k->code),
                  *kc = tc_stream_find(cn->k->code);
  const tc_tensor *t = tc_in(c, cn, 0), *pin = tc_in(c, pn, 0);
  tc_tensor *out = tc_out(c, cn, 0);
  const uint32_t rb = row_bytes(t), prb = row_bytes(pin), orb = row_bytes(out);
  uint8_t *band = (uint8_t *)cn->scratch - band_bytes(c, cn);
  int32_t s, pad, kh, ps, ppad, pkh, oy, lo = 0, hi = 0, a, b, pa, pb;
  kc->window(c, cn, &s, &pad, &kh);
  kp->window(c, pn, &ps, &ppad, &pkh);
#ifndef __OPTIMIZE_SIZE__ /* the size build has no pool_rows */
  if (kp->pool_rows && tc_maxpool2(c, cn, &a, &b)) {
    /* The producer pools its own rows (tc_stream.pool_rows): each pooled
     * row is made in the band and then stored, the order of reads and
     * writes of the streamed path, so in-place planning still holds.
     * Whether a job is taken depends on shapes only: row 0 decides. */
    for (oy = 0; oy < out->dims[1]; oy++) {
      window_rows(2 * oy, ps, ppad, pkh, pin->dims[1], &pa, &pb);
      window_rows(2 * oy + 1, ps, ppad, pkh, pin->dims[1], &pb, &pb);
      if (!kp->pool_rows(c, pn, a, b,
                         (const uint8_t *)pin->data + (size_t)pa * prb, pa,
                         pb, 2 * oy, 2 * oy + 2, band))
        break;
      copy_fwd((uint8_t *)out->data + (size_t)oy * orb, band, orb);
    }
    if (oy > 0) return;
  }
#endif
  for (oy = 0; oy < out->dims[1]; oy++) {
    window_rows(oy, s, pad, kh, t->dims[1], &a, &b);
    if (a > lo) { /* drop the rows above the window */
      if (hi > a) copy_fwd(band, band + (size_t)(a - lo) * rb,
                          (size_t)(hi - a) * rb);
      else hi = a;
      lo = a;
    }
    if (b > hi) {
      window_rows(hi, ps, ppad, pkh, pin->dims[1], &pa, &pb);
      window_rows(b - 1, ps, ppad, pkh, pin->dims[1], &pb, &pb);
      kp->rows(c, pn, (const uint8_t *)pin->data + (size_t)pa * prb, pa, pb,
               hi, b, band + (size_t)(hi - lo) * rb);
      hi = b;
    }
    kc->rows(c, cn, band, lo, hi, oy, oy + 1,
             (uint8_t *)out->data + (size_t)oy * orb);
  }
}

/* In place for a fused pair: output row oy is written once the producer
 * has read its input rows for the streamed rows below b(oy) (the end of
 * row oy's window); later reads start at the producer-window of row b(oy).
 * So the producer's input may start `lead` bytes after the output with
 * lead = max over oy of (oy + 1) * out_row - start(b(oy)) (tc_overlap). */
static void stream_overlap(tc_ctx *c, tc_node *n, const tc_opinfo *pop,
                           const tc_tensor *pin, uint32_t i, int32_t s,
                           int32_t pad, int32_t kh) {
  tc_opinfo op;
  const tc_tensor *t = tc_in(c, n, 0), *out = tc_out(c, n, 0);
  const tc_stream *kp = tc_stream_find(pop->code);
  int32_t lead = INT32_MIN;
  int32_t ps, ppad, pkh, oy, a, b, pa, pb;
  uint32_t j;
  tc_node pn;
  fill_node(c->m, i - 1, pop, &pn);
  if (tc_model_op(c->m, i, &op) != 0) return;
  for (j = 1; j < op.nin; j++)
    if (op.in[j] >= 0 && tc_alias_root(c->m, (uint32_t)op.in[j]) ==
                             tc_alias_root(c->m, (uint32_t)pop->in[0]))
      return;
  /* The producer's window from its options and tensors: its rows
   * function is not called here, only window(), which reads tc_in/tc_out
   * of pn; those resolve through the model in either mode. */
  if (c->tensors) {
    kp->window(c, &pn, &ps, &ppad, &pkh);
  } else {
    /* conv, depthwise, pooling: <= 4, after the op's own TC_MAX_IO */
    tc_tensor *tmp = c->io2, *save = c->tmp;
    if (pop->nin + pop->nout > 4 || read_io(c->m, pop, tmp) >= 0) return;
    c->tmp = tmp;
    kp->window(c, &pn, &ps, &ppad, &pkh);
    c->tmp = save;
  }
  for (oy = 0; oy < out->dims[1]; oy++) {
    int32_t v;
    window_rows(oy, s, pad, kh, t->dims[1], &a, &b);
    if (b >= t->dims[1]) break; /* nothing is read after this row */
    window_rows(b, ps, ppad, pkh, pin->dims[1], &pa, &pb);
    /* Both products are byte offsets inside single-batch tensors, whose
     * sizes tc_model_load bounds by 2^31 - 1: int32 holds them and their
     * difference. */
    v = (int32_t)((uint32_t)(oy + 1) * row_bytes(out)) -
        (int32_t)((uint32_t)pa * row_bytes(pin));
    if (v > lead) lead = v;
  }
  /* INT32_MIN: nothing read after any row, share nothing */
  if (lead == INT32_MIN || lead > 1 << 30) lead = 1 << 30;
  if (lead < -(1 << 30)) lead = -(1 << 30);
  c->lead = lead;
  op.nin = 1; /* plan_overlap: the producer's input as the op's input 0 */
  op.in = pop->in;
  plan_overlap(c, &op, i);
}

static int used_elsewhere(const tc_model *m, uint32_t t, uint32_t i) {
  uint32_t j, k;
  tc_opinfo op;
  for (j = 0; j < m->n_tensors; j++)
    if (j != t && tc_alias_root(m, j) == t) return 1;
  for (j = 0; j < m->n_ops; j++) {
    if (tc_model_op(m, j, &op) != 0) return 1;
    for (k = 0; k < op.nin; k++)
      if (op.in[k] == (int32_t)t && (j != i || k != 0)) return 1;
  }
  for (j = 0; j < m->n_outputs; j++)
    if (tc_model_io(m, 1, j) == (int32_t)t) return 1;
  for (j = 0; j < m->n_inputs; j++)
    if (tc_model_io(m, 0, j) == (int32_t)t) return 1;
  return 0;
}

/* Just after op i (n) was prepared: stream the output of op i - 1 into it
 * when both can, the tensor between them is theirs alone, and it is larger
 * than the producer's input and the consumer's output (the case in-place
 * planning cannot help). The tensor then gets no buffer; what op i - 1
 * used lives on through op i, which also holds the band. */
static void plan_stream(tc_ctx *c, tc_node *n, uint32_t i,
                        const tc_opinfo *op) {
  const tc_model *m = c->m;
  tc_opinfo pop;
  tc_tensor pin;
  const tc_tensor *t, *out;
  const tc_stream *kc;
  int32_t s, pad, kh, oy, a, b;
  size_t k;
  uint32_t tt;
  tc_buf *tb;
  if (i == 0 || c->consumer == i || tc_model_op(m, i - 1, &pop) != 0) return;
  kc = tc_stream_find(op->code);
  if (!kc || !tc_stream_find(pop.code) || pop.nout != 1 || pop.nin < 1 ||
      pop.in[0] < 0 || op->nin < 1 || op->nout != 1 || pop.out[0] < 0 ||
      op->in[0] != pop.out[0])
    return;
  tt = (uint32_t)pop.out[0];
  t = tc_in(c, n, 0);
  out = tc_out(c, n, 0);
  if (tc_model_tensor(m, (uint32_t)pop.in[0], &pin) != 0 || pin.is_const ||
      t->is_const || pin.ndims != 4 || t->ndims != 4 || out->ndims != 4 ||
      pin.dims[0] != 1 || t->dims[0] != 1 || out->dims[0] != 1 ||
      !(t->bytes > pin.bytes && t->bytes > out->bytes) ||
      used_elsewhere(m, tt, i))
    return;
  kc->window(c, n, &s, &pad, &kh);
  if (s < 1 || kh < 1) return;
  for (oy = 0; oy < out->dims[1]; oy++) {
    window_rows(oy, s, pad, kh, t->dims[1], &a, &b);
    if (a >= b) return; /* a window of padding only */
  }
  if (!(tb = find_buf(c, tt))) return;
  for (k = (size_t)(tb - c->bufs); k + 1 < c->nbufs; k++)
    c->bufs[k] = c->bufs[k + 1];
  c->nbufs--;
  for (k = 0; k < c->nbufs; k++)
    if (c->bufs[k].last == i - 1) c->bufs[k].last = (uint16_t)i;
  stream_overlap(c, n, &pop, &pin, i, s, pad, kh);
  n->scratch_bytes = (uint32_t)TC_ALIGN_UP((size_t)n->scratch_bytes,
                                           TC_ALIGN) + band_bytes(c, n);
  n->fused = 2;
  if (!c->measuring) c->nodes[i - 1].fused = 1;
  c->consumer = i + 1;
}

/* Prepare every op and plan memory. *need gets the exact arena size. */
tc_status tc_build(tc_ctx *c, tc_node *nodes, size_t *need) {
  const tc_model *m = c->m;
  uint32_t i;
  long nb;
  uint64_t top;
  size_t ws, persist_end;
  c->persist = tc_head_bytes(m);
  c->nodes = nodes;
  c->consumer = 0;
  nb = tc_plan_collect(m, c->bufs, c->cap);
  if (nb == -2) return TC_ERR_ARENA;
  if (nb < 0) goto changed;
  c->nbufs = (size_t)nb;
  for (i = 0; i < m->n_ops; i++) {
    tc_opinfo op;
    tc_node local, *n = c->measuring ? &local : &nodes[i];
    tc_status s;
    if (tc_model_op(m, i, &op) != 0) goto changed;
    fill_node(m, i, &op, n);
    if (!c->tensors) {
      if (read_io(m, &op, c->tmp) >= 0) goto changed;
    }
    {
      size_t before = c->persist;
      c->overlap = 0;
      s = n->k->prepare(c, n);
      if (c->op_persist) c->op_persist[i] = (uint32_t)(c->persist - before);
    }
    if (s == TC_OK) {
      if (c->overlap) plan_overlap(c, &op, i);
      plan_stream(c, n, i, &op); /* reads the op's tensors */
    }
    if (s != TC_OK) return s;
    /* Each request is below 2^31 (the kernels' sizes derive from tensors
     * bounded by tc_model_load: a scratch stays below it too), so checking
     * after every op keeps the sum from wrapping a 32-bit size_t. */
    if (c->persist > 0x7fffffffu) goto too_big;
    if (n->scratch_bytes) {
      tc_buf *b;
      if (c->nbufs == c->cap) return TC_ERR_ARENA;
      b = &c->bufs[c->nbufs++];
      b->size = (uint32_t)TC_ALIGN_UP((size_t)n->scratch_bytes, TC_ALIGN);
      b->off = 0;
      b->first = b->last = (uint16_t)i;
      b->id = (uint16_t)i;
      b->scratch = 1;
      b->inplace = 0;
      b->lead = 0;
      b->partner = 0;
    }
  }
  top = tc_plan_place(c->bufs, c->nbufs);
  persist_end = TC_ALIGN_UP(c->persist, TC_ALIGN);
  ws = TC_ALIGN_UP(c->nbufs * sizeof(tc_buf), TC_ALIGN);
  if (top > 0x7fffffffu) goto too_big;
  /* The planner's work list sits in the activation region while it runs,
   * so the arena is at least that large. */
  *need = persist_end + ((size_t)top > ws ? (size_t)top : ws);
  return TC_OK;
too_big:
  tc_msgf(c->msg, "model: needs more than 2 GB of arena");
  return TC_ERR_UNSUPPORTED;
changed: /* the bytes no longer read back as at load (one message) */
  tc_msgf(c->msg, "model: changed after tc_model_load");
  return TC_ERR_MODEL;
}

/* Measuring: with tensor records (tensors, inside an arena) or without
 * (io: room for the largest op's tensors, then 4 more at io2). */
tc_status tc_measure(const tc_model *m, tc_tensor *tensors, tc_tensor *io,
                     tc_tensor *io2, tc_buf *ws, size_t cap, size_t *need,
                     size_t *nbufs, char *msg) {
  tc_ctx c;
  tc_status s;
  memset(&c, 0, sizeof c);
  c.m = m;
  c.measuring = 1;
  c.tensors = tensors;
  c.tmp = io;
  c.io2 = io2;
  c.bufs = ws;
  c.cap = cap;
  c.msg = msg;
  s = tc_build(&c, 0, need);
  *nbufs = c.nbufs;
  return s;
}

/* An arena that holds the tensor records but not the work list after them
 * (a tiny model, an arena a few bytes short): measured with a work list
 * of a few entries on the stack, so that the message can still say how
 * much is needed; few enough to stay inside TC_STACK_NEED. */
#define TC_SMALL_LIST 8
TC_NOINLINE tc_status measure_small(const tc_model *m, tc_tensor *records,
                                    size_t *need, char *msg) {
  tc_buf ws[TC_SMALL_LIST];
  size_t nb;
  return tc_measure(m, records, 0, 0, ws, TC_SMALL_LIST, need, &nb, msg);
}

tc_status tc_interp_init(tc_interp *it, const tc_model *m, void *arena,
                         size_t arena_size) {
  tc_ctx c;
  uint8_t *base;
  size_t lost, avail, head, need = 0, need2 = 0, i, cap, nb = 0;
  tc_status s;
  if (!it) return TC_ERR_ARG;
  memset(it, 0, sizeof *it);
  if (!m || !m->data || !arena) {
    tc_msgf(it->msg, "tc_interp_init: NULL %s", !arena ? "arena" : "model");
    return TC_ERR_ARG;
  }
  base = (uint8_t *)TC_ALIGN_UP((uintptr_t)arena, TC_ALIGN);
  lost = (size_t)(base - (uint8_t *)arena);
  avail = arena_size > lost ? arena_size - lost : 0;
  avail &= ~(size_t)(TC_ALIGN - 1);
  /* Measure first, inside the caller's arena: the tensor records where they
   * will stay, the planner's work list at the end. Both are part of the
   * exact size (tc_head_bytes, tc_build's ws), so an arena too small for them
   * is too small anyway; only then is the figure unknown. */
  head = tc_head_bytes(m);
  it->tensors = (tc_tensor *)(void *)base;
  cap = 0;
  if (avail >= head) {
    cap = (avail - head) / sizeof(tc_buf);
    if (cap > (size_t)m->n_tensors + m->n_ops) cap = m->n_tensors + m->n_ops;
    for (i = 0; i < m->n_tensors; i++)
      if (tc_model_tensor(m, (uint32_t)i, &it->tensors[i]) != 0) {
        tc_msgf(it->msg, "model: changed after tc_model_load");
        return TC_ERR_MODEL;
      }
  }
  s = cap ? tc_measure(m, it->tensors, 0, 0,
                    (tc_buf *)(void *)(base + avail - cap * sizeof(tc_buf)),
                    cap, &need, &nb, it->msg)
          : TC_ERR_ARENA;
  if (s == TC_ERR_ARENA && avail >= head &&
      measure_small(m, it->tensors, &need, it->msg) == TC_OK && need > avail) {
    it->tensors = 0;
    tc_msgf(it->msg, "arena too small: need %u, got %u", (unsigned)(need + lost),
            (unsigned)arena_size);
    return TC_ERR_ARENA;
  }
  if (s == TC_ERR_ARENA) {
    it->tensors = 0;
    tc_msgf(it->msg, "arena too small: got %u bytes, need more",
            (unsigned)arena_size);
    return TC_ERR_ARENA;
  }
  if (s != TC_OK) {
    it->tensors = 0;
    return s;
  }
  if (need > avail) {
    tc_msgf(it->msg, "arena too small: need %u, got %u", (unsigned)(need + lost),
            (unsigned)arena_size);
    return TC_ERR_ARENA;
  }
  /* Real build. The work list goes at the very end of the arena, past
   * everything the persistent region can reach (need <= avail). */
  it->model = m;
  it->arena = base;
  it->arena_size = avail;
  it->tensors = (tc_tensor *)(void *)base;
  it->nodes = (tc_node *)(void *)(base + TC_ALIGN_UP(m->n_tensors *
                                  sizeof(tc_tensor), TC_ALIGN));
  for (i = 0; i < m->n_tensors; i++)
    if (tc_model_tensor(m, (uint32_t)i, &it->tensors[i]) != 0) {
      tc_msgf(it->msg, "model: changed after tc_model_load");
      return TC_ERR_MODEL;
    }
  memset(&c, 0, sizeof c);
  c.m = m;
  c.tensors = it->tensors;
  c.base = base;
  c.msg = it->msg;
  c.bufs = (tc_buf *)(void *)(base + avail - nb * sizeof(tc_buf));
  c.cap = nb;
  s = tc_build(&c, it->nodes, &need2);
  if (s != TC_OK) return s;
  if (need2 != need) {
    tc_msgf(it->msg, "internal: measured %u bytes, built %u", (unsigned)need,
            (unsigned)need2);
    return TC_ERR_STATE;
  }
  {
    uint8_t *act = base + TC_ALIGN_UP(c.persist, TC_ALIGN);
    tc_buf *b = c.bufs;
    size_t nb = c.nbufs;
    /* Assign scratch, then root tensors; the list is read before the
     * activations could overwrite it because only pointers are written. */
    for (i = 0; i < nb; i++) {
      if (b[i].scratch) {
        tc_node *n = &it->nodes[b[i].id];
        n->scratch = act + b[i].off;
        if (n->fused == 2) { /* the band first, then the kernel's own */
          n->scratch = (uint8_t *)n->scratch + band_bytes(&c, n);
          it->tensors[n->in[0]].data = 0; /* never exists whole */
        }
      } else
        it->tensors[b[i].id].data = act + b[i].off;
    }
    for (i = 0; i < m->n_tensors; i++) {
      uint32_t r;
      if (it->tensors[i].is_const) continue;
      r = tc_alias_root(m, (uint32_t)i);
      if (r != i) it->tensors[i].data = it->tensors[r].data;
    }
  }
  it->arena_used = need;
  it->ready = 1;
  it->msg[0] = '\0';
  return TC_OK;
}

tc_status tc_interp_invoke(tc_interp *it) {
  tc_ctx c;
  uint32_t i;
  if (!it) return TC_ERR_ARG;
  if (!it->ready) {
    tc_msgf(it->msg, "tc_interp_invoke: interpreter not initialised");
    return TC_ERR_STATE;
  }
  memset(&c, 0, sizeof c);
  c.m = it->model;
  c.tensors = it->tensors;
  c.base = it->arena;
  c.msg = it->msg;
  for (i = 0; i < it->model->n_ops; i++) {
    tc_node *n = &it->nodes[i];
    TC_PROFILE_BEGIN(it, i);
    if (n->fused == 2) stream_run(&c, it->nodes, i);
    else if (n->fused != 1) n->k->invoke(&c, n);
    TC_PROFILE_END(n, i);
  }
  return TC_OK;
}

size_t tc_interp_num_inputs(const tc_interp *it) {
  return it && it->ready ? it->model->n_inputs : 0;
}

size_t tc_interp_num_outputs(const tc_interp *it) {
  return it && it->ready ? it->model->n_outputs : 0;
}

tc_tensor *tc_interp_input(tc_interp *it, size_t i) {
  if (!it || !it->ready || i >= it->model->n_inputs) return 0;
  return &it->tensors[tc_model_io(it->model, 0, (uint32_t)i)];
}

tc_tensor *tc_interp_output(tc_interp *it, size_t i) {
  if (!it || !it->ready || i >= it->model->n_outputs) return 0;
  return &it->tensors[tc_model_io(it->model, 1, (uint32_t)i)];
}

tc_tensor *tc_interp_tensor(tc_interp *it, size_t i) {
  if (!it || !it->ready || i >= it->model->n_tensors) return 0;
  return &it->tensors[i];
}
