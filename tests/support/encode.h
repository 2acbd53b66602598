/* PNG, JPEG and WebP files made in memory with libpng / libjpeg-turbo /
 * libwebp, for the tests and the fuzz seeds (independent of src/imageio,
 * which decodes). */
#ifndef TC_TEST_ENCODE_H
#define TC_TEST_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/* libpng's simplified API: fmt is a PNG_FORMAT_*; cmap/ncmap for the
 * colormap formats. malloc'd bytes in *n, or NULL. */
uint8_t *tt_png_mem(uint32_t fmt, int w, int h, const void *px,
                    const void *cmap, int ncmap, size_t *n);

/* comps 1 (grey), 3 (RGB) or 4 (CMYK) interleaved rows; no_subsample: every
 * component at full resolution. malloc'd bytes in *n (libjpeg's own
 * allocation: free()), or NULL. Warnings are not printed. */
uint8_t *tt_jpeg_mem(int w, int h, int comps, const uint8_t *px, int quality,
                     int no_subsample, int progressive, size_t *n);

/* The first 45 bytes of a PNG: signature, IHDR (w x h, 8-bit, colour type
 * ct, Adam7 when interlaced) and IEND, both with their CRCs; no IDAT: a
 * header to test size checks with. Returns 45. */
size_t tt_png_header(uint8_t b[45], uint32_t w, uint32_t h, int ct, int interlaced);

/* A copy of the JPEG jpg[n] with an APP1 segment (marker FF E1, length,
 * payload[len], len <= 65533) inserted right after SOI. malloc'd, or NULL. */
uint8_t *tt_jpeg_add_app1(const uint8_t *jpg, size_t n, const uint8_t *payload, size_t len,
                          size_t *out_n);

/* An Exif APP1 payload ("Exif\0\0" + TIFF header + IFD0) whose IFD0 holds
 * a few tags around Orientation (0x0112, SHORT) = orientation; big_endian
 * picks "MM" over "II". Writes at most cap bytes; returns the length. */
size_t tt_exif_orientation(int orientation, int big_endian, uint8_t *buf, size_t cap);

/* comps 3 (RGB) or 4 (RGBA) interleaved rows; quality < 0: lossless, else
 * lossy at that quality (0..100). malloc'd bytes in *n, or NULL. */
uint8_t *tt_webp_mem(int w, int h, int comps, const uint8_t *px, int quality, size_t *n);

#endif
