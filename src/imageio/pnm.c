/* PGM/PPM: our own reader for P5/P6 (binary) and P2/P3 (ASCII). */
#include "imageio_internal.h"

typedef struct pnm_cur {
  const uint8_t *p;
  size_t n, pos;
} pnm_cur;

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Skips whitespace and comments, then reads a decimal number; -1 at the
 * end of data, -2 on a non-digit, -3 on a number above 0x7fffffff. */
static long pnm_number(pnm_cur *c) {
  for (;;) {
    if (c->pos >= c->n) return -1;
    uint8_t ch = c->p[c->pos];
    if (is_space(ch)) {
      c->pos++;
    } else if (ch == '#') {
      while (c->pos < c->n && c->p[c->pos] != '\n' && c->p[c->pos] != '\r') c->pos++;
    } else {
      break;
    }
  }
  if (c->p[c->pos] < '0' || c->p[c->pos] > '9') return -2;
  long v = 0;
  while (c->pos < c->n && c->p[c->pos] >= '0' && c->p[c->pos] <= '9') {
    v = v * 10 + (c->p[c->pos++] - '0');
    if (v > 0x7fffffffL) return -3;
  }
  return v;
}

static const char *pnm_what(long v) {
  return v == -1 ? "truncated" : v == -3 ? "number too large in" : "bad";
}

int tc_img_decode_pnm(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out) {
  char kind = (char)p[1];
  if (kind == '1' || kind == '4')
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported format (PBM bitmap P%c)", kind);
  if (kind == '7') return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported format (PAM P7)");
  const char *fmt = (kind == '2' || kind == '5') ? "PGM" : "PPM";
  int ascii = kind == '2' || kind == '3';
  int ch = (kind == '3' || kind == '6') ? 3 : 1;
  if (n < 3 || !is_space(p[2]))
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad %s header (no whitespace after P%c)", fmt, kind);
  pnm_cur c = {p, n, 2};
  long w = pnm_number(&c);
  long h = w >= 0 ? pnm_number(&c) : w;
  long maxval = h >= 0 ? pnm_number(&c) : h;
  if (maxval < 0) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "%s %s header", pnm_what(maxval), fmt);
  int rc = tc_img_check_size(ctx, fmt, (unsigned long)w, (unsigned long)h);
  if (rc) return rc;
  if (maxval < 1 || maxval > 65535)
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad %s maxval %ld (must be 1..65535)", fmt, maxval);
  size_t count = (size_t)w * (size_t)h * (size_t)ch;
  if (!ascii) {
    /* Exactly one whitespace byte separates the header from the raster. */
    if (c.pos >= n || !is_space(p[c.pos]))
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s header", fmt);
    c.pos++;
    size_t bps = maxval > 255 ? 2 : 1;
    if ((n - c.pos) / bps < count)
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s data (%zu of %zu bytes of pixels)",
                         fmt, n - c.pos, count * bps);
  } else if ((n - c.pos) / 2 < count) {
    /* Each ASCII sample takes at least two bytes ("0 "), except the last. */
    if ((n - c.pos + 1) / 2 < count)
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s data", fmt);
  }
  if ((rc = tc_img_alloc(ctx, out, (int)w, (int)h, ch)) != 0) return rc;
  uint8_t *d = out->pixels;
  for (size_t i = 0; i < count; i++) {
    long v;
    if (ascii) {
      v = pnm_number(&c);
      if (v < 0) {
        tc_bitmap_free(out);
        return tc_img_fail(ctx, TC_IMG_ECORRUPT, "%s %s data (sample %zu of %zu)", pnm_what(v), fmt,
                           i + 1, count);
      }
    } else if (maxval > 255) {
      v = (long)p[c.pos] << 8 | p[c.pos + 1];
      c.pos += 2;
    } else {
      v = p[c.pos++];
    }
    if (v > maxval) v = maxval;
    d[i] = maxval == 255 ? (uint8_t)v : (uint8_t)((v * 255 + maxval / 2) / maxval);
  }
  return 0;
}
