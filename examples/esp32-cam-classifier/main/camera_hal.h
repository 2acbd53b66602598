/* The tc_app HAL on ESP-IDF: esp32-camera frames (tinycnn/esp32_camera.h,
 * shared with the Arduino sketch), esp_timer, a GPIO LED, ESP_LOGI lines,
 * esp_get_free_heap_size; and /frame.jpg's encoder for the device service
 * (which publishes each classified frame with its result itself). */
#ifndef CAMERA_HAL_H
#define CAMERA_HAL_H

#include <stddef.h>

#include "esp_err.h"
#include "tinycnn/app.h"
#include "tinycnn/device.h"

/* The LED pin as an output (off), then the camera with the board's pins
 * (Kconfig), its frame buffers placed now (PSRAM if present, else internal
 * RAM leaving `reserve` bytes free): ESP_ERR_NO_MEM when no placement fits,
 * else esp_camera_init's result. Call before allocating a large internal
 * arena, so that the camera's DMA buffers and frames get their memory. */
esp_err_t camera_hal_start(size_t reserve);
/* The HAL table. */
void camera_hal_get(tc_app_hal *hal);
/* The camera's frame size and frame buffers as placed, for the boot lines
 * (tc_app_log_boot). */
void camera_hal_describe(int32_t *width, int32_t *height, uint32_t *fb_count,
                         const char **fb_place);
/* The tc_pixfmt of the camera's frames (menuconfig: grey or RGB565). */
int32_t camera_hal_format(void);
/* tc_device_hal.jpeg: tc_esp32_jpeg (fmt2jpg_cb, streamed). */
int camera_hal_jpeg(void *ctx, const tc_frame *f, tc_http_out *out);

#endif
