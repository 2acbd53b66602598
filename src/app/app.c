/* The camera-classifier loop behind a HAL: the same code on the ESP32 and
 * in `tinycnn camera-sim`, so what the host shows is what the board does. */
#include "tinycnn/app.h"

#include <string.h>

#include "fmt.h"

void tc_app_config_default(tc_app_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->threshold = 0.5f;
  cfg->hysteresis = 0.05f;
  cfg->frames = 3;
  cfg->camera_retries = 5;
  cfg->label_neg = "negative";
  cfg->label_pos = "positive";
}

static size_t numel(const tc_tensor *t) {
  size_t sz = tc_type_size(t->type);
  return sz ? t->bytes / sz : 0;
}

tc_status tc_app_score(const tc_tensor *out, float *score) {
  size_t n;
  float s;
  if (!out || !score) return TC_ERR_ARG;
  n = numel(out);
  if (n != 1 && n != 2) return TC_ERR_UNSUPPORTED;
  switch (out->type) {
    case TC_INT8:
      s = (float)((int32_t)((const int8_t *)out->data)[n - 1] -
                  out->zero_point) * out->scale;
      break;
    case TC_UINT8:
      s = (float)((int32_t)((const uint8_t *)out->data)[n - 1] -
                  out->zero_point) * out->scale;
      break;
    case TC_FLOAT32:
      s = ((const float *)out->data)[n - 1];
      break;
    default:
      return TC_ERR_UNSUPPORTED;
  }
  /* NaN fails the first test and becomes 0: never "positive" by accident. */
  if (!(s > 0.0f)) s = 0.0f;
  if (s > 1.0f) s = 1.0f;
  *score = s;
  return TC_OK;
}

static void tensor_desc(tc_sb *b, const char *what, const tc_tensor *t) {
  uint32_t i;
  tc_sb_str(b, what);
  tc_sb_str(b, " '");
  tc_sb_str(b, t->name);
  tc_sb_str(b, "' is ");
  tc_sb_str(b, tc_type_name(t->type));
  tc_sb_str(b, " [");
  for (i = 0; i < t->ndims; i++) {
    if (i) tc_sb_str(b, ",");
    tc_sb_i32(b, t->dims[i]);
  }
  tc_sb_str(b, "]; expected ");
}

tc_status tc_app_check_model(tc_interp *it, char *msg) {
  tc_sb b;
  tc_sb_init(&b, msg, TC_MSG_LEN);
  if (tc_interp_num_inputs(it) < 1 || tc_interp_num_outputs(it) < 1) {
    tc_sb_str(&b, "model has no input or no output");
    return TC_ERR_UNSUPPORTED;
  }
  return tc_app_check_io(tc_interp_input(it, 0), tc_interp_output(it, 0),
                         msg);
}

tc_status tc_app_check_io(const tc_tensor *in, const tc_tensor *out,
                          char *msg) {
  tc_sb b;
  tc_sb_init(&b, msg, TC_MSG_LEN);
  if (in->ndims != 4 || in->dims[0] != 1 ||
      (in->dims[3] != 1 && in->dims[3] != 3) ||
      (in->type != TC_INT8 && in->type != TC_UINT8 &&
       in->type != TC_FLOAT32)) {
    tensor_desc(&b, "input 0", in);
    tc_sb_str(&b, "an image [1,H,W,1|3] of int8, uint8 or float32");
    return TC_ERR_UNSUPPORTED;
  }
  if ((numel(out) != 1 && numel(out) != 2) ||
      (out->type != TC_INT8 && out->type != TC_UINT8 &&
       out->type != TC_FLOAT32)) {
    tensor_desc(&b, "output 0", out);
    tc_sb_str(&b, "1 (sigmoid) or 2 (softmax) scores of int8, uint8 or "
                  "float32");
    return TC_ERR_UNSUPPORTED;
  }
  return TC_OK;
}

tc_status tc_app_check_camera(const tc_tensor *in, int32_t w, int32_t h,
                              int format, char *msg) {
  tc_sb b;
  tc_tensor out;
  tc_status s;
  /* Only input 0 matters here: a stand-in score output passes. */
  memset(&out, 0, sizeof out);
  out.type = TC_INT8;
  out.bytes = 1;
  s = tc_app_check_io(in, &out, msg);
  if (s != TC_OK) return s;
  tc_sb_init(&b, msg, TC_MSG_LEN);
  if (in->dims[3] == 3 && format == TC_PIX_GRAY8) {
    tensor_desc(&b, "input 0", in);
    tc_sb_str(&b, "1 channel: the camera delivers gray frames");
    return TC_ERR_UNSUPPORTED;
  }
  if (in->dims[1] > h || in->dims[2] > w) {
    tensor_desc(&b, "input 0", in);
    tc_sb_str(&b, "at most [1,");
    tc_sb_i32(&b, h);
    tc_sb_str(&b, ",");
    tc_sb_i32(&b, w);
    tc_sb_str(&b, ",C]: the camera delivers ");
    tc_sb_i32(&b, w);
    tc_sb_str(&b, "x");
    tc_sb_i32(&b, h);
    tc_sb_str(&b, " ");
    tc_sb_str(&b, tc_pixfmt_id(format));
    tc_sb_str(&b, " frames");
    return TC_ERR_UNSUPPORTED;
  }
  return TC_OK;
}

void tc_app_image_opts(const tc_meta *m, tc_image_opts *o) {
  memset(o, 0, sizeof *o);
  /* The default range keeps the zero options: tc_image_to_tensor's fast
   * paths test for exactly those. */
  if (m->range_lo != 0.0f || m->range_hi != 1.0f) {
    o->scale_in = (m->range_hi - m->range_lo) / 255.0f;
    o->offset_in = m->range_lo;
  }
  o->stretch = m->stretch;
}

void tc_app_config_meta(tc_app_config *cfg, const tc_meta *m) {
  cfg->threshold = m->threshold;
  cfg->label_neg = m->label_neg;
  cfg->label_pos = m->label_pos;
  tc_app_image_opts(m, &cfg->pre);
}

static tc_status fail(tc_app *a, tc_status s, const char *what) {
  tc_sb b;
  tc_sb_init(&b, a->msg, sizeof a->msg);
  tc_sb_str(&b, what);
  return s;
}

tc_status tc_app_init(tc_app *a, const tc_app_hal *hal,
                      const tc_app_config *cfg, const void *model,
                      size_t model_len, void *arena, size_t arena_size) {
  tc_status s;
  if (!a) return TC_ERR_ARG;
  memset(a, 0, sizeof *a);
  if (!hal || !cfg || !model)
    return fail(a, TC_ERR_ARG, "tc_app_init: hal, cfg and model are needed");
  if (!hal->frame_get || !hal->frame_release || !hal->camera_reinit ||
      !hal->time_us || !hal->log_line)
    return fail(a, TC_ERR_ARG, "tc_app_init: the HAL needs frame_get, "
                               "frame_release, camera_reinit, time_us and "
                               "log_line");
  /* Written so that NaN is refused too. */
  if (!(cfg->threshold >= 0.0f && cfg->threshold <= 1.0f))
    return fail(a, TC_ERR_ARG, "tc_app_init: threshold must be in [0, 1]");
  if (!(cfg->hysteresis >= 0.0f && cfg->hysteresis <= 1.0f))
    return fail(a, TC_ERR_ARG, "tc_app_init: hysteresis must be in [0, 1]");
  if (cfg->frames < 1 || cfg->camera_retries < 1)
    return fail(a, TC_ERR_ARG, "tc_app_init: frames and camera_retries "
                               "must be >= 1");
  a->hal = *hal;
  a->cfg = *cfg;
  if (!a->cfg.label_neg) a->cfg.label_neg = "negative";
  if (!a->cfg.label_pos) a->cfg.label_pos = "positive";
  s = tc_model_load(&a->model, model, model_len);
  if (s != TC_OK) {
    memcpy(a->msg, a->model.msg, sizeof a->msg);
    return s;
  }
  s = tc_interp_init(&a->interp, &a->model, arena, arena_size);
  if (s != TC_OK) {
    memcpy(a->msg, a->interp.msg, sizeof a->msg);
    return s;
  }
  s = tc_app_check_model(&a->interp, a->msg);
  if (s != TC_OK) return s;
  if (a->hal.led_set) a->hal.led_set(a->hal.ctx, 0);
  return TC_OK;
}

size_t tc_app_format_line(char *buf, size_t len, float score,
                          const char *label, uint32_t infer_ms,
                          uint32_t free_heap) {
  tc_sb b;
  if (!buf || !len) return 0;
  tc_sb_init(&b, buf, len);
  tc_sb_str(&b, "score=");
  tc_sb_unit3(&b, score);
  tc_sb_str(&b, " label=");
  tc_sb_str(&b, label);
  tc_sb_str(&b, " infer_ms=");
  tc_sb_u32(&b, infer_ms);
  tc_sb_str(&b, " free_heap=");
  tc_sb_u32(&b, free_heap);
  return b.len;
}

size_t tc_app_format_model_line(char *buf, size_t len, uint32_t model_bytes,
                                tc_app *a, uint32_t arena_bytes,
                                const char *placement) {
  tc_sb b;
  const tc_tensor *in;
  if (!buf || !len) return 0;
  tc_sb_init(&b, buf, len);
  tc_sb_str(&b, "model ");
  tc_sb_u32(&b, model_bytes);
  tc_sb_str(&b, " bytes, input ");
  in = a && a->interp.ready ? tc_interp_input(&a->interp, 0) : NULL;
  if (in && in->ndims == 4) {
    tc_sb_i32(&b, in->dims[2]);
    tc_sb_str(&b, "x");
    tc_sb_i32(&b, in->dims[1]);
    tc_sb_str(&b, "x");
    tc_sb_i32(&b, in->dims[3]);
  } else {
    tc_sb_str(&b, "?");
  }
  tc_sb_str(&b, ", arena ");
  tc_sb_u32(&b, arena_bytes);
  tc_sb_str(&b, " bytes (");
  tc_sb_str(&b, placement);
  tc_sb_str(&b, ")");
  return b.len;
}

size_t tc_app_format_camera_line(char *buf, size_t len, int32_t width,
                                 int32_t height, uint32_t fb_count,
                                 const char *fb_place) {
  tc_sb b;
  if (!buf || !len) return 0;
  tc_sb_init(&b, buf, len);
  tc_sb_str(&b, "camera ");
  tc_sb_i32(&b, width);
  tc_sb_str(&b, "x");
  tc_sb_i32(&b, height);
  tc_sb_str(&b, ", ");
  tc_sb_u32(&b, fb_count);
  tc_sb_str(&b, fb_count == 1 ? " frame buffer in " : " frame buffers in ");
  tc_sb_str(&b, fb_place);
  return b.len;
}

size_t tc_app_format_config_line(char *buf, size_t len,
                                 const tc_app_config *cfg) {
  tc_sb b;
  if (!buf || !len || !cfg) return 0;
  tc_sb_init(&b, buf, len);
  tc_sb_str(&b, "threshold ");
  tc_sb_unit3(&b, cfg->threshold);
  tc_sb_str(&b, " hysteresis ");
  tc_sb_unit3(&b, cfg->hysteresis);
  tc_sb_str(&b, " frames ");
  tc_sb_u32(&b, cfg->frames);
  return b.len;
}

void tc_app_log_boot(tc_app *a, uint32_t model_bytes, uint32_t arena_bytes,
                     const char *placement, int32_t cam_width,
                     int32_t cam_height, uint32_t fb_count,
                     const char *fb_place) {
  if (!a || !a->hal.log_line) return;
  tc_app_format_model_line(a->line, sizeof a->line, model_bytes, a,
                           arena_bytes, placement);
  a->hal.log_line(a->hal.ctx, a->line);
  tc_app_format_camera_line(a->line, sizeof a->line, cam_width, cam_height,
                            fb_count, fb_place);
  a->hal.log_line(a->hal.ctx, a->line);
  tc_app_format_config_line(a->line, sizeof a->line, &a->cfg);
  a->hal.log_line(a->hal.ctx, a->line);
}

static void decide(tc_app *a, float score) {
  int vote = a->state ? score < a->cfg.threshold - a->cfg.hysteresis
                      : score >= a->cfg.threshold + a->cfg.hysteresis;
  a->votes = vote ? a->votes + 1 : 0;
  if (a->votes >= a->cfg.frames) {
    a->state = !a->state;
    a->votes = 0;
  }
}

static tc_status preprocess(tc_app *a, const tc_frame *f) {
  tc_image img;
  img.data = f->data;
  img.width = f->width;
  img.height = f->height;
  img.stride = f->stride;
  img.format = f->format;
  return tc_image_to_tensor(&img, tc_interp_input(&a->interp, 0),
                            &a->cfg.pre);
}

tc_status tc_app_process(tc_app *a, const tc_frame *f) {
  tc_status s;
  int64_t t0, dt;
  float score;
  if (!a || !f) return TC_ERR_ARG;
  s = preprocess(a, f);
  if (s != TC_OK)
    return fail(a, TC_ERR_INPUT, "frame rejected by tc_image_to_tensor "
                                 "(format, size or stride)");
  t0 = a->hal.time_us(a->hal.ctx);
  s = tc_interp_invoke(&a->interp);
  dt = a->hal.time_us(a->hal.ctx) - t0;
  if (s != TC_OK) {
    memcpy(a->msg, a->interp.msg, sizeof a->msg);
    return s;
  }
  s = tc_app_score(tc_interp_output(&a->interp, 0), &score);
  if (s != TC_OK) return fail(a, s, "output 0 is not a score");
  decide(a, score);
  if (a->hal.led_set) a->hal.led_set(a->hal.ctx, a->state);
  a->score = score;
  a->infer_ms = dt < 0 ? 0u : (uint32_t)((dt + 500) / 1000);
  a->frames_ok++;
  tc_app_format_line(a->line, sizeof a->line, score,
                     a->state ? a->cfg.label_pos : a->cfg.label_neg,
                     a->infer_ms,
                     a->hal.free_heap ? a->hal.free_heap(a->hal.ctx) : 0u);
  a->hal.log_line(a->hal.ctx, a->line);
  if (a->hal.publish) a->hal.publish(a->hal.ctx, f, a);
  return TC_OK;
}

static void camera_failed(tc_app *a, int code) {
  tc_sb b;
  a->cam_failures++;
  tc_sb_init(&b, a->line, sizeof a->line);
  tc_sb_str(&b, "camera_error=");
  tc_sb_u32(&b, a->cam_failures);
  tc_sb_str(&b, "/");
  tc_sb_u32(&b, a->cfg.camera_retries);
  tc_sb_str(&b, " status=");
  tc_sb_i32(&b, code);
  a->hal.log_line(a->hal.ctx, a->line);
  if (a->cam_failures < a->cfg.camera_retries) return;
  a->cam_failures = 0;
  a->reinits++;
  code = a->hal.camera_reinit(a->hal.ctx);
  tc_sb_init(&b, a->line, sizeof a->line);
  if (code == 0) {
    tc_sb_str(&b, "camera_reinit=ok");
  } else {
    tc_sb_str(&b, "camera_reinit=failed status=");
    tc_sb_i32(&b, code);
  }
  a->hal.log_line(a->hal.ctx, a->line);
}

tc_status tc_app_step(tc_app *a) { return tc_app_step_with(a, 0, 0); }

tc_status tc_app_step_with(tc_app *a, tc_app_frame_fn fn, void *user) {
  tc_frame f;
  tc_status s;
  int code;
  if (!a || !a->interp.ready) return TC_ERR_STATE;
  memset(&f, 0, sizeof f);
  code = a->hal.frame_get(a->hal.ctx, &f);
  if (code != 0 || !f.data) {
    camera_failed(a, code);
    return fail(a, TC_ERR_INPUT, "camera: no frame");
  }
  s = tc_app_process(a, &f);
  if (s == TC_OK && fn) fn(user, &f, a);
  a->hal.frame_release(a->hal.ctx, &f);
  if (s == TC_ERR_INPUT) {
    /* A frame of the wrong format or size: the sensor is misconfigured,
     * which a re-init may cure. */
    camera_failed(a, -1);
    return s;
  }
  if (s == TC_OK) a->cam_failures = 0;
  return s;
}
