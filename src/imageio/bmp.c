/* BMP: our own reader for uncompressed 8-bit palettized, 24- and 32-bit
 * Windows bitmaps (BITMAPINFOHEADER and later), bottom-up or top-down. */
#include <string.h>

#include "imageio_internal.h"

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *compression_name(uint32_t c) {
  switch (c) {
  case 1: return "RLE8";
  case 2: return "RLE4";
  case 3: return "BITFIELDS";
  case 4: return "embedded JPEG";
  case 5: return "embedded PNG";
  case 6: return "ALPHABITFIELDS";
  default: return "unknown";
  }
}

int tc_img_decode_bmp(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out) {
  if (n < 14 + 4) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated BMP header");
  uint32_t off = le32(p + 10);
  uint32_t hsize = le32(p + 14);
  if (hsize == 12)
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported BMP (OS/2 1.x header)");
  if (hsize < 40 || hsize > 0x10000)
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad BMP header size %lu", (unsigned long)hsize);
  if (n < 14 + (size_t)hsize) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated BMP header");
  const uint8_t *h = p + 14;
  int32_t w32 = (int32_t)le32(h + 4), h32 = (int32_t)le32(h + 8);
  uint32_t planes = le16(h + 12), bpp = le16(h + 14), comp = le32(h + 16);
  uint32_t used = le32(h + 32);
  if (planes != 1) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad BMP (%lu planes)", (unsigned long)planes);
  if (bpp != 8 && bpp != 24 && bpp != 32)
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED,
                       "unsupported BMP (%lu bits per pixel; only 8, 24 and 32 are read)",
                       (unsigned long)bpp);
  if (comp == 3 && bpp == 32) {
    /* BI_BITFIELDS is fine when the masks describe the plain BGRX layout;
     * the masks follow a 40-byte header or sit inside a larger one. */
    if (n < 14 + 40 + 12) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated BMP header");
    if (le32(h + 40) != 0xff0000u || le32(h + 44) != 0xff00u || le32(h + 48) != 0xffu)
      return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported BMP (BITFIELDS with non-BGRX masks)");
  } else if (comp != 0) {
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported BMP compression (%s)",
                       compression_name(comp));
  }
  int top_down = h32 < 0;
  unsigned long uw = w32 < 0 ? 0 : (unsigned long)w32;
  unsigned long uh = h32 < 0 ? (unsigned long)(-(int64_t)h32) : (unsigned long)h32;
  if (w32 < 0) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad BMP width %ld", (long)w32);
  if (uh > 0x7fffffffUL) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "bad BMP height %ld", (long)h32);
  int rc = tc_img_check_size(ctx, "BMP", uw, uh);
  if (rc) return rc;
  int w = (int)uw, hh = (int)uh;

  uint8_t pal[256][3];
  memset(pal, 0, sizeof pal);
  int out_ch = 3;
  if (bpp == 8) {
    if (used == 0 || used > 256) used = 256;
    size_t pal_off = 14 + (size_t)hsize;
    /* A palette cut short by the pixel offset is tolerated (rest black). */
    size_t pal_end = off > pal_off ? off : pal_off;
    if (pal_end > n) return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated BMP palette");
    size_t avail = (pal_end - pal_off) / 4;
    if (avail < used) used = (uint32_t)avail;
    int grey = 1;
    for (uint32_t i = 0; i < used; i++) {
      const uint8_t *e = p + pal_off + 4 * i;
      pal[i][0] = e[2];
      pal[i][1] = e[1];
      pal[i][2] = e[0];
      if (e[0] != e[1] || e[1] != e[2]) grey = 0;
    }
    if (grey) out_ch = 1;
  }
  size_t stride = (((size_t)w * bpp + 31) / 32) * 4;
  if (off < 14 + (size_t)hsize || off > n || (n - off) / stride < (size_t)hh)
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated BMP data (%zu of %zu bytes of pixels)",
                       off > n ? (size_t)0 : n - off, stride * (size_t)hh);
  /* The file's bytes are in memory already: rows go into the sink. */
  tc_img_sink sink;
  if ((rc = tc_img_sink_open(&sink, ctx, out, w, hh, out_ch, tc_img_box_factor(ctx, uw, uh, 1), 1,
                             uw, uh, 0, "BMP")) != 0) {
    tc_img_sink_close(&sink);
    return rc;
  }
  size_t bytes_pp = bpp / 8;
  for (int y = 0; y < hh; y++) {
    const uint8_t *s = p + off + stride * (size_t)(top_down ? y : hh - 1 - y);
    uint8_t *d = tc_img_sink_buf(&sink);
    if (bpp == 8) {
      for (int x = 0; x < w; x++) {
        const uint8_t *c = pal[s[x]];
        if (out_ch == 1)
          *d++ = c[0];
        else {
          *d++ = c[0];
          *d++ = c[1];
          *d++ = c[2];
        }
      }
    } else {
      for (int x = 0; x < w; x++, s += bytes_pp) {
        *d++ = s[2];
        *d++ = s[1];
        *d++ = s[0];
      }
    }
    tc_img_sink_push(&sink);
  }
  tc_img_sink_close(&sink);
  return 0;
}
