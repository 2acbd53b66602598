/* PNG and JPEG files made in memory with libpng / libjpeg-turbo, for the
 * tests and the fuzz seeds (independent of src/imageio, which decodes). */
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

#endif
