/* Stand-in: espressif/esp32-camera driver/include/esp_camera.h (2.0.2 and
 * later: pin_sccb_sda / pin_sccb_scl, each in an anonymous union with the
 * deprecated pin_sscb_* name; fb_location, grab_mode, sccb_i2c_port) and
 * driver/include/sensor.h (pixformat_t, framesize_t: the same enumerator
 * order). 2.0.0 and 2.0.1 have only pin_sscb_*: code using pin_sccb_* does
 * not compile against them (the example requires ^2.0.2). */
#ifndef STANDIN_ESP_CAMERA_H
#define STANDIN_ESP_CAMERA_H
#include <stddef.h>
#include <stdint.h>
#include "driver/ledc.h"
#include "esp_err.h"
typedef enum {
  PIXFORMAT_RGB565, PIXFORMAT_YUV422, PIXFORMAT_GRAYSCALE, PIXFORMAT_JPEG,
  PIXFORMAT_RGB888, PIXFORMAT_RAW, PIXFORMAT_RGB444, PIXFORMAT_RGB555
} pixformat_t;
typedef enum {
  FRAMESIZE_96X96, FRAMESIZE_QQVGA, FRAMESIZE_QCIF, FRAMESIZE_HQVGA,
  FRAMESIZE_240X240, FRAMESIZE_QVGA, FRAMESIZE_INVALID
} framesize_t;
typedef enum { CAMERA_GRAB_WHEN_EMPTY, CAMERA_GRAB_LATEST } camera_grab_mode_t;
typedef enum { CAMERA_FB_IN_PSRAM, CAMERA_FB_IN_DRAM } camera_fb_location_t;
typedef struct {
  int pin_pwdn;
  int pin_reset;
  int pin_xclk;
  union {
    int pin_sccb_sda;
    int pin_sscb_sda;
  };
  union {
    int pin_sccb_scl;
    int pin_sscb_scl;
  };
  int pin_d7, pin_d6, pin_d5, pin_d4, pin_d3, pin_d2, pin_d1, pin_d0;
  int pin_vsync;
  int pin_href;
  int pin_pclk;
  int xclk_freq_hz;
  ledc_timer_t ledc_timer;
  ledc_channel_t ledc_channel;
  pixformat_t pixel_format;
  framesize_t frame_size;
  int jpeg_quality;
  size_t fb_count;
  camera_fb_location_t fb_location;
  camera_grab_mode_t grab_mode;
  int sccb_i2c_port;
} camera_config_t;
typedef struct {
  uint8_t *buf;
  size_t len;
  size_t width;
  size_t height;
  pixformat_t format;
} camera_fb_t;
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t esp_camera_init(const camera_config_t *config);
esp_err_t esp_camera_deinit(void);
camera_fb_t *esp_camera_fb_get(void);
void esp_camera_fb_return(camera_fb_t *fb);
#ifdef __cplusplus
}
#endif
#include "img_converters.h"
#endif
