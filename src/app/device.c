/* The device service (tinycnn/device.h): boot from the A/B store or the
 * built-in model, the camera loop with the published frame, and model
 * uploads: streamed into the store's free slot through a small piece
 * buffer, checked where they lie in flash, committed, switched to between
 * two frames.
 * The HTTP GET answers are in web.c. */
#include "tinycnn/device.h"

#include <string.h>

#include "fmt.h"

void tc_device_config_default(tc_device_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  tc_app_config_default(&cfg->app);
  cfg->app.threshold = -1.0f;
  cfg->app.label_neg = cfg->app.label_pos = NULL;
  cfg->cam_width = 160;
  cfg->cam_height = 120;
  cfg->cam_format = TC_PIX_GRAY8;
  cfg->builtin_threshold = -1.0f;
}

static void lock(tc_device *d, int which) {
  if (d->hal.lock) d->hal.lock(d->hal.ctx, which);
}
static void unlock(tc_device *d, int which) {
  if (d->hal.unlock) d->hal.unlock(d->hal.ctx, which);
}

static void log_line(tc_device *d, const char *s) {
  d->app_hal.log_line(d->app_hal.ctx, s);
}

/* The app config for a model with metadata m: the port's overrides on
 * top of what the model says. */
static tc_app_config app_config(const tc_device *d, const tc_meta *m) {
  tc_app_config c = d->cfg.app;
  c.threshold = d->cfg.app.threshold >= 0.0f ? d->cfg.app.threshold
                                              : m->threshold;
  c.label_neg = d->cfg.app.label_neg ? d->cfg.app.label_neg : m->label_neg;
  c.label_pos = d->cfg.app.label_pos ? d->cfg.app.label_pos : m->label_pos;
  tc_app_image_opts(m, &c.pre);
  return c;
}

/* What the firmware says of its built-in model, where the model's own
 * metadata is silent. */
static void builtin_meta(const tc_device *d, tc_meta *m) {
  const tc_device_config *c = &d->cfg;
  size_t n, p;
  if (!(m->has & TC_META_HAS_LABELS) && c->builtin_neg && c->builtin_pos &&
      (n = strlen(c->builtin_neg)) < TC_META_LABEL_LEN &&
      (p = strlen(c->builtin_pos)) < TC_META_LABEL_LEN) {
    memcpy(m->label_neg, c->builtin_neg, n + 1);
    memcpy(m->label_pos, c->builtin_pos, p + 1);
  }
  if (!(m->has & TC_META_HAS_THRESHOLD) && c->builtin_threshold >= 0.0f &&
      c->builtin_threshold <= 1.0f)
    m->threshold = c->builtin_threshold;
}

/* Start the app on a model; on failure d->msg says why. */
static tc_status start(tc_device *d, const uint8_t *bytes, size_t len,
                       int slot) {
  tc_app_config c;
  tc_meta m;
  tc_model probe;
  tc_status s;
  if (tc_model_load(&probe, bytes, len) != TC_OK) {
    memcpy(d->msg, probe.msg, sizeof d->msg);
    return TC_ERR_MODEL;
  }
  s = tc_meta_read(&probe, &m, d->msg);
  if (s != TC_OK) return s;
  if (slot < 0) builtin_meta(d, &m);
  /* The app keeps pointers to the labels: they live in d->meta. */
  d->meta = m;
  c = app_config(d, &d->meta);
  s = tc_app_init(&d->app, &d->app_hal, &c, bytes, len, d->mem.arena,
                  d->mem.arena_size);
  if (s != TC_OK) {
    memcpy(d->msg, d->app.msg, sizeof d->msg);
    return s;
  }
  d->model = bytes;
  d->model_len = len;
  d->model_slot = slot;
  d->model_crc = slot >= 0 ? d->store.slot[slot].crc
                           : tc_crc32(0, bytes, len);
  if (d->has_store) d->store.running = slot;
  return TC_OK;
}

static void slot_name(tc_sb *b, int slot) {
  tc_sb_str(b, slot < 0 ? "built-in" : slot ? "slot B" : "slot A");
}

/* "model: slot B seq 3, 1344 bytes, crc32 0x..., labels a,b threshold
 * 0.500" into d->line. */
static void describe(tc_device *d, tc_sb *b) {
  slot_name(b, d->model_slot);
  if (d->model_slot >= 0) {
    tc_sb_str(b, " seq ");
    tc_sb_u32(b, d->store.slot[d->model_slot].seq);
  }
  tc_sb_str(b, ", ");
  tc_sb_u32(b, (uint32_t)d->model_len);
  tc_sb_str(b, " bytes, crc32 ");
  tc_sb_hex32(b, d->model_crc);
  tc_sb_str(b, ", labels ");
  tc_sb_str(b, d->app.cfg.label_neg);
  tc_sb_str(b, ",");
  tc_sb_str(b, d->app.cfg.label_pos);
  tc_sb_str(b, " threshold ");
  tc_sb_unit3(b, d->app.cfg.threshold);
}

tc_status tc_device_init(tc_device *d, const tc_app_hal *app_hal,
                         const tc_device_hal *hal, const tc_flash *flash,
                         const tc_device_config *cfg,
                         const tc_device_mem *mem, const void *builtin,
                         size_t builtin_len) {
  tc_sb b;
  int order[2], n = 0, i;
  tc_status s = TC_ERR_MODEL;
  if (!d) return TC_ERR_ARG;
  memset(d, 0, sizeof *d);
  d->pub_idx = d->reading = -1;
  d->model_slot = -1;
  tc_sb_init(&b, d->msg, sizeof d->msg);
  if (!app_hal || !app_hal->log_line || !hal || !cfg || !mem || !builtin) {
    tc_sb_str(&b, "tc_device_init: app HAL, device HAL, config, memory and "
                  "a built-in model are needed");
    return TC_ERR_ARG;
  }
  if (flash && !hal->flash_map) {
    tc_sb_str(&b, "tc_device_init: a store needs hal.flash_map");
    return TC_ERR_ARG;
  }
  d->app_hal = *app_hal;
  d->hal = *hal;
  d->cfg = *cfg;
  d->mem = *mem;
  d->builtin = (const uint8_t *)builtin;
  d->builtin_len = builtin_len;
  if (flash) {
    if (tc_store_open(&d->store, flash) != TC_OK) {
      memcpy(d->msg, d->store.msg, sizeof d->msg);
      return TC_ERR_ARG;
    }
    d->has_store = 1;
    n = tc_store_order(&d->store, order);
  }
  for (i = 0; i < n; i++) {
    const tc_store_slot *sl = &d->store.slot[order[i]];
    s = start(d, d->hal.flash_map(d->hal.ctx) + sl->off + TC_STORE_HEADER,
              sl->len, order[i]);
    if (s == TC_OK) break;
    tc_sb_init(&b, d->line, sizeof d->line);
    tc_sb_str(&b, "model: ");
    slot_name(&b, order[i]);
    tc_sb_str(&b, " does not start: ");
    tc_sb_str(&b, d->msg);
    log_line(d, d->line);
  }
  if (s != TC_OK) s = start(d, d->builtin, d->builtin_len, -1);
  if (s != TC_OK) return s;
  tc_sb_init(&b, d->line, sizeof d->line);
  tc_sb_str(&b, "model: ");
  describe(d, &b);
  log_line(d, d->line);
  return TC_OK;
}

/* ---- the camera loop ------------------------------------------------ */

static void publish(void *user, const tc_frame *f, const tc_app *a) {
  tc_device *d = (tc_device *)user;
  size_t row = (size_t)f->width * tc_pixfmt_bpp(f->format), y;
  size_t stride = f->stride ? (size_t)f->stride : row;
  int target, busy;
  tc_published *p;
  lock(d, TC_LOCK_PUBLISH);
  d->frames++;
  target = d->pub_idx == 0 ? 1 : 0;
  busy = d->reading == target;
  unlock(d, TC_LOCK_PUBLISH);
  /* A request still streams the other buffer: keep the published pair
   * (frame and score stay together) and publish the next frame. */
  if (busy || !d->mem.snap[target] || row == 0 ||
      row * (size_t)f->height > d->mem.snap_size)
    return;
  for (y = 0; y < (size_t)f->height; y++)
    memcpy(d->mem.snap[target] + y * row, f->data + y * stride, row);
  p = &d->pub[target];
  p->width = f->width;
  p->height = f->height;
  p->format = f->format;
  p->score = a->score;
  p->state = a->state;
  p->infer_ms = a->infer_ms;
  lock(d, TC_LOCK_PUBLISH);
  p->number = d->frames;
  d->pub_idx = target;
  unlock(d, TC_LOCK_PUBLISH);
}

tc_status tc_device_step(tc_device *d) {
  tc_status s;
  lock(d, TC_LOCK_MODEL);
  s = tc_app_step_with(&d->app, publish, d);
  unlock(d, TC_LOCK_MODEL);
  return s;
}

/* ---- uploads ---------------------------------------------------------- */

int tc_device_is_upload(const tc_http_req *rq) {
  return rq->method == TC_HTTP_POST && rq->path &&
         strcmp(rq->path, "/model") == 0;
}

/* One text line as the whole answer. */
static void answer(tc_http_out *out, int status, const char *text) {
  size_t n = strlen(text);
  if (out->begin(out->ctx, status, "text/plain", NULL, 0, (long)n + 1) != 0)
    return;
  if (out->write(out->ctx, text, n) == 0) out->write(out->ctx, "\n", 1);
}

/* Constant-time comparison: the answer's timing says nothing of the
 * token. */
static int token_ok(const char *want, const char *got) {
  size_t n = strlen(want), m, i;
  unsigned diff;
  if (!got) return 0;
  m = strlen(got);
  diff = n != m;
  for (i = 0; i < n; i++)
    diff |= (unsigned)((unsigned char)want[i] ^
                       (unsigned char)(i < m ? got[i] : 0));
  return diff == 0;
}

/* The largest body POST /model takes: a slot, or less by the config. */
static size_t up_limit(const tc_device *d) {
  size_t cap = tc_store_capacity(&d->store);
  return d->cfg.max_model && d->cfg.max_model < cap ? d->cfg.max_model : cap;
}

int tc_device_upload_begin(tc_device *d, const tc_http_req *rq,
                           tc_http_out *out) {
  tc_sb b;
  int busy;
  if (!d->has_store) {
    answer(out, 501, "rejected: this board has no model partition; the "
                     "running model keeps running");
    return 0;
  }
  if (d->cfg.token && d->cfg.token[0] && !token_ok(d->cfg.token, rq->token)) {
    answer(out, 401, "rejected: missing or wrong X-Token header; the running "
                     "model keeps running");
    return 0;
  }
  if (!d->mem.upload || !d->mem.upload_size) {
    answer(out, 503, "rejected: this board has no upload buffer; the running "
                     "model keeps running");
    return 0;
  }
  if (rq->content_length > 0 &&
      (unsigned long)rq->content_length > up_limit(d)) {
    tc_sb_init(&b, d->line, sizeof d->line);
    tc_sb_str(&b, "rejected: the model is ");
    tc_sb_u32(&b, (uint32_t)rq->content_length);
    tc_sb_str(&b, " bytes, this board takes at most ");
    tc_sb_u32(&b, (uint32_t)up_limit(d));
    tc_sb_str(&b, "; the running model keeps running");
    answer(out, 413, d->line);
    return 0;
  }
  lock(d, TC_LOCK_PUBLISH);
  busy = d->up_active;
  d->up_active = 1;
  unlock(d, TC_LOCK_PUBLISH);
  if (busy) {
    answer(out, 409, "rejected: another upload is in progress; the running "
                     "model keeps running");
    return 0;
  }
  d->up_len = d->up_fill = 0;
  d->up_too_large = d->up_failed = d->up_started = 0;
  d->up_slot = -1;
  return 1;
}

/* The piece buffer to the store's free slot (the first time: the slot's
 * header sector erased first, tc_store_begin). On a flash error the
 * upload is failed; store.msg says why. */
static void flush(tc_device *d) {
  tc_status s = TC_OK;
  if (!d->up_started) {
    d->up_started = 1;
    s = tc_store_begin(&d->store, &d->up_slot);
  }
  if (s == TC_OK && d->up_fill)
    s = tc_store_append(&d->store, d->mem.upload, (uint32_t)d->up_fill);
  d->up_fill = 0;
  if (s != TC_OK) d->up_failed = 1;
}

void tc_device_upload_data(tc_device *d, const void *data, size_t len) {
  const uint8_t *p = (const uint8_t *)data;
  if (!d->up_active || d->up_too_large || d->up_failed) return;
  if (len > up_limit(d) - d->up_len) {
    d->up_too_large = 1;
    tc_store_cancel(&d->store);
    return;
  }
  d->up_len += len;
  while (len) {
    size_t k = d->mem.upload_size - d->up_fill;
    if (k > len) k = len;
    memcpy(d->mem.upload + d->up_fill, p, k);
    d->up_fill += k;
    p += k;
    len -= k;
    if (d->up_fill == d->mem.upload_size) {
      flush(d);
      if (d->up_failed) return;
    }
  }
}

void tc_device_upload_abort(tc_device *d) {
  lock(d, TC_LOCK_PUBLISH);
  if (d->up_active) tc_store_cancel(&d->store);
  d->up_active = 0;
  unlock(d, TC_LOCK_PUBLISH);
}

/* tc_device_check_model, measuring the arena in `work` (work_size bytes,
 * may be 0) when it holds the planner's work list, else on the stack
 * (tc_model_arena_size: TC_ARENA_SIZE_STACK). */
static int check(const tc_device *d, const void *model, size_t len,
                 char *msg, uint8_t *work, size_t work_size) {
  tc_model m;
  tc_tensor in, out;
  tc_meta meta;
  size_t need = 0;
  tc_status s;
  tc_sb b;
  tc_sb_init(&b, msg, TC_MSG_LEN);
  if (len == 0) {
    tc_sb_str(&b, "empty body: expected a .tflite file");
    return 400;
  }
  s = tc_model_load(&m, model, len);
  if (s != TC_OK) {
    memcpy(msg, m.msg, TC_MSG_LEN);
    return s == TC_ERR_MODEL ? 400 : 422;
  }
  if (tc_model_io_tensor(&m, 0, 0, &in) != TC_OK ||
      tc_model_io_tensor(&m, 1, 0, &out) != TC_OK) {
    tc_sb_str(&b, "model has no input or no output");
    return 422;
  }
  if (tc_app_check_io(&in, &out, msg) != TC_OK ||
      tc_app_check_camera(&in, d->cfg.cam_width, d->cfg.cam_height,
                          d->cfg.cam_format, msg) != TC_OK)
    return 422;
  /* In `work` the planner's work list may be any length (the stack
   * version refuses models with more than ~230 activation buffers). */
  if (work && tc_model_arena_work(&m) <= work_size)
    s = tc_model_arena_size_in(&m, &need, work, work_size);
  else
    s = tc_model_arena_size(&m, &need);
  if (s != TC_OK) {
    memcpy(msg, m.msg, TC_MSG_LEN);
    return 422;
  }
  if (need > d->mem.arena_size) {
    tc_sb_init(&b, msg, TC_MSG_LEN);
    tc_sb_str(&b, "arena too large: the model needs ");
    tc_sb_u32(&b, (uint32_t)need);
    tc_sb_str(&b, " bytes, this board has ");
    tc_sb_u32(&b, (uint32_t)d->mem.arena_size);
    return 422;
  }
  if (tc_meta_read(&m, &meta, msg) != TC_OK) return 400;
  return 0;
}

int tc_device_check_model(const tc_device *d, const void *model, size_t len,
                          char *msg) {
  return check(d, model, len, msg, NULL, 0);
}

/* A flash step of the upload failed: 500 with the store's reason. */
static void store_failed(tc_device *d, tc_sb *b, tc_http_out *out) {
  tc_sb_str(b, "failed: ");
  tc_sb_str(b, d->store.msg);
  tc_sb_str(b, "; the running model keeps running");
  log_line(d, d->line);
  answer(out, 500, d->line);
}

void tc_device_upload_end(tc_device *d, tc_http_out *out) {
  char why[TC_MSG_LEN];
  const uint8_t *old = d->model, *stored;
  size_t old_len = d->model_len;
  int old_slot = d->model_slot, status, slot = -1;
  tc_status s;
  tc_sb b;
  if (!d->up_active) return;
  tc_sb_init(&b, d->line, sizeof d->line);
  if (d->up_too_large) {
    tc_sb_str(&b, "rejected: the model is larger than the ");
    tc_sb_u32(&b, (uint32_t)up_limit(d));
    tc_sb_str(&b, " bytes this board takes; the running model keeps "
                  "running");
    answer(out, 413, d->line);
    goto done;
  }
  if (d->up_len == 0) {
    status = check(d, NULL, 0, why, NULL, 0);
    goto refuse;
  }
  /* The tail, then the read-back: flash now holds exactly the body. */
  if (!d->up_failed) flush(d);
  if (!d->up_failed && tc_store_finish(&d->store) != TC_OK)
    d->up_failed = 1;
  if (d->up_failed) {
    store_failed(d, &b, out);
    goto done;
  }
  /* Checked where it lies (the mapped slot), the piece buffer free to
   * measure the arena in; not committed unless it passes. */
  stored = d->hal.flash_map(d->hal.ctx) + d->store.slot[d->up_slot].off +
           TC_STORE_HEADER;
  status = check(d, stored, d->up_len, why, d->mem.upload,
                 d->mem.upload_size);
refuse:
  if (status) {
    tc_sb_str(&b, "rejected: ");
    tc_sb_str(&b, why);
    tc_sb_str(&b, "; the running model keeps running");
    log_line(d, d->line);
    answer(out, status, d->line);
    goto done;
  }
  /* The free slot is never the one running: no lock while writing. */
  s = tc_store_commit(&d->store, &slot);
  if (s != TC_OK) {
    store_failed(d, &b, out);
    goto done;
  }
  /* Switch between two frames. */
  lock(d, TC_LOCK_MODEL);
  lock(d, TC_LOCK_PUBLISH);
  s = start(d, stored, d->up_len, slot);
  if (s != TC_OK) {
    memcpy(why, d->msg, sizeof why);
    start(d, old, old_len, old_slot); /* it ran a moment ago */
  }
  unlock(d, TC_LOCK_PUBLISH);
  unlock(d, TC_LOCK_MODEL);
  tc_sb_init(&b, d->line, sizeof d->line);
  if (s != TC_OK) {
    tc_sb_str(&b, "failed: the stored model does not start: ");
    tc_sb_str(&b, why);
    tc_sb_str(&b, "; back to the previous model");
    log_line(d, d->line);
    answer(out, 500, d->line);
    goto done;
  }
  tc_sb_str(&b, "ok: model ");
  describe(d, &b);
  log_line(d, d->line);
  answer(out, 200, d->line);
done:
  tc_device_upload_abort(d);
}
