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
  int k = tc_img_box_factor(ctx, (unsigned long)w, (unsigned long)h, 1);
  if ((rc = tc_img_check_memory(ctx, fmt, (unsigned long)w, (unsigned long)h,
                                tc_img_sink_bytes((int)w, (int)h, ch, k, 1))) != 0)
    return rc;
  /* Sides up to 2^31 - 1: the sample count needs 64 bits (saturating). */
  uint64_t count = tc_img_mul(tc_img_mul((uint64_t)w, (uint64_t)h), (uint64_t)ch);
  if (!ascii) {
    /* Exactly one whitespace byte separates the header from the raster. */
    if (c.pos >= n || !is_space(p[c.pos]))
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s header", fmt);
    c.pos++;
    uint64_t bps = maxval > 255 ? 2 : 1;
    if ((uint64_t)(n - c.pos) / bps < count)
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s data (%zu of %llu bytes of pixels)",
                         fmt, n - c.pos, (unsigned long long)tc_img_mul(count, bps));
  } else if ((uint64_t)(n - c.pos) / 2 < count) {
    /* Each ASCII sample takes at least two bytes ("0 "), except the last. */
    if ((uint64_t)(n - c.pos + 1) / 2 < count)
      return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated %s data", fmt);
  }
  /* Row by row into the sink: a big P5/P6 is never copied whole. */
  tc_img_sink sink;
  if ((rc = tc_img_sink_open(&sink, ctx, out, (int)w, (int)h, ch, k, 1, (unsigned long)w,
                             (unsigned long)h, 0, fmt)) != 0) {
    tc_img_sink_close(&sink);
    return rc;
  }
  size_t per_row = (size_t)w * (size_t)ch;
  for (size_t i = 0; i < (size_t)count; i++) {
    long v;
    if (ascii) {
      v = pnm_number(&c);
      if (v < 0) {
        tc_img_sink_close(&sink);
        return tc_img_fail(ctx, TC_IMG_ECORRUPT, "%s %s data (sample %zu of %llu)", pnm_what(v), fmt,
                           i + 1, (unsigned long long)count);
      }
    } else if (maxval > 255) {
      v = (long)p[c.pos] << 8 | p[c.pos + 1];
      c.pos += 2;
    } else {
      v = p[c.pos++];
    }
    if (v > maxval) v = maxval;
    tc_img_sink_buf(&sink)[i % per_row] =
        maxval == 255 ? (uint8_t)v : (uint8_t)((v * 255 + maxval / 2) / maxval);
    if (i % per_row == per_row - 1) tc_img_sink_push(&sink);
  }
  tc_img_sink_close(&sink);
  return 0;
}
