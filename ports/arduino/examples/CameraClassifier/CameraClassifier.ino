// tinycnn CameraClassifier: camera frame -> model -> debounced decision ->
// LED + one serial line per frame, the same lines as the ESP-IDF example
// (examples/esp32-cam-classifier), and the board on Wi-Fi:
//   GET  /            page: last frame and score     GET /status  JSON
//   GET  /frame.jpg   that frame as JPEG
//   GET  /capture     that frame lossless (PGM grey, PPM for RGB565)
//   POST /model       a new .tflite: checked, stored A/B in the `model`
//                     partition (partitions.csv in this folder), switched to
// `tinycnn collect http://BOARD/ ...` and `tinycnn deploy MODEL.tflite
// http://BOARD/` are the other end. The logic is the library's device
// service (C99, shared with the ESP-IDF firmware and `tinycnn camera-sim
// --serve`); this sketch only wires the board to it.
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

// Network (empty SSID: no Wi-Fi, the serial lines only).
#define WIFI_SSID "myssid"
#define WIFI_PASSWORD "mypassword"
// POST /model: the X-Token header it wants ("" = none; at most 64
// characters; plain HTTP keeps out accidents, not an attacker on your
// network), the largest model it takes (bytes; 0 = a slot, half the
// `model` partition minus 32 bytes; a limit only: the upload streams into
// the partition through a 512-byte piece buffer, no RAM holds the model),
// and the tensor arena for uploaded models (bytes; 0 = what the built-in
// model needs: a model needing more is refused with 422 and its need).
#define MODEL_UPLOAD_TOKEN ""
#define MODEL_UPLOAD_MAX 0
#define MODEL_ARENA_BYTES 0

#include <WiFi.h>
#include <tinycnn.h>

#include "model_data.h"  // from `tinycnn export --c` (with build_opt.h)
#include "tinycnn/esp32_camera.h"
#include "tinycnn_esp_device.h"

// loop() runs in Arduino-ESP32's loopTask, 8 KB by default: sized here from
// the runtime's measured need plus the app, camera and Serial.println
// (tinycnn/esp32.h). SET_LOOP_TASK_STACK_SIZE: cores/esp32/Arduino.h.
SET_LOOP_TASK_STACK_SIZE(TC_ESP32_TASK_STACK);

static tc_device dev;
static tc_esp_device esp_dev;
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

// PSRAM first, else internal RAM: buffers not read per pixel by the model.
static uint8_t *big_alloc(size_t bytes) {
  const char *place = "";
  return bytes ? (uint8_t *)tc_esp32_arena_alloc(bytes, psramFound() ? 1 : 0, 1, &place) : NULL;
}

static void wifi_start() {
  uint32_t t0 = millis();
  if (!WIFI_SSID[0]) return;
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED && millis() - t0 < 20000) delay(250);
  if (WiFi.status() != WL_CONNECTED) {
    Serial.println("wifi: not connected (the server starts anyway)");
  }
  esp_err_t err = tc_esp_http_start(&esp_dev, &dev, 80);
  if (err != ESP_OK) {
    Serial.println("http: server did not start");
    return;
  }
  Serial.print("http://");
  Serial.print(WiFi.localIP().toString().c_str());
  Serial.println("/");
}

void setup() {
  static tc_model probe;
  tc_device_config cfg;
  tc_device_mem mem;
  tc_device_hal dhal;
  tc_app_hal hal;
  tc_flash fl;
  char line[TC_APP_LINE_LEN];
  const char *placement = "";
  size_t need = 0, arena_size, frame;
  int32_t cam_w, cam_h;
  bool store;
  esp_err_t err;

  Serial.begin(115200);
  pinMode(TC_BOARD_LED_GPIO, OUTPUT);
  led_set(NULL, 0);

  // The exact arena the built-in model needs on this chip, before allocating.
  if (tc_model_load(&probe, model_data, model_data_len) != TC_OK ||
      tc_esp32_arena_size(&probe, &need) != TC_OK)
    halt("model", probe.msg);
  arena_size = need;
#if MODEL_ARENA_BYTES > 0
  if (arena_size < (size_t)MODEL_ARENA_BYTES) arena_size = (size_t)MODEL_ARENA_BYTES;
#endif

  // The `model` partition (partitions.csv): the newest stored model boots.
  store = tc_esp_flash_open(&esp_dev, TC_ESP_MODEL_LABEL, &fl) == ESP_OK;
  if (!store) Serial.println("no 'model' partition: the built-in model only");

  // Camera first: its DMA buffers and frames must not find internal RAM
  // taken by the arena. A camera that fails here is retried by the loop.
  cam_reserve = arena_size;
  err = camera_plan() ? esp_camera_init(&cam_cfg) : ESP_ERR_NO_MEM;
  if (err != ESP_OK) {
    snprintf(line, sizeof line, "camera init failed: 0x%x", (unsigned)err);
    Serial.println(line);
  }
  cam_w = cam_plan.small ? 96 : TC_CAM_WIDTH;
  cam_h = cam_plan.small ? 96 : TC_CAM_HEIGHT;

  memset(&mem, 0, sizeof mem);
  mem.arena = tc_esp32_arena_alloc(arena_size, psramFound() ? 1 : 0, 0, &placement);
  if (!mem.arena) halt("arena", "no memory block that large in internal RAM or PSRAM");
  mem.arena_size = arena_size;
  frame = (size_t)cam_w * (size_t)cam_h * tc_pixfmt_bpp(TC_CAM_TC_FORMAT);
  mem.snap[0] = big_alloc(frame);
  mem.snap[1] = big_alloc(frame);
  mem.snap_size = mem.snap[0] && mem.snap[1] ? frame : 0;
  if (store) {  // uploads stream to the partition through this
    mem.upload = esp_dev.piece;
    mem.upload_size = sizeof esp_dev.piece;
  }

  tc_device_config_default(&cfg);
  cfg.app.threshold = -1.0f;  // the model's own (its metadata)
  cfg.app.hysteresis = HYSTERESIS;
  cfg.app.frames = FRAMES_TO_FLIP;
  cfg.app.camera_retries = CAMERA_RETRIES;
  cfg.builtin_neg = MODEL_LABEL_NEG;  // the built-in model's, if its
  cfg.builtin_pos = MODEL_LABEL_POS;  // metadata has none
  cfg.builtin_threshold = MODEL_THRESHOLD;
  cfg.cam_width = cam_w;
  cfg.cam_height = cam_h;
  cfg.cam_format = TC_CAM_TC_FORMAT;
  cfg.token = MODEL_UPLOAD_TOKEN;
  cfg.max_model = (size_t)MODEL_UPLOAD_MAX;
  memset(&hal, 0, sizeof hal);
  hal.frame_get = tc_esp32_frame_get;
  hal.frame_release = tc_esp32_frame_release;
  hal.camera_reinit = camera_reinit;
  hal.time_us = time_us;
  hal.led_set = led_set;
  hal.log_line = log_line;
  hal.free_heap = free_heap;
  if (tc_esp_device_hal(&esp_dev, &dhal, tc_esp32_jpeg) != ESP_OK) halt("device", "no memory for two mutexes");
  if (tc_device_init(&dev, &hal, &dhal, store ? &fl : NULL, &cfg, &mem, model_data,
                     model_data_len) != TC_OK)
    halt("tinycnn", dev.msg);

  tc_app_log_boot(&dev.app, (uint32_t)dev.model_len, (uint32_t)arena_size, placement, cam_w,
                  cam_h, cam_plan.count, tc_esp32_camera_place(&cam_plan));
  wifi_start();
}

void loop() {
  tc_status s = tc_device_step(&dev);
  if (s == TC_ERR_INPUT) {
    delay(200);  // camera error: give it time
  } else if (s != TC_OK) {
    Serial.print("invoke: ");
    Serial.println(dev.app.msg);
    delay(1000);
  } else {
    delay(1);  // let the idle task feed the watchdog
  }
}
