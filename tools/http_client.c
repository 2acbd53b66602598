/* See http_client.h. */
#include "http_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int http_url(const char *base, const char *path, char *buf, size_t cap) {
  size_t n;
  int k;
  const char *scheme = strstr(base, "://") ? "" : "http://";
  n = strlen(base);
  while (n > 0 && base[n - 1] == '/') n--;
  /* "http://board/capture" given for "collect": the path is there. */
  if (n >= strlen(path) && !strncmp(base + n - strlen(path), path,
                                     strlen(path)))
    path = "";
  k = snprintf(buf, cap, "%s%.*s%s", scheme, (int)n, base, path);
  return k < 0 || (size_t)k >= cap ? -1 : 0;
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud) {
  http_resp *r = ud;
  unsigned char *b = realloc(r->body, r->len + sz * n + 1);
  if (!b) return 0;
  r->body = b;
  memcpy(b + r->len, p, sz * n);
  r->len += sz * n;
  b[r->len] = 0;
  return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud) {
  http_resp *r = ud;
  size_t len = sz * n, k, v;
  if (len >= 2 && !strncmp(p, "HTTP/", 5)) r->nh = 0; /* a new answer */
  for (k = 0; k < len && p[k] != ':'; k++) {}
  if (k == len || r->nh >= HTTP_MAX_HDRS) return len;
  for (v = k + 1; v < len && p[v] == ' '; v++) {}
  while (len > v && (p[len - 1] == '\r' || p[len - 1] == '\n')) len--;
  snprintf(r->hname[r->nh], sizeof r->hname[0], "%.*s", (int)k, p);
  snprintf(r->hval[r->nh], sizeof r->hval[0], "%.*s", (int)(len - v), p + v);
  r->nh++;
  return sz * n;
}

int http_request(const char *url, const void *data, size_t len,
                 const char *token, long timeout_s, http_resp *r, char *err,
                 size_t errlen) {
  char ebuf[CURL_ERROR_SIZE], tok[600];
  struct curl_slist *hdrs = NULL;
  CURL *c;
  CURLcode rc;
  memset(r, 0, sizeof *r);
  ebuf[0] = '\0';
  if (!(c = curl_easy_init())) {
    snprintf(err, errlen, "libcurl failed to start");
    return -1;
  }
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (data) {
    /* No "Expect: 100-continue" round trip: the board answers a refused
     * upload (size, token) after the body either way. */
    hdrs = curl_slist_append(hdrs, "Expect:");
    hdrs = curl_slist_append(hdrs, "Content-Type: application/octet-stream");
    if (token) {
      snprintf(tok, sizeof tok, "X-Token: %s", token);
      hdrs = curl_slist_append(hdrs, tok);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  }
  rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
  } else {
    r->connect_failed = rc == CURLE_COULDNT_CONNECT ||
                        rc == CURLE_COULDNT_RESOLVE_HOST;
    snprintf(err, errlen, "%s", ebuf[0] ? ebuf : curl_easy_strerror(rc));
  }
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(c);
  return rc == CURLE_OK ? 0 : -1;
}

void http_resp_free(http_resp *r) {
  free(r->body);
  memset(r, 0, sizeof *r);
}

const char *http_header(const http_resp *r, const char *name) {
  int i;
  for (i = 0; i < r->nh; i++)
    if (!strcasecmp(r->hname[i], name)) return r->hval[i];
  return NULL;
}

void http_sleep(double s) {
  struct timespec ts;
  if (s <= 0) return;
  ts.tv_sec = (time_t)s;
  ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
  nanosleep(&ts, NULL);
}
