/* Shared by the decoders of src/imageio (not installed). */
#ifndef TC_IMAGEIO_INTERNAL_H
#define TC_IMAGEIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/imageio.h"

typedef struct tc_img_ctx {
  const char *name; /* never NULL */
  char *err;        /* may be NULL */
  size_t errlen;
} tc_img_ctx;

#if defined(__GNUC__)
#define TC_IMG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TC_IMG_PRINTF(a, b)
#endif

/* Writes "name: <message>" to ctx->err and returns code. */
int tc_img_fail(const tc_img_ctx *ctx, int code, const char *fmt, ...) TC_IMG_PRINTF(3, 4);
/* 0 if w x h is within the limits, else an error naming the format. */
int tc_img_check_size(const tc_img_ctx *ctx, const char *format, unsigned long w, unsigned long h);
/* Allocates out->pixels for w x h x channels (sizes already checked). */
int tc_img_alloc(const tc_img_ctx *ctx, tc_bitmap *out, int w, int h, int channels);

int tc_img_decode_png(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_jpeg(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_bmp(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);
int tc_img_decode_pnm(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out);

#endif
