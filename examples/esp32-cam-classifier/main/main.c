/* ESP32 camera classifier: camera frame -> tinycnn -> debounced decision
 * -> LED + one log line per frame. The logic is src/app (the same code as
 * `tinycnn camera-sim`); this file only wires the board to it. */
#include <stdlib.h>

#include "camera_hal.h"
#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "model_data.h"
#include "sdkconfig.h"
#include "tinycnn/app.h"
#include "tinycnn_esp.h"
#include "web.h"

static const char *TAG = "camcls";

/* Static: the app struct holds the interpreter and ~300 bytes of text. */
static tc_app s_app;

static void halt(const char *what, const char *why) {
  ESP_LOGE(TAG, "%s: %s", what, why);
  for (;;) vTaskDelay(pdMS_TO_TICKS(1000));
}

void app_main(void) {
  tc_model probe;
  tc_app_config cfg;
  tc_app_hal hal;
  size_t need = 0;
  void *arena;
  int w, h;
  esp_err_t err;

  /* The exact arena this model needs on this chip, before allocating. */
  if (tc_model_load(&probe, model_data, model_data_len) != TC_OK ||
      tc_model_arena_size(&probe, &need) != TC_OK)
    halt("model", probe.msg);
  arena = tc_esp_arena_alloc(need);
  if (!arena) halt("arena", "no memory block that large (try PSRAM placement)");

  tc_esp_app_config(&cfg, MODEL_THRESHOLD);
  cfg.label_neg = MODEL_LABEL_NEG;
  cfg.label_pos = MODEL_LABEL_POS;
  camera_hal_get(&hal, &s_app);
  if (tc_app_init(&s_app, &hal, &cfg, model_data, model_data_len, arena,
                  need) != TC_OK)
    halt("tinycnn", s_app.msg);

  camera_hal_frame_size(&w, &h);
  ESP_LOGI(TAG, "model %u bytes, input %dx%dx%d, arena %u bytes (%s)",
           (unsigned)model_data_len, MODEL_INPUT_WIDTH, MODEL_INPUT_HEIGHT,
           MODEL_INPUT_CHANNELS, (unsigned)need, tc_esp_arena_placement());
  ESP_LOGI(TAG, "camera %dx%d, threshold %.3f hysteresis %.3f frames %u",
           w, h, (double)cfg.threshold, (double)cfg.hysteresis,
           (unsigned)cfg.frames);

  /* A camera that fails to start is handled like any camera error: the
   * loop logs it and re-initialises after CONFIG_TINYCNN_CAMERA_RETRIES. */
  err = camera_hal_start();
  if (err != ESP_OK) ESP_LOGE(TAG, "camera init failed: 0x%x", (unsigned)err);
#if CONFIG_CAMCLS_HTTP
  web_start(MODEL_LABEL_NEG, MODEL_LABEL_POS);
#endif

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
