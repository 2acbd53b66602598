/* ESP32 camera classifier: camera frame -> tinycnn -> debounced decision
 * -> LED + one log line per frame. The logic is src/app (the same code as
 * `tinycnn camera-sim` and the Arduino sketch); this file only wires the
 * board to it. */
#include <stddef.h>

#include "camera_hal.h"
#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "model_data.h"
#include "sdkconfig.h"
#include "tinycnn/app.h"
#include "tinycnn/esp32.h"
#include "tinycnn_esp.h"
#include "web.h"

static const char *TAG = "camcls";

/* The camera task's stack: the runtime's measured need (TC_STACK_NEED:
 * load, init, invoke and tc_esp32_arena_size in boot) plus the app's frames
 * and the camera / logging needs (tinycnn/esp32.h).
 * FreeRTOS on ESP-IDF takes it in bytes (xTaskCreate, freertos/task.h). */
#define CAMCLS_TASK_STACK TC_ESP32_TASK_STACK

/* Internal RAM the camera must leave for Wi-Fi and the HTTP server when the
 * status page is on (argued, not measured: ESP-IDF's default Wi-Fi buffers,
 * 10 static + up to 32 dynamic RX/TX buffers of ~1.6 KB, lwIP and the
 * server task's 4 KB stack). */
#if CONFIG_CAMCLS_HTTP
#define CAMCLS_NET_RESERVE (64 * 1024)
#else
#define CAMCLS_NET_RESERVE 0
#endif

/* Static: the app struct holds the interpreter and ~300 bytes of text. */
static tc_app s_app;

static void halt(const char *what, const char *why) {
  ESP_LOGE(TAG, "%s: %s", what, why);
  for (;;) vTaskDelay(pdMS_TO_TICKS(1000));
}

static void boot(void) {
  tc_model probe;
  tc_app_config cfg;
  tc_app_hal hal;
  const char *placement = "", *fb_place = "";
  int32_t cam_w, cam_h;
  uint32_t fb_count;
  size_t need = 0;
  void *arena;
  esp_err_t err;

  /* The exact arena this model needs on this chip, before allocating. */
  if (tc_model_load(&probe, model_data, model_data_len) != TC_OK ||
      tc_esp32_arena_size(&probe, &need) != TC_OK)
    halt("model", probe.msg);

  /* Camera first: its DMA buffers and frames (internal RAM without PSRAM)
   * must not find the heap taken by a large arena. A camera that fails to
   * start is handled like any camera error: the loop logs it and
   * re-initialises after CONFIG_TINYCNN_CAMERA_RETRIES. */
  err = camera_hal_start((tc_esp_arena_internal_first() ? need : 0) +
                         CAMCLS_NET_RESERVE);
  if (err != ESP_OK) ESP_LOGE(TAG, "camera init failed: 0x%x", (unsigned)err);

  arena = tc_esp_arena_alloc(need, &placement);
  if (!arena) halt("arena", "no memory block that large in internal RAM or PSRAM");

  tc_esp_app_config(&cfg, MODEL_THRESHOLD);
  cfg.label_neg = MODEL_LABEL_NEG;
  cfg.label_pos = MODEL_LABEL_POS;
  camera_hal_get(&hal);
  if (tc_app_init(&s_app, &hal, &cfg, model_data, model_data_len, arena,
                  need) != TC_OK)
    halt("tinycnn", s_app.msg);

  camera_hal_describe(&cam_w, &cam_h, &fb_count, &fb_place);
  tc_app_log_boot(&s_app, (uint32_t)model_data_len, (uint32_t)need,
                  placement, cam_w, cam_h, fb_count, fb_place);
#if CONFIG_CAMCLS_HTTP
  web_start(MODEL_LABEL_NEG, MODEL_LABEL_POS);
#endif
}

static void camcls_task(void *arg) {
  (void)arg;
  boot();
  for (;;) {
    tc_status s = tc_app_step(&s_app);
    if (s == TC_ERR_INPUT) {
      vTaskDelay(pdMS_TO_TICKS(200)); /* camera error: give it time */
    } else if (s != TC_OK) {
      ESP_LOGE(TAG, "invoke: %s", s_app.msg);
      vTaskDelay(pdMS_TO_TICKS(1000));
    } else {
      vTaskDelay(1); /* let the idle task feed the watchdog */
    }
  }
}

void app_main(void) {
  /* Priority 5, like ESP-IDF's example tasks: above the idle task, below
   * Wi-Fi and lwIP (18-23). */
  if (xTaskCreate(camcls_task, "camcls", CAMCLS_TASK_STACK, NULL, 5, NULL) !=
      pdPASS)
    ESP_LOGE(TAG, "no memory for the camera task's %u-byte stack",
             (unsigned)CAMCLS_TASK_STACK);
}
