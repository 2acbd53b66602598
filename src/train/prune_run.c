/* The gradual pruning schedule (see tinycnn/prune.h): steps of channel
 * removal and fine-tuning, then recovery and quantization-aware epochs;
 * its state saved inside every checkpoint; metrics.csv rows. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "host_util.h"
#include "tinycnn/image.h"
#include "tinycnn/prune.h"
#include "tinycnn/runtime.h"

void tc_prune_opts_default(tc_prune_opts *o) {
  memset(o, 0, sizeof *o);
  o->criterion = TC_PRUNE_TAYLOR;
  o->steps = 4;
  o->step_epochs = 1;
  o->recovery_epochs = 3;
  o->qat_epochs = 2;
  o->taylor_images = 512;
  o->round = 8; /* the rv32/Xtensa kernels' fast paths: see README */
}

/* ---- state <-> bytes (little-endian) ---------------------------------- */
typedef struct wbuf {
  unsigned char *p;
  size_t n, cap, pos;
  int bad;
} wbuf;

static void wput(wbuf *b, uint64_t v, int bytes) {
  int i;
  if (b->bad) return;
  if (b->n + (size_t)bytes > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 1024;
    unsigned char *np = realloc(b->p, cap);
    if (!np) {
      b->bad = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  for (i = 0; i < bytes; i++) b->p[b->n++] = (unsigned char)(v >> (8 * i));
}
static uint64_t wget(wbuf *b, int bytes) {
  uint64_t v = 0;
  int i;
  if (b->bad || b->n - b->pos < (size_t)bytes) {
    b->bad = 1;
    return 0;
  }
  for (i = bytes - 1; i >= 0; i--) v = (v << 8) | b->p[b->pos + (size_t)i];
  b->pos += (size_t)bytes;
  return v;
}
static void wput_f(wbuf *b, float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  wput(b, u, 4);
}
static float wget_f(wbuf *b) {
  uint32_t u = (uint32_t)wget(b, 4);
  float f;
  memcpy(&f, &u, 4);
  return f;
}
#define WI(b, v) wput(b, (uint64_t)(uint32_t)(int32_t)(v), 4)
#define RI(b) ((int)(int32_t)(uint32_t)wget(b, 4))

static void put_stats(wbuf *b, const tc_epoch_stats *s) {
  WI(b, s->epoch);
  WI(b, s->qat);
  wput_f(b, s->train_loss);
  wput_f(b, s->train_acc);
  wput_f(b, s->val_loss);
  wput_f(b, s->val_acc);
  wput_f(b, s->lr);
  wput_f(b, s->images_per_s);
  wput_f(b, s->seconds);
}
static void get_stats(wbuf *b, tc_epoch_stats *s) {
  s->epoch = RI(b);
  s->qat = RI(b);
  s->train_loss = wget_f(b);
  s->train_acc = wget_f(b);
  s->val_loss = wget_f(b);
  s->val_acc = wget_f(b);
  s->lr = wget_f(b);
  s->images_per_s = wget_f(b);
  s->seconds = wget_f(b);
}

/* Version 2 added cost_aware, 3 round; older states still load. */
static const char state_magic[8] = {'T', 'C', 'P', 'R', 'U', 'N', 'E', 3};

int tc_prune_state_save(const tc_prune_state *s, tc_trainer *t) {
  wbuf b = {0};
  int i;
  const tc_prune_opts *o = &s->o;
  for (i = 0; i < 8; i++) wput(&b, (uint64_t)(unsigned char)state_magic[i], 1);
  WI(&b, o->criterion);
  WI(&b, o->steps);
  WI(&b, o->step_epochs);
  WI(&b, o->recovery_epochs);
  WI(&b, o->qat_epochs);
  wput_f(&b, o->lr);
  wput_f(&b, o->macs_frac);
  wput_f(&b, o->params_frac);
  wput(&b, o->max_macs, 8);
  wput(&b, o->max_arena, 8);
  wput(&b, o->max_model, 8);
  WI(&b, o->taylor_images);
  WI(&b, o->cost_aware);
  WI(&b, o->round);
  WI(&b, s->step);
  wput(&b, s->macs0, 8);
  wput(&b, s->params0, 8);
  wput(&b, s->arena0, 8);
  wput(&b, s->model0, 8);
  WI(&b, s->npoints);
  for (i = 0; i < s->npoints; i++) {
    const tc_prune_point *p = &s->points[i];
    WI(&b, p->step);
    WI(&b, p->epochs);
    wput(&b, p->macs, 8);
    wput(&b, p->params, 8);
    wput(&b, p->model_bytes, 8);
    wput(&b, p->arena, 8);
    wput_f(&b, p->val_acc);
    wput_f(&b, p->val_acc_int8);
  }
  WI(&b, s->nepochs);
  for (i = 0; i < s->nepochs; i++) {
    WI(&b, s->epochs[i].step);
    wput(&b, s->epochs[i].macs, 8);
    wput(&b, s->epochs[i].params, 8);
    put_stats(&b, &s->epochs[i].s);
  }
  if (b.bad) {
    free(b.p);
    return -1;
  }
  free(t->ext);
  t->ext = b.p;
  t->ext_len = b.n;
  return 0;
}

int tc_prune_state_load(tc_prune_state *s, const tc_trainer *t) {
  wbuf b = {0};
  int i, version;
  tc_prune_opts *o = &s->o;
  memset(s, 0, sizeof *s);
  if (!t->ext || t->ext_len < 8 || memcmp(t->ext, state_magic, 7) != 0 ||
      t->ext[7] < 1 || t->ext[7] > state_magic[7])
    return -1;
  version = t->ext[7];
  b.p = t->ext;
  b.n = t->ext_len;
  b.pos = 8;
  o->criterion = RI(&b);
  o->steps = RI(&b);
  o->step_epochs = RI(&b);
  o->recovery_epochs = RI(&b);
  o->qat_epochs = RI(&b);
  o->lr = wget_f(&b);
  o->macs_frac = wget_f(&b);
  o->params_frac = wget_f(&b);
  o->max_macs = wget(&b, 8);
  o->max_arena = (size_t)wget(&b, 8);
  o->max_model = (size_t)wget(&b, 8);
  o->taylor_images = RI(&b);
  if (version >= 2) o->cost_aware = RI(&b);
  o->round = version >= 3 ? RI(&b) : 1; /* before --round: any count */
  s->step = RI(&b);
  s->macs0 = wget(&b, 8);
  s->params0 = wget(&b, 8);
  s->arena0 = wget(&b, 8);
  s->model0 = wget(&b, 8);
  s->npoints = RI(&b);
  /* At least the starting point, and room for the next (the schedule
   * reads points[npoints - 1] and writes points[npoints]). */
  if (s->npoints < 1 || s->npoints >= (int)(sizeof s->points / sizeof s->points[0]) ||
      o->steps < 1 || o->steps > 64 || o->round < 1 || o->round > 4096 ||
      o->criterion < TC_PRUNE_L1 || o->criterion > TC_PRUNE_TAYLOR)
    return -1;
  for (i = 0; i < s->npoints; i++) {
    tc_prune_point *p = &s->points[i];
    p->step = RI(&b);
    p->epochs = RI(&b);
    p->macs = wget(&b, 8);
    p->params = wget(&b, 8);
    p->model_bytes = wget(&b, 8);
    p->arena = wget(&b, 8);
    p->val_acc = wget_f(&b);
    p->val_acc_int8 = wget_f(&b);
  }
  s->nepochs = RI(&b);
  if (b.bad || s->nepochs < 0 || s->nepochs > 1000000) return -1;
  s->epochs = calloc((size_t)(s->nepochs ? s->nepochs : 1), sizeof *s->epochs);
  if (!s->epochs) return -1;
  for (i = 0; i < s->nepochs; i++) {
    s->epochs[i].step = RI(&b);
    s->epochs[i].macs = wget(&b, 8);
    s->epochs[i].params = wget(&b, 8);
    get_stats(&b, &s->epochs[i].s);
  }
  if (b.bad || b.pos != b.n) {
    tc_prune_state_free(s);
    return -1;
  }
  return 0;
}

void tc_prune_state_free(tc_prune_state *s) {
  free(s->epochs);
  s->epochs = NULL;
  s->nepochs = 0;
}

/* ---- evaluation of a point ---------------------------------------------- */
/* Accuracy at threshold 0.5 of the int8 export through the runtime, with
 * the device's preprocessing; its size and arena. */
static int int8_accuracy(const tc_net *net, const tc_dataset *d, float *acc,
                         size_t *model_bytes, size_t *arena_bytes) {
  uint8_t *bytes = NULL;
  size_t len = 0, need = 0, px = (size_t)d->h * d->w * d->c;
  char err[256];
  tc_model m;
  tc_interp it;
  void *arena = NULL;
  int i, ok = 0, rc = -1;
  if (tc_net_export(net, TC_EXPORT_INT8, &bytes, &len, err, sizeof err) != 0)
    return -1;
  if (tc_model_load(&m, bytes, len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK || !(arena = malloc(need)) ||
      tc_interp_init(&it, &m, arena, need) != TC_OK)
    goto out;
  for (i = 0; i < d->n; i++) {
    tc_image img;
    const tc_tensor *out = tc_interp_output(&it, 0);
    float score;
    img.data = d->pixels + (size_t)i * px;
    img.width = d->w;
    img.height = d->h;
    img.stride = 0;
    img.format = d->c == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    if (tc_image_to_tensor(&img, tc_interp_input(&it, 0), NULL) != TC_OK ||
        tc_interp_invoke(&it) != TC_OK)
      goto out;
    score = (float)(((const int8_t *)out->data)[0] - out->zero_point) * out->scale;
    ok += (score >= 0.5f) == (d->labels[i] != 0);
  }
  *acc = d->n ? (float)ok / (float)d->n : 0.0f;
  *model_bytes = len;
  *arena_bytes = need;
  rc = 0;
out:
  free(arena);
  free(bytes);
  return rc;
}

static int make_point(tc_trainer *t, const tc_dataset *val, int step,
                      int epochs, tc_prune_point *p) {
  float loss;
  size_t mb = 0, ar = 0;
  memset(p, 0, sizeof *p);
  p->step = step;
  p->epochs = epochs;
  tc_net_cost(t->net, &p->macs, &p->params);
  if (tc_evaluate(t->net, val, t->class_weight, &loss, &p->val_acc, NULL) != 0 ||
      int8_accuracy(t->net, val, &p->val_acc_int8, &mb, &ar) != 0)
    return -1;
  p->model_bytes = mb;
  p->arena = ar;
  return 0;
}

/* ---- phases ------------------------------------------------------------ */
/* The limits of step k of the schedule: linear from the start to the
 * final ones. */
static void step_limits(const tc_prune_state *s, int k, tc_prune_limits *l) {
  const tc_prune_opts *o = &s->o;
  double f = (double)k / o->steps;
  uint64_t mm = 0;
  memset(l, 0, sizeof *l);
  l->cost_aware = o->cost_aware;
  l->round = o->round;
  if (o->macs_frac > 0) mm = (uint64_t)((1.0 - o->macs_frac) * (double)s->macs0);
  if (o->max_macs && (!mm || o->max_macs < mm)) mm = o->max_macs;
  if (mm && mm < s->macs0)
    l->max_macs = (uint64_t)((double)s->macs0 - f * (double)(s->macs0 - mm));
  if (o->params_frac > 0)
    l->max_params =
        (uint64_t)((double)s->params0 * (1.0 - f * o->params_frac));
  if (o->max_arena && o->max_arena < s->arena0)
    l->max_arena =
        (size_t)((double)s->arena0 - f * (double)(s->arena0 - o->max_arena));
  if (o->max_model && o->max_model < s->model0)
    l->max_model =
        (size_t)((double)s->model0 - f * (double)(s->model0 - o->max_model));
}

/* A trainer for phase `step` on the channel counts chan (NULL: src's),
 * with src's weights (keep: the channels kept). */
static tc_trainer *phase_trainer(const tc_trainer *src, const tc_prune_state *s,
                                 int step, const int *chan,
                                 uint8_t *const *keep, char *err,
                                 size_t errlen) {
  tc_train_cfg c = src->cfg;
  int counts[2] = {1, 1}, final = step > s->o.steps;
  tc_trainer *t;
  if (chan) {
    int i;
    c.nchan = src->net->nlayers;
    for (i = 0; i < c.nchan; i++) c.chan[i] = chan[i];
  }
  c.epochs = final ? s->o.recovery_epochs + s->o.qat_epochs : s->o.step_epochs;
  c.qat_epochs = final ? s->o.qat_epochs : 0;
  c.patience = 0;
  c.warmup_epochs = 0;
  c.ptq = 0;
  /* an imported backbone is fine-tuned whole, at its fine-tuning rate */
  c.freeze_epochs = 0;
  if (c.ft_lr > 0) c.lr = c.ft_lr;
  if (s->o.lr > 0) c.lr = s->o.lr;
  if (c.epochs < 1) c.epochs = 1;
  t = tc_trainer_new(&c, counts, err, errlen);
  if (!t) return NULL;
  t->class_weight[0] = src->class_weight[0];
  t->class_weight[1] = src->class_weight[1];
  if (tc_prune_copy(src->net, keep, t->net, err, errlen) != 0) {
    tc_trainer_free(t);
    return NULL;
  }
  return t;
}

/* Scores src's channels, selects for step k and returns the next phase's
 * trainer (with the state saved in it). */
static tc_trainer *prune_step(tc_trainer *src, tc_prune_state *s, int k,
                              const tc_dataset *train,
                              const tc_prune_hooks *hooks, char *err,
                              size_t errlen) {
  int nl = src->net->nlayers, i, chan[TC_MAX_LAYERS], r = 0;
  float *scores[TC_MAX_LAYERS];
  uint8_t *keep[TC_MAX_LAYERS];
  tc_prune_limits lim;
  tc_trainer *t = NULL;
  memset(keep, 0, sizeof keep);
  memset(scores, 0, sizeof scores);
  if (k <= s->o.steps) {
    step_limits(s, k, &lim);
    if (tc_prune_scores(src->net, s->o.criterion, train, s->o.taylor_images,
                        src->cfg.seed + (uint64_t)k, scores, err, errlen) != 0)
      return NULL;
    r = tc_prune_select(src->net, &src->cfg, scores, &lim, keep, chan, err,
                        errlen);
    for (i = 0; i < nl; i++) free(scores[i]);
    if (r < 0) goto out;
    if (r == 1) /* err says how far off; later steps are tighter */
      goto out;
    for (i = 0; i < nl; i++) /* unpruned layers keep the spec's count */
      if (!tc_prune_is_producer(src->net, i)) chan[i] = 0;
    if (hooks && hooks->step) hooks->step(hooks->ctx, s, k, chan, nl);
    t = phase_trainer(src, s, k, chan, keep, err, errlen);
  } else {
    t = phase_trainer(src, s, k, NULL, NULL, err, errlen);
  }
  if (!t) goto out;
  s->step = k;
  if (tc_prune_state_save(s, t) != 0) {
    tc_seterr(err, errlen, "pruning: out of memory");
    tc_trainer_free(t);
    t = NULL;
  }
out:
  for (i = 0; i < nl; i++) free(keep[i]);
  return t;
}

tc_trainer *tc_prune_start(const tc_trainer *src, const tc_prune_opts *o,
                           const tc_dataset *train, const tc_dataset *val,
                           const tc_prune_hooks *hooks, char *err,
                           size_t errlen) {
  tc_prune_state s;
  tc_trainer *t0, *t1 = NULL;
  size_t mb = 0, ar = 0;
  float acc8 = 0, loss;
  memset(&s, 0, sizeof s);
  s.o = *o;
  if (s.o.steps < 1 || s.o.steps > 32 || s.o.step_epochs < 0 ||
      s.o.recovery_epochs < 0 || s.o.qat_epochs < 0) {
    tc_seterr(err, errlen, "pruning: need 1..32 steps and epochs >= 0");
    return NULL;
  }
  tc_net_cost(src->net, &s.macs0, &s.params0);
  /* point 0: the source as it is (its int8 model if it is trained with QAT) */
  if (int8_accuracy(src->net, val, &acc8, &mb, &ar) != 0) {
    tc_seterr(err, errlen, "pruning: the source network does not export");
    return NULL;
  }
  s.model0 = mb;
  s.arena0 = ar;
  /* a float copy to score and prune */
  s.step = 0;
  t0 = phase_trainer(src, &s, 1, NULL, NULL, err, errlen);
  if (!t0) return NULL;
  s.points[0].step = 0;
  s.points[0].macs = s.macs0;
  s.points[0].params = s.params0;
  s.points[0].model_bytes = mb;
  s.points[0].arena = ar;
  s.points[0].val_acc_int8 = acc8;
  if (tc_evaluate(t0->net, val, t0->class_weight, &loss, &s.points[0].val_acc,
                  NULL) != 0) {
    tc_seterr(err, errlen, "pruning: out of memory evaluating");
    tc_trainer_free(t0);
    return NULL;
  }
  s.npoints = 1;
  t1 = prune_step(t0, &s, 1, train, hooks, err, errlen);
  tc_trainer_free(t0);
  tc_prune_state_free(&s);
  return t1;
}

static int total_epochs(const tc_prune_state *s) { return s->nepochs; }

int tc_prune_run(tc_trainer **tp, const tc_dataset *train,
                 const tc_dataset *val, const char *work_dir,
                 const tc_prune_hooks *hooks, char *err, size_t errlen) {
  char path[4200];
  snprintf(path, sizeof path, "%s/checkpoint.bin", work_dir);
  for (;;) {
    tc_trainer *t = *tp, *nt;
    tc_prune_state s;
    int r, i;
    if (tc_prune_state_load(&s, t) != 0) {
      tc_seterr(err, errlen, "pruning: the checkpoint has no pruning state");
      return -1;
    }
    if (!t->done) {
      r = tc_train(t, train, val, work_dir, hooks ? hooks->train : NULL, err,
                   errlen);
      if (r != 0) {
        tc_prune_state_free(&s);
        return r;
      }
    }
    /* The phase is done: its epochs and its point, once. */
    if (s.points[s.npoints - 1].step != s.step) {
      tc_prune_epoch *ne;
      tc_prune_point *p = &s.points[s.npoints];
      uint64_t m, pa;
      tc_net_cost(t->net, &m, &pa);
      ne = realloc(s.epochs, (size_t)(s.nepochs + t->nhist + 1) * sizeof *ne);
      if (!ne) {
        tc_prune_state_free(&s);
        tc_seterr(err, errlen, "pruning: out of memory");
        return -1;
      }
      s.epochs = ne;
      for (i = 0; i < t->nhist; i++) {
        ne[s.nepochs].step = s.step;
        ne[s.nepochs].macs = m;
        ne[s.nepochs].params = pa;
        ne[s.nepochs].s = t->hist[i];
        ne[s.nepochs].s.epoch = s.nepochs + 1;
        s.nepochs++;
      }
      if (make_point(t, val, s.step, total_epochs(&s), p) != 0) {
        tc_prune_state_free(&s);
        tc_seterr(err, errlen, "pruning: evaluating step %d failed", s.step);
        return -1;
      }
      s.npoints++;
      if (hooks && hooks->point) hooks->point(hooks->ctx, &s, p);
      if (tc_prune_state_save(&s, t) != 0 ||
          tc_checkpoint_save(t, path, err, errlen) != 0) {
        tc_prune_state_free(&s);
        return -1;
      }
    }
    if (s.step > s.o.steps) {
      tc_prune_state_free(&s);
      return 0;
    }
    nt = prune_step(t, &s, s.step + 1, train, hooks, err, errlen);
    tc_prune_state_free(&s);
    if (!nt) return -1;
    if (tc_checkpoint_save(nt, path, err, errlen) != 0) {
      tc_trainer_free(nt);
      return -1;
    }
    tc_trainer_free(t);
    *tp = nt;
    if (hooks && hooks->train && hooks->train->stop && *hooks->train->stop)
      return 1;
  }
}

/* ---- metrics.csv ------------------------------------------------------- */
static void fmt_f(char *b, size_t n, double v, const char *fmt) {
  if (v == v) snprintf(b, n, fmt, v);
  else snprintf(b, n, "nan");
}

int tc_prune_metrics_write(const tc_prune_state *s, const char *path,
                           char *err, size_t errlen) {
  size_t cap = 256 + 256 * (size_t)(s->nepochs + s->npoints), n = 0;
  char *out = malloc(cap);
  int i, j = 0, rc = 0;
  if (!out) {
    tc_seterr(err, errlen, "%s: out of memory", path);
    return -1;
  }
  n += (size_t)snprintf(out + n, cap - n,
                        "epoch,phase,train_loss,train_acc,val_loss,val_acc,lr,"
                        "images_per_s,seconds,step,macs,params,model_bytes,"
                        "arena_bytes,val_acc_int8\n");
  /* point 0 first, then each phase's epochs followed by its point */
  for (i = 0; i <= s->nepochs; i++) {
    while (j < s->npoints &&
           (i == s->nepochs || s->points[j].epochs <= i)) {
      const tc_prune_point *p = &s->points[j++];
      char va[32], v8[32];
      fmt_f(va, sizeof va, p->val_acc, "%.6f");
      fmt_f(v8, sizeof v8, p->val_acc_int8, "%.6f");
      n += (size_t)snprintf(out + n, cap - n,
                            "%d,prune,nan,nan,nan,%s,nan,nan,nan,%d,%llu,%llu,"
                            "%llu,%llu,%s\n", p->epochs, va, p->step,
                            (unsigned long long)p->macs,
                            (unsigned long long)p->params,
                            (unsigned long long)p->model_bytes,
                            (unsigned long long)p->arena, v8);
    }
    if (i < s->nepochs) {
      const tc_prune_epoch *e = &s->epochs[i];
      const char *ph = e->s.qat ? "qat" : e->step > s->o.steps ? "recover"
                                                              : "finetune";
      n += (size_t)snprintf(out + n, cap - n,
                            "%d,%s,%.6f,%.6f,%.6f,%.6f,%.8g,%.1f,%.2f,%d,%llu,"
                            "%llu,nan,nan,nan\n", e->s.epoch, ph,
                            e->s.train_loss, e->s.train_acc, e->s.val_loss,
                            e->s.val_acc, e->s.lr, e->s.images_per_s,
                            e->s.seconds, e->step,
                            (unsigned long long)e->macs,
                            (unsigned long long)e->params);
    }
  }
  if (tc_write_atomic(path, out, n) != 0) {
    tc_seterr(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    rc = -1;
  }
  free(out);
  return rc;
}
