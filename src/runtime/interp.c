/* The interpreter: arena layout, op preparation, invoke.
 *
 * Arena layout (one contiguous block, 16-byte aligned inside):
 *   [tensor structs][node structs][per-op persistent data][activations]
 * The activation region is planned by planner.c; RESHAPE/SQUEEZE outputs
 * alias their input's memory. The same build() runs in two modes:
 * measuring (no arena: tensors decoded per op on the stack) to compute
 * the exact size, and for real. Both ask the kernels for the same
 * memory, so the measured size is exact. */
#include <string.h>

#include "internal.h"

struct tc_ctx {
  const tc_model *m;
  tc_tensor *tensors; /* real mode */
  tc_tensor *tmp;     /* measuring: the current op's inputs then outputs */
  int measuring;
  uint8_t *base; /* aligned arena start (real mode) */
  size_t persist; /* next free persistent byte, from base */
  tc_buf *bufs;
  size_t nbufs, cap;
  char *msg;
};

/* ---- kernel-facing helpers ------------------------------------------ */

tc_tensor *tc_in(tc_ctx *c, const tc_node *n, int i) {
  if (i < 0 || i >= n->nin || n->in[i] < 0) return 0;
  return c->measuring ? &c->tmp[i] : &c->tensors[n->in[i]];
}

tc_tensor *tc_out(tc_ctx *c, const tc_node *n, int i) {
  if (i < 0 || i >= n->nout) return 0;
  return c->measuring ? &c->tmp[n->nin + i] : &c->tensors[n->out[i]];
}

int tc_measuring(const tc_ctx *c) { return c->measuring; }

void *tc_persist(tc_ctx *c, tc_node *n, size_t bytes) {
  size_t off = TC_ALIGN_UP(c->persist, 8);
  (void)n;
  c->persist = off + TC_ALIGN_UP(bytes, 8);
  return c->measuring ? 0 : c->base + off;
}

void tc_scratch(tc_ctx *c, tc_node *n, size_t bytes) {
  (void)c;
  if (bytes > n->scratch_bytes) n->scratch_bytes = (uint32_t)bytes;
}

tc_status tc_fail(tc_ctx *c, const tc_node *n, tc_status s, const char *fmt,
                  ...) {
  va_list ap;
  char detail[TC_MSG_LEN];
  va_start(ap, fmt);
  tc_vmsgf(detail, fmt, ap);
  va_end(ap);
  tc_msgf(c->msg, "op %u %s: %s", (unsigned)n->index,
          tc_op_name(n->k ? n->k->code : -1), detail);
  return s;
}

static int opt_table(const tc_node *n, tc_fb *fb, tc_fbt *t) {
  if (!n->opts) return -1;
  *fb = tc_model_fb(n->model);
  return tc_fb_table(fb, (uint32_t)(n->opts - fb->b), t);
}

int32_t tc_opt_i32(const tc_node *n, int field, int32_t def) {
  tc_fb fb;
  tc_fbt t;
  return opt_table(n, &fb, &t) ? def : tc_fb_i32(&fb, &t, field, def);
}

int tc_opt_u8(const tc_node *n, int field, int def) {
  tc_fb fb;
  tc_fbt t;
  return opt_table(n, &fb, &t) ? def : tc_fb_u8(&fb, &t, field, def);
}

float tc_opt_f32(const tc_node *n, int field, float def) {
  tc_fb fb;
  tc_fbt t;
  return opt_table(n, &fb, &t) ? def : tc_fb_f32(&fb, &t, field, def);
}

const int32_t *tc_opt_vec_i32(const tc_node *n, int field, uint32_t *len) {
  tc_fb fb;
  tc_fbt t;
  uint32_t v;
  *len = 0;
  if (opt_table(n, &fb, &t)) return 0;
  v = tc_fb_ref(&fb, &t, field);
  if (v == 0 || v == UINT32_MAX || tc_fb_vector(&fb, v, 4, len) != 0) {
    *len = 0;
    return 0;
  }
  return (const int32_t *)(const void *)(fb.b + v + 4);
}

uint32_t tc_numel(const tc_tensor *t) {
  uint32_t n = 1, i;
  for (i = 0; i < t->ndims; i++) n *= (uint32_t)t->dims[i];
  return n;
}

int tc_same_shape(const tc_tensor *a, const tc_tensor *b) {
  return a->ndims == b->ndims &&
         memcmp(a->dims, b->dims, a->ndims * sizeof a->dims[0]) == 0;
}

int32_t tc_dim(const tc_tensor *t, int i) {
  return i < t->ndims ? t->dims[t->ndims - 1 - i] : 1;
}

/* ---- building ------------------------------------------------------- */

static size_t head_bytes(const tc_model *m) {
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

/* Prepare every op and plan memory. *need gets the exact arena size. */
static tc_status build(tc_ctx *c, tc_node *nodes, size_t *need) {
  const tc_model *m = c->m;
  uint32_t i, j;
  long nb;
  uint64_t top;
  size_t ws, persist_end;
  c->persist = head_bytes(m);
  nb = tc_plan_collect(m, c->bufs, c->cap);
  if (nb == -2) return TC_ERR_ARENA;
  if (nb < 0) {
    tc_msgf(c->msg, "model: changed after tc_model_load");
    return TC_ERR_MODEL;
  }
  c->nbufs = (size_t)nb;
  for (i = 0; i < m->n_ops; i++) {
    tc_opinfo op;
    tc_node local, *n = c->measuring ? &local : &nodes[i];
    tc_tensor tmp[TC_MAX_IO];
    tc_status s;
    if (tc_model_op(m, i, &op) != 0) {
      tc_msgf(c->msg, "op %u: changed after tc_model_load", i);
      return TC_ERR_MODEL;
    }
    fill_node(m, i, &op, n);
    if (c->measuring) {
      for (j = 0; j < op.nin + op.nout; j++) {
        int32_t x = j < op.nin ? op.in[j] : op.out[j - op.nin];
        if (x >= 0 && tc_model_tensor(m, (uint32_t)x, &tmp[j]) != 0) {
          tc_msgf(c->msg, "tensor %d: changed after tc_model_load", x);
          return TC_ERR_MODEL;
        }
      }
      c->tmp = tmp;
    }
    s = n->k->prepare(c, n);
    c->tmp = 0;
    if (s != TC_OK) return s;
    if (n->scratch_bytes) {
      tc_buf *b;
      if (c->nbufs == c->cap) return TC_ERR_ARENA;
      b = &c->bufs[c->nbufs++];
      b->size = (uint32_t)TC_ALIGN_UP((size_t)n->scratch_bytes, TC_ALIGN);
      b->off = 0;
      b->first = b->last = (uint16_t)i;
      b->id = (uint16_t)i;
      b->scratch = 1;
    }
  }
  top = tc_plan_place(c->bufs, c->nbufs);
  persist_end = TC_ALIGN_UP(c->persist, TC_ALIGN);
  ws = c->nbufs * sizeof(tc_buf);
  if (top > 0x7fffffffu) {
    tc_msgf(c->msg, "model: activations need more than 2 GB");
    return TC_ERR_UNSUPPORTED;
  }
  /* The planner's work list sits in the activation region while it runs,
   * so the arena is at least that large. */
  *need = persist_end + ((size_t)top > ws ? (size_t)top : ws);
  return TC_OK;
}

static tc_status measure(const tc_model *m, tc_buf *ws, size_t cap,
                         size_t *need, size_t *nbufs, char *msg) {
  tc_ctx c;
  tc_status s;
  memset(&c, 0, sizeof c);
  c.m = m;
  c.measuring = 1;
  c.bufs = ws;
  c.cap = cap;
  c.msg = msg;
  s = build(&c, 0, need);
  *nbufs = c.nbufs;
  return s;
}

tc_status tc_model_arena_size(tc_model *m, size_t *bytes) {
  tc_buf ws[TC_PLAN_STACK_BUFFERS];
  tc_status s;
  size_t nb;
  if (!m || !bytes || !m->data) return TC_ERR_ARG;
  s = measure(m, ws, TC_PLAN_STACK_BUFFERS, bytes, &nb, m->msg);
  if (s == TC_ERR_ARENA) {
    tc_msgf(m->msg, "model: more than %d activation buffers; measure with "
            "tc_interp_init on a large arena (or tinycnn inspect)",
            TC_PLAN_STACK_BUFFERS);
    return TC_ERR_UNSUPPORTED;
  }
  return s;
}

tc_status tc_interp_init(tc_interp *it, const tc_model *m, void *arena,
                         size_t arena_size) {
  tc_ctx c;
  uint8_t *base;
  size_t lost, avail, need = 0, need2 = 0, i, cap, nb = 0;
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
  /* Measure first, using the end of the caller's arena as the planner's
   * work list (or the stack when the arena cannot even hold that). */
  cap = avail / sizeof(tc_buf);
  if (cap > (size_t)m->n_tensors + m->n_ops) cap = m->n_tensors + m->n_ops;
  s = measure(m, (tc_buf *)(void *)(base + avail - cap * sizeof(tc_buf)), cap,
              &need, &nb, it->msg);
  if (s == TC_ERR_ARENA) {
    tc_buf ws[TC_PLAN_STACK_BUFFERS];
    s = measure(m, ws, TC_PLAN_STACK_BUFFERS, &need, &nb, it->msg);
    if (s == TC_ERR_ARENA) {
      tc_msgf(it->msg, "arena too small: got %u bytes, need more",
              (unsigned)arena_size);
      return TC_ERR_ARENA;
    }
  }
  if (s != TC_OK) return s;
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
      tc_msgf(it->msg, "tensor %u: changed after tc_model_load", (unsigned)i);
      return TC_ERR_MODEL;
    }
  memset(&c, 0, sizeof c);
  c.m = m;
  c.tensors = it->tensors;
  c.base = base;
  c.msg = it->msg;
  c.bufs = (tc_buf *)(void *)(base + avail - nb * sizeof(tc_buf));
  c.cap = nb;
  s = build(&c, it->nodes, &need2);
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
      if (b[i].scratch)
        it->nodes[b[i].id].scratch = act + b[i].off;
      else
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
  for (i = 0; i < it->model->n_ops; i++)
    it->nodes[i].k->invoke(&c, &it->nodes[i]);
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
