/* tinycnn imageio tests: every image is generated here (libpng, libjpeg,
 * hand-written BMP and PGM/PPM) in a temporary directory, decoded back and
 * compared; bad inputs (empty, truncated, garbage, absurd headers, every
 * prefix and random byte flips of each file) must fail cleanly.
 *
 *   test_imageio              the self-contained suite
 *   test_imageio --dir DIR    decode every file under DIR, print a summary
 *                             (exit 77 with "SKIP ..." if DIR is absent) */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "tinycnn/imageio.h"
#include "support/check.h"
#include "support/encode.h"
#include "support/torture.h"
#include "support/walk.h"

static char g_dir[64];

/* ---- files ---------------------------------------------------------- */

#define MAX_FILES 128
static char *g_files[MAX_FILES];
static int g_nfiles;

static const char *tmp_path(const char *name) {
  static char buf[4][256];
  static int k;
  char *b = buf[k++ & 3];
  snprintf(b, sizeof buf[0], "%s/%s", g_dir, name);
  return b;
}

static void remember(const char *path) {
  for (int i = 0; i < g_nfiles; i++)
    if (strcmp(g_files[i], path) == 0) return;
  if (g_nfiles < MAX_FILES) {
    g_files[g_nfiles] = malloc(strlen(path) + 1);
    if (g_files[g_nfiles]) strcpy(g_files[g_nfiles++], path);
  }
}

static const char *write_file(const char *name, const void *data, size_t len) {
  const char *path = tmp_path(name);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(1);
  }
  if (len && fwrite(data, 1, len, f) != len) exit(1);
  fclose(f);
  remember(path);
  return path;
}

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
  if (b && n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return b;
}

/* ---- writers -------------------------------------------------------- */

typedef struct membuf {
  uint8_t *p;
  size_t n, cap;
} membuf;

static void mb_put(membuf *m, const void *d, size_t n) {
  if (m->n + n > m->cap) {
    m->cap = (m->n + n) * 2 + 64;
    m->p = realloc(m->p, m->cap);
    if (!m->p) exit(1);
  }
  memcpy(m->p + m->n, d, n);
  m->n += n;
}

static void png_write_cb(png_structp png, png_bytep d, size_t n) { mb_put(png_get_io_ptr(png), d, n); }
static void png_flush_cb(png_structp png) { (void)png; }

/* rows: h rows of packed samples (bit_depth 16: big-endian). */
static const char *write_png(const char *name, int w, int h, int ct, int depth, int interlace,
                             const uint8_t *rows, const png_color *pal, int npal,
                             const uint8_t *trans, int ntrans) {
  membuf m = {0};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    fprintf(stderr, "libpng write failed for %s\n", name);
    exit(1);
  }
  png_set_write_fn(png, &m, png_write_cb, png_flush_cb);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, ct,
               interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (pal) png_set_PLTE(png, info, pal, npal);
  if (trans) png_set_tRNS(png, info, trans, ntrans, NULL);
  png_write_info(png, info);
  size_t rowbytes = png_get_rowbytes(png, info);
  png_bytep *rp = malloc(sizeof(png_bytep) * (size_t)h);
  for (int y = 0; y < h; y++) rp[y] = (png_bytep)rows + (size_t)y * rowbytes;
  png_write_image(png, rp);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  free(rp);
  const char *path = write_file(name, m.p, m.n);
  free(m.p);
  return path;
}

/* comps: 1 grey, 3 RGB, 4 CMYK. */
static const char *write_jpeg(const char *name, int w, int h, int comps, const uint8_t *px,
                              int quality, int no_subsample, int progressive) {
  size_t len;
  uint8_t *buf = tt_jpeg_mem(w, h, comps, px, quality, no_subsample, progressive, &len);
  const char *path = write_file(name, buf, len);
  free(buf);
  return path;
}

static void put_le(membuf *m, uint32_t v, int bytes) {
  uint8_t b[4];
  for (int i = 0; i < bytes; i++) b[i] = (uint8_t)(v >> (8 * i));
  mb_put(m, b, (size_t)bytes);
}

/* rgb: w*h*3 (24/32-bit) or idx: w*h indices with pal (8-bit). */
static const char *write_bmp(const char *name, int w, int h, int bpp, int top_down, const uint8_t *px,
                             const uint8_t (*pal)[3], int npal, uint32_t compression) {
  membuf m = {0};
  uint32_t stride = (uint32_t)(((w * bpp + 31) / 32) * 4);
  uint32_t palbytes = bpp == 8 ? 4u * (uint32_t)npal : 0;
  uint32_t off = 14 + 40 + palbytes;
  mb_put(&m, "BM", 2);
  put_le(&m, off + stride * (uint32_t)h, 4);
  put_le(&m, 0, 4);
  put_le(&m, off, 4);
  put_le(&m, 40, 4);
  put_le(&m, (uint32_t)w, 4);
  put_le(&m, (uint32_t)(top_down ? -h : h), 4);
  put_le(&m, 1, 2);
  put_le(&m, (uint32_t)bpp, 2);
  put_le(&m, compression, 4);
  put_le(&m, stride * (uint32_t)h, 4);
  put_le(&m, 2835, 4);
  put_le(&m, 2835, 4);
  put_le(&m, bpp == 8 ? (uint32_t)npal : 0, 4);
  put_le(&m, 0, 4);
  for (int i = 0; i < (bpp == 8 ? npal : 0); i++) {
    uint8_t e[4] = {pal[i][2], pal[i][1], pal[i][0], 0};
    mb_put(&m, e, 4);
  }
  for (int r = 0; r < h; r++) {
    int y = top_down ? r : h - 1 - r;
    uint8_t row[256] = {0};
    for (int x = 0; x < w; x++) {
      if (bpp == 8) {
        row[x] = px[y * w + x];
      } else {
        const uint8_t *s = px + (y * w + x) * 3;
        uint8_t *d = row + x * (bpp / 8);
        d[0] = s[2];
        d[1] = s[1];
        d[2] = s[0];
        if (bpp == 32) d[3] = 0x80;
      }
    }
    mb_put(&m, row, stride);
  }
  const char *path = write_file(name, m.p, m.n);
  free(m.p);
  return path;
}

/* A PNG chunk's CRC: zlib's CRC-32 (the one libpng checks). */
static uint32_t crc32_of(const uint8_t *p, size_t n) {
  return (uint32_t)crc32(0L, p, (uInt)n);
}

static void put_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* ---- checks --------------------------------------------------------- */

/* Decodes path; expects w x h x ch and every sample within tol of want. */
static void expect_image(const char *path, int w, int h, int ch, const uint8_t *want, int tol) {
  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_load(path, &b, err, sizeof err);
  CHECK(rc == 0, "%s: rc %d (%s)", path, rc, err);
  if (rc != 0) return;
  CHECK(b.w == w && b.h == h && b.channels == ch, "%s: got %dx%dx%d, want %dx%dx%d", path, b.w, b.h,
        b.channels, w, h, ch);
  if (b.w == w && b.h == h && b.channels == ch) {
    int bad = 0;
    for (size_t i = 0; i < (size_t)w * h * ch && !bad; i++) {
      int d = (int)b.pixels[i] - (int)want[i];
      if (d < -tol || d > tol) {
        bad = 1;
        CHECK(0, "%s: sample %zu (x %zu y %zu c %zu) = %d, want %d +- %d", path, i,
              (i / ch) % (size_t)w, i / ch / (size_t)w, i % ch, b.pixels[i], want[i], tol);
      }
    }
    if (!bad) checks++;
  }
  tc_bitmap_free(&b);
  CHECK(b.pixels == NULL && b.w == 0, "tc_bitmap_free must zero the struct");
}

/* Decoding path must fail with code (0 = any) and a message with both the
 * name and the given substring. */
static void expect_error_mem(const void *data, size_t len, const char *name, int code, const char *sub) {
  tc_bitmap b;
  char err[256];
  memset(&b, 0x55, sizeof b);
  int rc = tc_bitmap_decode(data, len, name, &b, err, sizeof err);
  CHECK(rc < 0, "%s: expected an error, got rc %d", name, rc);
  if (rc == 0) {
    tc_bitmap_free(&b);
    return;
  }
  CHECK(code == 0 || rc == code, "%s: rc %d, want %d (%s)", name, rc, code, err);
  CHECK(b.pixels == NULL && b.w == 0 && b.h == 0 && b.channels == 0, "%s: out not zeroed on error", name);
  CHECK(strncmp(err, name, strlen(name)) == 0, "%s: message does not name the file: '%s'", name, err);
  CHECK(!sub || strstr(err, sub), "%s: message '%s' lacks '%s'", name, err, sub);
  printf("  refused as expected: %s\n", err);
}

static void expect_error(const char *path, int code, const char *sub) {
  size_t len = 0;
  uint8_t *d = read_file(path, &len);
  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_load(path, &b, err, sizeof err);
  CHECK(rc < 0, "%s: load expected an error", path);
  if (rc == 0) tc_bitmap_free(&b);
  CHECK(code == 0 || rc == code, "%s: load rc %d, want %d (%s)", path, rc, code, err);
  CHECK(!sub || strstr(err, sub), "%s: load message '%s' lacks '%s'", path, err, sub);
  if (d) expect_error_mem(d, len, path, code, sub);
  free(d);
}

static uint32_t g_rng = 12345;
static uint32_t rnd(void) {
  g_rng = g_rng * 1664525u + 1013904223u;
  return g_rng >> 8;
}

/* Every prefix and 300 random corruptions of a valid file, at full
 * resolution and decoded for a 4x4 model: no crash, no leak, and a
 * consistent result either way (tests/support/torture.c). */
static void torture(const char *path) {
  size_t len = 0;
  uint8_t *d = read_file(path, &len);
  if (!d) {
    CHECK(0, "cannot read back %s", path);
    return;
  }
  const tc_bitmap_want small = {4, 4, 0};
  for (int k = 0; k < 2; k++) {
    int ok, refused;
    char why[256];
    int bad = tt_torture(d, len, k ? &small : NULL, &g_rng, &ok, &refused, why, sizeof why);
    CHECK(bad == 0, "%s: %d inconsistent results, first: %s", path, bad, why);
    printf("  torture %-24s %6zu bytes%s: %d decoded, %d refused, no crash\n", strrchr(path, '/') + 1,
           len, k ? " (for 4x4)" : "", ok, refused);
  }
  free(d);
}

/* ---- the suite ------------------------------------------------------ */

static void test_png(void) {
  puts("PNG");
  enum { W = 13, H = 11 };
  uint8_t grey[W * H], rgb[W * H * 3], rgba[W * H * 4], ga[W * H * 2], idx[W * H];
  uint8_t g16[W * H * 2], rgb16[W * H * 6], rgb_from_idx[W * H * 3], rgb16_want[W * H * 3];
  uint8_t g16_want[W * H];
  for (int i = 0; i < W * H; i++) {
    grey[i] = (uint8_t)(i * 7 + 3);
    for (int c = 0; c < 3; c++) rgb[i * 3 + c] = (uint8_t)(i * (c + 1) * 5 + c * 40);
    for (int c = 0; c < 3; c++) rgba[i * 4 + c] = rgb[i * 3 + c];
    rgba[i * 4 + 3] = (uint8_t)(i * 13);
    ga[i * 2] = grey[i];
    ga[i * 2 + 1] = (uint8_t)(255 - i);
    idx[i] = (uint8_t)(i % 5);
    uint16_t v = (uint16_t)(i * 457 + 11);
    g16[i * 2] = (uint8_t)(v >> 8);
    g16[i * 2 + 1] = (uint8_t)v;
    g16_want[i] = (uint8_t)(v >> 8);
    for (int c = 0; c < 3; c++) {
      uint16_t s = (uint16_t)(i * 311 * (c + 1) + c * 999);
      rgb16[i * 6 + c * 2] = (uint8_t)(s >> 8);
      rgb16[i * 6 + c * 2 + 1] = (uint8_t)s;
      rgb16_want[i * 3 + c] = (uint8_t)(s >> 8);
    }
  }
  png_color pal[5] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}, {200, 201, 202}};
  for (int i = 0; i < W * H; i++) {
    rgb_from_idx[i * 3] = pal[idx[i]].red;
    rgb_from_idx[i * 3 + 1] = pal[idx[i]].green;
    rgb_from_idx[i * 3 + 2] = pal[idx[i]].blue;
  }
  uint8_t trans[2] = {0, 128};

  expect_image(write_png("grey8.png", W, H, PNG_COLOR_TYPE_GRAY, 8, 0, grey, NULL, 0, NULL, 0), W, H, 1, grey, 0);
  expect_image(write_png("rgb8.png", W, H, PNG_COLOR_TYPE_RGB, 8, 0, rgb, NULL, 0, NULL, 0), W, H, 3, rgb, 0);
  expect_image(write_png("rgba8.png", W, H, PNG_COLOR_TYPE_RGBA, 8, 0, rgba, NULL, 0, NULL, 0), W, H, 3, rgb, 0);
  expect_image(write_png("ga8.png", W, H, PNG_COLOR_TYPE_GRAY_ALPHA, 8, 0, ga, NULL, 0, NULL, 0), W, H, 1, grey, 0);
  expect_image(write_png("pal.png", W, H, PNG_COLOR_TYPE_PALETTE, 8, 0, idx, pal, 5, NULL, 0), W, H, 3,
               rgb_from_idx, 0);
  expect_image(write_png("pal_trns.png", W, H, PNG_COLOR_TYPE_PALETTE, 8, 0, idx, pal, 5, trans, 2), W, H, 3,
               rgb_from_idx, 0);
  expect_image(write_png("grey16.png", W, H, PNG_COLOR_TYPE_GRAY, 16, 0, g16, NULL, 0, NULL, 0), W, H, 1,
               g16_want, 0);
  expect_image(write_png("rgb16.png", W, H, PNG_COLOR_TYPE_RGB, 16, 0, rgb16, NULL, 0, NULL, 0), W, H, 3,
               rgb16_want, 0);
  expect_image(write_png("rgb_adam7.png", W, H, PNG_COLOR_TYPE_RGB, 8, 1, rgb, NULL, 0, NULL, 0), W, H, 3, rgb, 0);
  expect_image(write_png("grey_adam7.png", W, H, PNG_COLOR_TYPE_GRAY, 8, 1, grey, NULL, 0, NULL, 0), W, H, 1,
               grey, 0);
  expect_image(write_png("rgb16_adam7.png", W, H, PNG_COLOR_TYPE_RGB, 16, 1, rgb16, NULL, 0, NULL, 0), W, H, 3,
               rgb16_want, 0);

  /* 1-bit grey, 10 pixels a row (2 bytes), scaled to 0/255 */
  uint8_t bits[2 * 2] = {0xA5, 0xC0, 0x5A, 0x00};
  uint8_t bits_want[10 * 2];
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 10; x++) bits_want[y * 10 + x] = (bits[y * 2 + x / 8] >> (7 - x % 8)) & 1 ? 255 : 0;
  expect_image(write_png("grey1.png", 10, 2, PNG_COLOR_TYPE_GRAY, 1, 0, bits, NULL, 0, NULL, 0), 10, 2, 1,
               bits_want, 0);
  /* 4-bit palette */
  uint8_t nib[2] = {0x01, 0x24};
  uint8_t nib_want[4 * 3] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 201, 202};
  expect_image(write_png("pal4.png", 4, 1, PNG_COLOR_TYPE_PALETTE, 4, 0, nib, pal, 5, NULL, 0), 4, 1, 3,
               nib_want, 0);

  /* 1x1 */
  uint8_t one[3] = {9, 99, 199};
  expect_image(write_png("one.png", 1, 1, PNG_COLOR_TYPE_RGB, 8, 0, one, NULL, 0, NULL, 0), 1, 1, 3, one, 0);
  expect_image(write_png("one_adam7.png", 1, 1, PNG_COLOR_TYPE_RGB, 8, 1, one, NULL, 0, NULL, 0), 1, 1, 3, one,
               0);

  /* noise, so that half the file is half the pixels */
  enum { N = 64 };
  static uint8_t noise[N * N * 3];
  for (size_t i = 0; i < sizeof noise; i++) noise[i] = (uint8_t)rnd();
  const char *big = write_png("noise.png", N, N, PNG_COLOR_TYPE_RGB, 8, 0, noise, NULL, 0, NULL, 0);
  expect_image(big, N, N, 3, noise, 0);
  size_t len;
  uint8_t *d = read_file(big, &len);
  expect_error(write_file("half.png", d, len / 2), TC_IMG_ECORRUPT, "truncated PNG data");
  expect_error(write_file("sig_only.png", d, 8), TC_IMG_ECORRUPT, "truncated PNG data");
  d[40] ^= 0xff; /* inside the first IDAT: CRC error */
  expect_error(write_file("badcrc.png", d, len), TC_IMG_ECORRUPT, "corrupt PNG");
  free(d);

  /* a header claiming 100000 x 100000 (valid CRC), followed by a few bytes */
  uint8_t hdr[8 + 25 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  put_be32(hdr + 8, 13);
  memcpy(hdr + 12, "IHDR", 4);
  put_be32(hdr + 16, 100000);
  put_be32(hdr + 20, 100000);
  hdr[24] = 8;
  hdr[25] = 2;
  put_be32(hdr + 29, crc32_of(hdr + 12, 17));
  put_be32(hdr + 33, 0);
  memcpy(hdr + 37, "IEND", 4);
  put_be32(hdr + 41, crc32_of(hdr + 37, 4));
  /* At full resolution: refused from the header with the figures. */
  expect_error(write_file("huge.png", hdr, sizeof hdr), TC_IMG_ETOOBIG,
               "100000x100000 PNG needs 2861");  /* 3e10 bytes of RGB + rows: 2861x MiB */
  put_be32(hdr + 16, 16000);
  put_be32(hdr + 20, 16000);
  put_be32(hdr + 29, crc32_of(hdr + 12, 17));
  expect_error(write_file("huge2.png", hdr, sizeof hdr), TC_IMG_ETOOBIG, "16000x16000 PNG needs 733 MiB");
  put_be32(hdr + 16, 0);
  put_be32(hdr + 29, crc32_of(hdr + 12, 17));
  expect_error(write_file("zero.png", hdr, sizeof hdr), TC_IMG_ECORRUPT, "PNG");

  torture(tmp_path("rgb_adam7.png"));
  torture(tmp_path("pal_trns.png"));
  torture(tmp_path("grey16.png"));
}

static void test_jpeg(void) {
  puts("JPEG");
  enum { W = 16, H = 16 };
  uint8_t grey[W * H], rgb[W * H * 3], cmyk[W * H * 4], cmyk_want[W * H * 3];
  memset(grey, 100, sizeof grey);
  for (int i = 0; i < W * H; i++) {
    rgb[i * 3] = 200;
    rgb[i * 3 + 1] = 50;
    rgb[i * 3 + 2] = 30;
    /* Adobe convention: stored = 255 - ink; k = 255 means no black */
    cmyk[i * 4] = 200;
    cmyk[i * 4 + 1] = 100;
    cmyk[i * 4 + 2] = 50;
    cmyk[i * 4 + 3] = 255;
    cmyk_want[i * 3] = 200;
    cmyk_want[i * 3 + 1] = 100;
    cmyk_want[i * 3 + 2] = 50;
  }
  expect_image(write_jpeg("grey.jpg", W, H, 1, grey, 90, 0, 0), W, H, 1, grey, 2);
  expect_image(write_jpeg("rgb.jpg", W, H, 3, rgb, 90, 0, 0), W, H, 3, rgb, 4);
  expect_image(write_jpeg("rgb_prog.jpg", W, H, 3, rgb, 90, 0, 1), W, H, 3, rgb, 4);
  expect_image(write_jpeg("cmyk.jpg", W, H, 4, cmyk, 95, 0, 0), W, H, 3, cmyk_want, 4);

  /* two flat 8x8 blocks of different colours, no chroma subsampling */
  uint8_t two[8 * 16 * 3];
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 16; x++) {
      uint8_t *p = two + (y * 16 + x) * 3;
      p[0] = x < 8 ? 220 : 20;
      p[1] = x < 8 ? 30 : 180;
      p[2] = x < 8 ? 20 : 220;
    }
  expect_image(write_jpeg("two_blocks.jpg", 16, 8, 3, two, 100, 1, 0), 16, 8, 3, two, 4);

  uint8_t one[3] = {120, 130, 140};
  expect_image(write_jpeg("one.jpg", 1, 1, 3, one, 95, 0, 0), 1, 1, 3, one, 4);
  uint8_t one_g = 77;
  expect_image(write_jpeg("one_grey.jpg", 1, 1, 1, &one_g, 95, 0, 0), 1, 1, 1, &one_g, 2);

  enum { N = 64 };
  static uint8_t tex[N * N * 3];
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++)
      for (int c = 0; c < 3; c++) tex[(y * N + x) * 3 + c] = (uint8_t)((x * 4 + c * 60) ^ (y * 3) ^ (rnd() & 31));
  char paths[2][256];
  snprintf(paths[0], sizeof paths[0], "%s", write_jpeg("tex.jpg", N, N, 3, tex, 90, 0, 0));
  snprintf(paths[1], sizeof paths[1], "%s", write_jpeg("tex_prog.jpg", N, N, 3, tex, 90, 0, 1));
  for (int k = 0; k < 2; k++) {
    size_t len;
    uint8_t *d = read_file(paths[k], &len);
    expect_error(write_file(k ? "half_prog.jpg" : "half.jpg", d, len / 2), TC_IMG_ECORRUPT, "truncated JPEG data");
    expect_error(write_file("soi_only.jpg", d, 3), TC_IMG_ECORRUPT, "JPEG");
    free(d);
  }
  /* SOI followed by garbage */
  uint8_t garbage[64] = {0xff, 0xd8, 0xff};
  for (int i = 3; i < 64; i++) garbage[i] = (uint8_t)rnd();
  expect_error(write_file("garbage.jpg", garbage, sizeof garbage), TC_IMG_ECORRUPT, "JPEG");

  torture(paths[0]);
  torture(paths[1]);
  torture(tmp_path("cmyk.jpg"));
  torture(tmp_path("grey.jpg"));
}

static void test_bmp(void) {
  puts("BMP");
  enum { W = 5, H = 3 }; /* 5 * 3 = 15 bytes a row: 1 byte of padding */
  uint8_t rgb[W * H * 3], idx[W * H], from_pal[W * H * 3], from_grey[W * H];
  uint8_t pal[4][3] = {{255, 0, 0}, {0, 128, 0}, {1, 2, 3}, {250, 251, 252}};
  uint8_t gpal[3][3] = {{0, 0, 0}, {128, 128, 128}, {255, 255, 255}};
  for (int i = 0; i < W * H; i++) {
    for (int c = 0; c < 3; c++) rgb[i * 3 + c] = (uint8_t)(i * 17 + c * 50);
    idx[i] = (uint8_t)(i % 4);
    memcpy(from_pal + i * 3, pal[i % 4], 3);
  }
  expect_image(write_bmp("b24.bmp", W, H, 24, 0, rgb, NULL, 0, 0), W, H, 3, rgb, 0);
  expect_image(write_bmp("b24_topdown.bmp", W, H, 24, 1, rgb, NULL, 0, 0), W, H, 3, rgb, 0);
  expect_image(write_bmp("b32.bmp", W, H, 32, 0, rgb, NULL, 0, 0), W, H, 3, rgb, 0);
  expect_image(write_bmp("b8.bmp", W, H, 8, 0, idx, (const uint8_t(*)[3])pal, 4, 0), W, H, 3, from_pal, 0);
  expect_image(write_bmp("b8_topdown.bmp", W, H, 8, 1, idx, (const uint8_t(*)[3])pal, 4, 0), W, H, 3, from_pal, 0);
  uint8_t gidx[W * H];
  for (int i = 0; i < W * H; i++) {
    gidx[i] = (uint8_t)(i % 3);
    from_grey[i] = gpal[i % 3][0];
  }
  expect_image(write_bmp("b8_grey.bmp", W, H, 8, 0, gidx, (const uint8_t(*)[3])gpal, 3, 0), W, H, 1, from_grey, 0);
  expect_image(write_bmp("one.bmp", 1, 1, 24, 0, rgb, NULL, 0, 0), 1, 1, 3, rgb, 0);

  /* refused: RLE8, 16-bit, truncated pixels, absurd size */
  const char *rle = write_bmp("rle.bmp", W, H, 8, 0, idx, (const uint8_t(*)[3])pal, 4, 1);
  expect_error(rle, TC_IMG_EUNSUPPORTED, "unsupported BMP compression (RLE8)");
  size_t len;
  uint8_t *d = read_file(tmp_path("b24.bmp"), &len);
  expect_error(write_file("half.bmp", d, len - 10), TC_IMG_ECORRUPT, "truncated BMP data");
  expect_error(write_file("hdr_only.bmp", d, 20), TC_IMG_ECORRUPT, "truncated BMP header");
  d[28] = 16; /* bits per pixel */
  expect_error(write_file("b16.bmp", d, len), TC_IMG_EUNSUPPORTED, "16 bits per pixel");
  d[28] = 24;
  put_be32(d + 18, 0x00000100); /* width, little-endian 0x00010000 = 65536 */
  d[18] = 0x00, d[19] = 0x00, d[20] = 0x01, d[21] = 0x00;
  expect_error(write_file("wide.bmp", d, len), TC_IMG_ECORRUPT, "truncated BMP data");
  free(d);
  torture(tmp_path("b8.bmp"));
  torture(tmp_path("b24_topdown.bmp"));
}

static void test_pnm(void) {
  puts("PGM/PPM");
  uint8_t g[6] = {0, 1, 127, 128, 254, 255};
  static const char p5[] = "P5\n# a comment\n3 2\n255\n";
  char buf[256];
  memcpy(buf, p5, sizeof p5 - 1);
  memcpy(buf + sizeof p5 - 1, g, 6);
  expect_image(write_file("g.pgm", buf, sizeof p5 - 1 + 6), 3, 2, 1, g, 0);

  uint8_t rgb[2 * 2 * 3] = {1, 2, 3, 4, 5, 6, 250, 251, 252, 7, 8, 9};
  static const char p6[] = "P6 2 2 255\n";
  memcpy(buf, p6, sizeof p6 - 1);
  memcpy(buf + sizeof p6 - 1, rgb, 12);
  expect_image(write_file("c.ppm", buf, sizeof p6 - 1 + 12), 2, 2, 3, rgb, 0);

  static const char p2[] = "P2\n3 2 # size\n255\n0 1 127\n128 254 255";
  expect_image(write_file("ascii.pgm", p2, sizeof p2 - 1), 3, 2, 1, g, 0);
  static const char p3[] = "P3 2 2 255\n1 2 3  4 5 6\n250 251 252 7 8 9\n";
  expect_image(write_file("ascii.ppm", p3, sizeof p3 - 1), 2, 2, 3, rgb, 0);

  /* maxval 15 scaled up, maxval 65535 scaled down */
  static const char p2_15[] = "P2 4 1 15 0 1 8 15\n";
  uint8_t want15[4] = {0, 17, 136, 255};
  expect_image(write_file("m15.pgm", p2_15, sizeof p2_15 - 1), 4, 1, 1, want15, 0);
  static const char p5_16[] = "P5 3 1 65535\n";
  uint8_t s16[6] = {0x00, 0x00, 0x80, 0x00, 0xff, 0xff};
  uint8_t want16[3] = {0, 128, 255};
  memcpy(buf, p5_16, sizeof p5_16 - 1);
  memcpy(buf + sizeof p5_16 - 1, s16, 6);
  expect_image(write_file("m16.pgm", buf, sizeof p5_16 - 1 + 6), 3, 1, 1, want16, 0);
  static const char p1x1[] = "P6 1 1 255\n\x0a\x0b\x0c";
  uint8_t w1[3] = {10, 11, 12};
  expect_image(write_file("one.ppm", p1x1, sizeof p1x1 - 1), 1, 1, 3, w1, 0);

  static const char t5[] = "P5 3 2 255\n\x01\x02\x03";
  expect_error(write_file("trunc.pgm", t5, sizeof t5 - 1), TC_IMG_ECORRUPT, "truncated PGM data");
  static const char t3[] = "P3 2 2 255\n1 2 3 4 5";
  expect_error(write_file("trunc.ppm", t3, sizeof t3 - 1), TC_IMG_ECORRUPT, "truncated PPM data");
  static const char m0[] = "P5 1 1 0\n\x01";
  expect_error(write_file("m0.pgm", m0, sizeof m0 - 1), TC_IMG_ECORRUPT, "maxval 0");
  static const char big[] = "P6 20000 10 255\n\x01";
  expect_error(write_file("big.ppm", big, sizeof big - 1), TC_IMG_ECORRUPT, "truncated PPM data");
  static const char ovf[] = "P5 99999999999999999999 1 255\n";
  expect_error(write_file("ovf.pgm", ovf, sizeof ovf - 1), TC_IMG_ECORRUPT, "PGM");
  static const char bad[] = "P5 abc 1 255\n";
  expect_error(write_file("bad.pgm", bad, sizeof bad - 1), TC_IMG_ECORRUPT, "bad PGM header");
  static const char pbm[] = "P4 8 1\n\xff";
  expect_error(write_file("x.pbm", pbm, sizeof pbm - 1), TC_IMG_EUNSUPPORTED, "PBM");
  torture(tmp_path("ascii.ppm"));
  torture(tmp_path("m16.pgm"));
}

static void test_misc(void) {
  puts("bad inputs");
  expect_error(write_file("empty.jpg", "", 0), TC_IMG_ECORRUPT, "empty file (0 bytes)");
  uint8_t garbage[1000];
  for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (uint8_t)rnd();
  garbage[0] = 0x13;
  expect_error(write_file("garbage.png", garbage, sizeof garbage), TC_IMG_EUNSUPPORTED, "unsupported format");
  expect_error(write_file("short.bin", "\x01", 1), TC_IMG_EUNSUPPORTED, "unsupported format");
  static const char webp[] = "RIFF\x10\0\0\0WEBPVP8 \x04\0\0\0abcd"; /* test_imageio_webp: the rest */
  expect_error(write_file("a.webp", webp, sizeof webp - 1), TC_IMG_ECORRUPT, "WebP data");
  expect_error(write_file("a.gif", "GIF89a\x01\0\x01\0", 10), TC_IMG_EUNSUPPORTED, "unsupported format (GIF)");
  expect_error(write_file("a.tif", "II*\0\x08\0\0\0", 8), TC_IMG_EUNSUPPORTED, "unsupported format (TIFF)");

  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_load(tmp_path("does-not-exist.png"), &b, err, sizeof err);
  CHECK(rc == TC_IMG_EIO && strstr(err, "does-not-exist.png: cannot open"), "missing file: %d '%s'", rc, err);
  printf("  refused as expected: %s\n", err);
  rc = tc_bitmap_load(g_dir, &b, err, sizeof err);
  CHECK(rc == TC_IMG_EIO, "directory: %d '%s'", rc, err);
  printf("  refused as expected: %s\n", err);
  /* NULL err, tiny err buffer, NULL name */
  CHECK(tc_bitmap_decode("P5", 2, NULL, &b, NULL, 0) < 0, "NULL err");
  char tiny[4];
  CHECK(tc_bitmap_decode("xyzw", 4, "name", &b, tiny, sizeof tiny) < 0 && strlen(tiny) == 3, "tiny err");
  CHECK(tc_bitmap_decode("xyzw", 4, NULL, &b, err, sizeof err) < 0 && strncmp(err, "<memory>: ", 10) == 0,
        "NULL name: '%s'", err);
  CHECK(tc_bitmap_decode(NULL, 0, "n", &b, err, sizeof err) == TC_IMG_ECORRUPT, "NULL, 0");
  CHECK(tc_bitmap_decode("x", 1, "n", NULL, err, sizeof err) == TC_IMG_EARG, "NULL out");
  tc_bitmap_free(NULL);
}

/* ---- --dir: decode a whole folder ----------------------------------- */

typedef struct reason {
  char text[160];
  int count;
} reason;

typedef struct dir_stats {
  int decoded, refused, grey, rgb;
  long min_side, max_side;
  reason reasons[32];
  int nreasons;
} dir_stats;

static void scan_one(const char *path, int depth, void *arg) {
  dir_stats *st = arg;
  (void)depth;
  tc_bitmap b;
  char err[512];
  if (tc_bitmap_load(path, &b, err, sizeof err) == 0) {
    st->decoded++;
    if (b.channels == 1) st->grey++; else st->rgb++;
    long lo = b.w < b.h ? b.w : b.h, hi = b.w > b.h ? b.w : b.h;
    if (st->min_side == 0 || lo < st->min_side) st->min_side = lo;
    if (hi > st->max_side) st->max_side = hi;
    tc_bitmap_free(&b);
  } else {
    st->refused++;
    const char *why = err + strlen(path);
    if (strncmp(why, ": ", 2) == 0) why += 2;
    printf("  refused %s\n", err);
    int k;
    for (k = 0; k < st->nreasons; k++)
      if (strcmp(st->reasons[k].text, why) == 0) break;
    if (k == st->nreasons && k < 32) {
      snprintf(st->reasons[k].text, sizeof st->reasons[k].text, "%s", why);
      st->nreasons++;
    }
    if (k < 32) st->reasons[k].count++;
  }
}

static int run_dir(const char *dir) {
  struct stat s;
  if (stat(dir, &s) != 0 || !S_ISDIR(s.st_mode)) {
    printf("SKIP imageio dataset: %s not found\n", dir);
    return 77;
  }
  dir_stats st;
  memset(&st, 0, sizeof st);
  tt_walk(dir, scan_one, &st);
  printf("%s: %d decoded (%d RGB, %d grey; sides %ld..%ld), %d refused", dir, st.decoded, st.rgb, st.grey,
         st.min_side, st.max_side, st.refused);
  for (int k = 0; k < st.nreasons; k++)
    printf("%s%dx %s", k ? "; " : " (", st.reasons[k].count, st.reasons[k].text);
  printf("%s\n", st.nreasons ? ")" : "");
  return st.decoded > 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--dir") == 0) return run_dir(argv[2]);
  if (argc != 1) {
    fprintf(stderr, "usage: %s [--dir FOLDER]\n", argv[0]);
    return 2;
  }
  snprintf(g_dir, sizeof g_dir, "/tmp/tc_imageio_XXXXXX");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    return 1;
  }
  test_png();
  test_jpeg();
  test_bmp();
  test_pnm();
  test_misc();
  for (int i = 0; i < g_nfiles; i++) {
    remove(g_files[i]);
    free(g_files[i]);
  }
  rmdir(g_dir);
  printf("imageio: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
