/* tinycnn export MODEL.tflite --c OUTDIR [--labels NEG,POS] [--threshold T]
 * tinycnn export RUN (--int8 | --float | --hybrid) OUT.tflite
 * tinycnn export RUN --c OUTDIR
 * model_data.c / model_data.h for firmware (tc_export_c), or a .tflite
 * variant re-exported from a training run's checkpoint. Everything is
 * written atomically, never a truncated file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tinycnn/train.h"
#include "tinycnn/train_engine.h"

static const char usage_txt[] =
    "usage: tinycnn export MODEL.tflite --c OUTDIR [--labels NEG,POS] "
    "[--threshold T]\n"
    "       tinycnn export RUN (--int8 | --float | --hybrid) OUT.tflite\n"
    "       tinycnn export RUN --c OUTDIR [--labels NEG,POS] [--threshold T]\n"
    "  RUN is a `tinycnn train` folder: the model is rebuilt from\n"
    "  RUN/checkpoint.bin (labels and threshold too, unless given);\n"
    "  a MODEL.tflite gives them in its metadata.\n";

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The trained network of RUN exported in `mode`; an exit code. */
static int export_run(const char *run, int mode, uint8_t **bytes, size_t *len,
                      tc_trainer **out) {
  char path[4200], err[1024];
  tc_trainer *t;
  snprintf(path, sizeof path, "%s/checkpoint.bin", run);
  t = tc_checkpoint_load(path, err, sizeof err);
  if (!t) {
    fprintf(stderr, "tinycnn export: %s\n", cli_esc(err));
    return TC_EXIT_INPUT;
  }
  if (!t->done)
    fprintf(stderr, "tinycnn export: warning: %s: training is not finished "
            "(%d of %d epochs); exporting the weights of the last checkpoint\n",
            cli_esc(run), t->nhist, t->cfg.epochs);
  if (tc_net_export(t->net, mode, bytes, len, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn export: %s: %s\n", cli_esc(run), cli_esc(err));
    tc_trainer_free(t);
    return TC_EXIT_MODEL;
  }
  *out = t;
  return TC_EXIT_OK;
}

/* Checks what was exported loads in our runtime, then writes it. */
static int write_tflite(const char *out, const uint8_t *bytes, size_t len) {
  tc_model m;
  size_t arena = 0;
  if (tc_model_load(&m, bytes, len) != TC_OK ||
      tc_model_arena_size(&m, &arena) != TC_OK) {
    fprintf(stderr, "tinycnn export: the exported model does not load: %s\n",
            m.msg);
    return TC_EXIT_MODEL;
  }
  if (tc_write_atomic(out, bytes, len) != 0) {
    fprintf(stderr, "tinycnn export: %s: cannot write: %s\n", cli_esc(out),
            strerror(errno));
    return TC_EXIT_FAIL;
  }
  printf("wrote %s: %zu bytes, arena %zu bytes\n", cli_esc(out), len, arena);
  return TC_EXIT_OK;
}

int cmd_export(int argc, char **argv) {
  const char *model = NULL, *outdir = NULL, *outfile = NULL, *labels[2];
  char neg[64] = "negative", pos[64] = "positive", err[512];
  float threshold = 0.5f;
  int have_labels = 0, have_threshold = 0, mode = -1;
  cli_model cm;
  int a, rc;
  for (a = 1; a < argc; a++) {
    int m = !strcmp(argv[a], "--int8")     ? TC_EXPORT_INT8
            : !strcmp(argv[a], "--float")  ? TC_EXPORT_FLOAT
            : !strcmp(argv[a], "--hybrid") ? TC_EXPORT_HYBRID
                                           : -1;
    if (m >= 0 && a + 1 < argc && mode < 0) {
      mode = m;
      outfile = argv[++a];
    } else if (!strcmp(argv[a], "--c") && a + 1 < argc) {
      outdir = argv[++a];
    } else if (!strcmp(argv[a], "--threshold") && a + 1 < argc) {
      if (cli_parse_unit(argv[++a], &threshold) != 0) {
        fprintf(stderr, "tinycnn export: --threshold '%s': expected a number "
                "in [0, 1]\n", cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
      have_threshold = 1;
    } else if (!strcmp(argv[a], "--labels") && a + 1 < argc) {
      if (cli_parse_labels(argv[++a], neg, pos, sizeof neg) != 0) {
        fprintf(stderr, "tinycnn export: --labels '%s': expected NEG,POS "
                "(two non-empty names under 64 characters)\n",
                cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
      have_labels = 1;
    } else if (argv[a][0] == '-' && argv[a][1]) {
      fprintf(stderr, "tinycnn export: unexpected argument '%s'\n%s",
              cli_esc(argv[a]), usage_txt);
      return TC_EXIT_USAGE;
    } else if (!model) {
      model = argv[a];
    } else {
      fprintf(stderr, "tinycnn export: unexpected argument '%s'\n%s",
              cli_esc(argv[a]), usage_txt);
      return TC_EXIT_USAGE;
    }
  }
  if (!model || (!outdir && !outfile) || (outdir && outfile)) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  if (outdir && !is_dir(outdir) && mkdir(outdir, 0755) != 0) {
    fprintf(stderr, "tinycnn export: cannot create %s: %s\n", cli_esc(outdir),
            strerror(errno));
    return TC_EXIT_FAIL;
  }
  if (is_dir(model)) {
    tc_trainer *t = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    rc = export_run(model, outfile ? mode : TC_EXPORT_INT8, &bytes, &len, &t);
    if (rc != TC_EXIT_OK) return rc;
    if (outfile) {
      rc = write_tflite(outfile, bytes, len);
    } else {
      labels[0] = have_labels ? neg : t->net->class_name[0];
      labels[1] = have_labels ? pos : t->net->class_name[1];
      if (!have_threshold) threshold = t->net->threshold;
      if (tc_export_c(bytes, len, labels, threshold, outdir, err,
                      sizeof err) != 0) {
        fprintf(stderr, "tinycnn export: %s\n", cli_esc(err));
        rc = TC_EXIT_FAIL;
      } else {
        printf("wrote %s/model_data.c, model_data.h, model_config.h and "
               "build_opt.h: model %zu bytes, labels %s,%s, threshold %.3f\n",
               cli_esc(outdir), len,
               cli_esc(labels[0]), cli_esc(labels[1]), (double)threshold);
      }
    }
    free(bytes);
    tc_trainer_free(t);
    return rc;
  }
  if (outfile) {
    fprintf(stderr, "tinycnn export: %s: --int8/--float/--hybrid re-export a "
            "training run; give the RUN folder (with checkpoint.bin)\n",
            cli_esc(model));
    return TC_EXIT_USAGE;
  }
  if ((rc = cli_model_open(&cm, model, 0)) != 0) return rc;
  /* Unless given: what the model's metadata says. */
  if (!have_labels) {
    snprintf(neg, sizeof neg, "%s", cm.meta.label_neg);
    snprintf(pos, sizeof pos, "%s", cm.meta.label_pos);
  }
  if (!have_threshold) threshold = cm.meta.threshold;
  labels[0] = neg;
  labels[1] = pos;
  if (tc_export_c(cm.bytes, cm.len, labels, threshold, outdir, err,
                  sizeof err) != 0) {
    fprintf(stderr, "tinycnn export: %s\n", cli_esc(err));
    rc = strstr(err, "does not load") || strstr(err, "input 0") ||
                 strstr(err, "arena")
             ? TC_EXIT_MODEL
         : strstr(err, "label") || strstr(err, "threshold") ? TC_EXIT_USAGE
                                                             : TC_EXIT_FAIL;
    cli_model_close(&cm);
    return rc;
  }
  printf("wrote %s/model_data.c, model_data.h, model_config.h and "
         "build_opt.h: model %zu bytes, arena %zu bytes, labels %s,%s, "
         "threshold %.3f\n", cli_esc(outdir), cm.len,
         cm.arena_size, cli_esc(neg), cli_esc(pos), (double)threshold);
  cli_model_close(&cm);
  return TC_EXIT_OK;
}
