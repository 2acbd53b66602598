/* Stand-in: espressif/esp-idf components/esp_http_server/include/
 * esp_http_server.h (v5.x: httpd_resp_send and httpd_resp_send_chunk take
 * ssize_t, HTTPD_RESP_USE_STRLEN; httpd_err_code_t has no 503;
 * HTTPD_SOCK_ERR_*; httpd_req_recv, httpd_req_get_hdr_value_str,
 * httpd_resp_set_hdr; ESP_ERR_HTTPD_RESULT_TRUNC = ESP_ERR_HTTPD_BASE + 4).
 * httpd_method_t is http_parser's enum http_method (DELETE 0, GET 1,
 * HEAD 2, POST 3). httpd_config_t: only the fields the firmware sets, its
 * HTTPD_DEFAULT_CONFIG values (stack 4096, port 80, 8 URI handlers). */
#ifndef STANDIN_ESP_HTTP_SERVER_H
#define STANDIN_ESP_HTTP_SERVER_H
#include <stddef.h>
#include <sys/types.h>
#include "esp_err.h"
#define HTTPD_RESP_USE_STRLEN -1
#define HTTPD_SOCK_ERR_FAIL -1
#define HTTPD_SOCK_ERR_INVALID -2
#define HTTPD_SOCK_ERR_TIMEOUT -3
#define ESP_ERR_HTTPD_BASE (0xb000)
#define ESP_ERR_HTTPD_RESULT_TRUNC (ESP_ERR_HTTPD_BASE + 4)
typedef void *httpd_handle_t;
typedef enum { HTTP_DELETE = 0, HTTP_GET = 1, HTTP_HEAD = 2, HTTP_POST = 3 } httpd_method_t;
typedef struct httpd_req {
  httpd_handle_t handle;
  int method;
  const char uri[513];
  size_t content_len;
  void *aux;
  void *user_ctx;
} httpd_req_t;
typedef struct httpd_uri {
  const char *uri;
  httpd_method_t method;
  esp_err_t (*handler)(httpd_req_t *r);
  void *user_ctx;
} httpd_uri_t;
typedef struct httpd_config {
  unsigned task_priority;
  size_t stack_size;
  unsigned short server_port;
  unsigned short max_uri_handlers;
} httpd_config_t;
#define HTTPD_DEFAULT_CONFIG() {5, 4096, 80, 8}
typedef enum {
  HTTPD_500_INTERNAL_SERVER_ERROR = 0, HTTPD_501_METHOD_NOT_IMPLEMENTED,
  HTTPD_505_VERSION_NOT_SUPPORTED, HTTPD_400_BAD_REQUEST,
  HTTPD_401_UNAUTHORIZED, HTTPD_403_FORBIDDEN, HTTPD_404_NOT_FOUND,
  HTTPD_405_METHOD_NOT_ALLOWED, HTTPD_408_REQ_TIMEOUT,
  HTTPD_411_LENGTH_REQUIRED, HTTPD_414_URI_TOO_LONG,
  HTTPD_431_REQ_HDR_FIELDS_TOO_LARGE, HTTPD_ERR_CODE_MAX
} httpd_err_code_t;
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t httpd_start(httpd_handle_t *handle, const httpd_config_t *config);
esp_err_t httpd_stop(httpd_handle_t handle);
esp_err_t httpd_register_uri_handler(httpd_handle_t handle,
                                     const httpd_uri_t *uri_handler);
esp_err_t httpd_resp_set_status(httpd_req_t *r, const char *status);
esp_err_t httpd_resp_set_type(httpd_req_t *r, const char *type);
esp_err_t httpd_resp_send(httpd_req_t *r, const char *buf, ssize_t buf_len);
esp_err_t httpd_resp_send_chunk(httpd_req_t *r, const char *buf, ssize_t buf_len);
esp_err_t httpd_resp_send_err(httpd_req_t *req, httpd_err_code_t error,
                              const char *msg);
int httpd_req_recv(httpd_req_t *r, char *buf, size_t buf_len);
esp_err_t httpd_req_get_hdr_value_str(httpd_req_t *r, const char *field,
                                      char *val, size_t val_size);
esp_err_t httpd_resp_set_hdr(httpd_req_t *r, const char *field,
                             const char *value);
#ifdef __cplusplus
}
#endif
#endif
