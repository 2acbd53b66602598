/* tinycnn evaluation metrics for a binary classifier (host only, C11):
 * shared by `tinycnn eval`, the trainer and the report. Scores are the
 * model's sigmoid output in [0, 1]; labels 1 = positive; an image is
 * predicted positive when score >= threshold. */
#ifndef TINYCNN_EVAL_H
#define TINYCNN_EVAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_confusion {
  long tp, fp, tn, fn;
} tc_confusion;

typedef struct tc_metrics {
  int n, npos, nneg;
  float threshold;      /* the one the figures below use */
  tc_confusion cm;
  double accuracy;
  double precision;     /* 0 when nothing is predicted positive */
  double recall;        /* true positive rate; 0 without positives */
  double specificity;   /* true negative rate; 0 without negatives */
  double f1;            /* 0 when precision + recall = 0 */
  double auc;           /* ROC AUC, ties count 1/2; NaN with one class */
  float best_f1_threshold;     /* the score maximising F1 */
  double best_f1;
  float youden_threshold;      /* the score maximising TPR - FPR */
  double youden_j;
} tc_metrics;

void tc_confusion_at(const float *scores, const uint8_t *labels, int n,
                     float threshold, tc_confusion *cm);
/* Exact ROC AUC = P(score_pos > score_neg) + P(equal) / 2 over all
 * positive/negative pairs (Mann-Whitney), by sorting: O(n log n). */
double tc_roc_auc(const float *scores, const uint8_t *labels, int n);
/* ROC curve: one point per distinct score, from (0,0) to (1,1), at most
 * n + 1 points into fpr/tpr (and, if thr is not NULL, the threshold of
 * each point: point k counts scores >= thr[k]; thr[0] = +inf). Returns the
 * number of points, or -1 (out of memory). */
int tc_roc_curve(const float *scores, const uint8_t *labels, int n,
                 float *fpr, float *tpr, float *thr);
/* Everything at `threshold`, plus the best-F1 and Youden thresholds
 * (ties: the higher threshold). Returns 0, -1 when out of memory. */
int tc_metrics_compute(const float *scores, const uint8_t *labels, int n,
                       float threshold, tc_metrics *m);

/* RUN/report.html, self-contained (inline SVG and data: URIs, no script):
 * loss and accuracy curves from RUN/metrics.csv (columns found by their
 * header names: epoch, train_loss, train_acc, val_loss, val_acc, and
 * optionally phase = float|qat), the ROC curve and confusion matrix of
 * `scores`, thumbnails of the worst mistakes, model size, arena and the
 * ESP32 fit. Written atomically. */
typedef struct tc_report {
  const char *run_dir;
  const char *title;          /* NULL: "tinycnn training report" */
  const char *class_name[2];  /* negative, positive */
  int n;                      /* evaluated images (validation set) */
  const float *scores;        /* n scores of the exported model */
  const uint8_t *labels;      /* n labels */
  const char *const *paths;   /* n names for the mistakes, or NULL */
  const uint8_t *pixels;      /* n images h*w*c (model input bytes), or NULL */
  int h, w, c;
  float threshold;
  size_t model_bytes, arena_bytes; /* 0 = unknown */
  double float_acc, int8_acc;      /* NaN = unknown */
  /* Transfer learning: the backbone model's path and the tensor it was
   * cut at, its frozen layers and freeze epochs (NULL = none). */
  const char *backbone, *cut;
  int backbone_layers, freeze_epochs;
  const char *extra_html;     /* a section inserted at the end, or NULL */
} tc_report;
int tc_report_write(const tc_report *r, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
