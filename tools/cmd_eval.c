/* tinycnn eval MODEL DIR [--json] [--threshold T] [--positive NAME]
 * tinycnn eval MODEL --idx IMAGES LABELS --positive-class P
 *   --negative-class N [--labels NEG,POS]   (MNIST-style test sets)
 * Scores every image of DIR (one subfolder per class, the trainer's rules:
 * the positive class is --positive, else the model's positive label when
 * a folder has that name, else the second folder in sorted order) through exactly the device path: decode -> tc_image_to_tensor
 * into the model's input -> invoke -> tc_app_score; then the metrics of
 * src/train/eval.c. The threshold is --threshold, else the model's
 * (metadata). Unreadable files are listed on stderr and skipped. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "tinycnn/app.h"
#include "tinycnn/eval.h"
#include "tinycnn/image.h"
#include "tinycnn/imageio.h"
#include "tinycnn/train.h"

static const char usage_txt[] =
    "usage: tinycnn eval MODEL.tflite DIR [--json] [--threshold T] "
    "[--positive NAME]\n"
    "       tinycnn eval MODEL.tflite --idx IMAGES LABELS --positive-class P "
    "--negative-class N [--labels NEG,POS] [--json] [--threshold T]\n";

static double now_ms(void);

typedef struct idx_args {
  const char *images, *labels;
  int pos, neg;
  char names[2][256];
} idx_args;

/* IDX images are brought to the model's input size by the dataset loader
 * (tc_image_to_tensor, the device path), then fed as a frame of exactly
 * that size: the same bytes the device would compute. */
static int score_idx(cli_model *cm, const idx_args *x, float **scores,
                     uint8_t **labels, int *n, double *pre_ms,
                     double *inv_ms) {
  const tc_tensor *in = tc_interp_input(&cm->it, 0);
  tc_dataset d;
  char err[1024];
  int i;
  if (in->ndims != 4 || (in->dims[3] != 1 && in->dims[3] != 3)) {
    fprintf(stderr, "tinycnn eval: model input is not [1,H,W,1|3]\n");
    return TC_EXIT_MODEL;
  }
  if (tc_dataset_load_idx(x->images, x->labels, x->pos, x->neg, in->dims[1],
                          in->dims[2], in->dims[3], &d, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn eval: %s\n", cli_esc(err));
    return TC_EXIT_INPUT;
  }
  *scores = malloc(sizeof(float) * (size_t)(d.n + 1));
  *labels = malloc((size_t)d.n + 1);
  if (!*scores || !*labels) {
    tc_dataset_free(&d);
    fprintf(stderr, "tinycnn eval: out of memory\n");
    return TC_EXIT_FAIL;
  }
  for (i = 0; i < d.n; i++) {
    tc_image img;
    double t0, t1, t2;
    img.data = d.pixels + (size_t)i * d.h * d.w * d.c;
    img.width = d.w;
    img.height = d.h;
    img.stride = 0;
    img.format = d.c == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    t0 = now_ms();
    tc_image_to_tensor(&img, tc_interp_input(&cm->it, 0), &cm->pre);
    t1 = now_ms();
    tc_interp_invoke(&cm->it);
    t2 = now_ms();
    tc_app_score(tc_interp_output(&cm->it, 0), &(*scores)[i]);
    (*labels)[i] = d.labels[i];
    *pre_ms += t1 - t0;
    *inv_ms += t2 - t1;
  }
  *n = d.n;
  tc_dataset_free(&d);
  return TC_EXIT_OK;
}

typedef struct files {
  char **path;
  uint8_t *label;
  int n, cap, skipped;
} files;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *s;
  while (la > 1 && a[la - 1] == '/') la--;
  if (!(s = malloc(la + lb + 2))) return NULL;
  memcpy(s, a, la);
  s[la] = '/';
  memcpy(s + la + 1, b, lb + 1);
  return s;
}

/* Sorted names in dir, without "." and ".."; NULL + errno on failure. */
static char **list_dir(const char *dir, int *n_out) {
  DIR *d = opendir(dir);
  char **names = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  if (!d) return NULL;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) {
      char **nn;
      cap = cap ? cap * 2 : 64;
      if (!(nn = realloc(names, (size_t)cap * sizeof *nn))) break;
      names = nn;
    }
    if (!(names[n] = strdup(e->d_name))) break;
    n++;
  }
  closedir(d);
  if (e) { /* out of memory */
    while (n > 0) free(names[--n]);
    free(names);
    errno = ENOMEM;
    return NULL;
  }
  if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
  *n_out = n;
  return names ? names : calloc(1, sizeof *names);
}

static void free_list(char **names, int n) {
  while (n > 0) free(names[--n]);
  free(names);
}

static int add(files *f, char *path, int label) {
  if (f->n == f->cap) {
    int cap = f->cap ? f->cap * 2 : 256;
    char **np = realloc(f->path, (size_t)cap * sizeof *np);
    uint8_t *nl;
    if (!np) return -1;
    f->path = np;
    if (!(nl = realloc(f->label, (size_t)cap))) return -1;
    f->label = nl;
    f->cap = cap;
  }
  f->path[f->n] = path;
  f->label[f->n] = (uint8_t)label;
  f->n++;
  return 0;
}

/* Every regular file under dir (sorted, depth-first), hidden ones skipped. */
static int walk(files *f, const char *dir, int label, int depth) {
  int n, i;
  char **names = list_dir(dir, &n);
  if (!names) {
    fprintf(stderr, "skipped: %s: cannot open folder (%s)\n", cli_esc(dir),
            strerror(errno));
    f->skipped++;
    return errno == ENOMEM ? -1 : 0;
  }
  for (i = 0; i < n; i++) {
    char *path = join(dir, names[i]);
    struct stat st;
    if (!path) {
      free_list(names, n);
      return -1;
    }
    if (names[i][0] == '.') {
      fprintf(stderr, "skipped: %s: hidden file or folder\n", cli_esc(path));
      f->skipped++;
    } else if (stat(path, &st) != 0) {
      fprintf(stderr, "skipped: %s: %s\n", cli_esc(path), strerror(errno));
      f->skipped++;
    } else if (S_ISDIR(st.st_mode)) {
      if (depth >= 8) {
        fprintf(stderr, "skipped: %s: folder nested too deep\n",
                cli_esc(path));
        f->skipped++;
      } else if (walk(f, path, label, depth + 1) != 0) {
        free(path);
        free_list(names, n);
        return -1;
      }
    } else if (!S_ISREG(st.st_mode)) {
      fprintf(stderr, "skipped: %s: not a regular file\n", cli_esc(path));
      f->skipped++;
    } else {
      if (add(f, path, label) != 0) {
        free(path);
        free_list(names, n);
        return -1;
      }
      path = NULL;
    }
    free(path);
  }
  free_list(names, n);
  return 0;
}

/* The two class folders in sorted order; 0 or an exit code. */
static int find_classes(const char *dir, char cls[2][256]) {
  int n, i, nc = 0;
  char **names = list_dir(dir, &n);
  if (!names) {
    fprintf(stderr, "tinycnn eval: %s: cannot open folder (%s)\n",
            cli_esc(dir),
            strerror(errno));
    return TC_EXIT_INPUT;
  }
  for (i = 0; i < n; i++) {
    char *path = join(dir, names[i]);
    struct stat st;
    if (path && names[i][0] != '.' && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
      if (nc < 2) snprintf(cls[nc], 256, "%s", names[i]);
      nc++;
    }
    free(path);
  }
  free_list(names, n);
  if (nc != 2) {
    fprintf(stderr, "tinycnn eval: %s: %d class folders; expected exactly "
            "two subfolders, one per class\n", cli_esc(dir), nc);
    return TC_EXIT_INPUT;
  }
  return 0;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Score one image; 0, 1 = skipped (reported), or TC_EXIT_MODEL. The
 * path of train and predict (tc_bitmap_load_tensor), in its two steps so
 * that decoding is not counted as preprocessing. */
static int score_one(cli_model *cm, const char *path, float *score,
                     double *pre_ms, double *inv_ms) {
  tc_tensor *in = tc_interp_input(&cm->it, 0);
  tc_bitmap_want want = {in->dims[2], in->dims[1], cm->pre.stretch};
  tc_bitmap bm;
  char err[512];
  double t0, t1, t2;
  int rc;
  if (tc_bitmap_load_for(path, &want, &bm, err, sizeof err) != 0) {
    fprintf(stderr, "skipped: %s\n", cli_esc(err));
    return 1;
  }
  t0 = now_ms();
  rc = tc_bitmap_to_tensor(&bm, in, &cm->pre, path, err, sizeof err);
  t1 = now_ms();
  tc_bitmap_free(&bm);
  if (rc != 0) {
    fprintf(stderr, "skipped: %s\n", cli_esc(err));
    return 1;
  }
  if (tc_interp_invoke(&cm->it) != TC_OK) {
    fprintf(stderr, "tinycnn eval: invoke: %s\n", cm->it.msg);
    return TC_EXIT_MODEL;
  }
  t2 = now_ms();
  tc_app_score(tc_interp_output(&cm->it, 0), score);
  *pre_ms += t1 - t0;
  *inv_ms += t2 - t1;
  return 0;
}

static void print_text(const char *model, const char *dir, char cls[2][256],
                       int pos, const tc_metrics *m, int skipped,
                       double pre_ms, double inv_ms) {
  const char *nn = cli_esc(cls[!pos]), *pn = cli_esc(cls[pos]);
  int w = (int)(strlen(nn) > strlen(pn) ? strlen(nn) : strlen(pn));
  printf("model %s on %s: %d images (negative '%s' %d, positive '%s' %d), "
         "%d skipped\n", cli_esc(model), cli_esc(dir), m->n, nn, m->nneg, pn,
         m->npos, skipped);
  printf("threshold %.3f (positive when score >= threshold)\n",
         (double)m->threshold);
  printf("accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f  ROC AUC %.4f\n",
         m->accuracy, m->precision, m->recall, m->f1, m->auc);
  printf("confusion matrix (rows: true class, columns: predicted)\n");
  printf("  %*s  %8s %8s\n", w + 5, "", "pred neg", "pred pos");
  printf("  true %-*s  %8ld %8ld\n", w, nn, m->cm.tn, m->cm.fp);
  printf("  true %-*s  %8ld %8ld\n", w, pn, m->cm.fn, m->cm.tp);
  printf("best F1 %.4f at threshold %.3f; Youden J %.4f at threshold %.3f\n",
         m->best_f1, (double)m->best_f1_threshold, m->youden_j,
         (double)m->youden_threshold);
  printf("latency per image: preprocess %.3f ms, invoke %.3f ms (host)\n",
         m->n ? pre_ms / m->n : 0.0, m->n ? inv_ms / m->n : 0.0);
}

static int print_json(const char *model, const char *dir, char cls[2][256],
                      int pos, const tc_metrics *m, int skipped,
                      double pre_ms, double inv_ms) {
  cJSON *o = cJSON_CreateObject(), *cm = cJSON_CreateObject();
  char *s;
  if (!o || !cm) return -1;
  cJSON_AddStringToObject(o, "model", cli_json_str(model));
  cJSON_AddStringToObject(o, "dir", cli_json_str(dir));
  cJSON_AddStringToObject(o, "negative", cli_json_str(cls[!pos]));
  cJSON_AddStringToObject(o, "positive", cli_json_str(cls[pos]));
  cJSON_AddNumberToObject(o, "images", m->n);
  cJSON_AddNumberToObject(o, "negatives", m->nneg);
  cJSON_AddNumberToObject(o, "positives", m->npos);
  cJSON_AddNumberToObject(o, "skipped", skipped);
  cJSON_AddNumberToObject(o, "threshold", m->threshold);
  cJSON_AddNumberToObject(o, "accuracy", m->accuracy);
  cJSON_AddNumberToObject(o, "precision", m->precision);
  cJSON_AddNumberToObject(o, "recall", m->recall);
  cJSON_AddNumberToObject(o, "specificity", m->specificity);
  cJSON_AddNumberToObject(o, "f1", m->f1);
  if (isnan(m->auc)) cJSON_AddNullToObject(o, "roc_auc");
  else cJSON_AddNumberToObject(o, "roc_auc", m->auc);
  cJSON_AddNumberToObject(cm, "tp", (double)m->cm.tp);
  cJSON_AddNumberToObject(cm, "fp", (double)m->cm.fp);
  cJSON_AddNumberToObject(cm, "tn", (double)m->cm.tn);
  cJSON_AddNumberToObject(cm, "fn", (double)m->cm.fn);
  cJSON_AddItemToObject(o, "confusion", cm);
  cJSON_AddNumberToObject(o, "best_f1", m->best_f1);
  cJSON_AddNumberToObject(o, "best_f1_threshold", m->best_f1_threshold);
  cJSON_AddNumberToObject(o, "youden_j", m->youden_j);
  cJSON_AddNumberToObject(o, "youden_threshold", m->youden_threshold);
  cJSON_AddNumberToObject(o, "preprocess_ms", m->n ? pre_ms / m->n : 0.0);
  cJSON_AddNumberToObject(o, "invoke_ms", m->n ? inv_ms / m->n : 0.0);
  s = cJSON_Print(o);
  cJSON_Delete(o);
  if (!s) return -1;
  puts(s);
  free(s);
  return 0;
}

int cmd_eval(int argc, char **argv) {
  const char *model = NULL, *dir = NULL, *positive = NULL;
  char cls[2][256], msg[TC_MSG_LEN];
  float threshold = -1.0f, *scores = NULL; /* < 0: the model's */
  uint8_t *labels = NULL;
  int a, rc, json = 0, pos = 1, c, i, n = 0, skipped;
  double pre_ms = 0, inv_ms = 0;
  files f;
  cli_model cm;
  tc_metrics m;
  idx_args ix;
  memset(&ix, 0, sizeof ix);
  ix.pos = ix.neg = -1;
  for (a = 1; a < argc; a++) {
    if (!strcmp(argv[a], "--json")) {
      json = 1;
    } else if (!strcmp(argv[a], "--idx") && a + 2 < argc) {
      ix.images = argv[++a];
      ix.labels = argv[++a];
    } else if ((!strcmp(argv[a], "--positive-class") ||
                !strcmp(argv[a], "--negative-class")) && a + 1 < argc) {
      char *end;
      long v = strtol(argv[a + 1], &end, 10);
      if (*end || v < 0 || v > 255) {
        fprintf(stderr, "tinycnn eval: %s '%s': expected 0..255\n", argv[a],
                cli_esc(argv[a + 1]));
        return TC_EXIT_USAGE;
      }
      if (argv[a][2] == 'p') ix.pos = (int)v; else ix.neg = (int)v;
      a++;
    } else if (!strcmp(argv[a], "--labels") && a + 1 < argc) {
      if (cli_parse_labels(argv[++a], ix.names[0], ix.names[1],
                           sizeof ix.names[0]) != 0) {
        fprintf(stderr, "tinycnn eval: --labels '%s': expected NEG,POS\n",
                cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
    } else if (!strcmp(argv[a], "--threshold") && a + 1 < argc) {
      if (cli_parse_unit(argv[++a], &threshold) != 0) {
        fprintf(stderr, "tinycnn eval: --threshold '%s': expected a number "
                "in [0, 1]\n", cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
    } else if (!strcmp(argv[a], "--positive") && a + 1 < argc) {
      positive = argv[++a];
    } else if (argv[a][0] == '-' && argv[a][1]) {
      fprintf(stderr, "tinycnn eval: unexpected argument '%s'\n%s",
              cli_esc(argv[a]), usage_txt);
      return TC_EXIT_USAGE;
    } else if (!model) {
      model = argv[a];
    } else if (!dir) {
      dir = argv[a];
    } else {
      fprintf(stderr, "tinycnn eval: unexpected argument '%s'\n%s",
              cli_esc(argv[a]), usage_txt);
      return TC_EXIT_USAGE;
    }
  }
  if (model && ix.images && !dir) {
    if (ix.pos < 0 || ix.neg < 0) {
      fprintf(stderr, "tinycnn eval: --idx needs --positive-class and "
              "--negative-class\n");
      return TC_EXIT_USAGE;
    }
    if ((rc = cli_model_open(&cm, model, 1)) != 0) return rc;
    if (threshold < 0) threshold = cm.meta.threshold;
    if (!ix.names[0][0] && (cm.meta.has & TC_META_HAS_LABELS)) {
      snprintf(ix.names[0], sizeof ix.names[0], "%s", cm.meta.label_neg);
      snprintf(ix.names[1], sizeof ix.names[1], "%s", cm.meta.label_pos);
    } else if (!ix.names[0][0]) {
      snprintf(ix.names[0], sizeof ix.names[0], "class %d", ix.neg);
      snprintf(ix.names[1], sizeof ix.names[1], "class %d", ix.pos);
    }
    if (tc_app_check_model(&cm.it, msg) != TC_OK) {
      fprintf(stderr, "tinycnn eval: %s: %s\n", cli_esc(model), cli_esc(msg));
      cli_model_close(&cm);
      return TC_EXIT_MODEL;
    }
    rc = score_idx(&cm, &ix, &scores, &labels, &n, &pre_ms, &inv_ms);
    if (rc == TC_EXIT_OK && tc_metrics_compute(scores, labels, n, threshold,
                                               &m) != 0)
      rc = TC_EXIT_FAIL;
    if (rc == TC_EXIT_OK) {
      if (json)
        rc = print_json(model, ix.images, ix.names, 1, &m, 0, pre_ms, inv_ms)
                 ? TC_EXIT_FAIL : TC_EXIT_OK;
      else
        print_text(model, ix.images, ix.names, 1, &m, 0, pre_ms, inv_ms);
    }
    free(scores);
    free(labels);
    cli_model_close(&cm);
    return rc;
  }
  if (!model || !dir || ix.images) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  if ((rc = find_classes(dir, cls)) != 0) return rc;
  if (positive) {
    if (!strcmp(positive, cls[0])) pos = 0;
    else if (strcmp(positive, cls[1]) != 0) {
      fprintf(stderr, "tinycnn eval: --positive '%s' is not one of the class "
              "folders ('%s', '%s')\n", cli_esc(positive), cli_esc(cls[0]),
              cli_esc(cls[1]));
      return TC_EXIT_USAGE;
    }
  }
  if ((rc = cli_model_open(&cm, model, 1)) != 0) return rc;
  if (threshold < 0) threshold = cm.meta.threshold;
  /* The model knows which class it calls positive. */
  if (!positive && (cm.meta.has & TC_META_HAS_LABELS) &&
      !strcmp(cm.meta.label_pos, cls[0]) && strcmp(cm.meta.label_pos, cls[1]))
    pos = 0;
  if (tc_app_check_model(&cm.it, msg) != TC_OK) {
    fprintf(stderr, "tinycnn eval: %s: %s\n", cli_esc(model), cli_esc(msg));
    cli_model_close(&cm);
    return TC_EXIT_MODEL;
  }
  memset(&f, 0, sizeof f);
  rc = TC_EXIT_OK;
  for (c = 0; c < 2 && rc == TC_EXIT_OK; c++) {
    char *sub = join(dir, cls[c]);
    if (!sub || walk(&f, sub, c == pos, 1) != 0) {
      fprintf(stderr, "tinycnn eval: out of memory\n");
      rc = TC_EXIT_FAIL;
    }
    free(sub);
  }
  skipped = f.skipped;
  if (rc == TC_EXIT_OK &&
      (!(scores = malloc((size_t)(f.n + 1) * sizeof *scores)) ||
       !(labels = malloc((size_t)f.n + 1)))) {
    fprintf(stderr, "tinycnn eval: out of memory\n");
    rc = TC_EXIT_FAIL;
  }
  for (i = 0; i < f.n && rc == TC_EXIT_OK; i++) {
    int r = score_one(&cm, f.path[i], &scores[n], &pre_ms, &inv_ms);
    if (r == TC_EXIT_MODEL) rc = r;
    else if (r == 1) skipped++;
    else labels[n++] = f.label[i];
  }
  if (rc == TC_EXIT_OK && n == 0) {
    fprintf(stderr, "tinycnn eval: %s: no readable images\n", cli_esc(dir));
    rc = TC_EXIT_INPUT;
  }
  if (rc == TC_EXIT_OK) {
    if (tc_metrics_compute(scores, labels, n, threshold, &m) != 0) {
      fprintf(stderr, "tinycnn eval: out of memory\n");
      rc = TC_EXIT_FAIL;
    } else if (json) {
      if (print_json(model, dir, cls, pos, &m, skipped, pre_ms, inv_ms) != 0)
        rc = TC_EXIT_FAIL;
    } else {
      print_text(model, dir, cls, pos, &m, skipped, pre_ms, inv_ms);
    }
  }
  for (i = 0; i < f.n; i++) free(f.path[i]);
  free(f.path);
  free(f.label);
  free(scores);
  free(labels);
  cli_model_close(&cm);
  return rc;
}
