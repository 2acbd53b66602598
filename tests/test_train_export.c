/* Trainer export side: quantization rules (hand values), the net exporter
 * (our runtime vs a float forward pass written here), model_data.c/.h,
 * and the metrics (hand-computed).
 *   test_train_export                 everything
 *   test_train_export --write DIR     also leave DIR/model.tflite and
 *                                     DIR/model_data.c/.h (compile test)
 *   test_train_export --report DIR    only the report, left in DIR */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinycnn/eval.h"
#include "tinycnn/export.h"
#include "tinycnn/train.h"
#include "support/check.h"

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

static void test_qparams(void) {
  float s;
  int32_t zp;
  /* [0, 2.55]: scale 0.01, 0.0 at the bottom of the int8 range. */
  tc_qparams_act(0.0f, 2.55f, &s, &zp);
  CHECK(near(s, 0.01, 1e-8) && zp == -128, "act [0,2.55]: %g %d", s, (int)zp);
  /* A range above zero is widened to contain it. */
  tc_qparams_act(0.5f, 1.0f, &s, &zp);
  CHECK(near(s, 1.0 / 255, 1e-9) && zp == -128, "act [.5,1]: %g %d", s, (int)zp);
  /* All negative: [-3, 0], 0.0 at the top. */
  tc_qparams_act(-3.0f, -1.0f, &s, &zp);
  CHECK(near(s, 3.0 / 255, 1e-9) && zp == 127, "act [-3,-1]: %g %d", s, (int)zp);
  /* [-1, 1.55]: 2.55 / 255 = 0.01, zp = -128 + 1 / 0.01 = -28. */
  tc_qparams_act(-1.0f, 1.55f, &s, &zp);
  CHECK(near(s, 0.01, 1e-8) && zp == -28, "act [-1,1.55]: %g %d", s, (int)zp);
  /* [-1, 1]: zp = -128 + 127.5 rounds half away from zero to -1 or 0
   * depending on the float quotient; TFLite computes it in float too: the
   * formula in float. */
  tc_qparams_act(-1.0f, 1.0f, &s, &zp);
  {
    float ss = 2.0f / 255.0f;
    int32_t ez = (int32_t)roundf(-128.0f - (-1.0f) / ss);
    CHECK(s == ss && zp == ez, "act [-1,1]: %g %d (want %g %d)", s, (int)zp, ss, (int)ez);
  }
  /* Degenerate range: a usable positive scale, 0 representable. */
  tc_qparams_act(0.0f, 0.0f, &s, &zp);
  CHECK(s > 0.0f && zp == -128, "act [0,0]: %g %d", s, (int)zp);

  {
    const float w[] = {0.5f, -1.27f, 0.3f};
    const float w2[] = {1.0f, -20.0f, 3.0f, -40.0f}; /* stride 2: 1, 3 */
    const float z[] = {0.0f, 0.0f};
    CHECK(near(tc_qparams_weight_scale(w, 3, 1), 0.01, 1e-8), "w scale %g",
          tc_qparams_weight_scale(w, 3, 1));
    CHECK(near(tc_qparams_weight_scale(w2, 2, 2), 3.0 / 127, 1e-8), "w stride");
    CHECK(tc_qparams_weight_scale(z, 2, 1) > 0.0f, "all-zero channel");
  }
  /* Fake quantization: halves away from zero, clamped to int8. */
  CHECK(tc_fake_quant(0.75f, 0.5f, 0) == 1.0f, "fq 1.5 -> 2");
  CHECK(tc_fake_quant(-0.75f, 0.5f, 0) == -1.0f, "fq -1.5 -> -2");
  CHECK(tc_fake_quant(0.25f, 0.5f, 0) == 0.5f, "fq .5 -> 1");
  CHECK(tc_fake_quant(0.2f, 0.5f, 0) == 0.0f, "fq .4 -> 0");
  CHECK(tc_fake_quant(100.0f, 0.5f, 0) == 63.5f, "fq clamp 127");
  CHECK(tc_fake_quant(-100.0f, 0.5f, 0) == -64.0f, "fq clamp -128");
  /* zp -28: q in [-128, 127] covers [-100, 155] steps. */
  CHECK(tc_fake_quant(200.0f, 1.0f, -28) == 155.0f, "fq zp clamp hi");
  CHECK(tc_fake_quant(-200.0f, 1.0f, -28) == -100.0f, "fq zp clamp lo");
  CHECK(tc_fake_quant(3.5f, 1.0f, -28) == 4.0f, "fq zp round");
}

/* ---- a small network, filled by hand ------------------------------------
 * 12x12x3 -> conv 3x3 8 same relu + bn -> depthwise 3x3 s2 same relu ->
 * maxpool 2 -> conv 3x3 16 same relu -> global avgpool -> flatten ->
 * dropout -> dense 1. Covers every layer kind the exporter writes; conv2
 * (1152 weights) is the one a dynamic-range converter quantizes. */
#define NL 8
#define IH 12
#define IW 12
#define IC 3

static uint32_t lcg = 12345u;
static float frand(void) { /* [-1, 1) */
  lcg = lcg * 1664525u + 1013904223u;
  return (float)((lcg >> 8) & 0xffffff) / 8388608.0f - 1.0f;
}

static void set_geom(tc_layer *l, int kind, int k, int stride, int same,
                     int act, int ih, int iw, int ic, int oh, int ow, int oc) {
  memset(l, 0, sizeof *l);
  l->kind = kind; l->kh = l->kw = k; l->stride = stride; l->same = same;
  l->act = act; l->in_h = ih; l->in_w = iw; l->in_c = ic;
  l->out_h = oh; l->out_w = ow; l->out_c = oc;
}

static void alloc_wb(tc_layer *l, size_t nw, float gain) {
  size_t i;
  l->nw = nw;
  l->w = malloc(nw * sizeof(float));
  l->b = malloc((size_t)l->out_c * sizeof(float));
  for (i = 0; i < nw; i++) l->w[i] = frand() * gain;
  for (i = 0; i < (size_t)l->out_c; i++) l->b[i] = 0.1f * frand();
}

static tc_net *build_net(void) {
  tc_net *n = calloc(1, sizeof *n);
  tc_layer *L = calloc(NL, sizeof *L);
  int c;
  n->in_h = IH; n->in_w = IW; n->in_c = IC;
  n->nlayers = NL;
  n->layers = L;
  n->threshold = 0.5f;
  strcpy(n->class_name[0], "neg");
  strcpy(n->class_name[1], "pos");
  set_geom(&L[0], TC_LAYER_CONV, 3, 1, 1, TC_LACT_RELU, 12, 12, IC, 12, 12, 8);
  alloc_wb(&L[0], 8 * 9 * IC, 0.6f);
  L[0].bn = 1;
  L[0].bn_eps = 1e-3f;
  L[0].bn_gamma = malloc(8 * sizeof(float));
  L[0].bn_beta = malloc(8 * sizeof(float));
  L[0].bn_mean = malloc(8 * sizeof(float));
  L[0].bn_var = malloc(8 * sizeof(float));
  for (c = 0; c < 8; c++) {
    L[0].bn_gamma[c] = 1.0f + 0.3f * frand();
    L[0].bn_beta[c] = 0.2f * frand();
    L[0].bn_mean[c] = 0.3f * frand();
    L[0].bn_var[c] = 0.5f + 0.4f * frand();
  }
  set_geom(&L[1], TC_LAYER_DWCONV, 3, 2, 1, TC_LACT_RELU, 12, 12, 8, 6, 6, 8);
  alloc_wb(&L[1], 9 * 8, 0.5f);
  set_geom(&L[2], TC_LAYER_MAXPOOL, 2, 2, 0, 0, 6, 6, 8, 3, 3, 8);
  set_geom(&L[3], TC_LAYER_CONV, 3, 1, 1, TC_LACT_RELU, 3, 3, 8, 3, 3, 16);
  alloc_wb(&L[3], 16 * 9 * 8, 0.25f);
  set_geom(&L[4], TC_LAYER_AVGPOOL, 3, 1, 0, 0, 3, 3, 16, 1, 1, 16);
  set_geom(&L[5], TC_LAYER_FLATTEN, 0, 1, 0, 0, 1, 1, 16, 1, 1, 16);
  set_geom(&L[6], TC_LAYER_DROPOUT, 0, 1, 0, 0, 1, 1, 16, 1, 1, 16);
  L[6].dropout = 0.25f;
  set_geom(&L[7], TC_LAYER_DENSE, 0, 1, 0, TC_LACT_NONE, 1, 1, 16, 1, 1, 1);
  alloc_wb(&L[7], 16, 1.5f);
  return n;
}

static void free_net(tc_net *n) {
  int i;
  for (i = 0; i < n->nlayers; i++) {
    tc_layer *l = &n->layers[i];
    free(l->w); free(l->b); free(l->bn_gamma); free(l->bn_beta);
    free(l->bn_mean); free(l->bn_var);
  }
  free(n->layers);
  free(n);
}

/* ---- the float forward pass, in double, batch norm not folded ---------- */
static int pad_before(int in, int out, int k, int s, int same) {
  int t = (out - 1) * s + k - in;
  return same && t > 0 ? t / 2 : 0;
}

static double act(double v, int a) {
  if (a == TC_LACT_RELU) return v > 0 ? v : 0;
  if (a == TC_LACT_RELU6) return v < 0 ? 0 : v > 6 ? 6 : v;
  return v;
}

/* x: in_h*in_w*in_c doubles; returns the logit; ranges[2*i] min/max of
 * each layer's output are widened when not NULL. */
static double forward(const tc_net *n, const uint8_t *px, double *ranges) {
  static double a[IH * IW * 64], b[IH * IW * 64];
  double *x = a, *y = b, *t;
  int i, oy, ox, c, ky, kx, ic;
  for (i = 0; i < IH * IW * IC; i++) x[i] = px[i] / 255.0;
  for (i = 0; i < n->nlayers; i++) {
    const tc_layer *l = &n->layers[i];
    int ph = pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
    int pw = pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
    int osz = l->out_h * l->out_w * l->out_c, k;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++)
        for (c = 0; c < l->out_c; c++) {
          double s = 0, m = -1e300;
          int cnt = 0;
          if (l->kind == TC_LAYER_FLATTEN || l->kind == TC_LAYER_DROPOUT) {
            s = x[c];
          } else if (l->kind == TC_LAYER_DENSE) {
            for (k = 0; k < l->in_c; k++) s += x[k] * l->w[c * l->in_c + k];
            s += l->b[c];
          } else {
            for (ky = 0; ky < l->kh; ky++)
              for (kx = 0; kx < l->kw; kx++) {
                int iy = oy * l->stride + ky - ph, ix = ox * l->stride + kx - pw;
                if (iy < 0 || ix < 0 || iy >= l->in_h || ix >= l->in_w) continue;
                if (l->kind == TC_LAYER_CONV) {
                  for (ic = 0; ic < l->in_c; ic++)
                    s += x[(iy * l->in_w + ix) * l->in_c + ic] *
                         l->w[((c * l->kh + ky) * l->kw + kx) * l->in_c + ic];
                } else if (l->kind == TC_LAYER_DWCONV) {
                  s += x[(iy * l->in_w + ix) * l->in_c + c] *
                       l->w[(ky * l->kw + kx) * l->out_c + c];
                } else {
                  double v = x[(iy * l->in_w + ix) * l->in_c + c];
                  s += v;
                  if (v > m) m = v;
                  cnt++;
                }
              }
            if (l->kind == TC_LAYER_MAXPOOL) s = m;
            else if (l->kind == TC_LAYER_AVGPOOL) s /= cnt;
            else s += l->b[c];
          }
          if (l->bn)
            s = l->bn_gamma[c] * (s - l->bn_mean[c]) /
                    sqrt((double)l->bn_var[c] + l->bn_eps) + l->bn_beta[c];
          y[(oy * l->out_w + ox) * l->out_c + c] = act(s, l->act);
        }
    if (ranges)
      for (k = 0; k < osz; k++) {
        if (y[k] < ranges[2 * i]) ranges[2 * i] = y[k];
        if (y[k] > ranges[2 * i + 1]) ranges[2 * i + 1] = y[k];
      }
    t = x; x = y; y = t;
  }
  return x[0];
}

#define NIMG 12
static uint8_t images[NIMG][IH * IW * IC];

static void make_images(void) {
  int k, i;
  for (k = 0; k < NIMG; k++)
    for (i = 0; i < IH * IW * IC; i++) {
      int y = i / (IW * IC), x = (i / IC) % IW, c = i % IC;
      double v = k < 4 ? 128 + 127 * sin(0.5 * (k + 1) * x + 0.3 * y + c)
                       : (frand() + 1.0f) * 127.5;
      images[k][i] = (uint8_t)(k == 4 ? 0 : k == 5 ? 255 : v);
    }
}

/* Runs an exported model on image k through our runtime; the score. */
static int run_model(const uint8_t *bytes, size_t len, int k, float *score,
                     tc_tensor *in_q, tc_tensor *out_q) {
  tc_model m;
  tc_interp it;
  size_t need = 0;
  void *arena;
  tc_tensor *in, *out;
  int i;
  if (tc_model_load(&m, bytes, len) != TC_OK) {
    printf("load: %s\n", m.msg);
    return -1;
  }
  if (tc_model_arena_size(&m, &need) != TC_OK) return -1;
  arena = aligned_alloc(16, (need + 15) / 16 * 16);
  if (tc_interp_init(&it, &m, arena, need) != TC_OK) {
    printf("init: %s\n", it.msg);
    free(arena);
    return -1;
  }
  in = tc_interp_input(&it, 0);
  out = tc_interp_output(&it, 0);
  if (in->type == TC_INT8)
    for (i = 0; i < IH * IW * IC; i++)
      ((int8_t *)in->data)[i] = (int8_t)(images[k][i] ^ 0x80);
  else
    for (i = 0; i < IH * IW * IC; i++)
      ((float *)in->data)[i] = images[k][i] / 255.0f;
  if (tc_interp_invoke(&it) != TC_OK) {
    printf("invoke: %s\n", it.msg);
    free(arena);
    return -1;
  }
  if (out->type == TC_INT8)
    *score = (float)((((int8_t *)out->data)[0] - out->zero_point) * out->scale);
  else
    *score = ((float *)out->data)[0];
  if (in_q) *in_q = *in;
  if (out_q) *out_q = *out;
  free(arena);
  return 0;
}

static uint8_t *export_mode(tc_net *n, int mode, size_t *len) {
  uint8_t *bytes = NULL;
  char err[256] = "";
  int rc = tc_net_export(n, mode, &bytes, len, err, sizeof err);
  CHECK(rc == 0 && bytes, "export mode %d: %s", mode, err);
  return rc == 0 ? bytes : NULL;
}

/* Weight tensor of op `op` (input 1) as the runtime sees it. */
static int weight_tensor(const uint8_t *bytes, size_t len, int idx,
                         tc_tensor *t) {
  tc_model m;
  tc_interp it;
  size_t need = 0;
  void *arena;
  if (tc_model_load(&m, bytes, len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK)
    return -1;
  arena = aligned_alloc(16, (need + 15) / 16 * 16);
  if (tc_interp_init(&it, &m, arena, need) != TC_OK) {
    free(arena);
    return -1;
  }
  *t = *tc_interp_tensor(&it, (size_t)idx);
  free(arena);
  return 0;
}

static void test_export(tc_net *n) {
  double ranges[2 * NL], logit[NIMG];
  uint8_t *f32, *hyb, *s8;
  size_t lf, lh, ls;
  int i, k;
  float maxerr_f = 0, maxerr_h = 0, maxerr_q = 0, logit_scale;
  int32_t logit_zp;
  for (i = 0; i < NL; i++) {
    ranges[2 * i] = 1e300;
    ranges[2 * i + 1] = -1e300;
  }
  /* Calibration, as a converter with a representative dataset does. */
  for (k = 0; k < NIMG; k++) logit[k] = forward(n, images[k], ranges);
  for (i = 0; i < NL; i++) {
    n->layers[i].out_min = (float)ranges[2 * i];
    n->layers[i].out_max = (float)ranges[2 * i + 1];
  }
  tc_qparams_act(n->layers[NL - 1].out_min, n->layers[NL - 1].out_max,
                 &logit_scale, &logit_zp);

  f32 = export_mode(n, TC_EXPORT_FLOAT, &lf);
  hyb = export_mode(n, TC_EXPORT_HYBRID, &lh);
  s8 = export_mode(n, TC_EXPORT_INT8, &ls);
  if (!f32 || !hyb || !s8) goto out;
  CHECK(lf % 16 == 0 && ls < lf && lh < lf + 16, "sizes f32 %zu hybrid %zu int8 %zu",
        lf, lh, ls);

  for (k = 0; k < NIMG; k++) {
    double want = 1.0 / (1.0 + exp(-logit[k]));
    float sf = -1, sh = -1, sq = -1;
    tc_tensor iq, oq;
    CHECK(run_model(f32, lf, k, &sf, NULL, NULL) == 0, "run float");
    CHECK(run_model(hyb, lh, k, &sh, NULL, NULL) == 0, "run hybrid");
    CHECK(run_model(s8, ls, k, &sq, &iq, &oq) == 0, "run int8");
    if (fabs(sf - want) > maxerr_f) maxerr_f = (float)fabs(sf - want);
    if (fabs(sh - want) > maxerr_h) maxerr_h = (float)fabs(sh - want);
    if (fabs(sq - want) > maxerr_q) maxerr_q = (float)fabs(sq - want);
    CHECK(near(sf, want, 1e-5), "float image %d: %.7f want %.7f", k, sf, want);
    CHECK(near(sh, want, 1e-2), "hybrid image %d: %.5f want %.5f", k, sh, want);
    /* int8: the logit's quantization step through sigmoid (slope <= 1/4),
     * a few steps accumulated over the layers, plus the output's 1/256. */
    CHECK(near(sq, want, 4 * 0.25 * logit_scale + 2.0 / 256),
          "int8 image %d: %.5f want %.5f (logit step %g)", k, sq, want,
          logit_scale);
    if (k == 0) {
      CHECK(iq.type == TC_INT8 && iq.scale == 1.0f / 255.0f &&
                iq.zero_point == -128 && iq.ndims == 4 && iq.dims[1] == IH &&
                iq.dims[2] == IW && iq.dims[3] == IC,
            "int8 input: type %d scale %g zp %d", iq.type, iq.scale,
            (int)iq.zero_point);
      CHECK(oq.type == TC_INT8 && oq.scale == 1.0f / 256.0f &&
                oq.zero_point == -128 && oq.ndims == 2 && oq.dims[1] == 1,
            "int8 output: type %d scale %g zp %d", oq.type, oq.scale,
            (int)oq.zero_point);
    }
  }
  printf("max |score - float64 forward|: float %.2g, hybrid %.2g, int8 %.2g "
         "(logit step %.3g)\n", maxerr_f, maxerr_h, maxerr_q, logit_scale);

  /* Tensor 1 is the first conv's weights: per-channel, scale = max|folded
   * w| / 127 with the batch norm folded by the formula here. */
  {
    tc_tensor w;
    const tc_layer *l = &n->layers[0];
    CHECK(weight_tensor(s8, ls, 1, &w) == 0, "weights tensor");
    CHECK(w.type == TC_INT8 && w.nscales == 8 && w.qdim == 0 && w.scales,
          "conv weights: type %d, %d scales, axis %d", w.type, w.nscales, w.qdim);
    if (w.nscales == 8 && w.scales) {
      int c, j, bad = 0;
      for (c = 0; c < 8; c++) {
        double s = l->bn_gamma[c] / sqrt((double)l->bn_var[c] + l->bn_eps), mx = 0;
        for (j = 0; j < 9 * IC; j++)
          if (fabs(l->w[c * 9 * IC + j] * s) > mx) mx = fabs(l->w[c * 9 * IC + j] * s);
        if (!near(w.scales[c], mx / 127, 1e-6 * mx)) bad++;
        for (j = 0; j < 9 * IC; j++) {
          double q = ((int8_t *)w.data)[c * 9 * IC + j] * (double)w.scales[c];
          if (!near(q, l->w[c * 9 * IC + j] * s, 0.5001 * w.scales[c])) bad++;
        }
      }
      CHECK(bad == 0, "%d conv weights/scales off", bad);
    }
    /* Hybrid: the first conv (216 weights) stays float; conv2 is int8. */
    CHECK(weight_tensor(hyb, lh, 1, &w) == 0 && w.type == TC_FLOAT32,
          "hybrid conv1 weights type %d", w.type);
  }
out:
  free(f32);
  free(hyb);
  free(s8);
}

static void test_export_errors(tc_net *n) {
  uint8_t *b = NULL;
  size_t len;
  char err[256] = "";
  int kind = n->layers[NL - 1].kind;
  n->layers[NL - 1].kind = TC_LAYER_CONV;
  CHECK(tc_net_export(n, TC_EXPORT_INT8, &b, &len, err, sizeof err) == -1 &&
            strstr(err, "last layer"),
        "not a logit: '%s'", err);
  n->layers[NL - 1].kind = kind;
  n->layers[3].in_c = 7;
  CHECK(tc_net_export(n, TC_EXPORT_FLOAT, &b, &len, err, sizeof err) == -1 &&
            strstr(err, "layer 3"),
        "shape mismatch: '%s'", err);
  n->layers[3].in_c = 8;
  CHECK(tc_net_export(n, 7, &b, &len, err, sizeof err) == -1, "bad mode");
}

static int file_size(const char *path, long *size) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  *size = (long)st.st_size;
  return 0;
}

static int count_entries(const char *dir) {
  char cmd[600];
  FILE *p;
  int n = -1;
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  if ((p = popen(cmd, "r"))) {
    if (fscanf(p, "%d", &n) != 1) n = -1;
    pclose(p);
  }
  return n;
}

static void test_export_c(tc_net *n, const char *keep) {
  char tmpl[] = "/tmp/tc_export_c_XXXXXX", path[600], err[256] = "";
  const char *dir = keep ? keep : mkdtemp(tmpl);
  const char *labels[2] = {"no \"mask\"", "mask"};
  uint8_t *bytes;
  size_t len, need = 0;
  long sz = -1;
  tc_model m;
  char *text;
  FILE *f;
  if (!dir) return;
  if (!(bytes = export_mode(n, TC_EXPORT_INT8, &len))) return;
  CHECK(tc_export_c(bytes, len, labels, 0.375f, dir, err, sizeof err) == 0,
        "export_c: %s", err);
  tc_model_load(&m, bytes, len);
  tc_model_arena_size(&m, &need);
  snprintf(path, sizeof path, "%s/model_data.h", dir);
  text = calloc(1, 1 << 16);
  if ((f = fopen(path, "r"))) {
    size_t r = fread(text, 1, (1 << 16) - 1, f);
    char want[128];
    text[r] = 0;
    fclose(f);
    snprintf(want, sizeof want, "#define MODEL_ARENA_SIZE %zu\n", need);
    CHECK(strstr(text, want) != NULL, "header lacks '%s'", want);
    CHECK(strstr(text, "#define MODEL_INPUT_WIDTH 12\n") &&
              strstr(text, "#define MODEL_INPUT_HEIGHT 12\n") &&
              strstr(text, "#define MODEL_INPUT_CHANNELS 3\n") &&
              strstr(text, "#define MODEL_INPUT_TYPE_INT8 1\n") &&
              strstr(text, "#define MODEL_INPUT_ZERO_POINT -128\n") &&
              strstr(text, "#define MODEL_LABEL_NEG \"no \\\"mask\\\"\"\n") &&
              strstr(text, "#define MODEL_LABEL_POS \"mask\"\n") &&
              strstr(text, "#define MODEL_THRESHOLD 0.375000f\n"),
          "header:\n%s", text);
  } else {
    CHECK(0, "%s missing", path);
  }
  free(text);
  snprintf(path, sizeof path, "%s/model_data.c", dir);
  /* 12 bytes per line at 6 characters each, plus the fixed text. */
  CHECK(file_size(path, &sz) == 0 && sz > (long)len * 6, "%s: %ld bytes", path, sz);
  /* model_data.c/.h and the build configuration (model_config.h,
   * build_opt.h), nothing else (no temp file). */
  CHECK(count_entries(dir) == 4, "%s holds %d entries, expected 4", dir,
        count_entries(dir));
  /* Failures leave nothing behind and the old files untouched. */
  {
    const char *bad[2] = {"ok", "tab\there"};
    long before = sz;
    CHECK(tc_export_c(bytes, len, bad, 0.5f, dir, err, sizeof err) == -1 &&
              strstr(err, "label"), "bad label: %s", err);
    CHECK(tc_export_c(bytes, len, labels, 1.5f, dir, err, sizeof err) == -1,
          "bad threshold");
    CHECK(tc_export_c(bytes, len / 2, labels, 0.5f, dir, err, sizeof err) == -1 &&
              strstr(err, "does not load"), "truncated model: %s", err);
    snprintf(path, sizeof path, "%s/model_data.c", dir);
    CHECK(file_size(path, &sz) == 0 && sz == before && count_entries(dir) == 4,
          "after failures: %ld bytes, %d entries", sz, count_entries(dir));
    snprintf(path, sizeof path, "%s/no/such/dir", dir);
    CHECK(tc_export_c(bytes, len, labels, 0.5f, path, err, sizeof err) == -1 &&
              strstr(err, "cannot write"), "missing dir: %s", err);
  }
  if (keep) {
    snprintf(path, sizeof path, "%s/model.tflite", dir);
    if ((f = fopen(path, "wb"))) {
      CHECK(fwrite(bytes, 1, len, f) == len, "write %s", path);
      fclose(f);
    }
  } else {
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm");
  }
  free(bytes);
}

/* ---- metrics, against values worked out by hand ------------------------ */
static void test_metrics(void) {
  /* scores .1 .4 .35 .8, labels 0 0 1 1: of the 4 (pos, neg) pairs,
   * .35 < .4 is the only one ranked wrong: AUC 3/4. */
  const float s1[] = {0.1f, 0.4f, 0.35f, 0.8f};
  const uint8_t y1[] = {0, 0, 1, 1};
  /* Ties: pos {.5, .9}, neg {.5, .2}: .5=.5 counts 1/2, others 1: 3.5/4. */
  const float s2[] = {0.5f, 0.5f, 0.2f, 0.9f};
  const uint8_t y2[] = {1, 0, 0, 1};
  const float s3[] = {0.3f, 0.3f, 0.3f};
  const uint8_t y3[] = {1, 0, 1};
  float fpr[8], tpr[8], thr[8];
  tc_metrics m;
  int k;
  CHECK(near(tc_roc_auc(s1, y1, 4), 0.75, 1e-12), "auc1 %g", tc_roc_auc(s1, y1, 4));
  CHECK(near(tc_roc_auc(s2, y2, 4), 0.875, 1e-12), "auc2 %g", tc_roc_auc(s2, y2, 4));
  CHECK(near(tc_roc_auc(s3, y3, 3), 0.5, 1e-12), "auc all tied");
  CHECK(isnan(tc_roc_auc(s1, y1 + 2, 2)), "auc one class");
  /* ROC of s1: (0,0) (0,.5)@.8 (.5,.5)@.4 (.5,1)@.35 (1,1)@.1 */
  k = tc_roc_curve(s1, y1, 4, fpr, tpr, thr);
  CHECK(k == 5 && fpr[1] == 0.0f && tpr[1] == 0.5f && fpr[2] == 0.5f &&
            tpr[2] == 0.5f && fpr[3] == 0.5f && tpr[3] == 1.0f &&
            fpr[4] == 1.0f && tpr[4] == 1.0f && thr[3] == 0.35f && isinf(thr[0]),
        "roc: %d points", k);
  k = tc_roc_curve(s2, y2, 4, fpr, tpr, NULL);
  CHECK(k == 4 && fpr[2] == 0.5f && tpr[2] == 1.0f, "roc ties: %d", k);
  /* At .5: predicted positive only .8 -> TP 1, FN 1, TN 2, FP 0:
   * accuracy 3/4, precision 1, recall 1/2, F1 2/3, specificity 1. */
  CHECK(tc_metrics_compute(s1, y1, 4, 0.5f, &m) == 0, "metrics");
  CHECK(m.cm.tp == 1 && m.cm.fn == 1 && m.cm.tn == 2 && m.cm.fp == 0 &&
            m.n == 4 && m.npos == 2 && m.nneg == 2,
        "cm %ld %ld %ld %ld", m.cm.tp, m.cm.fp, m.cm.tn, m.cm.fn);
  CHECK(near(m.accuracy, 0.75, 1e-12) && near(m.precision, 1, 1e-12) &&
            near(m.recall, 0.5, 1e-12) && near(m.f1, 2.0 / 3, 1e-12) &&
            near(m.specificity, 1, 1e-12) && near(m.auc, 0.75, 1e-12),
        "acc %g p %g r %g f1 %g", m.accuracy, m.precision, m.recall, m.f1);
  /* F1 by threshold: .8 -> 2/3, .4 -> 1/2, .35 -> 4/5, .1 -> 2/3.
   * Youden J: .8 -> .5, .4 -> 0, .35 -> .5 (tie: the higher, .8), .1 -> 0. */
  CHECK(m.best_f1_threshold == 0.35f && near(m.best_f1, 0.8, 1e-12),
        "best f1 %g at %g", m.best_f1, m.best_f1_threshold);
  CHECK(m.youden_threshold == 0.8f && near(m.youden_j, 0.5, 1e-12),
        "youden %g at %g", m.youden_j, m.youden_threshold);
  /* Threshold 0.5 with ties at .5: >= counts them positive. TP 2, FP 1. */
  CHECK(tc_metrics_compute(s2, y2, 4, 0.5f, &m) == 0 && m.cm.tp == 2 &&
            m.cm.fp == 1 && m.cm.tn == 1 && m.cm.fn == 0 &&
            near(m.precision, 2.0 / 3, 1e-12) && near(m.f1, 0.8, 1e-12),
        "ties at threshold");
  /* Nothing predicted positive: precision and F1 are 0, not NaN. */
  CHECK(tc_metrics_compute(s1, y1, 4, 0.95f, &m) == 0 && m.precision == 0 &&
            m.f1 == 0 && m.recall == 0 && near(m.accuracy, 0.5, 1e-12),
        "no positives predicted");
}

/* ---- the report ---------------------------------------------------------
 * 8 images, threshold .5: negatives .1 .2 .7 .9, positives .8 .6 .3 .05:
 * TN 2, FP 2 (.7 .9), TP 2, FN 2 (.3 .05). Worst first: image 7 (.05, off
 * by .95), 3 (.9), then 2 and 6 (both off by .7). */
static int count_of(const char *hay, const char *needle) {
  int n = 0;
  const char *p = hay;
  while ((p = strstr(p, needle))) {
    n++;
    p += strlen(needle);
  }
  return n;
}

static void test_report(const char *keep) {
  static uint8_t px[8][IH * IW * IC];
  const float sc[8] = {0.1f, 0.2f, 0.7f, 0.9f, 0.8f, 0.6f, 0.3f, 0.05f};
  const uint8_t lb[8] = {0, 0, 0, 0, 1, 1, 1, 1};
  const char *paths[8] = {"d/n/a.jpg", "d/n/b.jpg", "d/n/c.jpg", "d/n/<d>.jpg",
                          "d/p/e.jpg", "d/p/f.jpg", "d/p/g.jpg", "d/p/h.jpg"};
  char tmpl[] = "/tmp/tc_report_XXXXXX", path[600], err[256] = "", *html;
  const char *dir = keep ? keep : mkdtemp(tmpl);
  tc_report r;
  FILE *f;
  long sz = -1;
  int i, k;
  if (!dir) return;
  for (k = 0; k < 8; k++)
    for (i = 0; i < IH * IW * IC; i++)
      px[k][i] = (uint8_t)((i % IC == k % IC) ? 255 - 20 * k : (i / IC) % 256);
  snprintf(path, sizeof path, "%s/metrics.csv", dir);
  if ((f = fopen(path, "w"))) {
    fprintf(f, "epoch,phase,train_loss,train_acc,val_loss,val_acc,lr,images_per_s,seconds\n");
    for (k = 1; k <= 6; k++)
      fprintf(f, "%d,%s,%.4f,%.4f,%.4f,%.4f,0.001,1000,1.5\n", k,
              k > 4 ? "qat" : "float", 0.7 / k, 0.6 + 0.05 * k, 0.75 / k,
              0.55 + 0.05 * k);
    fclose(f);
  }
  memset(&r, 0, sizeof r);
  r.run_dir = dir;
  r.class_name[0] = "no mask";
  r.class_name[1] = "mask & co";
  r.n = 8;
  r.scores = sc;
  r.labels = lb;
  r.paths = paths;
  r.pixels = &px[0][0];
  r.h = IH;
  r.w = IW;
  r.c = IC;
  r.threshold = 0.5f;
  r.model_bytes = 20000;
  r.arena_bytes = 400 * 1024;
  r.float_acc = 0.5;
  r.int8_acc = 0.5;
  CHECK(tc_report_write(&r, err, sizeof err) == 0, "report: %s", err);
  snprintf(path, sizeof path, "%s/report.html", dir);
  CHECK(file_size(path, &sz) == 0 && sz > 2000, "%s: %ld bytes", path, sz);
  html = calloc(1, (size_t)(sz > 0 ? sz : 0) + 1);
  if (html && (f = fopen(path, "r"))) {
    size_t got = fread(html, 1, (size_t)sz, f);
    fclose(f);
    html[got] = 0;
    CHECK(count_of(html, "<svg") == 3, "%d charts", count_of(html, "<svg"));
    CHECK(count_of(html, "<polyline") == 5, "%d curves", count_of(html, "<polyline"));
    CHECK(count_of(html, "data:image/png;base64,iVBORw0KGgo") == 4,
          "%d PNG thumbnails", count_of(html, "data:image/png;base64,iVBORw0KGgo"));
    CHECK(strstr(html, "alt='image 7'") && strstr(html, "alt='image 3'") &&
              strstr(html, "alt='image 7'") < strstr(html, "alt='image 3'") &&
              strstr(html, "alt='image 3'") < strstr(html, "alt='image 2'"),
          "mistakes not worst first");
    CHECK(strstr(html, "<td class='ok'>2</td><td class='no'>2</td>") != NULL,
          "confusion row");
    CHECK(strstr(html, "mask &amp; co") && strstr(html, "&lt;d&gt;.jpg") &&
              !strstr(html, "<d>"), "HTML escaping");
    CHECK(strstr(html, "accuracy <b>50.00%</b>") != NULL, "accuracy 4/8");
    CHECK(strstr(html, "ESP32-S3</td><td class='ok'>fits") &&
              strstr(html, "ESP32</td><td class='no'>does not fit"),
          "fit table (400 KB arena: S3 only)");
    CHECK(strstr(html, ">QAT<") != NULL, "QAT marker");
    CHECK(!strstr(html, "<script") && !strstr(html, "http://") &&
              !strstr(html, "https://"), "external resource or script");
  }
  free(html);
  if (!keep) {
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm");
  }
}

int main(int argc, char **argv) {
  const char *keep = NULL;
  tc_net *n;
  if (argc == 3 && !strcmp(argv[1], "--report")) {
    test_report(argv[2]);
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
  }
  if (argc == 3 && !strcmp(argv[1], "--write")) keep = argv[2];
  test_qparams();
  test_metrics();
  n = build_net();
  make_images();
  test_export(n);
  test_export_errors(n);
  test_export_c(n, keep);
  free_net(n);
  test_report(NULL);
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
