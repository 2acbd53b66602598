/* Binary classification metrics: one sort by score, then a sweep over the
 * groups of equal scores (a tie is one ROC step and counts 1/2 in the AUC).
 * A NaN score sorts last and is never predicted positive. */
#include <math.h>
#include <stdlib.h>

#include "tinycnn/eval.h"

typedef struct sy {
  float s;
  uint8_t y;
} sy;

static int by_score_desc(const void *a, const void *b) {
  float x = ((const sy *)a)->s, y = ((const sy *)b)->s;
  int xn = x != x, yn = y != y;
  if (xn || yn) return xn - yn;
  return (x < y) - (x > y);
}

void tc_confusion_at(const float *scores, const uint8_t *labels, int n,
                     float threshold, tc_confusion *cm) {
  int i;
  cm->tp = cm->fp = cm->tn = cm->fn = 0;
  for (i = 0; i < n; i++) {
    int pred = scores[i] >= threshold;
    if (labels[i]) {
      if (pred) cm->tp++; else cm->fn++;
    } else {
      if (pred) cm->fp++; else cm->tn++;
    }
  }
}

/* Sorted copy, and the end of each group of equal scores. */
static sy *sorted(const float *scores, const uint8_t *labels, int n,
                  long *npos, long *nneg) {
  sy *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
  int i;
  *npos = *nneg = 0;
  if (!v) return NULL;
  for (i = 0; i < n; i++) {
    v[i].s = scores[i];
    v[i].y = labels[i] ? 1 : 0;
    if (v[i].y) (*npos)++; else (*nneg)++;
  }
  qsort(v, (size_t)n, sizeof *v, by_score_desc);
  return v;
}

static int group_end(const sy *v, int n, int i, long *gp, long *gn) {
  int j = i, nan = v[i].s != v[i].s;
  *gp = *gn = 0;
  while (j < n && (nan ? v[j].s != v[j].s : v[j].s == v[i].s)) {
    if (v[j].y) (*gp)++; else (*gn)++;
    j++;
  }
  return j;
}

double tc_roc_auc(const float *scores, const uint8_t *labels, int n) {
  long npos, nneg, negs_below, gp, gn;
  double sum = 0.0;
  sy *v = sorted(scores, labels, n, &npos, &nneg);
  int i = 0;
  if (!v || npos == 0 || nneg == 0) {
    free(v);
    return NAN;
  }
  /* Descending: a positive ranks above every negative not yet reached. */
  negs_below = nneg;
  while (i < n) {
    int j = group_end(v, n, i, &gp, &gn);
    negs_below -= gn;
    sum += (double)gp * ((double)negs_below + 0.5 * (double)gn);
    i = j;
  }
  free(v);
  return sum / ((double)npos * (double)nneg);
}

static double ratio(long a, long b) { return b > 0 ? (double)a / (double)b : 0.0; }

static double f1_of(long tp, long fp, long fn) {
  return tp > 0 ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0.0;
}

int tc_roc_curve(const float *scores, const uint8_t *labels, int n,
                 float *fpr, float *tpr, float *thr) {
  long npos, nneg, tp = 0, fp = 0, gp, gn;
  sy *v = sorted(scores, labels, n, &npos, &nneg);
  int i = 0, k = 0;
  if (!v) return -1;
  fpr[k] = tpr[k] = 0.0f;
  if (thr) thr[k] = INFINITY;
  k++;
  while (i < n && v[i].s == v[i].s) {
    int j = group_end(v, n, i, &gp, &gn);
    tp += gp;
    fp += gn;
    fpr[k] = (float)ratio(fp, nneg);
    tpr[k] = (float)ratio(tp, npos);
    if (thr) thr[k] = v[i].s;
    k++;
    i = j;
  }
  free(v);
  return k;
}

int tc_metrics_compute(const float *scores, const uint8_t *labels, int n,
                       float threshold, tc_metrics *m) {
  long npos, nneg, tp = 0, fp = 0, gp, gn;
  long long bf_num = 0, bf_den = 1, bj_num = 0;
  sy *v = sorted(scores, labels, n, &npos, &nneg);
  int i = 0, first = 1;
  tc_confusion *c = &m->cm;
  if (!v) return -1;
  m->n = n;
  m->npos = (int)npos;
  m->nneg = (int)nneg;
  m->threshold = threshold;
  tc_confusion_at(scores, labels, n, threshold, c);
  m->accuracy = ratio(c->tp + c->tn, n);
  m->precision = ratio(c->tp, c->tp + c->fp);
  m->recall = ratio(c->tp, c->tp + c->fn);
  m->specificity = ratio(c->tn, c->tn + c->fp);
  m->f1 = f1_of(c->tp, c->fp, c->fn);
  m->best_f1 = 0.0;
  m->youden_j = 0.0;
  m->best_f1_threshold = m->youden_threshold = threshold;
  /* Descending sweep; compared exactly in integers (2/3 - 0 and 1 - 1/3
   * differ in the last bit as doubles), strict > keeps the higher
   * threshold on ties. */
  while (i < n && v[i].s == v[i].s) {
    int j = group_end(v, n, i, &gp, &gn);
    long long fnum, fden, jnum;
    tp += gp;
    fp += gn;
    fnum = tp; /* F1 = 2 tp / (2 tp + fp + fn) */
    fden = 2 * tp + fp + (npos - tp);
    jnum = (long long)tp * nneg - (long long)fp * npos; /* J * npos * nneg */
    if (first || fnum * bf_den > bf_num * fden) {
      bf_num = fnum;
      bf_den = fden;
      m->best_f1 = f1_of(tp, fp, npos - tp);
      m->best_f1_threshold = v[i].s;
    }
    if (first || jnum > bj_num) {
      bj_num = jnum;
      m->youden_j = ratio(tp, npos) - ratio(fp, nneg);
      m->youden_threshold = v[i].s;
    }
    first = 0;
    i = j;
  }
  free(v);
  m->auc = tc_roc_auc(scores, labels, n);
  return 0;
}
