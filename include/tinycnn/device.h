/* tinycnn device: the camera classifier as a network service, shared by
 * every firmware flavour (ESP-IDF, Arduino) and `tinycnn camera-sim
 * --serve`. It owns the app (tinycnn/app.h), the A/B model store
 * (tinycnn/store.h) and the answers to these HTTP requests:
 *
 *   GET  /           a small HTML page: last frame, score, label
 *   GET  /status     {"score":0.981,"label":"bright","infer_ms":3,
 *                     "free_heap":N,"frames":42,"labels":["dark","bright"],
 *                     "threshold":0.500,"model":{"source":"slot B",
 *                     "bytes":N,"crc32":"0x1a2b3c4d","seq":3},
 *                     "camera":{"width":160,"height":120,"format":"gray"}}
 *   GET  /frame.jpg  the last classified frame as JPEG (the HAL encodes)
 *   GET  /capture    the last classified frame, lossless, exactly as the
 *                    camera delivered it: PGM (P5) for grey, PPM (P6) for
 *                    RGB565/RGB888 (RGB565 widened by tc_image_rgb, which
 *                    is what the model sees), YUYV as PGM of Y for a grey
 *                    model and PPM of tc_image_rgb for a colour one.
 *                    Headers X-Frame-Format (gray, rgb565, rgb565le,
 *                    rgb888, bgr888, yuyv), X-Frame-Width, X-Frame-Height,
 *                    X-Frame-Number, X-Score.
 *   POST /model      a .tflite body (at most a store slot, or
 *                    cfg.max_model bytes when smaller; with cfg.token set,
 *                    header X-Token must match). Streamed as it arrives
 *                    into the store's free slot (never the one running)
 *                    through the piece buffer mem.upload: no RAM holds the
 *                    whole model. Then read back (CRC), checked where it
 *                    lies in flash with our loader: malformed (400),
 *                    unsupported op or dtype, arena larger than the
 *                    board's, input the camera cannot feed (422), too large
 *                    (413), wrong token (401), another upload running
 *                    (409), a flash error (500) — each answered with one
 *                    text line that says why; the running model keeps
 *                    running and is the one the next boot runs (the free
 *                    slot is left uncommitted: its header erased,
 *                    tinycnn/store.h; a slot whose model failed to start
 *                    is such a free slot too).
 *                    Only a model that passes is committed (the slot's
 *                    header written) and switched to between two frames:
 *                    200 "ok: model N bytes crc32 0x... in slot B (seq 3);
 *                    ...". Labels, threshold and preprocessing come from
 *                    the model's metadata (tinycnn/metadata.h).
 *
 * Transport: the port's HTTP server (esp_http_server, libmicrohttpd) calls
 * tc_device_http for a request, or the tc_device_upload_* functions for a
 * POST /model, from one thread at a time; the camera loop calls
 * tc_device_step from another. Two HAL locks keep them apart: MODEL is
 * held for a whole frame (so a new model is switched to between frames),
 * PUBLISH only while the published frame and score are read or flipped
 * (two frame buffers: a slow client never holds up the camera).
 *
 * C99, no malloc, no stdio: every buffer comes from the port (mem). */
#ifndef TINYCNN_DEVICE_H
#define TINYCNN_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/app.h"
#include "tinycnn/metadata.h"
#include "tinycnn/store.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { TC_HTTP_OTHER = 0, TC_HTTP_GET = 1, TC_HTTP_POST = 2 };

typedef struct tc_http_req {
  int method;          /* TC_HTTP_* */
  const char *path;    /* without the query string */
  const char *token;   /* the X-Token header, or NULL */
  long content_length; /* -1 when unknown (chunked) */
} tc_http_req;

typedef struct tc_http_hdr {
  const char *name, *value;
} tc_http_hdr;

/* Where an answer goes. begin once (status, Content-Type, extra headers,
 * body length or -1), then write the body. The strings given to begin
 * stay valid until the handler returns. Both return 0 on success; after a
 * failure (client gone) the handler stops writing. */
typedef struct tc_http_out {
  void *ctx;
  int (*begin)(void *ctx, int status, const char *type,
               const tc_http_hdr *hdrs, size_t nhdrs, long length);
  int (*write)(void *ctx, const void *data, size_t len);
} tc_http_out;

enum { TC_LOCK_MODEL = 0, TC_LOCK_PUBLISH = 1 };

typedef struct tc_device_hal {
  void *ctx;
  void (*lock)(void *ctx, int which); /* TC_LOCK_*: two mutexes */
  void (*unlock)(void *ctx, int which);
  /* /frame.jpg: encode f, call out->begin(200, "image/jpeg", ...) and
   * write the bytes; 0, or -1 when it failed before begin (the device then
   * answers 500). NULL: /frame.jpg answers 404. */
  int (*jpeg)(void *ctx, const tc_frame *f, tc_http_out *out);
  /* The store's partition mapped into memory (read only): models run from
   * it in place. Needed with a store. */
  const uint8_t *(*flash_map)(void *ctx);
} tc_device_hal;

typedef struct tc_device_config {
  /* threshold < 0 and NULL labels: the model's metadata (else 0.5,
   * "negative"/"positive"); other values override it. pre is always the
   * model's. */
  tc_app_config app;
  int32_t cam_width, cam_height, cam_format; /* what the camera delivers */
  const char *token; /* NULL or "": POST /model is open */
  /* The built-in model's labels and threshold when its metadata has none
   * (a firmware's model_data.h from `tinycnn export --c` names them):
   * NULL / < 0 for the defaults. Stored models always use their own. */
  const char *builtin_neg, *builtin_pos;
  float builtin_threshold;
  /* Largest model POST /model takes, in bytes; 0 or more than a slot: a
   * slot (tc_store_capacity). A limit only: it costs no RAM. */
  size_t max_model;
} tc_device_config;

typedef struct tc_device_mem {
  void *arena; /* 16-byte aligned; its size caps an uploaded model's arena */
  size_t arena_size;
  /* The upload piece buffer (any alignment, any size > 0; NULL or 0: POST
   * /model answers 503): the body goes to flash through it, one flash
   * write per upload_size bytes (split where a sector ends). Afterwards it is the work area the
   * upload's arena is measured in when it holds tc_model_arena_work
   * bytes, else that is measured on the stack (TC_ARENA_SIZE_STACK). It
   * no longer limits the model's size (cfg.max_model and the slot do). */
  uint8_t *upload;
  size_t upload_size;
  uint8_t *snap[2]; /* published frames, each snap_size bytes (>= w*h*bpp) */
  size_t snap_size;
} tc_device_mem;

/* The last classified frame and its result. */
typedef struct tc_published {
  int32_t width, height, format; /* 0 x 0: none yet */
  uint32_t number;               /* frames classified since boot */
  float score;
  int state;
  uint32_t infer_ms;
} tc_published;

typedef struct tc_device {
  tc_app app;
  tc_app_hal app_hal;
  tc_device_hal hal;
  tc_device_config cfg;
  tc_device_mem mem;
  tc_store store;
  int has_store;
  const uint8_t *builtin;
  size_t builtin_len;
  /* The running model. */
  const uint8_t *model;
  size_t model_len;
  uint32_t model_crc;
  int model_slot; /* -1: built in */
  tc_meta meta;
  /* Published under TC_LOCK_PUBLISH. */
  tc_published pub[2];
  int pub_idx;  /* which pub / snap is current, -1 none */
  int reading;  /* which snap a request is streaming, -1 none */
  uint32_t frames;
  /* The upload in progress (one at a time). */
  int up_active, up_too_large, up_failed, up_started, up_slot;
  size_t up_len;  /* body bytes taken */
  size_t up_fill; /* of them still in the piece buffer */
  char line[TC_MSG_LEN + 96]; /* log and answer lines */
  char msg[TC_MSG_LEN];
} tc_device;

/* threshold -1 and labels NULL (the model's), hysteresis 0.05, frames 3,
 * camera 160x120 grey, no token, no built-in labels (threshold -1). */
void tc_device_config_default(tc_device_config *cfg);

/* Start: with a flash HAL (may be NULL: no store, POST /model answers
 * 501), run the newest store slot whose model loads, else the older one,
 * else the built-in model; one log line says which. TC_OK, or the built-in
 * model's error in d->msg. */
tc_status tc_device_init(tc_device *d, const tc_app_hal *app_hal,
                         const tc_device_hal *hal, const tc_flash *flash,
                         const tc_device_config *cfg,
                         const tc_device_mem *mem, const void *builtin,
                         size_t builtin_len);

/* One camera frame (tc_app_step under the MODEL lock), published. */
tc_status tc_device_step(tc_device *d);

/* Stack bytes the device service's own functions can take at once in the
 * HTTP server's task (tc_device_http: pages, /capture; the upload
 * functions: streaming, checking and committing a model), as the deepest
 * call chain through src/app and src/image (the app_stack test measures
 * it for rv32imc and Xtensa at -Os and -O2: 1,136-1,216 bytes; the upload
 * functions alone 960-1,072, flash HAL calls excluded). Checking an upload
 * also loads the model and measures its arena: in the piece buffer when it
 * holds the planner's work list (tc_model_arena_size_in), else on the
 * stack with tc_model_arena_size: add TC_ARENA_SIZE_STACK (runtime.h,
 * which covers load too) and the transport's own frames. */
#define TC_DEVICE_HTTP_STACK 1536

/* Answer a request other than POST /model. */
void tc_device_http(tc_device *d, const tc_http_req *rq, tc_http_out *out);

/* Whether rq is an upload (POST /model). */
int tc_device_is_upload(const tc_http_req *rq);

/* POST /model: begin returns 1 when the body is wanted (then data for each
 * piece, then end, which answers), or 0 after answering (rejected: no
 * store, token, no piece buffer, size, busy; nothing written). data
 * writes each full piece buffer to the free slot; end writes the rest,
 * checks and commits. abort drops an upload whose connection broke (the
 * free slot stays uncommitted). */
int tc_device_upload_begin(tc_device *d, const tc_http_req *rq,
                           tc_http_out *out);
void tc_device_upload_data(tc_device *d, const void *data, size_t len);
void tc_device_upload_end(tc_device *d, tc_http_out *out);
void tc_device_upload_abort(tc_device *d);

/* Verify a model as POST /model does, without storing it: 0 when the
 * board would take it, else the HTTP status, with the reason in msg
 * (TC_MSG_LEN). model must be 4-byte aligned. The arena is measured on
 * the stack (TC_ARENA_SIZE_STACK). */
int tc_device_check_model(const tc_device *d, const void *model, size_t len,
                          char *msg);

#ifdef __cplusplus
}
#endif
#endif
