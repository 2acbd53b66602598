/* See tinycnn/export.h. The graph is kept as plain arrays until
 * tc_graph_serialize, which writes it with the FlatBuffers builder in
 * fbb.c, children before parents: buffers (so constant data lands at the
 * end of the file), tensors, operators, subgraph, operator codes, model.
 * Field ids are schema.fbs (declaration order; a union takes two ids:
 * type, then value). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/export.h"
#include "fbb.h"

enum { MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2,
       MODEL_DESCRIPTION = 3, MODEL_BUFFERS = 4, MODEL_METADATA = 6 };
enum { MD_NAME = 0, MD_BUFFER = 1 };
enum { OPC_DEPRECATED = 0, OPC_CUSTOM = 1, OPC_VERSION = 2, OPC_BUILTIN = 3 };
enum { SG_TENSORS = 0, SG_INPUTS = 1, SG_OUTPUTS = 2, SG_OPS = 3,
       SG_NAME = 4 };
enum { T_SHAPE = 0, T_TYPE = 1, T_BUFFER = 2, T_NAME = 3, T_QUANT = 4 };
enum { Q_SCALE = 2, Q_ZERO_POINT = 3, Q_DIM = 6 };
enum { OP_OPCODE = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTS_TYPE = 3,
       OP_OPTS = 4 };
enum { BUF_DATA = 0 };

#define MAX_RANK 16
#define BUFFER_ALIGN 16

typedef struct tensor_def {
  char *name;
  int type, ndims, nscales, qdim;
  int32_t dims[MAX_RANK];
  uint8_t *data; /* NULL = activation */
  size_t bytes;
  float *scales;
  int64_t *zps;
} tensor_def;

typedef struct op_def {
  int32_t code;
  char *custom;     /* CUSTOM only */
  int32_t *io;      /* nin inputs then nout outputs */
  int nin, nout;
  tc_opts opts;     /* opts.vec points into vec */
  int32_t *vec;
} op_def;

struct tc_graph {
  tensor_def *t;
  op_def *op;
  int nt, capt, nop, capop;
  int32_t *io; /* inputs then outputs */
  int nin, nout, io_set;
  struct { char *name; uint8_t *data; size_t len; } md[TC_GRAPH_MAX_METADATA];
  int nmd;
  char err[200];
};

static void fail(tc_graph *g, const char *fmt, ...) {
  va_list ap;
  if (g->err[0]) return; /* keep the first */
  va_start(ap, fmt);
  vsnprintf(g->err, sizeof g->err, fmt, ap);
  va_end(ap);
}

static char *dup_str(const char *s) {
  size_t n = strlen(s ? s : "") + 1;
  char *p = (char *)malloc(n);
  if (p) memcpy(p, s ? s : "", n);
  return p;
}

static void *dup_mem(const void *p, size_t n) {
  void *q = malloc(n ? n : 1);
  if (q && n) memcpy(q, p, n);
  return q;
}

/* Schema TensorType sizes; 0 = a type we cannot size (STRING, 4-bit). */
static size_t type_bytes(int type) {
  switch (type) {
    case 0: return 4;  /* FLOAT32 */
    case 1: return 2;  /* FLOAT16 */
    case 2: return 4;  /* INT32 */
    case 3: return 1;  /* UINT8 */
    case 4: return 8;  /* INT64 */
    case 6: return 1;  /* BOOL */
    case 7: return 2;  /* INT16 */
    case 8: return 8;  /* COMPLEX64 */
    case 9: return 1;  /* INT8 */
    case 10: return 8; /* FLOAT64 */
    case 12: return 8; /* UINT64 */
    case 15: return 4; /* UINT32 */
    case 16: return 2; /* UINT16 */
    case 18: return 2; /* BFLOAT16 */
    default: return 0;
  }
}

/* ---- graph ------------------------------------------------------------ */

tc_graph *tc_graph_new(void) {
  return (tc_graph *)calloc(1, sizeof(tc_graph));
}

void tc_graph_free(tc_graph *g) {
  int i;
  if (!g) return;
  for (i = 0; i < g->nt; i++) {
    free(g->t[i].name);
    free(g->t[i].data);
    free(g->t[i].scales);
    free(g->t[i].zps);
  }
  for (i = 0; i < g->nop; i++) {
    free(g->op[i].custom);
    free(g->op[i].io);
    free(g->op[i].vec);
  }
  for (i = 0; i < g->nmd; i++) {
    free(g->md[i].name);
    free(g->md[i].data);
  }
  free(g->t);
  free(g->op);
  free(g->io);
  free(g);
}

const char *tc_graph_error(const tc_graph *g) {
  if (!g) return "NULL graph";
  return g->err[0] ? g->err : NULL;
}

/* Make room for one more element in *arr (count n, capacity *cap). */
static int reserve(void **arr, int n, int *cap, size_t esize) {
  void *p;
  int nc;
  if (n < *cap) return 0;
  nc = *cap ? 2 * *cap : 16;
  p = realloc(*arr, (size_t)nc * esize);
  if (!p) return -1;
  *arr = p;
  *cap = nc;
  return 0;
}

int tc_graph_tensor(tc_graph *g, const char *name, int type, int ndims,
                    const int32_t *dims, const void *data,
                    const float *scales, const int64_t *zps, int nscales,
                    int qdim) {
  tensor_def d;
  uint64_t numel = 1;
  size_t es = type_bytes(type);
  int i;
  const char *nm = name ? name : "";
  if (!g) return -1;
  if (type < 0 || type > 127) {
    fail(g, "tensor '%s': type %d is not a TensorType", nm, type);
    return -1;
  }
  if (ndims < 0 || ndims > MAX_RANK || (ndims > 0 && !dims)) {
    fail(g, "tensor '%s': rank %d (at most %d, dims required)", nm, ndims,
         MAX_RANK);
    return -1;
  }
  memset(&d, 0, sizeof d);
  for (i = 0; i < ndims; i++) {
    if (dims[i] < 0) {
      fail(g, "tensor '%s': dimension %d is %d", nm, i, (int)dims[i]);
      return -1;
    }
    d.dims[i] = dims[i];
    numel *= (uint64_t)dims[i];
    if (numel > 0x7fffffffu) {
      fail(g, "tensor '%s': more than 2^31 elements", nm);
      return -1;
    }
  }
  if (data && (es == 0 || numel * es > 0x7fffffffu)) {
    fail(g, "tensor '%s': cannot size constant data of type %d", nm, type);
    return -1;
  }
  if (nscales < 0 || nscales > 0xffff || (nscales > 0 && !scales)) {
    fail(g, "tensor '%s': %d scales", nm, nscales);
    return -1;
  }
  if (nscales > 1 &&
      (qdim < 0 || qdim >= ndims || dims[qdim] != nscales)) {
    fail(g, "tensor '%s': %d scales do not match dimension %d", nm, nscales,
         qdim);
    return -1;
  }
  d.type = type;
  d.ndims = ndims;
  d.nscales = nscales;
  d.qdim = nscales > 1 ? qdim : 0;
  d.bytes = data ? (size_t)(numel * es) : 0;
  d.name = dup_str(nm);
  d.data = data ? (uint8_t *)dup_mem(data, d.bytes) : NULL;
  if (nscales > 0) {
    d.scales = (float *)dup_mem(scales, sizeof(float) * (size_t)nscales);
    d.zps = (int64_t *)calloc((size_t)nscales, sizeof(int64_t));
    if (zps && d.zps)
      memcpy(d.zps, zps, sizeof(int64_t) * (size_t)nscales);
  }
  if (!d.name || (data && !d.data) ||
      (nscales > 0 && (!d.scales || !d.zps)) ||
      reserve((void **)&g->t, g->nt, &g->capt, sizeof *g->t)) {
    free(d.name);
    free(d.data);
    free(d.scales);
    free(d.zps);
    fail(g, "tensor '%s': out of memory", nm);
    return -1;
  }
  g->t[g->nt] = d;
  return g->nt++;
}

static int check_indices(tc_graph *g, const char *what, int n,
                         const int32_t *idx, int allow_absent) {
  int i;
  if (n < 0 || (n > 0 && !idx)) {
    fail(g, "%s: %d indices", what, n);
    return -1;
  }
  for (i = 0; i < n; i++)
    if (idx[i] >= g->nt || idx[i] < (allow_absent ? -1 : 0)) {
      fail(g, "%s: index %d is tensor %d, graph has %d tensors", what, i,
           (int)idx[i], g->nt);
      return -1;
    }
  return 0;
}

static int add_op(tc_graph *g, int32_t code, const char *custom, int nin,
                  const int32_t *in, int nout, const int32_t *out,
                  const tc_opts *opts) {
  op_def o;
  char what[64];
  int i;
  if (!g) return -1;
  snprintf(what, sizeof what, "op %d (builtin %d)", g->nop, (int)code);
  if (code < 0) {
    fail(g, "%s: negative builtin code", what);
    return -1;
  }
  if (check_indices(g, what, nin, in, 1) ||
      check_indices(g, what, nout, out, 0))
    return -1;
  if (nout < 1) {
    fail(g, "%s: no outputs", what);
    return -1;
  }
  memset(&o, 0, sizeof o);
  if (opts) {
    o.opts = *opts;
    if (o.opts.n > TC_OPTS_MAX_FIELDS || (o.opts.type == 0 &&
        (o.opts.n > 0 || o.opts.vec))) {
      fail(g, "%s: options with %d fields%s and union type %d", what,
           (int)o.opts.n, o.opts.vec ? " and a vector" : "",
           (int)o.opts.type);
      return -1;
    }
    for (i = 0; i < o.opts.n; i++)
      if (o.opts.f[i].kind < TC_FIELD_I8 || o.opts.f[i].kind > TC_FIELD_F32 ||
          o.opts.f[i].id >= FBB_MAX_FIELDS) {
        fail(g, "%s: option field %d has id %d, kind %d", what, i,
             (int)o.opts.f[i].id, (int)o.opts.f[i].kind);
        return -1;
      }
    if (o.opts.vec && (o.opts.vec_len < 0 || o.opts.vec_id >= FBB_MAX_FIELDS)) {
      fail(g, "%s: option vector of length %d at id %d", what,
           (int)o.opts.vec_len, (int)o.opts.vec_id);
      return -1;
    }
  }
  o.code = code;
  o.nin = nin;
  o.nout = nout;
  o.io = (int32_t *)malloc(sizeof(int32_t) * (size_t)(nin + nout));
  if (o.io) {
    if (nin) memcpy(o.io, in, sizeof(int32_t) * (size_t)nin);
    memcpy(o.io + nin, out, sizeof(int32_t) * (size_t)nout);
  }
  if (o.opts.vec) {
    o.vec = (int32_t *)dup_mem(o.opts.vec,
                               sizeof(int32_t) * (size_t)o.opts.vec_len);
    o.opts.vec = o.vec;
  }
  if (custom) o.custom = dup_str(custom);
  if (!o.io || (o.opts.vec && !o.vec) || (custom && !o.custom) ||
      reserve((void **)&g->op, g->nop, &g->capop, sizeof *g->op)) {
    free(o.io);
    free(o.vec);
    free(o.custom);
    fail(g, "%s: out of memory", what);
    return -1;
  }
  g->op[g->nop] = o;
  return g->nop++;
}

int tc_graph_op(tc_graph *g, int32_t builtin_code, int nin, const int32_t *in,
                int nout, const int32_t *out, const tc_opts *opts) {
  if (g && builtin_code == TC_BUILTIN_CUSTOM) {
    fail(g, "op %d: use tc_graph_custom for CUSTOM ops", g->nop);
    return -1;
  }
  return add_op(g, builtin_code, NULL, nin, in, nout, out, opts);
}

int tc_graph_custom(tc_graph *g, const char *custom_code, int nin,
                    const int32_t *in, int nout, const int32_t *out) {
  return add_op(g, TC_BUILTIN_CUSTOM, custom_code ? custom_code : "", nin,
                in, nout, out, NULL);
}

void tc_graph_io(tc_graph *g, int nin, const int32_t *in, int nout,
                 const int32_t *out) {
  int32_t *io;
  if (!g) return;
  if (check_indices(g, "graph inputs", nin, in, 0) ||
      check_indices(g, "graph outputs", nout, out, 0))
    return;
  io = (int32_t *)malloc(sizeof(int32_t) * (size_t)(nin + nout + 1));
  if (!io) {
    fail(g, "graph inputs/outputs: out of memory");
    return;
  }
  if (nin) memcpy(io, in, sizeof(int32_t) * (size_t)nin);
  if (nout) memcpy(io + nin, out, sizeof(int32_t) * (size_t)nout);
  free(g->io);
  g->io = io;
  g->nin = nin;
  g->nout = nout;
  g->io_set = 1;
}

int tc_graph_metadata(tc_graph *g, const char *name, const void *data,
                      size_t len) {
  int i;
  if (!g) return -1;
  if (!name || (len && !data) || len > 0x7fffffffu) {
    fail(g, "metadata: a name and at most 2 GB of data are needed");
    return -1;
  }
  for (i = 0; i < g->nmd && strcmp(g->md[i].name, name) != 0; i++) {}
  if (i == TC_GRAPH_MAX_METADATA) {
    fail(g, "metadata '%s': at most %d entries", name, TC_GRAPH_MAX_METADATA);
    return -1;
  }
  if (i < g->nmd) { /* replace */
    free(g->md[i].name);
    free(g->md[i].data);
  } else {
    g->nmd++;
  }
  g->md[i].name = dup_str(name);
  g->md[i].data = (uint8_t *)dup_mem(data, len);
  g->md[i].len = len;
  if (!g->md[i].name || !g->md[i].data) {
    fail(g, "metadata '%s': out of memory", name);
    return -1;
  }
  return 0;
}

/* ---- serialization ---------------------------------------------------- */

static fbb_ref ints(fbb *b, const int32_t *v, int n) {
  return fbb_vector(b, v, (size_t)n, 4, 4);
}

static fbb_ref write_quant(fbb *b, const tensor_def *t) {
  fbb_ref sc, zp;
  if (t->nscales == 0) return 0;
  sc = fbb_vector(b, t->scales, (size_t)t->nscales, 4, 4);
  zp = fbb_vector(b, t->zps, (size_t)t->nscales, 8, 8);
  fbb_start(b);
  fbb_ref_field(b, Q_SCALE, sc);
  fbb_ref_field(b, Q_ZERO_POINT, zp);
  fbb_u32(b, Q_DIM, (uint32_t)t->qdim);
  return fbb_end(b);
}

static fbb_ref write_options(fbb *b, const tc_opts *o) {
  fbb_ref vec = 0;
  int i;
  if (o->type == 0) return 0;
  if (o->vec) vec = ints(b, o->vec, o->vec_len);
  fbb_start(b);
  if (o->vec) fbb_ref_field(b, o->vec_id, vec);
  for (i = 0; i < o->n; i++) {
    int id = o->f[i].id;
    switch (o->f[i].kind) {
      case TC_FIELD_F32: fbb_f32(b, id, o->f[i].v.f); break;
      case TC_FIELD_I32: fbb_u32(b, id, (uint32_t)o->f[i].v.i); break;
      case TC_FIELD_BOOL: fbb_u8(b, id, o->f[i].v.i != 0); break;
      default: fbb_u8(b, id, (uint8_t)o->f[i].v.i); break;
    }
  }
  return fbb_end(b);
}

/* Operator codes in first-use order; op_def -> opcode index in opc_of. */
static int same_code(const op_def *a, const op_def *b) {
  return a->code == b->code &&
         (a->custom ? b->custom && strcmp(a->custom, b->custom) == 0
                    : !b->custom);
}

tc_status tc_graph_serialize(const tc_graph *g, uint8_t **out, size_t *len) {
  fbb b;
  fbb_ref *refs = NULL, *bufs, *tens, *ops, *codes, sg, root, v_buf, v_ten,
          v_ops, v_codes, v_sg, sg_in, sg_out, sg_name, desc, v_md = 0,
          mds[TC_GRAPH_MAX_METADATA];
  int *opc_of = NULL, *first_op = NULL, nbuf = 1, ncodes = 0, i, j, n;
  int *buf_of;
  if (!out || !len) return TC_ERR_ARG;
  *out = NULL;
  *len = 0;
  if (!g) return TC_ERR_ARG;
  if (g->err[0]) return TC_ERR_ARG;
  if (!g->io_set) {
    fail((tc_graph *)g, "tc_graph_io was not called");
    return TC_ERR_ARG;
  }
  n = g->nt + g->nop + 1;
  refs = (fbb_ref *)calloc((size_t)(g->nt + 1) * 2 + (size_t)g->nop * 2 + 4 +
                               TC_GRAPH_MAX_METADATA,
                           sizeof *refs);
  opc_of = (int *)calloc((size_t)n * 3, sizeof(int));
  if (!refs || !opc_of) {
    free(refs);
    free(opc_of);
    fail((tc_graph *)g, "serialize: out of memory");
    return TC_ERR_ARG;
  }
  bufs = refs;                 /* g->nt + 1 + metadata */
  tens = bufs + g->nt + 1 + TC_GRAPH_MAX_METADATA; /* g->nt */
  ops = tens + g->nt;          /* g->nop */
  codes = ops + g->nop;        /* g->nop */
  first_op = opc_of + n;       /* op index of each code's first use */
  buf_of = first_op + n;       /* buffer index of each tensor */
  fbb_init(&b);
  b.minalign = BUFFER_ALIGN; /* file size a multiple of 16, always */

  /* Buffers: 0 empty, then one per constant tensor, data 16-aligned.
   * Built last-to-first so they appear in index order in the file. */
  for (i = 0; i < g->nt; i++) buf_of[i] = g->t[i].data ? nbuf++ : 0;
  /* Metadata buffers follow the constants' (Model.metadata points at
   * them by index). The largest index is built first, like the rest. */
  for (j = g->nmd - 1; j >= 0; j--) {
    fbb_ref d = fbb_vector(&b, g->md[j].data, g->md[j].len, 1, BUFFER_ALIGN);
    fbb_start(&b);
    fbb_ref_field(&b, BUF_DATA, d);
    bufs[nbuf + j] = fbb_end(&b);
  }
  for (i = g->nt - 1; i >= -1; i--) {
    fbb_ref d = 0;
    if (i >= 0 && !g->t[i].data) continue;
    if (i >= 0)
      d = fbb_vector(&b, g->t[i].data, g->t[i].bytes, 1, BUFFER_ALIGN);
    fbb_start(&b);
    fbb_ref_field(&b, BUF_DATA, d);
    bufs[i >= 0 ? buf_of[i] : 0] = fbb_end(&b);
  }
  v_buf = fbb_vector_refs(&b, bufs, (size_t)(nbuf + g->nmd));

  /* Tensors. */
  for (i = g->nt - 1; i >= 0; i--) {
    const tensor_def *t = &g->t[i];
    fbb_ref q = write_quant(&b, t), name = fbb_string(&b, t->name),
            shape = ints(&b, t->dims, t->ndims);
    fbb_start(&b);
    fbb_ref_field(&b, T_SHAPE, shape);
    fbb_u32(&b, T_BUFFER, (uint32_t)buf_of[i]);
    fbb_ref_field(&b, T_NAME, name);
    fbb_ref_field(&b, T_QUANT, q);
    fbb_u8(&b, T_TYPE, (uint8_t)t->type);
    tens[i] = fbb_end(&b);
  }
  v_ten = fbb_vector_refs(&b, tens, (size_t)g->nt);

  /* Operator codes, deduplicated in first-use order. */
  for (i = 0; i < g->nop; i++) {
    for (j = 0; j < ncodes; j++)
      if (same_code(&g->op[first_op[j]], &g->op[i])) break;
    if (j == ncodes) first_op[ncodes++] = i;
    opc_of[i] = j;
  }

  /* Operators. */
  for (i = g->nop - 1; i >= 0; i--) {
    const op_def *o = &g->op[i];
    fbb_ref opt = write_options(&b, &o->opts),
            vin = ints(&b, o->io, o->nin),
            vout = ints(&b, o->io + o->nin, o->nout);
    fbb_start(&b);
    fbb_u32(&b, OP_OPCODE, (uint32_t)opc_of[i]);
    fbb_ref_field(&b, OP_INPUTS, vin);
    fbb_ref_field(&b, OP_OUTPUTS, vout);
    fbb_ref_field(&b, OP_OPTS, opt);
    if (opt) fbb_u8(&b, OP_OPTS_TYPE, o->opts.type);
    ops[i] = fbb_end(&b);
  }
  v_ops = fbb_vector_refs(&b, ops, (size_t)g->nop);

  /* The subgraph. */
  sg_in = ints(&b, g->io, g->nin);
  sg_out = ints(&b, g->io + g->nin, g->nout);
  sg_name = fbb_string(&b, "main");
  fbb_start(&b);
  fbb_ref_field(&b, SG_TENSORS, v_ten);
  fbb_ref_field(&b, SG_INPUTS, sg_in);
  fbb_ref_field(&b, SG_OUTPUTS, sg_out);
  fbb_ref_field(&b, SG_OPS, v_ops);
  fbb_ref_field(&b, SG_NAME, sg_name);
  sg = fbb_end(&b);
  v_sg = fbb_vector_refs(&b, &sg, 1);

  for (j = ncodes - 1; j >= 0; j--) {
    const op_def *o = &g->op[first_op[j]];
    fbb_ref cs = o->custom ? fbb_string(&b, o->custom) : 0;
    fbb_start(&b);
    fbb_u32(&b, OPC_BUILTIN, (uint32_t)o->code);
    fbb_u32(&b, OPC_VERSION, 1);
    fbb_ref_field(&b, OPC_CUSTOM, cs);
    fbb_u8(&b, OPC_DEPRECATED, (uint8_t)(o->code < 127 ? o->code : 127));
    codes[j] = fbb_end(&b);
  }
  v_codes = fbb_vector_refs(&b, codes, (size_t)ncodes);

  for (j = g->nmd - 1; j >= 0; j--) {
    fbb_ref nm = fbb_string(&b, g->md[j].name);
    fbb_start(&b);
    fbb_ref_field(&b, MD_NAME, nm);
    fbb_u32(&b, MD_BUFFER, (uint32_t)(nbuf + j));
    mds[j] = fbb_end(&b);
  }
  if (g->nmd) v_md = fbb_vector_refs(&b, mds, (size_t)g->nmd);
  desc = fbb_string(&b, "tinycnn");
  fbb_start(&b);
  fbb_u32(&b, MODEL_VERSION, 3);
  fbb_ref_field(&b, MODEL_OPCODES, v_codes);
  fbb_ref_field(&b, MODEL_SUBGRAPHS, v_sg);
  fbb_ref_field(&b, MODEL_DESCRIPTION, desc);
  fbb_ref_field(&b, MODEL_BUFFERS, v_buf);
  fbb_ref_field(&b, MODEL_METADATA, v_md);
  root = fbb_end(&b);

  free(refs);
  free(opc_of);
  if (fbb_finish(&b, root, "TFL3", out, len) != 0) {
    fbb_free(&b);
    fail((tc_graph *)g, "serialize: out of memory or model larger than 2 GB");
    return TC_ERR_ARG;
  }
  fbb_free(&b);
  return TC_OK;
}
