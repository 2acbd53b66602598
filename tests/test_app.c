/* The firmware logic (src/app) with a scripted fake HAL: decisions frame by
 * frame (threshold, hysteresis, debounce), the log line format, the LED and
 * camera-error recovery. Expected scores come from app_model_expected (the
 * model's formula in doubles), expected labels are written out by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_model.h"
#include "tinycnn/app.h"
#include "support/check.h"

#define SIDE 32
#define MAX_LINES 64

/* A script of frames: grey level 0..255, or a negative HAL error code. */
typedef struct fake {
  const int *script;
  int n, next;
  int reinit_rc, reinits, released, led, led_calls;
  int64_t now;
  uint8_t frame[SIDE * 2 * SIDE]; /* 64x32 grey */
  int bad_width;                  /* deliver width 0 (a broken frame) */
  char lines[MAX_LINES][TC_APP_LINE_LEN];
  int nlines;
  /* publish: the grey level of each published frame and its score */
  int pub_grey[MAX_LINES], npub;
  float pub_score[MAX_LINES];
  int held;                /* a frame is out (frame_get .. frame_release) */
  int pub_released_before; /* publish saw no frame out */
} fake;

static int f_get(void *ctx, tc_frame *f) {
  fake *k = ctx;
  int v = k->script[k->next++];
  if (v < 0) return v;
  memset(k->frame, v, sizeof k->frame);
  k->held = 1;
  f->data = k->frame;
  f->width = k->bad_width ? 0 : 2 * SIDE;
  f->height = SIDE;
  f->stride = 0;
  f->format = TC_PIX_GRAY8;
  return 0;
}
static void f_release(void *ctx, tc_frame *f) {
  (void)f;
  ((fake *)ctx)->released++;
  ((fake *)ctx)->held = 0;
}
static int f_reinit(void *ctx) {
  fake *k = ctx;
  k->reinits++;
  return k->reinit_rc;
}
/* Every call advances 12.4 ms: invoke is timed between two calls. */
static int64_t f_time(void *ctx) { return ((fake *)ctx)->now += 12400; }
static void f_led(void *ctx, int on) {
  ((fake *)ctx)->led = on;
  ((fake *)ctx)->led_calls++;
}
static void f_log(void *ctx, const char *line) {
  fake *k = ctx;
  if (k->nlines < MAX_LINES) snprintf(k->lines[k->nlines++], TC_APP_LINE_LEN, "%s", line);
}
static uint32_t f_heap(void *ctx) {
  (void)ctx;
  return 123456;
}

static void f_publish(void *ctx, const tc_frame *f, const tc_app *a) {
  fake *k = ctx;
  if (k->npub >= MAX_LINES) return;
  k->pub_grey[k->npub] = f->data ? f->data[0] : -1;
  k->pub_score[k->npub] = a->score;
  if (!k->held) k->pub_released_before = 1;
  k->npub++;
}

static uint8_t *model;
static size_t model_len;
static unsigned char arena[16384] __attribute__((aligned(16)));

static void hal_for(fake *k, tc_app_hal *h) {
  tc_app_hal x = {k, f_get, f_release, f_reinit, f_time, f_led, f_log, f_heap,
                  f_publish};
  *h = x;
}

static tc_status start(tc_app *a, fake *k, const int *script, int n,
                       float thr, float hyst, unsigned frames, unsigned retries) {
  tc_app_hal h;
  tc_app_config c;
  memset(k, 0, sizeof *k);
  k->script = script;
  k->n = n;
  hal_for(k, &h);
  tc_app_config_default(&c);
  c.threshold = thr;
  c.hysteresis = hyst;
  c.frames = frames;
  c.camera_retries = retries;
  c.label_neg = "dark";
  c.label_pos = "bright";
  return tc_app_init(a, &h, &c, model, model_len, arena, sizeof arena);
}

/* Score printed in line, or -1. */
static double line_score(const char *line) {
  double s;
  return sscanf(line, "score=%lf", &s) == 1 ? s : -1.0;
}

static void test_format(void) {
  char b[TC_APP_LINE_LEN];
  size_t n = tc_app_format_line(b, sizeof b, 0.0625f, "x", 0, 0);
  CHECK(!strcmp(b, "score=0.063 label=x infer_ms=0 free_heap=0") && n == strlen(b), "got '%s'", b);
  tc_app_format_line(b, sizeof b, 1.0f, "positive", 4294967295u, 4294967295u);
  CHECK(!strcmp(b, "score=1.000 label=positive infer_ms=4294967295 free_heap=4294967295"), "got '%s'", b);
  tc_app_format_line(b, sizeof b, 0.8725f + 0.0001f, "negative", 12, 123456);
  CHECK(!strcmp(b, "score=0.873 label=negative infer_ms=12 free_heap=123456"), "got '%s'", b);
  tc_app_format_line(b, sizeof b, -3.0f, "n", 1, 2);
  CHECK(!strcmp(b, "score=0.000 label=n infer_ms=1 free_heap=2"), "clamp low: '%s'", b);
  tc_app_format_line(b, 12, 0.5f, "negative", 1, 2);
  CHECK(!strcmp(b, "score=0.500"), "truncated: '%s'", b);
}

static void test_score(void) {
  int8_t i8[2] = {-100, 60};
  uint8_t u8[1] = {200};
  float f2[2] = {0.25f, 0.75f}, fbig[1] = {7.0f};
  int8_t i3[3] = {0, 0, 0};
  tc_tensor t;
  float s = -1;
  memset(&t, 0, sizeof t);
  t.type = TC_INT8; t.data = i8; t.bytes = 2; t.scale = 1.0f / 256; t.zero_point = -128;
  CHECK(tc_app_score(&t, &s) == TC_OK && s == 188.0f / 256, "int8 softmax element 1: %f", s);
  t.type = TC_UINT8; t.data = u8; t.bytes = 1; t.scale = 0.004f; t.zero_point = 0;
  CHECK(tc_app_score(&t, &s) == TC_OK && fabsf(s - 0.8f) < 1e-6f, "uint8: %f", s);
  t.type = TC_FLOAT32; t.data = f2; t.bytes = 8;
  CHECK(tc_app_score(&t, &s) == TC_OK && s == 0.75f, "float softmax: %f", s);
  t.data = fbig; t.bytes = 4;
  CHECK(tc_app_score(&t, &s) == TC_OK && s == 1.0f, "float clamped: %f", s);
  t.type = TC_INT8; t.data = i3; t.bytes = 3;
  CHECK(tc_app_score(&t, &s) == TC_ERR_UNSUPPORTED, "3 outputs accepted");
}

/* T = 0.5, H = 0.1, N = 3. Grey levels and their scores (12 p/255 - 6):
 * 20 -> 0.006, 235 -> 0.995, 150 -> 0.74, inside the band 0.4..0.6:
 * 135 -> 0.59 and 123 -> 0.45 (each on the far side of 0.5 from the
 * state when it comes, so ignoring the hysteresis would flip early). */
static void test_decisions(void) {
  static const int script[] = {20,  235, 20,  235, 235, 20,  235, 235, 235,
                               135, 20,  20,  123, 20,  20,  20,  150, 150,
                               135, 150};
  static const char *want[] = {
      "dark",   "dark",   "dark",   "dark",   "dark",   "dark",   "dark",
      "dark",   "bright", "bright", "bright", "bright", "bright", "bright",
      "bright", "dark",   "dark",   "dark",   "dark",   "dark"};
  int n = (int)(sizeof script / sizeof script[0]), i;
  fake k;
  tc_app a;
  tc_status s = start(&a, &k, script, n, 0.5f, 0.1f, 3, 5);
  CHECK(s == TC_OK, "init: %s", a.msg);
  if (s != TC_OK) return;
  CHECK(k.led == 0 && k.led_calls == 1, "LED not switched off at init");
  for (i = 0; i < n; i++) {
    char label[32] = "";
    unsigned ms = 0, heap = 0;
    double want_s = app_model_expected(script[i]), got_s;
    s = tc_app_step(&a);
    CHECK(s == TC_OK && k.nlines == i + 1, "frame %d: status %d, %d lines", i, s, k.nlines);
    if (k.nlines != i + 1) return;
    got_s = line_score(k.lines[i]);
    CHECK(fabs(got_s - want_s) < 0.012, "frame %d (grey %d): score %.3f, expected %.3f",
          i, script[i], got_s, want_s);
    CHECK(sscanf(k.lines[i], "score=%*[0-9.] label=%31s infer_ms=%u free_heap=%u", label, &ms, &heap) == 3 &&
              !strcmp(label, want[i]) && ms == 12 && heap == 123456,
          "frame %d: '%s', expected label=%s infer_ms=12 free_heap=123456", i, k.lines[i], want[i]);
    CHECK(k.led == !strcmp(want[i], "bright"), "frame %d: LED %d", i, k.led);
  }
  CHECK(k.released == n, "released %d of %d frames", k.released, n);
  /* Saturated scores are exact: q = -127 -> 1/256, q = 127 -> 255/256. */
  {
    static const int ends[] = {0, 255};
    tc_app b;
    fake k2;
    if (start(&b, &k2, ends, 2, 0.5f, 0.0f, 1, 1) == TC_OK) {
      tc_app_step(&b);
      tc_app_step(&b);
      CHECK(!strcmp(k2.lines[0], "score=0.004 label=dark infer_ms=12 free_heap=123456"), "black: '%s'", k2.lines[0]);
      CHECK(!strcmp(k2.lines[1], "score=0.996 label=bright infer_ms=12 free_heap=123456"), "white: '%s'", k2.lines[1]);
    }
  }
}

static void test_camera_errors(void) {
  /* K = 3: two failures, a good frame (resets), three failures -> reinit,
   * a good frame; then three failures with a reinit that failures. */
  static const int script[] = {-7, -7, 235, -7, -7, -7, 235, -5, -5, -5, 20};
  static const char *want[] = {
      "camera_error=1/3 status=-7", "camera_error=2/3 status=-7", "score=",
      "camera_error=1/3 status=-7", "camera_error=2/3 status=-7",
      "camera_error=3/3 status=-7", "camera_reinit=ok", "score=",
      "camera_error=1/3 status=-5", "camera_error=2/3 status=-5",
      "camera_error=3/3 status=-5", "camera_reinit=failed status=-9", "score="};
  static const tc_status st[] = {TC_ERR_INPUT, TC_ERR_INPUT, TC_OK, TC_ERR_INPUT,
                                 TC_ERR_INPUT, TC_ERR_INPUT, TC_OK, TC_ERR_INPUT,
                                 TC_ERR_INPUT, TC_ERR_INPUT, TC_OK};
  int n = (int)(sizeof script / sizeof script[0]), i, nw = (int)(sizeof want / sizeof want[0]);
  fake k;
  tc_app a;
  if (start(&a, &k, script, n, 0.5f, 0.05f, 3, 3) != TC_OK) {
    CHECK(0, "init: %s", a.msg);
    return;
  }
  for (i = 0; i < n; i++) {
    if (i == 7) k.reinit_rc = -9;
    CHECK(tc_app_step(&a) == st[i], "step %d: wrong status", i);
  }
  CHECK(k.nlines == nw, "%d lines, expected %d", k.nlines, nw);
  for (i = 0; i < nw && i < k.nlines; i++)
    CHECK(!strncmp(k.lines[i], want[i], strlen(want[i])) &&
              (want[i][strlen(want[i]) - 1] == '=' || !strcmp(k.lines[i], want[i])),
          "line %d: '%s', expected '%s'", i, k.lines[i], want[i]);
  CHECK(k.reinits == 2 && a.reinits == 2, "reinits %d", k.reinits);
  CHECK(k.released == 3, "released %d frames, expected 3 (errors hold none)", k.released);

  /* A frame the preprocessing refuses counts as a camera failure. */
  {
    static const int one[] = {235, 235};
    if (start(&a, &k, one, 2, 0.5f, 0.05f, 3, 2) == TC_OK) {
      k.bad_width = 1;
      CHECK(tc_app_step(&a) == TC_ERR_INPUT, "width-0 frame accepted");
      CHECK(tc_app_step(&a) == TC_ERR_INPUT, "width-0 frame accepted");
      CHECK(k.nlines == 3 && !strcmp(k.lines[0], "camera_error=1/2 status=-1") &&
                !strcmp(k.lines[2], "camera_reinit=ok") && k.released == 2,
            "bad frame: %d lines, '%s'", k.nlines, k.lines[0]);
    }
  }
}

static void test_init_errors(void) {
  fake k;
  tc_app a;
  tc_app_hal h;
  tc_app_config c;
  static const int none[] = {0};
  CHECK(start(&a, &k, none, 1, 1.5f, 0.0f, 3, 3) == TC_ERR_ARG && strstr(a.msg, "threshold"), "threshold 1.5: %s", a.msg);
  CHECK(start(&a, &k, none, 1, 0.5f, 0.0f, 0, 3) == TC_ERR_ARG && strstr(a.msg, "frames"), "frames 0: %s", a.msg);
  hal_for(&k, &h);
  h.time_us = NULL;
  tc_app_config_default(&c);
  CHECK(tc_app_init(&a, &h, &c, model, model_len, arena, sizeof arena) == TC_ERR_ARG && strstr(a.msg, "time_us"), "no time_us: %s", a.msg);
  hal_for(&k, &h);
  CHECK(tc_app_init(&a, &h, &c, model, model_len, arena, 256) == TC_ERR_ARENA && strstr(a.msg, "arena too small"), "small arena: %s", a.msg);
  CHECK(tc_app_step(&a) == TC_ERR_STATE, "step after failed init");
  CHECK(tc_app_init(&a, &h, &c, "TFL3", 4, arena, sizeof arena) != TC_OK && a.msg[0], "garbage model accepted");
}

/* Every classified frame is published once, with its own score, before
 * it is released; failed frames never are (the status page must not pair
 * a new frame with the previous frame's score). */
static void test_publish(void) {
  static const int script[] = {20, -7, 235, 235, 20};
  fake k;
  tc_app a;
  int i;
  if (start(&a, &k, script, 5, 0.5f, 0.05f, 3, 5) != TC_OK) {
    CHECK(0, "init: %s", a.msg);
    return;
  }
  for (i = 0; i < 3; i++) tc_app_step(&a);
  k.bad_width = 1; /* frame 3: grabbed, then refused by the preprocessing */
  CHECK(tc_app_step(&a) == TC_ERR_INPUT, "bad frame accepted");
  k.bad_width = 0;
  tc_app_step(&a);
  CHECK(k.npub == 3, "%d frames published, expected 3 (not the camera error "
        "nor the refused frame)", k.npub);
  if (k.npub == 3) {
    CHECK(k.pub_grey[0] == 20 && k.pub_grey[1] == 235 && k.pub_grey[2] == 20,
          "published grey %d %d %d", k.pub_grey[0], k.pub_grey[1], k.pub_grey[2]);
    for (i = 0; i < 3; i++)
      CHECK(fabs(k.pub_score[i] - app_model_expected(k.pub_grey[i])) < 0.012,
            "frame %d published with score %.3f, its own is %.3f", i,
            k.pub_score[i], app_model_expected(k.pub_grey[i]));
  }
  CHECK(!k.pub_released_before, "a frame was released before it was published");
}

static void test_boot_lines(void) {
  char b[TC_APP_LINE_LEN];
  fake k;
  tc_app a;
  tc_app_config c;
  static const int none[] = {0};
  CHECK(start(&a, &k, none, 1, 0.5f, 0.05f, 3, 5) == TC_OK, "init: %s", a.msg);
  tc_app_format_model_line(b, sizeof b, 1344, &a, 9872, "internal");
  CHECK(!strcmp(b, "model 1344 bytes, input 32x32x1, arena 9872 bytes (internal)"), "got '%s'", b);
  tc_app_format_camera_line(b, sizeof b, 160, 120, 2, "psram");
  CHECK(!strcmp(b, "camera 160x120, 2 frame buffers in psram"), "got '%s'", b);
  tc_app_format_camera_line(b, sizeof b, 96, 96, 1, "internal ram");
  CHECK(!strcmp(b, "camera 96x96, 1 frame buffer in internal ram"), "got '%s'", b);
  tc_app_config_default(&c);
  tc_app_format_config_line(b, sizeof b, &c);
  CHECK(!strcmp(b, "threshold 0.500 hysteresis 0.050 frames 3"), "got '%s'", b);
}

/* Frame-buffer placement: worked out by hand for QQVGA grey (19200 bytes)
 * and 96x96 grey (9216 bytes) frames. */
static void test_fb_plan(void) {
  tc_app_fb_plan p;
  p = tc_app_plan_frame_buffers(1, 19200, 9216, 0, 0, 0);
  CHECK(p.in_psram == 1 && p.count == 2 && !p.small, "psram: %d %u %d", p.in_psram, p.count, p.small);
  /* No PSRAM: 2 x 19200 + 40000 reserve = 78400 <= 80000 free. */
  p = tc_app_plan_frame_buffers(0, 19200, 9216, 60000, 80000, 40000);
  CHECK(!p.in_psram && p.count == 2 && !p.small, "2 internal: %d %u %d", p.in_psram, p.count, p.small);
  /* 78400 > 78399: one buffer. */
  p = tc_app_plan_frame_buffers(0, 19200, 9216, 60000, 78399, 40000);
  CHECK(!p.in_psram && p.count == 1 && !p.small, "1 internal: %d %u %d", p.in_psram, p.count, p.small);
  /* The largest block is too small for a full frame: one small frame. */
  p = tc_app_plan_frame_buffers(0, 19200, 9216, 19199, 200000, 40000);
  CHECK(!p.in_psram && p.count == 1 && p.small, "small: %d %u %d", p.in_psram, p.count, p.small);
  /* 9216 + 40000 > 49215: nothing fits. */
  p = tc_app_plan_frame_buffers(0, 19200, 9216, 30000, 49215, 40000);
  CHECK(p.count == 0, "nothing should fit: %u", p.count);
  p = tc_app_plan_frame_buffers(0, 19200, 0, 30000, 30000, 40000);
  CHECK(p.count == 0, "reserve above the free total: %u", p.count);
}

int main(void) {
  if (app_model_build(SIDE, &model, &model_len) != 0) return 1;
  test_format();
  test_score();
  test_decisions();
  test_camera_errors();
  test_init_errors();
  test_publish();
  test_boot_lines();
  test_fb_plan();
  free(model);
  printf("app: %d checks, %d failed\n", checks, failures);
  return failures != 0;
}
