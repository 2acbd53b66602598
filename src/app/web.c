/* The device's GET answers (tinycnn/device.h): /, /status, /frame.jpg and
 * /capture, written through the transport's tc_http_out. No stdio: text
 * is built with tc_sb, frames are streamed in small pieces. */
#include <string.h>

#include "fmt.h"
#include "tinycnn/device.h"

static void lock(tc_device *d) {
  if (d->hal.lock) d->hal.lock(d->hal.ctx, TC_LOCK_PUBLISH);
}
static void unlock(tc_device *d) {
  if (d->hal.unlock) d->hal.unlock(d->hal.ctx, TC_LOCK_PUBLISH);
}

static void send_text(tc_http_out *out, int status, const char *type,
                      const char *text) {
  size_t n = strlen(text);
  if (out->begin(out->ctx, status, type, NULL, 0, (long)n) == 0)
    out->write(out->ctx, text, n);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(tc_sb *b, const char *s) {
  tc_sb_str(b, "\"");
  for (; *s; s++) {
    char c[2] = {0, 0};
    if (*s == '"' || *s == '\\') {
      c[0] = *s;
      tc_sb_str(b, "\\");
      tc_sb_str(b, c);
    } else if ((unsigned char)*s < 0x20) {
      tc_sb_str(b, "\\u00");
      c[0] = "0123456789abcdef"[(*s >> 4) & 15];
      tc_sb_str(b, c);
      c[0] = "0123456789abcdef"[*s & 15];
      tc_sb_str(b, c);
    } else {
      c[0] = *s;
      tc_sb_str(b, c);
    }
  }
  tc_sb_str(b, "\"");
}

/* HTML text: <, >, & and quotes escaped. */
static void html_str(tc_sb *b, const char *s) {
  for (; *s; s++) {
    char c[2] = {0, 0};
    switch (*s) {
      case '<': tc_sb_str(b, "&lt;"); break;
      case '>': tc_sb_str(b, "&gt;"); break;
      case '&': tc_sb_str(b, "&amp;"); break;
      case '"': tc_sb_str(b, "&quot;"); break;
      default: c[0] = *s; tc_sb_str(b, c);
    }
  }
}

/* What /status and / show, copied under the PUBLISH lock. */
typedef struct view {
  tc_published p;
  int have;
  uint32_t frames, model_len, crc, seq;
  int slot;
  float threshold;
  char neg[TC_META_LABEL_LEN], pos[TC_META_LABEL_LEN];
} view;

static void copy_label(char *dst, const char *src) {
  size_t n = strlen(src);
  if (n >= TC_META_LABEL_LEN) n = TC_META_LABEL_LEN - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static void take_view(tc_device *d, view *v) {
  memset(v, 0, sizeof *v);
  lock(d);
  v->have = d->pub_idx >= 0;
  if (v->have) v->p = d->pub[d->pub_idx];
  v->frames = d->frames;
  v->model_len = (uint32_t)d->model_len;
  v->crc = d->model_crc;
  v->slot = d->model_slot;
  v->seq = d->model_slot >= 0 ? d->store.slot[d->model_slot].seq : 0;
  v->threshold = d->app.cfg.threshold;
  copy_label(v->neg, d->app.cfg.label_neg);
  copy_label(v->pos, d->app.cfg.label_pos);
  unlock(d);
}

static void status(tc_device *d, tc_http_out *out) {
  char buf[640];
  tc_sb b;
  view v;
  take_view(d, &v);
  tc_sb_init(&b, buf, sizeof buf);
  tc_sb_str(&b, "{\"score\":");
  tc_sb_unit3(&b, v.p.score);
  tc_sb_str(&b, ",\"label\":");
  json_str(&b, v.p.state ? v.pos : v.neg);
  tc_sb_str(&b, ",\"infer_ms\":");
  tc_sb_u32(&b, v.p.infer_ms);
  tc_sb_str(&b, ",\"free_heap\":");
  tc_sb_u32(&b, d->app_hal.free_heap ? d->app_hal.free_heap(d->app_hal.ctx)
                                     : 0u);
  tc_sb_str(&b, ",\"frames\":");
  tc_sb_u32(&b, v.frames);
  tc_sb_str(&b, ",\"labels\":[");
  json_str(&b, v.neg);
  tc_sb_str(&b, ",");
  json_str(&b, v.pos);
  tc_sb_str(&b, "],\"threshold\":");
  tc_sb_unit3(&b, v.threshold);
  tc_sb_str(&b, ",\"model\":{\"source\":\"");
  tc_sb_str(&b, v.slot < 0 ? "built-in" : v.slot ? "slot B" : "slot A");
  tc_sb_str(&b, "\",\"bytes\":");
  tc_sb_u32(&b, v.model_len);
  tc_sb_str(&b, ",\"crc32\":\"");
  tc_sb_hex32(&b, v.crc);
  tc_sb_str(&b, "\",\"seq\":");
  tc_sb_u32(&b, v.seq);
  tc_sb_str(&b, "},\"camera\":{\"width\":");
  tc_sb_i32(&b, d->cfg.cam_width);
  tc_sb_str(&b, ",\"height\":");
  tc_sb_i32(&b, d->cfg.cam_height);
  tc_sb_str(&b, ",\"format\":\"");
  tc_sb_str(&b, tc_pixfmt_id(d->cfg.cam_format));
  tc_sb_str(&b, "\"}}\n");
  send_text(out, 200, "application/json", buf);
}

static void index_page(tc_device *d, tc_http_out *out) {
  char buf[768];
  tc_sb b;
  view v;
  take_view(d, &v);
  tc_sb_init(&b, buf, sizeof buf);
  tc_sb_str(&b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                "<meta http-equiv=\"refresh\" content=\"2\">"
                "<title>tinycnn camera</title></head><body>"
                "<img src=\"/frame.jpg\" width=\"320\" "
                "style=\"image-rendering:pixelated\"><p>");
  if (v.have) {
    tc_sb_str(&b, "score=");
    tc_sb_unit3(&b, v.p.score);
    tc_sb_str(&b, " label=");
    html_str(&b, v.p.state ? v.pos : v.neg);
    tc_sb_str(&b, " infer_ms=");
    tc_sb_u32(&b, v.p.infer_ms);
  } else {
    tc_sb_str(&b, "no frame yet");
  }
  tc_sb_str(&b, " frames=");
  tc_sb_u32(&b, v.frames);
  tc_sb_str(&b, "</p><p>model: ");
  tc_sb_str(&b, v.slot < 0 ? "built-in" : v.slot ? "slot B" : "slot A");
  tc_sb_str(&b, ", ");
  tc_sb_u32(&b, v.model_len);
  tc_sb_str(&b, " bytes</p><p><a href=\"/status\">/status</a> "
                "<a href=\"/capture\">/capture</a></p></body></html>\n");
  send_text(out, 200, "text/html", buf);
}

/* Claim the published frame for streaming; -1 when there is none. */
static int claim(tc_device *d, tc_published *p, int *channels) {
  int idx;
  lock(d);
  idx = d->pub_idx;
  if (idx >= 0) {
    *p = d->pub[idx];
    d->reading = idx;
    *channels = tc_interp_input(&d->app.interp, 0)->dims[3];
  }
  unlock(d);
  return idx;
}

static void release(tc_device *d) {
  lock(d);
  d->reading = -1;
  unlock(d);
}

#define PIECE 192 /* stack bytes per write: 64 RGB pixels */

static void capture(tc_device *d, tc_http_out *out) {
  tc_published p;
  tc_image img;
  tc_http_hdr h[5];
  char head[32], w[12], ht[12], num[12], score[8];
  uint8_t piece[PIECE];
  int idx, channels = 1, gray;
  int32_t x, y;
  size_t n = 0, hlen;
  tc_sb b;
  idx = claim(d, &p, &channels);
  if (idx < 0) {
    send_text(out, 503, "text/plain", "no frame yet\n");
    return;
  }
  img.data = d->mem.snap[idx];
  img.width = p.width;
  img.height = p.height;
  img.stride = 0;
  img.format = p.format;
  /* Grey frames as they are; YUYV as its Y plane when the model is grey
   * (that is what it sees); everything else as the RGB the model sees. */
  gray = p.format == TC_PIX_GRAY8 || (p.format == TC_PIX_YUYV && channels == 1);
  tc_sb_init(&b, head, sizeof head);
  tc_sb_str(&b, gray ? "P5\n" : "P6\n");
  tc_sb_i32(&b, p.width);
  tc_sb_str(&b, " ");
  tc_sb_i32(&b, p.height);
  tc_sb_str(&b, "\n255\n");
  hlen = b.len;
  tc_sb_init(&b, w, sizeof w);
  tc_sb_i32(&b, p.width);
  tc_sb_init(&b, ht, sizeof ht);
  tc_sb_i32(&b, p.height);
  tc_sb_init(&b, num, sizeof num);
  tc_sb_u32(&b, p.number);
  tc_sb_init(&b, score, sizeof score);
  tc_sb_unit3(&b, p.score);
  h[0].name = "X-Frame-Format";
  h[0].value = tc_pixfmt_id(p.format);
  h[1].name = "X-Frame-Width";
  h[1].value = w;
  h[2].name = "X-Frame-Height";
  h[2].value = ht;
  h[3].name = "X-Frame-Number";
  h[3].value = num;
  h[4].name = "X-Score";
  h[4].value = score;
  if (out->begin(out->ctx, 200,
                 gray ? "image/x-portable-graymap"
                      : "image/x-portable-pixmap",
                 h, 5,
                 (long)hlen + (long)p.width * p.height * (gray ? 1 : 3)) != 0 ||
      out->write(out->ctx, head, hlen) != 0)
    goto done;
  for (y = 0; y < p.height; y++) {
    for (x = 0; x < p.width; x++) {
      if (gray) {
        piece[n++] = tc_image_gray(&img, x, y);
      } else {
        tc_image_rgb(&img, x, y, piece + n);
        n += 3;
      }
      if (n + 3 > PIECE) {
        if (out->write(out->ctx, piece, n) != 0) goto done;
        n = 0;
      }
    }
  }
  if (n) out->write(out->ctx, piece, n);
done:
  release(d);
}

static void jpeg(tc_device *d, tc_http_out *out) {
  tc_published p;
  tc_frame f;
  int idx, channels;
  if (!d->hal.jpeg) {
    send_text(out, 404, "text/plain", "no JPEG encoder on this board\n");
    return;
  }
  idx = claim(d, &p, &channels);
  if (idx < 0) {
    send_text(out, 503, "text/plain", "no frame yet\n");
    return;
  }
  memset(&f, 0, sizeof f);
  f.data = d->mem.snap[idx];
  f.width = p.width;
  f.height = p.height;
  f.format = p.format;
  if (d->hal.jpeg(d->hal.ctx, &f, out) != 0) {
    /* -1 means nothing was sent (tinycnn/device.h). */
    send_text(out, 500, "text/plain", "JPEG encoding failed\n");
  }
  release(d);
}

void tc_device_http(tc_device *d, const tc_http_req *rq, tc_http_out *out) {
  const char *p = rq->path ? rq->path : "";
  int known = !strcmp(p, "/") || !strcmp(p, "/status") ||
              !strcmp(p, "/frame.jpg") || !strcmp(p, "/capture") ||
              !strcmp(p, "/model");
  if (!known) {
    send_text(out, 404, "text/plain", "not found: try /, /status, "
              "/frame.jpg, /capture or POST /model\n");
  } else if (rq->method != TC_HTTP_GET || !strcmp(p, "/model")) {
    send_text(out, 405, "text/plain", !strcmp(p, "/model")
                                          ? "use POST for /model\n"
                                          : "use GET\n");
  } else if (!strcmp(p, "/status")) {
    status(d, out);
  } else if (!strcmp(p, "/capture")) {
    capture(d, out);
  } else if (!strcmp(p, "/frame.jpg")) {
    jpeg(d, out);
  } else {
    index_page(d, out);
  }
}
