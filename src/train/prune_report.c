/* The pruning trade-off in report.html: validation accuracy against MACs,
 * parameters and arena at every step, the final (chosen) point marked. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/prune.h"
#include "host_util.h"

#define W 300
#define H 220
#define L 52
#define R 20
#define T 26
#define B 36

/* x of point i: 0 MACs, 1 parameters, 2 arena */
static double px(const tc_prune_point *p, int what) {
  return what == 0 ? (double)p->macs : what == 1 ? (double)p->params
                                                 : (double)p->arena;
}

/* 7157632 -> "7.16M" */
static const char *si(double v, char *out) {
  if (v >= 1e6) snprintf(out, 16, "%.3gM", v / 1e6);
  else if (v >= 1e3) snprintf(out, 16, "%.3gk", v / 1e3);
  else snprintf(out, 16, "%.3g", v);
  return out;
}

static void chart(tc_sbuf *b, const tc_prune_state *s, int what) {
  char tick[16];
  static const char *const title[] = {"accuracy vs MACs",
                                      "accuracy vs parameters",
                                      "accuracy vs arena bytes"};
  double x1 = 0, y0 = 1, y1 = 1, pw = W - L - R, ph = H - T - B;
  int i, k, t, last = s->npoints - 1;
  for (i = 0; i < s->npoints; i++) {
    double x = px(&s->points[i], what);
    if (x > x1) x1 = x;
    if (s->points[i].val_acc < y0) y0 = s->points[i].val_acc;
    if (s->points[i].val_acc_int8 < y0) y0 = s->points[i].val_acc_int8;
  }
  x1 *= 1.05;
  if (!(x1 > 0)) x1 = 1;
  y0 = (double)(int)(y0 * 20) / 20.0;
  if (y0 > 0.9) y0 = 0.9;
  tc_sb_printf(b, "<svg width='%d' height='%d' viewBox='0 0 %d %d' role='img'>"
        "<title>%s</title><rect width='%d' height='%d' fill='#fff'/>"
        "<text x='%d' y='16' font-size='13' font-weight='bold'>%s</text>",
     W, H, W, H, title[what], W, H, L, title[what]);
  for (t = 0; t <= 4; t++) {
    double fy = T + ph - ph * t / 4.0, fx = L + pw * t / 4.0;
    tc_sb_printf(b, "<line x1='%d' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>"
          "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%.3g</text>"
          "<text x='%.1f' y='%.1f' font-size='10' text-anchor='middle'>%s"
          "</text>", L, fy, L + pw, fy, L - 4, fy + 3,
       y0 + (y1 - y0) * t / 4.0, fx, T + ph + 14, si(x1 * t / 4.0, tick));
  }
  tc_sb_printf(b, "<rect x='%d' y='%d' width='%.0f' height='%.0f' fill='none' "
        "stroke='#888'/>", L, T, pw, ph);
  for (k = 0; k < 2; k++) {
    const char *col = k ? "#d62728" : "#1f77b4";
    tc_sb_printf(b, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='", col);
    for (i = 0; i < s->npoints; i++) {
      double y = k ? s->points[i].val_acc_int8 : s->points[i].val_acc;
      tc_sb_printf(b, "%s%.1f,%.1f", i ? " " : "", L + pw * px(&s->points[i], what) / x1,
         T + ph - ph * (y - y0) / (y1 - y0));
    }
    tc_sb_printf(b, "'/>");
    for (i = 0; i < s->npoints; i++) {
      double y = k ? s->points[i].val_acc_int8 : s->points[i].val_acc;
      tc_sb_printf(b, "<circle cx='%.1f' cy='%.1f' r='%d' fill='%s'%s><title>step %d: "
            "%.2f%%</title></circle>", L + pw * px(&s->points[i], what) / x1,
         T + ph - ph * (y - y0) / (y1 - y0), i == last ? 6 : 3,
         i == last ? "none" : col,
         i == last ? " stroke='#000' stroke-width='2'" : "",
         s->points[i].step, 100.0 * y);
    }
  }
  tc_sb_printf(b, "<text x='%d' y='%d' font-size='10' fill='#1f77b4'>float</text>"
        "<text x='%d' y='%d' font-size='10' fill='#d62728'>int8 (runtime)"
        "</text><text x='%d' y='%d' font-size='10'>&#9711; chosen</text>"
        "</svg>\n", L + 6, T + 12, L + 6, T + 24, L + 6, T + 36);
}

char *tc_prune_report_html(const tc_prune_state *s) {
  tc_sbuf b = {0};
  int i;
  tc_sb_printf(&b, "<h2>Pruning</h2>\n<p>Structured pruning, criterion <b>%s</b>, %d "
         "steps of %d fine-tuning epochs, then %d recovery and %d "
         "quantization-aware epochs. Validation accuracy at every step: "
         "float forward and the int8 model through the runtime (steps before "
         "the last: activation ranges from training, no QAT). The circled "
         "point is the exported model.</p>\n<div class='row'>",
     tc_prune_criterion_name(s->o.criterion), s->o.steps, s->o.step_epochs,
     s->o.recovery_epochs, s->o.qat_epochs);
  for (i = 0; i < 3; i++) chart(&b, s, i);
  tc_sb_printf(&b, "</div>\n<table><tr><th>step</th><th>epochs</th><th>MACs</th>"
         "<th>parameters</th><th>model bytes</th><th>arena bytes</th>"
         "<th>val acc float</th><th>val acc int8</th></tr>\n");
  for (i = 0; i < s->npoints; i++) {
    const tc_prune_point *p = &s->points[i];
    tc_sb_printf(&b, "<tr><td>%s%d</td><td>%d</td><td>%llu</td><td>%llu</td><td>%llu"
           "</td><td>%llu</td><td>%.2f%%</td><td>%.2f%%</td></tr>\n",
       i == s->npoints - 1 ? "chosen: " : "", p->step, p->epochs,
       (unsigned long long)p->macs, (unsigned long long)p->params,
       (unsigned long long)p->model_bytes, (unsigned long long)p->arena,
       100.0 * p->val_acc, 100.0 * p->val_acc_int8);
  }
  tc_sb_printf(&b, "</table>\n");
  if (b.bad) {
    free(b.p);
    return NULL;
  }
  return b.p;
}
