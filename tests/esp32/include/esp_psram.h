/* Stand-in: espressif/esp-idf components/esp_psram/include/esp_psram.h
 * (ESP-IDF >= 5.0; defined only in builds with CONFIG_SPIRAM). */
#ifndef STANDIN_ESP_PSRAM_H
#define STANDIN_ESP_PSRAM_H
#include <stdbool.h>
#ifdef __cplusplus
extern "C" {
#endif
bool esp_psram_is_initialized(void);
#ifdef __cplusplus
}
#endif
#endif
