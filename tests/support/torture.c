/* tests/support/torture.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "torture.h"

static uint32_t next(uint32_t *r) {
  *r = *r * 1664525u + 1013904223u;
  return *r >> 8;
}

int tt_torture(const uint8_t *d, size_t len, const tc_bitmap_want *want, uint32_t *rng,
               int *decoded, int *refused, char *why, size_t whylen) {
  size_t step = len / 600 + 1;
  int bad = 0;
  uint8_t *copy = malloc(len ? len : 1);
  *decoded = *refused = 0;
  if (why && whylen) why[0] = '\0';
  if (!copy) return 1;
  for (size_t cut = 0; cut <= len + 300; cut += cut < len ? step : 1) {
    size_t n = cut < len ? cut : len;
    const uint8_t *src = d;
    if (cut >= len) { /* corruption rounds */
      memcpy(copy, d, len);
      int flips = 1 + (int)(next(rng) % 4);
      for (int k = 0; k < flips; k++) copy[next(rng) % len] ^= (uint8_t)(1u << (next(rng) % 8));
      if (next(rng) % 4 == 0) copy[next(rng) % len] = (uint8_t)next(rng);
      src = copy;
    }
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) break;
    memcpy(exact, src, n);
    tc_bitmap b;
    char err[200];
    int rc = tc_bitmap_decode_for(exact, n, "t", want, &b, err, sizeof err);
    if (rc == 0) {
      (*decoded)++;
      if (!b.pixels || b.w < 1 || b.h < 1 || (b.channels != 1 && b.channels != 3)) {
        if (!bad++ && why) snprintf(why, whylen, "cut %zu: a bad bitmap %dx%dx%d", n, b.w, b.h, b.channels);
      }
      tc_bitmap_free(&b);
    } else {
      (*refused)++;
      if (rc > 0 || b.pixels || strncmp(err, "t: ", 3) != 0) {
        if (!bad++ && why) snprintf(why, whylen, "cut %zu: bad error state %d '%s'", n, rc, err);
      }
    }
    free(exact);
  }
  free(copy);
  return bad;
}
