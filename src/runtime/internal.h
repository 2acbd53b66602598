/* Shared by the runtime's own files (model, planner, interpreter);
 * private: kernels see kernel.h only. */
#ifndef TC_RUNTIME_INTERNAL_H
#define TC_RUNTIME_INTERNAL_H

#include <stdarg.h>

#include "../kernels/kernel.h"
#include "fb.h"

/* printf-like into a TC_MSG_LEN buffer: %d %u %s %x %f %%. No stdio.
 * Conversions past the first nargs print '?' and read no argument (for
 * TC_MSG_ARGS, kernel.h). */
void tc_vmsgf(char *dst, const char *fmt, va_list ap, int nargs);
/* The same into cap bytes (cap >= 1). */
void tc_vmsgf_n(char *dst, size_t cap, const char *fmt, va_list ap,
                int nargs);
void tc_msgf(char *dst, const char *fmt, ...);

/* Model access after tc_model_load succeeded (so these cannot fail on
 * bounds; they still return an error rather than trusting). */
tc_fb tc_model_fb(const tc_model *m);
int tc_model_tensor(const tc_model *m, uint32_t i, tc_tensor *t);
/* Operator i: builtin code, inputs/outputs vectors, options table. */
typedef struct tc_opinfo {
  int32_t code;
  const char *custom; /* custom_code when code == CUSTOM */
  const int32_t *in, *out;
  uint32_t nin, nout;
  const uint8_t *opts; /* options table start inside the model, or NULL */
  uint8_t opts_type;
} tc_opinfo;
int tc_model_op(const tc_model *m, uint32_t i, tc_opinfo *op);
int32_t tc_model_io(const tc_model *m, int outputs, uint32_t i);
/* Buffer b's bytes: position in the model and length (0 = empty); -1 when
 * malformed, -2 when stored outside the flatbuffer. */
int tc_model_buffer(const tc_model *m, uint32_t b, uint32_t *pos,
                    uint32_t *len);

/* Memory planning (planner.c). */
typedef struct tc_buf {
  uint32_t size, off;
  int32_t lead;         /* inplace: least (input start - this start) */
  uint16_t first, last; /* op steps during which it is live */
  uint16_t id;          /* root tensor index, or op index for scratch */
  uint16_t partner;     /* inplace: root tensor of the op's input 0 */
  uint8_t scratch;      /* 1 = scratch of op `id` */
  uint8_t inplace;      /* 1 = may overlap `partner` (see tc_overlap) */
} tc_buf;
/* Root tensor whose memory tensor t uses (RESHAPE/SQUEEZE alias their
 * input), and whether t needs arena memory at all. */
uint32_t tc_alias_root(const tc_model *m, uint32_t t);
/* Append the activation buffers of the model to bufs (max cap);
 * returns count or -1 when cap is too small. */
long tc_plan_collect(const tc_model *m, tc_buf *bufs, size_t cap);
/* Place bufs; returns the high-water mark in bytes. */
uint64_t tc_plan_place(tc_buf *bufs, size_t n);

/* Where the arena goes (tinycnn inspect --memory, tests): the exact
 * tc_model_arena_size split by region, and the placed activation plan
 * (up to cap buffers in bufs, count in *nbufs). */
typedef struct tc_arena_stats {
  size_t total, tensor_records, node_records, persist, activations;
} tc_arena_stats;
/* op_persist (NULL or n_ops entries) gets each op's persistent bytes. */
tc_status tc_model_arena_stats(tc_model *m, tc_arena_stats *st, tc_buf *bufs,
                               size_t cap, size_t *nbufs,
                               uint32_t *op_persist);

/* The interpreter (interp.c, kernel_api.c, arena_size.c). The context
 * the kernels get (kernel.h declares it opaque): */
struct tc_ctx {
  const tc_model *m;
  tc_tensor *tensors; /* real mode; measuring inside an arena */
  tc_tensor *tmp;     /* measuring without tensor records: the current
                       * op's inputs then outputs (room for the largest
                       * op's) */
  tc_tensor *io2;     /* and 4 more (stream_overlap's producer) */
  int measuring;
  uint8_t *base; /* aligned arena start (real mode) */
  size_t persist; /* next free persistent byte, from base */
  tc_buf *bufs;
  size_t nbufs, cap;
  char *msg;
  uint32_t *op_persist; /* stats only: persistent bytes per op */
  int overlap;          /* the op being prepared called tc_overlap */
  int32_t lead;
  uint32_t consumer;    /* 1 + the last op fused as a stream consumer */
  tc_node *nodes;       /* real mode */
};
/* Tensor and node records at the arena's start, in bytes. */
size_t tc_head_bytes(const tc_model *m);
/* Prepare every op and plan memory; *need gets the exact arena size.
 * Measuring when c->measuring (nodes NULL), else for real into nodes. */
tc_status tc_build(tc_ctx *c, tc_node *nodes, size_t *need);
/* tc_build measuring: with tensor records (tensors, inside an arena) or
 * without (io: room for the largest op's tensors, then 4 more at io2);
 * ws: the planner's work list of cap entries (*nbufs used). */
tc_status tc_measure(const tc_model *m, tc_tensor *tensors, tc_tensor *io,
                     tc_tensor *io2, tc_buf *ws, size_t cap, size_t *need,
                     size_t *nbufs, char *msg);

#define TC_ALIGN 16u
#define TC_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~(size_t)((a) - 1))
#define TC_PLAN_STACK_BUFFERS 256

#endif
