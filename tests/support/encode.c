/* tests/support/encode.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "encode.h"

uint8_t *tt_png_mem(uint32_t fmt, int w, int h, const void *px,
                    const void *cmap, int ncmap, size_t *n) {
  png_image im;
  png_alloc_size_t len = 0;
  uint8_t *buf = NULL;
  memset(&im, 0, sizeof im);
  im.version = PNG_IMAGE_VERSION;
  im.width = (png_uint_32)w;
  im.height = (png_uint_32)h;
  im.format = fmt;
  im.colormap_entries = (png_uint_32)ncmap;
  if (!png_image_write_to_memory(&im, NULL, &len, 0, px, 0, cmap) ||
      !(buf = malloc(len)) ||
      !png_image_write_to_memory(&im, buf, &len, 0, px, 0, cmap)) {
    free(buf);
    return NULL;
  }
  *n = len;
  return buf;
}

static void jpeg_silent(j_common_ptr c) { (void)c; }

uint8_t *tt_jpeg_mem(int w, int h, int comps, const uint8_t *px, int quality,
                     int no_subsample, int progressive, size_t *n) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr e;
  unsigned char *buf = NULL;
  unsigned long len = 0;
  int i;
  c.err = jpeg_std_error(&e);
  e.output_message = jpeg_silent;
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &buf, &len);
  c.image_width = (JDIMENSION)w;
  c.image_height = (JDIMENSION)h;
  c.input_components = comps;
  c.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 4 ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  if (no_subsample)
    for (i = 0; i < c.num_components; i++)
      c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW r = (JSAMPROW)(px + (size_t)c.next_scanline * (size_t)w *
                                     (size_t)comps);
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  *n = len;
  return buf;
}
