/* A tiny FlatBuffers builder (host only, malloc-based), private to
 * src/export. Builds back to front like the official builder: children
 * first, so every uoffset points forward. Offsets returned here
 * ("fbb_ref") count bytes from the *end* of the finished buffer; the
 * finished size is a multiple of the largest alignment requested, so an
 * object whose end-offset is a multiple of A starts at a multiple of A.
 *
 * Errors are sticky (b->err): after an allocation failure or misuse every
 * call becomes a no-op and fbb_finish fails. All values are written
 * little-endian regardless of the host. */
#ifndef TC_FBB_H
#define TC_FBB_H

#include <stddef.h>
#include <stdint.h>

#define FBB_MAX_FIELDS 32

typedef uint32_t fbb_ref; /* 0 = none */

typedef struct fbb {
  uint8_t *buf; /* data occupies buf[cap - len, cap) */
  size_t cap, len, minalign;
  /* table under construction */
  int in_table;
  size_t table_start;
  uint32_t slot[FBB_MAX_FIELDS]; /* field end-offset, 0 = absent */
  int nslots;                    /* highest id + 1 */
  int err;
} fbb;

void fbb_init(fbb *b);
void fbb_free(fbb *b);

/* Vectors of scalars: n elements of esize bytes copied from data
 * (host order; converted to little-endian per esize 1/2/4/8). The first
 * element is aligned to max(esize, align, 4). */
fbb_ref fbb_vector(fbb *b, const void *data, size_t n, size_t esize,
                   size_t align);
/* A string (bytes + NUL). s == NULL writes "". */
fbb_ref fbb_string(fbb *b, const char *s);
/* A vector of uoffsets to tables/strings built earlier. */
fbb_ref fbb_vector_refs(fbb *b, const fbb_ref *refs, size_t n);

/* Tables: start, add fields (any order), end. Nothing else may be built
 * between start and end. */
void fbb_start(fbb *b);
void fbb_u8(fbb *b, int id, uint8_t v);
void fbb_u16(fbb *b, int id, uint16_t v);
void fbb_u32(fbb *b, int id, uint32_t v);
void fbb_f32(fbb *b, int id, float v);
void fbb_u64(fbb *b, int id, uint64_t v);
void fbb_ref_field(fbb *b, int id, fbb_ref r); /* r == 0: field absent */
fbb_ref fbb_end(fbb *b);

/* Root uoffset at byte 0, 4-char identifier at bytes 4..7. On success
 * *out is the finished buffer (malloc'd; the builder gives it up) and
 * 0 is returned; -1 on error. */
int fbb_finish(fbb *b, fbb_ref root, const char ident[4], uint8_t **out,
               size_t *len);

#endif
