/* tinycnn on ESP32 camera boards: what the ESP-IDF example
 * (examples/esp32-cam-classifier) and the Arduino sketch (CameraClassifier)
 * share, written once: the boards' pin maps and LED, the frame size and
 * pixel format choices, the frame-buffer placement chosen at run time, the
 * tc_app HAL's camera functions over esp32-camera (the camera task's
 * stack size and the arena placement are in tinycnn/esp32.h).
 *
 *   #define TC_BOARD_AI_THINKER      (or TC_BOARD_ESP32S3_EYE,
 *                                      TC_BOARD_XIAO_ESP32S3)
 *   #define TC_CAM_RGB565            optional: RGB565 frames (default grey)
 *   #define TC_CAM_96X96             optional: 96x96 (default 160x120 QQVGA)
 *   #define TC_CAM_XCLK_HZ 20000000  optional
 *   #include "tinycnn/esp32_camera.h"
 *
 * Header-only (static inline) on purpose: the Arduino builder compiles
 * every source file of a library on every ESP32 chip, also those without a
 * camera driver (ESP32-C3); a header costs nothing until a camera firmware
 * includes it. Needs esp32-camera >= 2.0.2 (pin_sccb_sda / pin_sccb_scl;
 * 2.0.0 and 2.0.1 only have pin_sscb_*), which Arduino-ESP32 2.x and 3.x
 * ship with the core. API as declared in espressif/esp32-camera
 * driver/include/esp_camera.h (camera_config_t, camera_fb_t,
 * esp_camera_init/deinit/fb_get/fb_return, CAMERA_FB_IN_PSRAM/DRAM,
 * CAMERA_GRAB_LATEST/WHEN_EMPTY) and driver/include/sensor.h (pixformat_t,
 * framesize_t), conversions/include/img_converters.h (fmt2jpg_cb,
 * jpg_out_cb); espressif/esp-idf components/heap/include/esp_heap_caps.h
 * (heap_caps_get_largest_free_block, heap_caps_get_free_size). */
#ifndef TINYCNN_ESP32_CAMERA_H
#define TINYCNN_ESP32_CAMERA_H

#include <stddef.h>
#include <string.h>

#include "esp_camera.h"
#include "esp_heap_caps.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "img_converters.h"
#include "tinycnn/app.h"
#include "tinycnn/device.h"
#include "tinycnn/esp32.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Boards: the schematics' pins, as in esp32-camera's examples. D7..D0
 * are the sensor's Y9..Y2. LED: AI-Thinker GPIO33 (red, on the back,
 * active low; GPIO4 is the flash), ESP32-S3-EYE GPIO3, XIAO GPIO21 (user
 * LED, active low). */
#if defined(TC_BOARD_AI_THINKER)
#define TC_BOARD_NAME "AI-Thinker ESP32-CAM"
#define TC_CAM_PIN_PWDN 32
#define TC_CAM_PIN_RESET -1
#define TC_CAM_PIN_XCLK 0
#define TC_CAM_PIN_SDA 26
#define TC_CAM_PIN_SCL 27
#define TC_CAM_PIN_D7 35
#define TC_CAM_PIN_D6 34
#define TC_CAM_PIN_D5 39
#define TC_CAM_PIN_D4 36
#define TC_CAM_PIN_D3 21
#define TC_CAM_PIN_D2 19
#define TC_CAM_PIN_D1 18
#define TC_CAM_PIN_D0 5
#define TC_CAM_PIN_VSYNC 25
#define TC_CAM_PIN_HREF 23
#define TC_CAM_PIN_PCLK 22
#define TC_BOARD_LED_GPIO 33
#define TC_BOARD_LED_ACTIVE_LOW 1
#elif defined(TC_BOARD_ESP32S3_EYE)
#define TC_BOARD_NAME "ESP32-S3-EYE"
#define TC_CAM_PIN_PWDN -1
#define TC_CAM_PIN_RESET -1
#define TC_CAM_PIN_XCLK 15
#define TC_CAM_PIN_SDA 4
#define TC_CAM_PIN_SCL 5
#define TC_CAM_PIN_D7 16
#define TC_CAM_PIN_D6 17
#define TC_CAM_PIN_D5 18
#define TC_CAM_PIN_D4 12
#define TC_CAM_PIN_D3 10
#define TC_CAM_PIN_D2 8
#define TC_CAM_PIN_D1 9
#define TC_CAM_PIN_D0 11
#define TC_CAM_PIN_VSYNC 6
#define TC_CAM_PIN_HREF 7
#define TC_CAM_PIN_PCLK 13
#define TC_BOARD_LED_GPIO 3
#define TC_BOARD_LED_ACTIVE_LOW 0
#elif defined(TC_BOARD_XIAO_ESP32S3)
#define TC_BOARD_NAME "XIAO ESP32S3 Sense"
#define TC_CAM_PIN_PWDN -1
#define TC_CAM_PIN_RESET -1
#define TC_CAM_PIN_XCLK 10
#define TC_CAM_PIN_SDA 40
#define TC_CAM_PIN_SCL 39
#define TC_CAM_PIN_D7 48
#define TC_CAM_PIN_D6 11
#define TC_CAM_PIN_D5 12
#define TC_CAM_PIN_D4 14
#define TC_CAM_PIN_D3 16
#define TC_CAM_PIN_D2 18
#define TC_CAM_PIN_D1 17
#define TC_CAM_PIN_D0 15
#define TC_CAM_PIN_VSYNC 38
#define TC_CAM_PIN_HREF 47
#define TC_CAM_PIN_PCLK 13
#define TC_BOARD_LED_GPIO 21
#define TC_BOARD_LED_ACTIVE_LOW 1
#endif
/* Without a board only the board-independent parts below are declared;
 * tc_esp32_camera_config needs one. */

/* --- Frames. esp32-camera delivers RGB565 high byte first. */
#ifdef TC_CAM_RGB565
#define TC_CAM_PIXFORMAT PIXFORMAT_RGB565
#define TC_CAM_TC_FORMAT TC_PIX_RGB565_BE
#define TC_CAM_BYTES_PER_PIXEL 2
#else
#define TC_CAM_PIXFORMAT PIXFORMAT_GRAYSCALE
#define TC_CAM_TC_FORMAT TC_PIX_GRAY8
#define TC_CAM_BYTES_PER_PIXEL 1
#endif
#ifdef TC_CAM_96X96
#define TC_CAM_FRAMESIZE FRAMESIZE_96X96
#define TC_CAM_WIDTH 96
#define TC_CAM_HEIGHT 96
#else
#define TC_CAM_FRAMESIZE FRAMESIZE_QQVGA
#define TC_CAM_WIDTH 160
#define TC_CAM_HEIGHT 120
#endif
#ifndef TC_CAM_XCLK_HZ
#define TC_CAM_XCLK_HZ 20000000
#endif

/* --- Frame buffers: where and how many, from what the board has now
 * (psram: the port's run-time check: esp_psram_is_initialized() on
 * ESP-IDF, psramFound() on Arduino). reserve: internal RAM the firmware
 * still needs after the camera (the arena when it goes there, Wi-Fi). */
static inline tc_app_fb_plan tc_esp32_camera_plan(int psram, size_t reserve) {
  const uint32_t caps = MALLOC_CAP_INTERNAL | MALLOC_CAP_8BIT;
  return tc_app_plan_frame_buffers(
      psram,
      (size_t)TC_CAM_WIDTH * TC_CAM_HEIGHT * TC_CAM_BYTES_PER_PIXEL,
      (size_t)96 * 96 * TC_CAM_BYTES_PER_PIXEL,
      heap_caps_get_largest_free_block(caps), heap_caps_get_free_size(caps),
      reserve);
}

/* "psram" or "internal ram", for the boot line. */
static inline const char *tc_esp32_camera_place(const tc_app_fb_plan *p) {
  return p->in_psram ? "psram" : "internal ram";
}

#ifdef TC_BOARD_NAME
/* The board's camera_config_t for a plan (plan.count >= 1). */
static inline void tc_esp32_camera_config(camera_config_t *c,
                                          const tc_app_fb_plan *p) {
  memset(c, 0, sizeof *c);
  c->pin_pwdn = TC_CAM_PIN_PWDN;
  c->pin_reset = TC_CAM_PIN_RESET;
  c->pin_xclk = TC_CAM_PIN_XCLK;
  c->pin_sccb_sda = TC_CAM_PIN_SDA;
  c->pin_sccb_scl = TC_CAM_PIN_SCL;
  c->pin_d7 = TC_CAM_PIN_D7;
  c->pin_d6 = TC_CAM_PIN_D6;
  c->pin_d5 = TC_CAM_PIN_D5;
  c->pin_d4 = TC_CAM_PIN_D4;
  c->pin_d3 = TC_CAM_PIN_D3;
  c->pin_d2 = TC_CAM_PIN_D2;
  c->pin_d1 = TC_CAM_PIN_D1;
  c->pin_d0 = TC_CAM_PIN_D0;
  c->pin_vsync = TC_CAM_PIN_VSYNC;
  c->pin_href = TC_CAM_PIN_HREF;
  c->pin_pclk = TC_CAM_PIN_PCLK;
  c->xclk_freq_hz = TC_CAM_XCLK_HZ;
  c->ledc_timer = LEDC_TIMER_0;
  c->ledc_channel = LEDC_CHANNEL_0;
  c->pixel_format = TC_CAM_PIXFORMAT;
  c->frame_size = p->small ? FRAMESIZE_96X96 : TC_CAM_FRAMESIZE;
  c->jpeg_quality = 12; /* unused: raw frames */
  c->fb_count = p->count ? p->count : 1;
  /* esp32-camera allocates each frame buffer with MALLOC_CAP_SPIRAM or
   * MALLOC_CAP_INTERNAL from this field (driver/cam_hal.c). */
  c->fb_location = p->in_psram ? CAMERA_FB_IN_PSRAM : CAMERA_FB_IN_DRAM;
  /* One buffer: the driver fills it when the app gives it back. */
  c->grab_mode = c->fb_count > 1 ? CAMERA_GRAB_LATEST : CAMERA_GRAB_WHEN_EMPTY;
}
#endif

/* The tc_app HAL's camera functions (ctx unused; frame->handle holds the
 * camera_fb_t to give back). */
static inline int tc_esp32_frame_get(void *ctx, tc_frame *f) {
  camera_fb_t *fb = esp_camera_fb_get();
  (void)ctx;
  if (!fb) return -1;
  if (fb->format != TC_CAM_PIXFORMAT) {
    esp_camera_fb_return(fb);
    return -2;
  }
  f->data = fb->buf;
  f->width = (int32_t)fb->width;
  f->height = (int32_t)fb->height;
  f->stride = 0;
  f->format = TC_CAM_TC_FORMAT;
  f->handle = fb;
  return 0;
}

static inline void tc_esp32_frame_release(void *ctx, tc_frame *f) {
  (void)ctx;
  esp_camera_fb_return((camera_fb_t *)f->handle);
}

/* /frame.jpg for the device service (tc_device_hal.jpeg): the frame
 * JPEG-encoded by esp32-camera's fmt2jpg_cb while it is sent, each piece
 * of encoder output written as it comes (fmt2jpg would first want one
 * contiguous 128 KiB buffer, which internal RAM beside Wi-Fi rarely has).
 * The answer begins with the first piece, so an encoder that fails before
 * any output leaves the device its 500 (-1). A failure later, or a client
 * gone, stops the encoder and also returns -1: the device's 500 then
 * reaches a transport that has begun already, which cuts the response
 * (tinycnn_esp_device.h: a second begin closes the connection). */
typedef struct tc_esp32_jpeg_ctx {
  tc_http_out *out;
  int begun, failed;
} tc_esp32_jpeg_ctx;

static inline size_t tc_esp32_jpeg_piece(void *arg, size_t index,
                                         const void *data, size_t len) {
  tc_esp32_jpeg_ctx *j = (tc_esp32_jpeg_ctx *)arg;
  (void)index;
  if (j->failed) return 0;
  if (!j->begun) {
    j->begun = 1;
    if (j->out->begin(j->out->ctx, 200, "image/jpeg", NULL, 0, -1) != 0) {
      j->failed = 1;
      return 0;
    }
  }
  if (j->out->write(j->out->ctx, data, len) != 0) {
    j->failed = 1;
    return 0; /* fewer bytes than given: the encoder stops */
  }
  return len;
}

static inline int tc_esp32_jpeg(void *ctx, const tc_frame *f,
                                tc_http_out *out) {
  tc_esp32_jpeg_ctx j;
  pixformat_t pf;
  size_t len;
  (void)ctx;
  if (f->format == TC_PIX_GRAY8) {
    pf = PIXFORMAT_GRAYSCALE;
  } else if (f->format == TC_PIX_RGB565_BE) {
    pf = PIXFORMAT_RGB565;
  } else {
    return -1;
  }
  len = (size_t)f->width * (size_t)f->height * tc_pixfmt_bpp(f->format);
  j.out = out;
  j.begun = j.failed = 0;
  if (fmt2jpg_cb((uint8_t *)(uintptr_t)f->data, len, (uint16_t)f->width,
                 (uint16_t)f->height, pf, 80, tc_esp32_jpeg_piece, &j))
    return 0;
  return -1;
}

/* Deinit, let the sensor power down, init again: 0 or the esp_err_t. */
static inline int tc_esp32_camera_restart(const camera_config_t *c) {
  esp_err_t err;
  esp_camera_deinit();
  vTaskDelay(pdMS_TO_TICKS(100));
  err = esp_camera_init(c);
  return err == ESP_OK ? 0 : (int)err;
}

#ifdef __cplusplus
}
#endif
#endif
