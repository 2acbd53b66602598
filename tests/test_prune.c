/* Structured pruning (src/train/prune*.c).
 *   test_prune copy      the pruned net's float forward == the original's
 *                        with the removed channels silenced (computed
 *                        here by zeroing them in the original); fewer
 *                        MACs/parameters/bytes; never zero channels
 *   test_prune export    pruned int8 export through the runtime vs the
 *                        trainer's fake-quant forward, like the unpruned
 *   test_prune schedule  the gradual schedule on a toy problem: channels
 *                        removed, resumed after every few batches == run
 *                        uninterrupted (bit for bit), deterministic
 *   test_prune oldckpt   a version 3 checkpoint (before pruning) loads */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinycnn/prune.h"
#include "tinycnn/runtime.h"
#include "tinycnn/train_engine.h"
#include "support/check.h"

#define IH 12
#define IW 12
/* conv+bn, pool, depthwise+bn, pointwise+bn, flatten, hidden dense, logit */
static const char *spec = "c8k3r,bn,p2,dw3r,bn,c6k1r6,bn,f,fc5r,fc1";

static void toy_data(tc_dataset *d, int n, uint64_t seed) {
  tc_rng r;
  int i, k;
  memset(d, 0, sizeof *d);
  d->h = IH;
  d->w = IW;
  d->c = 1;
  d->n = n;
  d->pixels = malloc((size_t)n * IH * IW);
  d->labels = malloc((size_t)n);
  strcpy(d->class_name[0], "dark");
  strcpy(d->class_name[1], "bright");
  tc_rng_seed(&r, seed);
  for (i = 0; i < n; i++) {
    int pos = tc_rng_uniform(&r) < 0.4f;
    d->labels[i] = (uint8_t)pos;
    for (k = 0; k < IH * IW; k++) {
      float v = (pos ? 150.0f : 100.0f) + 90.0f * (tc_rng_uniform(&r) - 0.5f);
      if (pos && k % IW < 3) v += 40.0f; /* a bright left edge */
      d->pixels[(size_t)i * IH * IW + k] = (uint8_t)v;
    }
  }
}

/* A net with non-trivial weights, batch-norm statistics and ranges. */
static tc_net *random_net(void) {
  char err[256];
  tc_net *n = tc_net_build(spec, IH, IW, 1, 7, err, sizeof err);
  tc_rng r;
  int i, c;
  size_t k;
  if (!n) {
    printf("FAIL build: %s\n", err);
    exit(1);
  }
  tc_rng_seed(&r, 99);
  for (i = 0; i < n->nlayers; i++) {
    tc_layer *l = &n->layers[i];
    if (!l->w) continue;
    for (c = 0; c < l->out_c; c++) {
      l->b[c] = 0.2f * (tc_rng_uniform(&r) - 0.5f);
      if (l->bn) {
        l->bn_gamma[c] = 0.5f + tc_rng_uniform(&r);
        l->bn_beta[c] = 0.4f * (tc_rng_uniform(&r) - 0.3f);
        l->bn_mean[c] = 0.3f * (tc_rng_uniform(&r) - 0.5f);
        l->bn_var[c] = 0.5f + tc_rng_uniform(&r);
      }
    }
    for (k = 0; k < l->nw; k++) l->w[k] += 0.05f * (tc_rng_uniform(&r) - 0.5f);
  }
  return n;
}

/* Silences channel c of producer p in net n: its output is exactly 0
 * after activation (w, b = 0; with batch norm gamma = beta = 0 too), and
 * so are the depthwise channels it feeds (their bias and beta = 0). */
static void silence(tc_net *n, int p, int c) {
  tc_layer *l = &n->layers[p];
  size_t per = l->nw / (size_t)l->out_c, k;
  int j;
  for (k = 0; k < per; k++) l->w[(size_t)c * per + k] = 0.0f;
  l->b[c] = 0.0f;
  if (l->bn) {
    l->bn_gamma[c] = 0.0f;
    l->bn_beta[c] = 0.0f;
    l->bn_mean[c] = 0.0f;
  }
  for (j = p + 1; j < n->nlayers; j++) {
    tc_layer *d = &n->layers[j];
    if (d->kind == TC_LAYER_CONV || d->kind == TC_LAYER_DENSE) break;
    if (d->kind != TC_LAYER_DWCONV) continue;
    d->b[c] = 0.0f;
    if (d->bn) {
      d->bn_beta[c] = 0.0f;
      d->bn_mean[c] = 0.0f;
    }
  }
}

static void images(const tc_dataset *d, float *x, int n) {
  int i;
  for (i = 0; i < n * IH * IW; i++) x[i] = d->pixels[i] / 255.0f;
}

static int round_to; /* tc_prune_limits.round of pruned_copy */

static tc_net *pruned_copy(tc_net *src, uint64_t max_macs, uint8_t **keep,
                           int *chan, int *sel_rc) {
  char err[256];
  float *scores[TC_MAX_LAYERS];
  tc_prune_limits lim;
  tc_train_cfg cfg;
  tc_net *dst;
  int i;
  tc_train_cfg_default(&cfg);
  strcpy(cfg.spec, spec);
  cfg.in_h = IH;
  cfg.in_w = IW;
  cfg.in_c = 1;
  memset(&lim, 0, sizeof lim);
  lim.max_macs = max_macs;
  lim.round = round_to;
  CHECK(tc_prune_scores(src, TC_PRUNE_L1, NULL, 0, 1, scores, err,
                        sizeof err) == 0, "scores: %s", err);
  *sel_rc = tc_prune_select(src, &cfg, scores, &lim, keep, chan, err, sizeof err);
  for (i = 0; i < src->nlayers; i++) free(scores[i]);
  dst = tc_net_build_chan(spec, IH, IW, 1, 3, chan, src->nlayers, err, sizeof err);
  CHECK(dst != NULL, "build pruned: %s", err);
  if (!dst) exit(1);
  CHECK(tc_prune_copy(src, keep, dst, err, sizeof err) == 0, "copy: %s", err);
  return dst;
}

static void test_copy(void) {
  tc_net *a = random_net(), *b, *z;
  uint8_t *keep[TC_MAX_LAYERS];
  int chan[TC_MAX_LAYERS], rc, i, c, removed = 0;
  uint64_t m0, p0, m1, p1;
  tc_dataset d;
  float x[8 * IH * IW], ya[8], yb[8];
  tc_work *w;
  const float *y;
  toy_data(&d, 8, 5);
  tc_net_cost(a, &m0, &p0);
  /* hand count: conv 12*12*8*9 + dw 6*6*8*9 + pw 6*6*6*8 + fc 5*216 + 5 */
  CHECK(m0 == 10368 + 2592 + 1728 + 1080 + 5, "MACs %llu", (unsigned long long)m0);
  CHECK(p0 == 80 + 80 + 54 + 1085 + 6, "params %llu", (unsigned long long)p0);
  b = pruned_copy(a, m0 / 2, keep, chan, &rc);
  tc_net_cost(b, &m1, &p1);
  CHECK(rc == 0 && m1 <= m0 / 2 && p1 < p0, "pruned: rc %d MACs %llu params %llu",
        rc, (unsigned long long)m1, (unsigned long long)p1);
  /* the same net with the removed channels silenced */
  z = random_net();
  for (i = 0; i < a->nlayers; i++)
    if (keep[i])
      for (c = 0; c < a->layers[i].out_c; c++)
        if (!keep[i][c]) {
          silence(z, i, c);
          removed++;
        }
  CHECK(removed > 0 && b->layers[0].out_c < 8 && b->layers[3].in_c == b->layers[0].out_c,
        "removed %d, conv %d, pw in %d", removed, b->layers[0].out_c, b->layers[3].in_c);
  images(&d, x, 8);
  w = tc_work_new(z, 8);
  tc_net_prepare(z);
  y = tc_forward(z, w, x, 8, 0, 0);
  memcpy(ya, y, sizeof ya);
  tc_work_free(w);
  w = tc_work_new(b, 8);
  tc_net_prepare(b);
  y = tc_forward(b, w, x, 8, 0, 0);
  memcpy(yb, y, sizeof yb);
  tc_work_free(w);
  for (i = 0; i < 8; i++)
    CHECK(fabsf(ya[i] - yb[i]) <= 1e-5f + 1e-5f * fabsf(ya[i]),
          "image %d: pruned %.7f, silenced original %.7f", i, yb[i], ya[i]);
  /* the forward must actually depend on what was kept */
  CHECK(fabsf(ya[0] - ya[1]) > 1e-4f, "degenerate net");
  for (i = 0; i < a->nlayers; i++) free(keep[i]);
  tc_net_free(b);
  /* an impossible limit: every producer keeps exactly one channel */
  b = pruned_copy(a, 1, keep, chan, &rc);
  CHECK(rc == 1, "impossible limit: rc %d", rc);
  for (i = 0; i < a->nlayers; i++) {
    if (tc_prune_is_producer(a, i))
      CHECK(b->layers[i].out_c == 1, "layer %d has %d channels", i,
            b->layers[i].out_c);
    free(keep[i]);
  }
  CHECK(b->layers[2].out_c == 1 && b->layers[b->nlayers - 1].out_c == 1,
        "depthwise %d, logit %d", b->layers[2].out_c, b->layers[b->nlayers - 1].out_c);
  tc_net_free(b);
  /* --round 4: every pruned count is a multiple of 4 (conv 8, pw 6, fc 5:
   * at most 4 each, since half the MACs must go) */
  round_to = 4;
  b = pruned_copy(a, m0 / 2, keep, chan, &rc);
  round_to = 0;
  tc_net_cost(b, &m1, &p1);
  CHECK(rc == 0 && m1 <= m0 / 2, "round 4: rc %d MACs %llu", rc,
        (unsigned long long)m1);
  for (i = 0; i < a->nlayers; i++) {
    if (tc_prune_is_producer(a, i))
      CHECK(b->layers[i].out_c % 4 == 0 ||
                b->layers[i].out_c == a->layers[i].out_c,
            "round 4: layer %d has %d channels", i, b->layers[i].out_c);
    free(keep[i]);
  }
  printf("round 4: channels %d %d %d, MACs %llu of %llu\n", b->layers[0].out_c,
         b->layers[3].out_c, b->layers[5].out_c, (unsigned long long)m1,
         (unsigned long long)m0);
  tc_net_free(b);
  tc_net_free(a);
  tc_net_free(z);
  tc_dataset_free(&d);
}

/* Largest |runtime score - fake-quant sigmoid| over the images. */
static double runtime_vs_fakequant(tc_net *n, const tc_dataset *d,
                                   size_t *len_out, size_t *arena_out) {
  uint8_t *bytes = NULL;
  size_t len = 0, need = 0;
  char err[256];
  tc_model m;
  tc_interp it;
  void *arena;
  tc_work *w = tc_work_new(n, d->n);
  float *x = malloc(sizeof(float) * (size_t)d->n * IH * IW);
  const float *y;
  double worst = 0;
  int i, k;
  images(d, x, d->n);
  tc_qat_enable(n);
  tc_net_prepare(n);
  y = tc_forward(n, w, x, d->n, 0, 0);
  CHECK(tc_net_export(n, TC_EXPORT_INT8, &bytes, &len, err, sizeof err) == 0,
        "export: %s", err);
  CHECK(tc_model_load(&m, bytes, len) == TC_OK, "load: %s", m.msg);
  CHECK(tc_model_arena_size(&m, &need) == TC_OK, "arena size");
  arena = malloc(need);
  CHECK(tc_interp_init(&it, &m, arena, need) == TC_OK, "init: %s", it.msg);
  for (i = 0; i < d->n; i++) {
    tc_tensor *in = tc_interp_input(&it, 0), *out = tc_interp_output(&it, 0);
    double s, want = 1.0 / (1.0 + exp(-y[i]));
    for (k = 0; k < IH * IW; k++)
      ((int8_t *)in->data)[k] = (int8_t)(d->pixels[(size_t)i * IH * IW + k] ^ 0x80);
    CHECK(tc_interp_invoke(&it) == TC_OK, "invoke: %s", it.msg);
    s = (((int8_t *)out->data)[0] - out->zero_point) * (double)out->scale;
    if (fabs(s - want) > worst) worst = fabs(s - want);
  }
  *len_out = len;
  *arena_out = need;
  free(arena);
  free(bytes);
  free(x);
  tc_work_free(w);
  return worst;
}

static void test_export(void) {
  tc_net *a = random_net(), *b;
  uint8_t *keep[TC_MAX_LAYERS];
  int chan[TC_MAX_LAYERS], rc, i;
  uint64_t m0, p0;
  size_t la, lb, aa, ab;
  double ea, eb;
  tc_dataset d;
  toy_data(&d, 24, 11);
  CHECK(tc_calibrate(a, &d, TC_CALIB_MINMAX, 8, 0.9f) == 0, "calibrate");
  tc_net_cost(a, &m0, &p0);
  b = pruned_copy(a, m0 * 4 / 10, keep, chan, &rc);
  for (i = 0; i < a->nlayers; i++) free(keep[i]);
  ea = runtime_vs_fakequant(a, &d, &la, &aa);
  eb = runtime_vs_fakequant(b, &d, &lb, &ab);
  printf("unpruned: %zu bytes, arena %zu, max |runtime - fake quant| %.4f\n"
         "pruned:   %zu bytes, arena %zu, max |runtime - fake quant| %.4f\n",
         la, aa, ea, lb, ab, eb);
  CHECK(lb < la && ab < aa, "pruned model %zu/%zu bytes, arena %zu/%zu", lb, la,
        ab, aa);
  /* the int8 output step is 1/256: the runtime equals the trainer's
   * fake-quant forward up to rounding differences of a couple of steps,
   * pruned or not */
  CHECK(ea <= 3.0 / 256 && eb <= 3.0 / 256, "runtime vs fake quant: %.4f %.4f",
        ea, eb);
  tc_net_free(a);
  tc_net_free(b);
  tc_dataset_free(&d);
}

/* ---- the schedule ------------------------------------------------------ */
static volatile sig_atomic_t stop;
static int batches, stop_every;
static void on_batch(void *ctx, const tc_trainer *t, int done, int total,
                     float loss, float acc) {
  (void)ctx, (void)t, (void)done, (void)total, (void)loss, (void)acc;
  if (stop_every && ++batches % stop_every == 0) stop = 1;
}

static tc_trainer *base_trainer(const tc_dataset *tr, const tc_dataset *va,
                                const char *dir) {
  tc_train_cfg c;
  int counts[2];
  char err[512];
  tc_trainer *t;
  tc_train_cfg_default(&c);
  strcpy(c.spec, spec);
  c.in_h = IH;
  c.in_w = IW;
  c.in_c = 1;
  c.epochs = 2;
  c.qat_epochs = 1;
  c.batch = 16;
  c.lr = 5e-3f;
  c.seed = 42;
  c.aug.max_shift = 1;
  tc_dataset_counts(tr, counts);
  t = tc_trainer_new(&c, counts, err, sizeof err);
  CHECK(t && tc_train(t, tr, va, dir, NULL, err, sizeof err) == 0, "train: %s", err);
  return t;
}

static char dir[256];

static tc_trainer *prune_all(const tc_trainer *base, const tc_dataset *tr,
                             const tc_dataset *va, int every) {
  tc_prune_opts o;
  tc_trainer *t;
  tc_train_hooks th;
  tc_prune_hooks ph;
  char err[512], path[300];
  int r, stops = 0;
  tc_prune_opts_default(&o);
  o.macs_frac = 0.5f;
  o.steps = 2;
  o.step_epochs = 1;
  o.recovery_epochs = 1;
  o.qat_epochs = 1;
  o.taylor_images = 64;
  o.round = 1; /* channels of 8, 6, 5: any count */
  t = tc_prune_start(base, &o, tr, va, NULL, err, sizeof err);
  CHECK(t != NULL, "start: %s", err);
  if (!t) exit(1);
  memset(&th, 0, sizeof th);
  th.batch = on_batch;
  th.stop = &stop;
  memset(&ph, 0, sizeof ph);
  ph.train = &th;
  stop = 0;
  batches = 0;
  stop_every = every;
  snprintf(path, sizeof path, "%s/checkpoint.bin", dir);
  CHECK(tc_checkpoint_save(t, path, err, sizeof err) == 0, "save: %s", err);
  while ((r = tc_prune_run(&t, tr, va, dir, &ph, err, sizeof err)) == 1) {
    /* interrupted: continue from the checkpoint, as --resume does */
    tc_trainer_free(t);
    t = tc_checkpoint_load(path, err, sizeof err);
    CHECK(t != NULL, "resume: %s", err);
    if (!t) exit(1);
    stop = 0;
    stops++;
  }
  CHECK(r == 0, "prune run: %s", err);
  if (every) CHECK(stops >= 3, "only %d interruptions", stops);
  return t;
}

static void test_schedule(void) {
  tc_dataset tr, va;
  tc_trainer *base, *a, *b, *c;
  tc_prune_state s;
  uint64_t m0, p0, m1, p1;
  size_t np;
  char cmd[300];
  int i;
  snprintf(dir, sizeof dir, "/tmp/tc_prune_%ld", (long)getpid());
  mkdir(dir, 0755);
  toy_data(&tr, 160, 1);
  toy_data(&va, 60, 2);
  base = base_trainer(&tr, &va, dir);
  tc_net_cost(base->net, &m0, &p0);
  a = prune_all(base, &tr, &va, 0);
  tc_net_cost(a->net, &m1, &p1);
  CHECK(m1 <= m0 / 2 && p1 < p0 && a->net->qat == 1,
        "MACs %llu -> %llu, params %llu -> %llu, qat %d",
        (unsigned long long)m0, (unsigned long long)m1, (unsigned long long)p0,
        (unsigned long long)p1, a->net->qat);
  CHECK(tc_prune_state_load(&s, a) == 0, "state");
  CHECK(s.npoints == 4 && s.points[3].step == 3 && s.nepochs == 4,
        "%d points, %d epochs", s.npoints, s.nepochs);
  for (i = 1; i < s.npoints; i++)
    CHECK(s.points[i].macs <= s.points[i - 1].macs &&
              s.points[i].arena <= s.points[i - 1].arena,
          "point %d grows", i);
  printf("toy: MACs %llu -> %llu, params %llu -> %llu, val int8 %.3f -> %.3f\n",
         (unsigned long long)m0, (unsigned long long)m1, (unsigned long long)p0,
         (unsigned long long)p1, s.points[0].val_acc_int8,
         s.points[s.npoints - 1].val_acc_int8);
  CHECK(s.points[s.npoints - 1].val_acc_int8 > 0.85f, "pruned toy accuracy %.3f",
        s.points[s.npoints - 1].val_acc_int8);
  tc_prune_state_free(&s);
  for (i = 0; i < a->net->nlayers; i++)
    if (tc_prune_is_producer(a->net, i))
      CHECK(a->net->layers[i].out_c >= 1, "layer %d at zero", i);
  /* deterministic, and resumed after every 3 batches == uninterrupted */
  b = prune_all(base, &tr, &va, 0);
  c = prune_all(base, &tr, &va, 3);
  np = tc_net_param_count(a->net) + tc_net_state_count(a->net);
  CHECK(np == tc_net_param_count(b->net) + tc_net_state_count(b->net) &&
            memcmp(tc_net_params(a->net), tc_net_params(b->net), np * 4) == 0,
        "two runs differ");
  CHECK(np == tc_net_param_count(c->net) + tc_net_state_count(c->net) &&
            memcmp(tc_net_params(a->net), tc_net_params(c->net), np * 4) == 0,
        "resumed run differs from the uninterrupted one");
  CHECK(a->ext_len == c->ext_len && memcmp(a->ext, c->ext, 64) == 0,
        "schedule state differs");
  tc_trainer_free(a);
  tc_trainer_free(b);
  tc_trainer_free(c);
  tc_trainer_free(base);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* ---- checkpoint version 3 (before pruning) still loads ---------------- */
static uint64_t fnv1a(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

static size_t str_at(const unsigned char *p, size_t at) {
  uint32_t n = (uint32_t)p[at] | (uint32_t)p[at + 1] << 8 |
               (uint32_t)p[at + 2] << 16 | (uint32_t)p[at + 3] << 24;
  return at + 4 + n;
}

static void test_oldckpt(void) {
  tc_dataset tr, va;
  tc_trainer *t, *l;
  char path[300], err[512], cmd[300];
  unsigned char *b;
  size_t n, at, np;
  FILE *f;
  int i;
  uint64_t h;
  snprintf(dir, sizeof dir, "/tmp/tc_prune_old_%ld", (long)getpid());
  mkdir(dir, 0755);
  toy_data(&tr, 64, 1);
  toy_data(&va, 32, 2);
  t = base_trainer(&tr, &va, dir);
  snprintf(path, sizeof path, "%s/checkpoint.bin", dir);
  CHECK(tc_checkpoint_save(t, path, err, sizeof err) == 0, "save: %s", err);
  f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  n = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  b = malloc(n);
  CHECK(fread(b, 1, n, f) == n && b[7] == 4, "version 4 checkpoint");
  fclose(f);
  /* Rewrite it as version 3 (before pruning) wrote it: the configuration
   * ends at the transfer-learning fields (no channel counts, no --prune)
   * and nothing follows the history (no driver state). */
  at = str_at(b, 8);                /* spec */
  at += 7 * 4 + 4 * 4 + 8 + 4 * 4;  /* sizes, lr.., seed, augmentation */
  for (i = 0; i < 5; i++) at = str_at(b, at); /* data_dir .. idx_labels */
  at += 4 * 2 + 4 + 4 * 3;          /* idx classes, val_fraction, ptq.. */
  at = str_at(b, at);               /* calib_dir */
  at = str_at(b, at);               /* backbone (version 3) */
  at = str_at(b, at);               /* cut */
  at += 6 * 4;                      /* frozen layers .. subset */
  CHECK(b[at] == 0 && b[at + 1] == 0 && b[at + 2] == 0 && b[at + 3] == 0,
        "nchan not at the computed offset");
  memmove(b + at, b + at + 8, n - at - 8); /* nchan 0, prune 0.0 */
  n -= 8;
  n -= 8 + 8; /* the hash and the empty ext (u64 0) before it */
  b[7] = 3;
  h = fnv1a(b, n);
  for (i = 0; i < 8; i++) b[n + (size_t)i] = (unsigned char)(h >> (8 * i));
  n += 8;
  f = fopen(path, "wb");
  CHECK(fwrite(b, 1, n, f) == n, "write");
  fclose(f);
  l = tc_checkpoint_load(path, err, sizeof err);
  CHECK(l != NULL, "version 3 checkpoint: %s", err);
  if (l) {
    np = tc_net_param_count(t->net) + tc_net_state_count(t->net);
    CHECK(l->cfg.nchan == 0 && l->ext == NULL && l->done == t->done &&
              np == tc_net_param_count(l->net) + tc_net_state_count(l->net) &&
              memcmp(tc_net_params(l->net), tc_net_params(t->net), np * 4) == 0,
          "version 3 checkpoint loads other values");
  }
  tc_trainer_free(l);
  tc_trainer_free(t);
  free(b);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", dir);
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "copy")) test_copy();
  else if (!strcmp(what, "export")) test_export();
  else if (!strcmp(what, "schedule")) test_schedule();
  else if (!strcmp(what, "oldckpt")) test_oldckpt();
  else {
    fprintf(stderr, "usage: test_prune copy|export|schedule|oldckpt\n");
    return 2;
  }
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
