/* tinycnn imageio: read image files into 8-bit bitmaps (host only: malloc,
 * C11, libpng, libjpeg).
 *
 *   tc_bitmap b;
 *   char err[256];
 *   if (tc_bitmap_load("photo.jpg", &b, err, sizeof err) != 0) {
 *     puts(err);            // "photo.jpg: truncated JPEG data"
 *   } else {
 *     ... b.pixels[(y * b.w + x) * b.channels + c] ...
 *     tc_bitmap_free(&b);
 *   }
 *
 * The format comes from the file's first bytes, never from its name:
 *   JPEG  baseline and progressive via libjpeg(-turbo); grey stays grey,
 *         YCbCr/RGB become RGB, CMYK/YCCK (Adobe, inverted) convert to RGB.
 *         Truncated or corrupt data is an error, not a grey-filled image.
 *   PNG   all colour types and bit depths via libpng: palette expanded,
 *         1/2/4-bit grey scaled to 8-bit, 16-bit stripped to the high byte,
 *         alpha dropped (grey+alpha -> grey, RGBA -> RGB), interlace handled.
 *   BMP   uncompressed 24- and 32-bit (also BI_BITFIELDS with the standard
 *         BGRX masks), 8-bit palettized; bottom-up and top-down. An 8-bit
 *         BMP whose palette is all grey decodes as 1 channel.
 *   PNM   P5/P6 (binary) and P2/P3 (ASCII) PGM/PPM, maxval 1..65535 scaled
 *         to 0..255 (maxval 255 is copied as is).
 * Refused with a message: WebP, GIF, TIFF, HEIF/AVIF, PBM/PAM, compressed
 * or 1/4/16-bit BMP, OS/2 BMP, and anything unrecognised. Images wider or
 * taller than TC_BITMAP_MAX_SIDE or with more than TC_BITMAP_MAX_PIXELS
 * pixels are refused from the header, before any pixel memory is allocated.
 *
 * Every function returns 0 or a negative TC_IMG_* code. On failure *out is
 * zeroed (nothing to free) and err (if not NULL and errlen > 0) receives a
 * NUL-terminated message that starts with the file name, e.g.
 *   "x.png: 100000x100000 exceeds the 16384x16384 limit"
 *   "a.webp: unsupported format (WebP)"
 *   "empty.jpg: empty file (0 bytes)" */
#ifndef TINYCNN_IMAGEIO_H
#define TINYCNN_IMAGEIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TC_BITMAP_MAX_SIDE 16384
#define TC_BITMAP_MAX_PIXELS (64L * 1024 * 1024)

enum {
  TC_IMG_EIO = -1,          /* cannot open or read the file */
  TC_IMG_EUNSUPPORTED = -2, /* not a format (or variant) we read */
  TC_IMG_ECORRUPT = -3,     /* truncated or malformed data */
  TC_IMG_ETOOBIG = -4,      /* dimensions beyond the limits */
  TC_IMG_ENOMEM = -5,       /* out of memory */
  TC_IMG_EARG = -6          /* NULL argument */
};

typedef struct tc_bitmap {
  int w, h, channels; /* 1 = grey, 3 = RGB */
  uint8_t *pixels;    /* row-major, w * h * channels bytes, malloc'd */
} tc_bitmap;

/* Read and decode a file. */
int tc_bitmap_load(const char *path, tc_bitmap *out, char *err, size_t errlen);
/* Decode bytes in memory; name_for_errors (may be NULL) starts messages. */
int tc_bitmap_decode(const void *data, size_t len, const char *name_for_errors,
                     tc_bitmap *out, char *err, size_t errlen);
/* Free the pixels and zero the struct; NULL and zeroed structs are fine. */
void tc_bitmap_free(tc_bitmap *b);

#ifdef __cplusplus
}
#endif

#endif
