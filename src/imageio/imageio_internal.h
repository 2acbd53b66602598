/* Shared by the decoders of src/imageio (not installed). */
#ifndef TC_IMAGEIO_INTERNAL_H
#define TC_IMAGEIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/imageio.h"

typedef struct tc_img_ctx {
  const char *name;   /* never NULL; printed escaped */
  char *err;          /* may be NULL */
  size_t errlen;
  tc_bitmap_want want; /* w = h = 0: full resolution */
} tc_img_ctx;

#if defined(__GNUC__)
#define TC_IMG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TC_IMG_PRINTF(a, b)
#endif

/* Writes "name: <message>" to ctx->err (the name escaped: bytes outside
 * printable ASCII as \xNN) and returns code. */
int tc_img_fail(const tc_img_ctx *ctx, int code, const char *fmt, ...) TC_IMG_PRINTF(3, 4);
/* 0 unless the header declares an empty image. */
int tc_img_check_size(const tc_img_ctx *ctx, const char *format, unsigned long w, unsigned long h);
/* 0 if `bytes` (pixel plus decoder memory to decode a w x h `what`) is
 * within TC_BITMAP_MAX_MEMORY, else TC_IMG_ETOOBIG naming both figures. */
int tc_img_check_memory(const tc_img_ctx *ctx, const char *what, unsigned long w, unsigned long h,
                        uint64_t bytes);
/* a * b, saturating at UINT64_MAX (header sizes are not bounded). */
uint64_t tc_img_mul(uint64_t a, uint64_t b);

/* ---- reduction (reduce.c) ------------------------------------------------
 * A picture stored w x h is shown w x h (EXIF orientation 1..4) or h x w
 * (5..8). What the preprocessing reads of it is its centre crop for the
 * wanted size (tc_image_crop_rect) or, with want.stretch, all of it. */

/* 1 when that region of a picture stored w x h keeps at least
 * TC_BITMAP_FIT_MARGIN times the wanted pixels per side: a reduced decode
 * that may be used. Always 0 without a wanted size. */
int tc_img_fits(const tc_img_ctx *ctx, unsigned long w, unsigned long h, int orient);
/* The largest integer box factor k >= 1 for which the picture reduced to
 * ceil(w/k) x ceil(h/k) still fits; raised, if needed, until the region
 * is within src/image's 4096 pixels per side. */
int tc_img_box_factor(const tc_img_ctx *ctx, unsigned long w, unsigned long h, int orient);

/* Rows as a decoder delivers them (in_w x in_h, ch 1 or 3, as stored),
 * reduced by a k x k box average (edge boxes average what they cover) and
 * written EXIF-oriented into the output bitmap. Holds one row of sums and,
 * unless rows can go straight to the output, one input row. */
typedef struct tc_img_sink {
  const tc_img_ctx *ctx;
  tc_bitmap *out;
  int in_w, in_h, ch, k, orient;
  int rw, rh;     /* reduced size, as stored */
  int y;          /* input rows pushed so far */
  uint64_t *acc;  /* rw * ch sums of the current band of k rows (k > 1) */
  uint8_t *row;   /* the next input row, when it cannot go straight out */
  uint8_t *red;   /* one reduced row (k > 1) */
} tc_img_sink;

/* The bytes a sink holds: output, input row, band sums. */
uint64_t tc_img_sink_bytes(int in_w, int in_h, int ch, int k, int orient);
/* Checks the memory bound (the output, the sink's buffers and `extra`
 * bytes the decoder holds itself; `what` names the picture in the message,
 * e.g. "progressive JPEG"), then allocates the output. full_w, full_h: the
 * picture's size before any reduction, as stored. */
int tc_img_sink_open(tc_img_sink *s, const tc_img_ctx *ctx, tc_bitmap *out, int in_w, int in_h,
                     int ch, int k, int orient, unsigned long full_w, unsigned long full_h,
                     uint64_t extra, const char *what);
/* Where the decoder writes the next input row (in_w * ch bytes). */
uint8_t *tc_img_sink_buf(tc_img_sink *s);
/* Consumes the row written at tc_img_sink_buf(). */
void tc_img_sink_push(tc_img_sink *s);
/* Frees the sink's buffers (not the output); safe on a zeroed sink. */
void tc_img_sink_close(tc_img_sink *s);

/* ---- EXIF (exif.c) -------------------------------------------------------
 * The Orientation tag (0x0112) of IFD0 in a JPEG APP1 payload that starts
 * with "Exif\0\0": 1..8, or 1 when absent or malformed. Every offset is
 * bounds-checked; both byte orders. */
int tc_img_exif_orientation(const uint8_t *p, size_t n);

int tc_img_decode_png(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_jpeg(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_webp(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_bmp(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_pnm(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);

#endif
