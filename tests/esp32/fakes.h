/* Recording fakes behind the stand-in headers (tests/esp32/include): what
 * the firmware asked of ESP-IDF, esp32-camera and esp_http_server, and the
 * knobs a test turns. Host only. */
#ifndef TC_TEST_ESP32_FAKES_H
#define TC_TEST_ESP32_FAKES_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "esp_camera.h"
#include "esp_heap_caps.h"
#include "esp_http_server.h"
#include "freertos/task.h"

#define FAKE_MAX 64
#define FAKE_LINE 160

typedef struct fake_state {
  /* knobs */
  int psram;                    /* esp_psram_is_initialized() */
  size_t internal_free, internal_largest;
  uint32_t fail_caps;           /* heap_caps_aligned_alloc fails for these */
  esp_err_t cam_init_rc;
  const int *script;            /* frames: grey level, -1 NULL, -2 wrong
                                   format, -3 zero width (grey 99) */
  int nscript, next;
  int delay_limit;              /* vTaskDelay longjmps after this many */
  int jpg_fail_after;           /* fmt2jpg_cb fails after N chunks; -1 never */
  int chunk_fail_at;            /* httpd_resp_send_chunk fails at call N; 0 never */
  /* records */
  char events[FAKE_MAX][48];    /* "camera_init", "alloc caps=0x..." */
  int nevents;
  char logs[FAKE_MAX][FAKE_LINE];
  int nlogs;
  TaskFunction_t task;
  char task_name[16];
  uint32_t task_stack;
  camera_config_t cam_cfg;
  int cam_inits, cam_deinits, fb_out;
  int led_level;
  httpd_uri_t uris[8];
  int nuris;
  char status[40], type[40], err_msg[64];
  int err_code;                 /* httpd_resp_send_err's, -1 none */
  uint8_t body[65536];
  size_t body_len;
  int chunks, chunk_end, jpg_cb_short; /* jpg_cb_short: the callback took less */
  jmp_buf exit;
} fake_state;

extern fake_state fk;

/* Clears the records and sets the default knobs (no PSRAM, 200 KB free
 * internal RAM in a 100 KB block, camera starts, nothing scripted). */
void fake_reset(void);
/* The registered handler of `uri`, or NULL. */
esp_err_t (*fake_handler(const char *uri))(httpd_req_t *);
/* Runs handler on a fresh request after clearing the response records. */
esp_err_t fake_request(const char *uri);

#endif
