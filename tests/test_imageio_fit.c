/* Decoding for a model's size (tc_bitmap_load_for, tc_bitmap_load_tensor),
 * EXIF orientation and the memory bound. Every image is generated here
 * (tests/support/encode.c).
 *
 *   test_imageio_fit              the self-contained suite
 *   test_imageio_fit --dir DIR    every photo of DIR (../shared/data/
 *                                 face-mask) decoded for 96x96x3 and
 *                                 preprocessed; reduced vs full decoding on
 *                                 those over 2048 px (4096 under ASan)
 *                                 (exit 77 with "SKIP ..." if DIR is absent)
 *   test_imageio_fit --write DIR  the sample folder of test_imageio_cli.sh
 *
 * Faithful: the reduced decode + preprocessing is compared with full
 * decoding + the same preprocessing (tc_bitmap_to_tensor on the full
 * bitmap, which is exactly tc_image_to_tensor). Tolerance, stated in
 * README (Data): mean |difference| <= 1.0 of 255 and every value within
 * 24 (the differences sit on sharp edges, where an area resize of an
 * 8x-or-more finer grid and one of the full grid round differently). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <png.h>

#include "tinycnn/imageio.h"
#include "support/check.h"
#include "support/encode.h"
#include "support/walk.h"

#define MEAN_TOL 1.0
#define MAX_TOL 24

/* --dir compares reduced with full decoding for photos over this many
 * pixels a side; under ASan only for those over src/image's 4096 (the
 * full decodes and resizes are slow there; the plain build does all). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TC_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(TC_UNDER_ASAN)
#define LARGE_SIDE 4096
#else
#define LARGE_SIDE 2048
#endif

/* ---- generated pictures ---------------------------------------------- */

/* Photo-like RGB or grey: smooth colour fields, a sharp disc, a band of
 * stripes and +-16 noise (so JPEG has texture to code). The fields are
 * products of per-column and per-row tables: cheap under ASan too. */
static uint8_t *photo(int w, int h, int ch, uint32_t seed) {
  uint8_t *px = malloc((size_t)w * (size_t)h * (size_t)ch);
  double *cx = malloc(sizeof(double) * 3 * (size_t)w), *cy = malloc(sizeof(double) * 3 * (size_t)h);
  uint32_t r = seed;
  if (!px || !cx || !cy) exit(1);
  for (int x = 0; x < w; x++) {
    double u = (double)x / w;
    cx[3 * x] = sin(6 * u), cx[3 * x + 1] = cos(3 * u), cx[3 * x + 2] = sin(9 * u);
  }
  for (int y = 0; y < h; y++) {
    double v = (double)y / h;
    cy[3 * y] = cos(2 * v), cy[3 * y + 1] = cos(5 * v), cy[3 * y + 2] = cos(7 * v);
  }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      double u = (double)x / w, v = (double)y / h, c[3];
      c[0] = 120 + 100 * cx[3 * x] * cy[3 * y];
      c[1] = 100 + 80 * cx[3 * x + 1] * cy[3 * y + 1];
      c[2] = 140 + 90 * cx[3 * x + 2] * cy[3 * y + 2];
      double dx = u - 0.5, dy = v - 0.45;
      if (dx * dx + dy * dy < 0.04) c[0] = 230, c[1] = 200, c[2] = 170;
      if (((x / 37) & 1) && v > 0.8) c[0] *= 0.3, c[1] *= 0.3, c[2] *= 0.3;
      r = r * 1664525u + 1013904223u;
      int n = (int)(r >> 27) - 16;
      uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * (size_t)ch;
      if (ch == 1) c[0] = (77 * c[0] + 150 * c[1] + 29 * c[2]) / 256;
      for (int k = 0; k < ch; k++) {
        double q = c[k] + n;
        p[k] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
      }
    }
  free(cx);
  free(cy);
  return px;
}

static uint8_t *jpeg_of(int w, int h, int ch, int progressive, size_t *n) {
  uint8_t *px = photo(w, h, ch, (uint32_t)(w * 31 + h));
  uint8_t *j = tt_jpeg_mem(w, h, ch, px, 90, 0, progressive, n);
  free(px);
  if (!j) exit(1);
  return j;
}

static void tensor(tc_tensor *t, uint8_t *d, int s, int c) {
  memset(t, 0, sizeof *t);
  t->data = d;
  t->type = TC_UINT8;
  t->ndims = 4;
  t->dims[0] = 1;
  t->dims[1] = t->dims[2] = s;
  t->dims[3] = c;
  t->bytes = (uint32_t)(s * s * c);
  t->scale = 1.0f / 255;
}

/* ---- reduced vs full ---------------------------------------------------- */

typedef struct diff {
  double mean;
  int max;
} diff;

/* Model input S x S x C from the full decode (*full, decoded here when it
 * has no pixels yet, freed by the caller) and from the decode for S x S
 * (whose bitmap must be rw x rh; 0 = not checked); their differences. */
static int compare(const char *name, const uint8_t *d, size_t n, tc_bitmap *full, int S, int C,
                   int rw, int rh, diff *out) {
  static uint8_t a[256 * 256 * 3], b[256 * 256 * 3];
  tc_bitmap red;
  tc_tensor ta, tb;
  char err[512];
  const tc_bitmap_want want = {S, S, 0};
  tensor(&ta, a, S, C);
  tensor(&tb, b, S, C);
  int rc = full->pixels ? 0 : tc_bitmap_decode(d, n, name, full, err, sizeof err);
  CHECK(rc == 0, "%s: full decode: %s", name, err);
  if (rc) return -1;
  rc = tc_bitmap_to_tensor(full, &ta, NULL, name, err, sizeof err);
  CHECK(rc == 0, "%s: full preprocessing: %s", name, err);
  if (rc) return -1;
  rc = tc_bitmap_decode_for(d, n, name, &want, &red, err, sizeof err);
  CHECK(rc == 0, "%s: decode for %dx%d: %s", name, S, S, err);
  if (rc) return -1;
  CHECK(rw == 0 || (red.w == rw && red.h == rh), "%s: decoded %dx%d for %dx%d, expected %dx%d", name,
        red.w, red.h, S, S, rw, rh);
  CHECK(red.full_w == full->w && red.full_h == full->h, "%s: full size %dx%d, expected %dx%d", name,
        red.full_w, red.full_h, full->w, full->h);
  rc = tc_bitmap_to_tensor(&red, &tb, NULL, name, err, sizeof err);
  CHECK(rc == 0, "%s: reduced preprocessing: %s", name, err);
  int redw = red.w, redh = red.h;
  tc_bitmap_free(&red);
  if (rc) return -1;
  long sum = 0;
  out->max = 0;
  for (int i = 0; i < S * S * C; i++) {
    int e = abs((int)a[i] - (int)b[i]);
    sum += e;
    if (e > out->max) out->max = e;
  }
  out->mean = (double)sum / (S * S * C);
  printf("  %-26s %5dx%-5d -> %4dx%-4d for %3dx%dx%d: mean |d| %.3f, max %d\n", name, full->w,
         full->h, redw, redh, S, S, C, out->mean, out->max);
  return 0;
}

/* Within the tolerance; full as for compare. */
static void faithful(const char *name, const uint8_t *d, size_t n, tc_bitmap *full, int S, int C,
                     int rw, int rh) {
  diff e;
  if (compare(name, d, n, full, S, C, rw, rh, &e) == 0)
    CHECK(e.mean <= MEAN_TOL && e.max <= MAX_TOL, "%s for %dx%dx%d: mean |d| %.3f (tol %.1f), max %d (tol %d)",
          name, S, S, C, e.mean, MEAN_TOL, e.max, MAX_TOL);
}

/* One decode size of one file. */
static void faithful1(const char *name, const uint8_t *d, size_t n, int S, int C, int rw, int rh) {
  tc_bitmap full;
  memset(&full, 0, sizeof full);
  faithful(name, d, n, &full, S, C, rw, rh);
  tc_bitmap_free(&full);
}

static void test_reduce(void) {
  puts("reduced decoding vs full decoding + the same preprocessing");
  size_t n;
  /* A 17-megapixel photo (wider than src/image's 4096): for 96 x 96 and
   * 64 x 64, 2/8 keeps 851 rows >= 8 x 96; for 32 x 32, 1/8 (426 rows);
   * for 16 x 16 even 1/8 keeps 3 x 8 x 16, so a 3 x 3 box follows. */
  uint8_t *j = jpeg_of(5106, 3404, 3, 0, &n);
  tc_bitmap full;
  memset(&full, 0, sizeof full);
  faithful("5106x3404.jpg", j, n, &full, 96, 3, 1277, 851);
  faithful("5106x3404.jpg", j, n, &full, 64, 1, 1277, 851);
  faithful("5106x3404.jpg", j, n, &full, 32, 3, 639, 426);
  faithful("5106x3404.jpg", j, n, &full, 16, 3, 213, 142);
  tc_bitmap_free(&full);
  /* the one path of train, eval, predict: any size of photo works */
  {
    static uint8_t t8[96 * 96 * 3];
    tc_tensor t;
    tensor(&t, t8, 96, 3);
    char err[512];
    FILE *f = fopen("/tmp/tc_fit_5106.jpg", "wb");
    CHECK(f && fwrite(j, 1, n, f) == n && fclose(f) == 0, "cannot write /tmp/tc_fit_5106.jpg");
    int rc = tc_bitmap_load_tensor("/tmp/tc_fit_5106.jpg", &t, NULL, err, sizeof err);
    CHECK(rc == 0, "tc_bitmap_load_tensor on a 5106x3404 JPEG: %s", err);
    remove("/tmp/tc_fit_5106.jpg");
  }
  free(j);
  /* Scales between 1/8 and 1: 6/8 keeps 900 >= 768 rows (progressive);
   * 3/8 keeps 375 >= 256 columns (grey). */
  j = jpeg_of(1600, 1200, 3, 1, &n);
  faithful1("1600x1200_prog.jpg", j, n, 96, 3, 1200, 900);
  free(j);
  j = jpeg_of(1000, 1400, 1, 0, &n);
  faithful1("1000x1400_grey.jpg", j, n, 32, 1, 375, 525);
  free(j);
  /* Too small to keep the margin: decoded whole, identical bytes. */
  j = jpeg_of(700, 500, 3, 0, &n);
  diff e;
  memset(&full, 0, sizeof full);
  if (compare("700x500.jpg", j, n, &full, 96, 3, 700, 500, &e) == 0)
    CHECK(e.max == 0, "700x500.jpg is not reduced, so the result is identical (max %d)", e.max);
  tc_bitmap_free(&full);
  free(j);

  /* PNG and PGM rows streamed into a k x k box: 1001 x 757 for 16 x 16
   * keeps 152 >= 128 rows with k = 5; 900 x 900 for 24 x 24 k = 4. */
  uint8_t *px = photo(1001, 757, 3, 7);
  uint8_t *p = tt_png_mem(PNG_FORMAT_RGB, 1001, 757, px, NULL, 0, &n);
  faithful1("1001x757.png", p, n, 16, 3, 201, 152);
  free(p);
  free(px);
  px = photo(900, 900, 1, 9);
  size_t hl = (size_t)snprintf(NULL, 0, "P5\n900 900\n255\n");
  p = malloc(hl + 900 * 900);
  snprintf((char *)p, hl + 1, "P5\n900 900\n255\n");
  memcpy(p + hl, px, 900 * 900);
  faithful1("900x900.pgm", p, hl + 900 * 900, 24, 1, 225, 225);
  free(p);
  free(px);
  /* WebP by libwebp's scaler (lossy): 1200 x 900 for 32 x 32, k = 3. */
  px = photo(1200, 900, 3, 11);
  p = tt_webp_mem(1200, 900, 3, px, 90, &n);
  CHECK(p != NULL, "libwebp cannot encode");
  if (p) faithful1("1200x900.webp", p, n, 32, 3, 400, 300);
  free(p);
  free(px);
}

/* ---- EXIF orientation --------------------------------------------------- */

/* TIFF 6.0, tag 274: where stored row 0 and column 0 are shown. */
static const struct {
  char row0, col0; /* 't'op, 'b'ottom, 'l'eft, 'r'ight */
} k_orient[9] = {{0, 0},     {'t', 'l'}, {'t', 'r'}, {'b', 'r'}, {'b', 'l'},
                 {'l', 't'}, {'r', 't'}, {'r', 'b'}, {'l', 'b'}};

/* Stored (x, y) of the upright pixel (X, Y) of a Wu x Hu upright picture. */
static void stored_of(int o, int X, int Y, int Wu, int Hu, int *x, int *y) {
  char r = k_orient[o].row0, c = k_orient[o].col0;
  if (o <= 4) { /* rows are horizontal */
    *y = r == 't' ? Y : Hu - 1 - Y;
    *x = c == 'l' ? X : Wu - 1 - X;
  } else { /* rows are vertical */
    *y = r == 'l' ? X : Wu - 1 - X;
    *x = c == 't' ? Y : Hu - 1 - Y;
  }
}

/* Upright Wu x Hu RGB: 8 x 8 blocks of distinct flat colours (JPEG at
 * quality 100 without subsampling keeps them within a few levels). */
static void upright_px(int X, int Y, uint8_t p[3]) {
  int b = (Y / 8) * 7 + X / 8;
  p[0] = (uint8_t)(40 + 37 * (b % 5));
  p[1] = (uint8_t)(30 + 51 * ((b / 5) % 4));
  p[2] = (uint8_t)(220 - 29 * (b % 7));
}

/* The JPEG of the picture stored for orientation o, with an Exif APP1. */
static uint8_t *oriented_jpeg(int o, int be, int Wu, int Hu, const uint8_t *app1, size_t app1_len,
                              size_t *n) {
  int sw = o <= 4 ? Wu : Hu, sh = o <= 4 ? Hu : Wu;
  uint8_t *px = malloc((size_t)sw * (size_t)sh * 3);
  for (int Y = 0; Y < Hu; Y++)
    for (int X = 0; X < Wu; X++) {
      int x, y;
      stored_of(o, X, Y, Wu, Hu, &x, &y);
      upright_px(X, Y, px + ((size_t)y * (size_t)sw + (size_t)x) * 3);
    }
  size_t jn;
  uint8_t *j = tt_jpeg_mem(sw, sh, 3, px, 100, 1, 0, &jn);
  free(px);
  uint8_t exif[128];
  if (!app1) {
    app1_len = tt_exif_orientation(o, be, exif, sizeof exif);
    app1 = exif;
  }
  uint8_t *out = tt_jpeg_add_app1(j, jn, app1, app1_len, n);
  free(j);
  return out;
}

/* Decodes as expected when the pixels equal upright_px within 6. */
static int is_upright(const tc_bitmap *b, int Wu, int Hu) {
  if (b->w != Wu || b->h != Hu || b->channels != 3) return 0;
  for (int Y = 0; Y < Hu; Y++)
    for (int X = 0; X < Wu; X++) {
      uint8_t want[3];
      upright_px(X, Y, want);
      const uint8_t *g = b->pixels + ((size_t)Y * (size_t)Wu + (size_t)X) * 3;
      for (int c = 0; c < 3; c++)
        if (abs((int)g[c] - (int)want[c]) > 6) return 0;
    }
  return 1;
}

static void test_exif(void) {
  puts("EXIF orientation");
  const int Wu = 56, Hu = 24; /* 7 x 3 blocks, not square */
  for (int be = 0; be < 2; be++)
    for (int o = 1; o <= 8; o++) {
      size_t n;
      uint8_t *j = oriented_jpeg(o, be, Wu, Hu, NULL, 0, &n);
      tc_bitmap b;
      char err[256];
      int rc = tc_bitmap_decode(j, n, "o.jpg", &b, err, sizeof err);
      CHECK(rc == 0 && is_upright(&b, Wu, Hu), "orientation %d (%s): %s %dx%d, want the upright %dx%d",
            o, be ? "MM" : "II", rc ? err : "decoded", b.w, b.h, Wu, Hu);
      CHECK(rc || (b.full_w == Wu && b.full_h == Hu), "orientation %d: full size %dx%d", o, b.full_w,
            b.full_h);
      tc_bitmap_free(&b);
      free(j);
    }
  printf("  all 8 orientations, both byte orders: upright %dx%d\n", Wu, Hu);

  /* Reduced decoding is oriented too: 448 x 192 upright (blocks of 64)
   * decoded for 4 x 4 keeps 8 x 4 at 1/4 and comes out upright 112 x 48. */
  for (int o = 1; o <= 8; o++) {
    int sw = o <= 4 ? 448 : 192, sh = o <= 4 ? 192 : 448;
    uint8_t *px = malloc((size_t)sw * sh * 3);
    for (int Y = 0; Y < 192; Y++)
      for (int X = 0; X < 448; X++) {
        int x, y;
        stored_of(o, X, Y, 448, 192, &x, &y);
        upright_px(X / 8, Y / 8, px + ((size_t)y * sw + x) * 3);
      }
    size_t jn, n;
    uint8_t *j = tt_jpeg_mem(sw, sh, 3, px, 100, 1, 0, &jn), exif[128];
    size_t el = tt_exif_orientation(o, o & 1, exif, sizeof exif);
    uint8_t *jx = tt_jpeg_add_app1(j, jn, exif, el, &n);
    tc_bitmap b;
    char err[256];
    const tc_bitmap_want want = {4, 4, 0};
    int rc = tc_bitmap_decode_for(jx, n, "o.jpg", &want, &b, err, sizeof err);
    int ok = rc == 0 && b.w == 112 && b.h == 48;
    for (int Y = 0; ok && Y < 48; Y += 4)
      for (int X = 0; ok && X < 112; X += 4) {
        uint8_t w3[3];
        upright_px(X / 2, Y / 2, w3);
        const uint8_t *g = b.pixels + ((size_t)Y * 112 + X) * 3;
        for (int c = 0; c < 3; c++) ok &= abs((int)g[c] - (int)w3[c]) <= 6;
      }
    CHECK(ok, "reduced orientation %d: %s %dx%d", o, rc ? err : "wrong pixels or size", b.w, b.h);
    tc_bitmap_free(&b);
    free(px);
    free(j);
    free(jx);
  }
  puts("  reduced decoding (1/4) oriented the same");

  /* Damaged Exif: never a crash, and orientation 6 is applied only while
   * its IFD entry (the second, bytes 28..39 of the payload, big-endian) is
   * whole. Single damaged fields leave the picture as stored. */
  uint8_t exif[128];
  size_t el = tt_exif_orientation(6, 1, exif, sizeof exif);
  int bad = 0;
  for (size_t cut = 0; cut <= el; cut++) {
    size_t n;
    uint8_t *j = oriented_jpeg(1, 0, Wu, Hu, exif, cut, &n);
    tc_bitmap b;
    char err[256];
    int rc = tc_bitmap_decode(j, n, "cut.jpg", &b, err, sizeof err);
    int rotated = rc == 0 && b.w == Hu;
    if (rc != 0 || rotated != (cut >= 6 + 8 + 2 + 2 * 12)) bad++;
    tc_bitmap_free(&b);
    free(j);
  }
  CHECK(bad == 0, "%d of %zu cut Exif payloads decoded wrongly", bad, el + 1);
  struct {
    size_t at;
    uint8_t v;
    const char *what;
  } breaks[] = {{10, 0xff, "IFD0 offset far past the end"}, {15, 0, "entry count 0"},
                {37, 9, "Orientation 9"}, {31, 5, "Orientation of type RATIONAL"},
                {9, 0, "TIFF magic 42 broken"}, {6, 'X', "byte order XM"}};
  for (size_t i = 0; i < sizeof breaks / sizeof breaks[0]; i++) {
    uint8_t e2[128];
    memcpy(e2, exif, el);
    e2[breaks[i].at] = breaks[i].v;
    size_t n;
    uint8_t *j = oriented_jpeg(1, 0, Wu, Hu, e2, el, &n);
    tc_bitmap b;
    char err[256];
    int rc = tc_bitmap_decode(j, n, "bad.jpg", &b, err, sizeof err);
    CHECK(rc == 0 && is_upright(&b, Wu, Hu), "%s: the picture must be left as stored (%s)",
          breaks[i].what, rc ? err : "rotated");
    tc_bitmap_free(&b);
    free(j);
  }
  /* An XMP APP1 first: the Exif one is still found. */
  {
    static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>";
    size_t n, n2;
    uint8_t *j = oriented_jpeg(8, 0, Wu, Hu, NULL, 0, &n);
    uint8_t *j2 = tt_jpeg_add_app1(j, n, (const uint8_t *)xmp, sizeof xmp - 1, &n2);
    tc_bitmap b;
    char err[256];
    int rc = tc_bitmap_decode(j2, n2, "xmp.jpg", &b, err, sizeof err);
    CHECK(rc == 0 && is_upright(&b, Wu, Hu), "XMP before Exif: %s", rc ? err : "not upright");
    tc_bitmap_free(&b);
    free(j);
    free(j2);
  }
  puts("  damaged or absent Exif leaves the picture as stored");
}

/* ---- the memory bound -------------------------------------------------- */

/* rc (and the message's start and figures) of one decode. */
static void expect_rc(const uint8_t *d, size_t n, const char *name, const tc_bitmap_want *want,
                      int code, const char *sub) {
  tc_bitmap b;
  char err[512];
  int rc = tc_bitmap_decode_for(d, n, name, want, &b, err, sizeof err);
  CHECK(rc == code, "%s: rc %d, want %d (%s)", name, rc, code, err);
  CHECK(!sub || strstr(err, sub), "%s: message '%s' lacks '%s'", name, err, sub);
  if (rc == 0) tc_bitmap_free(&b);
  else printf("  %s\n", err);
}

static void test_memory(void) {
  puts("memory bound (TC_BITMAP_MAX_MEMORY, 512 MiB)");
  uint8_t h[64];
  const tc_bitmap_want m96 = {96, 96, 0};
  /* 100000 x 100000 RGB: full resolution needs ~28 GiB -> refused from
   * the header; for a 96 x 96 model the rows stream into 130 x 130 boxes,
   * so the size is accepted and only the missing pixels fail. */
  size_t n = tt_png_header(h, 100000, 100000, PNG_COLOR_TYPE_RGB, 0);
  expect_rc(h, n, "huge.png", NULL, TC_IMG_ETOOBIG,
            "100000x100000 PNG needs 2861");
  expect_rc(h, n, "huge.png", NULL, TC_IMG_ETOOBIG, "MiB to decode; the limit is 512 MiB");
  expect_rc(h, n, "huge.png", &m96, TC_IMG_ECORRUPT, "PNG data");
  /* Interlaced: the passes need the whole image, reduced or not. */
  n = tt_png_header(h, 20000, 20000, PNG_COLOR_TYPE_RGB, 1);
  expect_rc(h, n, "adam7.png", &m96, TC_IMG_ETOOBIG, "20000x20000 interlaced PNG needs 114");
  /* The name is printed escaped (a terminal escape in a file name). */
  expect_rc(h, n, "x\x1b[31m.png", &m96, TC_IMG_ETOOBIG, "x\\x1b[31m.png: 20000x20000");

  /* JPEG headers patched to 30000 x 30000 (SOF height and width): a
   * progressive file keeps every coefficient (~2.6 GB) -> refused; a
   * baseline one is decoded for 96 x 96 at 1/8 and runs out of data. */
  for (int prog = 0; prog < 2; prog++) {
    size_t jn;
    uint8_t *j = jpeg_of(64, 64, 3, prog, &jn);
    for (size_t i = 2; i + 9 < jn; i++)
      if (j[i] == 0xff && (j[i + 1] == 0xc0 || j[i + 1] == 0xc2)) {
        j[i + 5] = 30000 >> 8, j[i + 6] = 30000 & 255; /* height */
        j[i + 7] = 30000 >> 8, j[i + 8] = 30000 & 255; /* width */
        break;
      }
    if (prog)
      expect_rc(j, jn, "prog.jpg", &m96, TC_IMG_ETOOBIG, "30000x30000 progressive JPEG needs");
    else
      expect_rc(j, jn, "base.jpg", &m96, TC_IMG_ECORRUPT, "JPEG data");
    free(j);
  }
}

/* ---- tc_bitmap_to_tensor's refusals ---------------------------------------- */

static void test_to_tensor_errors(void) {
  puts("tc_bitmap_to_tensor refusals");
  uint8_t one = 128, out[4 * 4 * 3];
  tc_bitmap b = {5000, 5000, 1, &one, 5000, 5000}; /* refused before a pixel is read */
  tc_tensor t;
  char err[512];
  tensor(&t, out, 4, 1);
  int rc = tc_bitmap_to_tensor(&b, &t, NULL, "wide.png", err, sizeof err);
  CHECK(rc == TC_IMG_ETOOBIG && strstr(err, "wide.png: the 5000x5000 centre crop of the 5000x5000 "
                                            "picture is larger than 4096 pixels per side"),
        "full-size 5000x5000: %d '%s'", rc, err);
  printf("  %s\n", err);
  b.w = b.h = 1;
  t.type = TC_INT16;
  rc = tc_bitmap_to_tensor(&b, &t, NULL, "one.png", err, sizeof err);
  CHECK(rc == TC_IMG_EARG && strstr(err, "one.png: the model input [1,4,4,1] int16 cannot be filled "
                                         "from a picture"),
        "int16 input: %d '%s'", rc, err);
  printf("  %s\n", err);
  t.type = TC_UINT8;
  t.dims[3] = 2;
  rc = tc_bitmap_load_tensor("nothing.png", &t, NULL, err, sizeof err);
  CHECK(rc == TC_IMG_EARG && strstr(err, "nothing.png: the model input is not [1,H,W,1|3]"),
        "2 channels: %d '%s'", rc, err);
  printf("  %s\n", err);
}

/* ---- --write: the CLI test's folder --------------------------------------- */

static void write_file(const char *dir, const char *name, const uint8_t *d, size_t n) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(1);
  }
}

/* DIR/a: big.jpg (5106 x 3404), rotated.jpg (EXIF 6 of upright 48 x 96:
 * black, a white vertical band over the middle quarter of the width);
 * DIR/b: upright.png (that picture as stored upright), photo.bin (lossy
 * WebP), lossless.webp. */
static int write_samples(const char *dir) {
  char sub[1024];
  for (int k = 0; k < 2; k++) {
    snprintf(sub, sizeof sub, "%s/%c", dir, 'a' + k);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return 1;
    if (mkdir(sub, 0755) != 0 && errno != EEXIST) return 1;
  }
  size_t n;
  uint8_t *j = jpeg_of(5106, 3404, 3, 0, &n);
  snprintf(sub, sizeof sub, "%s/a", dir);
  write_file(sub, "big.jpg", j, n);
  free(j);
  enum { WU = 48, HU = 96 };
  uint8_t up[WU * HU], st[HU * WU];
  for (int Y = 0; Y < HU; Y++)
    for (int X = 0; X < WU; X++) {
      int x, y;
      up[Y * WU + X] = X >= 18 && X < 30 ? 255 : 0;
      stored_of(6, X, Y, WU, HU, &x, &y);
      st[y * HU + x] = up[Y * WU + X];
    }
  uint8_t exif[128];
  size_t el = tt_exif_orientation(6, 1, exif, sizeof exif), jn;
  j = tt_jpeg_mem(HU, WU, 1, st, 100, 1, 0, &jn);
  uint8_t *jx = tt_jpeg_add_app1(j, jn, exif, el, &n);
  write_file(sub, "rotated.jpg", jx, n);
  free(j);
  free(jx);
  snprintf(sub, sizeof sub, "%s/b", dir);
  uint8_t *p = tt_png_mem(PNG_FORMAT_GRAY, WU, HU, up, NULL, 0, &n);
  write_file(sub, "upright.png", p, n);
  free(p);
  uint8_t *px = photo(340, 510, 3, 5);
  p = tt_webp_mem(340, 510, 3, px, 80, &n);
  write_file(sub, "photo.bin", p, n);
  free(p);
  p = tt_webp_mem(340, 510, 3, px, -1, &n);
  write_file(sub, "lossless.webp", p, n);
  free(p);
  free(px);
  return 0;
}

/* ---- --dir: a real folder --------------------------------------------------- */

typedef struct dir_stats {
  int files, decoded, large;
  double worst_mean;
  int worst_max;
} dir_stats;

/* Each file of a class folder (depth >= 1; not the LICENSE) decoded for
 * 96x96x3 and preprocessed: tc_bitmap_load_tensor's two steps, to see the
 * picture's full size; the large ones compared with full decoding. */
static void scan_one(const char *path, int depth, void *arg) {
  dir_stats *st = arg;
  if (depth == 0) return;
  st->files++;
  static uint8_t t8[96 * 96 * 3];
  tc_tensor t;
  tensor(&t, t8, 96, 3);
  char err[512];
  tc_bitmap b;
  const tc_bitmap_want want = {96, 96, 0};
  int rc = tc_bitmap_load_for(path, &want, &b, err, sizeof err);
  if (rc == 0) rc = tc_bitmap_to_tensor(&b, &t, NULL, path, err, sizeof err);
  CHECK(rc == 0, "%s", err);
  int big = b.full_w > LARGE_SIDE || b.full_h > LARGE_SIDE;
  tc_bitmap_free(&b);
  if (rc) return;
  st->decoded++;
  if (!big) return;
  FILE *f = fopen(path, "rb");
  uint8_t *d = malloc(64 << 20);
  size_t n = f && d ? fread(d, 1, 64 << 20, f) : 0;
  if (f) fclose(f);
  diff df;
  tc_bitmap full;
  memset(&full, 0, sizeof full);
  const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if (n > 0 && compare(name, d, n, &full, 96, 3, 0, 0, &df) == 0) {
    st->large++;
    if (df.mean > st->worst_mean) st->worst_mean = df.mean;
    if (df.max > st->worst_max) st->worst_max = df.max;
    CHECK(df.mean <= MEAN_TOL && df.max <= MAX_TOL, "%s: mean |d| %.3f, max %d", path, df.mean, df.max);
  }
  tc_bitmap_free(&full);
  free(d);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--write") == 0) return write_samples(argv[2]);
  if (argc == 3 && strcmp(argv[1], "--dir") == 0) {
    struct stat s;
    if (stat(argv[2], &s) != 0 || !S_ISDIR(s.st_mode)) {
      printf("SKIP imageio_fit_dataset: %s not found\n", argv[2]);
      return 77;
    }
    dir_stats st;
    memset(&st, 0, sizeof st);
    tt_walk(argv[2], scan_one, &st);
    printf("%s: %d of %d files decoded for 96x96x3; %d over %d px: reduced vs full worst mean |d| "
           "%.3f, max %d\n",
           argv[2], st.decoded, st.files, st.large, LARGE_SIDE, st.worst_mean, st.worst_max);
    printf("imageio_fit_dataset: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
  }
  test_reduce();
  test_exif();
  test_memory();
  test_to_tensor_errors();
  printf("imageio_fit: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
