/* tests/support/encode.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>
#include <zlib.h>

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

static void be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

size_t tt_png_header(uint8_t b[45], uint32_t w, uint32_t h, int ct, int interlaced) {
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  memset(b, 0, 45);
  memcpy(b, sig, 8);
  be32(b + 8, 13);
  memcpy(b + 12, "IHDR", 4);
  be32(b + 16, w);
  be32(b + 20, h);
  b[24] = 8;
  b[25] = (uint8_t)ct;
  b[28] = (uint8_t)(interlaced != 0);
  be32(b + 29, (uint32_t)crc32(0, b + 12, 17)); /* zlib's CRC-32 is PNG's */
  memcpy(b + 37, "IEND", 4);
  be32(b + 41, (uint32_t)crc32(0, b + 37, 4));
  return 45;
}

uint8_t *tt_jpeg_add_app1(const uint8_t *jpg, size_t n, const uint8_t *payload, size_t len,
                          size_t *out_n) {
  uint8_t *d;
  if (n < 2 || len > 65533 || !(d = malloc(n + 4 + len))) return NULL;
  memcpy(d, jpg, 2); /* SOI */
  d[2] = 0xff;
  d[3] = 0xe1;
  d[4] = (uint8_t)((len + 2) >> 8); /* the length counts itself */
  d[5] = (uint8_t)(len + 2);
  memcpy(d + 6, payload, len);
  memcpy(d + 6 + len, jpg + 2, n - 2);
  *out_n = n + 4 + len;
  return d;
}

/* TIFF 6.0: header "II"/"MM", 42, offset of IFD0 (8); IFD: count, 12-byte
 * entries (tag, type, count, value), next-IFD offset. */
static void put16(uint8_t *p, unsigned v, int be) {
  p[be ? 0 : 1] = (uint8_t)(v >> 8);
  p[be ? 1 : 0] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v, int be) {
  int i;
  for (i = 0; i < 4; i++) p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

size_t tt_exif_orientation(int orientation, int big_endian, uint8_t *buf, size_t cap) {
  /* ImageWidth (LONG), Orientation (SHORT), XResolution's neighbour
   * ResolutionUnit (SHORT): the tag we want is not the first entry. */
  static const unsigned tags[3] = {0x0100, 0x0112, 0x0128};
  static const unsigned types[3] = {4, 3, 3};
  const uint32_t vals[3] = {640, (uint32_t)orientation, 2};
  uint8_t t[6 + 8 + 2 + 3 * 12 + 4];
  uint8_t *e;
  int i, be = big_endian;
  memset(t, 0, sizeof t);
  memcpy(t, "Exif\0\0", 6);
  memcpy(t + 6, be ? "MM" : "II", 2);
  put16(t + 8, 42, be);
  put32(t + 10, 8, be);
  put16(t + 14, 3, be);
  for (i = 0; i < 3; i++) {
    e = t + 16 + 12 * i;
    put16(e, tags[i], be);
    put16(e + 2, types[i], be);
    put32(e + 4, 1, be);
    if (types[i] == 3) put16(e + 8, vals[i], be); /* left-justified */
    else put32(e + 8, vals[i], be);
  }
  if (cap < sizeof t) return 0;
  memcpy(buf, t, sizeof t);
  return sizeof t;
}

uint8_t *tt_webp_mem(int w, int h, int comps, const uint8_t *px, int quality, size_t *n) {
  uint8_t *out = NULL, *copy;
  size_t len;
  int stride = w * comps;
  if (comps == 3)
    len = quality < 0 ? WebPEncodeLosslessRGB(px, w, h, stride, &out)
                      : WebPEncodeRGB(px, w, h, stride, (float)quality, &out);
  else
    len = quality < 0 ? WebPEncodeLosslessRGBA(px, w, h, stride, &out)
                      : WebPEncodeRGBA(px, w, h, stride, (float)quality, &out);
  if (!len || !(copy = malloc(len))) {
    WebPFree(out);
    return NULL;
  }
  memcpy(copy, out, len);
  WebPFree(out);
  *n = len;
  return copy;
}
