/* See fbb.h. Layout reminders (FlatBuffers binary format):
 *   table   int32 soffset (table pos - vtable pos), then fields
 *   vtable  uint16 vtable bytes, uint16 table bytes, uint16 per field id
 *           (offset from table start, 0 = absent)
 *   vector  uint32 count, elements
 *   string  uint32 count, bytes, NUL
 *   uoffset uint32, relative to where it is stored, pointing forward. */
#include <stdlib.h>
#include <string.h>

#include "fbb.h"

#define FBB_MAX_SIZE 0x7fffffffu

void fbb_init(fbb *b) { memset(b, 0, sizeof *b); b->minalign = 1; }

void fbb_free(fbb *b) {
  free(b->buf);
  memset(b, 0, sizeof *b);
}

/* Room for n more bytes in front of the data. */
static int grow(fbb *b, size_t n) {
  size_t cap;
  uint8_t *nb;
  if (b->err) return -1;
  if (n > FBB_MAX_SIZE || b->len + n > FBB_MAX_SIZE) {
    b->err = 1;
    return -1;
  }
  if (b->buf && b->len + n <= b->cap) return 0;
  cap = b->cap ? b->cap : 1024;
  while (cap < b->len + n) cap *= 2;
  nb = (uint8_t *)malloc(cap);
  if (!nb) {
    b->err = 1;
    return -1;
  }
  if (b->len) memcpy(nb + cap - b->len, b->buf + b->cap - b->len, b->len);
  free(b->buf);
  b->buf = nb;
  b->cap = cap;
  return 0;
}

static uint8_t *front(fbb *b) { return b->buf + b->cap - b->len; }

static void push_bytes(fbb *b, const void *p, size_t n) {
  if (grow(b, n)) return;
  b->len += n;
  if (n) memcpy(front(b), p, n);
}

static void push_zeros(fbb *b, size_t n) {
  if (grow(b, n)) return;
  b->len += n;
  memset(front(b), 0, n);
}

/* Pad so that after `extra` more bytes the end-offset is a multiple of
 * align (a power of two). */
static void prep(fbb *b, size_t align, size_t extra) {
  if (align > b->minalign) b->minalign = align;
  push_zeros(b, (~(b->len + extra) + 1) & (align - 1));
}

static void le_store(uint8_t *p, uint64_t v, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t host_load(const void *p, size_t n) {
  switch (n) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
  }
}

static void push_le(fbb *b, uint64_t v, size_t n) {
  prep(b, n, 0);
  if (grow(b, n)) return;
  b->len += n;
  le_store(front(b), v, n);
}

/* Nesting objects inside a table under construction is invalid. */
static int object_ok(fbb *b) {
  if (b->in_table) b->err = 1;
  return !b->err;
}

fbb_ref fbb_vector(fbb *b, const void *data, size_t n, size_t esize,
                   size_t align) {
  size_t i, bytes;
  if (!object_ok(b)) return 0;
  if ((esize != 1 && esize != 2 && esize != 4 && esize != 8) ||
      n > FBB_MAX_SIZE / esize || (align & (align - 1)) != 0) {
    b->err = 1;
    return 0;
  }
  bytes = n * esize;
  prep(b, 4, bytes);
  prep(b, esize > align ? esize : align, bytes);
  if (grow(b, bytes)) return 0;
  b->len += bytes;
  for (i = 0; i < n; i++)
    le_store(front(b) + i * esize,
             host_load((const uint8_t *)data + i * esize, esize), esize);
  push_le(b, (uint32_t)n, 4);
  return b->err ? 0 : (fbb_ref)b->len;
}

fbb_ref fbb_string(fbb *b, const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (!object_ok(b)) return 0;
  if (n >= FBB_MAX_SIZE) {
    b->err = 1;
    return 0;
  }
  prep(b, 4, n + 1);
  push_zeros(b, 1);
  push_bytes(b, s, n);
  push_le(b, (uint32_t)n, 4);
  return b->err ? 0 : (fbb_ref)b->len;
}

/* The uoffset to r as stored at the next 4-byte slot. */
static uint32_t refer(fbb *b, fbb_ref r) {
  prep(b, 4, 4);
  if (r == 0 || r > b->len) {
    b->err = 1;
    return 0;
  }
  return (uint32_t)(b->len + 4 - r);
}

fbb_ref fbb_vector_refs(fbb *b, const fbb_ref *refs, size_t n) {
  size_t i;
  if (!object_ok(b)) return 0;
  if (n > FBB_MAX_SIZE / 4) {
    b->err = 1;
    return 0;
  }
  prep(b, 4, 4 * n);
  for (i = n; i-- > 0;) push_le(b, refer(b, refs[i]), 4);
  push_le(b, (uint32_t)n, 4);
  return b->err ? 0 : (fbb_ref)b->len;
}

void fbb_start(fbb *b) {
  if (!object_ok(b)) return;
  b->in_table = 1;
  b->table_start = b->len;
  b->nslots = 0;
  memset(b->slot, 0, sizeof b->slot);
}

static void mark(fbb *b, int id) {
  if (!b->in_table || id < 0 || id >= FBB_MAX_FIELDS) {
    b->err = 1;
    return;
  }
  b->slot[id] = (uint32_t)b->len;
  if (id >= b->nslots) b->nslots = id + 1;
}

static void scalar(fbb *b, int id, uint64_t v, size_t n) {
  if (b->err) return;
  push_le(b, v, n);
  mark(b, id);
}

void fbb_u8(fbb *b, int id, uint8_t v) { scalar(b, id, v, 1); }
void fbb_u16(fbb *b, int id, uint16_t v) { scalar(b, id, v, 2); }
void fbb_u32(fbb *b, int id, uint32_t v) { scalar(b, id, v, 4); }
void fbb_u64(fbb *b, int id, uint64_t v) { scalar(b, id, v, 8); }

void fbb_f32(fbb *b, int id, float v) {
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  scalar(b, id, bits, 4);
}

void fbb_ref_field(fbb *b, int id, fbb_ref r) {
  if (r == 0 || b->err) return;
  push_le(b, refer(b, r), 4);
  mark(b, id);
}

fbb_ref fbb_end(fbb *b) {
  size_t table, tsize, vsize;
  int id;
  if (b->err || !b->in_table) {
    b->err = 1;
    return 0;
  }
  push_le(b, 0, 4); /* soffset, patched below */
  table = b->len;
  tsize = table - b->table_start;
  vsize = 4 + 2 * (size_t)b->nslots;
  if (tsize > 0xffffu || vsize > 0xffffu) {
    b->err = 1;
    return 0;
  }
  for (id = b->nslots - 1; id >= 0; id--)
    push_le(b, b->slot[id] ? (uint16_t)(table - b->slot[id]) : 0, 2);
  push_le(b, (uint16_t)tsize, 2);
  push_le(b, (uint16_t)vsize, 2);
  b->in_table = 0;
  if (b->err) return 0;
  /* The vtable sits just before the table: soffset = table - vtable. */
  le_store(b->buf + b->cap - table, (uint32_t)(b->len - table), 4);
  return (fbb_ref)table;
}

int fbb_finish(fbb *b, fbb_ref root, const char ident[4], uint8_t **out,
               size_t *len) {
  uint8_t *p;
  *out = 0;
  *len = 0;
  if (b->in_table) b->err = 1;
  prep(b, b->minalign > 4 ? b->minalign : 4, 8);
  push_bytes(b, ident, 4);
  push_le(b, refer(b, root), 4);
  if (b->err) return -1;
  p = (uint8_t *)malloc(b->len);
  if (!p) return -1;
  memcpy(p, front(b), b->len);
  *out = p;
  *len = b->len;
  return 0;
}
