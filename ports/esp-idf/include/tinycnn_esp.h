/* tinycnn on ESP-IDF: the arena where Kconfig says, and the decision
 * settings from Kconfig. */
#ifndef TINYCNN_ESP_H
#define TINYCNN_ESP_H

#include <stddef.h>

#include "tinycnn/app.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `bytes` of 16-byte aligned memory from internal RAM or PSRAM
 * (CONFIG_TINYCNN_ARENA_*); NULL when the heap has no such block. */
void *tc_esp_arena_alloc(size_t bytes);
void tc_esp_arena_free(void *arena);
/* "internal" or "psram": for the boot log. */
const char *tc_esp_arena_placement(void);

/* Defaults, then threshold / hysteresis / frames / camera retries from
 * Kconfig; model_threshold is used when CONFIG_TINYCNN_USE_MODEL_THRESHOLD. */
void tc_esp_app_config(tc_app_config *cfg, float model_threshold);

#ifdef __cplusplus
}
#endif
#endif
