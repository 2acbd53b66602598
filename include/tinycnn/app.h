/* tinycnn app: the camera-classifier firmware logic, behind a small HAL so
 * that the very same code runs on the ESP32 (ESP-IDF and Arduino) and on
 * the host (`tinycnn camera-sim`). C99, no malloc, no stdio, no global state.
 *
 *   static const tc_app_hal hal = {my_ctx, frame_get, frame_release,
 *                                  camera_reinit, time_us, led_set,
 *                                  log_line, free_heap};
 *   tc_app app;
 *   tc_app_config cfg;
 *   tc_app_config_default(&cfg);           // 0.5, hysteresis 0.05, 3 frames
 *   if (tc_app_init(&app, &hal, &cfg, model_data, model_data_len,
 *                   arena, arena_size) != TC_OK)
 *     log(app.msg);
 *   for (;;) tc_app_step(&app);           // one camera frame per call
 *
 * Per frame: grab -> tc_image_to_tensor (the shared preprocessing, default
 * options: centre crop, [0, 1] input range) -> invoke -> score -> decision
 * -> LED -> exactly one log line (no trailing newline):
 *   score=0.873 label=positive infer_ms=12 free_heap=123456
 * score: 3 decimals, rounded half up; label: the decided state (after this
 * frame); infer_ms: the invoke alone, rounded to nearest; free_heap: what
 * the HAL reports.
 *
 * Decision (debounce with hysteresis). The state starts negative (LED off).
 * A frame votes for a flip when it lies beyond the band on the other side:
 *   state negative: score >= threshold + hysteresis
 *   state positive: score <  threshold - hysteresis
 * The state flips when `frames` consecutive frames vote for it; any frame
 * that does not vote resets the count. So with frames = 3 a single outlier
 * never flips the label, and a score inside the band never does.
 *
 * Camera errors: a failed grab (or a frame the preprocessing rejects) logs
 *   camera_error=N/K status=S
 * (N consecutive failures, K = cfg.camera_retries, S the HAL's code) and
 * after K consecutive failures the app calls camera_reinit and logs
 *   camera_reinit=ok   or   camera_reinit=failed status=S
 * then starts counting again. A good frame resets the count. */
#ifndef TINYCNN_APP_H
#define TINYCNN_APP_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/image.h"
#include "tinycnn/metadata.h"
#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One camera frame, filled by hal.frame_get. */
typedef struct tc_frame {
  const uint8_t *data;
  int32_t width, height;
  int32_t stride; /* bytes per row; 0 = packed */
  int32_t format; /* tc_pixfmt */
  void *handle;   /* the HAL's own (e.g. camera_fb_t *), for release */
} tc_frame;

struct tc_app;

/* The board. Every function gets `ctx` back. frame_get returns 0 with a
 * frame to be given back with frame_release, or non-zero (no release).
 * camera_reinit returns 0 on success. time_us is monotonic. led_set may be
 * NULL (no LED), free_heap may be NULL (reports 0). log_line receives one
 * NUL-terminated line without newline. publish (may be NULL) is called once
 * for every classified frame, after the decision and before frame_release,
 * with that frame and the app holding that frame's score, state and
 * infer_ms: a status page shows a frame with its own result, never the
 * previous frame's (it is not called when preprocessing or invoke fail). */
typedef struct tc_app_hal {
  void *ctx;
  int (*frame_get)(void *ctx, tc_frame *f);
  void (*frame_release)(void *ctx, tc_frame *f);
  int (*camera_reinit)(void *ctx);
  int64_t (*time_us)(void *ctx);
  void (*led_set)(void *ctx, int on);
  void (*log_line)(void *ctx, const char *line);
  uint32_t (*free_heap)(void *ctx);
  void (*publish)(void *ctx, const tc_frame *f, const struct tc_app *a);
} tc_app_hal;

typedef struct tc_app_config {
  float threshold;         /* 0..1, decision threshold on the score */
  float hysteresis;        /* >= 0, half-width of the dead band */
  uint32_t frames;         /* >= 1 consecutive frames to flip the state */
  uint32_t camera_retries; /* >= 1 failures in a row before camera_reinit */
  const char *label_neg;   /* printed labels; NULL = "negative"/"positive" */
  const char *label_pos;
  tc_image_opts pre;       /* preprocessing; all zero = the defaults */
} tc_app_config;

#define TC_APP_LINE_LEN 112

/* Stack bytes the app's own functions can take at once in the camera task
 * on a 32-bit target (tc_app_step -> tc_app_process -> tc_image_to_tensor,
 * or -> the runtime; tc_device_step adds its frame): the deepest call
 * chain through src/app and src/image in GCC's call graph with frame sizes
 * (the app_stack test: 752-864 bytes for rv32imc and Xtensa call0 at
 * -O2/-Os), with room for the ESP32's windowed-ABI spill area (16-32 bytes
 * a call). The runtime's own need is TC_STACK_NEED (runtime.h). */
#define TC_APP_STACK 1024

typedef struct tc_app {
  tc_model model;
  tc_interp interp;
  tc_app_hal hal;
  tc_app_config cfg;
  int state;             /* 0 negative, 1 positive */
  uint32_t votes;        /* consecutive frames voting for a flip */
  uint32_t cam_failures; /* consecutive camera failures */
  uint32_t frames_ok, reinits;
  float score;           /* of the last good frame */
  uint32_t infer_ms;     /* of the last good frame */
  char line[TC_APP_LINE_LEN]; /* the last line logged */
  char msg[TC_MSG_LEN];       /* why the last call failed */
} tc_app;

/* threshold 0.5, hysteresis 0.05, frames 3, camera_retries 5, labels
 * "negative" / "positive". */
void tc_app_config_default(tc_app_config *cfg);

/* What the model's metadata (tinycnn/metadata.h) says: threshold, labels
 * (pointing into *m, which must outlive the app) and preprocessing. */
void tc_app_config_meta(tc_app_config *cfg, const tc_meta *m);
/* The tc_image_to_tensor options of a model's metadata. */
void tc_app_image_opts(const tc_meta *m, tc_image_opts *o);

/* Load the model (bytes must outlive the app, 4-byte aligned), build the
 * interpreter in `arena`, check that input 0 is an image tensor
 * [1,H,W,1|3] and output 0 a score (see tc_app_score), switch the LED off.
 * TC_ERR_ARG on a bad HAL or config (msg says which field). */
tc_status tc_app_init(tc_app *a, const tc_app_hal *hal,
                      const tc_app_config *cfg, const void *model,
                      size_t model_len, void *arena, size_t arena_size);

/* Process one frame as described above. TC_OK for a classified frame,
 * TC_ERR_INPUT for a camera failure (the app recovers by itself; keep
 * calling), anything else is an invoke failure (a->msg). */
tc_status tc_app_step(tc_app *a);

/* tc_app_step, and for a classified frame fn(user, frame, app) before the
 * frame goes back to the HAL (e.g. to publish frame and score together). */
typedef void (*tc_app_frame_fn)(void *user, const tc_frame *f,
                                const tc_app *a);
tc_status tc_app_step_with(tc_app *a, tc_app_frame_fn fn, void *user);

/* Feed one frame the caller already has (no frame_get/release, no camera
 * error accounting): preprocess, invoke, decide, LED, log. */
tc_status tc_app_process(tc_app *a, const tc_frame *f);

/* The classifier score in [0, 1] from an output tensor: 1 element (a
 * sigmoid, e.g. LOGISTIC int8 -> (q + 128) / 256) or 2 elements (a
 * softmax: element 1, the positive class). int8/uint8 are dequantized
 * with the tensor's scale and zero point, float32 is taken as is; the
 * result is clamped to [0, 1]. TC_ERR_UNSUPPORTED otherwise. */
tc_status tc_app_score(const tc_tensor *out, float *score);

/* Whether input 0 can take frames and output 0 gives a score; on failure
 * msg (TC_MSG_LEN) names the tensor and what was expected. */
tc_status tc_app_check_model(tc_interp *it, char *msg);
/* The same on the two tensors (e.g. from tc_model_io_tensor). */
tc_status tc_app_check_io(const tc_tensor *in, const tc_tensor *out,
                          char *msg);
/* Whether a camera delivering w x h frames of `format` can feed input 0:
 * tc_app_check_io, plus no upscaling (the model's H x W fits in the
 * frame) and no colour model on a grey camera. */
tc_status tc_app_check_camera(const tc_tensor *in, int32_t w, int32_t h,
                              int format, char *msg);

/* The boot lines, one call each (same buffer rules as below):
 *   model 1344 bytes, input 96x96x1, arena 9872 bytes (internal)
 *   camera 160x120, 2 frame buffers in psram
 *   threshold 0.500 hysteresis 0.050 frames 3
 * `placement` and `fb_place` are the ports' words ("internal", "psram",
 * "internal, no psram", ...). */
size_t tc_app_format_model_line(char *buf, size_t len, uint32_t model_bytes,
                                tc_app *a, uint32_t arena_bytes,
                                const char *placement);
size_t tc_app_format_camera_line(char *buf, size_t len, int32_t width,
                                 int32_t height, uint32_t fb_count,
                                 const char *fb_place);
size_t tc_app_format_config_line(char *buf, size_t len,
                                 const tc_app_config *cfg);

/* The three boot lines above through hal.log_line, after tc_app_init:
 * what both firmware flavours print at boot. fb_count / fb_place: the
 * camera's frame buffers (tc_app_fb_plan). */
void tc_app_log_boot(tc_app *a, uint32_t model_bytes, uint32_t arena_bytes,
                     const char *placement, int32_t cam_width,
                     int32_t cam_height, uint32_t fb_count,
                     const char *fb_place);

/* Where a camera driver's frame buffers go, chosen at run time (a build
 * that allows PSRAM may boot on a board without it):
 *   psram present: 2 buffers in PSRAM (the driver fills one while the app
 *     reads the other);
 *   else internal RAM: 2 buffers if each fits the largest free block and
 *     both fit the free total beside `reserve` (bytes the firmware still
 *     needs: the arena, Wi-Fi), else 1, else 1 of `small_frame_bytes`
 *     (the port switches to its small frame size; 0 = none), else none
 *     (count 0: the port reports it and retries later). */
typedef struct tc_app_fb_plan {
  int in_psram;   /* 1 PSRAM, 0 internal RAM */
  uint32_t count; /* frame buffers; 0 = no plan fits */
  int small;      /* 1: the small frame size */
} tc_app_fb_plan;

tc_app_fb_plan tc_app_plan_frame_buffers(int psram, size_t frame_bytes,
                                         size_t small_frame_bytes,
                                         size_t internal_largest,
                                         size_t internal_free,
                                         size_t reserve);

/* The per-frame line into buf (TC_APP_LINE_LEN is enough for any label of
 * up to 32 characters; longer output is truncated, always NUL-terminated).
 * Returns the length written. */
size_t tc_app_format_line(char *buf, size_t len, float score,
                          const char *label, uint32_t infer_ms,
                          uint32_t free_heap);

#ifdef __cplusplus
}
#endif
#endif
