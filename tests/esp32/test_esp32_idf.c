/* The ESP-IDF example (examples/esp32-cam-classifier) and the tinycnn
 * component glue (ports/esp-idf/tinycnn) built on the host against the
 * stand-in headers and run with recording fakes: the boot order (camera
 * before the arena), the frame-buffer and arena placement chosen at run
 * time, the camera task's stack, the boot lines, /frame.jpg streamed in
 * chunks with its failures reported as such (through the device service's
 * handlers and ports/esp-idf/tinycnn's esp_http_server transport), and the
 * status page's frame and score coming from the same classified frame.
 * The model partition and uploads: test_esp32_loop.c. Built twice: with the
 * arena in internal RAM (Kconfig default) and with -DCONFIG_TINYCNN_ARENA_
 * PSRAM=1 (ARENA_PSRAM below). What cannot be checked off-board: real
 * memory sizes, the sensor, Wi-Fi. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "support/check.h"
#include "tinycnn/esp32_camera.h"

void app_main(void);

/* Runs the camera task for `frames` loop iterations. */
static void run(const int *script, int n, int frames) {
  fk.script = script;
  fk.nscript = n;
  fk.delay_limit = frames;
  app_main();
  CHECK(fk.task != NULL && !strcmp(fk.task_name, "camcls"),
        "app_main started no camcls task");
  if (fk.task && !setjmp(fk.exit)) fk.task(NULL);
}

static int event_index(const char *prefix) {
  int i;
  for (i = 0; i < fk.nevents; i++)
    if (!strncmp(fk.events[i], prefix, strlen(prefix))) return i;
  return -1;
}

static const char *log_with(const char *text) {
  int i;
  for (i = 0; i < fk.nlogs; i++)
    if (strstr(fk.logs[i], text)) return fk.logs[i];
  return NULL;
}

#ifndef ARENA_PSRAM
/* The score of the last per-frame line, or -1. */
static double last_score(void) {
  int i;
  double s;
  for (i = fk.nlogs - 1; i >= 0; i--) {
    const char *p = strstr(fk.logs[i], "score=");
    if (p && sscanf(p, "score=%lf", &s) == 1) return s;
  }
  return -1;
}
#endif

static void dump(void) {
  int i;
  for (i = 0; i < fk.nlogs; i++) fprintf(stderr, "  log: %s\n", fk.logs[i]);
  for (i = 0; i < fk.nevents; i++) fprintf(stderr, "  event: %s\n", fk.events[i]);
}

static void test_task_stack(void) {
  static const int none[] = {-1};
  fake_reset();
  run(none, 1, 1);
  CHECK(fk.task_stack == TC_ESP32_TASK_STACK, "task stack %u, expected %u",
        (unsigned)fk.task_stack, (unsigned)TC_ESP32_TASK_STACK);
  /* The app's frames plus the largest of the runtime (TC_STACK_NEED,
   * measured by the rv32_stack test), camera init and a log line, plus
   * the margin; since the runtime's stack work (1,515 bytes measured) the
   * camera's 3,584 bytes dominate. */
  CHECK(TC_ESP32_TASK_STACK >= TC_STACK_NEED + TC_APP_STACK + TC_ESP32_STACK_MARGIN &&
        TC_ESP32_TASK_STACK >= TC_ESP32_CAMERA_STACK + TC_APP_STACK + TC_ESP32_STACK_MARGIN &&
        TC_ESP32_TASK_STACK >= TC_ESP32_LOG_STACK + TC_APP_STACK + TC_ESP32_STACK_MARGIN,
        "task stack %u below the app's %u + the runtime's %u / camera %u + margin",
        (unsigned)TC_ESP32_TASK_STACK, (unsigned)TC_APP_STACK,
        (unsigned)TC_STACK_NEED, (unsigned)TC_ESP32_CAMERA_STACK);
  CHECK(TC_ESP32_TASK_STACK == 1024 + 3584 + 512,
        "task stack %u, expected 5120 (app 1024 + camera 3584 + margin 512)",
        (unsigned)TC_ESP32_TASK_STACK);
}

#ifndef ARENA_PSRAM
/* First of all (the page keeps its last frame): before any frame was
 * classified /frame.jpg says so with a 503. */
static void test_web_no_frame(void) {
  static const int none[] = {-1};
  fake_reset();
  run(none, 1, 1);
  CHECK(fake_handler("/frame.jpg") && fake_handler("/status") && fake_handler("/"),
        "handlers not registered");
  fake_request("/frame.jpg");
  CHECK(!strcmp(fk.status, "503 Service Unavailable") && fk.body_len == 13 &&
            !memcmp(fk.body, "no frame yet\n", 13) && fk.chunk_end,
        "before any frame: status '%s'", fk.status);
}

/* No PSRAM: frame buffers in internal RAM, camera before the arena. */
static void test_no_psram(void) {
  static const int script[] = {20, 235, 235, 235};
  const char *l;
  int cam, arena;
  fake_reset();
  run(script, 4, 5);
  cam = event_index("camera_init");
  arena = event_index("alloc caps=0x804"); /* INTERNAL | 8BIT */
  CHECK(cam >= 0 && arena >= 0 && cam < arena,
        "camera_init (event %d) must come before the arena alloc (event %d)", cam, arena);
  CHECK(fk.cam_cfg.fb_location == CAMERA_FB_IN_DRAM,
        "no PSRAM, but the frame buffers were asked in PSRAM");
  /* 2 x 19200 + arena (~10 KB) + 64 KB network reserve fit 200 KB free. */
  CHECK(fk.cam_cfg.fb_count == 2 && fk.cam_cfg.grab_mode == CAMERA_GRAB_LATEST,
        "fb_count %zu", fk.cam_cfg.fb_count);
  CHECK(fk.cam_cfg.pin_sccb_sda == 26 && fk.cam_cfg.pin_sccb_scl == 27 &&
            fk.cam_cfg.pin_d0 == 5 && fk.cam_cfg.pixel_format == PIXFORMAT_GRAYSCALE &&
            fk.cam_cfg.frame_size == FRAMESIZE_QQVGA,
        "AI-Thinker pins / format wrong");
  l = log_with("camera 160x120");
  CHECK(l && strstr(l, "2 frame buffers in internal ram"), "camera line: %s", l ? l : "none");
  l = log_with("model ");
  CHECK(l && strstr(l, "input 96x96x1") && strstr(l, "(internal)"), "model line: %s", l ? l : "none");
  CHECK(log_with("threshold 0.500 hysteresis 0.050 frames 3") != NULL, "no config line");
  CHECK(log_with("label=bright") != NULL && fk.led_level == 0,
        "three bright frames should switch the (active-low) LED on");
  CHECK(fk.fb_out == 0, "%d frame buffers not returned", fk.fb_out);
  if (failures) dump();

  /* Less internal RAM: one buffer; even less: one 96x96 buffer. */
  fake_reset();
  fk.internal_free = 64 * 1024 + 12000 + 19200 + 100;
  run(script, 1, 1);
  CHECK(fk.cam_cfg.fb_count == 1 && fk.cam_cfg.grab_mode == CAMERA_GRAB_WHEN_EMPTY &&
            fk.cam_cfg.frame_size == FRAMESIZE_QQVGA,
        "tight RAM: fb_count %zu", fk.cam_cfg.fb_count);
  fake_reset();
  fk.internal_largest = 10000;
  run(script, 1, 1);
  CHECK(fk.cam_cfg.fb_count == 1 && fk.cam_cfg.frame_size == FRAMESIZE_96X96 &&
            log_with("camera 96x96, 1 frame buffer") != NULL,
        "fragmented RAM: fb_count %zu frame size %d", fk.cam_cfg.fb_count,
        (int)fk.cam_cfg.frame_size);
}

/* PSRAM present: two frame buffers there; the arena stays internal. */
static void test_psram(void) {
  static const int script[] = {20};
  fake_reset();
  fk.psram = 1;
  run(script, 1, 1);
  CHECK(fk.cam_cfg.fb_location == CAMERA_FB_IN_PSRAM && fk.cam_cfg.fb_count == 2,
        "PSRAM present: fb_location %d count %zu", (int)fk.cam_cfg.fb_location,
        fk.cam_cfg.fb_count);
  CHECK(log_with("2 frame buffers in psram") != NULL, "camera line");
  /* Internal RAM full: the arena falls back to PSRAM and says so. */
  fake_reset();
  fk.psram = 1;
  fk.fail_caps = MALLOC_CAP_INTERNAL;
  run(script, 1, 1);
  CHECK(log_with("(psram, internal full)") != NULL, "arena fallback not logged");
}

/* /frame.jpg and /status. */
static void test_web(void) {
  /* 235 is classified; -3 is grabbed but refused (zero width, bytes 99),
   * -2 has the wrong format: neither may reach the page. */
  static const int script[] = {20, 235, -3, -2};
  size_t i;
  int same = 1;
  double s;
  char want[64];
  fake_reset();
  run(script, 4, 5);
  s = last_score();
  CHECK(s > 0.5, "the bright frame's score %.3f", s);
  CHECK(fake_request("/frame.jpg") == ESP_OK && fk.chunk_end && fk.chunks == 4 &&
            !strcmp(fk.type, "image/jpeg") && fk.body_len == 160 * 120,
        "streamed frame: %d chunks, end %d, %zu bytes", fk.chunks, fk.chunk_end, fk.body_len);
  for (i = 0; i < fk.body_len; i++) same &= fk.body[i] == 235;
  CHECK(same, "/frame.jpg is not the last classified frame (grey 235)");
  fake_request("/status");
  fk.body[fk.body_len < sizeof fk.body ? fk.body_len : sizeof fk.body - 1] = '\0';
  snprintf(want, sizeof want, "{\"score\":%.3f,", s);
  CHECK(!strncmp((const char *)fk.body, want, strlen(want)),
        "/status '%s' does not carry the frame's own score %.3f", (const char *)fk.body, s);

  /* Encoding fails before any byte: a 500 that says so. */
  fk.jpg_fail_after = 0;
  CHECK(fake_request("/frame.jpg") == ESP_OK && !strcmp(fk.status, "500 Internal Server Error") &&
            fk.body_len == 21 && !memcmp(fk.body, "JPEG encoding failed\n", 21) && fk.chunk_end,
        "encode failure: status '%s', %zu bytes", fk.status, fk.body_len);
  /* After the first chunk: the response is cut (no end chunk, the
   * connection closes), never ended as if whole. */
  fk.jpg_fail_after = 1;
  CHECK(fake_request("/frame.jpg") == ESP_FAIL && !fk.chunk_end && !strcmp(fk.type, "image/jpeg") &&
            fk.body_len == 160 * 120 / 3 + 1,
        "late encode failure: end %d, %zu bytes", fk.chunk_end, fk.body_len);
  /* The client goes away: the encoder is stopped. */
  fk.jpg_fail_after = -1;
  fk.chunk_fail_at = 2;
  CHECK(fake_request("/frame.jpg") == ESP_FAIL && fk.jpg_cb_short && !fk.chunk_end,
        "client gone: short %d end %d", fk.jpg_cb_short, fk.chunk_end);
  if (failures) dump();
}
#else
/* Arena asked in PSRAM on a board without it: internal RAM, logged, and
 * the camera plans around the arena. */
static void test_arena_psram(void) {
  static const int script[] = {20};
  const char *l;
  fake_reset();
  fk.internal_free = 64 * 1024 + 19200 * 2 + 100; /* 2 buffers, not the arena too */
  run(script, 1, 1);
  l = log_with("model ");
  CHECK(l && strstr(l, "(internal, no psram)"), "model line: %s", l ? l : "none");
  CHECK(fk.cam_cfg.fb_location == CAMERA_FB_IN_DRAM && fk.cam_cfg.fb_count == 1,
        "the camera should leave the arena its room: %zu buffers", fk.cam_cfg.fb_count);
  fake_reset();
  fk.psram = 1;
  run(script, 1, 1);
  l = log_with("model ");
  CHECK(l && strstr(l, "(psram)") && event_index("alloc caps=0x400") > event_index("camera_init"),
        "model line: %s", l ? l : "none");
  if (failures) dump();
}
#endif

int main(void) {
  fake_flash_erase();
  test_task_stack();
#ifndef ARENA_PSRAM
  test_web_no_frame();
  test_no_psram();
  test_psram();
  test_web();
#else
  test_arena_psram();
#endif
  printf("esp32 firmware on the host: %d checks, %d failed\n", checks, failures);
  return failures != 0;
}
