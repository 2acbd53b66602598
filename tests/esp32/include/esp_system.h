/* Stand-in: espressif/esp-idf components/esp_system/include/esp_system.h. */
#ifndef STANDIN_ESP_SYSTEM_H
#define STANDIN_ESP_SYSTEM_H
#include <stdint.h>
#include "esp_err.h"
#ifdef __cplusplus
extern "C" {
#endif
uint32_t esp_get_free_heap_size(void);
#ifdef __cplusplus
}
#endif
#endif
