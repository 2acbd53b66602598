#include "web.h"

#if CONFIG_CAMCLS_HTTP
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_event.h"
#include "esp_http_server.h"
#include "esp_log.h"
#include "esp_netif.h"
#include "esp_system.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "img_converters.h"
#include "nvs_flash.h"

static const char *TAG = "camcls-web";

static SemaphoreHandle_t s_lock;
static uint8_t *s_frame;
static size_t s_len, s_cap;
static uint16_t s_w, s_h;
static pixformat_t s_fmt;
static float s_score;
static int s_positive;
static uint32_t s_infer_ms, s_frames;
static const char *s_neg = "negative", *s_pos = "positive";

void web_publish(const camera_fb_t *fb, float score, int positive,
                 uint32_t infer_ms) {
  if (!s_lock || xSemaphoreTake(s_lock, 0) != pdTRUE) return;
  if (fb->len > s_cap) {
    free(s_frame);
    s_frame = malloc(fb->len);
    s_cap = s_frame ? fb->len : 0;
  }
  if (s_frame) {
    memcpy(s_frame, fb->buf, fb->len);
    s_len = fb->len;
    s_w = (uint16_t)fb->width;
    s_h = (uint16_t)fb->height;
    s_fmt = fb->format;
  }
  s_score = score;
  s_positive = positive;
  s_infer_ms = infer_ms;
  s_frames++;
  xSemaphoreGive(s_lock);
}

static esp_err_t status_get(httpd_req_t *req) {
  char buf[192];
  xSemaphoreTake(s_lock, portMAX_DELAY);
  snprintf(buf, sizeof buf,
           "{\"score\":%.3f,\"label\":\"%s\",\"infer_ms\":%u,"
           "\"free_heap\":%u,\"frames\":%u}",
           (double)s_score, s_positive ? s_pos : s_neg, (unsigned)s_infer_ms,
           (unsigned)esp_get_free_heap_size(), (unsigned)s_frames);
  xSemaphoreGive(s_lock);
  httpd_resp_set_type(req, "application/json");
  return httpd_resp_send(req, buf, HTTPD_RESP_USE_STRLEN);
}

/* /frame.jpg is encoded while it is sent: fmt2jpg_cb hands each piece of
 * JPEG output to jpg_chunk, which sends it as one HTTP chunk. fmt2jpg would
 * first ask for one contiguous 128 KiB output buffer, which internal RAM
 * beside Wi-Fi rarely has. fmt2jpg_cb and jpg_out_cb: espressif/esp32-camera
 * conversions/include/img_converters.h; httpd_resp_send_chunk (a zero
 * length ends the response), httpd_resp_set_status, httpd_resp_send_err:
 * espressif/esp-idf components/esp_http_server/include/esp_http_server.h. */
typedef struct jpg_stream {
  httpd_req_t *req;
  size_t sent;   /* JPEG bytes sent */
  int send_fail; /* the client went away: stop encoding */
} jpg_stream;

static size_t jpg_chunk(void *arg, size_t index, const void *data,
                        size_t len) {
  jpg_stream *j = arg;
  (void)index;
  if (j->send_fail) return 0;
  if (httpd_resp_send_chunk(j->req, (const char *)data, (ssize_t)len) !=
      ESP_OK) {
    j->send_fail = 1;
    return 0; /* fewer bytes than given: the encoder stops */
  }
  j->sent += len;
  return len;
}

static esp_err_t frame_get(httpd_req_t *req) {
  jpg_stream j;
  bool ok;
  j.req = req;
  j.sent = 0;
  j.send_fail = 0;
  xSemaphoreTake(s_lock, portMAX_DELAY);
  if (!s_frame || !s_len) {
    xSemaphoreGive(s_lock);
    /* esp_http_server has no 503 among httpd_err_code_t: set it by hand. */
    httpd_resp_set_status(req, "503 Service Unavailable");
    httpd_resp_set_type(req, "text/plain");
    return httpd_resp_send(req, "no frame yet", HTTPD_RESP_USE_STRLEN);
  }
  httpd_resp_set_type(req, "image/jpeg");
  ok = fmt2jpg_cb(s_frame, s_len, s_w, s_h, s_fmt, 80, jpg_chunk, &j);
  xSemaphoreGive(s_lock);
  if (ok && !j.send_fail) return httpd_resp_send_chunk(req, NULL, 0);
  if (j.send_fail) {
    ESP_LOGW(TAG, "/frame.jpg: client gone after %u bytes", (unsigned)j.sent);
  } else if (j.sent == 0) {
    /* Nothing sent yet: the status line can still say what happened. */
    ESP_LOGE(TAG, "/frame.jpg: JPEG encoding failed (%ux%u, format %d)",
             (unsigned)s_w, (unsigned)s_h, (int)s_fmt);
    httpd_resp_send_err(req, HTTPD_500_INTERNAL_SERVER_ERROR,
                        "JPEG encoding failed");
  } else {
    /* The 200 header is gone: failing the handler closes the connection,
     * so the client sees a cut-off response, never a truncated image. */
    ESP_LOGE(TAG, "/frame.jpg: JPEG encoding failed after %u bytes",
             (unsigned)j.sent);
  }
  return ESP_FAIL;
}

static esp_err_t index_get(httpd_req_t *req) {
  char buf[512];
  xSemaphoreTake(s_lock, portMAX_DELAY);
  snprintf(buf, sizeof buf,
           "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
           "<meta http-equiv=\"refresh\" content=\"2\">"
           "<title>tinycnn camera</title></head><body>"
           "<img src=\"/frame.jpg\" width=\"320\" "
           "style=\"image-rendering:pixelated\">"
           "<p>score=%.3f label=%s infer_ms=%u frames=%u</p>"
           "<p><a href=\"/status\">/status</a></p></body></html>",
           (double)s_score, s_positive ? s_pos : s_neg, (unsigned)s_infer_ms,
           (unsigned)s_frames);
  xSemaphoreGive(s_lock);
  httpd_resp_set_type(req, "text/html");
  return httpd_resp_send(req, buf, HTTPD_RESP_USE_STRLEN);
}

static void http_start(void) {
  httpd_config_t config = HTTPD_DEFAULT_CONFIG();
  httpd_handle_t server = NULL;
  const httpd_uri_t uris[] = {
      {.uri = "/", .method = HTTP_GET, .handler = index_get, .user_ctx = NULL},
      {.uri = "/frame.jpg", .method = HTTP_GET, .handler = frame_get, .user_ctx = NULL},
      {.uri = "/status", .method = HTTP_GET, .handler = status_get, .user_ctx = NULL},
  };
  size_t i;
  if (httpd_start(&server, &config) != ESP_OK) {
    ESP_LOGE(TAG, "httpd_start failed");
    return;
  }
  for (i = 0; i < sizeof uris / sizeof uris[0]; i++)
    httpd_register_uri_handler(server, &uris[i]);
}

static void wifi_event(void *arg, esp_event_base_t base, int32_t id,
                       void *data) {
  (void)arg;
  if (base == WIFI_EVENT &&
      (id == WIFI_EVENT_STA_START || id == WIFI_EVENT_STA_DISCONNECTED)) {
    esp_wifi_connect();
  } else if (base == IP_EVENT && id == IP_EVENT_STA_GOT_IP) {
    const ip_event_got_ip_t *e = data;
    ESP_LOGI(TAG, "status page: http://" IPSTR "/", IP2STR(&e->ip_info.ip));
  }
}

static size_t min_len(const char *s, size_t cap) {
  size_t n = strlen(s);
  return n < cap ? n : cap;
}

void web_start(const char *label_neg, const char *label_pos) {
  wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
  wifi_config_t wc;
  esp_err_t err;
  s_neg = label_neg;
  s_pos = label_pos;
  s_lock = xSemaphoreCreateMutex();
  err = nvs_flash_init();
  if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
    ESP_ERROR_CHECK(nvs_flash_erase());
    err = nvs_flash_init();
  }
  ESP_ERROR_CHECK(err);
  ESP_ERROR_CHECK(esp_netif_init());
  ESP_ERROR_CHECK(esp_event_loop_create_default());
  esp_netif_create_default_wifi_sta();
  ESP_ERROR_CHECK(esp_wifi_init(&init));
  ESP_ERROR_CHECK(esp_event_handler_instance_register(
      WIFI_EVENT, ESP_EVENT_ANY_ID, &wifi_event, NULL, NULL));
  ESP_ERROR_CHECK(esp_event_handler_instance_register(
      IP_EVENT, IP_EVENT_STA_GOT_IP, &wifi_event, NULL, NULL));
  memset(&wc, 0, sizeof wc);
  /* The fields are fixed-size, not NUL-terminated when full. */
  memcpy(wc.sta.ssid, CONFIG_CAMCLS_WIFI_SSID,
         min_len(CONFIG_CAMCLS_WIFI_SSID, sizeof wc.sta.ssid));
  memcpy(wc.sta.password, CONFIG_CAMCLS_WIFI_PASSWORD,
         min_len(CONFIG_CAMCLS_WIFI_PASSWORD, sizeof wc.sta.password));
  ESP_ERROR_CHECK(esp_wifi_set_mode(WIFI_MODE_STA));
  ESP_ERROR_CHECK(esp_wifi_set_config(WIFI_IF_STA, &wc));
  ESP_ERROR_CHECK(esp_wifi_start());
  http_start();
}
#else
/* ISO C wants a declaration in every translation unit. */
typedef int web_disabled;
#endif
