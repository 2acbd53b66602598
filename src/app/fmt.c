#include "fmt.h"

void tc_sb_init(tc_sb *b, char *buf, size_t cap) {
  b->p = buf;
  b->len = 0;
  b->cap = cap;
  if (cap) buf[0] = '\0';
}

static void put(tc_sb *b, char c) {
  if (b->len + 1 < b->cap) {
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
  }
}

void tc_sb_str(tc_sb *b, const char *s) {
  if (!s) s = "(null)";
  while (*s) put(b, *s++);
}

void tc_sb_u32(tc_sb *b, uint32_t v) {
  char tmp[10];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  while (n) put(b, tmp[--n]);
}

void tc_sb_i32(tc_sb *b, int32_t v) {
  if (v < 0) {
    put(b, '-');
    tc_sb_u32(b, (uint32_t)0 - (uint32_t)v);
  } else {
    tc_sb_u32(b, (uint32_t)v);
  }
}

const char *tc_pixfmt_id(int format) {
  /* In tc_pixfmt order (tinycnn/image.h). */
  static const char *const names[] = {"gray",   "rgb565", "rgb565le",
                                      "rgb888", "bgr888", "yuyv"};
  return format >= 0 && format < 6 ? names[format] : "unknown";
}

void tc_sb_hex32(tc_sb *b, uint32_t v) {
  int i;
  put(b, '0');
  put(b, 'x');
  for (i = 28; i >= 0; i -= 4) put(b, "0123456789abcdef"[(v >> i) & 15u]);
}

void tc_sb_unit3(tc_sb *b, float v) {
  uint32_t m;
  /* NaN fails both comparisons and prints as 0.000. */
  if (!(v > 0.0f)) v = 0.0f;
  if (v > 1.0f) v = 1.0f;
  m = (uint32_t)(v * 1000.0f + 0.5f);
  tc_sb_u32(b, m / 1000u);
  put(b, '.');
  put(b, (char)('0' + m / 100u % 10u));
  put(b, (char)('0' + m / 10u % 10u));
  put(b, (char)('0' + m % 10u));
}
