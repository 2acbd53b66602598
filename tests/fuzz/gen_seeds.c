/* Writes the fuzz seed corpora the project generates itself:
 *   gen_seeds DIR   ->  one folder per fuzz target under DIR: model,
 *                       image, preprocess, idx
 * Models come from our writer (tests/support/tiny_models.c), images from
 * libpng / libjpeg and hand-written BMP and PGM/PPM headers. Image seeds
 * start with fuzz_image's format byte. Small files only (committed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <png.h>
#include <zlib.h>

#include "../support/encode.h"
#include "../support/tiny_models.h"

static const char *g_dir;

static void put(const char *sub, const char *name, uint8_t fmt_byte,
                int with_byte, const void *d, size_t n) {
  char path[1024];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", g_dir, sub);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) exit(1);
  snprintf(path, sizeof path, "%s/%s/%s", g_dir, sub, name);
  f = fopen(path, "wb");
  if (!f || (with_byte && fputc(fmt_byte, f) == EOF) ||
      (n && fwrite(d, 1, n, f) != n) || fclose(f) != 0) {
    fprintf(stderr, "gen_seeds: cannot write %s\n", path);
    exit(1);
  }
}

static void model(const char *name, uint8_t *m, size_t n) {
  if (!m) {
    fprintf(stderr, "gen_seeds: cannot build %s\n", name);
    exit(1);
  }
  put("model", name, 0, 0, m, n);
  free(m);
}

static void png(const char *name, uint32_t format, int w, int h,
                const void *px, const void *cmap, int ncmap) {
  size_t n;
  uint8_t *buf = tt_png_mem(format, w, h, px, cmap, ncmap, &n);
  if (!buf) {
    fprintf(stderr, "gen_seeds: png %s: cannot encode\n", name);
    exit(1);
  }
  put("image", name, 2, 1, buf, n);
  free(buf);
}

static void jpeg(const char *name, int w, int h, int comps, const uint8_t *px,
                 int progressive) {
  size_t n;
  uint8_t *buf = tt_jpeg_mem(w, h, comps, px, 80, 0, progressive, &n);
  put("image", name, 1, 1, buf, n);
  free(buf);
}

/* fmt 8 = WebP: quality < 0 lossless (see encode.h). */
static void webp(const char *name, int w, int h, int comps, const uint8_t *px, int quality) {
  size_t n;
  uint8_t *buf = tt_webp_mem(w, h, comps, px, quality, &n);
  if (!buf) {
    fprintf(stderr, "gen_seeds: webp %s: cannot encode\n", name);
    exit(1);
  }
  put("image", name, 8, 1, buf, n);
  free(buf);
}

/* A JPEG stored rotated (EXIF orientation 6), seeded for the decode for
 * an 8x8 model (format byte 1 | 0x40): DCT scaling, box, orientation. */
static void jpeg_exif(const char *name, int w, int h, const uint8_t *px) {
  size_t n, m, el;
  uint8_t exif[128];
  uint8_t *j = tt_jpeg_mem(w, h, 3, px, 80, 0, 0, &n);
  el = tt_exif_orientation(6, 1, exif, sizeof exif);
  uint8_t *jx = tt_jpeg_add_app1(j, n, exif, el, &m);
  if (!jx) exit(1);
  put("image", name, 1 | 0x40, 1, jx, m);
  free(j);
  free(jx);
}

static void le(uint8_t *p, uint32_t v, int n) {
  int i;
  for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* 24-bit (pal NULL) or 8-bit palettized BMP, w <= 8. */
static void bmp(const char *name, int w, int h, int bpp, const uint8_t *px) {
  uint8_t b[14 + 40 + 1024 + 8 * 8 * 4];
  uint32_t stride = (uint32_t)(((w * bpp + 31) / 32) * 4);
  uint32_t pal = bpp == 8 ? 4 * 4 : 0, off = 14 + 40 + pal;
  size_t n = off + stride * (uint32_t)h;
  int x, y;
  memset(b, 0, sizeof b);
  b[0] = 'B';
  b[1] = 'M';
  le(b + 2, (uint32_t)n, 4);
  le(b + 10, off, 4);
  le(b + 14, 40, 4);
  le(b + 18, (uint32_t)w, 4);
  le(b + 22, (uint32_t)h, 4);
  le(b + 26, 1, 2);
  le(b + 28, (uint32_t)bpp, 2);
  le(b + 34, stride * (uint32_t)h, 4);
  if (bpp == 8) {
    le(b + 46, 4, 4);
    for (x = 0; x < 4; x++) le(b + 54 + 4 * x, 0x00102030u * (uint32_t)(x + 1), 4);
  }
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++) {
      uint8_t *d = b + off + (uint32_t)y * stride + (uint32_t)(x * bpp / 8);
      const uint8_t *s = px + (y * w + x) * 3;
      if (bpp == 8) d[0] = (uint8_t)(s[0] & 3);
      else d[0] = s[2], d[1] = s[1], d[2] = s[0];
    }
  put("image", name, 3, 1, b, n);
}

static void text(const char *name, uint8_t fmt, const char *s, size_t n) {
  put("image", name, fmt, 1, s, n);
}

/* fuzz_idx layout: h w c positive negative split(2) labels images. */
static size_t gz(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) exit(1);
  z.next_in = (Bytef *)(uintptr_t)in;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) exit(1);
  deflateEnd(&z);
  return cap - z.avail_out;
}

static void idx_seeds(void) {
  uint8_t lab[8 + 6] = {0, 0, 8, 1, 0, 0, 0, 6, 0, 1, 0, 1, 2, 1};
  uint8_t img[16 + 6 * 25] = {0, 0, 8, 3, 0, 0, 0, 6, 0, 0, 0, 5, 0, 0, 0, 5};
  uint8_t s[7 + 2 * 512], zl[256], zi[512];
  size_t nl, ni;
  int i;
  for (i = 0; i < 6 * 25; i++) img[16 + i] = (uint8_t)(i * 11);
  memcpy(s, (const uint8_t[]){3, 3, 0, 1, 0, 0, sizeof lab}, 7);
  memcpy(s + 7, lab, sizeof lab);
  memcpy(s + 7 + sizeof lab, img, sizeof img);
  put("idx", "plain", 0, 0, s, 7 + sizeof lab + sizeof img);
  nl = gz(lab, sizeof lab, zl, sizeof zl);
  ni = gz(img, sizeof img, zi, sizeof zi);
  memcpy(s, (const uint8_t[]){7, 9, 1, 1, 2, 0, (uint8_t)nl}, 7);
  memcpy(s + 7, zl, nl);
  memcpy(s + 7 + nl, zi, ni);
  put("idx", "gzip_rgb", 0, 0, s, 7 + nl + ni);
}

int main(int argc, char **argv) {
  uint8_t rgb[4 * 3 * 3], grey[4 * 3], big[16 * 16 * 3];
  uint16_t g16[4 * 3];
  uint8_t cmap[4 * 3] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 99, 199};
  uint8_t idx[4 * 3];
  size_t n;
  int i;
  if (argc != 2) {
    fprintf(stderr, "usage: gen_seeds DIR\n");
    return 2;
  }
  g_dir = argv[1];
  if (mkdir(g_dir, 0755) != 0 && errno != EEXIST) return 1;

  idx_seeds();
  {
    uint8_t *m;
    m = tm_classifier_s8(&n);
    model("classifier_s8.tflite", m, n);
    m = tm_float_net(&n);
    model("float_net.tflite", m, n);
    m = tm_elementwise(&n);
    model("elementwise.tflite", m, n);
    m = tm_relu(&n);
    model("relu.tflite", m, n);
  }

  for (i = 0; i < 12; i++) grey[i] = (uint8_t)(i * 21);
  for (i = 0; i < 36; i++) rgb[i] = (uint8_t)(i * 7);
  for (i = 0; i < 12; i++) g16[i] = (uint16_t)(i * 5000);
  for (i = 0; i < 12; i++) idx[i] = (uint8_t)(i & 3);
  for (i = 0; i < 16 * 16 * 3; i++) big[i] = (uint8_t)(i * 13 + (i >> 5));
  png("grey.png", PNG_FORMAT_GRAY, 4, 3, grey, NULL, 0);
  png("rgb.png", PNG_FORMAT_RGB, 4, 3, rgb, NULL, 0);
  png("rgba.png", PNG_FORMAT_RGBA, 3, 3, rgb, NULL, 0);
  png("grey16.png", PNG_FORMAT_LINEAR_Y, 4, 3, g16, NULL, 0);
  png("palette.png", PNG_FORMAT_RGB_COLORMAP, 4, 3, idx, cmap, 4);
  jpeg("grey.jpg", 4, 3, 1, grey, 0);
  jpeg("rgb.jpg", 16, 16, 3, big, 0);
  jpeg("progressive.jpg", 16, 16, 3, big, 1);
  webp("lossless.webp", 16, 16, 3, big, -1);
  webp("lossy.webp", 16, 16, 3, big, 60);
  jpeg_exif("exif6_fit.jpg", 16, 16, big);
  bmp("rgb24.bmp", 4, 3, 24, rgb);
  bmp("pal8.bmp", 4, 3, 8, rgb);
#define TEXT(name, fmt, s) text(name, fmt, s, sizeof s - 1)
  TEXT("grey.pgm", 4, "P5 4 3 255\n\0\1\2\3\4\5\6\7\10\11\12\13");
  TEXT("rgb.ppm", 5, "P6 2 1 65535\n\1\2\3\4\5\6\7\10\11\12\13\14");
  TEXT("ascii.pgm", 6, "P2\n# c\n2 2\n15\n0 5\n10 15\n");
  TEXT("ascii.ppm", 7, "P3 1 2 255 1 2 3 250 251 252\n");

  /* fuzz_preprocess seeds: header bytes then pixels (see its parser). */
  {
    static const uint8_t p[][24] = {
        /* fmt, w(sel,v), h(sel,v), extra, stride?, type, ndims, batch,
         * H(sel,v), W(sel,v), C, quant?, scale, opts, stretch, short? */
        {1, 0, 15, 0, 15, 2, 0, 1, 0, 1, 0, 15, 0, 15, 0, 1, 0, 0, 0, 1},
        {2, 0, 7, 0, 5, 3, 1, 0, 1, 1, 0, 3, 0, 3, 2, 1, 254, 1, 1, 1},
        {6, 0, 9, 0, 4, 2, 0, 2, 1, 1, 0, 5, 0, 6, 0, 1, 127, 2, 0, 1},
        {4, 0, 20, 0, 2, 4, 1, 1, 1, 1, 0, 8, 0, 8, 2, 1, 0, 0, 1, 1},
        {3, 210, 1, 44, 0, 30, 0, 2, 0, 1, 1, 0, 47, 0, 47, 2, 1, 3, 0, 0, 1},
        {5, 0, 40, 0, 30, 5, 0, 0, 1, 1, 0, 2, 0, 2, 0, 0, 0, 0, 0},
    };
    for (i = 0; i < (int)(sizeof p / sizeof p[0]); i++) {
      uint8_t s[24 + 64];
      char name[32];
      int k;
      memcpy(s, p[i], 24);
      for (k = 0; k < 64; k++) s[24 + k] = (uint8_t)(k * 37 + i);
      snprintf(name, sizeof name, "seed%d", i);
      put("preprocess", name, 0, 0, s, sizeof s);
    }
  }
  return 0;
}
