/* Helper of test_train_ptq.sh (`tinycnn train --ptq`, export variants and
 * data edge cases end to end).
 *   gen DIR        writes the generated data set (PGM, 16x16 grey):
 *                  DIR/data/{bright: 30, dark: 10} + one broken PNG and one
 *                  text file, DIR/val/{bright, dark: 4 each},
 *                  DIR/calib/{a: 3, b: 2}
 *   check RUN DIR  checks RUN (trained on DIR with --val-dir DIR/val,
 *                  --positive dark, --ptq --calib-dir DIR/calib) against a
 *                  double-precision forward written here:
 *                  - every conv/dense layer's out_min/out_max = the exact
 *                    min/max of its output over the calibration images;
 *                  - RUN/model_float.tflite and the re-exported FLOAT model
 *                    through the runtime = the forward within 1e-5,
 *                    RUN/model_hybrid.tflite within 1e-2, both equal to
 *                    the engine's own float scores (tc_evaluate);
 *                  - class weights n / (2 n_class) and the validation loss
 *                    = the weighted mean of the binary cross-entropies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tinycnn/image.h"
#include "tinycnn/runtime.h"
#include "tinycnn/train.h"
#include "tinycnn/train_engine.h"
#include "support/check.h"

#define S 16

/* ---- gen ---------------------------------------------------------------- */
static uint32_t lcg(uint32_t *s) {
  *s = *s * 1664525u + 1013904223u;
  return *s >> 24;
}

static int write_pgm(const char *dir, const char *sub, const char *name,
                     int base, uint32_t seed) {
  char path[1024];
  FILE *f;
  int x, y;
  snprintf(path, sizeof path, "%s/%s", dir, sub);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/%s/%s.pgm", dir, sub, name);
  if (!(f = fopen(path, "wb"))) return -1;
  fprintf(f, "P5\n%d %d\n255\n", S, S);
  /* A diagonal gradient plus noise: the convolutions see edges. */
  for (y = 0; y < S; y++)
    for (x = 0; x < S; x++) {
      int v = base + 3 * (x - y) + (int)(lcg(&seed) % 41) - 20;
      fputc(v < 0 ? 0 : v > 255 ? 255 : v, f);
    }
  return fclose(f);
}

static int gen(const char *dir) {
  char d[1024], name[32];
  FILE *f;
  int i, bad = 0;
  const char *parts[] = {"data", "val", "calib"};
  mkdir(dir, 0755);
  for (i = 0; i < 3; i++) {
    snprintf(d, sizeof d, "%s/%s", dir, parts[i]);
    mkdir(d, 0755);
  }
  snprintf(d, sizeof d, "%s/data", dir);
  for (i = 0; i < 30; i++) {
    snprintf(name, sizeof name, "b%02d", i);
    bad |= write_pgm(d, "bright", name, 150 + i * 2, 100u + (uint32_t)i);
    if (i < 10) {
      snprintf(name, sizeof name, "d%02d", i);
      bad |= write_pgm(d, "dark", name, 50 + i * 4, 200u + (uint32_t)i);
    }
  }
  snprintf(d, sizeof d, "%s/data/dark/broken.png", dir);
  if ((f = fopen(d, "wb"))) {
    fputs("\x89PNG\r\n\x1a\n this is not a PNG stream", f);
    bad |= fclose(f);
  } else {
    bad = 1;
  }
  snprintf(d, sizeof d, "%s/data/bright/notes.txt", dir);
  if ((f = fopen(d, "w"))) {
    fputs("not an image\n", f);
    bad |= fclose(f);
  } else {
    bad = 1;
  }
  snprintf(d, sizeof d, "%s/val", dir);
  for (i = 0; i < 4; i++) {
    snprintf(name, sizeof name, "vb%d", i);
    bad |= write_pgm(d, "bright", name, 155 + i * 11, 300u + (uint32_t)i);
    snprintf(name, sizeof name, "vd%d", i);
    bad |= write_pgm(d, "dark", name, 55 + i * 9, 400u + (uint32_t)i);
  }
  snprintf(d, sizeof d, "%s/calib", dir);
  for (i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "ca%d", i);
    bad |= write_pgm(d, "a", name, 60 + i * 60, 500u + (uint32_t)i);
  }
  for (i = 0; i < 2; i++) {
    snprintf(name, sizeof name, "cb%d", i);
    bad |= write_pgm(d, "b", name, 20 + i * 200, 600u + (uint32_t)i);
  }
  return bad ? 1 : 0;
}

/* ---- a double-precision forward of a tc_net ------------------------------ */
static int pad_before(int in, int out, int k, int stride, int same) {
  int total;
  if (!same) return 0;
  total = (out - 1) * stride + k - in;
  return total > 0 ? total / 2 : 0;
}

static double act(double v, int a) {
  if (a == TC_LACT_RELU) return v > 0 ? v : 0;
  if (a == TC_LACT_RELU6) return v < 0 ? 0 : v > 6 ? 6 : v;
  return v;
}

/* The logit of one image; per-layer output min/max folded into ranges. */
static double forward(const tc_net *n, const uint8_t *px, double *ranges) {
  static double a[S * S * 64], b[S * S * 64];
  double *x = a, *y = b, *t;
  int i, oy, ox, c, ky, kx, ic, k;
  for (i = 0; i < n->in_h * n->in_w * n->in_c; i++) x[i] = px[i] / 255.0;
  for (i = 0; i < n->nlayers; i++) {
    const tc_layer *l = &n->layers[i];
    int ph = pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
    int pw = pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
    int osz = l->out_h * l->out_w * l->out_c;
    if (l->kind == TC_LAYER_FLATTEN || l->kind == TC_LAYER_DROPOUT) {
      for (k = 0; k < osz; k++) y[k] = x[k];
    } else {
      for (oy = 0; oy < l->out_h; oy++)
        for (ox = 0; ox < l->out_w; ox++)
          for (c = 0; c < l->out_c; c++) {
            double s = 0, m = -1e300;
            if (l->kind == TC_LAYER_DENSE) {
              for (k = 0; k < l->in_c * l->in_h * l->in_w; k++)
                s += x[k] * l->w[(size_t)c * l->in_c * l->in_h * l->in_w + k];
            } else {
              for (ky = 0; ky < l->kh; ky++)
                for (kx = 0; kx < l->kw; kx++) {
                  int iy = oy * l->stride + ky - ph, ix = ox * l->stride + kx - pw;
                  if (iy < 0 || ix < 0 || iy >= l->in_h || ix >= l->in_w) continue;
                  if (l->kind == TC_LAYER_CONV) {
                    for (ic = 0; ic < l->in_c; ic++)
                      s += x[(iy * l->in_w + ix) * l->in_c + ic] *
                           l->w[((c * l->kh + ky) * l->kw + kx) * l->in_c + ic];
                  } else if (l->kind == TC_LAYER_MAXPOOL) {
                    double v = x[(iy * l->in_w + ix) * l->in_c + c];
                    if (v > m) m = v;
                  }
                }
            }
            if (l->kind == TC_LAYER_MAXPOOL) {
              s = m;
            } else {
              s += l->b[c];
              if (l->bn)
                s = l->bn_gamma[c] * (s - l->bn_mean[c]) /
                        sqrt((double)l->bn_var[c] + l->bn_eps) + l->bn_beta[c];
              s = act(s, l->act);
            }
            y[(oy * l->out_w + ox) * l->out_c + c] = s;
          }
    }
    if (ranges)
      for (k = 0; k < osz; k++) {
        if (y[k] < ranges[2 * i]) ranges[2 * i] = y[k];
        if (y[k] > ranges[2 * i + 1]) ranges[2 * i + 1] = y[k];
      }
    t = x;
    x = y;
    y = t;
  }
  return x[0];
}

/* Scores of a .tflite file through the runtime and tc_image_to_tensor. */
static int runtime_scores(const char *path, const tc_dataset *d, float *out) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  long len;
  tc_model m;
  tc_interp it;
  size_t asz = 0;
  void *arena = NULL;
  int i, rc = -1;
  if (!f) return -1;
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)len);
  if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) goto out;
  if (tc_model_load(&m, buf, (size_t)len) != TC_OK ||
      tc_model_arena_size(&m, &asz) != TC_OK || !(arena = malloc(asz)) ||
      tc_interp_init(&it, &m, arena, asz) != TC_OK)
    goto out;
  for (i = 0; i < d->n; i++) {
    tc_image img;
    const tc_tensor *o = tc_interp_output(&it, 0);
    img.data = d->pixels + (size_t)i * d->h * d->w * d->c;
    img.width = d->w;
    img.height = d->h;
    img.stride = 0;
    img.format = TC_PIX_GRAY8;
    if (tc_image_to_tensor(&img, tc_interp_input(&it, 0), NULL) != TC_OK ||
        tc_interp_invoke(&it) != TC_OK)
      goto out;
    out[i] = o->type == TC_INT8
                 ? (float)(((const int8_t *)o->data)[0] - o->zero_point) * o->scale
                 : ((const float *)o->data)[0];
  }
  rc = 0;
out:
  if (f) fclose(f);
  free(buf);
  free(arena);
  return rc;
}

static int check(const char *run, const char *dir) {
  char path[1024], err[512];
  tc_trainer *t;
  tc_net *net;
  tc_dataset cal, val;
  double *ranges;
  float *eng, *rf, *rh, *rq, *rx, loss, acc;
  int i, k;
  snprintf(path, sizeof path, "%s/checkpoint.bin", run);
  t = tc_checkpoint_load(path, err, sizeof err);
  if (!t) {
    printf("FAIL: %s\n", err);
    return 1;
  }
  net = t->net;
  CHECK(t->cfg.ptq == 1 && t->cfg.qat_epochs == 0 && net->qat == 0,
        "ptq %d qat_epochs %d qat %d", t->cfg.ptq, t->cfg.qat_epochs, net->qat);
  for (i = 0; i < t->nhist; i++) CHECK(!t->hist[i].qat, "epoch %d is QAT", i + 1);
  /* 40 training images, 10 positive ('dark'): n / (2 n_class). */
  CHECK(fabsf(t->class_weight[1] - 40.0f / 20.0f) < 1e-6f &&
            fabsf(t->class_weight[0] - 40.0f / 60.0f) < 1e-6f,
        "class weights %g %g", t->class_weight[0], t->class_weight[1]);
  CHECK(!strcmp(net->class_name[1], "dark") && !strcmp(net->class_name[0], "bright"),
        "classes %s %s", net->class_name[0], net->class_name[1]);

  snprintf(path, sizeof path, "%s/calib", dir);
  if (tc_dataset_load_dir(path, S, S, 1, NULL, &cal, stderr, err, sizeof err)) {
    printf("FAIL: %s\n", err);
    return 1;
  }
  snprintf(path, sizeof path, "%s/val", dir);
  if (tc_dataset_load_dir(path, S, S, 1, "dark", &val, stderr, err, sizeof err)) {
    printf("FAIL: %s\n", err);
    return 1;
  }
  CHECK(cal.n == 5 && val.n == 8, "calib %d val %d images", cal.n, val.n);
  ranges = malloc(2 * sizeof(double) * (size_t)net->nlayers);
  for (i = 0; i < net->nlayers; i++) {
    ranges[2 * i] = 1e300;
    ranges[2 * i + 1] = -1e300;
  }
  for (k = 0; k < cal.n; k++) forward(net, cal.pixels + (size_t)k * S * S, ranges);
  for (i = 0; i < net->nlayers; i++) {
    const tc_layer *l = &net->layers[i];
    if (l->kind == TC_LAYER_CONV || l->kind == TC_LAYER_DENSE) {
      double tol = 1e-5 * (1 + fabs(ranges[2 * i + 1]) + fabs(ranges[2 * i]));
      CHECK(fabs(l->out_min - ranges[2 * i]) <= tol &&
                fabs(l->out_max - ranges[2 * i + 1]) <= tol,
            "layer %d range [%.7g, %.7g], calibration images give [%.7g, %.7g]",
            i, l->out_min, l->out_max, ranges[2 * i], ranges[2 * i + 1]);
      printf("layer %d: calibrated [%.6g, %.6g], forward [%.6g, %.6g]\n", i,
             l->out_min, l->out_max, ranges[2 * i], ranges[2 * i + 1]);
    } else if (i > 0) {
      CHECK(l->out_min == net->layers[i - 1].out_min &&
                l->out_max == net->layers[i - 1].out_max,
            "layer %d (no weights) does not keep its input's range", i);
    }
  }

  eng = calloc((size_t)val.n, sizeof(float));
  rf = calloc((size_t)val.n, sizeof(float));
  rh = calloc((size_t)val.n, sizeof(float));
  rq = calloc((size_t)val.n, sizeof(float));
  rx = calloc((size_t)val.n, sizeof(float));
  CHECK(tc_evaluate(net, &val, t->class_weight, &loss, &acc, eng) == 0, "evaluate");
  snprintf(path, sizeof path, "%s/model_float.tflite", run);
  CHECK(runtime_scores(path, &val, rf) == 0, "%s does not run", path);
  snprintf(path, sizeof path, "%s/model_hybrid.tflite", run);
  CHECK(runtime_scores(path, &val, rh) == 0, "%s does not run", path);
  snprintf(path, sizeof path, "%s/model.tflite", run);
  CHECK(runtime_scores(path, &val, rq) == 0, "%s does not run", path);
  snprintf(path, sizeof path, "%s/reexported_float.tflite", run);
  CHECK(runtime_scores(path, &val, rx) == 0, "%s does not run", path);
  {
    double wl = 0, ef = 0, eh = 0, eq = 0;
    for (k = 0; k < val.n; k++) {
      double z = forward(net, val.pixels + (size_t)k * S * S, NULL);
      double p = 1 / (1 + exp(-z)), y = val.labels[k];
      wl += t->class_weight[val.labels[k]] *
            -(y * log(p) + (1 - y) * log(1 - p));
      CHECK(fabs(rf[k] - p) <= 1e-5, "float model image %d: %.7f, forward %.7f", k, rf[k], p);
      CHECK(rx[k] == rf[k], "re-exported float model image %d: %.7f vs %.7f", k, rx[k], rf[k]);
      CHECK(fabs(eng[k] - p) <= 1e-5, "engine image %d: %.7f, forward %.7f", k, eng[k], p);
      CHECK(fabs(rh[k] - eng[k]) <= 1e-2, "hybrid model image %d: %.5f, engine %.5f", k, rh[k], eng[k]);
      if (fabs(rf[k] - eng[k]) > ef) ef = fabs(rf[k] - eng[k]);
      if (fabs(rh[k] - eng[k]) > eh) eh = fabs(rh[k] - eng[k]);
      if (fabs(rq[k] - eng[k]) > eq) eq = fabs(rq[k] - eng[k]);
    }
    wl /= val.n;
    CHECK(fabs(loss - wl) <= 1e-4 * (1 + wl), "weighted val loss %.6f, want %.6f", loss, wl);
    printf("max |score - engine float|: float %.2g, hybrid %.2g, int8 (PTQ) %.2g; "
           "weighted val loss %.5f\n", ef, eh, eq, wl);
  }
  free(ranges);
  free(eng);
  free(rf);
  free(rh);
  free(rq);
  free(rx);
  tc_dataset_free(&cal);
  tc_dataset_free(&val);
  tc_trainer_free(t);
  return failures ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "gen")) return gen(argv[2]);
  if (argc == 4 && !strcmp(argv[1], "check")) {
    int r = check(argv[2], argv[3]);
    printf("%s\n", r ? "FAILED" : "OK");
    return r;
  }
  fprintf(stderr, "usage: test_train_ptq gen DIR | check RUN DIR\n");
  return 2;
}
