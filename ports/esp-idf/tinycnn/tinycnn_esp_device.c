/* The device service on ESP32 (tinycnn_esp_device.h): model partition,
 * locks, esp_http_server transport. Signatures: espressif/esp-idf
 * components/esp_partition/include/esp_partition.h,
 * components/esp_http_server/include/esp_http_server.h,
 * components/esp_common/include/esp_idf_version.h (ESP_IDF_VERSION). */
#include "tinycnn_esp_device.h"

#include <string.h>

#include "esp_idf_version.h"

/* ---- the model partition ------------------------------------------- */

static int fl_read(void *ctx, uint32_t off, void *dst, uint32_t len) {
  const tc_esp_device *e = (const tc_esp_device *)ctx;
  return esp_partition_read(e->part, off, dst, len) == ESP_OK ? 0 : -1;
}

static int fl_write(void *ctx, uint32_t off, const void *src, uint32_t len) {
  const tc_esp_device *e = (const tc_esp_device *)ctx;
  return esp_partition_write(e->part, off, src, len) == ESP_OK ? 0 : -1;
}

static int fl_erase(void *ctx, uint32_t off, uint32_t len) {
  const tc_esp_device *e = (const tc_esp_device *)ctx;
  return esp_partition_erase_range(e->part, off, len) == ESP_OK ? 0 : -1;
}

esp_err_t tc_esp_flash_open(tc_esp_device *e, const char *label,
                            tc_flash *fl) {
  const void *p = NULL;
  esp_err_t err;
  e->part = esp_partition_find_first(
      ESP_PARTITION_TYPE_DATA, (esp_partition_subtype_t)TC_ESP_MODEL_SUBTYPE,
      label);
  e->map = NULL;
  if (!e->part) return ESP_ERR_NOT_FOUND;
  /* ESP-IDF 5.1 moved the partition API into esp_partition with its own
   * mmap enum; 4.4 and 5.0 (Arduino-ESP32 2.x) take spi_flash's. */
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 1, 0)
  err = esp_partition_mmap(e->part, 0, e->part->size, ESP_PARTITION_MMAP_DATA,
                           &p, &e->map_handle);
#else
  err = esp_partition_mmap(e->part, 0, e->part->size, SPI_FLASH_MMAP_DATA, &p,
                           &e->map_handle);
#endif
  if (err != ESP_OK) {
    e->part = NULL;
    return err;
  }
  e->map = (const uint8_t *)p;
  memset(fl, 0, sizeof *fl);
  fl->ctx = e;
  fl->size = (uint32_t)e->part->size;
  fl->sector = TC_ESP_FLASH_SECTOR;
  fl->read = fl_read;
  fl->write = fl_write;
  fl->erase = fl_erase;
  return ESP_OK;
}

/* ---- the device HAL ---------------------------------------------------- */

static void hal_lock(void *ctx, int which) {
  xSemaphoreTake(((tc_esp_device *)ctx)->mu[which], portMAX_DELAY);
}

static void hal_unlock(void *ctx, int which) {
  xSemaphoreGive(((tc_esp_device *)ctx)->mu[which]);
}

static const uint8_t *hal_map(void *ctx) {
  return ((const tc_esp_device *)ctx)->map;
}

esp_err_t tc_esp_device_hal(tc_esp_device *e, tc_device_hal *hal,
                            int (*jpeg)(void *ctx, const tc_frame *f,
                                        tc_http_out *out)) {
  e->mu[0] = xSemaphoreCreateMutex();
  e->mu[1] = xSemaphoreCreateMutex();
  if (!e->mu[0] || !e->mu[1]) {
    /* none left behind (vSemaphoreDelete: FreeRTOS semphr.h, a macro over
     * vQueueDelete in ESP-IDF's components/freertos) */
    if (e->mu[0]) vSemaphoreDelete(e->mu[0]);
    if (e->mu[1]) vSemaphoreDelete(e->mu[1]);
    e->mu[0] = e->mu[1] = NULL;
    return ESP_ERR_NO_MEM;
  }
  memset(hal, 0, sizeof *hal);
  hal->ctx = e;
  hal->lock = hal_lock;
  hal->unlock = hal_unlock;
  hal->jpeg = jpeg;
  hal->flash_map = hal_map;
  return ESP_OK;
}

/* ---- the HTTP transport ------------------------------------------------ */

#define PIECE 512    /* bytes of request body per httpd_req_recv */
#define RETRIES 3    /* receive timeouts in a row before giving up */
#define PATH_LEN 32  /* longer paths are none of ours */
#define TOKEN_LEN 72 /* an X-Token longer than this never matches */

/* One response going out. */
typedef struct tx {
  httpd_req_t *req;
  int begun, failed;
  long length; /* announced body bytes, -1 unknown */
  long sent;
} tx;

/* esp_http_server wants the whole status line; it defines a few
 * (HTTPD_200, HTTPD_400, ...), the others are spelled here. */
static const char *status_line(int status) {
  switch (status) {
    case 200: return "200 OK";
    case 400: return "400 Bad Request";
    case 401: return "401 Unauthorized";
    case 404: return "404 Not Found";
    case 405: return "405 Method Not Allowed";
    case 409: return "409 Conflict";
    case 413: return "413 Payload Too Large";
    case 422: return "422 Unprocessable Entity";
    case 501: return "501 Not Implemented";
    case 503: return "503 Service Unavailable";
    default: return "500 Internal Server Error";
  }
}

static int tx_begin(void *ctx, int status, const char *type,
                    const tc_http_hdr *hdrs, size_t nhdrs, long length) {
  tx *t = (tx *)ctx;
  size_t i;
  /* A second begin: a HAL that failed after starting its answer (the
   * device then answers 500, too late): the response is broken. */
  if (t->begun || t->failed) {
    t->failed = 1;
    return -1;
  }
  t->begun = 1;
  t->length = length;
  /* The strings live until the handler returns (tinycnn/device.h), and
   * esp_http_server sends them with the first chunk, inside it. */
  if (httpd_resp_set_status(t->req, status_line(status)) != ESP_OK ||
      httpd_resp_set_type(t->req, type) != ESP_OK) {
    t->failed = 1;
    return -1;
  }
  for (i = 0; i < nhdrs; i++)
    if (httpd_resp_set_hdr(t->req, hdrs[i].name, hdrs[i].value) != ESP_OK) {
      t->failed = 1;
      return -1;
    }
  return 0;
}

static int tx_write(void *ctx, const void *data, size_t len) {
  tx *t = (tx *)ctx;
  if (!t->begun || t->failed) return -1;
  if (len == 0) return 0; /* a zero-length chunk would end the body */
  if (httpd_resp_send_chunk(t->req, (const char *)data, (ssize_t)len) !=
      ESP_OK) {
    t->failed = 1;
    return -1;
  }
  t->sent += (long)len;
  return 0;
}

/* End the response: the final chunk when the body is whole, else ESP_FAIL
 * (the server closes the connection: a cut-off body is never taken for a
 * complete one). */
static esp_err_t tx_end(tx *t) {
  if (!t->begun || t->failed) return ESP_FAIL;
  if (t->length >= 0 && t->sent != t->length) return ESP_FAIL;
  return httpd_resp_send_chunk(t->req, NULL, 0);
}

static void copy_path(char *dst, const char *uri) {
  size_t n = 0;
  while (uri[n] && uri[n] != '?' && n + 1 < PATH_LEN) {
    dst[n] = uri[n];
    n++;
  }
  dst[n] = '\0';
}

/* The body of POST /model into the device, piece by piece: 0, or -1 when
 * the connection broke (the upload is dropped). */
static int receive(tc_device *d, httpd_req_t *req) {
  char piece[PIECE];
  size_t left = req->content_len;
  int timeouts = 0;
  while (left > 0) {
    int n = httpd_req_recv(req, piece, left < PIECE ? left : PIECE);
    if (n == HTTPD_SOCK_ERR_TIMEOUT && ++timeouts <= RETRIES) continue;
    if (n <= 0) {
      tc_device_upload_abort(d);
      return -1;
    }
    timeouts = 0;
    tc_device_upload_data(d, piece, (size_t)n);
    left -= (size_t)n;
  }
  return 0;
}

esp_err_t tc_esp_http_handler(httpd_req_t *req) {
  tc_esp_device *e = (tc_esp_device *)req->user_ctx;
  char path[PATH_LEN], token[TOKEN_LEN];
  tc_http_req rq;
  tc_http_out out;
  tx t;
  esp_err_t got;
  memset(&t, 0, sizeof t);
  t.req = req;
  t.length = -1;
  out.ctx = &t;
  out.begin = tx_begin;
  out.write = tx_write;
  copy_path(path, req->uri);
  memset(&rq, 0, sizeof rq);
  rq.method = req->method == HTTP_GET    ? TC_HTTP_GET
              : req->method == HTTP_POST ? TC_HTTP_POST
                                         : TC_HTTP_OTHER;
  rq.path = path;
  got = httpd_req_get_hdr_value_str(req, "X-Token", token, sizeof token);
  /* A truncated value (ESP_ERR_HTTPD_RESULT_TRUNC) is a wrong token: one
   * no printable token equals. */
  rq.token = got == ESP_OK ? token : got == ESP_ERR_NOT_FOUND ? NULL : "\n";
  rq.content_length = (long)req->content_len;
  if (!tc_device_is_upload(&rq)) {
    tc_device_http(e->dev, &rq, &out);
  } else if (tc_device_upload_begin(e->dev, &rq, &out)) {
    if (receive(e->dev, req) != 0) return ESP_FAIL;
    tc_device_upload_end(e->dev, &out);
  } else if (req->content_len > 0) {
    /* Refused before its body (token, size, busy): the answer is complete;
     * ESP_FAIL closes the socket (esp_http_server.h, httpd_uri_t.handler)
     * instead of letting httpd_req_delete read and discard a body of any
     * announced length on the one server task. */
    tx_end(&t);
    return ESP_FAIL;
  }
  return tx_end(&t);
}

esp_err_t tc_esp_http_start(tc_esp_device *e, tc_device *d, uint16_t port) {
  static const char *const gets[] = {"/", "/status", "/frame.jpg", "/capture",
                                     "/model"};
  httpd_config_t config = HTTPD_DEFAULT_CONFIG();
  httpd_uri_t u;
  esp_err_t err;
  size_t i;
  /* A token the X-Token buffer cannot hold would refuse every upload. */
  if (d->cfg.token && strlen(d->cfg.token) >= TOKEN_LEN) return ESP_ERR_INVALID_ARG;
  e->dev = d;
  config.stack_size = TC_ESP_HTTP_STACK;
  config.server_port = port;
  err = httpd_start(&e->server, &config);
  if (err != ESP_OK) return err;
  memset(&u, 0, sizeof u);
  u.handler = tc_esp_http_handler;
  u.user_ctx = e;
  u.method = HTTP_GET;
  for (i = 0; i <= sizeof gets / sizeof gets[0] && err == ESP_OK; i++) {
    if (i == sizeof gets / sizeof gets[0]) {
      u.uri = "/model";
      u.method = HTTP_POST;
    } else {
      u.uri = gets[i];
    }
    err = httpd_register_uri_handler(e->server, &u);
  }
  if (err != ESP_OK) { /* not a server with half its routes */
    httpd_stop(e->server); /* esp_http_server.h */
    e->server = NULL;
  }
  return err;
}
