/* PNG via libpng, from memory, with setjmp error handling. Rows are
 * streamed into the sink (reduced as they come); only an interlaced
 * (Adam7) image is held whole, as its passes fill every row repeatedly. */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "imageio_internal.h"

typedef struct png_job {
  const uint8_t *data;
  size_t len, pos;
  int truncated;      /* the read callback ran out of bytes */
  char msg[160];      /* libpng's error message */
  uint8_t *rows;      /* decoded rows: one, or all when interlaced */
  png_bytep *rowp;    /* row pointers (interlaced), freed by the caller */
  tc_img_sink sink;
  png_structp png;
  png_infop info;
  const tc_img_ctx *ctx;
  tc_bitmap *out;
  int rc;             /* an error found by us (not libpng) */
} png_job;

static void png_read_cb(png_structp png, png_bytep dst, size_t n) {
  png_job *j = png_get_io_ptr(png);
  if (n > j->len - j->pos) {
    j->truncated = 1;
    png_error(png, "truncated PNG data");
  }
  memcpy(dst, j->data + j->pos, n);
  j->pos += n;
}

static void png_error_cb(png_structp png, png_const_charp msg) {
  png_job *j = png_get_error_ptr(png);
  snprintf(j->msg, sizeof j->msg, "%s", msg ? msg : "unknown error");
  png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg; /* warnings (bad ancillary chunks, sRGB profiles) are ignored */
}

/* Bytes besides the sink's: our row (or, interlaced, every row and its
 * pointer) and libpng's previous and current row. */
static uint64_t png_extra(uint64_t rowbytes, uint64_t h, int interlaced) {
  uint64_t e = 2 * rowbytes;
  if (interlaced) return e + tc_img_mul(rowbytes + sizeof(png_bytep), h);
  return e + rowbytes;
}

/* Runs with the setjmp; all state lives in *j, owned by the caller. */
static int png_run(png_job *j) {
  if (setjmp(png_jmpbuf(j->png))) return -1;
  png_set_read_fn(j->png, j, png_read_cb);
  /* Our limits are checked after the header; let libpng pass sizes through. */
  png_set_user_limits(j->png, 0x7fffffff, 0x7fffffff);
  png_set_benign_errors(j->png, 1);
  png_read_info(j->png, j->info);

  png_uint_32 w = png_get_image_width(j->png, j->info);
  png_uint_32 h = png_get_image_height(j->png, j->info);
  int ct = png_get_color_type(j->png, j->info);
  int depth = png_get_bit_depth(j->png, j->info);
  if ((j->rc = tc_img_check_size(j->ctx, "PNG", w, h)) != 0) return 0;

  if (ct == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(j->png);
  if (ct == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(j->png);
  if (depth == 16) png_set_strip_16(j->png);
  int passes = png_set_interlace_handling(j->png);
  png_read_update_info(j->png, j->info);

  int in_ch = png_get_channels(j->png, j->info);
  size_t rowbytes = png_get_rowbytes(j->png, j->info);
  if (png_get_bit_depth(j->png, j->info) != 8 || in_ch < 1 || in_ch > 4 ||
      rowbytes < (size_t)w * (size_t)in_ch) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_EUNSUPPORTED, "unsupported PNG layout (colour type %d, %d-bit)",
                        ct, depth);
    return 0;
  }
  int out_ch = (ct & PNG_COLOR_MASK_COLOR) ? 3 : 1;
  if ((in_ch >= 3) != (out_ch == 3)) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_EUNSUPPORTED, "unsupported PNG layout (colour type %d)", ct);
    return 0;
  }
  int k = tc_img_box_factor(j->ctx, w, h, 1);
  uint64_t keep = tc_img_mul(rowbytes, passes > 1 ? h : 1);
  uint64_t extra = png_extra(rowbytes, h, passes > 1);
  if ((j->rc = tc_img_sink_open(&j->sink, j->ctx, j->out, (int)w, (int)h, out_ch, k, 1, w, h, extra,
                                passes > 1 ? "interlaced PNG" : "PNG")) != 0)
    return 0;
  j->rows = malloc((size_t)keep);
  if (passes > 1) j->rowp = malloc(sizeof(png_bytep) * h);
  if (!j->rows || (passes > 1 && !j->rowp)) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_ENOMEM, "out of memory for %lux%lu pixels",
                        (unsigned long)w, (unsigned long)h);
    return 0;
  }
  if (passes > 1) {
    for (png_uint_32 y = 0; y < h; y++) j->rowp[y] = j->rows + (size_t)y * rowbytes;
    png_read_image(j->png, j->rowp);
  }
  /* The trailing chunks (after the pixels) are not read: a missing IEND
   * is tolerated like most viewers do. */
  for (png_uint_32 y = 0; y < h; y++) {
    const uint8_t *s = j->rows;
    if (passes > 1)
      s = j->rowp[y];
    else
      png_read_row(j->png, j->rows, NULL);
    uint8_t *d = tc_img_sink_buf(&j->sink);
    if (in_ch == out_ch) {
      memcpy(d, s, (size_t)w * (size_t)out_ch);
    } else {
      for (png_uint_32 x = 0; x < w; x++, s += in_ch)
        for (int c = 0; c < out_ch; c++) *d++ = s[c];
    }
    tc_img_sink_push(&j->sink);
  }
  return 0;
}

int tc_img_decode_png(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out) {
  /* The memory bound is checked from IHDR before libpng looks for the
   * pixels, so an absurd header is reported as such whatever follows it
   * (a lower bound: alpha is not known yet; png_run checks again). */
  if (n >= 8 + 8 + 13 && memcmp(p + 12, "IHDR", 4) == 0) {
    unsigned long w = (unsigned long)p[16] << 24 | (unsigned long)p[17] << 16 | (unsigned long)p[18] << 8 | p[19];
    unsigned long h = (unsigned long)p[20] << 24 | (unsigned long)p[21] << 16 | (unsigned long)p[22] << 8 | p[23];
    int ch = (p[25] & PNG_COLOR_MASK_COLOR) ? 3 : 1, interlaced = p[28] == 1;
    int rc = tc_img_check_size(ctx, "PNG", w, h);
    if (rc) return rc;
    if (w <= 0x7fffffffUL && h <= 0x7fffffffUL) {
      int k = tc_img_box_factor(ctx, w, h, 1);
      uint64_t need = tc_img_sink_bytes((int)w, (int)h, ch, k, 1) +
                      png_extra((uint64_t)w * (uint64_t)ch, h, interlaced);
      rc = tc_img_check_memory(ctx, interlaced ? "interlaced PNG" : "PNG", w, h, need);
      if (rc) return rc;
    }
  }
  png_job j;
  memset(&j, 0, sizeof j);
  j.data = p;
  j.len = n;
  j.ctx = ctx;
  j.out = out;
  j.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &j, png_error_cb, png_warning_cb);
  if (!j.png) return tc_img_fail(ctx, TC_IMG_ENOMEM, "out of memory (libpng)");
  j.info = png_create_info_struct(j.png);
  if (!j.info) {
    png_destroy_read_struct(&j.png, NULL, NULL);
    return tc_img_fail(ctx, TC_IMG_ENOMEM, "out of memory (libpng)");
  }
  int rc = 0;
  if (png_run(&j) != 0) {
    if (j.truncated)
      rc = tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated PNG data");
    else
      rc = tc_img_fail(ctx, TC_IMG_ECORRUPT, "corrupt PNG data (%s)", j.msg);
  } else {
    rc = j.rc;
  }
  png_destroy_read_struct(&j.png, &j.info, NULL);
  tc_img_sink_close(&j.sink);
  free(j.rows);
  free(j.rowp);
  if (rc != 0) tc_bitmap_free(out);
  return rc;
}
