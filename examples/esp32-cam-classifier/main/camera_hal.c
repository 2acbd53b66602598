#include "camera_hal.h"

#include "driver/gpio.h"
#include "esp_camera.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "sdkconfig.h"
#include "web.h"

static const char *TAG = "camcls";

/* Pin maps: the boards' schematics, as in esp32-camera's examples.
 * D7..D0 are the sensor's Y9..Y2. */
#if CONFIG_CAMCLS_BOARD_AI_THINKER
#define CAM_PWDN 32
#define CAM_RESET -1
#define CAM_XCLK 0
#define CAM_SDA 26
#define CAM_SCL 27
#define CAM_D7 35
#define CAM_D6 34
#define CAM_D5 39
#define CAM_D4 36
#define CAM_D3 21
#define CAM_D2 19
#define CAM_D1 18
#define CAM_D0 5
#define CAM_VSYNC 25
#define CAM_HREF 23
#define CAM_PCLK 22
#elif CONFIG_CAMCLS_BOARD_ESP32S3_EYE
#define CAM_PWDN -1
#define CAM_RESET -1
#define CAM_XCLK 15
#define CAM_SDA 4
#define CAM_SCL 5
#define CAM_D7 16
#define CAM_D6 17
#define CAM_D5 18
#define CAM_D4 12
#define CAM_D3 10
#define CAM_D2 8
#define CAM_D1 9
#define CAM_D0 11
#define CAM_VSYNC 6
#define CAM_HREF 7
#define CAM_PCLK 13
#elif CONFIG_CAMCLS_BOARD_XIAO_ESP32S3
#define CAM_PWDN -1
#define CAM_RESET -1
#define CAM_XCLK 10
#define CAM_SDA 40
#define CAM_SCL 39
#define CAM_D7 48
#define CAM_D6 11
#define CAM_D5 12
#define CAM_D4 14
#define CAM_D3 16
#define CAM_D2 18
#define CAM_D1 17
#define CAM_D0 15
#define CAM_VSYNC 38
#define CAM_HREF 47
#define CAM_PCLK 13
#else
#error "choose a board in menuconfig (Camera classifier -> Board)"
#endif

#if CONFIG_CAMCLS_PIXFORMAT_RGB565
#define CAM_PIXFORMAT PIXFORMAT_RGB565
#define CAM_TC_FORMAT TC_PIX_RGB565_BE /* esp32-camera: high byte first */
#else
#define CAM_PIXFORMAT PIXFORMAT_GRAYSCALE
#define CAM_TC_FORMAT TC_PIX_GRAY8
#endif

#if CONFIG_CAMCLS_FRAMESIZE_96X96
#define CAM_FRAMESIZE FRAMESIZE_96X96
#define CAM_W 96
#define CAM_H 96
#else
#define CAM_FRAMESIZE FRAMESIZE_QQVGA
#define CAM_W 160
#define CAM_H 120
#endif

static camera_config_t cam_cfg = {
    .pin_pwdn = CAM_PWDN,
    .pin_reset = CAM_RESET,
    .pin_xclk = CAM_XCLK,
    .pin_sccb_sda = CAM_SDA,
    .pin_sccb_scl = CAM_SCL,
    .pin_d7 = CAM_D7,
    .pin_d6 = CAM_D6,
    .pin_d5 = CAM_D5,
    .pin_d4 = CAM_D4,
    .pin_d3 = CAM_D3,
    .pin_d2 = CAM_D2,
    .pin_d1 = CAM_D1,
    .pin_d0 = CAM_D0,
    .pin_vsync = CAM_VSYNC,
    .pin_href = CAM_HREF,
    .pin_pclk = CAM_PCLK,
    .xclk_freq_hz = CONFIG_CAMCLS_XCLK_HZ,
    .ledc_timer = LEDC_TIMER_0,
    .ledc_channel = LEDC_CHANNEL_0,
    .pixel_format = CAM_PIXFORMAT,
    .frame_size = CAM_FRAMESIZE,
    .jpeg_quality = 12, /* unused: raw frames */
    .fb_count = 2,
#if CONFIG_SPIRAM
    .fb_location = CAMERA_FB_IN_PSRAM,
#else
    .fb_location = CAMERA_FB_IN_DRAM,
#endif
    .grab_mode = CAMERA_GRAB_LATEST,
};

static const tc_app *s_app;

static int frame_get(void *ctx, tc_frame *f) {
  camera_fb_t *fb = esp_camera_fb_get();
  (void)ctx;
  if (!fb) return -1;
  if (fb->format != CAM_PIXFORMAT) {
    esp_camera_fb_return(fb);
    return -2;
  }
  f->data = fb->buf;
  f->width = (int32_t)fb->width;
  f->height = (int32_t)fb->height;
  f->stride = 0;
  f->format = CAM_TC_FORMAT;
  f->handle = fb;
  return 0;
}

static void frame_release(void *ctx, tc_frame *f) {
  camera_fb_t *fb = f->handle;
  (void)ctx;
#if CONFIG_CAMCLS_HTTP
  if (s_app) web_publish(fb, s_app->score, s_app->state, s_app->infer_ms);
#endif
  esp_camera_fb_return(fb);
}

static int camera_reinit(void *ctx) {
  esp_err_t err;
  (void)ctx;
  esp_camera_deinit();
  /* Let the sensor power down before it is probed again. */
  vTaskDelay(pdMS_TO_TICKS(100));
  err = esp_camera_init(&cam_cfg);
  return err == ESP_OK ? 0 : (int)err;
}

static int64_t time_us(void *ctx) {
  (void)ctx;
  return esp_timer_get_time();
}

static void led_set(void *ctx, int on) {
  (void)ctx;
#if CONFIG_CAMCLS_LED_GPIO >= 0
#if CONFIG_CAMCLS_LED_ACTIVE_LOW
  on = !on;
#endif
  gpio_set_level((gpio_num_t)CONFIG_CAMCLS_LED_GPIO, on ? 1 : 0);
#else
  (void)on;
#endif
}

static void log_line(void *ctx, const char *line) {
  (void)ctx;
  ESP_LOGI(TAG, "%s", line);
}

static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return esp_get_free_heap_size();
}

esp_err_t camera_hal_start(void) {
#if CONFIG_CAMCLS_LED_GPIO >= 0
  gpio_reset_pin((gpio_num_t)CONFIG_CAMCLS_LED_GPIO);
  gpio_set_direction((gpio_num_t)CONFIG_CAMCLS_LED_GPIO, GPIO_MODE_OUTPUT);
  led_set(NULL, 0);
#endif
  return esp_camera_init(&cam_cfg);
}

void camera_hal_get(tc_app_hal *hal, const tc_app *app) {
  hal->ctx = NULL;
  hal->frame_get = frame_get;
  hal->frame_release = frame_release;
  hal->camera_reinit = camera_reinit;
  hal->time_us = time_us;
  hal->led_set = led_set;
  hal->log_line = log_line;
  hal->free_heap = free_heap;
  s_app = app;
}

void camera_hal_frame_size(int *w, int *h) {
  *w = CAM_W;
  *h = CAM_H;
}
