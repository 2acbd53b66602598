/* See camsim_serve.h. The main thread is the camera loop (tc_device_step
 * per frame, every interval_ms); libmicrohttpd's thread answers requests.
 * The device's two locks are two pthread mutexes. */
#include "camsim_serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flash_file.h"
#include "http_host.h"

#define SECTOR 4096u
/* The upload piece buffer: the board's (TC_ESP_UPLOAD_PIECE), so that an
 * upload takes the same flash steps as on the chip. */
#define PIECE 512u

static volatile sig_atomic_t g_stop;
static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

typedef struct host_ctx {
  pthread_mutex_t mu[2];
  flash_file ff;
} host_ctx;

static void hlock(void *ctx, int which) {
  pthread_mutex_lock(&((host_ctx *)ctx)->mu[which]);
}
static void hunlock(void *ctx, int which) {
  pthread_mutex_unlock(&((host_ctx *)ctx)->mu[which]);
}
static const uint8_t *hmap(void *ctx) { return ((host_ctx *)ctx)->ff.map; }

static void *alloc16(size_t n) {
  return aligned_alloc(16, (n + 15) / 16 * 16);
}

int camsim_serve(camsim *cs, const tc_device_config *cfg, cli_model *cm,
                 const serve_opts *o) {
  host_ctx hc;
  tc_app_hal app_hal;
  tc_device_hal hal;
  tc_device_mem mem;
  tc_flash fl;
  tc_device_config dcfg = *cfg;
  tc_device *dev = NULL;
  http_host *http = NULL;
  struct sigaction sa;
  char err[512];
  int port = 0, rc = TC_EXIT_FAIL;
  size_t frame = (size_t)cs->w * (size_t)cs->h * tc_pixfmt_bpp(cs->format);
  memset(&hc, 0, sizeof hc);
  memset(&mem, 0, sizeof mem);
  pthread_mutex_init(&hc.mu[0], NULL);
  pthread_mutex_init(&hc.mu[1], NULL);
  if (flash_file_open(&hc.ff, o->flash, o->flash_size, SECTOR, err,
                      sizeof err) != 0) {
    fprintf(stderr, "tinycnn camera-sim: %s\n", err);
    return TC_EXIT_USAGE;
  }
  hc.ff.cut_at = o->cut_at;
  hc.ff.torn = o->torn;
  flash_file_hal(&hc.ff, &fl);
  mem.arena_size = o->arena ? o->arena
                            : cm->arena_size > 256u * 1024 ? cm->arena_size
                                                           : 256u * 1024;
  mem.upload_size = PIECE;
  dcfg.max_model = o->max_model; /* 0: a slot */
  mem.snap_size = frame;
  mem.arena = alloc16(mem.arena_size);
  mem.upload = alloc16(mem.upload_size);
  mem.snap[0] = malloc(frame);
  mem.snap[1] = malloc(frame);
  dev = alloc16(sizeof *dev);
  if (!mem.arena || !mem.upload || !mem.snap[0] || !mem.snap[1] || !dev) {
    fprintf(stderr, "tinycnn camera-sim: out of memory\n");
    goto out;
  }
  camsim_hal(cs, &app_hal);
  memset(&hal, 0, sizeof hal);
  hal.ctx = &hc;
  hal.lock = hlock;
  hal.unlock = hunlock;
  hal.jpeg = http_host_jpeg;
  hal.flash_map = hmap;
  if (tc_device_init(dev, &app_hal, &hal, &fl, &dcfg, &mem, cm->bytes,
                     cm->len) != TC_OK) {
    fprintf(stderr, "tinycnn camera-sim: %s\n", dev->msg);
    rc = TC_EXIT_MODEL;
    goto out;
  }
  http = http_host_start(dev, o->addr, &port, err, sizeof err);
  if (!http) {
    fprintf(stderr, "tinycnn camera-sim: %s\n", err);
    goto out;
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  printf("serving http://%.*s:%d/\n", (int)(strrchr(o->addr, ':') - o->addr),
         o->addr, port);
  fflush(stdout);
  while (!g_stop) {
    struct timespec ts;
    tc_status s = tc_device_step(dev);
    if (s != TC_OK && s != TC_ERR_INPUT)
      fprintf(stderr, "tinycnn camera-sim: %s\n", dev->app.msg);
    ts.tv_sec = o->interval_ms / 1000;
    ts.tv_nsec = (long)(o->interval_ms % 1000) * 1000000L;
    if (o->interval_ms) nanosleep(&ts, NULL);
  }
  rc = TC_EXIT_OK;
out:
  http_host_stop(http);
  free(dev);
  free(mem.arena);
  free(mem.upload);
  free(mem.snap[0]);
  free(mem.snap[1]);
  flash_file_close(&hc.ff);
  pthread_mutex_destroy(&hc.mu[0]);
  pthread_mutex_destroy(&hc.mu[1]);
  return rc;
}
