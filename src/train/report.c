/* RUN/report.html: one self-contained page (inline SVG, PNG thumbnails as
 * data: URIs, no script, no external resource) that a browser shows
 * without a network and without console errors. */
#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/eval.h"
#include "tinycnn/train_engine.h"
#include "host_util.h"

static void sb_html(tc_sbuf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
      case '<': tc_sb_add(b, "&lt;", 4); break;
      case '>': tc_sb_add(b, "&gt;", 4); break;
      case '&': tc_sb_add(b, "&amp;", 5); break;
      case '"': tc_sb_add(b, "&quot;", 6); break;
      default: tc_sb_add(b, s, 1);
    }
  }
}

static void sb_base64(tc_sbuf *b, const unsigned char *d, size_t n) {
  static const char t[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i;
  for (i = 0; i + 2 < n; i += 3) {
    char q[4] = {t[d[i] >> 2], t[((d[i] & 3) << 4) | (d[i + 1] >> 4)],
                 t[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)], t[d[i + 2] & 63]};
    tc_sb_add(b, q, 4);
  }
  if (n - i == 1) {
    char q[4] = {t[d[i] >> 2], t[(d[i] & 3) << 4], '=', '='};
    tc_sb_add(b, q, 4);
  } else if (n - i == 2) {
    char q[4] = {t[d[i] >> 2], t[((d[i] & 3) << 4) | (d[i + 1] >> 4)],
                 t[(d[i + 1] & 15) << 2], '='};
    tc_sb_add(b, q, 4);
  }
}

/* ---- PNG in memory ---------------------------------------------------- */
static void png_to_sbuf(png_structp p, png_bytep d, png_size_t n) {
  tc_sb_add((tc_sbuf *)png_get_io_ptr(p), d, n);
}
static void png_no_flush(png_structp p) { (void)p; }

static int png_encode(const uint8_t *px, int w, int h, int c, tc_sbuf *out) {
  png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = p ? png_create_info_struct(p) : NULL;
  int y;
  if (!p || !info) {
    png_destroy_write_struct(&p, info ? &info : NULL);
    return -1;
  }
  if (setjmp(png_jmpbuf(p))) {
    png_destroy_write_struct(&p, &info);
    return -1;
  }
  png_set_write_fn(p, out, png_to_sbuf, png_no_flush);
  png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, 8,
               c == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(p, info);
  for (y = 0; y < h; y++)
    png_write_row(p, (png_const_bytep)(px + (size_t)y * w * c));
  png_write_end(p, NULL);
  png_destroy_write_struct(&p, &info);
  return out->bad ? -1 : 0;
}

/* ---- metrics.csv ------------------------------------------------------- */
enum { C_EPOCH, C_TLOSS, C_TACC, C_VLOSS, C_VACC, C_PHASE, NCOL };
static const char *const col_names[NCOL] = {"epoch", "train_loss", "train_acc",
                                            "val_loss", "val_acc", "phase"};

typedef struct curves {
  int n, qat_from; /* first QAT epoch index, -1 if none */
  double *v[NCOL - 1];
} curves;

static void curves_free(curves *cv) {
  int k;
  for (k = 0; k < NCOL - 1; k++) free(cv->v[k]);
}

/* Missing file: no curves (n = 0), not an error. */
static int read_metrics(const char *path, curves *cv) {
  FILE *f = fopen(path, "r");
  char line[2048];
  int idx[NCOL], k, cap = 0;
  memset(cv, 0, sizeof *cv);
  cv->qat_from = -1;
  if (!f) return 0;
  for (k = 0; k < NCOL; k++) idx[k] = -1;
  if (fgets(line, sizeof line, f)) {
    char *tok, *save = NULL;
    int col = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), col++)
      for (k = 0; k < NCOL; k++)
        if (!strcmp(tok, col_names[k])) idx[k] = col;
  }
  while (fgets(line, sizeof line, f)) {
    char *tok, *save = NULL;
    int col = 0;
    if (cv->n == cap) {
      cap = cap ? cap * 2 : 64;
      for (k = 0; k < NCOL - 1; k++) {
        double *nv = realloc(cv->v[k], (size_t)cap * sizeof *nv);
        if (!nv) {
          fclose(f);
          return -1;
        }
        cv->v[k] = nv;
      }
    }
    for (k = 0; k < NCOL - 1; k++) cv->v[k][cv->n] = NAN;
    line[strcspn(line, "\r\n")] = '\0';
    for (tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), col++) {
      for (k = 0; k < NCOL - 1; k++)
        if (idx[k] == col) cv->v[k][cv->n] = strtod(tok, NULL);
      if (idx[C_PHASE] == col && !strcmp(tok, "qat") && cv->qat_from < 0)
        cv->qat_from = cv->n;
    }
    if (idx[C_EPOCH] < 0) cv->v[C_EPOCH][cv->n] = cv->n + 1;
    cv->n++;
  }
  fclose(f);
  return 0;
}

/* ---- SVG charts --------------------------------------------------------- */
#define CW 420
#define CH 260
#define ML 48
#define MR 12
#define MT 28
#define MB 36

typedef struct series {
  const double *x, *y;
  int n;
  const char *color, *label;
} series;

static void chart(tc_sbuf *b, const char *title, const series *s, int ns,
                  double x0, double x1, double y0, double y1, double vline,
                  const char *xlabel, int square) {
  int k, i, t;
  double pw = CW - ML - MR, ph = CH - MT - MB;
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  tc_sb_printf(b, "<svg width='%d' height='%d' "
            "viewBox='0 0 %d %d' role='img'><title>", CW, CH, CW, CH);
  sb_html(b, title);
  tc_sb_printf(b, "</title><rect width='%d' height='%d' fill='#fff'/>"
            "<text x='%d' y='18' font-size='14' font-weight='bold'>", CW, CH, ML);
  sb_html(b, title);
  tc_sb_printf(b, "</text>");
  for (t = 0; t <= 4; t++) { /* grid and tick labels */
    double fy = MT + ph - ph * t / 4.0, fx = ML + pw * t / 4.0;
    tc_sb_printf(b, "<line x1='%d' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>"
              "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%.3g</text>",
              ML, fy, ML + pw, fy, ML - 4, fy + 3, y0 + (y1 - y0) * t / 4.0);
    tc_sb_printf(b, "<text x='%.1f' y='%.1f' font-size='10' text-anchor='middle'>%.3g</text>",
              fx, MT + ph + 14, x0 + (x1 - x0) * t / 4.0);
  }
  tc_sb_printf(b, "<rect x='%d' y='%d' width='%.0f' height='%.0f' fill='none' stroke='#888'/>",
            ML, MT, pw, ph);
  tc_sb_printf(b, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>",
            ML + pw / 2, CH - 4);
  sb_html(b, xlabel);
  tc_sb_printf(b, "</text>");
  if (square)
    tc_sb_printf(b, "<line x1='%d' y1='%.1f' x2='%.1f' y2='%d' stroke='#bbb' "
              "stroke-dasharray='4 3'/>", ML, MT + ph, ML + pw, MT);
  if (vline == vline && vline >= x0 && vline <= x1) {
    double vx = ML + pw * (vline - x0) / (x1 - x0);
    tc_sb_printf(b, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%.1f' stroke='#c70' "
              "stroke-dasharray='3 3'/><text x='%.1f' y='%.1f' font-size='10' "
              "fill='#c70'>QAT</text>", vx, MT, vx, MT + ph, vx + 3, MT + ph - 6);
  }
  for (k = 0; k < ns; k++) {
    int first = 1;
    tc_sb_printf(b, "<polyline fill='none' stroke='%s' stroke-width='2' points='",
              s[k].color);
    for (i = 0; i < s[k].n; i++) {
      double x = s[k].x[i], y = s[k].y[i];
      if (!(x == x) || !(y == y)) continue;
      if (y < y0) y = y0;
      if (y > y1) y = y1;
      tc_sb_printf(b, "%s%.1f,%.1f", first ? "" : " ",
                ML + pw * (x - x0) / (x1 - x0), MT + ph - ph * (y - y0) / (y1 - y0));
      first = 0;
    }
    tc_sb_printf(b, "'/><text x='%.1f' y='%d' font-size='11' fill='%s'>",
              ML + pw - 120.0, MT + 14 + 13 * k, s[k].color);
    sb_html(b, s[k].label);
    tc_sb_printf(b, "</text>");
  }
  tc_sb_printf(b, "</svg>\n");
}

static void range_of(const double *v, int n, double *lo, double *hi) {
  int i;
  for (i = 0; i < n; i++)
    if (v[i] == v[i]) {
      if (v[i] < *lo) *lo = v[i];
      if (v[i] > *hi) *hi = v[i];
    }
}

static void curves_section(tc_sbuf *b, const curves *cv) {
  double lo = 0, hi = 0, x1;
  double vline = NAN;
  series s[2];
  if (cv->n == 0) {
    tc_sb_printf(b, "<p class='note'>No metrics.csv in the run folder: no "
              "training curves.</p>\n");
    return;
  }
  x1 = cv->v[C_EPOCH][cv->n - 1];
  if (cv->qat_from >= 0) vline = cv->v[C_EPOCH][cv->qat_from] - 0.5;
  range_of(cv->v[C_TLOSS], cv->n, &lo, &hi);
  range_of(cv->v[C_VLOSS], cv->n, &lo, &hi);
  s[0] = (series){cv->v[C_EPOCH], cv->v[C_TLOSS], cv->n, "#1f77b4", "train loss"};
  s[1] = (series){cv->v[C_EPOCH], cv->v[C_VLOSS], cv->n, "#d62728", "validation loss"};
  tc_sb_printf(b, "<div class='row'>");
  chart(b, "Loss", s, 2, cv->v[C_EPOCH][0] < x1 ? cv->v[C_EPOCH][0] : 0, x1,
        0, hi * 1.05, vline, "epoch", 0);
  lo = 1;
  hi = 0;
  range_of(cv->v[C_TACC], cv->n, &lo, &hi);
  range_of(cv->v[C_VACC], cv->n, &lo, &hi);
  lo = floor(lo * 10) / 10;
  if (lo > 0.9) lo = 0.9;
  s[0] = (series){cv->v[C_EPOCH], cv->v[C_TACC], cv->n, "#1f77b4", "train accuracy"};
  s[1] = (series){cv->v[C_EPOCH], cv->v[C_VACC], cv->n, "#d62728", "validation accuracy"};
  chart(b, "Accuracy", s, 2, cv->v[C_EPOCH][0] < x1 ? cv->v[C_EPOCH][0] : 0, x1,
        lo, 1.0, vline, "epoch", 0);
  tc_sb_printf(b, "</div>\n");
}

/* ---- the page ------------------------------------------------------------ */
typedef struct miss {
  int i;
  double err;
} miss;

static int by_err_desc(const void *a, const void *b) {
  double x = ((const miss *)a)->err, y = ((const miss *)b)->err;
  return (x < y) - (x > y);
}

static void mistakes(tc_sbuf *b, const tc_report *r) {
  miss *m = malloc((size_t)(r->n > 0 ? r->n : 1) * sizeof *m);
  int i, k = 0, shown;
  if (!m) {
    b->bad = 1;
    return;
  }
  for (i = 0; i < r->n; i++) {
    int pred = r->scores[i] >= r->threshold;
    if (pred != (r->labels[i] != 0)) {
      m[k].i = i;
      m[k].err = fabs((double)r->scores[i] - (r->labels[i] ? 1.0 : 0.0));
      k++;
    }
  }
  qsort(m, (size_t)k, sizeof *m, by_err_desc);
  shown = k < 12 ? k : 12;
  tc_sb_printf(b, "<h2>Worst mistakes</h2>\n");
  if (k == 0) tc_sb_printf(b, "<p>No mistakes at threshold %.3f.</p>\n", (double)r->threshold);
  else
    tc_sb_printf(b, "<p>%d of %d images misclassified at threshold %.3f; the %d "
              "most confident:</p>\n<div class='thumbs'>", k, r->n,
              (double)r->threshold, shown);
  for (i = 0; i < shown; i++) {
    int j = m[i].i;
    tc_sbuf png = {0};
    tc_sb_printf(b, "<figure>");
    if (r->pixels && r->h > 0 && r->w > 0 && (r->c == 1 || r->c == 3) &&
        png_encode(r->pixels + (size_t)j * r->h * r->w * r->c, r->w, r->h,
                   r->c, &png) == 0) {
      tc_sb_printf(b, "<img width='96' height='%d' alt='image %d' src='data:image/png;base64,",
                96 * r->h / r->w, j);
      sb_base64(b, (const unsigned char *)png.p, png.n);
      tc_sb_printf(b, "'>");
    }
    free(png.p);
    tc_sb_printf(b, "<figcaption>true <b>");
    sb_html(b, r->class_name[r->labels[j] ? 1 : 0]);
    tc_sb_printf(b, "</b><br>score %.3f<br><small>", (double)r->scores[j]);
    if (r->paths && r->paths[j]) {
      const char *base = strrchr(r->paths[j], '/');
      sb_html(b, base ? base + 1 : r->paths[j]);
    }
    tc_sb_printf(b, "</small></figcaption></figure>");
  }
  if (k) tc_sb_printf(b, "</div>\n");
  free(m);
}

static void fit_table(tc_sbuf *b, const tc_report *r) {
  /* The budgets `tinycnn inspect` states: internal SRAM and app flash. */
  static const struct {
    const char *chip;
    double sram_kb, flash_kb;
  } chips[] = {{"ESP32", 320, 3072}, {"ESP32-S3", 400, 7168}, {"ESP32-C3", 320, 3072}};
  size_t i;
  if (!r->model_bytes && !r->arena_bytes) return;
  tc_sb_printf(b, "<h2>On the device</h2>\n<p>model %.1f KB (flash), arena %.1f KB "
            "(RAM, exact, measured by the runtime)</p>\n<table><tr><th>chip</th>"
            "<th>arena in internal SRAM</th><th>model in flash</th></tr>",
            r->model_bytes / 1024.0, r->arena_bytes / 1024.0);
  for (i = 0; i < sizeof chips / sizeof chips[0]; i++)
    tc_sb_printf(b, "<tr><td>%s</td><td class='%s'>%s (%.1f of %.0f KB)</td>"
              "<td class='%s'>%s (%.1f of %.0f KB)</td></tr>", chips[i].chip,
              r->arena_bytes / 1024.0 <= chips[i].sram_kb ? "ok" : "no",
              r->arena_bytes / 1024.0 <= chips[i].sram_kb ? "fits" : "does not fit",
              r->arena_bytes / 1024.0, chips[i].sram_kb,
              r->model_bytes / 1024.0 <= chips[i].flash_kb ? "ok" : "no",
              r->model_bytes / 1024.0 <= chips[i].flash_kb ? "fits" : "does not fit",
              r->model_bytes / 1024.0, chips[i].flash_kb);
  tc_sb_printf(b, "</table>\n");
}

static void evaluation(tc_sbuf *b, const tc_report *r) {
  tc_metrics m;
  float *fpr, *tpr;
  double *x, *y;
  int k, i;
  series s;
  if (r->n <= 0 || !r->scores || !r->labels) return;
  if (tc_metrics_compute(r->scores, r->labels, r->n, r->threshold, &m) != 0) {
    b->bad = 1;
    return;
  }
  tc_sb_printf(b, "<h2>Evaluation (%d images, threshold %.3f)</h2>\n<p>accuracy "
            "<b>%.2f%%</b>, precision %.3f, recall %.3f, F1 %.3f, ROC AUC %.4f; "
            "best F1 %.3f at %.3f, Youden J %.3f at %.3f</p>\n", m.n,
            (double)m.threshold, 100 * m.accuracy, m.precision, m.recall, m.f1,
            m.auc, m.best_f1, (double)m.best_f1_threshold, m.youden_j,
            (double)m.youden_threshold);
  if (r->float_acc == r->float_acc || r->int8_acc == r->int8_acc) {
    tc_sb_printf(b, "<p>");
    if (r->float_acc == r->float_acc)
      tc_sb_printf(b, "float model accuracy %.2f%% ", 100 * r->float_acc);
    if (r->int8_acc == r->int8_acc)
      tc_sb_printf(b, "int8 model accuracy (our runtime) %.2f%%", 100 * r->int8_acc);
    tc_sb_printf(b, "</p>\n");
  }
  tc_sb_printf(b, "<div class='row'>");
  fpr = malloc((size_t)(r->n + 1) * sizeof *fpr);
  tpr = malloc((size_t)(r->n + 1) * sizeof *tpr);
  x = malloc((size_t)(r->n + 1) * sizeof *x);
  y = malloc((size_t)(r->n + 1) * sizeof *y);
  if (fpr && tpr && x && y &&
      (k = tc_roc_curve(r->scores, r->labels, r->n, fpr, tpr, NULL)) > 0) {
    char t[64];
    for (i = 0; i < k; i++) {
      x[i] = fpr[i];
      y[i] = tpr[i];
    }
    snprintf(t, sizeof t, "AUC %.4f", m.auc);
    s = (series){x, y, k, "#2ca02c", t};
    chart(b, "ROC curve", &s, 1, 0, 1, 0, 1, NAN, "false positive rate", 1);
  } else {
    b->bad = 1;
  }
  free(fpr); free(tpr); free(x); free(y);
  tc_sb_printf(b, "<table class='cm'><caption>Confusion matrix</caption><tr><th></th>"
            "<th>predicted ");
  sb_html(b, r->class_name[0]);
  tc_sb_printf(b, "</th><th>predicted ");
  sb_html(b, r->class_name[1]);
  tc_sb_printf(b, "</th></tr><tr><th>true ");
  sb_html(b, r->class_name[0]);
  tc_sb_printf(b, "</th><td class='ok'>%ld</td><td class='no'>%ld</td></tr><tr><th>true ",
            m.cm.tn, m.cm.fp);
  sb_html(b, r->class_name[1]);
  tc_sb_printf(b, "</th><td class='no'>%ld</td><td class='ok'>%ld</td></tr></table></div>\n",
            m.cm.fn, m.cm.tp);
  mistakes(b, r);
}

int tc_report_write(const tc_report *r, char *err, size_t errlen) {
  tc_sbuf b = {0};
  curves cv;
  char path[4096];
  const char *title = r->title ? r->title : "tinycnn training report";
  tc_report rr = *r;
  if (!rr.class_name[0]) rr.class_name[0] = "negative";
  if (!rr.class_name[1]) rr.class_name[1] = "positive";
  if (snprintf(path, sizeof path, "%s/metrics.csv", r->run_dir) >= (int)sizeof path) {
    snprintf(err, errlen, "%s: run folder name too long", r->run_dir);
    return -1;
  }
  if (read_metrics(path, &cv) != 0) {
    curves_free(&cv);
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
  }
  tc_sb_printf(&b, "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<link rel='icon' href='data:,'><title>");
  sb_html(&b, title);
  tc_sb_printf(&b, "</title><style>body{font-family:sans-serif;margin:24px;"
            "color:#222;max-width:900px}.row{display:flex;flex-wrap:wrap;"
            "gap:16px;align-items:flex-start}table{border-collapse:collapse;"
            "margin:8px 0}td,th{border:1px solid #ccc;padding:4px 10px;"
            "text-align:right}.cm td{font-size:20px;min-width:70px}"
            "td.ok{background:#e6f4e6}td.no{background:#fbe9e9}"
            ".thumbs{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;"
            "width:110px;font-size:12px}figure img{image-rendering:pixelated;"
            "border:1px solid #999}.note{color:#777}</style></head><body>\n<h1>");
  sb_html(&b, title);
  tc_sb_printf(&b, "</h1>\n<p>classes: negative <b>");
  sb_html(&b, rr.class_name[0]);
  tc_sb_printf(&b, "</b>, positive <b>");
  sb_html(&b, rr.class_name[1]);
  tc_sb_printf(&b, "</b>; %d epochs</p>\n", cv.n);
  if (rr.backbone) {
    tc_sb_printf(&b, "<p>transfer learning: backbone <b>");
    sb_html(&b, rr.backbone);
    tc_sb_printf(&b, "</b> cut at tensor <b>");
    sb_html(&b, rr.cut ? rr.cut : "");
    tc_sb_printf(&b, "</b> (%d layers; head only for %d epochs, then the whole "
              "network)</p>\n", rr.backbone_layers, rr.freeze_epochs);
  }
  tc_sb_printf(&b, "<h2>Training</h2>\n");
  curves_section(&b, &cv);
  evaluation(&b, &rr);
  fit_table(&b, &rr);
  if (rr.extra_html) tc_sb_add(&b, rr.extra_html, strlen(rr.extra_html));
  tc_sb_printf(&b, "</body></html>\n");
  curves_free(&cv);
  if (b.bad) {
    free(b.p);
    snprintf(err, errlen, "report: out of memory");
    return -1;
  }
  snprintf(path, sizeof path, "%s/report.html", r->run_dir);
  if (tc_write_atomic(path, b.p, b.n) != 0) {
    snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    free(b.p);
    return -1;
  }
  free(b.p);
  return 0;
}
