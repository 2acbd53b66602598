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
#include "esp_partition.h"
#include "freertos/task.h"

#define FAKE_MAX 64
#define FAKE_LINE 160
/* The `model` partition of examples/esp32-cam-classifier/partitions.csv. */
#define FAKE_PART_OFFSET 0x210000u
#define FAKE_PART_SIZE 0x1E0000u

/* The partition's bytes: not cleared by fake_reset (a reboot keeps them). */
extern uint8_t fake_flash[FAKE_PART_SIZE];

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
  int pattern;                  /* frames: varied bytes instead of one level */
  int no_partition;             /* esp_partition_find_first finds nothing */
  int flash_cut_at;             /* power cut: write / erase N (1-based) does
                                   half its bytes and fails, every later one
                                   fails; 0 never */
  long recv_fail_at;            /* httpd_req_recv: connection broken once
                                   this many body bytes were read; -1 never */
  int recv_timeouts;            /* httpd_req_recv: timeouts before the body */
  int mutex_fail_at;            /* xSemaphoreCreateMutex call N returns NULL */
  int register_fail_at;         /* httpd_register_uri_handler call N fails */
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
  char hdr_name[8][32], hdr_value[8][48];
  int nhdrs;
  int flash_ops, flash_dead, flash_writes, maps;
  char find_label[17];
  int find_type, find_subtype;
  int mutexes, mutex_calls;     /* mutexes alive; creations asked */
  int httpd_running, registers; /* started and not stopped; handlers asked */
  size_t httpd_stack;
  unsigned short httpd_port;
  const uint8_t *req_body;      /* the request being handled */
  size_t req_len, req_off;
  const char *req_token;
  int recvs;
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
/* The same with a method (HTTP_GET, HTTP_POST), an X-Token header (NULL:
 * none) and a body; ESP_ERR_NOT_FOUND when no handler is registered for
 * that method and path. */
esp_err_t fake_http(int method, const char *uri, const char *token,
                    const void *body, size_t len);
/* A response header's value, or NULL. */
const char *fake_hdr(const char *name);
/* The camera's last frame (the one esp_camera_fb_get handed out). */
const uint8_t *fake_frame(size_t *len);
/* The partition erased (0xFF), as a new board's. */
void fake_flash_erase(void);

#endif
