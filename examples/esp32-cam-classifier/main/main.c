/* ESP32 camera classifier: camera frame -> tinycnn -> debounced decision
 * -> LED + one log line per frame, and (CONFIG_CAMCLS_HTTP) the board on
 * the network: status page, lossless /capture, POST /model. The logic is
 * src/app's device service (the same code as `tinycnn camera-sim --serve`
 * and the Arduino sketch); this file only wires the board to it.
 *
 * The model: the newest valid slot of the `model` partition (partitions.csv,
 * A/B, tinycnn/store.h), else the older slot, else the built-in one
 * (model_data.c); the boot log names which. */
#include <stddef.h>
#include <string.h>

#include "camera_hal.h"
#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "model_data.h"
#include "sdkconfig.h"
#include "tinycnn/device.h"
#include "tinycnn/esp32.h"
#include "tinycnn_esp.h"
#include "tinycnn_esp_device.h"
#include "web.h"

static const char *TAG = "camcls";

/* The camera task's stack: the runtime's measured need (TC_STACK_NEED:
 * load, init, invoke and tc_esp32_arena_size in boot) plus the app's frames
 * and the camera / logging needs (tinycnn/esp32.h).
 * FreeRTOS on ESP-IDF takes it in bytes (xTaskCreate, freertos/task.h). */
#define CAMCLS_TASK_STACK TC_ESP32_TASK_STACK

/* Internal RAM the camera must leave for Wi-Fi and the HTTP server when the
 * network is on (argued, not measured: ESP-IDF's default Wi-Fi buffers,
 * 10 static + up to 32 dynamic RX/TX buffers of ~1.6 KB, lwIP and the
 * server task's stack, TC_ESP_HTTP_STACK). */
#if CONFIG_CAMCLS_HTTP
#define CAMCLS_NET_RESERVE (64 * 1024)
/* 0: a slot of the `model` partition (its half minus 32 bytes). A limit
 * only: the upload streams to flash through s_esp.piece (512 bytes). */
#define CAMCLS_MODEL_MAX ((size_t)CONFIG_CAMCLS_MODEL_MAX_KB * 1024u)
#define CAMCLS_TOKEN CONFIG_CAMCLS_MODEL_TOKEN
#else
#define CAMCLS_NET_RESERVE 0
#define CAMCLS_MODEL_MAX ((size_t)0)
#define CAMCLS_TOKEN ""
#endif

/* Static: the device holds the app, the interpreter and its text lines. */
static tc_device s_dev;
static tc_esp_device s_esp;

static void halt(const char *what, const char *why) {
  ESP_LOGE(TAG, "%s: %s", what, why);
  for (;;) vTaskDelay(pdMS_TO_TICKS(1000));
}

/* `bytes` from PSRAM first, else internal RAM (buffers the camera loop
 * does not read per pixel: published frames); NULL if neither. */
static uint8_t *big_alloc(size_t bytes) {
  const char *place = "";
  return bytes ? (uint8_t *)tc_esp32_arena_alloc(bytes, tc_esp_psram(), 1,
                                                 &place)
               : NULL;
}

static void boot(void) {
  tc_model probe;
  tc_device_config cfg;
  tc_device_mem mem;
  tc_device_hal dhal;
  tc_app_hal hal;
  tc_flash fl;
  const char *placement = "", *fb_place = "";
  int32_t cam_w, cam_h;
  uint32_t fb_count;
  size_t need = 0, arena_size, frame;
  int store;
  esp_err_t err;

  /* The exact arena the built-in model needs on this chip; uploads may
   * use up to CONFIG_CAMCLS_ARENA_KB (the device checks each upload). */
  if (tc_model_load(&probe, model_data, model_data_len) != TC_OK ||
      tc_esp32_arena_size(&probe, &need) != TC_OK)
    halt("model", probe.msg);
  arena_size = (size_t)CONFIG_CAMCLS_ARENA_KB * 1024u;
  if (arena_size < need) arena_size = need;

  err = tc_esp_flash_open(&s_esp, TC_ESP_MODEL_LABEL, &fl);
  store = err == ESP_OK;
  if (!store)
    ESP_LOGW(TAG, "no '%s' partition (data, 0x%x): the built-in model only "
             "(0x%x)", TC_ESP_MODEL_LABEL, TC_ESP_MODEL_SUBTYPE, (unsigned)err);

  /* Camera first: its DMA buffers and frames (internal RAM without PSRAM)
   * must not find the heap taken by a large arena. A camera that fails to
   * start is handled like any camera error: the loop logs it and
   * re-initialises after CONFIG_TINYCNN_CAMERA_RETRIES. */
  err = camera_hal_start((tc_esp_arena_internal_first() ? arena_size : 0) +
                         CAMCLS_NET_RESERVE);
  if (err != ESP_OK) ESP_LOGE(TAG, "camera init failed: 0x%x", (unsigned)err);
  camera_hal_describe(&cam_w, &cam_h, &fb_count, &fb_place);

  memset(&mem, 0, sizeof mem);
  mem.arena = tc_esp_arena_alloc(arena_size, &placement);
  if (!mem.arena) halt("arena", "no memory block that large in internal RAM or PSRAM");
  mem.arena_size = arena_size;
#if CONFIG_CAMCLS_HTTP
  /* Two published frames (/capture, /frame.jpg). Uploads stream to the
   * model partition through the 512-byte piece buffer in s_esp. */
  frame = (size_t)cam_w * (size_t)cam_h * tc_pixfmt_bpp(camera_hal_format());
  mem.snap[0] = big_alloc(frame);
  mem.snap[1] = big_alloc(frame);
  mem.snap_size = mem.snap[0] && mem.snap[1] ? frame : 0;
  if (!mem.snap_size) ESP_LOGW(TAG, "no 2 x %u bytes for published frames", (unsigned)frame);
  if (store) {
    mem.upload = s_esp.piece;
    mem.upload_size = sizeof s_esp.piece;
  }
#else
  (void)frame;
  (void)big_alloc;
#endif

  tc_device_config_default(&cfg);
  /* Threshold -1: the model's own (metadata), as Kconfig's "use the model's
   * threshold" says; labels: the model's. The built-in model's are in
   * model_data.h when its metadata has none. */
  tc_esp_app_config(&cfg.app, -1.0f);
  cfg.app.label_neg = cfg.app.label_pos = NULL;
  cfg.builtin_neg = MODEL_LABEL_NEG;
  cfg.builtin_pos = MODEL_LABEL_POS;
  cfg.builtin_threshold = MODEL_THRESHOLD;
  cfg.cam_width = cam_w;
  cfg.cam_height = cam_h;
  cfg.cam_format = camera_hal_format();
  cfg.token = CAMCLS_TOKEN;
  cfg.max_model = CAMCLS_MODEL_MAX;
  camera_hal_get(&hal);
  if (tc_esp_device_hal(&s_esp, &dhal, camera_hal_jpeg) != ESP_OK)
    halt("device", "no memory for two mutexes");
  if (tc_device_init(&s_dev, &hal, &dhal, store ? &fl : NULL, &cfg, &mem,
                     model_data, model_data_len) != TC_OK)
    halt("tinycnn", s_dev.msg);

  tc_app_log_boot(&s_dev.app, (uint32_t)s_dev.model_len, (uint32_t)arena_size,
                  placement, cam_w, cam_h, fb_count, fb_place);
#if CONFIG_CAMCLS_HTTP
  web_start(&s_esp, &s_dev);
#endif
}

static void camcls_task(void *arg) {
  (void)arg;
  boot();
  for (;;) {
    tc_status s = tc_device_step(&s_dev);
    if (s == TC_ERR_INPUT) {
      vTaskDelay(pdMS_TO_TICKS(200)); /* camera error: give it time */
    } else if (s != TC_OK) {
      ESP_LOGE(TAG, "invoke: %s", s_dev.app.msg);
      vTaskDelay(pdMS_TO_TICKS(1000));
    } else {
      vTaskDelay(1); /* let the idle task feed the watchdog */
    }
  }
}

void app_main(void) {
  /* Priority 5, like ESP-IDF's example tasks: above the idle task, below
   * Wi-Fi and lwIP (18-23). */
  if (xTaskCreate(camcls_task, "camcls", CAMCLS_TASK_STACK, NULL, 5, NULL) !=
      pdPASS)
    ESP_LOGE(TAG, "no memory for the camera task's %u-byte stack",
             (unsigned)CAMCLS_TASK_STACK);
}
