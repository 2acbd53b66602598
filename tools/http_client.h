/* The host side of the device loop (collect, deploy): one HTTP request at
 * a time with libcurl. */
#ifndef TC_HTTP_CLIENT_H
#define TC_HTTP_CLIENT_H

#include <stddef.h>

#define HTTP_MAX_HDRS 16

typedef struct http_resp {
  long status; /* 0 when no answer came */
  unsigned char *body;
  size_t len;
  char hname[HTTP_MAX_HDRS][40], hval[HTTP_MAX_HDRS][80];
  int nh;
  int connect_failed; /* nothing reached the board (safe to retry) */
} http_resp;

/* base "host:port", "http://host:port/" or with the path already:
 * "http://host:port" + path into buf. -1 when it does not fit. */
int http_url(const char *base, const char *path, char *buf, size_t cap);

/* GET (data NULL) or POST data (application/octet-stream, header X-Token
 * when token is not NULL). 0 when the board answered (any status), -1
 * with err ("Couldn't connect to server") otherwise. Free with
 * http_resp_free. */
int http_request(const char *url, const void *data, size_t len,
                 const char *token, long timeout_s, http_resp *r, char *err,
                 size_t errlen);
void http_resp_free(http_resp *r);

/* A response header's value (case-insensitive name), or NULL. */
const char *http_header(const http_resp *r, const char *name);

/* Sleep for s seconds (fractions allowed). */
void http_sleep(double s);

#endif
