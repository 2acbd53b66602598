/* WebP through libwebp (issue 10): every file is encoded here by libwebp
 * itself (tests/support/encode.c), decoded back by src/imageio/webp.c:
 * lossless exactly, lossy within a tolerance; detected by its bytes, not
 * its name; damaged files refused cleanly; the memory bound from the
 * header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/imageio.h"
#include "support/check.h"
#include "support/encode.h"
#include "support/torture.h"

static uint32_t g_rng = 777;

/* Decodes d[n] (want may be NULL); expects w x h x 3 within tol of want_px. */
static void expect_px(const char *name, const uint8_t *d, size_t n, const tc_bitmap_want *want,
                      int w, int h, const uint8_t *want_px, int tol) {
  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_decode_for(d, n, name, want, &b, err, sizeof err);
  CHECK(rc == 0, "%s: %s", name, err);
  if (rc) return;
  CHECK(b.w == w && b.h == h && b.channels == 3, "%s: %dx%dx%d, want %dx%dx3", name, b.w, b.h,
        b.channels, w, h);
  int worst = 0;
  if (b.w == w && b.h == h && b.channels == 3)
    for (size_t i = 0; i < (size_t)w * h * 3; i++) {
      int e = abs((int)b.pixels[i] - (int)want_px[i]);
      if (e > worst) worst = e;
    }
  CHECK(worst <= tol, "%s: a sample differs by %d (tolerance %d)", name, worst, tol);
  printf("  %-22s %4dx%-4d decoded, largest difference %d (tolerance %d)\n", name, b.w, b.h, worst,
         tol);
  tc_bitmap_free(&b);
}

static void expect_err(const uint8_t *d, size_t n, const char *name, const tc_bitmap_want *want,
                       int code, const char *sub) {
  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_decode_for(d, n, name, want, &b, err, sizeof err);
  CHECK(rc == code && strstr(err, sub) && !b.pixels, "%s: rc %d '%s', want %d with '%s'", name, rc,
        err, code, sub);
  if (rc == 0) tc_bitmap_free(&b);
  printf("  refused as expected: %s\n", err);
}

static void le32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* RIFF container around one chunk (fourcc, payload). */
static size_t riff(uint8_t *out, const char *fourcc, const uint8_t *payload, uint32_t len) {
  memcpy(out, "RIFF", 4);
  le32(out + 4, 4 + 8 + len + (len & 1));
  memcpy(out + 8, "WEBP", 4);
  memcpy(out + 12, fourcc, 4);
  le32(out + 16, len);
  memcpy(out + 20, payload, len);
  if (len & 1) out[20 + len] = 0;
  return 20 + len + (len & 1);
}

int main(void) {
  enum { W = 13, H = 11 };
  uint8_t rgb[W * H * 3], rgba[W * H * 4];
  for (int i = 0; i < W * H; i++) {
    for (int c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c] = (uint8_t)(i * (c + 3) * 7 + c * 50);
    /* never 0: libwebp's lossless encoder may rewrite the colour of fully
     * transparent pixels (WebPConfig.exact = 0 in the simple API) */
    rgba[i * 4 + 3] = (uint8_t)(1 + (i * 13) % 254);
  }
  size_t n;
  puts("lossless: exact");
  uint8_t *ll = tt_webp_mem(W, H, 3, rgb, -1, &n);
  size_t ll_n = n;
  CHECK(ll != NULL, "libwebp cannot encode");
  if (!ll) return 1;
  expect_px("lossless.webp", ll, ll_n, NULL, W, H, rgb, 0);
  uint8_t *lla = tt_webp_mem(W, H, 4, rgba, -1, &n);
  expect_px("lossless_alpha.webp", lla, n, NULL, W, H, rgb, 0); /* alpha dropped, RGB kept */
  free(lla);

  /* The format from the bytes: a .bin, a .png name, a file on disk. */
  {
    const char *path = "/tmp/tc_webp_test.bin";
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(ll, 1, ll_n, f) == ll_n && fclose(f) == 0, "cannot write %s", path);
    tc_bitmap b;
    char err[256];
    int rc = tc_bitmap_load(path, &b, err, sizeof err);
    CHECK(rc == 0 && b.w == W && memcmp(b.pixels, rgb, sizeof rgb) == 0, "%s: %s", path,
          rc ? err : "wrong pixels");
    tc_bitmap_free(&b);
    remove(path);
    expect_px("named.png", ll, ll_n, NULL, W, H, rgb, 0);
  }

  puts("lossy: within tolerance");
  enum { LW = 64, LH = 48 };
  static uint8_t smooth[LW * LH * 3];
  for (int y = 0; y < LH; y++)
    for (int x = 0; x < LW; x++) {
      uint8_t *p = smooth + (y * LW + x) * 3;
      p[0] = (uint8_t)(40 + 3 * x), p[1] = (uint8_t)(200 - 3 * y), p[2] = (uint8_t)(90 + x + y);
    }
  uint8_t *ly = tt_webp_mem(LW, LH, 3, smooth, 90, &n);
  size_t ly_n = n;
  /* VP8 codes 4:2:0 YUV: smooth colour survives quality 90 within 12 */
  expect_px("lossy.webp", ly, ly_n, NULL, LW, LH, smooth, 12);

  puts("reduced by libwebp's scaler");
  {
    /* 4 flat quadrants, 400 x 320: for 16 x 16 the box factor is 2 (160
     * rows = 10 x 16 >= 8 x 16), so 200 x 160; away from the seams the
     * colours stay. */
    enum { QW = 400, QH = 320, RW = 200, RH = 160 };
    static uint8_t q[QW * QH * 3], want[RW * RH * 3];
    static const uint8_t col[4][3] = {{250, 10, 10}, {10, 250, 10}, {10, 10, 250}, {200, 200, 40}};
    for (int y = 0; y < QH; y++)
      for (int x = 0; x < QW; x++) memcpy(q + (y * QW + x) * 3, col[(y >= QH / 2) * 2 + (x >= QW / 2)], 3);
    for (int y = 0; y < RH; y++)
      for (int x = 0; x < RW; x++)
        memcpy(want + (y * RW + x) * 3, col[(y >= RH / 2) * 2 + (x >= RW / 2)], 3);
    uint8_t *qw = tt_webp_mem(QW, QH, 3, q, -1, &n);
    const tc_bitmap_want w16 = {16, 16, 0};
    tc_bitmap b;
    char err[256];
    int rc = tc_bitmap_decode_for(qw, n, "quad.webp", &w16, &b, err, sizeof err);
    int sized = rc == 0 && b.w == RW && b.h == RH;
    CHECK(sized && b.full_w == QW && b.full_h == QH,
          "quad.webp for 16x16: %s %dx%d (full %dx%d), want %dx%d", rc ? err : "", b.w, b.h, b.full_w,
          b.full_h, RW, RH);
    int worst = 0;
    for (int y = 0; sized && y < RH; y++)
      for (int x = 0; x < RW; x++) {
        if (x == RW / 2 - 1 || x == RW / 2 || y == RH / 2 - 1 || y == RH / 2) continue; /* seams */
        for (int c = 0; c < 3; c++) {
          int e = abs((int)b.pixels[(y * RW + x) * 3 + c] - (int)want[(y * RW + x) * 3 + c]);
          if (e > worst) worst = e;
        }
      }
    CHECK(worst <= 2, "quad.webp reduced: a quadrant colour off by %d", worst);
    printf("  quad.webp              %dx%d -> %dx%d for 16x16, quadrants within %d\n", QW, QH, b.w, b.h,
           worst);
    tc_bitmap_free(&b);
    free(qw);
  }

  puts("damaged and unsupported");
  expect_err(ll, ll_n / 2, "half.webp", NULL, TC_IMG_ECORRUPT, "truncated WebP data");
  expect_err(ly, ly_n / 2, "half_lossy.webp", NULL, TC_IMG_ECORRUPT, "WebP data");
  {
    uint8_t junk[64], buf[128];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (uint8_t)(i * 37 + 11);
    size_t m = riff(buf, "VP8L", junk, sizeof junk);
    expect_err(buf, m, "junk.webp", NULL, TC_IMG_ECORRUPT, "corrupt WebP data");
    /* VP8X with the animation flag (bit 1) and a 64 x 64 canvas */
    uint8_t x[10] = {0x02, 0, 0, 0, 63, 0, 0, 63, 0, 0};
    m = riff(buf, "VP8X", x, sizeof x);
    expect_err(buf, m, "anim.webp", NULL, TC_IMG_EUNSUPPORTED, "unsupported WebP (animated)");
    /* The memory bound from the header. Lossless 16384 x 16384: libwebp
     * decodes it whole as 32-bit ARGB (1 GiB), even for a small model. */
    uint8_t l[5] = {0x2f, 0xff, 0xff, 0xff, 0x0f};
    m = riff(buf, "VP8L", l, sizeof l);
    const tc_bitmap_want w96 = {96, 96, 0};
    expect_err(buf, m, "big.webp", &w96, TC_IMG_ETOOBIG,
               "16384x16384 lossless WebP needs 10");
    /* Lossy 16383 x 16383: for 96 x 96 scaled as it is decoded, so the
     * size is accepted and only the missing data is refused; at full
     * resolution 768 MiB of RGB is over the bound. */
    uint8_t v[10] = {0x30, 0, 0, 0x9d, 0x01, 0x2a, 0xff, 0x3f, 0xff, 0x3f};
    m = riff(buf, "VP8 ", v, sizeof v);
    expect_err(buf, m, "big_lossy.webp", &w96, TC_IMG_ECORRUPT, "WebP data");
    expect_err(buf, m, "big_lossy.webp", NULL, TC_IMG_ETOOBIG, "16383x16383 WebP needs");
  }

  puts("torture");
  const tc_bitmap_want small = {4, 4, 0};
  const struct {
    const char *name;
    const uint8_t *d;
    size_t n;
  } files[2] = {{"lossless.webp", ll, ll_n}, {"lossy.webp", ly, ly_n}};
  for (int f = 0; f < 2; f++)
    for (int k = 0; k < 2; k++) {
      int ok, refused;
      char why[256];
      int bad = tt_torture(files[f].d, files[f].n, k ? &small : NULL, &g_rng, &ok, &refused, why,
                           sizeof why);
      CHECK(bad == 0, "%s: %d inconsistent results, first: %s", files[f].name, bad, why);
      printf("  torture %-14s %6zu bytes%s: %d decoded, %d refused, no crash\n", files[f].name,
             files[f].n, k ? " (for 4x4)" : "", ok, refused);
    }
  free(ll);
  free(ly);
  printf("imageio_webp: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
