/* Stand-in: espressif/esp32-camera conversions/include/img_converters.h. */
#ifndef STANDIN_IMG_CONVERTERS_H
#define STANDIN_IMG_CONVERTERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_camera.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef size_t (*jpg_out_cb)(void *arg, size_t index, const void *data,
                             size_t len);
bool fmt2jpg_cb(uint8_t *src, size_t src_len, uint16_t width, uint16_t height,
                pixformat_t format, uint8_t quality, jpg_out_cb cb, void *arg);
#ifdef __cplusplus
}
#endif
#endif
