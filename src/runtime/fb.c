/* See fb.h. FlatBuffers layout, in short: a table starts with an int32
 * soffset back to its vtable; the vtable holds uint16 sizes then one uint16
 * field offset per field id (0 = absent). References (tables, vectors,
 * strings) are uint32 offsets relative to where they are stored. */
#include <string.h>

#include "fb.h"

uint32_t tc_fb_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

uint16_t tc_fb_u16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

/* pos + len <= size, without 64-bit additions. */
static int span_ok(const tc_fb *fb, uint32_t pos, uint64_t len) {
  return len <= fb->size && pos <= fb->size - (uint32_t)len;
}

int tc_fb_table(const tc_fb *fb, uint32_t pos, tc_fbt *t) {
  int32_t soff;
  int64_t vt;
  uint32_t i;
  if (pos == 0 || pos == UINT32_MAX || (pos & 3) || !span_ok(fb, pos, 4))
    return -1;
  soff = (int32_t)tc_fb_u32(fb->b + pos);
  vt = (int64_t)pos - soff;
  if (vt < 0 || (vt & 1) || !span_ok(fb, (uint32_t)vt, 4)) return -1;
  t->pos = pos;
  t->vt = (uint32_t)vt;
  t->vsize = tc_fb_u16(fb->b + t->vt);
  t->tsize = tc_fb_u16(fb->b + t->vt + 2);
  if (t->vsize < 4 || (t->vsize & 1) || !span_ok(fb, t->vt, t->vsize) ||
      t->tsize < 4 || !span_ok(fb, pos, t->tsize))
    return -1;
  /* Every present field must lie inside the table. Field widths are not
   * known here; tc_fb_field re-checks with the width it reads. */
  for (i = 4; i < t->vsize; i += 2) {
    uint16_t fo = tc_fb_u16(fb->b + t->vt + i);
    if (fo != 0 && (fo < 4 || fo >= t->tsize)) return -1;
  }
  return 0;
}

uint32_t tc_fb_field(const tc_fb *fb, const tc_fbt *t, int id,
                     uint32_t width) {
  uint32_t slot = 4u + 2u * (uint32_t)id;
  uint16_t fo;
  (void)fb;
  if (id < 0 || slot + 2 > t->vsize) return 0;
  fo = tc_fb_u16(fb->b + t->vt + slot);
  if (fo == 0) return 0;
  if ((uint32_t)fo + width > t->tsize) return UINT32_MAX;
  return t->pos + fo;
}

uint32_t tc_fb_ref(const tc_fb *fb, const tc_fbt *t, int id) {
  uint32_t f = tc_fb_field(fb, t, id, 4), off;
  uint64_t target;
  if (f == 0 || f == UINT32_MAX) return f;
  off = tc_fb_u32(fb->b + f);
  target = (uint64_t)f + off;
  if (off == 0 || target + 4 > fb->size) return UINT32_MAX;
  return (uint32_t)target;
}

int tc_fb_vector(const tc_fb *fb, uint32_t pos, uint32_t elem_size,
                 uint32_t *n) {
  uint32_t len;
  if (pos == 0 || pos == UINT32_MAX || (pos & 3) || !span_ok(fb, pos, 4))
    return -1;
  len = tc_fb_u32(fb->b + pos);
  if (!span_ok(fb, pos + 4, (uint64_t)len * elem_size)) return -1;
  /* Elements of 8 bytes are 8-aligned by FlatBuffers writers; we only
   * rely on 4 (the model base is 4-aligned, see tc_model_load). */
  *n = len;
  return 0;
}

uint32_t tc_fb_vec_table(const tc_fb *fb, uint32_t vec, uint32_t i) {
  uint32_t slot = vec + 4 + 4 * i, off;
  uint64_t target;
  off = tc_fb_u32(fb->b + slot);
  target = (uint64_t)slot + off;
  if (off == 0 || target + 4 > fb->size) return UINT32_MAX;
  return (uint32_t)target;
}

int tc_fb_string(const tc_fb *fb, uint32_t pos, const char **s) {
  uint32_t n;
  if (tc_fb_vector(fb, pos, 1, &n) != 0) return -1;
  if (!span_ok(fb, pos + 4, (uint64_t)n + 1) || fb->b[pos + 4 + n] != 0)
    return -1;
  *s = (const char *)fb->b + pos + 4;
  return 0;
}

int32_t tc_fb_i32(const tc_fb *fb, const tc_fbt *t, int id, int32_t def) {
  uint32_t f = tc_fb_field(fb, t, id, 4);
  if (f == 0 || f == UINT32_MAX) return def;
  return (int32_t)tc_fb_u32(fb->b + f);
}

uint32_t tc_fb_u32f(const tc_fb *fb, const tc_fbt *t, int id, uint32_t def) {
  return (uint32_t)tc_fb_i32(fb, t, id, (int32_t)def);
}

int tc_fb_u8(const tc_fb *fb, const tc_fbt *t, int id, int def) {
  uint32_t f = tc_fb_field(fb, t, id, 1);
  if (f == 0 || f == UINT32_MAX) return def;
  return fb->b[f];
}

int tc_fb_i8(const tc_fb *fb, const tc_fbt *t, int id, int def) {
  uint32_t f = tc_fb_field(fb, t, id, 1);
  if (f == 0 || f == UINT32_MAX) return def;
  return (int)(int8_t)fb->b[f];
}

uint64_t tc_fb_u64(const tc_fb *fb, const tc_fbt *t, int id, uint64_t def) {
  uint32_t f = tc_fb_field(fb, t, id, 8);
  if (f == 0 || f == UINT32_MAX) return def;
  return (uint64_t)tc_fb_u32(fb->b + f) |
         (uint64_t)tc_fb_u32(fb->b + f + 4) << 32;
}

float tc_fb_f32(const tc_fb *fb, const tc_fbt *t, int id, float def) {
  uint32_t f = tc_fb_field(fb, t, id, 4), bits;
  float v;
  if (f == 0 || f == UINT32_MAX) return def;
  bits = tc_fb_u32(fb->b + f);
  memcpy(&v, &bits, sizeof v);
  return v;
}
