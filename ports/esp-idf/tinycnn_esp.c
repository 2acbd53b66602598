#include "tinycnn_esp.h"

#include "esp_heap_caps.h"
#include "sdkconfig.h"

#if CONFIG_TINYCNN_ARENA_PSRAM
#define TC_ARENA_CAPS MALLOC_CAP_SPIRAM
#define TC_ARENA_NAME "psram"
#else
#define TC_ARENA_CAPS (MALLOC_CAP_INTERNAL | MALLOC_CAP_8BIT)
#define TC_ARENA_NAME "internal"
#endif

/* 16 bytes: the runtime aligns inside the arena, so an aligned block makes
 * the measured size (tc_model_arena_size) exactly enough. */
void *tc_esp_arena_alloc(size_t bytes) {
  return heap_caps_aligned_alloc(16, bytes ? bytes : 16, TC_ARENA_CAPS);
}

void tc_esp_arena_free(void *arena) { heap_caps_free(arena); }

const char *tc_esp_arena_placement(void) { return TC_ARENA_NAME; }

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
