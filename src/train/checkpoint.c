/* Checkpoints: the whole trainer (configuration, net, Adam moments, best
 * weights, history, position in the schedule) in one little-endian file,
 * written atomically and checked by a trailing FNV-1a hash. */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "host_util.h"

/* Version 2 added the post-training quantization settings to the
 * configuration, version 3 the transfer-learning ones (backbone, cut,
 * frozen layers, freeze epochs, fine-tuning rate, input quantization,
 * subset), version 4 the pruned channel counts and `--prune` (in the
 * configuration) and the driver state (tc_trainer.ext, at the end); older
 * files still load (without them). */
static const char magic[8] = {'T', 'C', 'C', 'K', 'P', 'T', 0, 4};

int tc_write_atomic(const char *path, const void *data, size_t len) {
  char tmp[4200], dir[4200];
  int fd, e;
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (tc_write_synced(tmp, data, len) != 0 || rename(tmp, path) != 0)
    goto fail;
  /* The rename itself is durable only once the directory is synced. */
  snprintf(dir, sizeof dir, "%s", path);
  fd = open(dirname(dir), O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  return 0;
fail:
  e = errno ? errno : EIO;
  unlink(tmp);
  errno = e;
  return -1;
}

/* ---- a growable little-endian byte buffer ---------------------------- */
typedef struct buf {
  unsigned char *p;
  size_t n, cap, pos;
  int bad;
} buf;

static void put(buf *b, const void *v, size_t n) {
  if (b->bad) return;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    unsigned char *np;
    while (cap < b->n + n) cap *= 2;
    if (!(np = realloc(b->p, cap))) {
      b->bad = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, v, n);
  b->n += n;
}
static void put_u64(buf *b, uint64_t v) {
  unsigned char c[8];
  int i;
  for (i = 0; i < 8; i++) c[i] = (unsigned char)(v >> (8 * i));
  put(b, c, 8);
}
static void put_i32(buf *b, int32_t v) {
  unsigned char c[4];
  uint32_t u = (uint32_t)v;
  int i;
  for (i = 0; i < 4; i++) c[i] = (unsigned char)(u >> (8 * i));
  put(b, c, 4);
}
static void put_f32(buf *b, float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  put_i32(b, (int32_t)u);
}
static void put_f64(buf *b, double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  put_u64(b, u);
}
static void put_str(buf *b, const char *s) {
  size_t n = strlen(s);
  put_i32(b, (int32_t)n);
  put(b, s, n);
}
static void put_floats(buf *b, const float *v, size_t n) {
  size_t i;
  put_u64(b, n);
  for (i = 0; i < n; i++) put_f32(b, v[i]);
}

static const unsigned char *get(buf *b, size_t n) {
  const unsigned char *p;
  if (b->bad || b->n - b->pos < n) {
    b->bad = 1;
    return NULL;
  }
  p = b->p + b->pos;
  b->pos += n;
  return p;
}
static uint64_t get_u64(buf *b) {
  const unsigned char *c = get(b, 8);
  uint64_t v = 0;
  int i;
  if (!c) return 0;
  for (i = 7; i >= 0; i--) v = (v << 8) | c[i];
  return v;
}
static int32_t get_i32(buf *b) {
  const unsigned char *c = get(b, 4);
  uint32_t v = 0;
  int i;
  if (!c) return 0;
  for (i = 3; i >= 0; i--) v = (v << 8) | c[i];
  return (int32_t)v;
}
static float get_f32(buf *b) {
  uint32_t u = (uint32_t)get_i32(b);
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static double get_f64(buf *b) {
  uint64_t u = get_u64(b);
  double d;
  memcpy(&d, &u, 8);
  return d;
}
static void get_str(buf *b, char *dst, size_t cap) {
  int32_t n = get_i32(b);
  const unsigned char *s;
  if (n < 0 || (size_t)n >= cap) {
    b->bad = 1;
    dst[0] = 0;
    return;
  }
  s = get(b, (size_t)n);
  if (!s) {
    dst[0] = 0;
    return;
  }
  memcpy(dst, s, (size_t)n);
  dst[n] = 0;
}
/* Exactly n floats expected. */
static void get_floats(buf *b, float *v, size_t n) {
  size_t i;
  if (get_u64(b) != n) {
    b->bad = 1;
    return;
  }
  for (i = 0; i < n && !b->bad; i++) v[i] = get_f32(b);
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/* ---- the trainer ------------------------------------------------------ */
static void put_cfg(buf *b, const tc_train_cfg *c) {
  put_str(b, c->spec);
  put_i32(b, c->in_h);
  put_i32(b, c->in_w);
  put_i32(b, c->in_c);
  put_i32(b, c->epochs);
  put_i32(b, c->batch);
  put_i32(b, c->qat_epochs);
  put_i32(b, c->patience);
  put_f32(b, c->lr);
  put_f32(b, c->weight_decay);
  put_f32(b, c->lr_final_frac);
  put_f32(b, c->warmup_epochs);
  put_u64(b, c->seed);
  put_i32(b, c->aug.max_shift);
  put_i32(b, c->aug.flip);
  put_f32(b, c->aug.brightness);
  put_f32(b, c->aug.contrast);
  put_str(b, c->data_dir);
  put_str(b, c->val_dir);
  put_str(b, c->positive);
  put_str(b, c->idx_images);
  put_str(b, c->idx_labels);
  put_i32(b, c->idx_positive);
  put_i32(b, c->idx_negative);
  put_f32(b, c->val_fraction);
  put_i32(b, c->ptq);
  put_i32(b, c->calib_n);
  put_i32(b, c->calib_method);
  put_str(b, c->calib_dir);
  /* version 3: transfer learning */
  put_str(b, c->backbone);
  put_str(b, c->cut);
  put_i32(b, c->frozen_layers);
  put_i32(b, c->freeze_epochs);
  put_f32(b, c->ft_lr);
  put_f32(b, c->in_scale);
  put_i32(b, c->in_zp);
  put_f32(b, c->subset);
  /* version 4: structured pruning */
  {
    int i;
    put_i32(b, c->nchan);
    for (i = 0; i < c->nchan; i++) put_i32(b, c->chan[i]);
    put_f32(b, c->prune);
  }
}

static void get_cfg(buf *b, tc_train_cfg *c, int version) {
  get_str(b, c->spec, sizeof c->spec);
  c->in_h = get_i32(b);
  c->in_w = get_i32(b);
  c->in_c = get_i32(b);
  c->epochs = get_i32(b);
  c->batch = get_i32(b);
  c->qat_epochs = get_i32(b);
  c->patience = get_i32(b);
  c->lr = get_f32(b);
  c->weight_decay = get_f32(b);
  c->lr_final_frac = get_f32(b);
  c->warmup_epochs = get_f32(b);
  c->seed = get_u64(b);
  c->aug.max_shift = get_i32(b);
  c->aug.flip = get_i32(b);
  c->aug.brightness = get_f32(b);
  c->aug.contrast = get_f32(b);
  get_str(b, c->data_dir, sizeof c->data_dir);
  get_str(b, c->val_dir, sizeof c->val_dir);
  get_str(b, c->positive, sizeof c->positive);
  get_str(b, c->idx_images, sizeof c->idx_images);
  get_str(b, c->idx_labels, sizeof c->idx_labels);
  c->idx_positive = get_i32(b);
  c->idx_negative = get_i32(b);
  c->val_fraction = get_f32(b);
  if (version < 2) return;
  c->ptq = get_i32(b);
  c->calib_n = get_i32(b);
  c->calib_method = get_i32(b);
  get_str(b, c->calib_dir, sizeof c->calib_dir);
  if (version < 3) return;
  get_str(b, c->backbone, sizeof c->backbone);
  get_str(b, c->cut, sizeof c->cut);
  c->frozen_layers = get_i32(b);
  c->freeze_epochs = get_i32(b);
  c->ft_lr = get_f32(b);
  c->in_scale = get_f32(b);
  c->in_zp = get_i32(b);
  c->subset = get_f32(b);
  if (version < 4) return;
  {
    int i;
    c->nchan = get_i32(b);
    if (c->nchan < 0 || c->nchan > TC_MAX_LAYERS) {
      b->bad = 1;
      c->nchan = 0;
    }
    for (i = 0; i < c->nchan; i++) c->chan[i] = get_i32(b);
    c->prune = get_f32(b);
  }
}

static size_t best_count(const tc_net *net) {
  return tc_net_param_count(net) + tc_net_state_count(net) +
         2 * (size_t)net->nlayers;
}

int tc_checkpoint_save(const tc_trainer *t, const char *path, char *err,
                       size_t errlen) {
  buf b = {0};
  const tc_net *net = t->net;
  size_t np = tc_net_param_count(net), ns = tc_net_state_count(net);
  int i;
  put(&b, magic, sizeof magic);
  put_cfg(&b, &t->cfg);
  put_f32(&b, t->class_weight[0]);
  put_f32(&b, t->class_weight[1]);
  put_i32(&b, t->epoch);
  put_i32(&b, t->batch_pos);
  put_f64(&b, t->part_loss);
  put_f64(&b, t->part_correct);
  put_f64(&b, t->part_seen);
  put_f64(&b, t->part_seconds);
  put_i32(&b, t->qat_started);
  put_f32(&b, t->best_val_loss);
  put_i32(&b, t->best_epoch);
  put_i32(&b, t->since_best);
  put_u64(&b, t->rng.s);
  put_i32(&b, t->done);
  put_str(&b, net->class_name[0]);
  put_str(&b, net->class_name[1]);
  put_f32(&b, net->threshold);
  put_i32(&b, net->qat);
  put_i32(&b, net->nlayers);
  for (i = 0; i < net->nlayers; i++) {
    put_f32(&b, net->layers[i].out_min);
    put_f32(&b, net->layers[i].out_max);
  }
  put_floats(&b, tc_net_params(net), np + ns);
  put_u64(&b, t->adam.t);
  put_floats(&b, t->adam.m, np);
  put_floats(&b, t->adam.v, np);
  put_floats(&b, t->best, best_count(net));
  put_i32(&b, t->nhist);
  for (i = 0; i < t->nhist; i++) {
    const tc_epoch_stats *s = &t->hist[i];
    put_i32(&b, s->epoch);
    put_i32(&b, s->qat);
    put_f32(&b, s->train_loss);
    put_f32(&b, s->train_acc);
    put_f32(&b, s->val_loss);
    put_f32(&b, s->val_acc);
    put_f32(&b, s->lr);
    put_f32(&b, s->images_per_s);
    put_f32(&b, s->seconds);
  }
  /* version 4: the driver's state */
  put_u64(&b, t->ext_len);
  if (t->ext_len) put(&b, t->ext, t->ext_len);
  if (!b.bad) put_u64(&b, fnv1a(b.p, b.n));
  if (b.bad) {
    free(b.p);
    tc_seterr(err, errlen, "%s: out of memory", path);
    return -1;
  }
  if (tc_write_atomic(path, b.p, b.n) != 0) {
    tc_seterr(err, errlen, "%s: cannot write: %s (the previous checkpoint is "
           "unchanged)", path, strerror(errno));
    free(b.p);
    return -1;
  }
  free(b.p);
  return 0;
}

static int read_all(const char *path, buf *b) {
  FILE *f = fopen(path, "rb");
  long n;
  if (!f) return -1;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return -1;
  }
  b->p = malloc((size_t)n + 1);
  b->n = (size_t)n;
  if (!b->p || fread(b->p, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    return -1;
  }
  fclose(f);
  return 0;
}

tc_trainer *tc_checkpoint_load(const char *path, char *err, size_t errlen) {
  buf b = {0};
  tc_train_cfg cfg;
  tc_trainer *t = NULL;
  tc_net *net;
  const unsigned char *m;
  int counts[2] = {1, 1}, i, nl;
  size_t np, ns;
  if (read_all(path, &b) != 0) {
    tc_seterr(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    free(b.p);
    return NULL;
  }
  if (b.n < sizeof magic + 8 || memcmp(b.p, magic, sizeof magic - 1) != 0 ||
      b.p[sizeof magic - 1] < 1 || b.p[sizeof magic - 1] > magic[7]) {
    tc_seterr(err, errlen, "%s: not a tinycnn checkpoint (bad magic)", path);
    goto bad;
  }
  b.pos = b.n - 8;
  if (get_u64(&b) != fnv1a(b.p, b.n - 8)) {
    tc_seterr(err, errlen, "%s: checksum mismatch (truncated or corrupt)", path);
    goto bad;
  }
  b.n -= 8;
  b.pos = 0;
  m = get(&b, sizeof magic);
  memset(&cfg, 0, sizeof cfg);
  get_cfg(&b, &cfg, m[sizeof magic - 1]);
  if (b.bad) {
    tc_seterr(err, errlen, "%s: bad configuration record", path);
    goto bad;
  }
  t = tc_trainer_new(&cfg, counts, err, errlen);
  if (!t) goto bad;
  net = t->net;
  np = tc_net_param_count(net);
  ns = tc_net_state_count(net);
  t->class_weight[0] = get_f32(&b);
  t->class_weight[1] = get_f32(&b);
  t->epoch = get_i32(&b);
  t->batch_pos = get_i32(&b);
  t->part_loss = get_f64(&b);
  t->part_correct = get_f64(&b);
  t->part_seen = get_f64(&b);
  t->part_seconds = get_f64(&b);
  t->qat_started = get_i32(&b);
  t->best_val_loss = get_f32(&b);
  t->best_epoch = get_i32(&b);
  t->since_best = get_i32(&b);
  t->rng.s = get_u64(&b);
  t->done = get_i32(&b);
  get_str(&b, net->class_name[0], sizeof net->class_name[0]);
  get_str(&b, net->class_name[1], sizeof net->class_name[1]);
  net->threshold = get_f32(&b);
  net->qat = get_i32(&b);
  nl = get_i32(&b);
  if (nl != net->nlayers) b.bad = 1;
  for (i = 0; i < net->nlayers && !b.bad; i++) {
    net->layers[i].out_min = get_f32(&b);
    net->layers[i].out_max = get_f32(&b);
  }
  get_floats(&b, tc_net_params(net), np + ns);
  t->adam.t = get_u64(&b);
  get_floats(&b, t->adam.m, np);
  get_floats(&b, t->adam.v, np);
  get_floats(&b, t->best, best_count(net));
  t->nhist = get_i32(&b);
  if (t->nhist < 0 || t->nhist > 100000) b.bad = 1;
  if (!b.bad && t->nhist) {
    t->hist = calloc((size_t)t->nhist, sizeof *t->hist);
    if (!t->hist) b.bad = 1;
  }
  for (i = 0; i < t->nhist && !b.bad; i++) {
    tc_epoch_stats *s = &t->hist[i];
    s->epoch = get_i32(&b);
    s->qat = get_i32(&b);
    s->train_loss = get_f32(&b);
    s->train_acc = get_f32(&b);
    s->val_loss = get_f32(&b);
    s->val_acc = get_f32(&b);
    s->lr = get_f32(&b);
    s->images_per_s = get_f32(&b);
    s->seconds = get_f32(&b);
  }
  if (m[sizeof magic - 1] >= 4 && !b.bad) {
    uint64_t n = get_u64(&b);
    const unsigned char *e;
    if (n > b.n - b.pos) {
      b.bad = 1;
    } else if (n) {
      e = get(&b, (size_t)n);
      t->ext = malloc((size_t)n);
      if (!e || !t->ext) {
        b.bad = 1;
      } else {
        memcpy(t->ext, e, (size_t)n);
        t->ext_len = (size_t)n;
      }
    }
  }
  if (b.bad || b.pos != b.n) {
    tc_seterr(err, errlen, "%s: inconsistent checkpoint (network '%s' does not "
           "match its records)", path, cfg.spec);
    goto bad;
  }
  free(b.p);
  tc_x(net)->prepared = 0;
  return t;
bad:
  free(b.p);
  tc_trainer_free(t);
  return NULL;
}

int tc_metrics_write(const tc_trainer *t, const char *path, char *err,
                     size_t errlen) {
  buf b = {0};
  char line[512];
  int i, n;
  n = snprintf(line, sizeof line,
               "epoch,phase,train_loss,train_acc,val_loss,val_acc,lr,"
               "images_per_s,seconds\n");
  put(&b, line, (size_t)n);
  for (i = 0; i < t->nhist; i++) {
    const tc_epoch_stats *s = &t->hist[i];
    n = snprintf(line, sizeof line, "%d,%s,%.6f,%.6f,%.6f,%.6f,%.8g,%.1f,%.2f\n",
                 s->epoch, s->qat ? "qat" : "float", s->train_loss,
                 s->train_acc, s->val_loss, s->val_acc, s->lr,
                 s->images_per_s, s->seconds);
    put(&b, line, (size_t)n);
  }
  if (b.bad || tc_write_atomic(path, b.p ? (void *)b.p : (void *)"", b.n) != 0) {
    tc_seterr(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    free(b.p);
    return -1;
  }
  free(b.p);
  return 0;
}
