/* See word_smash.h. The hot words are found by walking the intact model
 * with the runtime's own bounds-checked reader (src/runtime/fb.h) after
 * tc_model_load has verified it; field ids are TFLite's schema.fbs. */
#include "word_smash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/runtime/internal.h"
#include "../../src/train/host_util.h"

/* schema.fbs field ids (declaration order; a union takes two). */
enum { T_SHAPE = 0, T_QUANT = 4 };
enum { Q_SCALE = 2, Q_ZERO_POINT = 3 };
enum { OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS = 4 };

static void add(ws_map *w, int cat, uint32_t at) {
  if (w->n[cat] == w->cap[cat]) {
    size_t cap = w->cap[cat] ? 2 * w->cap[cat] : 64;
    uint32_t *p = realloc(w->at[cat], cap * sizeof *p);
    if (!p) return;
    w->at[cat] = p;
    w->cap[cat] = cap;
  }
  w->at[cat][w->n[cat]++] = at;
}

/* Every aligned word overlapping [pos, pos + bytes). */
static void add_range(ws_map *w, int cat, uint32_t pos, uint32_t bytes,
                      size_t len) {
  uint32_t a;
  for (a = pos & ~3u; a < pos + bytes && a + 4 <= len; a += 4) add(w, cat, a);
}

/* A table's own bytes (its vtable offset and inline fields). */
static void add_table(ws_map *w, int cat, const tc_fb *fb, uint32_t pos) {
  tc_fbt t;
  if (pos != UINT32_MAX && tc_fb_table(fb, pos, &t) == 0)
    add_range(w, cat, t.pos, t.tsize, fb->size);
}

/* A vector's length word and its elements. */
static void add_vec(ws_map *w, int cat, const tc_fb *fb, uint32_t pos,
                    uint32_t elem) {
  uint32_t n;
  if (pos == 0 || pos == UINT32_MAX || tc_fb_vector(fb, pos, elem, &n) != 0)
    return;
  add_range(w, cat, pos, 4 + n * elem, fb->size);
}

static void map_tensor(ws_map *w, const tc_model *m, const tc_fb *fb,
                       uint32_t i) {
  tc_fbt t, q;
  tc_tensor tt;
  uint32_t pos = tc_fb_vec_table(fb, m->tensors, i), qp;
  if (tc_fb_table(fb, pos, &t) != 0) return;
  add_range(w, WS_TABLE, t.pos, t.tsize, fb->size);
  add_vec(w, WS_SHAPE, fb, tc_fb_ref(fb, &t, T_SHAPE), 4);
  qp = tc_fb_ref(fb, &t, T_QUANT);
  if (qp != 0 && qp != UINT32_MAX && tc_fb_table(fb, qp, &q) == 0) {
    add_range(w, WS_QUANT, q.pos, q.tsize, fb->size);
    add_vec(w, WS_QUANT, fb, tc_fb_ref(fb, &q, Q_SCALE), 4);
    add_vec(w, WS_QUANT, fb, tc_fb_ref(fb, &q, Q_ZERO_POINT), 8);
  }
  /* Small constants: paddings, permutations, axes, slice bounds, shapes,
   * biases of tiny layers, scalar operands. */
  if (tc_model_tensor(m, i, &tt) == 0 && tt.is_const && tt.data) {
    uint32_t off = (uint32_t)((const uint8_t *)tt.data - fb->b);
    int small_int = (tt.type == TC_INT32 || tt.type == TC_INT64) &&
                    tt.bytes <= 256;
    add(w, WS_TABLE, off - 4); /* the buffer's length word */
    if (small_int || tt.bytes <= 16)
      add_range(w, WS_CONST, off, tt.bytes, fb->size);
  }
}

static void map_op(ws_map *w, const tc_model *m, const tc_fb *fb,
                   uint32_t i) {
  tc_fbt t;
  uint32_t pos = tc_fb_vec_table(fb, m->ops, i);
  if (tc_fb_table(fb, pos, &t) != 0) return;
  add_range(w, WS_TABLE, t.pos, t.tsize, fb->size);
  add_vec(w, WS_TABLE, fb, tc_fb_ref(fb, &t, OP_INPUTS), 4);
  add_vec(w, WS_TABLE, fb, tc_fb_ref(fb, &t, OP_OUTPUTS), 4);
  add_table(w, WS_OPTIONS, fb, tc_fb_ref(fb, &t, OP_OPTIONS));
}

int ws_map_build(ws_map *w, const uint8_t *model, size_t len) {
  tc_model m;
  tc_fb fb;
  uint8_t *copy;
  uint32_t i;
  int rc = -1;
  memset(w, 0, sizeof *w);
  w->words = len / 4;
  copy = malloc(len ? len : 1); /* malloc: aligned for tc_model_load */
  if (!copy) return -1;
  memcpy(copy, model, len);
  if (tc_model_load(&m, copy, len) == TC_OK) {
    fb = tc_model_fb(&m);
    for (i = 0; i < m.n_tensors; i++) map_tensor(w, &m, &fb, i);
    for (i = 0; i < m.n_ops; i++) map_op(w, &m, &fb, i);
    for (i = 0; i < m.n_opcodes; i++)
      add_table(w, WS_TABLE, &fb, tc_fb_vec_table(&fb, m.opcodes, i));
    add_vec(w, WS_TABLE, &fb, m.inputs, 4);
    add_vec(w, WS_TABLE, &fb, m.outputs, 4);
    rc = 0;
  }
  free(copy);
  return rc;
}

uint8_t *ws_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  uint8_t *b;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = n >= 0 ? malloc((size_t)n + 16) : NULL;
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  *len = n > 0 ? (size_t)n : 0;
  return b;
}

void ws_map_free(ws_map *w) {
  int c;
  for (c = 0; c < WS_NCAT; c++) free(w->at[c]);
  memset(w, 0, sizeof *w);
}

uint64_t ws_rand(uint64_t *s) { return tc_mix64(*s += 0x9e3779b97f4a7c15ull); }

static size_t ws_pick_cat(const ws_map *w, size_t len, uint64_t *rng,
                          int *cat) {
  static const unsigned weight[WS_NCAT] = {30, 25, 20, 15, 10};
  unsigned total = 0, r;
  int c;
  *cat = WS_NCAT;
  for (c = 0; c < WS_NCAT; c++)
    if (w->n[c]) total += weight[c];
  if (total && ws_rand(rng) % 4 != 0) {
    r = (unsigned)(ws_rand(rng) % total);
    for (c = 0; c < WS_NCAT; c++) {
      if (!w->n[c]) continue;
      if (r < weight[c]) {
        *cat = c;
        return w->at[c][ws_rand(rng) % w->n[c]];
      }
      r -= weight[c];
    }
  }
  return 4 * (size_t)(ws_rand(rng) % (len / 4));
}

size_t ws_pick(const ws_map *w, size_t len, uint64_t *rng) {
  int cat;
  return ws_pick_cat(w, len, rng, &cat);
}

uint32_t ws_value(int k, size_t len) {
  static const uint32_t v[WS_NVALUES - 1] = {0, 1, 0x7FFFFFFFu, 0x80000000u,
                                             0xFFFFFFFFu};
  return k < WS_NVALUES - 1 ? v[k] : (uint32_t)len;
}

size_t ws_smash(uint8_t *data, size_t len, const ws_map *w, uint64_t *rng,
                uint32_t *value, int *cat) {
  size_t at = ws_pick_cat(w, len, rng, cat);
  uint32_t v = ws_value((int)(ws_rand(rng) % WS_NVALUES), len);
  data[at] = (uint8_t)v;
  data[at + 1] = (uint8_t)(v >> 8);
  data[at + 2] = (uint8_t)(v >> 16);
  data[at + 3] = (uint8_t)(v >> 24);
  *value = v;
  return at;
}

const char *ws_cat_name(int cat) {
  static const char *const names[WS_NCAT + 1] = {
      "options", "shape", "quantization", "constant", "table", "any"};
  return names[cat < 0 || cat > WS_NCAT ? WS_NCAT : cat];
}

uint64_t ws_work_bound(tc_interp *it) {
  uint64_t total = 0;
  uint32_t i;
  for (i = 0; i < it->model->n_ops; i++) {
    const tc_node *n = &it->nodes[i];
    uint64_t in = 1, out = 0;
    int j;
    for (j = 0; j < n->nin; j++)
      if (n->in[j] >= 0) {
        uint64_t e = tc_numel(tc_interp_tensor(it, (size_t)n->in[j]));
        if (e > in) in = e;
      }
    for (j = 0; j < n->nout; j++)
      out += tc_numel(tc_interp_tensor(it, (size_t)n->out[j]));
    total += in * (out + 1);
  }
  return total;
}
