/* tinycnn train: a folder of images (or IDX files) -> a trained,
 * quantization-aware network in RUN/ (checkpoint, metrics, model). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "train_finish.h"
#include "tinycnn/train_engine.h"

static const char usage_text[] =
    "usage: tinycnn train DIR [--positive NAME] [--val 0.2 | --val-dir DIR]\n"
    "       tinycnn train --idx IMAGES LABELS --positive-class N "
    "--negative-class M\n"
    "  [--input 64x64x1] [--arch seed|mobilenet --alpha 0.25 | --spec STR]\n"
    "  [--epochs N] [--batch N] [--lr X] [--seed N] [--qat-epochs N]\n"
    "  [--patience N] [--no-augment] [--labels NEG,POS] [-o|--out RUN]\n"
    "  [--ptq [--calib N | --calib-dir DIR] [--calib-ema]]  post-training\n"
    "      quantization instead of quantization-aware epochs\n"
    "  [--prune R]  then remove fraction R of the MACs by structured pruning\n"
    "      (see tinycnn prune --help; the pruned model is exported)\n"
    "  [--backbone MODEL.tflite [--cut TENSOR|auto] [--freeze-epochs N]\n"
    "      [--fine-tune-lr X] [--head SPEC]]  transfer learning: the model's\n"
    "      layers up to the cut (default: before its global average pool),\n"
    "      its input size and quantization, a new head (default gap,fc1)\n"
    "      trained alone for N epochs (default 4), then everything from X\n"
    "      (default lr / 10), then quantization-aware epochs\n"
    "  [--augment SHIFT,BRIGHT,CONTRAST]  random shift up to SHIFT pixels,\n"
    "      brightness and contrast up to +-BRIGHT, +-CONTRAST (default\n"
    "      3,0.1,0.1; flips on unless --no-augment)\n"
    "  [--subset F]  train on a fraction F of the training images\n"
    "      (stratified, seeded; after the validation split)\n"
    "       tinycnn train --resume RUN\n";

static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
  stop_flag = 1;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct progress {
  int tty;
  double epoch_t0, last;
  int epoch_seen; /* epoch index the bar belongs to */
  int batch_size;
} progress;

static void fmt_time(double s, char *out, size_t n) {
  long t = (long)(s + 0.5);
  if (t >= 3600)
    snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(out, n, "%ld:%02ld", t / 60, t % 60);
}

static void on_batch(void *ctx, const tc_trainer *t, int done, int total,
                     float loss, float acc) {
  progress *p = ctx;
  double now = now_s(), el, eta;
  char e[32];
  int i, fill;
  if (!p->tty) return;
  if (p->epoch_seen != t->epoch) {
    p->epoch_seen = t->epoch;
    p->epoch_t0 = now;
    p->last = 0;
  }
  if (done < total && now - p->last < 0.1) return;
  p->last = now;
  el = now - p->epoch_t0;
  eta = done > 0 ? el / done * (total - done) : 0;
  fmt_time(eta, e, sizeof e);
  fill = (int)(30.0 * done / total);
  printf("\r  epoch %d/%d [", t->epoch + 1, t->cfg.epochs);
  for (i = 0; i < 30; i++) putchar(i < fill ? '#' : '.');
  printf("] %3d%% ETA %s  loss %.4f  acc %.3f  %.0f img/s%s ",
         100 * done / total, e, loss, acc,
         el > 0 ? (double)done * p->batch_size / el : 0.0,
         t->net->qat ? "  [int8 QAT]" : "");
  fflush(stdout);
}

static void on_epoch(void *ctx, const tc_trainer *t, const tc_epoch_stats *s) {
  progress *p = ctx;
  if (p->tty) printf("\r\033[K");
  printf("epoch %2d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | "
         "lr %.2e | %.0f img/s | %.1f s%s%s\n",
         s->epoch, t->cfg.epochs, s->train_loss, s->train_acc, s->val_loss,
         s->val_acc, s->lr, s->images_per_s, s->seconds,
         s->qat ? " | int8 QAT" : "",
         t->best_epoch == s->epoch - 1 ? " *" : "");
  if (t->since_best >= t->cfg.patience && t->cfg.patience > 0 &&
      !t->done && !s->qat)
    printf("early stop: no better validation loss for %d epochs; "
           "quantization-aware fine-tuning next\n", t->since_best);
  else if (t->done && t->epoch < t->cfg.epochs)
    printf("early stop: no better validation loss for %d epochs\n",
           t->since_best);
  fflush(stdout);
}

static int parse_input(const char *s, int *h, int *w, int *c) {
  char tail;
  if (sscanf(s, "%dx%dx%d%c", h, w, c, &tail) != 3) return -1;
  return *h > 0 && *w > 0 && *h <= 2048 && *w <= 2048 && (*c == 1 || *c == 3)
             ? 0
             : -1;
}

static int parse_float(const char *s, double lo, double hi, float *v) {
  char *end;
  double x = strtod(s, &end);
  if (end == s || *end || !(x >= lo && x <= hi)) return -1;
  *v = (float)x;
  return 0;
}

static int copy_str(char *dst, size_t cap, const char *s) {
  if (strlen(s) >= cap) return -1;
  strcpy(dst, s);
  return 0;
}

/* Keeps round(frac * count) images of each class of d, chosen by a
 * shuffle seeded from seed, in dataset order. */
static void keep_subset(tc_dataset *d, float frac, uint64_t seed) {
  size_t isz = (size_t)d->h * d->w * d->c;
  int *perm = malloc(sizeof(int) * (size_t)(d->n ? d->n : 1));
  uint8_t *pick = calloc((size_t)(d->n ? d->n : 1), 1);
  int counts[2], want[2], got[2] = {0, 0}, i, k = 0;
  tc_rng r;
  if (!perm || !pick) {
    free(perm);
    free(pick);
    return; /* all images: still correct, only slower */
  }
  tc_dataset_counts(d, counts);
  for (i = 0; i < 2; i++) {
    want[i] = (int)(frac * counts[i] + 0.5f);
    if (want[i] < 1 && counts[i]) want[i] = 1;
  }
  tc_rng_seed(&r, seed ^ 0x737562736574ull); /* "subset" */
  for (i = 0; i < d->n; i++) perm[i] = i;
  for (i = d->n - 1; i > 0; i--) {
    int j = (int)(((uint64_t)tc_rng_u32(&r) * (uint64_t)(i + 1)) >> 32), t;
    t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (i = 0; i < d->n; i++) {
    int lab = d->labels[perm[i]] != 0;
    if (got[lab] < want[lab]) {
      got[lab]++;
      pick[perm[i]] = 1;
    }
  }
  for (i = 0; i < d->n; i++) {
    if (!pick[i]) {
      if (d->paths) free(d->paths[i]);
      continue;
    }
    memmove(d->pixels + (size_t)k * isz, d->pixels + (size_t)i * isz, isz);
    d->labels[k] = d->labels[i];
    if (d->paths) d->paths[k] = d->paths[i];
    k++;
  }
  d->n = k;
  free(perm);
  free(pick);
}

/* Loads the data the configuration names; 0 or an exit code. */
int tc_cli_load_data(const tc_train_cfg *c, tc_dataset *tr, tc_dataset *va) {
  tc_dataset all;
  char err[1024];
  int r;
  memset(&all, 0, sizeof all);
  if (c->idx_images[0])
    r = tc_dataset_load_idx(c->idx_images, c->idx_labels, c->idx_positive,
                            c->idx_negative, c->in_h, c->in_w, c->in_c, &all,
                            err, sizeof err);
  else
    r = tc_dataset_load_dir(c->data_dir, c->in_h, c->in_w, c->in_c,
                            c->positive[0] ? c->positive : NULL, &all, stderr,
                            err, sizeof err);
  if (r != 0) {
    fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
    return TC_EXIT_INPUT;
  }
  if (c->val_dir[0]) {
    *tr = all;
    r = tc_dataset_load_dir(c->val_dir, c->in_h, c->in_w, c->in_c,
                            c->positive[0] ? c->positive : NULL, va, stderr,
                            err, sizeof err);
    if (r != 0) {
      fprintf(stderr, "tinycnn train: --val-dir: %s\n", cli_esc(err));
      tc_dataset_free(tr);
      return TC_EXIT_INPUT;
    }
    if (c->subset > 0.0f && c->subset < 1.0f) keep_subset(tr, c->subset, c->seed);
    return 0;
  }
  r = tc_dataset_split(&all, c->val_fraction, c->seed, tr, va);
  tc_dataset_free(&all);
  if (r != 0 || tr->n < 1 || va->n < 1) {
    fprintf(stderr, "tinycnn train: cannot split %d images with --val %.2f\n",
            all.n, c->val_fraction);
    return TC_EXIT_INPUT;
  }
  if (c->subset > 0.0f && c->subset < 1.0f) keep_subset(tr, c->subset, c->seed);
  return 0;
}

static void report_counts(const tc_dataset *tr, const tc_dataset *va,
                          const float cw[2]) {
  int a[2], b[2];
  tc_dataset_counts(tr, a);
  tc_dataset_counts(va, b);
  printf("classes: positive '%s', negative '%s'\n",
         cli_esc(tr->class_name[1]), cli_esc(tr->class_name[0]));
  printf("train: %d images (%d positive, %d negative)   validation: %d (%d "
         "positive, %d negative)\n",
         tr->n, a[1], a[0], va->n, b[1], b[0]);
  if (a[0] && a[1])
    printf("imbalance %.2f:1 (%s) -> class weights positive %.3f, negative "
           "%.3f\n",
           a[1] > a[0] ? (double)a[1] / a[0] : (double)a[0] / a[1],
           a[1] > a[0] ? "more positives" : a[1] < a[0] ? "more negatives"
                                                        : "balanced",
           cw[1], cw[0]);
}

static void summary(const tc_trainer *t) {
  int i, bf = -1, bq = -1;
  for (i = 0; i < t->nhist; i++) {
    const tc_epoch_stats *s = &t->hist[i];
    int *b = s->qat ? &bq : &bf;
    if (*b < 0 || s->val_loss < t->hist[*b].val_loss) *b = i;
  }
  if (bf >= 0)
    printf("best float epoch %d: val loss %.4f, accuracy %.2f%%\n",
           t->hist[bf].epoch, t->hist[bf].val_loss,
           100.0 * t->hist[bf].val_acc);
  if (bq >= 0)
    printf("best int8 (QAT) epoch %d: val loss %.4f, accuracy %.2f%%\n",
           t->hist[bq].epoch, t->hist[bq].val_loss,
           100.0 * t->hist[bq].val_acc);
}

/* --backbone: the imported layers, then the head; input size and
 * quantization from the model. 0 or an exit code. */
static int setup_backbone(tc_train_cfg *cfg, tc_backbone *bb, const char *path,
                          const char *cut, const char *head, int freeze,
                          int had_spec) {
  char err[1024];
  size_t n;
  if (had_spec) {
    fprintf(stderr, "tinycnn train: --backbone sets the network; --head SPEC "
                    "sets the layers after it (not --spec or --arch)\n");
    return TC_EXIT_USAGE;
  }
  if (tc_backbone_load(path, cut, bb, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
    return TC_EXIT_INPUT;
  }
  if (!head) head = bb->head ? "" : bb->flat ? "fc1" : "gap,fc1";
  n = strlen(bb->spec);
  if (n + 1 + strlen(head) >= sizeof cfg->spec ||
      copy_str(cfg->backbone, sizeof cfg->backbone, path) ||
      copy_str(cfg->cut, sizeof cfg->cut, bb->cut)) {
    fprintf(stderr, "tinycnn train: --backbone: names or spec too long\n");
    return TC_EXIT_USAGE;
  }
  memcpy(cfg->spec, bb->spec, n + 1);
  if (head[0]) {
    cfg->spec[n] = ',';
    memcpy(cfg->spec + n + 1, head, strlen(head) + 1);
  }
  cfg->in_h = bb->in_h;
  cfg->in_w = bb->in_w;
  cfg->in_c = bb->in_c;
  cfg->in_scale = bb->in_scale;
  cfg->in_zp = bb->in_zp;
  /* With the model's own classifier kept, its last layer is the head. */
  cfg->frozen_layers = bb->head ? bb->nlayers - 1 : bb->nlayers;
  cfg->freeze_epochs = freeze >= 0 ? freeze : 4;
  if (cfg->freeze_epochs > cfg->epochs - cfg->qat_epochs)
    cfg->freeze_epochs = cfg->epochs - cfg->qat_epochs;
  if (!(cfg->ft_lr > 0.0f)) cfg->ft_lr = cfg->lr / 10.0f;
  if (bb->nclamped)
    printf("backbone: %d layers keep their int8 output range as a clamp\n",
           bb->nclamped);
  return 0;
}

int cmd_train(int argc, char **argv) {
  char names[2][64] = {"", ""};
  tc_train_cfg cfg;
  tc_trainer *t = NULL;
  tc_dataset tr, va;
  tc_train_hooks hooks;
  progress prog;
  const char *resume = NULL, *arch = NULL, *spec = NULL, *alpha = NULL;
  const char *backbone = NULL, *cut = NULL, *head = NULL;
  tc_backbone bb;
  int freeze = -1;
  char run[4096] = "run", err[1024], path[4200];
  int i, r, rc = TC_EXIT_OK, counts[2];
  tc_train_cfg_default(&cfg);
  memset(&bb, 0, sizeof bb);
  memset(&tr, 0, sizeof tr);
  memset(&va, 0, sizeof va);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int bad = 0;
#define NEED                                                      \
  if (!v) {                                                       \
    fprintf(stderr, "tinycnn train: %s needs a value\n", a);      \
    return TC_EXIT_USAGE;                                         \
  }                                                               \
  i++
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      fputs(tc_net_spec_help(), stdout);
      return TC_EXIT_OK;
    } else if (!strcmp(a, "--resume")) {
      NEED;
      resume = v;
    } else if (!strcmp(a, "--positive")) {
      NEED;
      /* With --idx a class number, otherwise a subfolder name. */
      if (cli_parse_int(v, 0, 255, &cfg.idx_positive) != 0) cfg.idx_positive = -1;
      bad = copy_str(cfg.positive, sizeof cfg.positive, v);
    } else if (!strcmp(a, "--positive-class")) {
      NEED;
      bad = cli_parse_int(v, 0, 255, &cfg.idx_positive);
    } else if (!strcmp(a, "--negative-class") || !strcmp(a, "--negative")) {
      NEED;
      bad = cli_parse_int(v, 0, 255, &cfg.idx_negative);
    } else if (!strcmp(a, "--idx")) {
      if (i + 2 >= argc) {
        fprintf(stderr, "tinycnn train: --idx needs IMAGES LABELS\n");
        return TC_EXIT_USAGE;
      }
      bad = copy_str(cfg.idx_images, sizeof cfg.idx_images, argv[i + 1]) ||
            copy_str(cfg.idx_labels, sizeof cfg.idx_labels, argv[i + 2]);
      i += 2;
    } else if (!strcmp(a, "--input")) {
      NEED;
      bad = parse_input(v, &cfg.in_h, &cfg.in_w, &cfg.in_c);
    } else if (!strcmp(a, "--arch")) {
      NEED;
      arch = v;
      bad = strcmp(v, "seed") && strcmp(v, "mobilenet");
    } else if (!strcmp(a, "--alpha")) {
      NEED;
      alpha = v;
    } else if (!strcmp(a, "--spec")) {
      NEED;
      spec = v;
    } else if (!strcmp(a, "--epochs")) {
      NEED;
      bad = cli_parse_int(v, 1, 100000, &cfg.epochs);
    } else if (!strcmp(a, "--batch")) {
      NEED;
      bad = cli_parse_int(v, 1, 65536, &cfg.batch);
    } else if (!strcmp(a, "--lr")) {
      NEED;
      bad = parse_float(v, 1e-9, 10.0, &cfg.lr);
    } else if (!strcmp(a, "--val")) {
      NEED;
      bad = parse_float(v, 0.01, 0.9, &cfg.val_fraction);
    } else if (!strcmp(a, "--val-dir")) {
      NEED;
      bad = copy_str(cfg.val_dir, sizeof cfg.val_dir, v);
    } else if (!strcmp(a, "--seed")) {
      int s;
      NEED;
      bad = cli_parse_int(v, 0, 2147483647, &s);
      cfg.seed = (uint64_t)s;
    } else if (!strcmp(a, "--qat-epochs")) {
      NEED;
      bad = cli_parse_int(v, 0, 100000, &cfg.qat_epochs);
    } else if (!strcmp(a, "--patience")) {
      NEED;
      bad = cli_parse_int(v, 0, 100000, &cfg.patience);
    } else if (!strcmp(a, "--labels")) {
      NEED;
      bad = cli_parse_labels(v, names[0], names[1], sizeof names[0]);
    } else if (!strcmp(a, "--ptq")) {
      cfg.ptq = 1;
    } else if (!strcmp(a, "--calib")) {
      NEED;
      bad = cli_parse_int(v, 1, 1000000, &cfg.calib_n);
    } else if (!strcmp(a, "--calib-dir")) {
      NEED;
      bad = copy_str(cfg.calib_dir, sizeof cfg.calib_dir, v);
    } else if (!strcmp(a, "--calib-ema")) {
      cfg.calib_method = TC_CALIB_EMA;
    } else if (!strcmp(a, "--prune")) {
      NEED;
      bad = parse_float(v, 0.01, 0.99, &cfg.prune);
    } else if (!strcmp(a, "--backbone")) {
      NEED;
      backbone = v;
    } else if (!strcmp(a, "--cut")) {
      NEED;
      cut = v;
    } else if (!strcmp(a, "--head")) {
      NEED;
      head = v;
    } else if (!strcmp(a, "--freeze-epochs")) {
      NEED;
      bad = cli_parse_int(v, 0, 100000, &freeze);
    } else if (!strcmp(a, "--fine-tune-lr")) {
      NEED;
      bad = parse_float(v, 1e-9, 10.0, &cfg.ft_lr);
    } else if (!strcmp(a, "--subset")) {
      NEED;
      bad = parse_float(v, 1e-4, 1.0, &cfg.subset);
    } else if (!strcmp(a, "--augment")) {
      char tail;
      NEED;
      bad = sscanf(v, "%d,%f,%f%c", &cfg.aug.max_shift, &cfg.aug.brightness,
                   &cfg.aug.contrast, &tail) != 3 || cfg.aug.max_shift < 0 ||
            cfg.aug.max_shift > 64 || !(cfg.aug.brightness >= 0.0f &&
                                        cfg.aug.brightness <= 1.0f) ||
            !(cfg.aug.contrast >= 0.0f && cfg.aug.contrast <= 1.0f);
    } else if (!strcmp(a, "--no-augment")) {
      memset(&cfg.aug, 0, sizeof cfg.aug);
    } else if (!strcmp(a, "--out") || !strcmp(a, "-o")) {
      NEED;
      bad = copy_str(run, sizeof run, v);
    } else if (a[0] == '-') {
      fprintf(stderr, "tinycnn train: unknown option %s\n%s", a, usage_text);
      return TC_EXIT_USAGE;
    } else if (!cfg.data_dir[0]) {
      bad = copy_str(cfg.data_dir, sizeof cfg.data_dir, a);
    } else {
      fprintf(stderr, "tinycnn train: unexpected argument '%s'\n", a);
      return TC_EXIT_USAGE;
    }
#undef NEED
    if (bad) {
      fprintf(stderr, "tinycnn train: bad value for %s: '%s'\n", a,
              i < argc ? argv[i] : "");
      return TC_EXIT_USAGE;
    }
  }
  if (resume) {
    if (copy_str(run, sizeof run, resume) != 0) return TC_EXIT_USAGE;
    snprintf(path, sizeof path, "%s/checkpoint.bin", run);
    t = tc_checkpoint_load(path, err, sizeof err);
    if (!t) {
      fprintf(stderr, "tinycnn train: --resume: %s\n", cli_esc(err));
      return TC_EXIT_INPUT;
    }
    cfg = t->cfg;
    if (t->done) {
      printf("%s: training already finished (%d epochs)\n", cli_esc(run),
             t->nhist);
    } else {
      printf("resuming %s at epoch %d, batch %d\n", cli_esc(run), t->epoch + 1,
             t->batch_pos);
    }
  } else {
    if (!cfg.data_dir[0] && !cfg.idx_images[0]) {
      fputs(usage_text, stderr);
      return TC_EXIT_USAGE;
    }
    if (cfg.idx_images[0] && (cfg.idx_positive < 0 || cfg.idx_negative < 0)) {
      fprintf(stderr, "tinycnn train: --idx needs --positive-class N and "
                      "--negative-class M\n");
      return TC_EXIT_USAGE;
    }
    if (cfg.idx_images[0]) cfg.positive[0] = 0;
    if (spec) {
      r = copy_str(cfg.spec, sizeof cfg.spec, spec);
    } else if (arch && !strcmp(arch, "mobilenet")) {
      r = snprintf(cfg.spec, sizeof cfg.spec, "mobilenet:%s",
                   alpha ? alpha : "0.25") >= (int)sizeof cfg.spec;
    } else {
      r = 0;
    }
    if (r) {
      fprintf(stderr, "tinycnn train: --spec too long\n");
      return TC_EXIT_USAGE;
    }
    if (cfg.qat_epochs > cfg.epochs) cfg.qat_epochs = cfg.epochs;
    if (!cfg.ptq && (cfg.calib_n || cfg.calib_dir[0] || cfg.calib_method)) {
      fprintf(stderr, "tinycnn train: --calib, --calib-dir and --calib-ema "
                      "go with --ptq\n");
      return TC_EXIT_USAGE;
    }
    if (cfg.ptq && cfg.calib_n && cfg.calib_dir[0]) {
      fprintf(stderr, "tinycnn train: --calib N or --calib-dir DIR, not "
                      "both\n");
      return TC_EXIT_USAGE;
    }
    if (cfg.ptq && cfg.prune > 0) {
      fprintf(stderr, "tinycnn train: --prune goes with quantization-aware "
                      "training, not --ptq\n");
      return TC_EXIT_USAGE;
    }
    if (cfg.ptq) {
      cfg.qat_epochs = 0; /* float training only, then calibration */
      if (!cfg.calib_dir[0] && !cfg.calib_n) cfg.calib_n = 256;
    }
    if (!backbone && (cut || head || freeze >= 0 || cfg.ft_lr > 0.0f)) {
      fprintf(stderr, "tinycnn train: --cut, --head, --freeze-epochs and "
                      "--fine-tune-lr go with --backbone\n");
      return TC_EXIT_USAGE;
    }
    if (backbone && (rc = setup_backbone(&cfg, &bb, backbone, cut, head,
                                         freeze, spec || arch)) != 0)
      return rc;
  }
  rc = tc_cli_load_data(&cfg, &tr, &va);
  if (rc) goto out;
  if (names[0][0]) { /* --labels NEG,POS: e.g. names for IDX digits */
    memcpy(tr.class_name, names, sizeof tr.class_name);
    memcpy(va.class_name, names, sizeof va.class_name);
  }
  if (!t) {
    tc_dataset_counts(&tr, counts);
    t = tc_trainer_new(&cfg, counts, err, sizeof err);
    if (!t) {
      fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
      rc = TC_EXIT_USAGE;
      goto out;
    }
    memcpy(t->net->class_name, tr.class_name, sizeof tr.class_name);
    if (backbone && tc_backbone_apply(&bb, t->net, err, sizeof err) != 0) {
      fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
      rc = TC_EXIT_FAIL;
      goto out;
    }
  }
  if (cfg.backbone[0])
    printf("backbone %s cut at '%s': %d layers, input %dx%dx%d int8 scale "
           "%g zero point %d; head only for %d epochs, then everything from "
           "lr %g\n", cli_esc(cfg.backbone), cli_esc(cfg.cut),
           cfg.frozen_layers, cfg.in_h, cfg.in_w, cfg.in_c,
           (double)cfg.in_scale, (int)cfg.in_zp, cfg.freeze_epochs,
           (double)cfg.ft_lr);
  report_counts(&tr, &va, t->class_weight);
  snprintf(path, sizeof path, cfg.ptq ? "float, then post-training "
           "quantization" : "%d quantization-aware", cfg.qat_epochs);
  printf("network %s at %dx%dx%d: %zu parameters; %d epochs (%s), batch "
         "%d, lr %g, seed %llu\n",
         cfg.spec, cfg.in_h, cfg.in_w, cfg.in_c, tc_net_param_count(t->net),
         cfg.epochs, path, cfg.batch, cfg.lr, (unsigned long long)cfg.seed);
  if (cli_mkdirs(run) != 0) {
    fprintf(stderr, "tinycnn train: cannot create %s: %s\n", cli_esc(run),
            strerror(errno));
    rc = TC_EXIT_FAIL;
    goto out;
  }
  memset(&prog, 0, sizeof prog);
  prog.tty = isatty(STDOUT_FILENO);
  prog.epoch_seen = -1;
  prog.batch_size = cfg.batch;
  memset(&hooks, 0, sizeof hooks);
  hooks.ctx = &prog;
  hooks.batch = on_batch;
  hooks.epoch = on_epoch;
  hooks.stop = &stop_flag;
  signal(SIGINT, on_sigint);
  r = t->done ? 0 : tc_train(t, &tr, &va, run, &hooks, err, sizeof err);
  signal(SIGINT, SIG_DFL);
  if (r < 0) {
    fprintf(stderr, "\ntinycnn train: %s\n", cli_esc(err));
    rc = TC_EXIT_FAIL;
    goto out;
  }
  if (r == 1) {
    if (prog.tty) printf("\r\033[K");
    printf("interrupted: checkpoint saved at epoch %d, batch %d; continue "
           "with: tinycnn train --resume %s\n",
           t->epoch + 1, t->batch_pos, cli_esc(run));
    rc = interrupted ? 130 : TC_EXIT_OK;
    goto out;
  }
  summary(t);
  printf("wrote %s/checkpoint.bin and %s/metrics.csv\n", cli_esc(run),
         cli_esc(run));
  if (cfg.ptq && (rc = tc_cli_calibrate_run(t, &tr, run)) != 0) goto out;
  if (cfg.prune > 0) { /* structured pruning, then the export (cmd_prune.c) */
    rc = tc_cli_train_prune(&t, &tr, &va, run, &stop_flag);
    goto out;
  }
  rc = tc_cli_export_run(t, &va, run);
out:
  tc_backbone_free(&bb);
  tc_trainer_free(t);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  return rc;
}
