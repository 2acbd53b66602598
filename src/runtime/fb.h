/* A small, bounds-checked FlatBuffers reader: just what a .tflite needs.
 * Every accessor checks offsets against the buffer, so a malformed file
 * yields an error, never an out-of-bounds read. Offsets are uint32 byte
 * positions from the start of the buffer; 0 means "absent". */
#ifndef TC_FB_H
#define TC_FB_H

#include <stddef.h>
#include <stdint.h>

typedef struct tc_fb {
  const uint8_t *b;
  uint32_t size;
} tc_fb;

/* A verified table: its position, vtable position and sizes. */
typedef struct tc_fbt {
  uint32_t pos, vt;
  uint16_t vsize, tsize;
} tc_fbt;

/* Little-endian loads that need no alignment. Callers check bounds. */
uint32_t tc_fb_u32(const uint8_t *p);
uint16_t tc_fb_u16(const uint8_t *p);

/* Check the table at pos and fill *t. 0 on success, -1 if malformed. */
int tc_fb_table(const tc_fb *fb, uint32_t pos, tc_fbt *t);
/* Position of scalar field `id` of `width` bytes; 0 when absent;
 * UINT32_MAX when the vtable entry points outside the table. */
uint32_t tc_fb_field(const tc_fb *fb, const tc_fbt *t, int id, uint32_t width);
/* Follow the uoffset stored in field `id` (a table, vector or string).
 * 0 when absent, UINT32_MAX when out of bounds. */
uint32_t tc_fb_ref(const tc_fb *fb, const tc_fbt *t, int id);
/* Check a vector at pos with elem_size-byte elements (and, for
 * elem_size >= 2, alignment of its first element). Returns element count
 * in *n, and 0 / -1. */
int tc_fb_vector(const tc_fb *fb, uint32_t pos, uint32_t elem_size,
                 uint32_t *n);
/* Table element i of a vector of tables (vector already checked). */
uint32_t tc_fb_vec_table(const tc_fb *fb, uint32_t vec, uint32_t i);
/* A string: check NUL terminator inside the buffer. */
int tc_fb_string(const tc_fb *fb, uint32_t pos, const char **s);

/* Convenience reads of scalar fields with defaults. */
int32_t tc_fb_i32(const tc_fb *fb, const tc_fbt *t, int id, int32_t def);
uint32_t tc_fb_u32f(const tc_fb *fb, const tc_fbt *t, int id, uint32_t def);
int tc_fb_u8(const tc_fb *fb, const tc_fbt *t, int id, int def);
int tc_fb_i8(const tc_fb *fb, const tc_fbt *t, int id, int def);
uint64_t tc_fb_u64(const tc_fb *fb, const tc_fbt *t, int id, uint64_t def);
float tc_fb_f32(const tc_fb *fb, const tc_fbt *t, int id, float def);

#endif
