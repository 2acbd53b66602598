// tinycnn CameraClassifier: camera frame -> model -> debounced decision ->
// LED + one serial line per frame, the same lines as the ESP-IDF example
// (examples/esp32-cam-classifier). The logic is the library's tc_app (C99,
// shared with the ESP-IDF firmware and `tinycnn camera-sim`); this sketch
// only wires the board to it.
//
// Board: Tools > Board "AI Thinker ESP32-CAM", "ESP32S3 Dev Module" (S3-EYE)
// or "XIAO_ESP32S3", with PSRAM enabled where the board has it; then pick
// the same board here:
#define TC_BOARD_AI_THINKER
// #define TC_BOARD_ESP32S3_EYE
// #define TC_BOARD_XIAO_ESP32S3

// Frames: 160x120 grey by default, as the ESP-IDF example.
// #define TC_CAM_RGB565   // for a 3-channel model
// #define TC_CAM_96X96

// Decision settings (the ESP-IDF example's Kconfig defaults).
#define HYSTERESIS 0.05f
#define FRAMES_TO_FLIP 3
#define CAMERA_RETRIES 5

#include <tinycnn.h>

#include "model_data.h"  // from `tinycnn export --c` (with build_opt.h)
#include "tinycnn/esp32_camera.h"

// loop() runs in Arduino-ESP32's loopTask, 8 KB by default: sized here from
// the runtime's measured need plus the app, camera and Serial.println
// (tinycnn/esp32.h). SET_LOOP_TASK_STACK_SIZE: cores/esp32/Arduino.h.
SET_LOOP_TASK_STACK_SIZE(TC_ESP32_TASK_STACK);

static tc_app app;
static camera_config_t cam_cfg;
static tc_app_fb_plan cam_plan;
static size_t cam_reserve;

// The frame buffers' placement, chosen now: PSRAM when psramFound(), else
// internal RAM leaving cam_reserve bytes (the arena) free.
static bool camera_plan() {
  cam_plan = tc_esp32_camera_plan(psramFound() ? 1 : 0, cam_reserve);
  if (cam_plan.count == 0) return false;
  tc_esp32_camera_config(&cam_cfg, &cam_plan);
  return true;
}

static int camera_reinit(void *ctx) {
  (void)ctx;
  if (!camera_plan()) return (int)ESP_ERR_NO_MEM;
  return tc_esp32_camera_restart(&cam_cfg);
}

// micros() is 32-bit (wraps after 71 minutes): extended to 64 bits.
static int64_t time_us(void *ctx) {
  static uint32_t last;
  static int64_t total;
  uint32_t now = (uint32_t)micros();
  (void)ctx;
  total += (uint32_t)(now - last);
  last = now;
  return total;
}

static void led_set(void *ctx, int on) {
  (void)ctx;
  digitalWrite(TC_BOARD_LED_GPIO, (on != 0) != (TC_BOARD_LED_ACTIVE_LOW != 0) ? HIGH : LOW);
}

static void log_line(void *ctx, const char *line) {
  (void)ctx;
  Serial.println(line);
}

static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return ESP.getFreeHeap();
}

static void halt(const char *what, const char *why) {
  Serial.print(what);
  Serial.print(": ");
  Serial.println(why);
  for (;;) delay(1000);
}

void setup() {
  static tc_model probe;
  tc_app_config cfg;
  tc_app_hal hal;
  char line[TC_APP_LINE_LEN];
  const char *placement = "";
  size_t need = 0;
  void *arena;
  esp_err_t err;

  Serial.begin(115200);
  pinMode(TC_BOARD_LED_GPIO, OUTPUT);
  led_set(NULL, 0);

  // The exact arena this model needs on this chip, before allocating.
  if (tc_model_load(&probe, model_data, model_data_len) != TC_OK ||
      tc_esp32_arena_size(&probe, &need) != TC_OK)
    halt("model", probe.msg);

  // Camera first: its DMA buffers and frames must not find internal RAM
  // taken by the arena. A camera that fails here is retried by the loop.
  cam_reserve = need;
  err = camera_plan() ? esp_camera_init(&cam_cfg) : ESP_ERR_NO_MEM;
  if (err != ESP_OK) {
    snprintf(line, sizeof line, "camera init failed: 0x%x", (unsigned)err);
    Serial.println(line);
  }

  arena = tc_esp32_arena_alloc(need, psramFound() ? 1 : 0, 0, &placement);
  if (!arena) halt("arena", "no memory block that large in internal RAM or PSRAM");

  tc_app_config_default(&cfg);
  cfg.threshold = MODEL_THRESHOLD;
  cfg.hysteresis = HYSTERESIS;
  cfg.frames = FRAMES_TO_FLIP;
  cfg.camera_retries = CAMERA_RETRIES;
  cfg.label_neg = MODEL_LABEL_NEG;
  cfg.label_pos = MODEL_LABEL_POS;
  memset(&hal, 0, sizeof hal);
  hal.frame_get = tc_esp32_frame_get;
  hal.frame_release = tc_esp32_frame_release;
  hal.camera_reinit = camera_reinit;
  hal.time_us = time_us;
  hal.led_set = led_set;
  hal.log_line = log_line;
  hal.free_heap = free_heap;
  if (tc_app_init(&app, &hal, &cfg, model_data, model_data_len, arena, need) != TC_OK)
    halt("tinycnn", app.msg);

  tc_app_log_boot(&app, (uint32_t)model_data_len, (uint32_t)need, placement,
                  cam_plan.small ? 96 : TC_CAM_WIDTH, cam_plan.small ? 96 : TC_CAM_HEIGHT,
                  cam_plan.count, tc_esp32_camera_place(&cam_plan));
}

void loop() {
  tc_status s = tc_app_step(&app);
  if (s == TC_ERR_INPUT) {
    delay(200);  // camera error: give it time
  } else if (s != TC_OK) {
    Serial.print("invoke: ");
    Serial.println(app.msg);
    delay(1000);
  } else {
    delay(1);  // let the idle task feed the watchdog
  }
}
