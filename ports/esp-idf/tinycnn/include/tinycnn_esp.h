/* tinycnn on ESP-IDF: the arena where Kconfig says (with a run-time
 * fallback), and the decision settings from Kconfig. */
#ifndef TINYCNN_ESP_H
#define TINYCNN_ESP_H

#include <stddef.h>

#include "tinycnn/app.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether PSRAM is usable now: esp_psram_is_initialized() (esp_psram.h,
 * ESP-IDF >= 5.0) in a build with CONFIG_SPIRAM; 0 otherwise. A build that
 * allows PSRAM may boot without it (CONFIG_SPIRAM_IGNORE_NOTFOUND). */
int tc_esp_psram(void);

/* Whether tc_esp_arena_alloc will try internal RAM first: the arena then
 * competes with the camera's buffers (see main.c's boot order). */
int tc_esp_arena_internal_first(void);

/* `bytes` of 16-byte aligned memory: from the placement Kconfig chose,
 * else from the other one (PSRAM absent or without such a block, or
 * internal RAM full); NULL when neither has it. *placement (not NULL) is
 * set to "internal", "psram", "internal, no psram", "internal, psram full"
 * or "psram, internal full", for the boot log. */
void *tc_esp_arena_alloc(size_t bytes, const char **placement);
void tc_esp_arena_free(void *arena);

/* Defaults, then threshold / hysteresis / frames / camera retries from
 * Kconfig; model_threshold is used when CONFIG_TINYCNN_USE_MODEL_THRESHOLD. */
void tc_esp_app_config(tc_app_config *cfg, float model_threshold);

#ifdef __cplusplus
}
#endif
#endif
