/* tinycnn's device service (tinycnn/device.h) on ESP32 chips: the model
 * partition behind the store's flash HAL, the device HAL's two locks, and
 * the esp_http_server transport that routes GET /, /status, /frame.jpg,
 * /capture and POST /model to the shared handlers. One code path for the
 * ESP-IDF example (examples/esp32-cam-classifier) and the Arduino sketch
 * (ports/arduino, CameraClassifier): Arduino-ESP32 2.x and 3.x ship
 * esp_http_server and esp_partition with the core.
 *
 * APIs, as declared in espressif/esp-idf:
 *   components/esp_partition/include/esp_partition.h (ESP-IDF >= 5.1;
 *     components/spi_flash/include/esp_partition.h before): esp_partition_t,
 *     esp_partition_find_first, esp_partition_read, esp_partition_write,
 *     esp_partition_erase_range, esp_partition_mmap;
 *   components/esp_http_server/include/esp_http_server.h: httpd_start,
 *     httpd_register_uri_handler, httpd_req_recv, httpd_req_get_hdr_value_str,
 *     httpd_resp_set_status, httpd_resp_set_type, httpd_resp_set_hdr,
 *     httpd_resp_send_chunk, HTTPD_SOCK_ERR_TIMEOUT;
 *   components/freertos (semphr.h): xSemaphoreCreateMutex, xSemaphoreTake,
 *     xSemaphoreGive. */
#ifndef TINYCNN_ESP_DEVICE_H
#define TINYCNN_ESP_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "esp_err.h"
#include "esp_http_server.h"
#include "esp_partition.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "tinycnn/device.h"
#include "tinycnn/esp32.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The model partition in partitions.csv: `model, data, 0x40, , 1M`
 * (0x40..0xFE are subtypes free for applications, esp_partition.h). Two
 * slots of half its size each, minus a 32-byte header (tinycnn/store.h). */
#define TC_ESP_MODEL_LABEL "model"
#define TC_ESP_MODEL_SUBTYPE 0x40
/* The erase unit of ESP32 SPI flash (SPI_FLASH_SEC_SIZE). */
#define TC_ESP_FLASH_SECTOR 4096u

/* The upload piece buffer (tc_device_mem.upload, in tc_esp_device): POST
 * /model streams through it into the free slot, one esp_partition_write
 * per 512 bytes. 512, not a sector: the transport receives 512 bytes at a
 * time anyway, erasing goes by sector whatever the write size, and
 * esp_partition_write takes any length and offset on an unencrypted
 * partition (esp_partition.h); a sector would cost 3.5 KB more RAM for
 * fewer calls only. Pieces start 16-byte aligned (32 + 512 k). */
#define TC_ESP_UPLOAD_PIECE 512

/* The HTTP server task's stack, in bytes (httpd_config_t.stack_size): the
 * device service's own frames (TC_DEVICE_HTTP_STACK, measured by the
 * app_stack test), plus ONE of the runtime loading and checking an
 * uploaded model (tc_model_load then tc_model_arena_size, which keeps the
 * planner's work list on the stack: TC_ARENA_SIZE_STACK, measured, the
 * larger of the two; the model streams to flash and is checked there, so
 * the 512-byte piece buffer holds the work list for tiny models only and
 * the stack version is what a real model gets; it refuses, with 422, a
 * model of more than ~230 activation buffers, where the largest model
 * seen, of 370 conformance models, has 137) or a log line
 * (TC_ESP32_LOG_STACK), plus esp_http_server's own need, for which its
 * default HTTPD_DEFAULT_CONFIG().stack_size of 4096 is taken (argued, not
 * measured: no board here), plus this transport's frames (a 512-byte
 * receive piece and the request copy: TC_ESP_HTTP_FRAMES; the app_stack
 * test measures tc_esp_http_handler's deepest chain with the device's
 * below it, 1,856-1,936 bytes for rv32imc and Xtensa at -Os and -O2,
 * against TC_DEVICE_HTTP_STACK + TC_ESP_HTTP_FRAMES = 2,560) and the
 * margin. */
#define TC_ESP_HTTPD_OWN_STACK 4096
#define TC_ESP_HTTP_FRAMES 1024
#define TC_ESP_HTTP_STACK                                             \
  (TC_DEVICE_HTTP_STACK +                                            \
   TC_ESP32_MAX_(TC_ARENA_SIZE_STACK, TC_ESP32_LOG_STACK) +          \
   TC_ESP_HTTPD_OWN_STACK + TC_ESP_HTTP_FRAMES + TC_ESP32_STACK_MARGIN)

typedef struct tc_esp_device {
  const esp_partition_t *part; /* NULL: no model partition */
  const uint8_t *map;          /* the partition mapped (data memory) */
  uint32_t map_handle;         /* esp_partition_mmap's handle (a uint32_t) */
  SemaphoreHandle_t mu[2];     /* TC_LOCK_MODEL, TC_LOCK_PUBLISH */
  tc_device *dev;
  uint8_t piece[TC_ESP_UPLOAD_PIECE]; /* mem.upload: the upload pieces */
  httpd_handle_t server;
} tc_esp_device;

/* Find the model partition (type data, subtype TC_ESP_MODEL_SUBTYPE, label
 * `label`), map it into data memory and fill *fl with the store's flash
 * HAL over esp_partition_read / write / erase_range. ESP_ERR_NOT_FOUND
 * when the partition table has none (the firmware then runs without a
 * store: POST /model answers 501), or esp_partition_mmap's error. Writes
 * through esp_partition_write are seen by the mapping: ESP-IDF flushes the
 * cache of mapped pages after each write or erase (spi_flash
 * spi_flash_check_and_flush_cache, components/spi_flash/flash_mmap.c). */
esp_err_t tc_esp_flash_open(tc_esp_device *e, const char *label,
                            tc_flash *fl);

/* The device HAL: two FreeRTOS mutexes (created here), flash_map over the
 * mapping, and `jpeg` for /frame.jpg (may be NULL: 404). ESP_ERR_NO_MEM
 * when a mutex cannot be created (none is left behind). */
esp_err_t tc_esp_device_hal(tc_esp_device *e, tc_device_hal *hal,
                            int (*jpeg)(void *ctx, const tc_frame *f,
                                        tc_http_out *out));

/* Start esp_http_server on `port` with TC_ESP_HTTP_STACK bytes of stack
 * and register the device's routes (6 of the default 8 URI handlers):
 * GET /, /status, /frame.jpg, /capture, /model (405) and POST /model.
 * ESP_ERR_INVALID_ARG: the device's upload token is longer than 71
 * characters (the X-Token header buffer). Any other failure is
 * esp_http_server's, and leaves no server running. */
esp_err_t tc_esp_http_start(tc_esp_device *e, tc_device *d, uint16_t port);

/* The one URI handler behind every route (user_ctx: the tc_esp_device).
 * Answers are sent chunked; a response whose body came out shorter than
 * the length the device announced (client gone), or that was begun twice
 * (a HAL such as /frame.jpg's encoder failed after its first bytes, and
 * the device's 500 came too late), makes it return ESP_FAIL, which closes
 * the connection instead of ending the body normally: a cut-off body is
 * never taken for a whole one. POST
 * /model reads the body with httpd_req_recv in 512-byte pieces (a timeout
 * is retried 3 times) and hands each to the device, which writes each full
 * piece buffer (TC_ESP_UPLOAD_PIECE) to the model partition's free slot. */
esp_err_t tc_esp_http_handler(httpd_req_t *req);

#ifdef __cplusplus
}
#endif
#endif
