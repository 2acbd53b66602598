#include "camsim.h"

#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Full-range (JFIF) BT.601, the inverse of src/image's YUYV decoding;
 * the offset keeps the shifted sums non-negative. */
static uint8_t clamp8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
static uint8_t luma(const uint8_t *p) {
  return (uint8_t)((77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8);
}
static uint8_t chroma_u(const uint8_t *p) {
  return clamp8(((-43 * p[0] - 85 * p[1] + 128 * p[2] + 32768 + 128) >> 8));
}
static uint8_t chroma_v(const uint8_t *p) {
  return clamp8(((128 * p[0] - 107 * p[1] - 21 * p[2] + 32768 + 128) >> 8));
}

/* Mean RGB of the source box that destination pixel (x, y) covers. */
static void box_rgb(const tc_bitmap *s, int32_t w, int32_t h, int32_t x,
                    int32_t y, uint8_t rgb[3]) {
  int64_t x0 = (int64_t)x * s->w / w, x1 = (int64_t)(x + 1) * s->w / w;
  int64_t y0 = (int64_t)y * s->h / h, y1 = (int64_t)(y + 1) * s->h / h;
  uint64_t sum[3] = {0, 0, 0}, n;
  int64_t i, j;
  int c;
  if (x1 <= x0) x1 = x0 + 1;
  if (y1 <= y0) y1 = y0 + 1;
  n = (uint64_t)((x1 - x0) * (y1 - y0));
  for (j = y0; j < y1; j++) {
    const uint8_t *row = s->pixels + (size_t)j * (size_t)s->w * (size_t)s->channels;
    for (i = x0; i < x1; i++) {
      const uint8_t *p = row + (size_t)i * (size_t)s->channels;
      for (c = 0; c < 3; c++) sum[c] += p[s->channels == 1 ? 0 : c];
    }
  }
  for (c = 0; c < 3; c++) rgb[c] = (uint8_t)((sum[c] + n / 2) / n);
}

int camsim_convert(const tc_bitmap *src, int32_t w, int32_t h, int format,
                   uint8_t *out) {
  int32_t x, y;
  if (!src || !src->pixels || w < 1 || h < 1 ||
      (src->channels != 1 && src->channels != 3))
    return -1;
  if (format == TC_PIX_YUYV && (w & 1)) return -1;
  if (format != TC_PIX_GRAY8 && format != TC_PIX_RGB565_BE &&
      format != TC_PIX_YUYV)
    return -1;
  for (y = 0; y < h; y++) {
    for (x = 0; x < w; x++) {
      uint8_t p[3];
      box_rgb(src, w, h, x, y, p);
      if (format == TC_PIX_GRAY8) {
        *out++ = luma(p);
      } else if (format == TC_PIX_RGB565_BE) {
        unsigned v = ((unsigned)(p[0] >> 3) << 11) |
                     ((unsigned)(p[1] >> 2) << 5) | (unsigned)(p[2] >> 3);
        *out++ = (uint8_t)(v >> 8);
        *out++ = (uint8_t)v;
      } else {
        /* A pair shares U and V: taken from the mean of its two pixels. */
        uint8_t q[3], m[3];
        int c;
        box_rgb(src, w, h, x + 1, y, q);
        for (c = 0; c < 3; c++) m[c] = (uint8_t)((p[c] + q[c] + 1) / 2);
        *out++ = luma(p);
        *out++ = chroma_u(m);
        *out++ = luma(q);
        *out++ = chroma_v(m);
        x++;
      }
    }
  }
  return 0;
}

static int frame_get(void *ctx, tc_frame *f) {
  camsim *c = ctx;
  tc_bitmap bm;
  char err[512];
  int rc;
  if (c->next >= c->nfiles && c->loop) c->next = 0;
  if (c->next >= c->nfiles) return -1;
  /* Decoded for the frame it becomes (all of the picture, resized), by
   * the decoding step of train, eval and predict. */
  tc_bitmap_want want = {c->w, c->h, 1};
  if (tc_bitmap_load_for(c->files[c->next++], &want, &bm, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn camera-sim: %s\n", cli_esc(err));
    c->bad_files++;
    return -2;
  }
  rc = camsim_convert(&bm, c->w, c->h, c->format, c->frame);
  tc_bitmap_free(&bm);
  if (rc != 0) return -3;
  f->data = c->frame;
  f->width = c->w;
  f->height = c->h;
  f->stride = 0;
  f->format = c->format;
  f->handle = NULL;
  return 0;
}

static void frame_release(void *ctx, tc_frame *f) {
  (void)ctx;
  f->data = NULL;
}

static int camera_reinit(void *ctx) {
  ((camsim *)ctx)->reinits++;
  return 0;
}

static int64_t time_us(void *ctx) {
  struct timespec ts;
  (void)ctx;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void led_set(void *ctx, int on) { ((camsim *)ctx)->led = on; }

static void log_line(void *ctx, const char *line) {
  (void)ctx;
  puts(cli_esc(line));
  fflush(stdout);
}

static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return 0;
}

void camsim_hal(camsim *c, tc_app_hal *hal) {
  memset(hal, 0, sizeof *hal);
  hal->ctx = c;
  hal->frame_get = frame_get;
  hal->frame_release = frame_release;
  hal->camera_reinit = camera_reinit;
  hal->time_us = time_us;
  hal->led_set = led_set;
  hal->log_line = log_line;
  hal->free_heap = free_heap;
}
