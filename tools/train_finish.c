/* The end of `tinycnn train`: what happens once the weights are trained
 * (see train_finish.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "train_finish.h"
#include "tinycnn/app.h"
#include "tinycnn/eval.h"
#include "tinycnn/image.h"
#include "tinycnn/metadata.h"
#include "tinycnn/train_engine.h"

/* Scores of the exported .tflite on a dataset, through the runtime and
 * the device's preprocessing (tc_image_to_tensor on the stored bytes):
 * the int8 accuracy the trainer reports is the device's. */
static int runtime_scores(const uint8_t *model, size_t len, const tc_dataset *d,
                          float *scores, size_t *arena_bytes) {
  tc_model m;
  tc_interp it;
  tc_meta meta;
  tc_image_opts pre;
  void *arena;
  int i;
  if (tc_model_load(&m, model, len) != TC_OK ||
      tc_meta_read(&m, &meta, m.msg) != TC_OK ||
      tc_model_arena_size(&m, arena_bytes) != TC_OK) {
    fprintf(stderr, "tinycnn train: exported model: %s\n", m.msg);
    return -1;
  }
  /* The model's own preprocessing (its metadata), as on the device. */
  tc_app_image_opts(&meta, &pre);
  arena = malloc(*arena_bytes);
  if (!arena || tc_interp_init(&it, &m, arena, *arena_bytes) != TC_OK) {
    fprintf(stderr, "tinycnn train: exported model: %s\n",
            arena ? it.msg : "out of memory");
    free(arena);
    return -1;
  }
  for (i = 0; i < d->n; i++) {
    size_t px = (size_t)d->h * d->w * d->c;
    tc_image img;
    const tc_tensor *out = tc_interp_output(&it, 0);
    img.data = d->pixels + (size_t)i * px;
    img.width = d->w;
    img.height = d->h;
    img.stride = 0;
    img.format = d->c == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    if (tc_image_to_tensor(&img, tc_interp_input(&it, 0), &pre) != TC_OK) {
      fprintf(stderr, "tinycnn train: preprocessing image %d failed\n", i);
      free(arena);
      return -1;
    }
    tc_interp_invoke(&it);
    scores[i] = out->type == TC_INT8
                    ? (float)(((const int8_t *)out->data)[0] - out->zero_point) *
                          out->scale
                    : ((const float *)out->data)[0];
  }
  free(arena);
  return 0;
}

/* n images of d chosen by a seeded shuffle (no augmentation), kept in
 * dataset order; all of d when n >= d->n. 0 or -1 (out of memory). */
static int sample_dataset(const tc_dataset *d, int n, uint64_t seed,
                          tc_dataset *out) {
  size_t isz = (size_t)d->h * d->w * d->c;
  uint8_t *pick = calloc((size_t)d->n, 1);
  int *perm = malloc(sizeof(int) * (size_t)d->n), i, k = 0;
  tc_rng r;
  memset(out, 0, sizeof *out);
  if (n > d->n) n = d->n;
  out->pixels = malloc(isz * (size_t)(n ? n : 1));
  out->labels = malloc((size_t)(n ? n : 1));
  if (!pick || !perm || !out->pixels || !out->labels) {
    free(pick);
    free(perm);
    tc_dataset_free(out);
    return -1;
  }
  tc_rng_seed(&r, seed ^ 0x63616c6962ull); /* "calib": not the split's */
  for (i = 0; i < d->n; i++) perm[i] = i;
  for (i = d->n - 1; i > 0; i--) {
    int j = (int)(((uint64_t)tc_rng_u32(&r) * (uint64_t)(i + 1)) >> 32);
    int t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (i = 0; i < n; i++) pick[perm[i]] = 1;
  for (i = 0; i < d->n; i++)
    if (pick[i]) {
      memcpy(out->pixels + (size_t)k * isz, d->pixels + (size_t)i * isz, isz);
      out->labels[k++] = d->labels[i];
    }
  out->h = d->h;
  out->w = d->w;
  out->c = d->c;
  out->n = n;
  memcpy(out->class_name, d->class_name, sizeof out->class_name);
  free(pick);
  free(perm);
  return 0;
}

/* Post-training quantization: activation ranges of the float network from
 * the calibration images, then a checkpoint so that `tinycnn export RUN`
 * reproduces the same int8 model. 0 or an exit code. */
int tc_cli_calibrate_run(tc_trainer *t, const tc_dataset *tr, const char *run) {
  const tc_train_cfg *c = &t->cfg;
  tc_dataset cal;
  char err[1024], path[4200];
  int r, i, nw = 0;
  if (c->calib_dir[0]) {
    if (tc_dataset_load_dir(c->calib_dir, c->in_h, c->in_w, c->in_c, NULL,
                            &cal, stderr, err, sizeof err) != 0) {
      fprintf(stderr, "tinycnn train: --calib-dir: %s\n", cli_esc(err));
      return TC_EXIT_INPUT;
    }
  } else if (sample_dataset(tr, c->calib_n, c->seed, &cal) != 0) {
    fprintf(stderr, "tinycnn train: out of memory for calibration\n");
    return TC_EXIT_FAIL;
  }
  r = tc_calibrate(t->net, &cal, c->calib_method, 64, 0.95f);
  if (r != 0) {
    fprintf(stderr, "tinycnn train: calibration on %d images failed (out of "
            "memory?)\n", cal.n);
    tc_dataset_free(&cal);
    return TC_EXIT_FAIL;
  }
  printf("post-training quantization: %s activation ranges from %d "
         "calibration images (%s):",
         c->calib_method == TC_CALIB_EMA ? "moving-average" : "min/max",
         cal.n, c->calib_dir[0] ? c->calib_dir : "from the training set");
  for (i = 0; i < t->net->nlayers; i++) {
    const tc_layer *l = &t->net->layers[i];
    if (l->kind != TC_LAYER_CONV && l->kind != TC_LAYER_DWCONV &&
        l->kind != TC_LAYER_DENSE)
      continue;
    printf("%s [%.3g, %.3g]", nw++ ? "," : "", l->out_min, l->out_max);
  }
  printf("\n");
  tc_dataset_free(&cal);
  snprintf(path, sizeof path, "%s/checkpoint.bin", run);
  if (tc_checkpoint_save(t, path, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
    return TC_EXIT_FAIL;
  }
  return 0;
}

static double best_float_acc(const tc_trainer *t) {
  int i, b = -1;
  for (i = 0; i < t->nhist; i++)
    if (!t->hist[i].qat && (b < 0 || t->hist[i].val_loss < t->hist[b].val_loss))
      b = i;
  return b < 0 ? NAN : t->hist[b].val_acc;
}

/* Every k-th image of d, at most max images (views into d's arrays are
 * not enough: runtime_scores walks pixels contiguously). 0 or -1. */
static int stride_subset(const tc_dataset *d, int max, tc_dataset *out) {
  size_t isz = (size_t)d->h * d->w * d->c;
  int k = (d->n + max - 1) / max, i, n = 0;
  memset(out, 0, sizeof *out);
  if (k < 1) k = 1;
  out->pixels = malloc(isz * (size_t)(d->n / k + 1));
  out->labels = malloc((size_t)(d->n / k + 1));
  if (!out->pixels || !out->labels) {
    tc_dataset_free(out);
    return -1;
  }
  for (i = 0; i < d->n; i += k, n++) {
    memcpy(out->pixels + (size_t)n * isz, d->pixels + (size_t)i * isz, isz);
    out->labels[n] = d->labels[i];
  }
  out->n = n;
  out->h = d->h;
  out->w = d->w;
  out->c = d->c;
  return 0;
}

typedef struct variant {
  size_t bytes;
  double accuracy; /* validation, threshold 0.5, through the runtime */
} variant;

/* RUN/NAME in export mode `mode`, checked by running it through the
 * runtime on the validation set (scores is scratch). 0 or -1. */
static int export_variant(const tc_net *net, int mode, const char *run,
                          const char *name, const tc_dataset *va,
                          float *scores, variant *v) {
  char err[1024], path[4200];
  uint8_t *bytes = NULL;
  size_t len = 0, arena = 0;
  tc_metrics m;
  int rc = -1;
  snprintf(path, sizeof path, "%s/%s", run, name);
  if (tc_net_export(net, mode, &bytes, &len, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: export %s: %s\n", name, cli_esc(err));
    return -1;
  }
  if (tc_write_atomic(path, bytes, len) != 0) {
    fprintf(stderr, "tinycnn train: %s: %s\n", cli_esc(path),
            strerror(errno));
  } else if (runtime_scores(bytes, len, va, scores, &arena) == 0 &&
             tc_metrics_compute(scores, va->labels, va->n, 0.5f, &m) == 0) {
    v->bytes = len;
    v->accuracy = m.accuracy;
    rc = 0;
  }
  free(bytes);
  return rc;
}

/* Export every variant, evaluate the int8 model with the runtime on the
 * validation set, choose the decision threshold there, then write the C
 * array, the checkpoint (with that threshold) and the report. */
int tc_cli_export_run(const tc_trainer *t, const tc_dataset *va,
                     const char *run) {
  return tc_cli_export_run_html(t, va, run, NULL);
}

int tc_cli_export_run_html(const tc_trainer *t, const tc_dataset *va,
                           const char *run, const char *extra_html) {
  char err[1024], path[4200];
  const char *labels[2];
  uint8_t *bytes = NULL;
  size_t len = 0, arena = 0;
  float *scores = malloc(sizeof(float) * (size_t)(va->n ? va->n : 1));
  float *vscores = malloc(sizeof(float) * (size_t)(va->n ? va->n : 1));
  tc_metrics at_half, chosen;
  tc_report rep;
  variant fvar, hvar;
  tc_dataset sub;
  double facc = best_float_acc(t);
  int rc = TC_EXIT_FAIL;
  memset(&sub, 0, sizeof sub);
  /* The float runtime is ~4x slower than int8: the float and hybrid
   * variants are checked on an evenly spread part of the validation set. */
  if (!scores || !vscores || stride_subset(va, 600, &sub) != 0) goto done;
  if (tc_net_export(t->net, TC_EXPORT_INT8, &bytes, &len, err, sizeof err) !=
      0) {
    fprintf(stderr, "tinycnn train: export: %s\n", cli_esc(err));
    goto done;
  }
  snprintf(path, sizeof path, "%s/model.tflite", run);
  if (tc_write_atomic(path, bytes, len) != 0) {
    fprintf(stderr, "tinycnn train: %s: %s\n", cli_esc(path),
            strerror(errno));
    goto done;
  }
  if (runtime_scores(bytes, len, va, scores, &arena) != 0 ||
      tc_metrics_compute(scores, va->labels, va->n, 0.5f, &at_half) != 0)
    goto done;
  /* The threshold that maximises F1 on validation data goes to firmware. */
  t->net->threshold = at_half.best_f1_threshold;
  if (tc_metrics_compute(scores, va->labels, va->n, t->net->threshold,
                         &chosen) != 0)
    goto done;
  /* Every model file carries that threshold in its metadata: the int8
   * one is written again (same weights, new metadata), the variants
   * after it. */
  free(bytes);
  bytes = NULL;
  if (tc_net_export(t->net, TC_EXPORT_INT8, &bytes, &len, err, sizeof err) !=
          0 || tc_write_atomic(path, bytes, len) != 0) {
    fprintf(stderr, "tinycnn train: %s: %s\n", path,
            bytes ? strerror(errno) : err);
    goto done;
  }
  if (export_variant(t->net, TC_EXPORT_FLOAT, run, "model_float.tflite",
                     &sub, vscores, &fvar) != 0 ||
      export_variant(t->net, TC_EXPORT_HYBRID, run, "model_hybrid.tflite",
                     &sub, vscores, &hvar) != 0)
    goto done;
  printf("int8 model (%s) through the tinycnn runtime, validation (%d "
         "images): accuracy %.2f%% at threshold 0.5",
         t->cfg.ptq ? "post-training quantization"
                    : "quantization-aware training",
         va->n, 100.0 * at_half.accuracy);
  if (facc == facc) /* NaN: every epoch was quantization-aware */
    printf(" (float %.2f%%, difference %+.2f points)", 100.0 * facc,
           /* equal accuracies may differ in the last bit: no "-0.00" */
           fabs(at_half.accuracy - facc) < 5e-5
               ? 0.0
               : 100.0 * (at_half.accuracy - facc));
  printf(", ROC AUC %.4f\n", at_half.auc);
  printf("float32 model %.2f%% (%zu bytes), dynamic-range model %.2f%% "
         "(%zu bytes) through the runtime on %d of the validation images\n",
         100.0 * fvar.accuracy, fvar.bytes, 100.0 * hvar.accuracy, hvar.bytes,
         sub.n);
  printf("decision threshold %.3f (best F1 on validation): accuracy %.2f%%, "
         "precision %.3f, recall %.3f, F1 %.3f\n",
         chosen.threshold, 100.0 * chosen.accuracy, chosen.precision,
         chosen.recall, chosen.f1);
  labels[0] = t->net->class_name[0];
  labels[1] = t->net->class_name[1];
  if (tc_export_c(bytes, len, labels, t->net->threshold, run, err,
                  sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
    goto done;
  }
  printf("wrote %s (%zu bytes, arena %zu bytes), model_float.tflite, "
         "model_hybrid.tflite and %s/model_data.c, model_data.h (+ model_config.h, "
         "build_opt.h)\n", cli_esc(path), len,
         arena, cli_esc(run));
  /* The checkpoint keeps the chosen threshold for `tinycnn export RUN`. */
  snprintf(path, sizeof path, "%s/checkpoint.bin", run);
  if (tc_checkpoint_save(t, path, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
    goto done;
  }
  memset(&rep, 0, sizeof rep);
  rep.run_dir = run;
  rep.class_name[0] = labels[0];
  rep.class_name[1] = labels[1];
  rep.n = va->n;
  rep.scores = scores;
  rep.labels = va->labels;
  rep.paths = (const char *const *)va->paths;
  rep.pixels = va->pixels;
  rep.h = va->h;
  rep.w = va->w;
  rep.c = va->c;
  rep.threshold = t->net->threshold;
  rep.model_bytes = len;
  rep.arena_bytes = arena;
  rep.float_acc = facc;
  rep.int8_acc = at_half.accuracy;
  if (t->cfg.backbone[0]) {
    rep.backbone = t->cfg.backbone;
    rep.cut = t->cfg.cut;
    rep.backbone_layers = t->cfg.frozen_layers;
    rep.freeze_epochs = t->cfg.freeze_epochs;
  }
  rep.extra_html = extra_html;
  if (tc_report_write(&rep, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: report: %s\n", cli_esc(err));
    goto done;
  }
  printf("wrote %s/report.html\n", cli_esc(run));
  rc = TC_EXIT_OK;
done:
  tc_dataset_free(&sub);
  free(scores);
  free(vscores);
  free(bytes);
  return rc;
}
