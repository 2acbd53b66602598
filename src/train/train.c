/* The training loop: shuffled mini-batches split over TC_SHARDS workers
 * (pthreads, one OpenBLAS thread each), Adam with a cosine schedule, float
 * warm-up then quantization-aware epochs, early stopping on validation
 * loss, a checkpoint after every epoch. */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "host_util.h"

/* A seed for one (purpose, epoch, index): independent of thread timing. */
static uint64_t sub_seed(uint64_t seed, uint64_t purpose, uint64_t epoch,
                         uint64_t index) {
  return tc_mix64(tc_mix64(tc_mix64(seed ^ purpose) + epoch) + index);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void tc_train_cfg_default(tc_train_cfg *c) {
  memset(c, 0, sizeof *c);
  strcpy(c->spec, "seed");
  c->in_h = c->in_w = 64;
  c->in_c = 1;
  c->epochs = 12;
  c->batch = 32;
  c->qat_epochs = 2;
  c->patience = 4;
  c->lr = 2e-3f;
  c->lr_final_frac = 0.02f;
  c->warmup_epochs = 0.5f;
  c->seed = 1;
  c->aug.max_shift = 3;
  c->aug.flip = 1;
  c->aug.brightness = 0.1f;
  c->aug.contrast = 0.1f;
  c->val_fraction = 0.2f;
  c->idx_positive = -1;
  c->idx_negative = -1;
}

tc_trainer *tc_trainer_new(const tc_train_cfg *cfg, const int counts[2],
                           char *err, size_t errlen) {
  tc_trainer *t = calloc(1, sizeof *t);
  size_t nb;
  int total = counts[0] + counts[1];
  if (!t) {
    tc_seterr(err, errlen, "out of memory");
    return NULL;
  }
  t->cfg = *cfg;
  if (cfg->epochs < 1 || cfg->batch < 1 || cfg->qat_epochs < 0 ||
      cfg->qat_epochs > cfg->epochs || !(cfg->lr > 0.0f)) {
    tc_seterr(err, errlen, "bad settings: need epochs >= 1, batch >= 1, "
           "0 <= qat-epochs <= epochs, lr > 0");
    free(t);
    return NULL;
  }
  t->net = tc_net_build_chan(cfg->spec, cfg->in_h, cfg->in_w, cfg->in_c,
                             cfg->seed, cfg->nchan ? cfg->chan : NULL,
                             cfg->nchan, err, errlen);
  if (!t->net) {
    free(t);
    return NULL;
  }
  if (cfg->in_scale > 0.0f) { /* a backbone's input quantization */
    t->net->in_scale = cfg->in_scale;
    t->net->in_zp = cfg->in_zp;
  }
  if (cfg->frozen_layers < 0 || cfg->frozen_layers >= t->net->nlayers ||
      cfg->freeze_epochs < 0 ||
      cfg->freeze_epochs > cfg->epochs - cfg->qat_epochs) {
    tc_seterr(err, errlen, "bad settings: %d frozen layers of %d, %d freeze "
              "epochs (need at most epochs - qat-epochs = %d)",
              cfg->frozen_layers, t->net->nlayers, cfg->freeze_epochs,
              cfg->epochs - cfg->qat_epochs);
    tc_net_free(t->net);
    free(t);
    return NULL;
  }
  nb = tc_net_param_count(t->net) + tc_net_state_count(t->net) +
       2 * (size_t)t->net->nlayers;
  t->best = calloc(nb, sizeof(float));
  if (!t->best || tc_adam_init(&t->adam, tc_net_param_count(t->net), cfg->lr)) {
    tc_trainer_free(t);
    tc_seterr(err, errlen, "out of memory");
    return NULL;
  }
  t->adam.weight_decay = cfg->weight_decay;
  /* Each class weighs as much in the loss as the other. */
  t->class_weight[0] = counts[0] ? (float)total / (2.0f * counts[0]) : 1.0f;
  t->class_weight[1] = counts[1] ? (float)total / (2.0f * counts[1]) : 1.0f;
  t->best_val_loss = INFINITY;
  t->best_epoch = -1;
  tc_rng_seed(&t->rng, cfg->seed);
  return t;
}

void tc_trainer_free(tc_trainer *t) {
  if (!t) return;
  tc_net_free(t->net);
  tc_adam_free(&t->adam);
  free(t->best);
  free(t->hist);
  free(t->ext);
  free(t);
}

static void snapshot(tc_trainer *t, int save) {
  tc_net *net = t->net;
  size_t np = tc_net_param_count(net) + tc_net_state_count(net);
  int i;
  float *p = tc_net_params(net);
  if (save) {
    memcpy(t->best, p, np * sizeof(float));
    for (i = 0; i < net->nlayers; i++) {
      t->best[np + 2 * i] = net->layers[i].out_min;
      t->best[np + 2 * i + 1] = net->layers[i].out_max;
    }
  } else {
    memcpy(p, t->best, np * sizeof(float));
    for (i = 0; i < net->nlayers; i++) {
      net->layers[i].out_min = t->best[np + 2 * i];
      net->layers[i].out_max = t->best[np + 2 * i + 1];
    }
    tc_x(net)->prepared = 0;
  }
}

/* ---- one shard of a batch (or of an evaluation chunk) ------------------ */
typedef struct job {
  tc_net *net;
  tc_work *w;
  const tc_dataset *d;
  const int *idx; /* images of this shard */
  int n;
  int training;
  const tc_augment_opts *aug;
  uint64_t seed, epoch, drop_seed;
  float cw[2];
  float norm;     /* 1 / images in the whole batch */
  float *x, *dz, *grad;
  uint8_t *pix;
  float *scores;  /* evaluation: n sigmoid outputs, may be NULL */
  double loss;
  int correct;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  size_t isz = (size_t)j->d->h * j->d->w * j->d->c, k;
  const float *y;
  float lut[256];
  int i;
  j->loss = 0.0;
  j->correct = 0;
  if (j->n == 0) return NULL;
  tc_net_input_lut(j->net, lut);
  for (i = 0; i < j->n; i++) {
    const uint8_t *src = j->d->pixels + (size_t)j->idx[i] * isz;
    if (j->training) {
      tc_rng r;
      tc_rng_seed(&r, sub_seed(j->seed, 1, j->epoch, (uint64_t)j->idx[i]));
      tc_augment(j->d, j->idx[i], j->pix, &r, j->aug);
      src = j->pix;
    }
    for (k = 0; k < isz; k++) j->x[(size_t)i * isz + k] = lut[src[k]];
  }
  y = tc_forward(j->net, j->w, j->x, j->n, j->training, j->drop_seed);
  for (i = 0; i < j->n; i++) {
    int lab = j->d->labels[j->idx[i]] != 0;
    float dz;
    j->loss += tc_bce_logit(y[i], lab, j->cw[lab], &dz);
    j->dz[i] = dz * j->norm;
    j->correct += (y[i] > 0.0f) == lab;
    if (j->scores) j->scores[i] = 1.0f / (1.0f + expf(-y[i]));
  }
  if (j->training) tc_backward(j->net, j->w, j->dz, j->grad, NULL);
  return NULL;
}

typedef struct pool {
  tc_work *w[TC_SHARDS];
  float *x[TC_SHARDS], *dz[TC_SHARDS], *grad[TC_SHARDS];
  uint8_t *pix[TC_SHARDS];
  int max_n;
} pool;

static void pool_free(pool *p) {
  int s;
  for (s = 0; s < TC_SHARDS; s++) {
    tc_work_free(p->w[s]);
    free(p->x[s]);
    free(p->dz[s]);
    free(p->grad[s]);
    free(p->pix[s]);
  }
}

static int pool_init(pool *p, tc_net *net, int max_n) {
  size_t isz = (size_t)net->in_h * net->in_w * net->in_c;
  int s, bad = 0;
  memset(p, 0, sizeof *p);
  p->max_n = max_n;
  for (s = 0; s < TC_SHARDS; s++) {
    bad |= !(p->w[s] = tc_work_new(net, max_n));
    bad |= !(p->x[s] = malloc((size_t)max_n * isz * sizeof(float)));
    bad |= !(p->dz[s] = malloc((size_t)max_n * sizeof(float)));
    bad |= !(p->grad[s] = malloc((tc_net_param_count(net) + 1) * sizeof(float)));
    bad |= !(p->pix[s] = malloc(isz));
  }
  if (bad) pool_free(p);
  return bad ? -1 : 0;
}

/* Runs the jobs: shard 0 on this thread, the others on new threads. */
static void run_jobs(job *jobs) {
  pthread_t th[TC_SHARDS];
  int s, started[TC_SHARDS] = {0};
  for (s = 1; s < TC_SHARDS; s++)
    started[s] = pthread_create(&th[s], NULL, run_job, &jobs[s]) == 0;
  run_job(&jobs[0]);
  for (s = 1; s < TC_SHARDS; s++) {
    if (started[s]) pthread_join(th[s], NULL);
    else run_job(&jobs[s]); /* no thread: same result, just slower */
  }
}

static int eval_pool(tc_net *net, pool *p, const tc_dataset *d,
                     const float cw[2], float *loss, float *acc,
                     float *scores) {
  double L = 0.0;
  long correct = 0;
  int *idx = malloc((size_t)(d->n ? d->n : 1) * sizeof(int)), i, s;
  if (!idx) return -1;
  for (i = 0; i < d->n; i++) idx[i] = i;
  tc_net_prepare(net);
  for (i = 0; i < d->n; i += TC_SHARDS * p->max_n) {
    job jobs[TC_SHARDS];
    int left = d->n - i, at = i;
    for (s = 0; s < TC_SHARDS; s++) {
      job *j = &jobs[s];
      int n = left < p->max_n ? left : p->max_n;
      memset(j, 0, sizeof *j);
      j->net = net;
      j->w = p->w[s];
      j->d = d;
      j->idx = idx + at;
      j->n = n;
      j->cw[0] = cw[0];
      j->cw[1] = cw[1];
      j->x = p->x[s];
      j->dz = p->dz[s];
      j->pix = p->pix[s];
      j->scores = scores ? scores + at : NULL;
      at += n;
      left -= n;
    }
    run_jobs(jobs);
    for (s = 0; s < TC_SHARDS; s++) {
      L += jobs[s].loss;
      correct += jobs[s].correct;
    }
  }
  free(idx);
  *loss = d->n ? (float)(L / d->n) : 0.0f;
  *acc = d->n ? (float)correct / (float)d->n : 0.0f;
  return 0;
}

int tc_evaluate(tc_net *net, const tc_dataset *d, const float cw[2],
                float *loss, float *acc, float *scores) {
  pool p;
  int r;
  openblas_set_num_threads(1);
  if (pool_init(&p, net, 64) != 0) return -1;
  r = eval_pool(net, &p, d, cw, loss, acc, scores);
  pool_free(&p);
  return r;
}

/* Fisher-Yates from a generator seeded by (seed, epoch). */
static void shuffle(int *perm, int n, uint64_t seed, int epoch) {
  tc_rng r;
  int i;
  tc_rng_seed(&r, sub_seed(seed, 2, (uint64_t)epoch, 0));
  for (i = 0; i < n; i++) perm[i] = i;
  for (i = n - 1; i > 0; i--) {
    int k = (int)(((uint64_t)tc_rng_u32(&r) * (uint64_t)(i + 1)) >> 32), t;
    t = perm[i];
    perm[i] = perm[k];
    perm[k] = t;
  }
}

static int save_all(tc_trainer *t, const char *run_dir, char *err,
                    size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s/checkpoint.bin", run_dir);
  if (tc_checkpoint_save(t, path, err, errlen) != 0) return -1;
  snprintf(path, sizeof path, "%s/metrics.csv", run_dir);
  return tc_metrics_write(t, path, err, errlen);
}

/* ---- transfer learning: head only, then the whole network ------------ */
static int freeze_phase(const tc_train_cfg *c, int epoch) {
  return c->frozen_layers > 0 && epoch < c->freeze_epochs;
}

/* Index of the first parameter of layer k (tc_net_params order). */
static size_t first_param(const tc_net *net, int k) {
  size_t p = 0;
  int i;
  for (i = 0; i < k; i++) {
    const tc_layer *l = &net->layers[i];
    if (!tc_has_weights(l->kind)) continue;
    p += l->nw + (size_t)l->out_c * (l->bn ? 3 : 1);
  }
  return p;
}

/* The learning rate of a step: with freeze epochs, a cosine schedule from
 * lr over them, then one from ft_lr over the rest (each with its warm-up). */
static float lr_at(const tc_train_cfg *c, uint64_t step, uint64_t steps,
                   uint64_t warm, uint64_t total) {
  uint64_t f = (uint64_t)c->freeze_epochs * steps;
  if (c->frozen_layers > 0 && f > 0) {
    float ft = c->ft_lr > 0.0f ? c->ft_lr : c->lr;
    if (step < f)
      return tc_lr_cosine(c->lr, c->lr_final_frac, step,
                          warm < f / 5 ? warm : f / 5, f);
    return tc_lr_cosine(ft, c->lr_final_frac, step - f,
                        warm < (total - f) / 5 ? warm : (total - f) / 5,
                        total - f);
  }
  return tc_lr_cosine(c->lr, c->lr_final_frac, step, warm, total);
}

/* Fresh Adam moments for the whole network when fine-tuning starts: the
 * backbone's have never been updated, and bias correction must start over
 * with them. */
static void adam_restart(tc_adam *a) {
  a->t = 0;
  memset(a->m, 0, a->n * sizeof(float));
  memset(a->v, 0, a->n * sizeof(float));
  a->first = 0;
}

static void begin_qat(tc_trainer *t) {
  if (t->best_epoch >= 0) snapshot(t, 0); /* the best float weights */
  tc_qat_enable(t->net);
  t->qat_started = 1;
  t->best_val_loss = INFINITY;
  t->best_epoch = -1;
  t->since_best = 0;
}

int tc_train(tc_trainer *t, const tc_dataset *train, const tc_dataset *val,
             const char *run_dir, const tc_train_hooks *hooks, char *err,
             size_t errlen) {
  const tc_train_cfg *c = &t->cfg;
  tc_net *net = t->net;
  size_t np = tc_net_param_count(net);
  int half = (c->batch + TC_SHARDS - 1) / TC_SHARDS;
  int steps = (train->n + c->batch - 1) / c->batch;
  int float_epochs = c->epochs - c->qat_epochs, epochs_run = 0, s;
  uint64_t total = (uint64_t)steps * (uint64_t)c->epochs;
  uint64_t warm = (uint64_t)(c->warmup_epochs * steps);
  int *perm = NULL, rc = -1;
  float *grad = NULL;
  pool p;
  if (train->n < 1 || val->n < 1) {
    tc_seterr(err, errlen, "need training and validation images (got %d and %d)",
           train->n, val->n);
    return -1;
  }
  if (train->h != net->in_h || train->w != net->in_w || train->c != net->in_c) {
    tc_seterr(err, errlen, "images are %dx%dx%d, the network takes %dx%dx%d",
           train->h, train->w, train->c, net->in_h, net->in_w, net->in_c);
    return -1;
  }
  openblas_set_num_threads(1); /* parallel over shards instead */
  if (pool_init(&p, net, half < 64 ? 64 : half) != 0) {
    tc_seterr(err, errlen, "out of memory for batch %d", c->batch);
    return -1;
  }
  perm = malloc((size_t)train->n * sizeof(int));
  grad = malloc((np + 1) * sizeof(float));
  if (!perm || !grad) {
    tc_seterr(err, errlen, "out of memory");
    goto out;
  }
  if (warm > total / 5) warm = total / 5;
  while (!t->done && t->epoch < c->epochs) {
    double t0 = now_s();
    int b;
    int frozen = freeze_phase(c, t->epoch);
    if (t->epoch >= float_epochs && !net->qat) begin_qat(t);
    net->frozen = frozen ? c->frozen_layers : 0;
    t->adam.first = frozen ? first_param(net, c->frozen_layers) : 0;
    shuffle(perm, train->n, c->seed, t->epoch);
    for (b = t->batch_pos; b < steps; b++) {
      job jobs[TC_SHARDS];
      const float *ranges[TC_SHARDS];
      int counts[TC_SHARDS], start = b * c->batch, bn;
      int at = start, correct = 0;
      uint64_t step = (uint64_t)t->epoch * steps + (uint64_t)b;
      float lr = lr_at(c, step, (uint64_t)steps, warm, total);
      double loss = 0.0;
      size_t k;
      bn = train->n - start < c->batch ? train->n - start : c->batch;
      tc_net_prepare(net);
      for (s = 0; s < TC_SHARDS; s++) {
        job *j = &jobs[s];
        int n = bn - (at - start) < half ? bn - (at - start) : half;
        memset(j, 0, sizeof *j);
        j->net = net;
        j->w = p.w[s];
        j->d = train;
        j->idx = perm + at;
        j->n = n;
        j->training = 1;
        j->aug = &c->aug;
        j->seed = c->seed;
        j->epoch = (uint64_t)t->epoch;
        j->drop_seed = sub_seed(c->seed, 3, step, (uint64_t)s);
        j->cw[0] = t->class_weight[0];
        j->cw[1] = t->class_weight[1];
        j->norm = 1.0f / (float)bn;
        j->x = p.x[s];
        j->dz = p.dz[s];
        j->grad = p.grad[s];
        j->pix = p.pix[s];
        counts[s] = n;
        at += n;
      }
      run_jobs(jobs);
      /* Fixed summation order: the result never depends on timing. */
      memcpy(grad, p.grad[0], np * sizeof(float));
      for (s = 1; s < TC_SHARDS; s++)
        if (counts[s])
          for (k = 0; k < np; k++) grad[k] += p.grad[s][k];
      for (s = 0; s < TC_SHARDS; s++) {
        loss += jobs[s].loss;
        correct += jobs[s].correct;
        ranges[s] = tc_work_ranges(p.w[counts[s] ? s : 0]);
      }
      tc_adam_step(&t->adam, tc_net_params(net), grad, lr);
      tc_bn_track(net, p.w, counts, TC_SHARDS, 0.9f);
      tc_qat_track(net, ranges, TC_SHARDS, 0.95f);
      tc_x(net)->prepared = 0;
      t->part_loss += loss;
      t->part_correct += correct;
      t->part_seen += bn;
      t->batch_pos = b + 1;
      if (hooks && hooks->batch)
        hooks->batch(hooks->ctx, t, b + 1, steps,
                     (float)(t->part_loss / t->part_seen),
                     (float)(t->part_correct / t->part_seen));
      if (hooks && hooks->stop && *hooks->stop && b + 1 < steps) {
        t->part_seconds += now_s() - t0;
        rc = save_all(t, run_dir, err, errlen) ? -1 : 1;
        goto out;
      }
    }
    {
      tc_epoch_stats st, *nh;
      double secs = t->part_seconds + (now_s() - t0);
      memset(&st, 0, sizeof st);
      st.epoch = t->epoch + 1;
      st.qat = net->qat;
      st.train_loss = (float)(t->part_loss / t->part_seen);
      st.train_acc = (float)(t->part_correct / t->part_seen);
      st.lr = lr_at(c, (uint64_t)t->epoch * steps + (uint64_t)steps - 1,
                    (uint64_t)steps, warm, total);
      st.seconds = (float)secs;
      st.images_per_s = (float)(t->part_seen / (secs > 0 ? secs : 1e-9));
      if (eval_pool(net, &p, val, t->class_weight, &st.val_loss, &st.val_acc,
                    NULL) != 0) {
        tc_seterr(err, errlen, "out of memory evaluating");
        goto out;
      }
      nh = realloc(t->hist, (size_t)(t->nhist + 1) * sizeof *nh);
      if (!nh) {
        tc_seterr(err, errlen, "out of memory");
        goto out;
      }
      t->hist = nh;
      t->hist[t->nhist++] = st;
      if (st.val_loss < t->best_val_loss) {
        t->best_val_loss = st.val_loss;
        t->best_epoch = t->epoch;
        t->since_best = 0;
        snapshot(t, 1);
      } else {
        t->since_best++;
      }
      t->epoch++;
      t->batch_pos = 0;
      t->part_loss = t->part_correct = t->part_seen = t->part_seconds = 0.0;
      if (c->patience > 0 && t->since_best >= c->patience && frozen) {
        t->epoch = c->freeze_epochs; /* straight to fine-tuning */
        t->since_best = 0;
      } else if (c->patience > 0 && t->since_best >= c->patience) {
        if (!net->qat && c->qat_epochs > 0)
          t->epoch = float_epochs; /* straight to fine-tuning */
        else
          t->done = 1;
      }
      if (frozen && !freeze_phase(c, t->epoch)) {
        adam_restart(&t->adam);
        t->since_best = 0;
      }
      if (t->epoch >= c->epochs) t->done = 1;
      if (t->done) snapshot(t, 0); /* finish on the best weights */
      if (hooks && hooks->epoch) hooks->epoch(hooks->ctx, t, &st);
      if (save_all(t, run_dir, err, errlen) != 0) goto out;
    }
    epochs_run++;
    if (hooks && hooks->stop && *hooks->stop && !t->done) {
      rc = 1;
      goto out;
    }
    if (hooks && hooks->max_epochs && epochs_run >= hooks->max_epochs &&
        !t->done) {
      rc = 1;
      goto out;
    }
  }
  net->frozen = 0;
  t->adam.first = 0;
  tc_net_prepare(net);
  rc = 0;
out:
  pool_free(&p);
  free(perm);
  free(grad);
  return rc;
}
