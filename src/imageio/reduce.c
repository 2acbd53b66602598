/* Decoding to the size the preprocessing needs: how far a picture may be
 * reduced for a wanted size, and the row sink every decoder writes into
 * (k x k box average + EXIF orientation, straight into the output). */
#include <stdlib.h>
#include <string.h>

#include "imageio_internal.h"
#include "tinycnn/image.h"

/* src/image resizes frames up to 4096 per side (TC_IMG_MAX_SRC in
 * image.c); tc_bitmap_to_tensor hands it the crop only. A little below it:
 * the crop of the reduced picture is rounded anew. */
#define TC_PRE_MAX_SIDE 4064UL

/* The region the preprocessing reads of a picture stored w x h: the
 * centre crop for the wanted size (tc_image_crop_rect, on the upright
 * size), or all of it with stretch. */
static void region(const tc_img_ctx *ctx, unsigned long w, unsigned long h, int orient,
                   unsigned long *rw, unsigned long *rh) {
  if (orient >= 5) { /* shown transposed */
    unsigned long t = w;
    w = h;
    h = t;
  }
  *rw = w;
  *rh = h;
  if (ctx->want.stretch || w > 0x7fffffffUL || h > 0x7fffffffUL) return;
  int32_t x0, y0, cw, ch;
  if (tc_image_crop_rect((int32_t)w, (int32_t)h, ctx->want.w, ctx->want.h, &x0, &y0, &cw, &ch) ==
      TC_OK) {
    *rw = (unsigned long)cw;
    *rh = (unsigned long)ch;
  }
}

int tc_img_fits(const tc_img_ctx *ctx, unsigned long w, unsigned long h, int orient) {
  if (ctx->want.w < 1) return 0; /* full resolution wanted: no reduction fits */
  unsigned long rw, rh;
  region(ctx, w, h, orient, &rw, &rh);
  return rw >= (unsigned long)ctx->want.w * TC_BITMAP_FIT_MARGIN &&
         rh >= (unsigned long)ctx->want.h * TC_BITMAP_FIT_MARGIN;
}

int tc_img_box_factor(const tc_img_ctx *ctx, unsigned long w, unsigned long h, int orient) {
  if (ctx->want.w < 1) return 1;
  unsigned long rw, rh;
  region(ctx, w, h, orient, &rw, &rh);
  /* ceil(r / k) >= m * want  <=>  r > (m * want - 1) * k */
  unsigned long nw = (unsigned long)ctx->want.w * TC_BITMAP_FIT_MARGIN;
  unsigned long nh = (unsigned long)ctx->want.h * TC_BITMAP_FIT_MARGIN;
  unsigned long k = 1;
  if (rw >= nw && rh >= nh) {
    unsigned long kw = nw > 1 ? (rw - 1) / (nw - 1) : rw;
    unsigned long kh = nh > 1 ? (rh - 1) / (nh - 1) : rh;
    k = kw < kh ? kw : kh;
    while (k > 1 && ((rw + k - 1) / k < nw || (rh + k - 1) / k < nh)) k--;
    if (k < 1) k = 1;
  }
  if (!ctx->want.stretch) { /* the crop must be within src/image's limit */
    unsigned long big = rw > rh ? rw : rh;
    unsigned long kmin = (big + TC_PRE_MAX_SIDE - 1) / TC_PRE_MAX_SIDE;
    if (k < kmin) k = kmin;
  }
  return k > 0x7fffffffUL ? 0x7fffffff : (int)k;
}

/* ---- the sink ------------------------------------------------------------ */

static unsigned long ceil_div(unsigned long a, unsigned long b) { return (a + b - 1) / b; }

uint64_t tc_img_sink_bytes(int in_w, int in_h, int ch, int k, int orient) {
  if (k < 1) k = 1;
  uint64_t rw = ceil_div((unsigned long)in_w, (unsigned long)k);
  uint64_t rh = ceil_div((unsigned long)in_h, (unsigned long)k);
  uint64_t need = tc_img_mul(tc_img_mul(rw, rh), (uint64_t)ch);
  if (k > 1 || orient != 1) need += (uint64_t)in_w * (uint64_t)ch; /* the input row */
  if (k > 1) need += tc_img_mul(rw * (uint64_t)ch, sizeof(uint64_t) + 1);
  return need;
}

int tc_img_sink_open(tc_img_sink *s, const tc_img_ctx *ctx, tc_bitmap *out, int in_w, int in_h,
                     int ch, int k, int orient, unsigned long full_w, unsigned long full_h,
                     uint64_t extra, const char *what) {
  memset(s, 0, sizeof *s);
  s->ctx = ctx;
  s->out = out;
  s->in_w = in_w;
  s->in_h = in_h;
  s->ch = ch;
  s->k = k < 1 ? 1 : k;
  s->orient = orient >= 1 && orient <= 8 ? orient : 1;
  s->rw = (int)ceil_div((unsigned long)in_w, (unsigned long)s->k);
  s->rh = (int)ceil_div((unsigned long)in_h, (unsigned long)s->k);
  int direct = s->k == 1 && s->orient == 1;
  uint64_t need = tc_img_sink_bytes(in_w, in_h, ch, s->k, s->orient);
  need = need + extra < need ? UINT64_MAX : need + extra;
  int rc = tc_img_check_memory(ctx, what, full_w, full_h, need);
  if (rc) return rc;
  uint64_t row = (uint64_t)in_w * (uint64_t)ch;

  size_t npx = (size_t)s->rw * (size_t)s->rh * (size_t)ch;
  out->pixels = malloc(npx ? npx : 1);
  if (!direct) s->row = malloc((size_t)row);
  if (s->k > 1) {
    s->acc = calloc((size_t)s->rw * (size_t)ch, sizeof *s->acc);
    s->red = malloc((size_t)s->rw * (size_t)ch);
  }
  if (!out->pixels || (!direct && !s->row) || (s->k > 1 && (!s->acc || !s->red)))
    return tc_img_fail(ctx, TC_IMG_ENOMEM, "out of memory for %dx%d pixels", s->rw, s->rh);
  int swap = s->orient >= 5;
  out->w = swap ? s->rh : s->rw;
  out->h = swap ? s->rw : s->rh;
  out->channels = ch;
  out->full_w = (int)(swap ? full_h : full_w);
  out->full_h = (int)(swap ? full_w : full_h);
  return 0;
}

uint8_t *tc_img_sink_buf(tc_img_sink *s) {
  if (s->row) return s->row;
  return s->out->pixels + (size_t)s->y * (size_t)s->in_w * (size_t)s->ch;
}

/* Reduced row y (rw pixels, as stored) into the upright output. EXIF
 * orientation o says where stored row 0 and column 0 are shown (TIFF 6.0,
 * tag 274); stored (x, y) of a W x H picture lands at:
 *   1 (x, y)          2 (W-1-x, y)       3 (W-1-x, H-1-y)   4 (x, H-1-y)
 *   5 (y, x)          6 (H-1-y, x)       7 (H-1-y, W-1-x)   8 (y, W-1-x) */
static void emit(tc_img_sink *s, int y, const uint8_t *src) {
  const int W = s->rw, H = s->rh, ch = s->ch, o = s->orient;
  const size_t ow = (size_t)s->out->w;
  uint8_t *px = s->out->pixels;
  if (o == 1 || o == 4) {
    memcpy(px + (size_t)(o == 1 ? y : H - 1 - y) * ow * (size_t)ch, src, (size_t)W * (size_t)ch);
    return;
  }
  for (int x = 0; x < W; x++) {
    size_t X, Y;
    switch (o) {
    case 2: X = (size_t)(W - 1 - x), Y = (size_t)y; break;
    case 3: X = (size_t)(W - 1 - x), Y = (size_t)(H - 1 - y); break;
    case 5: X = (size_t)y, Y = (size_t)x; break;
    case 6: X = (size_t)(H - 1 - y), Y = (size_t)x; break;
    case 7: X = (size_t)(H - 1 - y), Y = (size_t)(W - 1 - x); break;
    default: X = (size_t)y, Y = (size_t)(W - 1 - x); break; /* 8 */
    }
    memcpy(px + (Y * ow + X) * (size_t)ch, src + (size_t)x * (size_t)ch, (size_t)ch);
  }
}

void tc_img_sink_push(tc_img_sink *s) {
  if (s->y >= s->in_h) return;
  const uint8_t *row = tc_img_sink_buf(s);
  const int k = s->k, ch = s->ch;
  if (k == 1) {
    if (s->row) emit(s, s->y, row);
    s->y++;
    return;
  }
  /* Add the row into the band's column sums. */
  for (int ox = 0, x = 0; ox < s->rw; ox++) {
    int x1 = x + k < s->in_w ? x + k : s->in_w;
    for (int c = 0; c < ch; c++) {
      uint64_t sum = 0;
      for (int i = x; i < x1; i++) sum += row[(size_t)i * (size_t)ch + (size_t)c];
      s->acc[(size_t)ox * (size_t)ch + (size_t)c] += sum;
    }
    x = x1;
  }
  s->y++;
  if (s->y % k != 0 && s->y != s->in_h) return;
  /* The band is complete: rounded means of the boxes. */
  uint64_t rows = (uint64_t)(s->y % k ? s->y % k : k);
  for (int ox = 0; ox < s->rw; ox++) {
    uint64_t cols = (uint64_t)((ox + 1) * (int64_t)k <= s->in_w ? k : s->in_w - ox * k);
    uint64_t n = rows * cols;
    for (int c = 0; c < ch; c++) {
      uint64_t *a = &s->acc[(size_t)ox * (size_t)ch + (size_t)c];
      s->red[(size_t)ox * (size_t)ch + (size_t)c] = (uint8_t)((*a + n / 2) / n);
      *a = 0;
    }
  }
  emit(s, (s->y - 1) / k, s->red);
}

void tc_img_sink_close(tc_img_sink *s) {
  free(s->acc);
  free(s->row);
  free(s->red);
  s->acc = NULL;
  s->row = s->red = NULL;
}
