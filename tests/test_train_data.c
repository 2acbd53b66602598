/* Trainer data side: rng, folder and IDX loading, split, augmentation.
 * Every dataset is written here (PGM/PPM and BMP by hand, PNG with libpng,
 * IDX plain and gzip with zlib) into a temporary directory; expected pixels
 * come from the formulas in include/tinycnn/image.h worked out by hand.
 *
 *   test_train_data                 the self-contained suite
 *   test_train_data --fashion DIR   Fashion-MNIST class 0 vs 6 from DIR
 *                                   (exit 77 with "SKIP ..." if absent) */
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "tinycnn/image.h"
#include "tinycnn/imageio.h"
#include "tinycnn/train.h"
#include "support/check.h"

static char g_root[64];

/* ---- files ------------------------------------------------------------ */

static const char *P(const char *rel) {
  static char buf[8][512];
  static int k;
  char *b = buf[k++ & 7];
  snprintf(b, sizeof buf[0], "%s/%s", g_root, rel);
  return b;
}

static void mkdirs(const char *rel) {
  char tmp[512];
  snprintf(tmp, sizeof tmp, "%s", P(rel));
  for (char *s = tmp + strlen(g_root) + 1; *s; s++)
    if (*s == '/') {
      *s = '\0';
      mkdir(tmp, 0755);
      *s = '/';
    }
  mkdir(tmp, 0755);
}

static void write_bytes(const char *rel, const void *data, size_t len) {
  FILE *f = fopen(P(rel), "wb");
  if (!f || (len && fwrite(data, 1, len, f) != len)) {
    fprintf(stderr, "cannot write %s\n", P(rel));
    exit(1);
  }
  fclose(f);
}

/* P5 (c = 1) or P6 (c = 3), maxval 255. */
static void write_pnm(const char *rel, int w, int h, int c, const uint8_t *px) {
  size_t n = (size_t)w * h * c;
  char *buf = malloc(n + 64);
  int hl = snprintf(buf, 64, "P%d\n%d %d\n255\n", c == 1 ? 5 : 6, w, h);
  memcpy(buf + hl, px, n);
  write_bytes(rel, buf, (size_t)hl + n);
  free(buf);
}

static void le(uint8_t *p, uint32_t v, int n) {
  for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* 24-bit bottom-up BMP from RGB pixels. */
static void write_bmp24(const char *rel, int w, int h, const uint8_t *rgb) {
  int stride = (w * 3 + 3) & ~3;
  size_t size = 54 + (size_t)stride * h;
  uint8_t *b = calloc(size, 1);
  b[0] = 'B';
  b[1] = 'M';
  le(b + 2, (uint32_t)size, 4);
  le(b + 10, 54, 4);
  le(b + 14, 40, 4);
  le(b + 18, (uint32_t)w, 4);
  le(b + 22, (uint32_t)h, 4);
  le(b + 26, 1, 2);
  le(b + 28, 24, 2);
  le(b + 34, (uint32_t)(stride * h), 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const uint8_t *s = rgb + ((size_t)y * w + x) * 3;
      uint8_t *d = b + 54 + (size_t)(h - 1 - y) * stride + x * 3;
      d[0] = s[2];
      d[1] = s[1];
      d[2] = s[0];
    }
  write_bytes(rel, b, size);
  free(b);
}

/* 8-bit grey PNG. */
static void write_png_gray(const char *rel, int w, int h, const uint8_t *px) {
  FILE *f = fopen(P(rel), "wb");
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  if (!f || !png || !info || setjmp(png_jmpbuf(png))) {
    fprintf(stderr, "cannot write %s\n", P(rel));
    exit(1);
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < h; y++) png_write_row(png, (png_const_bytep)(px + (size_t)y * w));
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  fclose(f);
}

static uint8_t *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  uint8_t *b = malloc(cap + 1);
  while ((got = fread(b + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) b = realloc(b, (cap *= 2) + 1);
  }
  fclose(f);
  b[n] = 0;
  *len = n;
  return b;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

static void uniform(uint8_t *px, size_t n, uint8_t v) { memset(px, v, n); }

static int all_equal(const uint8_t *px, size_t n, uint8_t v) {
  for (size_t i = 0; i < n; i++)
    if (px[i] != v) return 0;
  return 1;
}

/* The log as one string (the tmpfile is rewound and read). */
static char *log_text(FILE *log) {
  long n = ftell(log);
  char *s = calloc((size_t)(n > 0 ? n : 0) + 1, 1);
  rewind(log);
  if (n > 0 && fread(s, 1, (size_t)n, log) != (size_t)n) s[0] = '\0';
  return s;
}

static int count_lines_with(const char *text, const char *needle) {
  int k = 0;
  for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle)) k++;
  return k;
}

/* ---- rng ---------------------------------------------------------------- */

static void test_rng(void) {
  tc_rng r, q;
  /* splitmix64 from state 0: first outputs 0xE220A8397B1DCDAF,
   * 0x6E789E6AA1B965F4 (the published reference sequence). */
  tc_rng_seed(&r, 0);
  CHECK(tc_rng_u32(&r) == 0xE220A839u, "splitmix64 first output");
  CHECK(tc_rng_u32(&r) == 0x6E789E6Au, "splitmix64 second output");

  tc_rng_seed(&r, 1234);
  tc_rng_seed(&q, 1234);
  int same = 1;
  for (int i = 0; i < 1000; i++) same &= tc_rng_u32(&r) == tc_rng_u32(&q);
  CHECK(same, "same seed, same stream");
  tc_rng_seed(&q, 1235);
  CHECK(tc_rng_u32(&r) != tc_rng_u32(&q), "different seeds differ");

  const int n = 200000;
  double s = 0, s2 = 0, lo = 1, hi = 0;
  tc_rng_seed(&r, 7);
  for (int i = 0; i < n; i++) {
    float u = tc_rng_uniform(&r);
    s += u;
    lo = u < lo ? u : lo;
    hi = u > hi ? u : hi;
  }
  CHECK(lo >= 0.0 && hi < 1.0, "uniform range [%g, %g]", lo, hi);
  CHECK(fabs(s / n - 0.5) < 0.005, "uniform mean %g", s / n);
  s = 0;
  int tails = 0;
  for (int i = 0; i < n; i++) {
    float z = tc_rng_normal(&r);
    s += z;
    s2 += (double)z * z;
    tails += fabsf(z) > 1.959964f;
  }
  double mean = s / n, var = s2 / n - mean * mean;
  CHECK(fabs(mean) < 0.01, "normal mean %g", mean);
  CHECK(fabs(var - 1.0) < 0.02, "normal variance %g", var);
  /* P(|z| > 1.96) = 5%. */
  CHECK(fabs((double)tails / n - 0.05) < 0.003, "normal tails %g", (double)tails / n);
}

/* ---- folders ------------------------------------------------------------ */

/* The expected value of BT.601 grey from image.h: (77 R + 150 G + 29 B + 128) >> 8. */
static uint8_t luma(int r, int g, int b) { return (uint8_t)((77 * r + 150 * g + 29 * b + 128) >> 8); }

static void build_animals(void) {
  uint8_t px[64 * 64 * 3];
  mkdirs("animals/cats");
  mkdirs("animals/dogs/more");
  /* cats: a uniform grey PGM, a uniform colour BMP, junk */
  uniform(px, 10 * 8, 77);
  write_pnm("animals/cats/a_grey.pgm", 10, 8, 1, px);
  for (int i = 0; i < 6 * 6; i++) {
    px[3 * i] = 200;
    px[3 * i + 1] = 100;
    px[3 * i + 2] = 50;
  }
  write_bmp24("animals/cats/b_colour.bmp", 6, 6, px);
  write_bytes("animals/cats/notes.txt", "hello, not an image\n", 20);
  write_bytes("animals/cats/empty.jpg", "", 0);
  write_bytes("animals/cats/.DS_Store", "\0\0\0\1Bud1", 8);
  /* dogs: a 2x2 pattern to upscale, a wide image for the centre crop, a
   * PNG in a subfolder, a truncated PNG */
  const uint8_t pat[4] = {0, 100, 200, 255};
  write_pnm("animals/dogs/c_pattern.pgm", 2, 2, 1, pat);
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 6; x++) px[y * 6 + x] = (uint8_t)(x * 40 + y);
  write_pnm("animals/dogs/d_wide.pgm", 6, 2, 1, px);
  uniform(px, 8 * 8, 33);
  write_png_gray("animals/dogs/more/e.png", 8, 8, px);
  size_t len = 0;
  uint8_t *png = read_all(P("animals/dogs/more/e.png"), &len);
  if (!png) exit(1);
  write_bytes("animals/dogs/f_trunc.png", png, len / 2);
  free(png);
  write_bytes("animals/README", "two classes\n", 12);
}

static void test_dir_load(void) {
  build_animals();
  tc_dataset d;
  char err[512];
  FILE *log = tmpfile();
  int rc = tc_dataset_load_dir(P("animals"), 2, 2, 1, NULL, &d, log, err, sizeof err);
  CHECK(rc == 0, "load animals: %s", err);
  char *text = log_text(log);
  fclose(log);
  if (rc != 0) {
    free(text);
    return;
  }
  /* Sorted class folders, sorted files, depth first: cats/a, cats/b,
   * dogs/c, dogs/d, dogs/more/e. */
  const char *want[5] = {"animals/cats/a_grey.pgm", "animals/cats/b_colour.bmp",
                         "animals/dogs/c_pattern.pgm", "animals/dogs/d_wide.pgm",
                         "animals/dogs/more/e.png"};
  CHECK(d.n == 5, "5 images, got %d", d.n);
  CHECK(d.h == 2 && d.w == 2 && d.c == 1, "shape %dx%dx%d", d.h, d.w, d.c);
  for (int i = 0; i < 5 && i < d.n; i++) {
    CHECK(strcmp(d.paths[i], P(want[i])) == 0, "path %d: %s", i, d.paths[i]);
    CHECK(d.labels[i] == (i >= 2), "label %d = %d (dogs, the second folder, positive)", i,
          d.labels[i]);
  }
  CHECK(strcmp(d.class_name[0], "cats") == 0 && strcmp(d.class_name[1], "dogs") == 0,
        "class names %s / %s", d.class_name[0], d.class_name[1]);
  int counts[2];
  tc_dataset_counts(&d, counts);
  CHECK(counts[0] == 2 && counts[1] == 3, "counts %d %d", counts[0], counts[1]);
  if (d.n == 5) {
    CHECK(all_equal(d.pixels, 4, 77), "uniform grey 77 stays 77");
    CHECK(all_equal(d.pixels + 4, 4, luma(200, 100, 50)), "BMP (200,100,50) -> grey %d, got %d",
          luma(200, 100, 50), d.pixels[4]);
    /* 2x2 -> 2x2: identity. 6x2 -> 2x2: centre crop x0 = (6 - 2) / 2 = 2,
     * columns 2 and 3, values x * 40 + y. */
    const uint8_t pat[4] = {0, 100, 200, 255}, crop[4] = {80, 120, 81, 121};
    CHECK(memcmp(d.pixels + 8, pat, 4) == 0, "2x2 pattern unchanged");
    CHECK(memcmp(d.pixels + 12, crop, 4) == 0, "centre crop %d %d %d %d", d.pixels[12],
          d.pixels[13], d.pixels[14], d.pixels[15]);
    CHECK(all_equal(d.pixels + 16, 4, 33), "PNG grey 33 -> 33");
  }
  /* Every skipped file on the log, with a reason. */
  const char *skipped[5] = {"animals/cats/.DS_Store", "animals/cats/empty.jpg",
                            "animals/cats/notes.txt", "animals/dogs/f_trunc.png",
                            "animals/README"};
  for (int i = 0; i < 5; i++) {
    char line[600];
    snprintf(line, sizeof line, "skipped: %s: ", P(skipped[i]));
    const char *at = strstr(text, line);
    CHECK(at && at[strlen(line)] != '\n' && at[strlen(line)] != '\0',
          "log lists %s with a reason; log:\n%s", skipped[i], text);
  }
  CHECK(count_lines_with(text, "skipped: ") == 5, "5 skipped lines; log:\n%s", text);
  CHECK(strstr(text, "5 files skipped") != NULL, "summary line; log:\n%s", text);
  CHECK(strstr(text, "empty") != NULL, "empty file reason; log:\n%s", text);
  free(text);
  tc_dataset_free(&d);
  CHECK(d.n == 0 && d.pixels == NULL && d.paths == NULL, "free zeroes the struct");

  /* Upscaling and RGB, centre-aligned bilinear (image.h): 2 -> 4 puts the
   * samples at -0.25, 0.25, 0.75, 1.25: weights in quarters. */
  log = tmpfile();
  rc = tc_dataset_load_dir(P("animals"), 4, 4, 3, "cats", &d, log, err, sizeof err);
  fclose(log);
  CHECK(rc == 0, "load animals 4x4x3: %s", err);
  if (rc == 0 && d.n == 5) {
    CHECK(d.labels[0] == 1 && d.labels[1] == 1 && d.labels[2] == 0, "positive = cats");
    CHECK(strcmp(d.class_name[1], "cats") == 0 && strcmp(d.class_name[0], "dogs") == 0,
          "class names follow --positive");
    CHECK(all_equal(d.pixels, 48, 77), "grey 77 -> RGB 77");
    const uint8_t *b = d.pixels + 48;
    int ok = 1;
    for (int p = 0; p < 16; p++) ok &= b[3 * p] == 200 && b[3 * p + 1] == 100 && b[3 * p + 2] == 50;
    CHECK(ok, "BMP colour kept in RGB");
    const int wq[4][2] = {{4, 0}, {3, 1}, {1, 3}, {0, 4}};
    const uint8_t pat[2][2] = {{0, 100}, {200, 255}};
    const uint8_t *u = d.pixels + 96;
    ok = 1;
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++) {
        int s = 0;
        for (int j = 0; j < 2; j++)
          for (int i = 0; i < 2; i++) s += wq[y][j] * wq[x][i] * pat[j][i];
        int e = (s + 8) / 16;
        for (int k = 0; k < 3; k++) ok &= u[(y * 4 + x) * 3 + k] == e;
        if (!ok) {
          fprintf(stderr, "upscale (%d,%d): want %d got %d\n", x, y, e, u[(y * 4 + x) * 3]);
          break;
        }
      }
    CHECK(ok, "2x2 pattern upscaled to 4x4 by the bilinear formula");
  }
  tc_dataset_free(&d);
}

/* Wider than src/image's 4096 limit: decoded for the 2x2 model (rows
 * streamed into 6x6 boxes: 700x16 still keeps 8x the 2x2), then the 16x16
 * centre crop (x0 = 342, the boxes of 2052..2148) is resized. Left of
 * x = 2100 (a box boundary) 100, right of it 200 -> 2x2 by area
 * averaging, exactly. */
static void test_dir_big(void) {
  const int W = 4200, H = 96;
  uint8_t *px = malloc((size_t)W * H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) px[y * W + x] = x < 2100 ? 100 : 200;
  mkdirs("big/a");
  mkdirs("big/b");
  write_pnm("big/a/wide.pgm", W, H, 1, px);
  write_pnm("big/b/small.pgm", 2, 2, 1, px);
  free(px);
  tc_dataset d;
  char err[256];
  FILE *log = tmpfile();
  int rc = tc_dataset_load_dir(P("big"), 2, 2, 1, NULL, &d, log, err, sizeof err);
  fclose(log);
  CHECK(rc == 0 && d.n == 2, "big: %s", err);
  const uint8_t want[4] = {100, 200, 100, 200};
  if (rc == 0 && d.n == 2)
    CHECK(memcmp(d.pixels, want, 4) == 0, "4200x96 centre crop: %d %d %d %d", d.pixels[0],
          d.pixels[1], d.pixels[2], d.pixels[3]);
  tc_dataset_free(&d);
}

static void expect_error(const char *rel, const char *positive, const char *needle) {
  tc_dataset d;
  char err[512] = "";
  FILE *log = tmpfile();
  int rc = tc_dataset_load_dir(P(rel), 8, 8, 1, positive, &d, log, err, sizeof err);
  fclose(log);
  CHECK(rc == -1, "%s: expected an error", rel);
  CHECK(strstr(err, needle) != NULL, "%s: error '%s' should contain '%s'", rel, err, needle);
  CHECK(d.n == 0 && d.pixels == NULL, "%s: nothing to free after an error", rel);
}

static void test_dir_errors(void) {
  uint8_t px[16];
  uniform(px, 16, 9);
  mkdirs("empty");
  expect_error("empty", NULL, "empty folder");
  expect_error("does_not_exist", NULL, "cannot open");
  mkdirs("one/only");
  write_pnm("one/only/x.pgm", 4, 4, 1, px);
  expect_error("one", NULL, "only one class folder ('only')");
  mkdirs("files_only");
  write_pnm("files_only/x.pgm", 4, 4, 1, px);
  expect_error("files_only", NULL, "no class subfolders");
  mkdirs("three/a");
  mkdirs("three/b");
  mkdirs("three/c");
  expect_error("three", NULL, "3 class folders ('a', 'b', 'c')");
  mkdirs("junk/a");
  mkdirs("junk/b");
  write_bytes("junk/a/x.png", "not a png", 9);
  write_bytes("junk/b/y.gif", "GIF89a", 6);
  expect_error("junk", NULL, "no readable images (2 files skipped)");
  mkdirs("half/neg");
  mkdirs("half/pos");
  write_pnm("half/pos/x.pgm", 4, 4, 1, px);
  expect_error("half", NULL, "half/neg: no readable images");
  mkdirs("half/neg");
  write_pnm("half/neg/y.pgm", 4, 4, 1, px);
  expect_error("half", "cows", "positive class 'cows' is not one of");
  tc_dataset d;
  char err[256];
  CHECK(tc_dataset_load_dir(P("half"), 8, 8, 2, NULL, &d, NULL, err, sizeof err) == -1 &&
            strstr(err, "channels 2"), "c = 2 refused: %s", err);
  CHECK(tc_dataset_load_dir(P("half"), 0, 8, 1, NULL, &d, NULL, err, sizeof err) == -1 &&
            strstr(err, "0x8"), "h = 0 refused: %s", err);
}

/* ---- IDX ---------------------------------------------------------------- */

static void be(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Writes images (n x rows x cols) and labels, plain or gzip, with an
 * optional wrong magic / count / extra or missing bytes. */
typedef struct idx_spec {
  int n_img, n_lab, rows, cols;
  uint32_t img_magic, lab_magic;
  int extra; /* bytes appended to the images (< 0: removed) */
} idx_spec;

static void put(const char *rel, int gz, const uint8_t *b, size_t n) {
  if (!gz) {
    write_bytes(rel, b, n);
    return;
  }
  gzFile f = gzopen(P(rel), "wb");
  if (!f || (n && gzwrite(f, b, (unsigned)n) != (int)n)) {
    fprintf(stderr, "cannot write %s\n", P(rel));
    exit(1);
  }
  gzclose(f);
}

static uint8_t idx_pixel(int i, int y, int x) { return (uint8_t)(i * 10 + y * 4 + x); }

static void write_idx(const char *img_rel, const char *lab_rel, int gz, const uint8_t *labels,
                      idx_spec s) {
  size_t ni = 16 + (size_t)s.n_img * s.rows * s.cols;
  uint8_t *b = calloc(ni + 64, 1);
  be(b, s.img_magic);
  be(b + 4, (uint32_t)s.n_img);
  be(b + 8, (uint32_t)s.rows);
  be(b + 12, (uint32_t)s.cols);
  for (int i = 0; i < s.n_img; i++)
    for (int y = 0; y < s.rows; y++)
      for (int x = 0; x < s.cols; x++)
        b[16 + ((size_t)i * s.rows + y) * s.cols + x] = idx_pixel(i, y, x);
  put(img_rel, gz, b, (size_t)((long)ni + s.extra));
  be(b, s.lab_magic);
  be(b + 4, (uint32_t)s.n_lab);
  memcpy(b + 8, labels, (size_t)s.n_lab);
  put(lab_rel, gz, b, 8 + (size_t)s.n_lab);
  free(b);
}

static void test_idx(void) {
  const uint8_t labels[6] = {3, 1, 3, 7, 1, 3};
  idx_spec good = {6, 6, 4, 4, 0x803, 0x801, 0};
  char err[512];
  for (int gz = 0; gz < 2; gz++) {
    const char *im = gz ? "i.gz" : "i.idx", *lb = gz ? "l.gz" : "l.idx";
    write_idx(im, lb, gz, labels, good);
    tc_dataset d;
    /* 4x4 -> 4x4 is the identity; keep 3 (positive) and 1 (negative). */
    int rc = tc_dataset_load_idx(P(im), P(lb), 3, 1, 4, 4, 1, &d, err, sizeof err);
    CHECK(rc == 0, "idx gz=%d: %s", gz, err);
    if (rc != 0) continue;
    const int keep[5] = {0, 1, 2, 4, 5};
    CHECK(d.n == 5, "idx gz=%d: 5 kept, got %d", gz, d.n);
    for (int k = 0; k < 5 && k < d.n; k++) {
      int i = keep[k], ok = 1;
      char path[32];
      snprintf(path, sizeof path, "idx:%d", i);
      CHECK(strcmp(d.paths[k], path) == 0, "idx path %s", d.paths[k]);
      CHECK(d.labels[k] == (labels[i] == 3), "idx label %d", k);
      for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) ok &= d.pixels[k * 16 + y * 4 + x] == idx_pixel(i, y, x);
      CHECK(ok, "idx gz=%d image %d pixels", gz, i);
    }
    CHECK(strcmp(d.class_name[0], "1") == 0 && strcmp(d.class_name[1], "3") == 0,
          "idx class names %s %s", d.class_name[0], d.class_name[1]);
    tc_dataset_free(&d);
    /* 4x4 -> 2x2 is exact area averaging: each output the rounded-half-up
     * mean of a 2x2 block; -> RGB repeats it. */
    rc = tc_dataset_load_idx(P(im), P(lb), 7, 1, 2, 2, 3, &d, err, sizeof err);
    CHECK(rc == 0 && d.n == 3, "idx 2x2x3: %s", err);
    if (rc == 0 && d.n == 3) {
      int ok = 1;
      CHECK(d.labels[0] == 0 && d.labels[1] == 1 && d.labels[2] == 0, "idx 7 vs 1 labels");
      for (int oy = 0; oy < 2; oy++)
        for (int ox = 0; ox < 2; ox++) {
          int s = 0;
          for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++) s += idx_pixel(3, 2 * oy + y, 2 * ox + x);
          for (int k = 0; k < 3; k++) ok &= d.pixels[12 + (oy * 2 + ox) * 3 + k] == (s + 2) / 4;
        }
      CHECK(ok, "idx area-averaged downscale");
    }
    tc_dataset_free(&d);
  }

  struct {
    idx_spec s;
    int gz, pos, neg;
    const char *needle;
  } bad[] = {
      {{6, 6, 4, 4, 0x802, 0x801, 0}, 0, 3, 1, "2 dimensions"},
      {{6, 6, 4, 4, 0x803, 0x803, 0}, 0, 3, 1, "3 dimensions"},
      {{6, 6, 4, 4, 0x0D03, 0x801, 0}, 0, 3, 1, "element type 0x0d"},
      {{6, 6, 4, 4, 0x12345678, 0x801, 0}, 1, 3, 1, "not an IDX file"},
      {{6, 5, 4, 4, 0x803, 0x801, 0}, 0, 3, 1, "has 6 images but"},
      {{6, 6, 4, 4, 0x803, 0x801, -5}, 0, 3, 1, "truncated"},
      {{6, 6, 4, 4, 0x803, 0x801, -5}, 1, 3, 1, "image 5"},
      {{6, 6, 4, 4, 0x803, 0x801, 3}, 1, 3, 1, "3 bytes after the images"},
      {{6, 6, 4, 4, 0x803, 0x801, 0}, 0, 3, 9, "no item has label 9"},
      {{6, 6, 4, 4, 0x803, 0x801, 0}, 0, 3, 3, "two different labels"},
  };
  for (size_t t = 0; t < sizeof bad / sizeof bad[0]; t++) {
    write_idx("bi", "bl", bad[t].gz, labels, bad[t].s);
    tc_dataset d;
    err[0] = '\0';
    int rc = tc_dataset_load_idx(P("bi"), P("bl"), bad[t].pos, bad[t].neg, 4, 4, 1, &d, err,
                                 sizeof err);
    CHECK(rc == -1 && strstr(err, bad[t].needle), "bad idx %zu: '%s' should contain '%s'", t,
          err, bad[t].needle);
    CHECK(d.n == 0 && d.pixels == NULL, "bad idx %zu leaves nothing", t);
  }
  /* Every proper prefix of both files, plain and gzip, fails cleanly. */
  for (int gz = 0; gz < 2; gz++) {
    const char *im = gz ? "i.gz" : "i.idx", *lb = gz ? "l.gz" : "l.idx";
    for (int which = 0; which < 2; which++) {
      size_t len = 0;
      uint8_t *b = read_all(P(which ? lb : im), &len);
      int all_fail = 1;
      for (size_t k = 0; b && k < len; k++) {
        tc_dataset d;
        write_bytes("cut", b, k);
        int rc = which ? tc_dataset_load_idx(P(im), P("cut"), 3, 1, 4, 4, 1, &d, err, sizeof err)
                       : tc_dataset_load_idx(P("cut"), P(lb), 3, 1, 4, 4, 1, &d, err, sizeof err);
        if (!(rc == -1 && err[0] != '\0' && d.pixels == NULL)) {
          fprintf(stderr, "prefix %zu of %zu: rc %d '%s'\n", k, len, rc, err);
          all_fail = 0;
        }
        if (rc == 0) tc_dataset_free(&d);
      }
      CHECK(b && all_fail, "every prefix of %s refused", which ? lb : im);
      free(b);
    }
  }
  tc_dataset d;
  CHECK(tc_dataset_load_idx(P("nope"), P("bl"), 3, 1, 4, 4, 1, &d, err, sizeof err) == -1 &&
            strstr(err, "cannot open"), "missing labels file: %s", err);
}

/* ---- split -------------------------------------------------------------- */

static void make_synthetic(tc_dataset *d, int nneg, int npos) {
  memset(d, 0, sizeof *d);
  d->h = d->w = d->c = 1;
  d->n = nneg + npos;
  d->pixels = malloc((size_t)d->n);
  d->labels = malloc((size_t)d->n);
  d->paths = calloc((size_t)d->n, sizeof *d->paths);
  for (int i = 0; i < d->n; i++) {
    d->pixels[i] = (uint8_t)i;
    d->labels[i] = (uint8_t)(i % 3 == 0 && i / 3 < npos); /* interleaved */
    d->paths[i] = malloc(16);
    snprintf(d->paths[i], 16, "p%d", i);
  }
  strcpy(d->class_name[0], "neg");
  strcpy(d->class_name[1], "pos");
}

static int index_of(const tc_dataset *d, int k) { return atoi(d->paths[k] + 1); }

static void test_split(void) {
  tc_dataset all, tr, va, tr2, va2;
  make_synthetic(&all, 70, 33);
  int c[2];
  tc_dataset_counts(&all, c);
  CHECK(c[0] == 70 && c[1] == 33, "synthetic counts %d %d", c[0], c[1]);
  CHECK(tc_dataset_split(&all, 0.2, 42, &tr, &va) == 0, "split");
  /* Stratified: round(0.2 * 70) = 14 and round(0.2 * 33) = 7 held out. */
  int ct[2], cv[2];
  tc_dataset_counts(&tr, ct);
  tc_dataset_counts(&va, cv);
  CHECK(cv[0] == 14 && cv[1] == 7, "val counts %d %d", cv[0], cv[1]);
  CHECK(ct[0] == 56 && ct[1] == 26, "train counts %d %d", ct[0], ct[1]);
  /* Disjoint, complete, in the original order, pixels and labels follow. */
  int seen[103] = {0}, ordered = 1, follow = 1;
  for (int part = 0; part < 2; part++) {
    const tc_dataset *p = part ? &va : &tr;
    for (int k = 0; k < p->n; k++) {
      int i = index_of(p, k);
      seen[i]++;
      if (k && index_of(p, k - 1) >= i) ordered = 0;
      follow &= p->pixels[k] == all.pixels[i] && p->labels[k] == all.labels[i];
    }
    CHECK(p->h == 1 && strcmp(p->class_name[1], "pos") == 0, "shape and names copied");
  }
  int once = 1;
  for (int i = 0; i < 103; i++) once &= seen[i] == 1;
  CHECK(once, "every image in exactly one part");
  CHECK(ordered, "original order kept");
  CHECK(follow, "pixels and labels follow their image");
  /* Deterministic by seed; another seed gives another split. */
  CHECK(tc_dataset_split(&all, 0.2, 42, &tr2, &va2) == 0, "split again");
  int same = va2.n == va.n;
  for (int k = 0; same && k < va.n; k++) same = strcmp(va.paths[k], va2.paths[k]) == 0;
  CHECK(same, "same seed, same split");
  tc_dataset_free(&tr2);
  tc_dataset_free(&va2);
  CHECK(tc_dataset_split(&all, 0.2, 43, &tr2, &va2) == 0, "split seed 43");
  same = va2.n == va.n;
  for (int k = 0; same && k < va.n; k++) same = strcmp(va.paths[k], va2.paths[k]) == 0;
  CHECK(!same, "seed 43 differs from seed 42");
  tc_dataset_free(&tr2);
  tc_dataset_free(&va2);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  /* No validation part; a class of two still gets one of each. */
  CHECK(tc_dataset_split(&all, 0.0, 1, &tr, &va) == 0 && tr.n == 103 && va.n == 0, "val 0");
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  tc_dataset_free(&all);
  make_synthetic(&all, 10, 2);
  CHECK(tc_dataset_split(&all, 0.05, 1, &tr, &va) == 0, "tiny split");
  tc_dataset_counts(&va, cv);
  CHECK(cv[0] == 1 && cv[1] == 1, "each class in validation: %d %d", cv[0], cv[1]);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  CHECK(tc_dataset_split(&all, 1.0, 1, &tr, &va) == -1, "val 1.0 refused");
  CHECK(tc_dataset_split(&all, -0.1, 1, &tr, &va) == -1, "val < 0 refused");
  tc_dataset_free(&all);
}

/* ---- augmentation ------------------------------------------------------- */

static void make_ramp(tc_dataset *d, int c) {
  memset(d, 0, sizeof *d);
  d->h = d->w = 16;
  d->c = c;
  d->n = 2;
  d->pixels = malloc(2 * 256 * (size_t)c);
  d->labels = calloc(2, 1);
  for (int i = 0; i < 256; i++)
    for (int k = 0; k < c; k++) {
      d->pixels[i * c + k] = (uint8_t)(i + 37 * k);          /* image 0: unique */
      d->pixels[(256 + i) * c + k] = (uint8_t)(64 + i / 2);   /* image 1: 64..191 */
    }
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The image shifted by (dx, dy) with edges replicated, then maybe mirrored. */
static void expect_geom(const uint8_t *src, int w, int h, int c, int dx, int dy, int flip,
                        uint8_t *out) {
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int sx = clampi(x - dx, 0, w - 1), sy = clampi(y - dy, 0, h - 1);
      int ox = flip ? w - 1 - x : x;
      for (int k = 0; k < c; k++) out[(y * w + ox) * c + k] = src[(sy * w + sx) * c + k];
    }
}

static void test_augment(void) {
  for (int c = 1; c <= 3; c += 2) {
    tc_dataset d;
    make_ramp(&d, c);
    size_t n = 256 * (size_t)c;
    uint8_t out[768], exp[768];
    tc_rng r, r0;
    tc_rng_seed(&r, 5);
    r0 = r;
    tc_augment_opts off = {0, 0, 0.0f, 0.0f};
    tc_augment(&d, 0, out, &r, &off);
    CHECK(memcmp(out, d.pixels, n) == 0, "c=%d: all options off is the identity", c);
    CHECK(r.s == r0.s, "options off draw no random numbers");

    tc_augment_opts flip = {0, 1, 0.0f, 0.0f};
    int seen[2] = {0, 0}, ok = 1;
    for (int t = 0; t < 64; t++) {
      tc_augment(&d, 0, out, &r, &flip);
      int f = memcmp(out, d.pixels, n) != 0;
      expect_geom(d.pixels, 16, 16, c, 0, 0, f, exp);
      ok &= memcmp(out, exp, n) == 0;
      seen[f]++;
    }
    CHECK(ok, "c=%d: flip gives the image or its exact mirror", c);
    CHECK(seen[0] > 10 && seen[1] > 10, "both flips happen (%d, %d)", seen[0], seen[1]);

    tc_augment_opts shift = {3, 1, 0.0f, 0.0f};
    int lo = 99, hi = -99, all_ok = 1;
    for (int t = 0; t < 200; t++) {
      tc_augment(&d, 0, out, &r, &shift);
      int found = 0;
      for (int dy = -3; dy <= 3 && !found; dy++)
        for (int dx = -3; dx <= 3 && !found; dx++)
          for (int f = 0; f < 2 && !found; f++) {
            expect_geom(d.pixels, 16, 16, c, dx, dy, f, exp);
            if (memcmp(out, exp, n) == 0) {
              found = 1;
              lo = dx < lo ? dx : lo;
              hi = dx > hi ? dx : hi;
            }
          }
      all_ok &= found;
    }
    CHECK(all_ok, "c=%d: every shift is a translation by <= 3 with edges replicated", c);
    CHECK(lo == -3 && hi == 3, "shifts span -3..3 (saw %d..%d)", lo, hi);

    /* Brightness: one offset for the whole image (image 1 never clamps at
     * +-0.2 * 255 = 51), both signs over the draws. */
    tc_augment_opts bright = {0, 0, 0.2f, 0.0f};
    int neg = 0, pos = 0;
    ok = 1;
    const uint8_t *src = d.pixels + n;
    for (int t = 0; t < 50; t++) {
      tc_augment(&d, 1, out, &r, &bright);
      int off = out[0] - src[0];
      for (size_t i = 0; i < n; i++) ok &= out[i] - src[i] == off;
      ok &= off >= -51 && off <= 51;
      neg += off < 0;
      pos += off > 0;
    }
    CHECK(ok, "c=%d: brightness adds one offset within +-51", c);
    CHECK(neg > 5 && pos > 5, "brightness both ways (%d down, %d up)", neg, pos);

    /* Contrast: v' = round((v - mean) * g + mean), g in [0.5, 1.5]. */
    tc_augment_opts con = {0, 0, 0.0f, 0.5f};
    ok = 1;
    int wider = 0, narrower = 0;
    for (int t = 0; t < 50; t++) {
      tc_augment(&d, 1, out, &r, &con);
      for (int k = 0; k < c; k++) {
        double mean = 0;
        int mn = 255, mx = 0, omn = 255, omx = 0;
        for (int i = 0; i < 256; i++) {
          int v = src[i * c + k], o = out[i * c + k];
          mean += v;
          mn = v < mn ? v : mn;
          mx = v > mx ? v : mx;
          omn = o < omn ? o : omn;
          omx = o > omx ? o : omx;
        }
        mean /= 256;
        double g = (double)(omx - omn) / (mx - mn);
        ok &= g > 0.49 && g < 1.51;
        for (int i = 0; i < 256; i++) {
          double e = (src[i * c + k] - mean) * g + mean;
          ok &= fabs(out[i * c + k] - e) <= 1.5;
        }
        wider += g > 1.0;
        narrower += g < 1.0;
      }
    }
    CHECK(ok, "c=%d: contrast scales around the mean by a gain in [0.5, 1.5]", c);
    CHECK(wider > 5 && narrower > 5, "contrast both ways (%d, %d)", wider, narrower);

    /* Everything on: still 0..255 (uint8 by type) and the same seed replays. */
    tc_augment_opts most = {4, 1, 0.5f, 0.9f};
    uint8_t a[768], b[768];
    tc_rng_seed(&r, 99);
    tc_rng_seed(&r0, 99);
    ok = 1;
    int clipped = 0;
    for (int t = 0; t < 20; t++) {
      tc_augment(&d, t & 1, a, &r, &most);
      tc_augment(&d, t & 1, b, &r0, &most);
      ok &= memcmp(a, b, n) == 0;
      for (size_t i = 0; i < n; i++) clipped += a[i] == 0 || a[i] == 255;
    }
    CHECK(ok, "same seed, same augmentation");
    CHECK(clipped > 0, "strong brightness/contrast saturate at 0/255");
    tc_dataset_free(&d);
  }
}

/* ---- Fashion-MNIST ------------------------------------------------------ */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static int test_fashion(const char *dir) {
  char im[512], lb[512], err[512];
  snprintf(im, sizeof im, "%s/train-images-idx3-ubyte.gz", dir);
  snprintf(lb, sizeof lb, "%s/train-labels-idx1-ubyte.gz", dir);
  if (access(im, R_OK) != 0 || access(lb, R_OK) != 0) {
    printf("SKIP train_data_fashion: %s not found (Debian package dataset-fashion-mnist)\n", im);
    return 77;
  }
  /* The labels and the first kept image, read here independently. */
  gzFile f = gzopen(lb, "rb");
  static uint8_t lab[60008];
  int nl = f ? gzread(f, lab, sizeof lab) : -1;
  if (f) gzclose(f);
  CHECK(nl == 60008, "label file size %d", nl);
  int first = -1, n0 = 0, n6 = 0;
  for (int i = 0; i < 60000 && nl == 60008; i++) {
    int l = lab[8 + i];
    if ((l == 0 || l == 6) && first < 0) first = i;
    n0 += l == 0;
    n6 += l == 6;
  }
  uint8_t raw[784];
  f = gzopen(im, "rb");
  gzseek(f, 16 + (long)first * 784, SEEK_SET);
  CHECK(gzread(f, raw, 784) == 784, "read image %d", first);
  gzclose(f);

  tc_dataset d;
  double t0 = now();
  int rc = tc_dataset_load_idx(im, lb, 6, 0, 28, 28, 1, &d, err, sizeof err);
  double t1 = now();
  CHECK(rc == 0, "fashion 28x28: %s", err);
  if (rc == 0) {
    int c[2];
    tc_dataset_counts(&d, c);
    CHECK(n0 == 6000 && n6 == 6000, "independent count %d %d", n0, n6);
    CHECK(c[0] == 6000 && c[1] == 6000 && d.n == 12000, "fashion counts %d + %d", c[0], c[1]);
    char path[32];
    snprintf(path, sizeof path, "idx:%d", first);
    CHECK(strcmp(d.paths[0], path) == 0, "first kept image %s, want %s", d.paths[0], path);
    CHECK(d.labels[0] == (lab[8 + first] == 6), "first label");
    CHECK(memcmp(d.pixels, raw, 784) == 0, "28x28 -> 28x28 keeps the bytes");
    printf("fashion-mnist 0 vs 6 at 28x28x1: %d images in %.2f s\n", d.n, t1 - t0);
  }
  tc_dataset_free(&d);
  t0 = now();
  rc = tc_dataset_load_idx(im, lb, 6, 0, 64, 64, 1, &d, err, sizeof err);
  t1 = now();
  CHECK(rc == 0 && d.n == 12000, "fashion 64x64: %s", err);
  if (rc == 0) printf("fashion-mnist 0 vs 6 at 64x64x1: %d images in %.2f s\n", d.n, t1 - t0);
  tc_dataset_free(&d);
  return 0;
}

/* ---- a real folder (../shared/data/face-mask) ---------------------------- */

static int g_nfiles;
static int count_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  if (flag == FTW_F && ftw->level >= 2 && p[ftw->base] != '.') g_nfiles++;
  return 0;
}

/* One file through tc_bitmap_load_tensor (the path of train, eval and
 * predict), directly. */
static int redo_one(const char *path, uint8_t out[64 * 64]) {
  char err[256];
  tc_tensor t;
  memset(&t, 0, sizeof t);
  t.data = out;
  t.type = TC_UINT8;
  t.ndims = 4;
  t.dims[0] = 1;
  t.dims[1] = t.dims[2] = 64;
  t.dims[3] = 1;
  t.bytes = 4096;
  t.scale = 1.0f / 255;
  return tc_bitmap_load_tensor(path, &t, NULL, err, sizeof err) == 0 ? 0 : -1;
}

/* Every file accounted for (loaded or listed), the threaded loader's slots
 * in file order (a few images redone here one by one), counts as on disk. */
static int test_real_dir(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    printf("SKIP train_data_dir: %s not found\n", dir);
    return 77;
  }
  nftw(dir, count_cb, 16, FTW_PHYS);
  tc_dataset d;
  char err[512];
  FILE *log = tmpfile();
  double t0 = now();
  int rc = tc_dataset_load_dir(dir, 64, 64, 1, NULL, &d, log, err, sizeof err);
  double t1 = now();
  char *text = log_text(log);
  fclose(log);
  CHECK(rc == 0, "%s: %s", dir, err);
  if (rc == 0) {
    int in_class = 0;
    for (const char *p = text; (p = strstr(p, "skipped: ")) != NULL; p++) {
      const char *eol = strchr(p, '\n');
      const char *rel = p + strlen("skipped: ") + strlen(dir) + 1;
      const char *slash = strchr(rel, '/');
      if (slash && eol && slash < eol) in_class++; /* not a top-level entry */
    }
    CHECK(d.n + in_class == g_nfiles, "%d loaded + %d skipped != %d files", d.n, in_class,
          g_nfiles);
    int c[2];
    tc_dataset_counts(&d, c);
    CHECK(c[0] > 0 && c[1] > 0, "both classes");
    const int pick[3] = {0, d.n / 2, d.n - 1};
    for (int k = 0; k < 3; k++) {
      int i = pick[k];
      uint8_t out[64 * 64];
      CHECK(redo_one(d.paths[i], out) == 0 && memcmp(out, d.pixels + (size_t)i * 4096, 4096) == 0,
            "image %d (%s) matches a one-by-one load", i, d.paths[i]);
    }
    printf("%s: %d images (%s %d, %s %d), %d skipped, in %.2f s\n", dir, d.n, d.class_name[0],
           c[0], d.class_name[1], c[1], count_lines_with(text, "skipped: "), t1 - t0);
  }
  free(text);
  tc_dataset_free(&d);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--fashion") == 0) {
    int rc = test_fashion(argv[2]);
    if (rc == 77) return 77;
  } else if (argc == 3 && strcmp(argv[1], "--dir") == 0) {
    if (test_real_dir(argv[2]) == 77) return 77;
  } else {
    snprintf(g_root, sizeof g_root, "/tmp/tc_train_data_XXXXXX");
    if (!mkdtemp(g_root)) {
      perror("mkdtemp");
      return 1;
    }
    test_rng();
    test_dir_load();
    test_dir_big();
    test_dir_errors();
    test_idx();
    test_split();
    test_augment();
    nftw(g_root, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
  }
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
