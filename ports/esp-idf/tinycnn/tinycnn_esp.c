/* ESP-IDF glue of the tinycnn component. heap_caps_aligned_alloc,
 * heap_caps_free, MALLOC_CAP_*: espressif/esp-idf
 * components/heap/include/esp_heap_caps.h; esp_psram_is_initialized:
 * components/esp_psram/include/esp_psram.h (ESP-IDF >= 5.0; compiled into
 * esp_psram only with CONFIG_SPIRAM, see its CMakeLists.txt). */
#include "tinycnn_esp.h"

#include "esp_heap_caps.h"
#include "sdkconfig.h"
#include "tinycnn/esp32.h"
#if CONFIG_SPIRAM
#include "esp_psram.h"
#endif

int tc_esp_psram(void) {
#if CONFIG_SPIRAM
  return esp_psram_is_initialized() ? 1 : 0;
#else
  return 0;
#endif
}

int tc_esp_arena_internal_first(void) {
#if CONFIG_TINYCNN_ARENA_PSRAM
  return !tc_esp_psram();
#else
  return 1;
#endif
}

void *tc_esp_arena_alloc(size_t bytes, const char **placement) {
#if CONFIG_TINYCNN_ARENA_PSRAM
  return tc_esp32_arena_alloc(bytes, tc_esp_psram(), 1, placement);
#else
  return tc_esp32_arena_alloc(bytes, tc_esp_psram(), 0, placement);
#endif
}

void tc_esp_arena_free(void *arena) { heap_caps_free(arena); }

void tc_esp_app_config(tc_app_config *cfg, float model_threshold) {
  tc_app_config_default(cfg);
#if CONFIG_TINYCNN_USE_MODEL_THRESHOLD
  cfg->threshold = model_threshold;
#else
  (void)model_threshold;
  cfg->threshold = (float)CONFIG_TINYCNN_THRESHOLD_PERMILLE / 1000.0f;
#endif
  cfg->hysteresis = (float)CONFIG_TINYCNN_HYSTERESIS_PERMILLE / 1000.0f;
  cfg->frames = CONFIG_TINYCNN_FRAMES;
  cfg->camera_retries = CONFIG_TINYCNN_CAMERA_RETRIES;
}
