/* tinycnn imageio: read image files into 8-bit bitmaps (host only: malloc,
 * C11, libjpeg-turbo, libpng, libwebp).
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
 *         The EXIF Orientation of APP1 (all 8 values) is applied, so a
 *         portrait photo stored rotated comes out upright.
 *         Truncated or corrupt data is an error, not a grey-filled image.
 *   PNG   all colour types and bit depths via libpng: palette expanded,
 *         1/2/4-bit grey scaled to 8-bit, 16-bit stripped to the high byte,
 *         alpha dropped (grey+alpha -> grey, RGBA -> RGB), interlace handled.
 *   WebP  lossy and lossless (still images) via libwebp, as RGB (alpha
 *         dropped, like PNG's).
 *   BMP   uncompressed 24- and 32-bit (also BI_BITFIELDS with the standard
 *         BGRX masks), 8-bit palettized; bottom-up and top-down. An 8-bit
 *         BMP whose palette is all grey decodes as 1 channel.
 *   PNM   P5/P6 (binary) and P2/P3 (ASCII) PGM/PPM, maxval 1..65535 scaled
 *         to 0..255 (maxval 255 is copied as is).
 * Refused with a message: animated WebP, GIF, TIFF, HEIF/AVIF, PBM/PAM,
 * compressed or 1/4/16-bit BMP, OS/2 BMP, and anything unrecognised.
 *
 * Sizes and memory. Any size the decoders accept is read (JPEG up to 65500
 * per side, WebP 16383, PNG/BMP/PNM 2^31-1), as long as one decode needs at
 * most TC_BITMAP_MAX_MEMORY bytes besides the file's bytes (files are read
 * whole, up to 1 GiB): the output bitmap, the decoder's row buffers and the
 * whole-image buffers some variants need (multi-scan/progressive JPEG: 2
 * bytes per DCT coefficient; interlaced PNG: the full image; lossless or
 * alpha WebP: 4 bytes a pixel). The need is computed from the header,
 * before any pixel memory; above the bound the file is refused with
 * TC_IMG_ETOOBIG, e.g.
 *   "huge.png: 100000x100000 PNG needs 28610 MiB to decode; the limit is
 *    512 MiB (TC_BITMAP_MAX_MEMORY)"
 *
 * Decoding for a use (tc_bitmap_load_for): when the picture will be resized
 * to want.w x want.h (its centre crop, as tc_image_to_tensor does, or all
 * of it with want.stretch), it is decoded straight to a reduced size that
 * still keeps TC_BITMAP_FIT_MARGIN (8) times the wanted pixels per side in
 * that region: JPEG by libjpeg-turbo's DCT scaling (the smallest scale M/8,
 * M = 1..8, that keeps the margin; then, if even 1/8 keeps twice the
 * margin, a k x k box average as well), WebP by libwebp's scaler, PNG (not
 * interlaced), BMP and PNM rows streamed into a k x k box average. The
 * full-size image is never held (except interlaced PNG): a 5106x3404 JPEG
 * for a 96x96 model is decoded at 2/8 into 1277x851 pixels, for 32x32 at
 * 1/8. Pictures too small to keep the margin are decoded at full size,
 * unchanged. The
 * result differs from full decoding + tc_image_to_tensor by rounding-level
 * amounts at edges (README, Data; tests/test_imageio_fit.c measures it).
 *
 * Every function returns 0 or a negative TC_IMG_* code. On failure *out is
 * zeroed (nothing to free) and err (if not NULL and errlen > 0) receives a
 * NUL-terminated message that starts with the file name (bytes outside
 * printable ASCII escaped as \xNN), e.g.
 *   "a.gif: unsupported format (GIF)"
 *   "empty.jpg: empty file (0 bytes)" */
#ifndef TINYCNN_IMAGEIO_H
#define TINYCNN_IMAGEIO_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/image.h"
#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pixel and decoder memory of one decode (see above). */
#define TC_BITMAP_MAX_MEMORY (512ULL * 1024 * 1024)
/* A reduced decode keeps at least this many times the wanted pixels per
 * side, so that the final area resize still averages 8 x 8 or more
 * decoded pixels per output pixel: the coarser decoded grid then moves
 * the result by rounding-level amounts only (measured on a generated
 * 5106x3404 photo: margin 4 gave mean differences up to 1.5 of 255 and
 * single values 16 apart, margin 8 0.7 and 7; tests/test_imageio_fit.c). */
#define TC_BITMAP_FIT_MARGIN 8

enum {
  TC_IMG_EIO = -1,          /* cannot open or read the file */
  TC_IMG_EUNSUPPORTED = -2, /* not a format (or variant) we read */
  TC_IMG_ECORRUPT = -3,     /* truncated or malformed data */
  TC_IMG_ETOOBIG = -4,      /* needs more than TC_BITMAP_MAX_MEMORY */
  TC_IMG_ENOMEM = -5,       /* out of memory */
  TC_IMG_EARG = -6          /* NULL or invalid argument */
};

typedef struct tc_bitmap {
  int w, h, channels; /* 1 = grey, 3 = RGB */
  uint8_t *pixels;    /* row-major, w * h * channels bytes, malloc'd */
  int full_w, full_h; /* the picture's size before any reduction (upright) */
} tc_bitmap;

/* What the bitmap is for: resized to w x h, its centre crop (stretch 0, as
 * tc_image_to_tensor) or all of it (stretch 1). w = h = 0 (or a NULL
 * pointer): full resolution. */
typedef struct tc_bitmap_want {
  int w, h;
  int stretch;
} tc_bitmap_want;

/* Read and decode a file at full resolution. */
int tc_bitmap_load(const char *path, tc_bitmap *out, char *err, size_t errlen);
/* Decode bytes in memory; name_for_errors (may be NULL) starts messages. */
int tc_bitmap_decode(const void *data, size_t len, const char *name_for_errors,
                     tc_bitmap *out, char *err, size_t errlen);
/* The same, reduced for `want` (see above). */
int tc_bitmap_load_for(const char *path, const tc_bitmap_want *want, tc_bitmap *out, char *err,
                       size_t errlen);
int tc_bitmap_decode_for(const void *data, size_t len, const char *name_for_errors,
                         const tc_bitmap_want *want, tc_bitmap *out, char *err, size_t errlen);
/* Free the pixels and zero the struct; NULL and zeroed structs are fine. */
void tc_bitmap_free(tc_bitmap *b);

/* A bitmap of any size into a model input [1,H,W,1|3] through the device's
 * preprocessing (tc_image_to_tensor with `pre`: centre crop unless
 * pre->stretch, resize, grey or RGB, the input range, quantization; NULL
 * = the defaults): the crop is taken first, as a view, so only it has to
 * be within src/image's 4096 pixels per side; the bytes are those
 * tc_image_to_tensor gives for the whole bitmap. name (may be NULL)
 * starts the message. 0 or a negative TC_IMG_* code (TC_IMG_EARG for a
 * tensor src/image cannot fill, TC_IMG_ETOOBIG for a region over 4096). */
int tc_bitmap_to_tensor(const tc_bitmap *b, tc_tensor *dst, const tc_image_opts *pre,
                        const char *name, char *err, size_t errlen);
/* The one path from an image file to a model input, used by train, eval
 * and predict: tc_bitmap_load_for(dst's W x H, pre's stretch) +
 * tc_bitmap_to_tensor. pre: as above (a model's metadata gives it). */
int tc_bitmap_load_tensor(const char *path, tc_tensor *dst, const tc_image_opts *pre, char *err,
                          size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
