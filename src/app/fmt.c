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
