/* Training engine: forward against a naive reference, gradients against
 * finite differences, a separable toy problem, resume equivalence and
 * checkpoint atomicity.  test_train_engine grad|forward|toy|resume|atomic */
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tinycnn/train_engine.h"
#include "support/check.h"

static tc_net *build(const char *spec, int h, int w, int c, uint64_t seed) {
  char err[512];
  tc_net *net = tc_net_build(spec, h, w, c, seed, err, sizeof err);
  if (!net) {
    fprintf(stderr, "FAIL build %s: %s\n", spec, err);
    exit(1);
  }
  return net;
}

/* ---- naive reference forward (double, inference, no bn/dropout) ------ */
static int ref_pad(int in, int out, int k, int s, int same) {
  int t = (out - 1) * s + k - in;
  return same && t > 0 ? t / 2 : 0;
}

static double refact(int act, double v) {
  if (act && v < 0) v = 0;
  if (act == TC_LACT_RELU6 && v > 6) v = 6;
  return v;
}

/* One image through the stack, a fresh buffer per layer. */
static double ref_forward(const tc_net *net, const float *x) {
  int i, H = net->in_h, W = net->in_w, C = net->in_c;
  double *in = malloc(sizeof(double) * (size_t)H * W * C), *out = NULL, r;
  for (i = 0; i < H * W * C; i++) in[i] = x[i];
  for (i = 0; i < net->nlayers; i++) {
    const tc_layer *l = &net->layers[i];
    int OH, OW, OC, oy, ox, o, ky, kx, c;
    if (l->kind == TC_LAYER_FLATTEN || l->kind == TC_LAYER_DROPOUT) continue;
    if (l->kind == TC_LAYER_DENSE) {
      int K = H * W * C;
      out = malloc(sizeof(double) * (size_t)l->out_c);
      for (o = 0; o < l->out_c; o++) {
        double s = l->b[o];
        for (c = 0; c < K; c++) s += (double)l->w[(size_t)o * K + c] * in[c];
        out[o] = refact(l->act, s);
      }
      H = W = 1;
      C = l->out_c;
    } else {
      int kh = l->kh, kw = l->kw, st = l->stride, ph, pw;
      OH = l->same ? (H + st - 1) / st : (H - kh) / st + 1;
      OW = l->same ? (W + st - 1) / st : (W - kw) / st + 1;
      OC = l->kind == TC_LAYER_CONV ? l->out_c : C;
      ph = ref_pad(H, OH, kh, st, l->same);
      pw = ref_pad(W, OW, kw, st, l->same);
      out = malloc(sizeof(double) * (size_t)OH * OW * OC);
      for (oy = 0; oy < OH; oy++)
        for (ox = 0; ox < OW; ox++)
          for (o = 0; o < OC; o++) {
            double s = 0, mx = -1e300;
            int cnt = 0;
            if (l->kind == TC_LAYER_CONV || l->kind == TC_LAYER_DWCONV) s = l->b[o];
            for (ky = 0; ky < kh; ky++)
              for (kx = 0; kx < kw; kx++) {
                int iy = oy * st - ph + ky, ix = ox * st - pw + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                if (l->kind == TC_LAYER_CONV) {
                  for (c = 0; c < C; c++)
                    s += in[(iy * W + ix) * C + c] *
                         l->w[((o * kh + ky) * kw + kx) * C + c];
                } else if (l->kind == TC_LAYER_DWCONV) {
                  s += in[(iy * W + ix) * C + o] * l->w[(ky * kw + kx) * C + o];
                } else {
                  double v = in[(iy * W + ix) * C + o];
                  s += v;
                  if (v > mx) mx = v;
                  cnt++;
                }
              }
            if (l->kind == TC_LAYER_MAXPOOL) s = mx;
            else if (l->kind == TC_LAYER_AVGPOOL) s /= cnt;
            out[(oy * OW + ox) * OC + o] = refact(l->act, s);
          }
      H = OH;
      W = OW;
      C = OC;
    }
    free(in);
    in = out;
  }
  r = in[0];
  free(in);
  return r;
}

static void randomize(float *v, size_t n, tc_rng *r, float lo, float hi) {
  size_t i;
  for (i = 0; i < n; i++) v[i] = lo + (hi - lo) * tc_rng_uniform(r);
}

static void test_forward(void) {
  static const char *specs[] = {
      "c4k3r,p2,f,fc1", "c3k3s2v,ap2,fc1", "c5k3s2r6,dw3r,p3s2,c2k1,gap,fc1",
      "p3s2,c2k5s3,ap3s2,d0.5,fc3r,fc1", "dw3s2v,c3k2s2,p2v,f,fc1"};
  size_t s;
  for (s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    tc_net *net = build(specs[s], 9, 11, 3, 7 + s);
    tc_work *w = tc_work_new(net, 4);
    size_t isz = 9 * 11 * 3, i;
    float *x = malloc(4 * isz * sizeof(float));
    tc_rng r;
    const float *y;
    int k;
    tc_rng_seed(&r, 99 + s);
    randomize(x, 4 * isz, &r, 0, 1);
    for (k = 0; k < net->nlayers; k++) /* non-zero biases */
      if (net->layers[k].b)
        for (i = 0; i < (size_t)net->layers[k].out_c; i++)
          net->layers[k].b[i] = 0.1f * (float)i - 0.05f;
    tc_net_prepare(net);
    y = tc_forward(net, w, x, 4, 0, 0);
    for (k = 0; k < 4; k++) {
      double ref = ref_forward(net, x + k * isz);
      CHECK(fabs(y[k] - ref) <= 1e-5 + 1e-5 * fabs(ref),
            "forward %s image %d: %.8f, reference %.8f", specs[s], k, y[k], ref);
    }
    free(x);
    tc_work_free(w);
    tc_net_free(net);
  }
}

/* ---- gradients vs central differences ---------------------------------- */
static double loss_of(tc_net *net, tc_work *w, const float *x, int n,
                      const float *c) {
  const float *y;
  double L = 0;
  int i;
  tc_net_prepare(net);
  y = tc_forward(net, w, x, n, 1, 1234);
  for (i = 0; i < n; i++) L += (double)c[i] * y[i];
  return L;
}

/* Compares grad[i] with differences at steps h and h/2: a coordinate where
 * the two disagree sits on a kink (relu, max) and is skipped. */
static void check_coord(const char *what, const char *spec, size_t idx,
                        float *p, float g, tc_net *net, tc_work *w,
                        const float *x, int n, const float *c, int *skipped) {
  float save = *p;
  double h = 2e-3, fd[2];
  int k;
  for (k = 0; k < 2; k++, h /= 2) {
    double lp, lm;
    *p = (float)(save + h);
    lp = loss_of(net, w, x, n, c);
    *p = (float)(save - h);
    lm = loss_of(net, w, x, n, c);
    fd[k] = (lp - lm) / (((double)(float)(save + h)) - (double)(float)(save - h));
  }
  *p = save;
  if (fabs(fd[0] - fd[1]) > 1e-3 + 1e-2 * fabs(fd[1])) {
    (*skipped)++;
    return;
  }
  CHECK(fabs(g - fd[1]) <= 2e-3 + 1e-2 * fabs(fd[1]),
        "%s: d/d%s[%zu] = %.6f, finite difference %.6f", spec, what, idx, g,
        fd[1]);
}

static void test_grad(void) {
  static const char *specs[] = {
      "c4k3r,p2,f,fc1",
      "c3k3s2v,ap2,fc1",
      "c4k3r6,bn,dw3s2r,bn,gap,fc1",
      "c4k1,dw3r,d0.5,f,fc2r,fc1",
      "p3s2,c3k3,ap3s2,fc1",
      "c3k3,bn,p2,f,fc4,bn,fc1"};
  size_t s;
  for (s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    const int n = 3;
    tc_net *net = build(specs[s], 7, 6, 3, 11 + s);
    tc_work *w = tc_work_new(net, n);
    size_t isz = 7 * 6 * 3, np = tc_net_param_count(net), i, checked = 0;
    float *x = malloc(n * isz * sizeof(float)), *dx = malloc(n * isz * sizeof(float));
    float *g = malloc(np * sizeof(float)), *p = tc_net_params(net);
    float c[3] = {0.7f, -1.3f, 0.4f};
    int skipped = 0, k;
    tc_rng r;
    tc_rng_seed(&r, 5 + s);
    randomize(x, n * isz, &r, 0, 1);
    for (k = 0; k < net->nlayers; k++) /* break symmetry of bn gamma/beta */
      if (net->layers[k].bn)
        for (i = 0; i < (size_t)net->layers[k].out_c; i++) {
          net->layers[k].bn_gamma[i] = 0.8f + 0.1f * (float)i;
          net->layers[k].bn_beta[i] = 0.2f - 0.05f * (float)i;
        }
    loss_of(net, w, x, n, c);
    tc_backward(net, w, c, g, dx);
    for (i = 0; i < np; i += 1 + np / 150, checked++)
      check_coord("param", specs[s], i, &p[i], g[i], net, w, x, n, c, &skipped);
    for (i = 0; i < n * isz; i += 1 + n * isz / 60, checked++)
      check_coord("input", specs[s], i, &x[i], dx[i], net, w, x, n, c, &skipped);
    CHECK(skipped * 10 <= (int)checked, "%s: %d of %zu coordinates on kinks",
          specs[s], skipped, checked);
    printf("grad %-32s %zu coordinates, %d on kinks skipped\n", specs[s],
           checked, skipped);
    free(x);
    free(dx);
    free(g);
    tc_work_free(w);
    tc_net_free(net);
  }
  {
    float dz;
    double l = tc_bce_logit(0.0f, 1, 2.0f, &dz);
    CHECK(fabs(l - 2 * log(2.0)) < 1e-9 && fabs(dz + 1.0f) < 1e-6,
          "bce(0, 1) x2 = %f, dz %f", l, dz);
    l = tc_bce_logit(-40.0f, 1, 1.0f, &dz);
    CHECK(fabs(l - 40.0) < 1e-6 && fabs(dz + 1.0f) < 1e-6, "bce(-40, 1) = %f", l);
    l = tc_bce_logit(3.0f, 0, 1.0f, &dz);
    CHECK(fabs(l - (3.0 + log1p(exp(-3.0)))) < 1e-9 &&
              fabs(dz - 1.0 / (1.0 + exp(-3.0))) < 1e-6,
          "bce(3, 0) = %f dz %f", l, dz);
  }
}

/* ---- training on a synthetic problem ---------------------------------- */
/* Bright vs dark 12x12 grey images with noise; 30% positives. */
static void toy_data(tc_dataset *d, int n, uint64_t seed) {
  tc_rng r;
  int i, k;
  memset(d, 0, sizeof *d);
  d->h = d->w = 12;
  d->c = 1;
  d->n = n;
  d->pixels = malloc((size_t)n * 144);
  d->labels = malloc((size_t)n);
  strcpy(d->class_name[0], "dark");
  strcpy(d->class_name[1], "bright");
  tc_rng_seed(&r, seed);
  for (i = 0; i < n; i++) {
    int pos = tc_rng_uniform(&r) < 0.3f;
    d->labels[i] = (uint8_t)pos;
    for (k = 0; k < 144; k++) {
      float v = (pos ? 150.0f : 100.0f) + 90.0f * (tc_rng_uniform(&r) - 0.5f);
      d->pixels[(size_t)i * 144 + k] = (uint8_t)v;
    }
  }
}

static void toy_cfg(tc_train_cfg *c) {
  tc_train_cfg_default(c);
  strcpy(c->spec, "c4k3r,bn,p2,d0.2,f,fc1");
  c->in_h = c->in_w = 12;
  c->in_c = 1;
  c->epochs = 4;
  c->batch = 16;
  c->qat_epochs = 1;
  c->lr = 5e-3f;
  c->seed = 42;
  c->aug.max_shift = 1;
}

static char run_dir[256];

static void make_run_dir(const char *tag) {
  snprintf(run_dir, sizeof run_dir, "/tmp/tc_train_%s_%ld", tag, (long)getpid());
  mkdir(run_dir, 0755);
}

static void cleanup_run_dir(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", run_dir);
  if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", run_dir);
}

static tc_trainer *toy_trainer(const tc_dataset *tr) {
  tc_train_cfg c;
  int counts[2];
  char err[512];
  tc_trainer *t;
  toy_cfg(&c);
  tc_dataset_counts(tr, counts);
  t = tc_trainer_new(&c, counts, err, sizeof err);
  if (!t) {
    fprintf(stderr, "FAIL trainer: %s\n", err);
    exit(1);
  }
  return t;
}

static void test_toy(void) {
  tc_dataset tr, va;
  tc_trainer *t;
  char err[512];
  float loss, acc, cw[2] = {1, 1};
  int r, i, npos = 0;
  toy_data(&tr, 400, 1);
  toy_data(&va, 200, 2);
  make_run_dir("toy");
  t = toy_trainer(&tr);
  /* Class weights: 400 / (2 * count) for each class. */
  for (i = 0; i < tr.n; i++) npos += tr.labels[i];
  CHECK(fabsf(t->class_weight[1] - 400.0f / (2.0f * npos)) < 1e-5f &&
            fabsf(t->class_weight[0] - 400.0f / (2.0f * (400 - npos))) < 1e-5f,
        "class weights %f %f for %d positives", t->class_weight[0],
        t->class_weight[1], npos);
  r = tc_train(t, &tr, &va, run_dir, NULL, err, sizeof err);
  CHECK(r == 0, "train: %d %s", r, err);
  CHECK(t->net->qat == 1, "QAT not on at the end");
  CHECK(t->nhist == 4, "%d epochs in history", t->nhist);

  tc_evaluate(t->net, &va, cw, &loss, &acc, NULL);
  printf("toy: val accuracy %.3f (int8 fake-quant), loss %.4f, %.0f images/s\n",
         acc, loss, t->hist[0].images_per_s);
  CHECK(acc > 0.95f, "toy accuracy %.3f <= 0.95", acc);
  {
    FILE *f;
    char path[512], line[256];
    int rows = -1;
    snprintf(path, sizeof path, "%s/metrics.csv", run_dir);
    f = fopen(path, "r");
    CHECK(f != NULL, "no metrics.csv");
    while (f && fgets(line, sizeof line, f)) rows++;
    if (f) fclose(f);
    CHECK(rows == 4, "metrics.csv has %d rows", rows);
  }
  tc_trainer_free(t);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  cleanup_run_dir();
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  unsigned char *p;
  long len;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  p = malloc((size_t)len + 1);
  *n = fread(p, 1, (size_t)len, f);
  fclose(f);
  return p;
}

static void test_resume(void) {
  tc_dataset tr, va;
  tc_trainer *a, *b;
  tc_train_hooks h;
  char err[512], path[512];
  size_t np;
  int r;
  toy_data(&tr, 300, 3);
  toy_data(&va, 100, 4);
  make_run_dir("resume");
  snprintf(path, sizeof path, "%s/checkpoint.bin", run_dir);
  /* Uninterrupted: all 4 epochs (3 float + 1 QAT). */
  a = toy_trainer(&tr);
  r = tc_train(a, &tr, &va, run_dir, NULL, err, sizeof err);
  CHECK(r == 0, "train: %s", err);
  /* Interrupted after 2 epochs, then from the checkpoint file. */
  b = toy_trainer(&tr);
  memset(&h, 0, sizeof h);
  h.max_epochs = 2;
  r = tc_train(b, &tr, &va, run_dir, &h, err, sizeof err);
  CHECK(r == 1 && b->epoch == 2, "stop after 2: r=%d epoch %d", r, b->epoch);
  tc_trainer_free(b);
  b = tc_checkpoint_load(path, err, sizeof err);
  CHECK(b != NULL, "load: %s", err);
  if (b) {
    /* ...and once more mid-epoch: stop after the first batch. */
    volatile sig_atomic_t stop = 1;
    memset(&h, 0, sizeof h);
    h.stop = &stop;
    r = tc_train(b, &tr, &va, run_dir, &h, err, sizeof err);
    CHECK(r == 1 && b->batch_pos == 1, "stop after a batch: r=%d pos %d", r,
          b->batch_pos);
    tc_trainer_free(b);
    b = tc_checkpoint_load(path, err, sizeof err);
    CHECK(b != NULL, "load: %s", err);
  }
  if (b) {
    r = tc_train(b, &tr, &va, run_dir, NULL, err, sizeof err);
    CHECK(r == 0, "resumed train: %s", err);
    np = tc_net_param_count(a->net) + tc_net_state_count(a->net);
    CHECK(np == tc_net_param_count(b->net) + tc_net_state_count(b->net) &&
              memcmp(tc_net_params(a->net), tc_net_params(b->net),
                     np * sizeof(float)) == 0,
          "resumed weights differ from the uninterrupted run");
    CHECK(memcmp(a->adam.m, b->adam.m, tc_net_param_count(a->net) * 4) == 0 &&
              a->adam.t == b->adam.t,
          "Adam state differs");
    CHECK(a->nhist == b->nhist &&
              a->hist[a->nhist - 1].val_loss == b->hist[b->nhist - 1].val_loss,
          "history differs");
    {
      int i;
      for (i = 0; i < a->net->nlayers; i++)
        CHECK(a->net->layers[i].out_min == b->net->layers[i].out_min &&
                  a->net->layers[i].out_max == b->net->layers[i].out_max,
              "layer %d range differs", i);
    }
    printf("resume: %zu floats identical after 2 + 1 batch + rest vs 4 epochs\n", np);
    tc_trainer_free(b);
  }
  tc_trainer_free(a);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  cleanup_run_dir();
}

/* A failing write (file size limit in a child) leaves the previous
 * checkpoint byte-identical and no temporary file behind. */
static void test_atomic(void) {
  tc_dataset tr;
  tc_trainer *t;
  char err[512], path[512], tmp[600];
  unsigned char *before, *after;
  size_t nb, na;
  pid_t pid;
  int st;
  toy_data(&tr, 50, 5);
  make_run_dir("atomic");
  snprintf(path, sizeof path, "%s/checkpoint.bin", run_dir);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  t = toy_trainer(&tr);
  CHECK(tc_checkpoint_save(t, path, err, sizeof err) == 0, "save: %s", err);
  before = slurp(path, &nb);
  CHECK(before && nb > 1000, "checkpoint of %zu bytes", nb);
  tc_net_params(t->net)[0] += 1.0f; /* a different state to save */
  t->epoch = 3;
  pid = fork();
  if (pid == 0) {
    struct rlimit rl = {512, 512};
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &rl);
    _exit(tc_checkpoint_save(t, path, err, sizeof err) == 0 ? 0 : 3);
  }
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3,
        "save under a 512-byte file limit should fail (status %d)", st);
  after = slurp(path, &na);
  CHECK(after && na == nb && memcmp(before, after, nb) == 0,
        "the previous checkpoint changed (%zu -> %zu bytes)", nb, na);
  CHECK(access(tmp, F_OK) != 0, "temporary file left behind");
  {
    tc_trainer *l = tc_checkpoint_load(path, err, sizeof err);
    CHECK(l && l->epoch == 0, "old checkpoint must still load: %s", err);
    tc_trainer_free(l);
  }
  /* A truncated file is refused, not half-loaded. */
  {
    FILE *f = fopen(path, "wb");
    tc_trainer *l;
    fwrite(before, 1, nb / 2, f);
    fclose(f);
    l = tc_checkpoint_load(path, err, sizeof err);
    CHECK(l == NULL && strstr(err, "checksum"), "truncated checkpoint: %s", err);
    tc_trainer_free(l);
  }
  free(before);
  free(after);
  tc_trainer_free(t);
  tc_dataset_free(&tr);
  cleanup_run_dir();
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "grad";
  if (!strcmp(what, "forward")) test_forward();
  else if (!strcmp(what, "grad")) test_grad();
  else if (!strcmp(what, "toy")) test_toy();
  else if (!strcmp(what, "resume")) test_resume();
  else if (!strcmp(what, "atomic")) test_atomic();
  else {
    fprintf(stderr, "usage: test_train_engine forward|grad|toy|resume|atomic\n");
    return 2;
  }
  if (failures) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("OK %s\n", what);
  return 0;
}
