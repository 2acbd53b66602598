/* What the interpreter offers the kernels (kernel.h): memory requests
 * while preparing (tc_persist, tc_scratch, tc_overlap), error messages
 * naming the op (tc_fail), their options table (tc_opt_*) and small
 * tensor helpers (tc_numel, tc_dim...). Apart from interp.c because it is
 * the kernels' side of the contract: these only record what a kernel asks
 * for in the context (tc_ctx, internal.h); interp.c acts on it when it
 * builds the arena. The tensor accessors tc_in and tc_out stay in
 * interp.c: its row streaming calls them on every invoke, and in one
 * translation unit GCC inlines them there. */
#include <string.h>

#include "internal.h"

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

void tc_overlap(tc_ctx *c, tc_node *n, int32_t lead) {
  (void)n;
  c->overlap = 1;
  c->lead = lead;
}

tc_status(tc_fail)(tc_ctx *c, const tc_node *n, tc_status s, const char *fmt,
                   ...) {
  va_list ap;
  size_t len;
  /* The op, then the detail after it in the same buffer (no second
   * message buffer on the stack: prepare runs deep in tc_interp_init). */
#ifdef TC_NO_OP_NAMES
  tc_msgf(c->msg, "op %u (builtin %d): ", (unsigned)n->index,
          (int)(n->k ? n->k->code : -1));
#else
  tc_msgf(c->msg, "op %u %s: ", (unsigned)n->index,
          tc_op_name(n->k ? n->k->code : -1));
#endif
  len = strlen(c->msg);
  va_start(ap, fmt);
  tc_vmsgf_n(c->msg + len, TC_MSG_LEN - len, fmt, ap, TC_MSG_ARGS);
  va_end(ap);
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

int32_t tc_index_at(const tc_tensor *t, uint32_t i) {
  if (t->type == TC_INT64) {
    int64_t v = ((const int64_t *)t->data)[i];
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
  }
  return ((const int32_t *)t->data)[i];
}
