/* The tc_app HAL on ESP-IDF: esp32-camera frames, esp_timer, a GPIO LED,
 * ESP_LOGI lines, esp_get_free_heap_size. */
#ifndef CAMERA_HAL_H
#define CAMERA_HAL_H

#include "esp_err.h"
#include "tinycnn/app.h"

/* Camera with the board's pins (Kconfig), the LED pin as an output. */
esp_err_t camera_hal_start(void);
/* The HAL table; `app` (may be NULL) lets frame_release publish each frame
 * with its score to the web page. */
void camera_hal_get(tc_app_hal *hal, const tc_app *app);
/* The frame size configured, for the boot log. */
void camera_hal_frame_size(int *w, int *h);

#endif
