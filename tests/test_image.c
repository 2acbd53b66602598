/* Image preprocessing tests: every expected value is computed here, by hand
 * or by an independent formula (double-precision reference resize), never
 * copied from the code's output. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tinycnn/image.h"
#include "support/check.h"

static tc_tensor tensor(void *data, int type, int h, int w, int c, float scale,
                        int32_t zp) {
  tc_tensor t;
  size_t es = type == TC_FLOAT32 ? 4 : 1;
  memset(&t, 0, sizeof t);
  t.data = data;
  t.type = (uint8_t)type;
  t.ndims = 4;
  t.dims[0] = 1;
  t.dims[1] = h;
  t.dims[2] = w;
  t.dims[3] = c;
  t.bytes = (uint32_t)((size_t)h * w * c * es);
  t.scale = scale;
  t.zero_point = zp;
  t.nscales = type == TC_FLOAT32 ? 0 : 1;
  return t;
}

static tc_image image(const void *data, int w, int h, int fmt) {
  tc_image im;
  im.data = (const uint8_t *)data;
  im.width = w;
  im.height = h;
  im.stride = 0;
  im.format = fmt;
  return im;
}

/* The identity quantization: uint8, scale 1/255, zero point 0. */
static tc_status run_u8(const tc_image *im, uint8_t *out, int h, int w, int c,
                        int stretch) {
  tc_tensor t = tensor(out, TC_UINT8, h, w, c, 1.0f / 255, 0);
  tc_image_opts o;
  memset(&o, 0, sizeof o);
  o.stretch = stretch;
  return tc_image_to_tensor(im, &t, &o);
}

static int luma(int r, int g, int b) { return (77 * r + 150 * g + 29 * b + 128) >> 8; }

static int clamp255(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

/* ---- colour conversion ---- */

static void test_rgb565(void) {
  /* pure red, green, blue, white, and a mid value 0x7BEF = r15 g31 b15 */
  static const uint16_t px[5] = {0xF800, 0x07E0, 0x001F, 0xFFFF, 0x7BEF};
  static const uint8_t want[5][3] = {
      {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255},
      /* (15<<3)|(15>>2) = 123, (31<<2)|(31>>4) = 125 */
      {123, 125, 123}};
  uint8_t be[10], le[10], out[15], g[5];
  int i, k, order;
  for (i = 0; i < 5; i++) {
    be[2 * i] = (uint8_t)(px[i] >> 8), be[2 * i + 1] = (uint8_t)px[i];
    le[2 * i] = (uint8_t)px[i], le[2 * i + 1] = (uint8_t)(px[i] >> 8);
  }
  for (order = 0; order < 2; order++) {
    tc_image im = image(order ? le : be, 5, 1,
                        order ? TC_PIX_RGB565_LE : TC_PIX_RGB565_BE);
    CHECK(run_u8(&im, out, 1, 5, 3, 0) == TC_OK, "rgb565 run");
    for (i = 0; i < 5; i++)
      for (k = 0; k < 3; k++)
        CHECK(out[3 * i + k] == want[i][k], "rgb565 %s px %d ch %d: %d want %d",
              order ? "LE" : "BE", i, k, out[3 * i + k], want[i][k]);
    CHECK(run_u8(&im, g, 1, 5, 1, 0) == TC_OK, "rgb565 grey run");
    for (i = 0; i < 5; i++)
      CHECK(g[i] == luma(want[i][0], want[i][1], want[i][2]),
            "rgb565 %s grey %d: %d", order ? "LE" : "BE", i, g[i]);
  }
  /* by hand: red -> (77*255+128)>>8 = 77, green 149, blue 29, white 255 */
  CHECK(g[0] == 77 && g[1] == 149 && g[2] == 29 && g[3] == 255,
        "grey of primaries %d %d %d %d", g[0], g[1], g[2], g[3]);
  /* the wrong byte order must not pass: BE bytes read as LE */
  {
    tc_image im = image(be, 1, 1, TC_PIX_RGB565_LE);
    CHECK(run_u8(&im, out, 1, 1, 3, 0) == TC_OK, "run");
    /* 0xF800 read LE is 0x00F8: r0, g7 -> 28+0 = 28, b24 -> 192|6 = 198 */
    CHECK(out[0] == 0 && out[1] == 28 && out[2] == 198, "swapped %d %d %d",
          out[0], out[1], out[2]);
  }
}

static void test_gray_rgb888(void) {
  const uint8_t rgb[6] = {10, 200, 30, 255, 128, 0};
  const uint8_t bgr[6] = {30, 200, 10, 0, 128, 255};
  const uint8_t gray[2] = {0, 173};
  uint8_t out[6];
  tc_image im = image(rgb, 2, 1, TC_PIX_RGB888);
  CHECK(run_u8(&im, out, 1, 2, 1, 0) == TC_OK, "rgb888 grey");
  /* (77*10 + 150*200 + 29*30 + 128) >> 8 = 31768 >> 8 = 124 */
  CHECK(out[0] == 124, "rgb888 grey0 %d", out[0]);
  CHECK(out[1] == luma(255, 128, 0), "rgb888 grey1 %d", out[1]);
  CHECK(run_u8(&im, out, 1, 2, 3, 0) == TC_OK, "rgb888 rgb");
  CHECK(memcmp(out, rgb, 6) == 0, "rgb888 passthrough");
  im = image(bgr, 2, 1, TC_PIX_BGR888);
  CHECK(run_u8(&im, out, 1, 2, 3, 0) == TC_OK, "bgr888 rgb");
  CHECK(memcmp(out, rgb, 6) == 0, "bgr888 swaps to rgb");
  im = image(gray, 2, 1, TC_PIX_GRAY8);
  CHECK(run_u8(&im, out, 1, 2, 3, 0) == TC_OK, "gray rgb");
  CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0 && out[3] == 173 &&
            out[4] == 173 && out[5] == 173,
        "gray replicated");
  CHECK(run_u8(&im, out, 1, 2, 1, 0) == TC_OK && out[0] == 0 && out[1] == 173,
        "gray passthrough");
}

static void test_yuyv(void) {
  /* pair 0: neutral chroma; pair 1: Y 81, U 90, V 240 (a red) */
  const uint8_t yuyv[8] = {100, 128, 200, 128, 81, 90, 150, 240};
  uint8_t out[12];
  int i;
  tc_image im = image(yuyv, 4, 1, TC_PIX_YUYV);
  CHECK(run_u8(&im, out, 1, 4, 1, 0) == TC_OK, "yuyv grey");
  CHECK(out[0] == 100 && out[1] == 200 && out[2] == 81 && out[3] == 150,
        "yuyv grey = Y %d %d %d %d", out[0], out[1], out[2], out[3]);
  CHECK(run_u8(&im, out, 1, 4, 3, 0) == TC_OK, "yuyv rgb");
  CHECK(out[0] == 100 && out[1] == 100 && out[2] == 100, "neutral Y0");
  CHECK(out[3] == 200 && out[4] == 200 && out[5] == 200, "neutral Y1");
  for (i = 2; i < 4; i++) {
    int y = yuyv[i == 2 ? 4 : 6], d = 90 - 128, e = 240 - 128;
    /* written from the header's formula, with floor division */
    int r = clamp255((256 * y + 359 * e + 128) / 256);
    int g = clamp255((256 * y - 88 * d - 183 * e + 128 + 256 * 256) / 256 - 256);
    int b = clamp255((256 * y + 454 * d + 128 + 256 * 256) / 256 - 256);
    /* and against real BT.601 full range, within rounding */
    double rf = y + 1.402 * e, gf = y - 0.344136 * d - 0.714136 * e,
           bf = y + 1.772 * d;
    CHECK(out[3 * i] == r && out[3 * i + 1] == g && out[3 * i + 2] == b,
          "yuyv px %d: %d %d %d want %d %d %d", i, out[3 * i], out[3 * i + 1],
          out[3 * i + 2], r, g, b);
    CHECK((rf > 255 ? 255 : rf) - out[3 * i] < 1.0 &&
              (rf > 255 ? 255 : rf) - out[3 * i] > -1.0 &&
              gf - out[3 * i + 1] < 1.0 && gf - out[3 * i + 1] > -1.0 &&
              bf - out[3 * i + 2] < 1.0 && bf - out[3 * i + 2] > -1.0,
          "yuyv px %d far from BT.601 %.2f %.2f %.2f", i, rf, gf, bf);
  }
  /* by hand for pixel 2: R = 81 + 1.402*112 = 238.0, B = 81 - 1.772*38 = 13.7 */
  CHECK(out[6] == 238 && out[8] == 14, "yuyv red %d %d", out[6], out[8]);
  /* sweep Y, U, V over a grid: the header's integer formula (rewritten
     here with floor division) and within 1 of real-valued BT.601 */
  {
    uint8_t sw[4], o2[6];
    int y, u, v, bad = 0, far = 0;
    tc_image is = image(sw, 2, 1, TC_PIX_YUYV);
    for (y = 0; y < 256; y += 5)
      for (u = 0; u < 256; u += 5)
        for (v = 0; v < 256; v++) {
          int d = u - 128, e = v - 128, k;
          int want[3] = {
              clamp255((256 * y + 359 * e + 128 + 65536) / 256 - 256),
              clamp255((256 * y - 88 * d - 183 * e + 128 + 65536) / 256 - 256),
              clamp255((256 * y + 454 * d + 128 + 65536) / 256 - 256)};
          double real[3] = {y + 1.402 * e, y - 0.344136 * d - 0.714136 * e,
                            y + 1.772 * d};
          sw[0] = (uint8_t)y, sw[1] = (uint8_t)u, sw[2] = 0, sw[3] = (uint8_t)v;
          if (run_u8(&is, o2, 1, 2, 3, 1) != TC_OK) bad++;
          for (k = 0; k < 3; k++) {
            double r = real[k] < 0 ? 0 : real[k] > 255 ? 255 : real[k];
            bad += o2[k] != want[k];
            far += r - o2[k] >= 1.0 || r - o2[k] <= -1.0;
          }
        }
    CHECK(bad == 0, "yuyv sweep: %d differ from the formula", bad);
    CHECK(far == 0, "yuyv sweep: %d more than 1 from BT.601", far);
  }
  /* odd width is rejected */
  im.width = 3;
  CHECK(run_u8(&im, out, 1, 3, 1, 0) == TC_ERR_ARG, "odd yuyv width");
}

/* ---- crop ---- */

static void test_crop(void) {
  int32_t x0, y0, cw, ch;
  CHECK(tc_image_crop_rect(160, 120, 96, 96, &x0, &y0, &cw, &ch) == TC_OK &&
            x0 == 20 && y0 == 0 && cw == 120 && ch == 120,
        "160x120->96x96: %d %d %d %d", x0, y0, cw, ch);
  CHECK(tc_image_crop_rect(120, 160, 96, 96, &x0, &y0, &cw, &ch) == TC_OK &&
            x0 == 0 && y0 == 20 && cw == 120 && ch == 120,
        "portrait: %d %d %d %d", x0, y0, cw, ch);
  CHECK(tc_image_crop_rect(320, 240, 160, 120, &x0, &y0, &cw, &ch) == TC_OK &&
            x0 == 0 && y0 == 0 && cw == 320 && ch == 240,
        "same aspect: %d %d %d %d", x0, y0, cw, ch);
  /* 101 wide for square: 100 kept, the odd leftover dropped on the right */
  CHECK(tc_image_crop_rect(101, 100, 10, 10, &x0, &y0, &cw, &ch) == TC_OK &&
            x0 == 0 && cw == 100,
        "odd leftover: %d %d", x0, cw);
  /* 16:9 model, square source: ch = round(100*9/16) = round(56.25) = 56,
     y0 = (100 - 56) / 2 = 22 */
  CHECK(tc_image_crop_rect(100, 100, 16, 9, &x0, &y0, &cw, &ch) == TC_OK &&
            x0 == 0 && y0 == 22 && cw == 100 && ch == 56,
        "16:9: %d %d %d %d", x0, y0, cw, ch);
  /* end to end: a 120x120 model on a 160x120 frame, so the crop is the
     only step: output (x, y) must be source (x + 20, y) */
  {
    static uint8_t src[160 * 120];
    static uint8_t out[120 * 120];
    int x, y, ok = 1;
    for (y = 0; y < 120; y++)
      for (x = 0; x < 160; x++) src[y * 160 + x] = (uint8_t)(x + y);
    tc_image im = image(src, 160, 120, TC_PIX_GRAY8);
    CHECK(run_u8(&im, out, 120, 120, 1, 0) == TC_OK, "crop run");
    for (y = 0; y < 120; y++)
      for (x = 0; x < 120; x++)
        if (out[y * 120 + x] != (uint8_t)(x + 20 + y)) ok = 0;
    CHECK(ok, "crop picks columns 20..139");
  }
}

/* ---- resize ---- */

/* Independent reference: per axis, area coverage when shrinking, centre
 * aligned bilinear when growing, all in double. */
static void ref_weights(int s, int d, int i, double *w) {
  int j;
  for (j = 0; j < s; j++) w[j] = 0;
  if (s >= d) {
    double a = (double)i * s / d, b = (double)(i + 1) * s / d;
    for (j = 0; j < s; j++) {
      double lo = j > a ? j : a, hi = j + 1 < b ? j + 1 : b;
      if (hi > lo) w[j] = hi - lo;
    }
  } else {
    double x = (i + 0.5) * s / d - 0.5;
    int j0;
    if (x < 0) x = 0;
    if (x > s - 1) x = s - 1;
    j0 = (int)x;
    w[j0] += 1.0 - (x - j0);
    if (x - j0 > 0) w[j0 + 1] += x - j0;
  }
}

static int ref_pixel(const uint8_t *src, int sw, int sh, int dw, int dh,
                     int ox, int oy) {
  double wx[64], wy[64], sum = 0, den = 0, v;
  int i, j;
  ref_weights(sw, dw, ox, wx);
  ref_weights(sh, dh, oy, wy);
  for (j = 0; j < sh; j++)
    for (i = 0; i < sw; i++) {
      sum += wx[i] * wy[j] * src[j * sw + i];
      den += wx[i] * wy[j];
    }
  v = sum / den;
  return (int)(v + 0.5 + 1e-9); /* half up, as documented */
}

static uint32_t rng = 12345;
static uint8_t rnd(void) {
  rng = rng * 1103515245u + 12345u;
  return (uint8_t)(rng >> 16);
}

static int compare_ref(int sw, int sh, int dw, int dh) {
  uint8_t src[64 * 64], out[64 * 64];
  int i, x, y, bad = 0;
  for (i = 0; i < sw * sh; i++) src[i] = rnd();
  tc_image im = image(src, sw, sh, TC_PIX_GRAY8);
  if (run_u8(&im, out, dh, dw, 1, 1) != TC_OK) return -1;
  for (y = 0; y < dh; y++)
    for (x = 0; x < dw; x++) {
      int want = ref_pixel(src, sw, sh, dw, dh, x, y);
      if (out[y * dw + x] != want) {
        if (bad < 3)
          printf("  %dx%d->%dx%d (%d,%d): %d want %d\n", sw, sh, dw, dh, x, y,
                 out[y * dw + x], want);
        bad++;
      }
    }
  return bad;
}

static void test_area(void) {
  /* 4x4 -> 2x2: block means by hand, .5 rounds up */
  const uint8_t s[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const uint8_t t[16] = {10, 20, 200, 0, 30, 40, 0, 0, 255, 255, 7, 7,
                         255, 254, 7, 8};
  uint8_t out[4];
  tc_image im = image(s, 4, 4, TC_PIX_GRAY8);
  CHECK(run_u8(&im, out, 2, 2, 1, 0) == TC_OK, "area run");
  /* (0+1+4+5)/4 = 2.5 -> 3, 4.5 -> 5, 10.5 -> 11, 12.5 -> 13 */
  CHECK(out[0] == 3 && out[1] == 5 && out[2] == 11 && out[3] == 13,
        "4x4 area %d %d %d %d", out[0], out[1], out[2], out[3]);
  im.data = t;
  CHECK(run_u8(&im, out, 2, 2, 1, 0) == TC_OK, "area run");
  /* 100/4 = 25, 200/4 = 50, 1019/4 = 254.75 -> 255, 29/4 = 7.25 -> 7 */
  CHECK(out[0] == 25 && out[1] == 50 && out[2] == 255 && out[3] == 7,
        "4x4 area %d %d %d %d", out[0], out[1], out[2], out[3]);
  /* 3x1 -> 2x1 by hand: out0 = (a + b/2) / 1.5, out1 = (b/2 + c) / 1.5 */
  {
    const uint8_t r[3] = {90, 30, 0};
    tc_image im3 = image(r, 3, 1, TC_PIX_GRAY8);
    CHECK(run_u8(&im3, out, 1, 2, 1, 1) == TC_OK, "3->2");
    /* (90 + 15) / 1.5 = 70, (15 + 0) / 1.5 = 10 */
    CHECK(out[0] == 70 && out[1] == 10, "3->2 %d %d", out[0], out[1]);
  }
  /* non-integer factors vs the double reference */
  CHECK(compare_ref(7, 5, 3, 2) == 0, "7x5->3x2");
  CHECK(compare_ref(10, 10, 3, 3) == 0, "10x10->3x3");
  CHECK(compare_ref(37, 29, 11, 13) == 0, "37x29->11x13");
  CHECK(compare_ref(64, 48, 17, 48) == 0, "64x48->17x48");
  CHECK(compare_ref(5, 5, 5, 5) == 0, "identity");
  CHECK(compare_ref(33, 1, 1, 1) == 0, "33->1");
}

static void test_bilinear(void) {
  /* 2x2 -> 4x4; sample points -0.25, 0.25, 0.75, 1.25 -> clamp 0 and 1 */
  const uint8_t s[4] = {0, 100, 200, 40};
  const uint8_t want[16] = {
      0,   25,  75,  100, /* row 0 */
      50,  59,  76,  85,  /* .75 r0 + .25 r1: 50, 58.75, 76.25, 85 */
      150, 126, 79,  55,  /* .25 r0 + .75 r1: 150, 126.25, 78.75, 55 */
      200, 160, 80,  40}; /* row 1 */
  uint8_t out[16];
  int i;
  tc_image im = image(s, 2, 2, TC_PIX_GRAY8);
  CHECK(run_u8(&im, out, 4, 4, 1, 0) == TC_OK, "bilinear run");
  for (i = 0; i < 16; i++)
    CHECK(out[i] == want[i], "bilinear %d: %d want %d", i, out[i], want[i]);
  CHECK(compare_ref(3, 3, 7, 7) == 0, "3x3->7x7");
  CHECK(compare_ref(5, 4, 16, 9) == 0, "5x4->16x9");
  CHECK(compare_ref(1, 1, 4, 4) == 0, "1->4");
  /* mixed: shrink one axis, grow the other */
  CHECK(compare_ref(8, 2, 4, 4) == 0, "8x2->4x4");
  CHECK(compare_ref(3, 40, 9, 7) == 0, "3x40->9x7");
  /* mixed by hand: 4x1 -> 2x2: x halves, y duplicates */
  {
    const uint8_t r[4] = {10, 20, 30, 41};
    tc_image im4 = image(r, 4, 1, TC_PIX_GRAY8);
    CHECK(run_u8(&im4, out, 2, 2, 1, 1) == TC_OK, "mixed run");
    CHECK(out[0] == 15 && out[1] == 36 && out[2] == 15 && out[3] == 36,
          "mixed %d %d %d %d", out[0], out[1], out[2], out[3]);
  }
}

static void test_rgb_resize(void) {
  /* 2x2 RGB888 -> 1x1 RGB and grey: channel means; grey = mean of greys */
  const uint8_t s[12] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
  uint8_t out[3];
  int g;
  tc_image im = image(s, 2, 2, TC_PIX_RGB888);
  CHECK(run_u8(&im, out, 1, 1, 3, 0) == TC_OK, "rgb resize");
  /* 510/4 = 127.5 -> 128 in every channel */
  CHECK(out[0] == 128 && out[1] == 128 && out[2] == 128, "rgb mean %d %d %d",
        out[0], out[1], out[2]);
  CHECK(run_u8(&im, out, 1, 1, 1, 0) == TC_OK, "grey resize");
  g = luma(255, 0, 0) + luma(0, 255, 0) + luma(0, 0, 255) + 255; /* 510 */
  CHECK(out[0] == (g + 2) / 4, "grey mean %d want %d", out[0], (g + 2) / 4);
  /* a stride with padding bytes that must be skipped */
  {
    const uint8_t p[8] = {10, 20, 99, 99, 30, 40, 99, 99};
    tc_image ip = image(p, 2, 2, TC_PIX_GRAY8);
    uint8_t o4[4];
    ip.stride = 4;
    CHECK(run_u8(&ip, o4, 2, 2, 1, 0) == TC_OK && o4[0] == 10 && o4[1] == 20 &&
              o4[2] == 30 && o4[3] == 40,
          "stride");
    CHECK(run_u8(&ip, o4, 1, 1, 1, 0) == TC_OK && o4[0] == 25, "stride mean %d",
          o4[0]);
  }
}

/* ---- quantization ---- */

static int round_away(double x) { return x < 0 ? -(int)(-x + 0.5) : (int)(x + 0.5); }

static void test_quant(void) {
  uint8_t ramp[256];
  int8_t q8[256];
  uint8_t u8[256];
  float f[256];
  int p, bad;
  tc_image im;
  tc_tensor t;
  tc_image_opts o;
  for (p = 0; p < 256; p++) ramp[p] = (uint8_t)p;
  im = image(ramp, 256, 1, TC_PIX_GRAY8);

  /* xor fast path: scale 1/255, zp -128 -> p - 128 */
  t = tensor(q8, TC_INT8, 1, 256, 1, 1.0f / 255, -128);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "xor run");
  for (bad = 0, p = 0; p < 256; p++) bad += q8[p] != p - 128;
  CHECK(bad == 0, "int8 xor path: %d wrong", bad);

  /* uint8 identity */
  t = tensor(u8, TC_UINT8, 1, 256, 1, 1.0f / 255, 0);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "u8 run");
  for (bad = 0, p = 0; p < 256; p++) bad += u8[p] != p;
  CHECK(bad == 0, "uint8 identity: %d wrong", bad);

  /* general: scale 0.02, zp 5: q = round(p/255/0.02) + 5 */
  t = tensor(q8, TC_INT8, 1, 256, 1, 0.02f, 5);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "general run");
  for (bad = 0, p = 0; p < 256; p++) {
    int want = round_away(p / 255.0 / 0.02) + 5;
    if (q8[p] != want) bad++;
  }
  CHECK(bad == 0, "int8 scale 0.02 zp 5: %d wrong", bad);
  /* by hand: 255 -> 50 + 5; 128 -> 25.1 -> 25 + 5; 3 -> 0.588 -> 1 + 5 */
  CHECK(q8[255] == 55 && q8[128] == 30 && q8[3] == 6, "hand %d %d %d", q8[255],
        q8[128], q8[3]);

  /* clamping: int8 scale 1/512 zp 0 -> 2p (+-), saturates at 127 */
  t = tensor(q8, TC_INT8, 1, 256, 1, 1.0f / 512, 0);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "clamp run");
  for (bad = 0, p = 0; p < 256; p++) {
    int want = round_away(p * 512.0 / 255);
    if (want > 127) want = 127;
    bad += q8[p] != want;
  }
  CHECK(bad == 0 && q8[255] == 127 && q8[63] == 126, "int8 clamp: %d wrong", bad);

  /* uint8, general scale and zero point, clamped at 255 */
  t = tensor(u8, TC_UINT8, 1, 256, 1, 0.003f, 20);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "u8 general");
  for (bad = 0, p = 0; p < 256; p++) {
    int want = round_away(p / 255.0 / (double)0.003f) + 20;
    if (want > 255) want = 255;
    bad += u8[p] != want;
  }
  CHECK(bad == 0, "uint8 scale 0.003 zp 20: %d wrong", bad);

  /* real range [-1, 1] into int8 scale 1/128 zp 0 */
  memset(&o, 0, sizeof o);
  o.scale_in = 2.0f / 255;
  o.offset_in = -1.0f;
  t = tensor(q8, TC_INT8, 1, 256, 1, 1.0f / 128, 0);
  CHECK(tc_image_to_tensor(&im, &t, &o) == TC_OK, "range run");
  for (bad = 0, p = 0; p < 256; p++) {
    double real = p * (double)(2.0f / 255) + -1.0;
    int want = round_away(real * 128.0);
    if (want > 127) want = 127;
    if (want < -128) want = -128;
    bad += q8[p] != want;
  }
  CHECK(bad == 0 && q8[0] == -128 && q8[255] == 127, "[-1,1] range: %d wrong",
        bad);

  /* float: exactly p / 255.0f */
  t = tensor(f, TC_FLOAT32, 1, 256, 1, 0.0f, 0);
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "float run");
  for (bad = 0, p = 0; p < 256; p++) bad += f[p] != (float)p / 255.0f;
  CHECK(bad == 0 && f[255] == 1.0f && f[0] == 0.0f, "float: %d wrong", bad);
  CHECK(tc_image_to_tensor(&im, &t, &o) == TC_OK, "float range run");
  for (bad = 0, p = 0; p < 256; p++) bad += f[p] != (float)p * (2.0f / 255) + -1.0f;
  CHECK(bad == 0 && f[0] == -1.0f, "float [-1,1]: %d wrong", bad);

  /* the whole chain: RGB565 BE red frame to int8 RGB via xor */
  {
    uint8_t fr[4 * 4 * 2];
    int8_t o3[2 * 2 * 3];
    int i;
    for (i = 0; i < 16; i++) fr[2 * i] = 0xF8, fr[2 * i + 1] = 0x00;
    tc_image imr = image(fr, 4, 4, TC_PIX_RGB565_BE);
    t = tensor(o3, TC_INT8, 2, 2, 3, 1.0f / 255, -128);
    CHECK(tc_image_to_tensor(&imr, &t, NULL) == TC_OK, "chain run");
    for (bad = 0, i = 0; i < 4; i++)
      bad += o3[3 * i] != 127 || o3[3 * i + 1] != -128 || o3[3 * i + 2] != -128;
    CHECK(bad == 0, "red frame int8: %d wrong", bad);
  }
}

/* ---- errors ---- */

static void test_errors(void) {
  uint8_t px[16] = {0}, out[64];
  tc_image im = image(px, 2, 2, TC_PIX_GRAY8);
  tc_tensor t = tensor(out, TC_UINT8, 2, 2, 1, 1.0f / 255, 0);
  tc_tensor u;
  CHECK(tc_image_to_tensor(NULL, &t, NULL) == TC_ERR_ARG, "NULL src");
  CHECK(tc_image_to_tensor(&im, NULL, NULL) == TC_ERR_ARG, "NULL dst");
  im.format = 42;
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_ERR_UNSUPPORTED, "format");
  im.format = TC_PIX_GRAY8;
  im.stride = 1;
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_ERR_ARG, "stride too small");
  im.stride = 0;
  im.width = 0;
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_ERR_ARG, "zero width");
  im.width = 5000;
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_ERR_UNSUPPORTED, "too wide");
  im.width = 2;
  u = t, u.ndims = 3;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_UNSUPPORTED, "3-D dst");
  u = t, u.dims[3] = 2;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_UNSUPPORTED, "C = 2");
  u = t, u.dims[0] = 2;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_UNSUPPORTED, "batch 2");
  u = t, u.type = TC_INT16;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_UNSUPPORTED, "int16");
  u = t, u.bytes = 3;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_ARG, "bytes too small");
  u = t, u.scale = 0.0f;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_ARG, "zero scale");
  u = t, u.data = NULL;
  CHECK(tc_image_to_tensor(&im, &u, NULL) == TC_ERR_ARG, "NULL data");
  CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "valid after all that");
  CHECK(tc_pixfmt_bpp(TC_PIX_YUYV) == 2 && tc_pixfmt_bpp(TC_PIX_RGB888) == 3 &&
            tc_pixfmt_bpp(99) == 0,
        "bpp");
}

int main(void) {
  test_rgb565();
  test_gray_rgb888();
  test_yuyv();
  test_crop();
  test_area();
  test_bilinear();
  test_rgb_resize();
  test_quant();
  test_errors();
  printf("test_image: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
