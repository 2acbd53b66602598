#include "camera_hal.h"

#include "driver/gpio.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "sdkconfig.h"
#include "tinycnn_esp.h"

/* menuconfig's choices in tinycnn/esp32_camera.h's terms (the Arduino
 * sketch sets the same macros by hand). */
#if CONFIG_CAMCLS_BOARD_AI_THINKER
#define TC_BOARD_AI_THINKER
#elif CONFIG_CAMCLS_BOARD_ESP32S3_EYE
#define TC_BOARD_ESP32S3_EYE
#elif CONFIG_CAMCLS_BOARD_XIAO_ESP32S3
#define TC_BOARD_XIAO_ESP32S3
#endif
#if CONFIG_CAMCLS_PIXFORMAT_RGB565
#define TC_CAM_RGB565
#endif
#if CONFIG_CAMCLS_FRAMESIZE_96X96
#define TC_CAM_96X96
#endif
#define TC_CAM_XCLK_HZ CONFIG_CAMCLS_XCLK_HZ
#include "tinycnn/esp32_camera.h"

static const char *TAG = "camcls";

static camera_config_t s_cfg;
static tc_app_fb_plan s_plan;
static size_t s_reserve;

/* Frame buffers placed now; 0 when no placement fits. */
static int plan(void) {
  s_plan = tc_esp32_camera_plan(tc_esp_psram(), s_reserve);
  if (s_plan.count == 0) return 0;
  tc_esp32_camera_config(&s_cfg, &s_plan);
  return 1;
}

/* The placement is chosen again (memory may have been freed since). */
static int camera_reinit(void *ctx) {
  (void)ctx;
  if (!plan()) return (int)ESP_ERR_NO_MEM;
  return tc_esp32_camera_restart(&s_cfg);
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

esp_err_t camera_hal_start(size_t reserve) {
#if CONFIG_CAMCLS_LED_GPIO >= 0
  gpio_reset_pin((gpio_num_t)CONFIG_CAMCLS_LED_GPIO);
  gpio_set_direction((gpio_num_t)CONFIG_CAMCLS_LED_GPIO, GPIO_MODE_OUTPUT);
  led_set(NULL, 0);
#endif
  s_reserve = reserve;
  return plan() ? esp_camera_init(&s_cfg) : ESP_ERR_NO_MEM;
}

void camera_hal_get(tc_app_hal *hal) {
  hal->ctx = NULL;
  hal->frame_get = tc_esp32_frame_get;
  hal->frame_release = tc_esp32_frame_release;
  hal->camera_reinit = camera_reinit;
  hal->time_us = time_us;
  hal->led_set = led_set;
  hal->log_line = log_line;
  hal->free_heap = free_heap;
  hal->publish = NULL; /* the device service publishes (tc_device_step) */
}

void camera_hal_describe(int32_t *width, int32_t *height, uint32_t *fb_count,
                         const char **fb_place) {
  *width = s_plan.small ? 96 : TC_CAM_WIDTH;
  *height = s_plan.small ? 96 : TC_CAM_HEIGHT;
  *fb_count = s_plan.count;
  *fb_place = tc_esp32_camera_place(&s_plan);
}

int32_t camera_hal_format(void) { return TC_CAM_TC_FORMAT; }

int camera_hal_jpeg(void *ctx, const tc_frame *f, tc_http_out *out) {
  return tc_esp32_jpeg(ctx, f, out);
}
