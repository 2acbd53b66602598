/* tinycnn prune RUN ... --out RUN2: structured pruning of a finished run
 * (gradual, with fine-tuning, then QAT), and the end of `train --prune`. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "footprint_rv32.h"
#include "train_finish.h"
#include "tinycnn/prune.h"
#include "tinycnn/train_engine.h"

static const char usage_text[] =
    "usage: tinycnn prune RUN [--macs R] [--params R] [--max-arena BYTES]\n"
    "         [--max-flash BYTES] [--fit esp32|esp32s3|esp32c3] "
    "[--max-macs N]\n"
    "         [--epochs N] [--steps S] [--step-epochs E] [--qat-epochs N]\n"
    "         [--criterion taylor|l1|bn] [--cost on|off] [--round N]\n"
    "         [--lr X] --out RUN2\n"
    "       tinycnn prune --resume RUN2\n"
    "  --macs R / --params R: remove fraction R of the MACs / parameters;\n"
    "  --max-arena / --max-flash: arena / model bytes at most BYTES;\n"
    "  --fit CHIP: arena within the chip's internal SRAM budget and model +\n"
    "  runtime within its flash budget (the budgets of `tinycnn inspect`).\n"
    "  Limits combine. --epochs N: recovery epochs after the last step\n"
    "  (default 3); each of the S steps (default 4) fine-tunes E epochs\n"
    "  (default 1); then the run's quantization-aware epochs. --cost on:\n"
    "  rank channels by importance per MAC/parameter they save. --round N:\n"
    "  keep channel counts multiples of N (default 8, where the kernels are\n"
    "  fastest; a layer with fewer is left alone); --round 1: any count.\n";


/* The runtime's flash with every kernel linked (an upper bound of what a
 * model pulls in; tools/footprint_rv32.h). */
static size_t runtime_flash_max(void) {
  size_t s = TC_FP_CORE_FLASH, i;
  for (i = 0; i < sizeof tc_fp_sec_bytes / sizeof tc_fp_sec_bytes[0]; i++)
    s += tc_fp_sec_bytes[i];
  (void)tc_fp_op_secs;
  (void)tc_fp_ops;
  return s;
}

static volatile sig_atomic_t interrupted, stop_flag;
static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
  stop_flag = 1;
}

typedef struct pctx {
  const char *run;
  int tty;
} pctx;

static void on_step(void *ctx, const tc_prune_state *s, int step,
                    const int *chan, int nl) {
  int i, first = 1;
  (void)ctx;
  printf("pruning step %d/%d (%s): channels", step, s->o.steps,
         tc_prune_criterion_name(s->o.criterion));
  for (i = 0; i < nl; i++)
    if (chan[i] > 0) {
      printf("%s%d", first ? " " : ",", chan[i]);
      first = 0;
    }
  printf("\n");
  fflush(stdout);
}

static const tc_prune_hooks step_hooks = {NULL, NULL, on_step, NULL};

static void on_point(void *ctx, const tc_prune_state *s,
                     const tc_prune_point *p) {
  pctx *c = ctx;
  char err[512], path[4200];
  printf("%s %d: MACs %llu (%.1f%%), parameters %llu (%.1f%%), model %llu "
         "bytes, arena %llu bytes | val accuracy float %.2f%%, int8 %.2f%%\n",
         p->step > s->o.steps ? "final, after QAT, step" : "after step",
         p->step > s->o.steps ? s->o.steps : p->step,
         (unsigned long long)p->macs, 100.0 * (double)p->macs / (double)s->macs0,
         (unsigned long long)p->params,
         100.0 * (double)p->params / (double)s->params0,
         (unsigned long long)p->model_bytes, (unsigned long long)p->arena,
         100.0 * p->val_acc, 100.0 * p->val_acc_int8);
  snprintf(path, sizeof path, "%s/metrics.csv", c->run);
  if (tc_prune_metrics_write(s, path, err, sizeof err) != 0)
    fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
  fflush(stdout);
}

static void on_epoch(void *ctx, const tc_trainer *t, const tc_epoch_stats *s) {
  (void)ctx;
  printf("  epoch %d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | "
         "%.1f s%s\n", s->epoch, t->cfg.epochs, s->train_loss, s->train_acc,
         s->val_loss, s->val_acc, s->seconds, s->qat ? " | int8 QAT" : "");
  fflush(stdout);
}

static void row(const char *name, uint64_t a, uint64_t b) {
  printf("%-16s %14llu %14llu %+8.1f%%\n", name, (unsigned long long)a,
         (unsigned long long)b, 100.0 * ((double)b / (double)a - 1.0));
}

static void before_after(const tc_prune_state *s) {
  const tc_prune_point *a = &s->points[0], *b = &s->points[s->npoints - 1];
  printf("\n                 %14s %14s %9s\n", "before", "after", "change");
  row("MACs", a->macs, b->macs);
  row("parameters", a->params, b->params);
  row("model bytes", a->model_bytes, b->model_bytes);
  row("arena bytes", a->arena, b->arena);
  printf("int8 val acc     %13.2f%% %13.2f%% %+8.2f points (runtime, "
         "threshold 0.5)\n\n", 100.0 * a->val_acc_int8,
         100.0 * b->val_acc_int8, 100.0 * (b->val_acc_int8 - a->val_acc_int8));
}

/* Runs/resumes the schedule whose trainer is *tp, state in run/prune/,
 * then exports into run/. */
static int run_and_export(tc_trainer **tp, const tc_dataset *tr,
                          const tc_dataset *va, const char *run) {
  char work[4200], err[1024], path[4200];
  tc_train_hooks th;
  tc_prune_hooks ph;
  tc_prune_state s;
  pctx c;
  char *html;
  int r, rc;
  snprintf(work, sizeof work, "%s/prune", run);
  memset(&th, 0, sizeof th);
  th.epoch = on_epoch;
  th.stop = &stop_flag;
  memset(&ph, 0, sizeof ph);
  c.run = run;
  c.tty = isatty(STDOUT_FILENO);
  ph.ctx = &c;
  ph.point = on_point;
  ph.step = on_step;
  ph.train = &th;
  signal(SIGINT, on_sigint);
  r = tc_prune_run(tp, tr, va, work, &ph, err, sizeof err);
  signal(SIGINT, SIG_DFL);
  if (r < 0) {
    fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
    return TC_EXIT_FAIL;
  }
  if (r == 1) {
    printf("interrupted: checkpoint saved in %s; continue with: tinycnn "
           "prune --resume %s\n", cli_esc(work), cli_esc(run));
    return interrupted ? 130 : TC_EXIT_OK;
  }
  if (tc_prune_state_load(&s, *tp) != 0) {
    fprintf(stderr, "tinycnn prune: no pruning state in the checkpoint\n");
    return TC_EXIT_FAIL;
  }
  before_after(&s);
  snprintf(path, sizeof path, "%s/metrics.csv", run);
  if (tc_prune_metrics_write(&s, path, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
    tc_prune_state_free(&s);
    return TC_EXIT_FAIL;
  }
  html = tc_prune_report_html(&s);
  tc_prune_state_free(&s);
  rc = tc_cli_export_run_html(*tp, va, run, html);
  free(html);
  return rc;
}

static int parse_frac(const char *s, float *v) {
  char *end;
  double x = strtod(s, &end);
  if (end == s || *end || !(x > 0.0 && x < 1.0)) return -1;
  *v = (float)x;
  return 0;
}

static int parse_u64(const char *s, uint64_t *v) {
  char *end;
  unsigned long long x;
  if (*s < '0' || *s > '9') return -1;
  errno = 0;
  x = strtoull(s, &end, 10);
  if (errno || *end || x == 0) return -1;
  *v = x;
  return 0;
}

int tc_cli_train_prune(tc_trainer **tp, const tc_dataset *tr,
                       const tc_dataset *va, const char *run,
                       volatile sig_atomic_t *stop) {
  char err[1024], path[4200];
  tc_trainer *t = *tp, *pt;
  tc_prune_opts o;
  snprintf(path, sizeof path, "%s/prune/checkpoint.bin", run);
  if (access(path, F_OK) == 0) { /* resuming the pruning part */
    pt = tc_checkpoint_load(path, err, sizeof err);
    if (!pt) {
      fprintf(stderr, "tinycnn train: --resume: %s\n", cli_esc(err));
      return TC_EXIT_INPUT;
    }
    printf("resuming the pruning of %s\n", cli_esc(run));
  } else {
    tc_prune_opts_default(&o);
    o.macs_frac = t->cfg.prune;
    o.qat_epochs = t->cfg.qat_epochs;
    snprintf(path, sizeof path, "%s/prune", run);
    if (cli_mkdirs(path) != 0) {
      fprintf(stderr, "tinycnn train: cannot create %s: %s\n", cli_esc(path),
              strerror(errno));
      return TC_EXIT_FAIL;
    }
    printf("pruning %.0f%% of the MACs: %d steps, criterion %s\n",
           100.0 * o.macs_frac, o.steps, tc_prune_criterion_name(o.criterion));
    pt = tc_prune_start(t, &o, tr, va, &step_hooks, err, sizeof err);
    if (!pt) {
      fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
      return TC_EXIT_FAIL;
    }
    /* As `tinycnn prune` does: a stop before the first epoch's checkpoint
     * resumes here instead of scoring and choosing again. */
    snprintf(path, sizeof path, "%s/prune/checkpoint.bin", run);
    if (tc_checkpoint_save(pt, path, err, sizeof err) != 0) {
      fprintf(stderr, "tinycnn train: %s\n", cli_esc(err));
      tc_trainer_free(pt);
      return TC_EXIT_FAIL;
    }
  }
  tc_trainer_free(t);
  *tp = pt;
  if (stop && *stop) return 130;
  return run_and_export(tp, tr, va, run);
}

int cmd_prune(int argc, char **argv) {
  const char *src = NULL, *resume = NULL, *out = NULL;
  tc_prune_opts o;
  tc_trainer *t = NULL, *pt = NULL;
  tc_dataset tr, va;
  char err[1024], path[4200];
  int i, rc = TC_EXIT_OK, qat = -1, nlim = 0;
  tc_prune_opts_default(&o);
  memset(&tr, 0, sizeof tr);
  memset(&va, 0, sizeof va);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int bad = 0;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      return TC_EXIT_OK;
    }
    if (a[0] == '-' && !v) {
      fprintf(stderr, "tinycnn prune: %s needs a value\n", a);
      return TC_EXIT_USAGE;
    }
    if (!strcmp(a, "--resume")) {
      resume = v;
    } else if (!strcmp(a, "--out") || !strcmp(a, "-o")) {
      out = v;
    } else if (!strcmp(a, "--macs")) {
      bad = parse_frac(v, &o.macs_frac);
      nlim++;
    } else if (!strcmp(a, "--params")) {
      bad = parse_frac(v, &o.params_frac);
      nlim++;
    } else if (!strcmp(a, "--max-macs")) {
      bad = parse_u64(v, &o.max_macs);
      nlim++;
    } else if (!strcmp(a, "--max-arena") || !strcmp(a, "--max-flash")) {
      uint64_t x = 0;
      bad = parse_u64(v, &x);
      if (a[6] == 'a') o.max_arena = (size_t)x;
      else o.max_model = (size_t)x;
      nlim++;
    } else if (!strcmp(a, "--fit")) {
      size_t k;
      bad = 1;
      for (k = 0; k < CLI_NCHIPS; k++)
        if (!strcmp(v, cli_chips[k].id)) {
          o.max_arena = cli_chips[k].sram - TC_FP_STATIC_RAM;
          o.max_model = cli_chips[k].flash - CLI_APP_FLASH_RESERVE - runtime_flash_max();
          bad = 0;
        }
      nlim++;
    } else if (!strcmp(a, "--epochs")) {
      bad = cli_parse_int(v, 0, 10000, &o.recovery_epochs);
    } else if (!strcmp(a, "--steps")) {
      bad = cli_parse_int(v, 1, 32, &o.steps);
    } else if (!strcmp(a, "--step-epochs")) {
      bad = cli_parse_int(v, 0, 10000, &o.step_epochs);
    } else if (!strcmp(a, "--qat-epochs")) {
      bad = cli_parse_int(v, 0, 10000, &qat);
    } else if (!strcmp(a, "--criterion")) {
      bad = (o.criterion = tc_prune_criterion_parse(v)) < 0;
    } else if (!strcmp(a, "--round")) {
      bad = cli_parse_int(v, 1, 64, &o.round);
    } else if (!strcmp(a, "--cost")) {
      bad = strcmp(v, "on") && strcmp(v, "off");
      o.cost_aware = !strcmp(v, "on");
    } else if (!strcmp(a, "--lr")) {
      char *end;
      double x = strtod(v, &end);
      bad = end == v || *end || !(x > 0 && x < 10);
      o.lr = (float)x;
    } else if (a[0] == '-') {
      fprintf(stderr, "tinycnn prune: unknown option %s\n%s", a, usage_text);
      return TC_EXIT_USAGE;
    } else if (!src) {
      src = a;
      continue;
    } else {
      fprintf(stderr, "tinycnn prune: unexpected argument '%s'\n", a);
      return TC_EXIT_USAGE;
    }
    if (bad) {
      fprintf(stderr, "tinycnn prune: bad value for %s: '%s'\n", a, v);
      return TC_EXIT_USAGE;
    }
    i++;
  }
  if (resume) {
    if (src || out || nlim) {
      fprintf(stderr, "tinycnn prune: --resume RUN2 takes no other options\n");
      return TC_EXIT_USAGE;
    }
    out = resume;
    snprintf(path, sizeof path, "%s/prune/checkpoint.bin", out);
    pt = tc_checkpoint_load(path, err, sizeof err);
    if (!pt) {
      fprintf(stderr, "tinycnn prune: --resume: %s\n", cli_esc(err));
      return TC_EXIT_INPUT;
    }
    printf("resuming the pruning in %s\n", cli_esc(out));
    if ((rc = tc_cli_load_data(&pt->cfg, &tr, &va)) != 0) goto done;
  } else {
    if (!src || !out) {
      fputs(usage_text, stderr);
      return TC_EXIT_USAGE;
    }
    if (!nlim) {
      fprintf(stderr, "tinycnn prune: give a limit (--macs, --params, "
              "--max-macs, --max-arena, --max-flash or --fit)\n");
      return TC_EXIT_USAGE;
    }
    snprintf(path, sizeof path, "%s/checkpoint.bin", src);
    t = tc_checkpoint_load(path, err, sizeof err);
    if (!t) {
      fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
      return TC_EXIT_INPUT;
    }
    if (!t->done) {
      fprintf(stderr, "tinycnn prune: %s: training has not finished (tinycnn "
              "train --resume %s)\n", cli_esc(src), cli_esc(src));
      rc = TC_EXIT_INPUT;
      goto done;
    }
    o.qat_epochs = qat >= 0 ? qat : t->cfg.qat_epochs;
    if ((rc = tc_cli_load_data(&t->cfg, &tr, &va)) != 0) goto done;
    snprintf(path, sizeof path, "%s/prune", out);
    if (cli_mkdirs(path) != 0) {
      fprintf(stderr, "tinycnn prune: cannot create %s: %s\n", cli_esc(path),
              strerror(errno));
      rc = TC_EXIT_FAIL;
      goto done;
    }
    printf("pruning %s into %s: criterion %s, %d steps of %d epochs, %d "
           "recovery and %d QAT epochs\n", cli_esc(src), cli_esc(out),
           tc_prune_criterion_name(o.criterion), o.steps, o.step_epochs,
           o.recovery_epochs, o.qat_epochs);
    pt = tc_prune_start(t, &o, &tr, &va, &step_hooks, err, sizeof err);
    if (!pt) {
      fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
      rc = TC_EXIT_FAIL;
      goto done;
    }
    snprintf(path, sizeof path, "%s/prune/checkpoint.bin", out);
    if (tc_checkpoint_save(pt, path, err, sizeof err) != 0) {
      fprintf(stderr, "tinycnn prune: %s\n", cli_esc(err));
      rc = TC_EXIT_FAIL;
      goto done;
    }
  }
  rc = run_and_export(&pt, &tr, &va, out);
done:
  tc_trainer_free(t);
  tc_trainer_free(pt);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  return rc;
}
