/* Stand-in: espressif/esp-idf components/esp_timer/include/esp_timer.h. */
#ifndef STANDIN_ESP_TIMER_H
#define STANDIN_ESP_TIMER_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
int64_t esp_timer_get_time(void);
#ifdef __cplusplus
}
#endif
#endif
