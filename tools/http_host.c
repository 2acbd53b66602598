/* See http_host.h. libmicrohttpd calls on_request several times per
 * request: first with only the headers, then once per piece of the body,
 * then with no data (the end), when we answer. The device code writes its
 * answer through a tc_http_out that collects it in memory; it is queued
 * as one MHD response. */
#include "http_host.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <microhttpd.h>

struct http_host {
  struct MHD_Daemon *mhd;
  tc_device *dev;
};

#define MAX_HDRS 8

/* One request's state and its answer, collected. */
typedef struct req {
  int upload;   /* POST /model */
  int accepted; /* the device wants the body */
  int ended;
  int status;
  char type[64];
  char hname[MAX_HDRS][32], hval[MAX_HDRS][64];
  size_t nh;
  unsigned char *body;
  size_t len, cap;
  int oom;
} req;

static int out_begin(void *ctx, int status, const char *type,
                     const tc_http_hdr *h, size_t nh, long length) {
  req *r = ctx;
  size_t i;
  (void)length;
  r->status = status;
  snprintf(r->type, sizeof r->type, "%s", type ? type : "text/plain");
  r->nh = nh < MAX_HDRS ? nh : MAX_HDRS;
  for (i = 0; i < r->nh; i++) {
    snprintf(r->hname[i], sizeof r->hname[i], "%s", h[i].name);
    snprintf(r->hval[i], sizeof r->hval[i], "%s", h[i].value);
  }
  r->len = 0;
  return 0;
}

static int out_write(void *ctx, const void *p, size_t n) {
  req *r = ctx;
  if (r->len + n > r->cap) {
    size_t cap = (r->len + n) * 2 + 256;
    unsigned char *b = realloc(r->body, cap);
    if (!b) {
      r->oom = 1;
      return -1;
    }
    r->body = b;
    r->cap = cap;
  }
  memcpy(r->body + r->len, p, n);
  r->len += n;
  return 0;
}

static tc_http_out out_of(req *r) {
  tc_http_out o;
  o.ctx = r;
  o.begin = out_begin;
  o.write = out_write;
  return o;
}

static enum MHD_Result queue(struct MHD_Connection *c, req *r) {
  struct MHD_Response *resp;
  enum MHD_Result ok;
  size_t i;
  if (r->oom || !r->status) {
    static const char msg[] = "out of memory\n";
    r->status = 500;
    resp = MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg,
                                           MHD_RESPMEM_PERSISTENT);
  } else {
    resp = MHD_create_response_from_buffer(r->len, r->body,
                                           MHD_RESPMEM_MUST_COPY);
  }
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
  for (i = 0; i < r->nh; i++)
    MHD_add_response_header(resp, r->hname[i], r->hval[i]);
  ok = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static void request_of(struct MHD_Connection *c, const char *url,
                       const char *method, tc_http_req *rq) {
  const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  memset(rq, 0, sizeof *rq);
  rq->method = !strcmp(method, "GET") || !strcmp(method, "HEAD")
                   ? TC_HTTP_GET
               : !strcmp(method, "POST") ? TC_HTTP_POST
                                         : TC_HTTP_OTHER;
  rq->path = url;
  rq->token = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Token");
  rq->content_length = cl ? strtol(cl, NULL, 10) : -1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **req_cls) {
  http_host *h = cls;
  req *r = *req_cls;
  tc_http_req rq;
  tc_http_out out;
  (void)version;
  request_of(c, url, method, &rq);
  if (!r) { /* headers only */
    r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    *req_cls = r;
    r->upload = tc_device_is_upload(&rq);
    if (r->upload) {
      out = out_of(r);
      r->accepted = tc_device_upload_begin(h->dev, &rq, &out);
    }
    return MHD_YES;
  }
  if (*upload_data_size) { /* a piece of the body */
    if (r->accepted) tc_device_upload_data(h->dev, upload_data,
                                           *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  out = out_of(r);
  if (r->upload && r->accepted) {
    r->ended = 1;
    tc_device_upload_end(h->dev, &out);
  } else if (!r->upload) {
    tc_device_http(h->dev, &rq, &out);
  }
  return queue(c, r);
}

/* A request that ends early (client gone mid-body) drops its upload. */
static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode toe) {
  http_host *h = cls;
  req *r = *req_cls;
  (void)c;
  (void)toe;
  if (!r) return;
  if (r->accepted && !r->ended) tc_device_upload_abort(h->dev);
  free(r->body);
  free(r);
  *req_cls = NULL;
}

http_host *http_host_start(tc_device *d, const char *addr, int *port,
                           char *err, size_t errlen) {
  struct sockaddr_in sa;
  const union MHD_DaemonInfo *info;
  char host[64];
  const char *colon = strrchr(addr, ':');
  char *end;
  long p;
  http_host *h;
  if (!colon || (size_t)(colon - addr) >= sizeof host) {
    snprintf(err, errlen, "--serve '%s': expected HOST:PORT", addr);
    return NULL;
  }
  memcpy(host, addr, (size_t)(colon - addr));
  host[colon - addr] = '\0';
  p = strtol(colon + 1, &end, 10);
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  if (*end || end == colon + 1 || p < 0 || p > 65535 ||
      inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
    snprintf(err, errlen, "--serve '%s': expected an IPv4 HOST:PORT (PORT 0 "
             "picks a free one)", addr);
    return NULL;
  }
  sa.sin_port = htons((uint16_t)p);
  if (!(h = calloc(1, sizeof *h))) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  h->dev = d;
  h->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                            on_request, h, MHD_OPTION_SOCK_ADDR, &sa,
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                            MHD_OPTION_END);
  if (!h->mhd) {
    snprintf(err, errlen, "cannot serve on %s: %s (port in use?)", addr,
             errno ? strerror(errno) : "libmicrohttpd failed to start");
    free(h);
    return NULL;
  }
  info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_BIND_PORT);
  *port = info ? (int)info->port : (int)p;
  return h;
}

void http_host_stop(http_host *h) {
  if (!h) return;
  MHD_stop_daemon(h->mhd);
  free(h);
}

int http_host_jpeg(void *ctx, const tc_frame *f, tc_http_out *out) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr e;
  unsigned char *mem = NULL, *row;
  unsigned long len = 0;
  int gray = f->format == TC_PIX_GRAY8, rc = -1;
  tc_image img;
  int32_t x, y;
  (void)ctx;
  img.data = f->data;
  img.width = f->width;
  img.height = f->height;
  img.stride = f->stride;
  img.format = f->format;
  row = malloc((size_t)f->width * 3);
  if (!row) return -1;
  c.err = jpeg_std_error(&e);
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &mem, &len);
  c.image_width = (JDIMENSION)f->width;
  c.image_height = (JDIMENSION)f->height;
  c.input_components = gray ? 1 : 3;
  c.in_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 80, TRUE);
  jpeg_start_compress(&c, TRUE);
  for (y = 0; y < f->height; y++) {
    for (x = 0; x < f->width; x++) {
      if (gray) row[x] = tc_image_gray(&img, x, y);
      else tc_image_rgb(&img, x, y, row + 3 * x);
    }
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  free(row);
  if (mem && len &&
      out->begin(out->ctx, 200, "image/jpeg", NULL, 0, (long)len) == 0) {
    out->write(out->ctx, mem, len);
    rc = 0;
  }
  free(mem);
  return rc;
}
