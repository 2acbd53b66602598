/* tinycnn runtime: run a TensorFlow Lite flatbuffer from a const byte array
 * in a caller-provided arena. No malloc, no stdio, no global mutable state.
 *
 *   tc_model m;  tc_interp it;  size_t need;
 *   if (tc_model_load(&m, model_data, model_len) != TC_OK) puts(m.msg);
 *   tc_model_arena_size(&m, &need);             // exact, before allocating
 *   tc_interp_init(&it, &m, arena, sizeof arena);
 *   memcpy(tc_tensor_data(tc_interp_input(&it, 0)), pixels, n);
 *   tc_interp_invoke(&it);
 *   const int8_t *out = tc_tensor_data(tc_interp_output(&it, 0));
 *
 * Set the inputs before every invoke: like TFLM, invoke may reuse an
 * input's memory once the input has been consumed.
 * The model bytes must stay alive and unchanged for the life of the model
 * and every interpreter made from it, and must be 4-byte aligned (16 is
 * what `tinycnn export --c` emits). C99. */
#ifndef TINYCNN_RUNTIME_H
#define TINYCNN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tc_status {
  TC_OK = 0,
  TC_ERR_ARG = 1,         /* NULL pointer, index out of range */
  TC_ERR_MODEL = 2,       /* malformed or inconsistent model file */
  TC_ERR_UNSUPPORTED = 3, /* well-formed, but an op/dtype we do not run */
  TC_ERR_ARENA = 4,       /* arena too small or misaligned */
  TC_ERR_INPUT = 5,       /* bad tensor contents at invoke */
  TC_ERR_STATE = 6        /* call out of order (invoke before init) */
} tc_status;

/* TensorFlow Lite tensor types that tinycnn runs. Values match the schema. */
typedef enum tc_type {
  TC_FLOAT32 = 0,
  TC_INT32 = 2,
  TC_UINT8 = 3,
  TC_INT64 = 4,
  TC_BOOL = 6,
  TC_INT16 = 7,
  TC_INT8 = 9
} tc_type;

#define TC_MAX_DIMS 6
/* Limits on model-supplied sizes, checked by tc_model_load so that no
 * later arithmetic overflows, on 32-bit targets too: every dimension is
 * 1..TC_MAX_DIM, a tensor holds at most TC_MAX_ELEMS elements (so 8 bytes
 * per element still fit 31 bits) and at most 2^31 - 1 bytes. */
#define TC_MAX_DIM (1L << 24)
#define TC_MAX_ELEMS (1L << 28)
#define TC_MSG_LEN 160

/* Bytes of stack tc_model_load, tc_interp_init and tc_interp_invoke need
 * at most on a 32-bit target: the deepest stack they reach, found by
 * painting the stack of the rv32imc runners (ports/rv32-qemu/runner.c) of
 * the demo and benchmark models at -Os and -O2. Written by `make
 * bench-rv32` (ports/rv32-qemu/footprint.sh, also tools/footprint_rv32.h
 * TC_FP_STACK for `tinycnn inspect`); the rv32_stack test fails when a
 * runner needs more, or more than 2048 bytes. Firmware sizes its task
 * stacks from it (tinycnn/esp32.h). */
#define TC_STACK_NEED 1551
/* The same for tc_model_arena_size alone, which has no arena and so keeps
 * the planner's work list and one op's tensors on the stack: call it where
 * that much stack is available (a host, a large task), not from a task
 * sized by TC_STACK_NEED; tc_model_arena_size_in needs no more than that. */
#define TC_ARENA_SIZE_STACK 7207

/* A tensor as the interpreter sees it. Fields are readable by callers;
 * only the kernels write them. */
typedef struct tc_tensor {
  void *data;          /* arena, or the model's constant bytes */
  const float *scales; /* per-channel scales in the model, or NULL */
  const char *name;    /* NUL-terminated, inside the model; may be "" */
  float scale;         /* per-tensor scale (scales[0] when per-channel) */
  int32_t zero_point;
  int32_t dims[TC_MAX_DIMS];
  uint32_t bytes; /* element count * element size */
  uint16_t nscales; /* 0 = not quantized, 1 = per-tensor, >1 per-channel */
  uint8_t qdim;     /* quantized dimension when per-channel */
  uint8_t ndims;
  uint8_t type;     /* tc_type */
  uint8_t is_const; /* data lives in the model */
} tc_tensor;

/* A verified model. Holds offsets into the caller's bytes, nothing more. */
typedef struct tc_model {
  const uint8_t *data;
  size_t size;
  uint32_t tensors, ops, opcodes, buffers, inputs, outputs; /* vector offsets */
  uint32_t n_tensors, n_ops, n_opcodes, n_buffers, n_inputs, n_outputs;
  char msg[TC_MSG_LEN]; /* why the last call failed */
} tc_model;

struct tc_node;

typedef struct tc_interp {
  const tc_model *model;
  tc_tensor *tensors;
  struct tc_node *nodes;
  uint8_t *arena;
  size_t arena_size;
  size_t arena_used;
  int ready;
  char msg[TC_MSG_LEN];
} tc_interp;

/* Parse and verify every byte the runtime will ever read. A failure names
 * what is wrong and where (op index, tensor index and name) in m->msg. */
tc_status tc_model_load(tc_model *m, const void *data, size_t size);

/* The exact arena tc_interp_init needs for this model, computed without an
 * arena: the planner's work list is on the stack (TC_ARENA_SIZE_STACK
 * bytes; fails with TC_ERR_UNSUPPORTED on models with more than about 230
 * activation buffers, the message says how many fit: use
 * tc_model_arena_size_in then). */
tc_status tc_model_arena_size(tc_model *m, size_t *bytes);

/* The same figure measured inside `work` (any alignment, at least
 * tc_model_arena_work(m) bytes, e.g. a short-lived heap block) instead of
 * on the stack: it needs no more stack than tc_interp_init (TC_STACK_NEED),
 * where tc_model_arena_size needs TC_ARENA_SIZE_STACK. What a firmware task
 * sized from TC_STACK_NEED calls. TC_ERR_ARG (m->msg says why) when work
 * is too small. */
size_t tc_model_arena_work(const tc_model *m);
tc_status tc_model_arena_size_in(tc_model *m, size_t *bytes, void *work,
                                 size_t work_size);

/* Lay out tensors, prepare every op and plan activation memory inside
 * `arena`. Reports "arena too small: need N, got M" in it->msg. */
tc_status tc_interp_init(tc_interp *it, const tc_model *m, void *arena,
                         size_t arena_size);
tc_status tc_interp_invoke(tc_interp *it);

size_t tc_interp_num_inputs(const tc_interp *it);
size_t tc_interp_num_outputs(const tc_interp *it);
tc_tensor *tc_interp_input(tc_interp *it, size_t i);
tc_tensor *tc_interp_output(tc_interp *it, size_t i);
/* Any tensor by model index. Only inputs, outputs and constants have
 * meaningful contents: intermediate tensors share memory (their bytes are
 * unspecified after invoke), and one streamed between two ops row by row
 * is never stored whole (its data is NULL). */
tc_tensor *tc_interp_tensor(tc_interp *it, size_t index);

static inline void *tc_tensor_data(const tc_tensor *t) { return t->data; }
size_t tc_type_size(int type);
const char *tc_type_name(int type);
const char *tc_status_name(tc_status s);
/* Builtin operator name for a TFLite opcode ("CONV_2D"), or "UNKNOWN". */
const char *tc_op_name(int32_t builtin_code);

/* s copied into dst (at most cap bytes, NUL included; truncated) with
 * every byte outside printable ASCII 0x20..0x7E written as \xNN, so that a
 * string from a model or a file (tensor or op name, path) cannot drive the
 * terminal it is printed on. Backslashes and quotes are kept as they are:
 * the output is printable ASCII, so escaping it again changes nothing.
 * Runtime messages (m->msg, it->msg) escape the model strings they name.
 * Returns dst. */
char *tc_escape(char *dst, size_t cap, const char *s);

/* Input (output = 0) or output (1) i of a loaded model, without an
 * interpreter: name, type, shape and quantization; data is the constant
 * bytes or NULL. TC_ERR_ARG when i is out of range. */
tc_status tc_model_io_tensor(const tc_model *m, int output, size_t i,
                             tc_tensor *t);

/* Number of ops and, per op, builtin code / custom name (for tools). */
int32_t tc_model_op_code(const tc_model *m, uint32_t op, const char **custom);

#ifdef __cplusplus
}
#endif
#endif
