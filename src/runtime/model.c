/* Model reading and verification. tc_model_load checks every table,
 * vector and index the runtime will later follow, so the interpreter and
 * the kernels can trust the model. Schema: TFLite schema.fbs (field ids
 * are declaration order; unions take two ids: type, then value). */
#include <string.h>

#include "internal.h"

/* Field ids (schema.fbs). */
enum { MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2,
       MODEL_BUFFERS = 4 };
enum { OPC_DEPRECATED = 0, OPC_CUSTOM = 1, OPC_VERSION = 2, OPC_BUILTIN = 3 };
enum { SG_TENSORS = 0, SG_INPUTS = 1, SG_OUTPUTS = 2, SG_OPS = 3 };
enum { T_SHAPE = 0, T_TYPE = 1, T_BUFFER = 2, T_NAME = 3, T_QUANT = 4,
       T_VARIABLE = 5, T_SPARSITY = 6 };
enum { Q_SCALE = 2, Q_ZERO_POINT = 3, Q_DETAILS_TYPE = 4, Q_DIM = 6 };
enum { OP_OPCODE = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTS_TYPE = 3,
       OP_OPTS = 4, OP_OPTS2_TYPE = 11 };
enum { BUF_DATA = 0, BUF_OFFSET = 1, BUF_SIZE = 2 };

tc_fb tc_model_fb(const tc_model *m) {
  tc_fb fb;
  fb.b = m->data;
  fb.size = (uint32_t)m->size;
  return fb;
}

#ifdef TC_SHORT_MESSAGES
#define BAD_ARGS 1
#else
#define BAD_ARGS 99
#endif
/* m NULL: a lookup after tc_model_load (tensor_read, op_read), which
 * needs the status only. */
static tc_status(bad)(tc_model *m, tc_status s, const char *fmt, ...) {
  va_list ap;
  if (!m) return s;
  va_start(ap, fmt);
  tc_vmsgf(m->msg, fmt, ap, BAD_ARGS);
  va_end(ap);
  return s;
}
#ifdef TC_SHORT_MESSAGES
/* Device builds (kernel.h): the text and its first value, which names the
 * tensor, op or buffer ("tensor 5 '?': dimension ? is ?, expected >= 1"). */
#define BAD1_(fmt, a, ...) fmt, a
#define bad(m, s, ...) bad((m), (s), BAD1_(__VA_ARGS__, 0, 0))
#endif

/* A vector of tables referenced by field id of table t: position + count. */
static int table_vec(const tc_fb *fb, const tc_fbt *t, int id, uint32_t *pos,
                     uint32_t *n) {
  uint32_t v = tc_fb_ref(fb, t, id);
  *pos = 0;
  *n = 0;
  if (v == 0) return 0;
  if (tc_fb_vector(fb, v, 4, n) != 0) return -1;
  *pos = v;
  return 0;
}

/* An optional scalar vector field; absent gives n = 0, pos = 0. */
static int scalar_vec(const tc_fb *fb, const tc_fbt *t, int id,
                      uint32_t elem, uint32_t *pos, uint32_t *n) {
  return table_vec(fb, t, id, pos, n) == 0 && (*pos == 0 ||
         tc_fb_vector(fb, *pos, elem, n) == 0) ? 0 : -1;
}

static const char *tensor_name(const tc_fb *fb, const tc_fbt *t) {
  const char *s = "";
  uint32_t p = tc_fb_ref(fb, t, T_NAME);
  if (p != 0 && (p == UINT32_MAX || tc_fb_string(fb, p, &s) != 0)) s = "?";
  return s;
}

static int get_table(const tc_fb *fb, uint32_t vec, uint32_t i, tc_fbt *t) {
  return tc_fb_table(fb, tc_fb_vec_table(fb, vec, i), t);
}

/* Buffer b's data vector: position of first byte and length; -1 when
 * malformed, -2 when its data is stored outside the flatbuffer. */
static int buffer_data(const tc_model *m, uint32_t b, uint32_t *pos,
                       uint32_t *len) {
  tc_fb fb = tc_model_fb(m);
  tc_fbt bt;
  uint32_t v;
  *pos = 0;
  *len = 0;
  if (b >= m->n_buffers || get_table(&fb, m->buffers, b, &bt) != 0) return -1;
  if (tc_fb_u64(&fb, &bt, BUF_OFFSET, 0) > 1 ||
      tc_fb_u64(&fb, &bt, BUF_SIZE, 0) > 1)
    return -2; /* data outside the flatbuffer */
  v = tc_fb_ref(&fb, &bt, BUF_DATA);
  if (v == 0) return 0;
  if (tc_fb_vector(&fb, v, 1, len) != 0) return -1;
  *pos = v + 4;
  return 0;
}

/* Tensor i decoded into *out; every check the runtime relies on. v: the
 * model being loaded, for messages, or NULL (tc_model_tensor). */
static tc_status tensor_read(tc_model *v, const tc_model *m, uint32_t i,
                             tc_tensor *out) {
  tc_fb fb = tc_model_fb(m);
  tc_fbt t, q;
  uint32_t shape, nd, k, buf, dpos, dlen, qpos;
  uint64_t numel = 1;
  int type, r;
  size_t esize;
  const char *name;
  memset(out, 0, sizeof *out);
  if (i >= m->n_tensors || get_table(&fb, m->tensors, i, &t) != 0)
    return bad(v, TC_ERR_MODEL, "tensor %u: malformed table", i);
  name = out->name = tensor_name(&fb, &t);
  (void)name; /* not in short messages (kernel.h) */
  if (scalar_vec(&fb, &t, T_SHAPE, 4, &shape, &nd) != 0)
    return bad(v, TC_ERR_MODEL, "tensor %u '%s': malformed shape", i, name);
  if (nd > TC_MAX_DIMS)
    return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': rank %u, at most %d",
               i, name, nd, TC_MAX_DIMS);
  out->ndims = (uint8_t)nd;
  for (k = 0; k < nd; k++) {
    int32_t d = (int32_t)tc_fb_u32(fb.b + shape + 4 + 4 * k);
    if (d <= 0 || d > TC_MAX_DIM)
      return bad(v, TC_ERR_MODEL, "tensor %u '%s': dimension %u is %d, "
                 "expected 1..16777216", i, name, k, d);
    numel *= (uint32_t)d; /* both < 2^28 * 2^24: exact in 64 bits */
    if (numel > TC_MAX_ELEMS)
      return bad(v, TC_ERR_MODEL, "tensor %u '%s': more than 268435456 "
                 "elements", i, name);
    out->dims[k] = d;
  }
  type = tc_fb_i8(&fb, &t, T_TYPE, 0);
  out->type = (uint8_t)type;
  esize = tc_type_size(type);
  if (esize == 0)
    return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': dtype %s is not "
               "supported", i, name, tc_type_name(type));
  if (numel * esize > 0x7fffffffu)
    return bad(v, TC_ERR_MODEL, "tensor %u '%s': byte size overflows", i,
               name);
  out->bytes = (uint32_t)(numel * esize);
  if (tc_fb_u8(&fb, &t, T_VARIABLE, 0))
    return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': variable tensors are "
               "not supported", i, name);
  if (tc_fb_ref(&fb, &t, T_SPARSITY) != 0)
    return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': sparse tensors are "
               "not supported", i, name);
  buf = tc_fb_u32f(&fb, &t, T_BUFFER, 0);
  if (buf >= m->n_buffers)
    return bad(v, TC_ERR_MODEL, "tensor %u '%s': buffer %u out of range "
               "(model has %u)", i, name, buf, m->n_buffers);
  r = buffer_data(m, buf, &dpos, &dlen);
  if (r == -2)
    return bad(v, TC_ERR_UNSUPPORTED, "buffer %u: data stored outside the "
               "flatbuffer (offset/size fields) is not supported", buf);
  if (r != 0)
    return bad(v, TC_ERR_MODEL, "tensor %u '%s': buffer %u is malformed", i,
               name, buf);
  if (dlen != 0) {
    if (dlen != out->bytes)
      return bad(v, TC_ERR_MODEL, "tensor %u '%s': buffer %u holds %u bytes, "
                 "shape needs %u", i, name, buf, dlen, out->bytes);
    if (((uintptr_t)(fb.b + dpos)) % (esize > 4 ? 4 : esize) != 0)
      return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': constant data is "
                 "not %u-byte aligned in the file", i, name, (unsigned)esize);
    out->data = (void *)(uintptr_t)(fb.b + dpos);
    out->is_const = 1;
  }
  qpos = tc_fb_ref(&fb, &t, T_QUANT);
  if (qpos != 0) {
    uint32_t sp, ns, zp, nz;
    int32_t qd;
    uint32_t zbits, zbias;
    if (tc_fb_table(&fb, qpos, &q) != 0 ||
        scalar_vec(&fb, &q, Q_SCALE, 4, &sp, &ns) != 0 ||
        scalar_vec(&fb, &q, Q_ZERO_POINT, 8, &zp, &nz) != 0)
      return bad(v, TC_ERR_MODEL, "tensor %u '%s': malformed quantization", i,
                 name);
    if (tc_fb_u8(&fb, &q, Q_DETAILS_TYPE, 0) != 0)
      return bad(v, TC_ERR_UNSUPPORTED, "tensor %u '%s': custom quantization "
                 "details are not supported", i, name);
    if (ns > 0xffffu || (nz != 0 && nz != ns))
      return bad(v, TC_ERR_MODEL, "tensor %u '%s': %u scales but %u zero "
                 "points", i, name, ns, nz);
    qd = tc_fb_i32(&fb, &q, Q_DIM, 0);
    /* Some converters write the conv's axis (3) on its rank-1 bias; a
     * rank-1 tensor has only one axis to mean. */
    if (nd == 1) qd = 0;
    if (ns > 1) {
      if (qd < 0 || (uint32_t)qd >= nd)
        return bad(v, TC_ERR_MODEL, "tensor %u '%s': quantized_dimension %d "
                   "outside rank %u", i, name, qd, nd);
      if ((uint32_t)out->dims[qd] != ns)
        return bad(v, TC_ERR_MODEL, "tensor %u '%s': %u scales for dimension "
                   "%d of size %d", i, name, ns, qd, (int)out->dims[qd]);
    }
    for (k = 0; k < ns; k++) {
      float sc;
      uint32_t bits = tc_fb_u32(fb.b + sp + 4 + 4 * k);
      memcpy(&sc, &bits, sizeof sc);
      if (!(sc >= 0.0f) || sc > 3.0e38f)
        return bad(v, TC_ERR_MODEL, "tensor %u '%s': scale %u is %f", i, name,
                   k, (double)sc);
      if (k == 0) out->scale = sc;
    }
    /* Zero points inside the dtype (kernels add and subtract them
     * freely): int8 (and bool) [-128, 127], uint8 [0, 255], any other
     * dtype [-32768, 32767]. As unsigned: lo + zbias < 2^zbits. */
    zbits = esize < 2 ? 8 : 16;
    zbias = type == TC_UINT8 ? 0 : 1u << (zbits - 1);
    for (k = 0; k < nz; k++) {
      uint32_t lo = tc_fb_u32(fb.b + zp + 4 + 8 * k);
      uint32_t hi = tc_fb_u32(fb.b + zp + 8 + 8 * k);
      if (hi + (lo >> 31) != 0 || (lo + zbias) >> zbits != 0)
        return bad(v, TC_ERR_MODEL, "tensor %u '%s': zero point %u is "
                   "outside %s's range", i, name, k, tc_type_name(type));
      if (k == 0) out->zero_point = (int32_t)lo;
    }
    if (ns > 0) {
      out->scales = (const float *)(const void *)(fb.b + sp + 4);
      out->nscales = (uint16_t)ns;
      out->qdim = (uint8_t)qd;
    } else {
      out->zero_point = 0;
    }
  }
  return TC_OK;
}

int tc_model_tensor(const tc_model *m, uint32_t i, tc_tensor *out) {
  return tensor_read(0, m, i, out) == TC_OK ? 0 : -1;
}

/* Operator i decoded into *op, its tables and vectors checked. v as in
 * tensor_read. */
static tc_status op_read(tc_model *v, const tc_model *m, uint32_t i,
                         tc_opinfo *op) {
  tc_fb fb = tc_model_fb(m);
  tc_fbt t, oc;
  uint32_t idx, p, n;
  memset(op, 0, sizeof *op);
  if (i >= m->n_ops || get_table(&fb, m->ops, i, &t) != 0)
    return bad(v, TC_ERR_MODEL, "op %u: malformed table", i);
  idx = tc_fb_u32f(&fb, &t, OP_OPCODE, 0);
  if (idx >= m->n_opcodes)
    return bad(v, TC_ERR_MODEL, "op %u: opcode_index %u out of range (%u "
               "opcodes)", i, idx, m->n_opcodes);
  if (get_table(&fb, m->opcodes, idx, &oc) != 0)
    goto malformed;
  op->code = tc_fb_i32(&fb, &oc, OPC_BUILTIN, 0);
  if (tc_fb_i8(&fb, &oc, OPC_DEPRECATED, 0) > op->code)
    op->code = tc_fb_i8(&fb, &oc, OPC_DEPRECATED, 0);
  p = tc_fb_ref(&fb, &oc, OPC_CUSTOM);
  op->custom = "";
  if (p != 0 && (p == UINT32_MAX || tc_fb_string(&fb, p, &op->custom) != 0))
    goto malformed;
  if (scalar_vec(&fb, &t, OP_INPUTS, 4, &p, &n) != 0) goto malformed;
  op->in = p ? (const int32_t *)(const void *)(fb.b + p + 4) : 0;
  op->nin = n;
  if (scalar_vec(&fb, &t, OP_OUTPUTS, 4, &p, &n) != 0) goto malformed;
  op->out = p ? (const int32_t *)(const void *)(fb.b + p + 4) : 0;
  op->nout = n;
  op->opts_type = (uint8_t)tc_fb_u8(&fb, &t, OP_OPTS_TYPE, 0);
  p = tc_fb_ref(&fb, &t, OP_OPTS);
  if (p != 0) {
    tc_fbt ot;
    if (p == UINT32_MAX || tc_fb_table(&fb, p, &ot) != 0) goto malformed;
    op->opts = fb.b + p;
  }
  if (tc_fb_u8(&fb, &t, OP_OPTS2_TYPE, 0) != 0)
    return bad(v, TC_ERR_UNSUPPORTED, "op %u: builtin_options_2 present", i);
  return TC_OK;
malformed:
  return bad(v, TC_ERR_MODEL, "op %u: malformed inputs, outputs, options "
             "or operator code", i);
}

int tc_model_op(const tc_model *m, uint32_t i, tc_opinfo *op) {
  return op_read(0, m, i, op) == TC_OK ? 0 : -1;
}

int32_t tc_model_io(const tc_model *m, int outputs, uint32_t i) {
  uint32_t v = outputs ? m->outputs : m->inputs;
  return (int32_t)tc_fb_u32(m->data + v + 4 + 4 * i);
}

int32_t tc_model_op_code(const tc_model *m, uint32_t i, const char **custom) {
  tc_opinfo op;
  if (tc_model_op(m, i, &op) != 0) return -1;
  if (custom) *custom = op.custom;
  return op.code;
}

/* Check one operator: indices, options table, support, graph order
 * (every non-constant input is a graph input or written by an earlier op:
 * otherwise the op would read memory nobody wrote). */
/* One bit per tensor (tc_model_load's flags, on the stack: no malloc). */
#define BIT(set, x) ((set)[(uint32_t)(x) >> 3] >> ((uint32_t)(x) & 7) & 1)
#define SET_BIT(set, x) ((set)[(uint32_t)(x) >> 3] |= (uint8_t)(1u << ((uint32_t)(x) & 7)))

static tc_status verify_op(tc_model *m, uint32_t i, const uint8_t *is_const,
                           uint8_t *written) {
  tc_opinfo op;
  const tc_kernel *k;
  uint32_t j;
  tc_status s = op_read(m, m, i, &op);
  if (s != TC_OK) return s;
  if (op.code < 0)
    return bad(m, TC_ERR_MODEL, "op %u: negative builtin code %d", i, op.code);
  k = tc_kernel_find(op.code);
  if (op.code == TC_OP_CUSTOM)
    return bad(m, TC_ERR_UNSUPPORTED, "op %u: CUSTOM '%s' is not supported "
               "(no custom operators are registered)", i, op.custom);
  if (!k) { /* in full on devices too: an op left out of the build */
    tc_msgf(m->msg, "op %u: %s (builtin %d) is not supported", i,
            tc_op_name(op.code), op.code);
    return TC_ERR_UNSUPPORTED;
  }
  if (op.nin + op.nout > TC_MAX_IO)
    return bad(m, TC_ERR_UNSUPPORTED, "op %u %s: %u inputs + %u outputs, at "
               "most %d in all", i, tc_op_name(op.code), op.nin, op.nout,
               TC_MAX_IO);
  if (op.nout == 0)
    return bad(m, TC_ERR_MODEL, "op %u %s: no outputs", i,
               tc_op_name(op.code));
  if ((op.opts_type != 0) != (op.opts != 0) ||
      (op.opts && k->opts_type != TC_OPT_NONE && op.opts_type != k->opts_type))
    return bad(m, TC_ERR_MODEL, "op %u %s: builtin options type %u, expected "
               "%u", i, tc_op_name(op.code), op.opts_type, k->opts_type);
  for (j = 0; j < op.nin; j++) {
    int32_t x = op.in[j];
    if (x < -1 || x >= (int32_t)m->n_tensors)
      return bad(m, TC_ERR_MODEL, "op %u %s: input %u is tensor %d, out of "
                 "range (%u tensors)", i, tc_op_name(op.code), j, x,
                 m->n_tensors);
    if (x >= 0 && !BIT(is_const, x) && !BIT(written, x))
      return bad(m, TC_ERR_MODEL, "op %u %s: input %u (tensor %d) is read "
                 "before any op writes it", i, tc_op_name(op.code), j, x);
  }
  for (j = 0; j < op.nout; j++) {
    int32_t x = op.out[j];
    if (x < 0 || x >= (int32_t)m->n_tensors)
      return bad(m, TC_ERR_MODEL, "op %u %s: output %u is tensor %d, out of "
                 "range (%u tensors)", i, tc_op_name(op.code), j, x,
                 m->n_tensors);
    if (BIT(is_const, x) || BIT(written, x))
      return bad(m, TC_ERR_MODEL, "op %u %s: output %u (tensor %d) is %s", i,
                 tc_op_name(op.code), j, x,
                 BIT(is_const, x) ? "constant"
                                  : "written twice or a graph input");
    SET_BIT(written, x);
  }
  return TC_OK;
}

tc_status tc_model_load(tc_model *m, const void *data, size_t size) {
  tc_fb fb;
  tc_fbt root, sg;
  uint32_t nsg, i, v;
  if (!m) return TC_ERR_ARG;
  memset(m, 0, sizeof *m);
  if (!data) return bad(m, TC_ERR_ARG, "model: NULL data");
  if (size < 8) return bad(m, TC_ERR_MODEL, "model: %u bytes is too short",
                           (unsigned)size);
  if (size > 0x7fffffffu)
    return bad(m, TC_ERR_MODEL, "model: larger than 2 GB");
  if ((uintptr_t)data & 3)
    return bad(m, TC_ERR_ARG, "model: data must be 4-byte aligned "
               "(tinycnn export emits 16)");
  m->data = (const uint8_t *)data;
  m->size = size;
  fb = tc_model_fb(m);
  if (memcmp(fb.b + 4, "TFL3", 4) != 0)
    return bad(m, TC_ERR_MODEL, "model: file identifier is not 'TFL3' (not a "
               "TensorFlow Lite flatbuffer)");
  if (tc_fb_table(&fb, tc_fb_u32(fb.b), &root) != 0)
    return bad(m, TC_ERR_MODEL, "model: root table out of bounds");
  if (tc_fb_u32f(&fb, &root, MODEL_VERSION, 3) != 3)
    return bad(m, TC_ERR_UNSUPPORTED, "model: schema version %u, expected 3",
               tc_fb_u32f(&fb, &root, MODEL_VERSION, 3));
  if (table_vec(&fb, &root, MODEL_OPCODES, &m->opcodes, &m->n_opcodes) ||
      table_vec(&fb, &root, MODEL_BUFFERS, &m->buffers, &m->n_buffers) ||
      table_vec(&fb, &root, MODEL_SUBGRAPHS, &v, &nsg))
    return bad(m, TC_ERR_MODEL, "model: operator_codes, buffers or subgraphs "
               "vector out of bounds");
  if (nsg != 1)
    return bad(m, nsg ? TC_ERR_UNSUPPORTED : TC_ERR_MODEL, "model: %u "
               "subgraphs, tinycnn runs exactly one", nsg);
  /* Operator codes and buffers are checked where they are used: by
   * op_read for each op's code, by tensor_read for each tensor's buffer. */
  if (get_table(&fb, v, 0, &sg) != 0 ||
      table_vec(&fb, &sg, SG_TENSORS, &m->tensors, &m->n_tensors) ||
      table_vec(&fb, &sg, SG_OPS, &m->ops, &m->n_ops) ||
      scalar_vec(&fb, &sg, SG_INPUTS, 4, &m->inputs, &m->n_inputs) ||
      scalar_vec(&fb, &sg, SG_OUTPUTS, 4, &m->outputs, &m->n_outputs))
    return bad(m, TC_ERR_MODEL, "subgraph 0: malformed tensors, operators, "
               "inputs or outputs");
  if (m->n_tensors > 0xfffeu || m->n_ops > 0xfffeu)
    return bad(m, TC_ERR_UNSUPPORTED, "subgraph 0: %u tensors, %u ops; at "
               "most 65534 each", m->n_tensors, m->n_ops);
  if (m->n_outputs == 0 || m->inputs == 0)
    return bad(m, TC_ERR_MODEL, "subgraph 0: no %s", m->n_outputs ? "inputs"
               : "outputs");
  {
    /* Per-tensor flags for the checks below, on the stack (no malloc), a
     * bit each: the task stack is part of the footprint (TC_STACK_NEED). */
    enum { W = 1024 };
    uint8_t is_const[W / 8], written[W / 8];
    if (m->n_tensors > W)
      return bad(m, TC_ERR_UNSUPPORTED, "subgraph 0: %u tensors, at most %d",
                 m->n_tensors, W);
    memset(written, 0, sizeof written);
    memset(is_const, 0, sizeof is_const);
    for (i = 0; i < m->n_tensors; i++) {
      tc_tensor t;
      tc_status s = tensor_read(m, m, i, &t);
      if (s != TC_OK) return s;
      if (t.is_const) SET_BIT(is_const, i);
    }
    for (i = 0; i < m->n_inputs + m->n_outputs; i++) {
      int out = i >= m->n_inputs;
      uint32_t k = out ? i - m->n_inputs : i;
      int32_t x = tc_model_io(m, out, k);
      if (x < 0 || x >= (int32_t)m->n_tensors)
        return bad(m, TC_ERR_MODEL, "subgraph 0: %s %u is tensor %d, out of "
                   "range", out ? "output" : "input", k, x);
      if (!out) SET_BIT(written, x);
    }
    for (i = 0; i < m->n_ops; i++) {
      tc_status s = verify_op(m, i, is_const, written);
      if (s != TC_OK) return s;
    }
    for (i = 0; i < m->n_outputs; i++) {
      int32_t x = tc_model_io(m, 1, i);
      if (!BIT(written, x) && !BIT(is_const, x))
        return bad(m, TC_ERR_MODEL, "subgraph 0: output %u (tensor %d) is "
                   "never written", i, x);
    }
  }
  m->msg[0] = '\0';
  return TC_OK;
}

/* metadata.c reads the buffer a Model.metadata entry points at. */
int tc_model_buffer(const tc_model *m, uint32_t b, uint32_t *pos,
                    uint32_t *len) {
  return buffer_data(m, b, pos, len);
}
