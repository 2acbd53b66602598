/* The recording fakes (fakes.h). */
#include "fakes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/gpio.h"
#include "esp_event.h"
#include "esp_log.h"
#include "esp_netif.h"
#include "esp_psram.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "esp_wifi.h"
#include "freertos/semphr.h"
#include "img_converters.h"
#include "nvs_flash.h"

fake_state fk;
uint8_t fake_flash[FAKE_PART_SIZE];
const char *WIFI_EVENT = "WIFI_EVENT";
const char *IP_EVENT = "IP_EVENT";

static camera_fb_t fb;
static uint8_t frame[160 * 120 * 2];
static int64_t now_us;
/* What heap_caps_aligned_alloc handed out: the firmware keeps its arena
 * for ever, the fakes free it when the next scenario starts (and at exit:
 * the sanitizer build checks for leaks). */
static void *blocks[FAKE_MAX];
static int nblocks;

static void free_blocks(void) {
  while (nblocks) free(blocks[--nblocks]);
}

void fake_reset(void) {
  static int registered;
  if (!registered) registered = atexit(free_blocks) == 0;
  free_blocks();
  memset(&fk, 0, sizeof fk);
  fk.internal_free = 200000;
  fk.internal_largest = 100000;
  fk.jpg_fail_after = -1;
  fk.err_code = -1;
  fk.delay_limit = 1000;
  fk.recv_fail_at = -1;
}

static void event(const char *fmt, ...) {
  va_list ap;
  if (fk.nevents >= FAKE_MAX) return;
  va_start(ap, fmt);
  vsnprintf(fk.events[fk.nevents++], sizeof fk.events[0], fmt, ap);
  va_end(ap);
}

void fake_log(char level, const char *tag, const char *fmt, ...) {
  va_list ap;
  char text[FAKE_LINE];
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (fk.nlogs < FAKE_MAX)
    snprintf(fk.logs[fk.nlogs++], FAKE_LINE, "%c %s: %s", level, tag, text);
}

uint32_t esp_get_free_heap_size(void) { return 4093612; }
int64_t esp_timer_get_time(void) { return now_us += 3000; }
bool esp_psram_is_initialized(void) { return fk.psram != 0; }

void *heap_caps_aligned_alloc(size_t alignment, size_t size, uint32_t caps) {
  event("alloc caps=0x%x size=%zu", (unsigned)caps, size);
  if (caps & fk.fail_caps) return NULL;
  if ((caps & MALLOC_CAP_SPIRAM) && !fk.psram) return NULL;
  if (nblocks == FAKE_MAX) return NULL;
  return blocks[nblocks++] =
             aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}
void heap_caps_free(void *ptr) {
  int i;
  for (i = 0; i < nblocks; i++)
    if (blocks[i] == ptr) {
      blocks[i] = blocks[--nblocks];
      free(ptr);
      return;
    }
}
size_t heap_caps_get_free_size(uint32_t caps) {
  return (caps & MALLOC_CAP_INTERNAL) ? fk.internal_free : 0;
}
size_t heap_caps_get_largest_free_block(uint32_t caps) {
  return (caps & MALLOC_CAP_INTERNAL) ? fk.internal_largest : 0;
}

esp_err_t gpio_reset_pin(gpio_num_t gpio_num) { (void)gpio_num; return ESP_OK; }
esp_err_t gpio_set_direction(gpio_num_t gpio_num, gpio_mode_t mode) {
  (void)gpio_num;
  (void)mode;
  return ESP_OK;
}
esp_err_t gpio_set_level(gpio_num_t gpio_num, uint32_t level) {
  (void)gpio_num;
  fk.led_level = (int)level;
  return ESP_OK;
}

BaseType_t xTaskCreate(TaskFunction_t pxTaskCode, const char *const pcName,
                       const uint32_t usStackDepth, void *const pvParameters,
                       UBaseType_t uxPriority, TaskHandle_t *const pxCreatedTask) {
  (void)pvParameters;
  (void)uxPriority;
  (void)pxCreatedTask;
  fk.task = pxTaskCode;
  snprintf(fk.task_name, sizeof fk.task_name, "%s", pcName);
  fk.task_stack = usStackDepth;
  return pdPASS;
}
void vTaskDelay(const TickType_t ticks) {
  (void)ticks;
  if (--fk.delay_limit <= 0) longjmp(fk.exit, 1);
}

static int mutex;
SemaphoreHandle_t xSemaphoreCreateMutex(void) {
  if (++fk.mutex_calls == fk.mutex_fail_at) return NULL;
  fk.mutexes++;
  return (SemaphoreHandle_t)(void *)&mutex;
}
void vSemaphoreDelete(SemaphoreHandle_t s) {
  (void)s;
  fk.mutexes--;
}
BaseType_t xSemaphoreTake(SemaphoreHandle_t s, TickType_t t) {
  (void)s;
  (void)t;
  return pdTRUE;
}
BaseType_t xSemaphoreGive(SemaphoreHandle_t s) {
  (void)s;
  return pdTRUE;
}

esp_err_t esp_camera_init(const camera_config_t *config) {
  event("camera_init");
  fk.cam_cfg = *config;
  fk.cam_inits++;
  return fk.cam_init_rc;
}
esp_err_t esp_camera_deinit(void) {
  fk.cam_deinits++;
  return ESP_OK;
}
camera_fb_t *esp_camera_fb_get(void) {
  int v, w, h, bpp;
  if (fk.next >= fk.nscript) return NULL;
  v = fk.script[fk.next++];
  if (v == -1) return NULL;
  w = fk.cam_cfg.frame_size == FRAMESIZE_96X96 ? 96 : 160;
  h = fk.cam_cfg.frame_size == FRAMESIZE_96X96 ? 96 : 120;
  bpp = fk.cam_cfg.pixel_format == PIXFORMAT_RGB565 ? 2 : 1;
  memset(frame, v == -3 ? 99 : v, sizeof frame);
  if (fk.pattern) {
    size_t i;
    for (i = 0; i < sizeof frame; i++)
      frame[i] = (uint8_t)(i * 29u + (i >> 7) * 3u + (unsigned)v);
  }
  fb.buf = frame;
  fb.len = (size_t)w * h * bpp;
  fb.width = v == -3 ? 0 : (size_t)w;
  fb.height = (size_t)h;
  fb.format = v == -2 ? PIXFORMAT_JPEG : fk.cam_cfg.pixel_format;
  fk.fb_out++;
  return &fb;
}
void esp_camera_fb_return(camera_fb_t *f) {
  (void)f;
  fk.fb_out--;
}

/* "JPEG" = the source bytes, in three chunks, failing when asked. */
bool fmt2jpg_cb(uint8_t *src, size_t src_len, uint16_t width, uint16_t height,
                pixformat_t format, uint8_t quality, jpg_out_cb cb, void *arg) {
  size_t off = 0, part = src_len / 3 + 1;
  int n = 0;
  (void)width;
  (void)height;
  (void)format;
  (void)quality;
  while (off < src_len) {
    size_t len = src_len - off < part ? src_len - off : part;
    if (fk.jpg_fail_after >= 0 && n >= fk.jpg_fail_after) return false;
    if (cb(arg, off, src + off, len) != len) {
      fk.jpg_cb_short = 1;
      return false;
    }
    off += len;
    n++;
  }
  return true;
}

esp_err_t httpd_start(httpd_handle_t *handle, const httpd_config_t *config) {
  fk.httpd_stack = config->stack_size;
  fk.httpd_port = config->server_port;
  fk.httpd_running = 1;
  *handle = (httpd_handle_t)&fk;
  return ESP_OK;
}
esp_err_t httpd_stop(httpd_handle_t handle) {
  if (handle != (httpd_handle_t)&fk || !fk.httpd_running)
    return ESP_ERR_INVALID_ARG;
  fk.httpd_running = 0;
  return ESP_OK;
}
esp_err_t httpd_register_uri_handler(httpd_handle_t handle, const httpd_uri_t *u) {
  (void)handle;
  if (++fk.registers == fk.register_fail_at) return ESP_ERR_NO_MEM;
  if (fk.nuris < 8) fk.uris[fk.nuris++] = *u;
  return ESP_OK;
}
esp_err_t httpd_resp_set_status(httpd_req_t *r, const char *status) {
  (void)r;
  snprintf(fk.status, sizeof fk.status, "%s", status);
  return ESP_OK;
}
esp_err_t httpd_resp_set_type(httpd_req_t *r, const char *type) {
  (void)r;
  snprintf(fk.type, sizeof fk.type, "%s", type);
  return ESP_OK;
}
static void body(const char *buf, ssize_t len) {
  size_t n = len < 0 ? strlen(buf) : (size_t)len;
  if (fk.body_len + n > sizeof fk.body) n = sizeof fk.body - fk.body_len;
  memcpy(fk.body + fk.body_len, buf, n);
  fk.body_len += n;
}
esp_err_t httpd_resp_send(httpd_req_t *r, const char *buf, ssize_t len) {
  (void)r;
  body(buf, len);
  return ESP_OK;
}
esp_err_t httpd_resp_send_chunk(httpd_req_t *r, const char *buf, ssize_t len) {
  (void)r;
  fk.chunks++;
  if (fk.chunk_fail_at && fk.chunks == fk.chunk_fail_at) return ESP_FAIL;
  if (!buf || len == 0) {
    fk.chunk_end = 1;
    return ESP_OK;
  }
  body(buf, len);
  return ESP_OK;
}
esp_err_t httpd_resp_send_err(httpd_req_t *r, httpd_err_code_t error, const char *msg) {
  (void)r;
  fk.err_code = (int)error;
  snprintf(fk.err_msg, sizeof fk.err_msg, "%s", msg ? msg : "");
  return ESP_OK;
}

esp_err_t httpd_resp_set_hdr(httpd_req_t *r, const char *field, const char *value) {
  (void)r;
  if (fk.nhdrs == 8) return ESP_FAIL; /* max_resp_headers */
  snprintf(fk.hdr_name[fk.nhdrs], sizeof fk.hdr_name[0], "%s", field);
  snprintf(fk.hdr_value[fk.nhdrs], sizeof fk.hdr_value[0], "%s", value);
  fk.nhdrs++;
  return ESP_OK;
}
int httpd_req_recv(httpd_req_t *r, char *buf, size_t buf_len) {
  size_t n = fk.req_len - fk.req_off;
  (void)r;
  fk.recvs++;
  if (fk.recv_timeouts > 0) {
    fk.recv_timeouts--;
    return HTTPD_SOCK_ERR_TIMEOUT;
  }
  if (fk.recv_fail_at >= 0 && fk.req_off >= (size_t)fk.recv_fail_at)
    return HTTPD_SOCK_ERR_FAIL;
  if (n > buf_len) n = buf_len;
  if (n > 100) n = 100; /* TCP hands over what has arrived */
  if (n == 0) return 0;
  memcpy(buf, fk.req_body + fk.req_off, n);
  fk.req_off += n;
  return (int)n;
}
esp_err_t httpd_req_get_hdr_value_str(httpd_req_t *r, const char *field,
                                      char *val, size_t val_size) {
  (void)r;
  if (strcmp(field, "X-Token") || !fk.req_token) return ESP_ERR_NOT_FOUND;
  snprintf(val, val_size, "%s", fk.req_token);
  return strlen(fk.req_token) >= val_size ? ESP_ERR_HTTPD_RESULT_TRUNC : ESP_OK;
}

const char *fake_hdr(const char *name) {
  int i;
  for (i = 0; i < fk.nhdrs; i++)
    if (!strcmp(fk.hdr_name[i], name)) return fk.hdr_value[i];
  return NULL;
}

const uint8_t *fake_frame(size_t *len) {
  *len = fb.len;
  return frame;
}

/* ---- the model partition ---- */

static const esp_partition_t model_part = {
    NULL, ESP_PARTITION_TYPE_DATA, (esp_partition_subtype_t)0x40,
    FAKE_PART_OFFSET, FAKE_PART_SIZE, 4096, "model", false};

void fake_flash_erase(void) { memset(fake_flash, 0xFF, sizeof fake_flash); }

const esp_partition_t *esp_partition_find_first(esp_partition_type_t type,
                                                esp_partition_subtype_t subtype,
                                                const char *label) {
  fk.find_type = (int)type;
  fk.find_subtype = (int)subtype;
  snprintf(fk.find_label, sizeof fk.find_label, "%s", label ? label : "");
  if (fk.no_partition || type != ESP_PARTITION_TYPE_DATA || (int)subtype != 0x40 ||
      (label && strcmp(label, "model")))
    return NULL;
  return &model_part;
}

static esp_err_t bounds(const esp_partition_t *p, size_t off, size_t size) {
  if (p != &model_part || off > p->size) return ESP_ERR_INVALID_ARG;
  return off + size > p->size ? ESP_ERR_INVALID_SIZE : ESP_OK;
}

/* 0: do it; 1: do half, the power goes; -1: no power. */
static int flash_op(void) {
  if (fk.flash_dead) return -1;
  fk.flash_ops++;
  if (fk.flash_cut_at && fk.flash_ops == fk.flash_cut_at) {
    fk.flash_dead = 1;
    return 1;
  }
  return 0;
}

esp_err_t esp_partition_read(const esp_partition_t *partition,
                             size_t src_offset, void *dst, size_t size) {
  esp_err_t e = bounds(partition, src_offset, size);
  if (e != ESP_OK) return e;
  memcpy(dst, fake_flash + src_offset, size);
  return ESP_OK;
}

esp_err_t esp_partition_write(const esp_partition_t *partition,
                              size_t dst_offset, const void *src, size_t size) {
  const uint8_t *s = (const uint8_t *)src;
  esp_err_t e = bounds(partition, dst_offset, size);
  size_t i, n;
  int r;
  if (e != ESP_OK) return e;
  r = flash_op();
  if (r < 0) return ESP_FAIL;
  fk.flash_writes++;
  n = r ? size / 2 : size;
  /* NOR flash: a write only clears bits. */
  for (i = 0; i < n; i++) fake_flash[dst_offset + i] &= s[i];
  return r ? ESP_FAIL : ESP_OK;
}

esp_err_t esp_partition_erase_range(const esp_partition_t *partition,
                                    size_t offset, size_t size) {
  esp_err_t e = bounds(partition, offset, size);
  int r;
  if (e != ESP_OK) return e;
  if (offset % partition->erase_size || size % partition->erase_size)
    return ESP_ERR_INVALID_ARG;
  r = flash_op();
  if (r < 0) return ESP_FAIL;
  memset(fake_flash + offset, 0xFF, r ? size / 2 : size);
  return r ? ESP_FAIL : ESP_OK;
}

esp_err_t esp_partition_mmap(const esp_partition_t *partition, size_t offset,
                             size_t size, esp_partition_mmap_memory_t memory,
                             const void **out_ptr,
                             esp_partition_mmap_handle_t *out_handle) {
  esp_err_t e = bounds(partition, offset, size);
  if (e != ESP_OK) return e;
  if (memory != ESP_PARTITION_MMAP_DATA) return ESP_ERR_INVALID_ARG;
  fk.maps++;
  *out_ptr = fake_flash + offset;
  *out_handle = 1;
  return ESP_OK;
}

esp_err_t (*fake_handler(const char *uri))(httpd_req_t *) {
  int i;
  for (i = 0; i < fk.nuris; i++)
    if (!strcmp(fk.uris[i].uri, uri)) return fk.uris[i].handler;
  return NULL;
}

esp_err_t fake_request(const char *uri) {
  esp_err_t e = fake_http(HTTP_GET, uri, NULL, NULL, 0);
  return e == ESP_ERR_NOT_FOUND ? ESP_ERR_INVALID_ARG : e;
}

esp_err_t fake_http(int method, const char *uri, const char *token,
                    const void *body, size_t len) {
  static httpd_req_t req;
  const httpd_uri_t *u = NULL;
  size_t plen = strcspn(uri, "?");
  int i;
  for (i = 0; i < fk.nuris && !u; i++)
    if ((int)fk.uris[i].method == method && strlen(fk.uris[i].uri) == plen &&
        !strncmp(fk.uris[i].uri, uri, plen))
      u = &fk.uris[i];
  memset(&req, 0, sizeof req);
  snprintf((char *)req.uri, sizeof req.uri, "%s", uri);
  req.method = method;
  req.content_len = len;
  req.user_ctx = u ? u->user_ctx : NULL;
  fk.status[0] = fk.type[0] = fk.err_msg[0] = '\0';
  fk.err_code = -1;
  fk.body_len = 0;
  fk.nhdrs = 0;
  fk.chunks = fk.chunk_end = fk.jpg_cb_short = 0;
  fk.req_body = (const uint8_t *)body;
  fk.req_len = len;
  fk.req_off = 0;
  fk.req_token = token;
  fk.recvs = 0;
  return u ? u->handler(&req) : ESP_ERR_NOT_FOUND;
}

esp_err_t nvs_flash_init(void) { return ESP_OK; }
esp_err_t nvs_flash_erase(void) { return ESP_OK; }
esp_err_t esp_netif_init(void) { return ESP_OK; }
esp_netif_t *esp_netif_create_default_wifi_sta(void) { return NULL; }
esp_err_t esp_event_loop_create_default(void) { return ESP_OK; }
esp_err_t esp_event_handler_instance_register(esp_event_base_t base, int32_t id,
                                              esp_event_handler_t h, void *arg,
                                              esp_event_handler_instance_t *inst) {
  (void)base;
  (void)id;
  (void)h;
  (void)arg;
  (void)inst;
  return ESP_OK;
}
esp_err_t esp_wifi_init(const wifi_init_config_t *config) {
  (void)config;
  return ESP_OK;
}
esp_err_t esp_wifi_set_mode(wifi_mode_t mode) {
  (void)mode;
  return ESP_OK;
}
esp_err_t esp_wifi_set_config(wifi_interface_t i, wifi_config_t *conf) {
  (void)i;
  (void)conf;
  return ESP_OK;
}
esp_err_t esp_wifi_start(void) { return ESP_OK; }
esp_err_t esp_wifi_connect(void) { return ESP_OK; }
