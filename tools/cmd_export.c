/* tinycnn export MODEL.tflite --c OUTDIR [--labels NEG,POS] [--threshold T]
 * model_data.c / model_data.h for firmware (tc_export_c): written
 * atomically, never a truncated pair. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tinycnn/train.h"

static const char usage_txt[] =
    "usage: tinycnn export MODEL.tflite --c OUTDIR [--labels NEG,POS] "
    "[--threshold T]\n";

int cmd_export(int argc, char **argv) {
  const char *model = NULL, *outdir = NULL, *labels[2];
  char neg[64] = "negative", pos[64] = "positive", err[512];
  float threshold = 0.5f;
  cli_model cm;
  int a, rc;
  for (a = 1; a < argc; a++) {
    if (!strcmp(argv[a], "--c") && a + 1 < argc) {
      outdir = argv[++a];
    } else if (!strcmp(argv[a], "--threshold") && a + 1 < argc) {
      if (cli_parse_unit(argv[++a], &threshold) != 0) {
        fprintf(stderr, "tinycnn export: --threshold '%s': expected a number "
                "in [0, 1]\n", argv[a]);
        return TC_EXIT_USAGE;
      }
    } else if (!strcmp(argv[a], "--labels") && a + 1 < argc) {
      if (cli_parse_labels(argv[++a], neg, pos, sizeof neg) != 0) {
        fprintf(stderr, "tinycnn export: --labels '%s': expected NEG,POS "
                "(two non-empty names under 64 characters)\n", argv[a]);
        return TC_EXIT_USAGE;
      }
    } else if (argv[a][0] == '-' && argv[a][1]) {
      fprintf(stderr, "tinycnn export: unexpected argument '%s'\n%s", argv[a],
              usage_txt);
      return TC_EXIT_USAGE;
    } else if (!model) {
      model = argv[a];
    } else {
      fprintf(stderr, "tinycnn export: unexpected argument '%s'\n%s", argv[a],
              usage_txt);
      return TC_EXIT_USAGE;
    }
  }
  if (!model || !outdir) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  if ((rc = cli_model_open(&cm, model, 0)) != 0) return rc;
  labels[0] = neg;
  labels[1] = pos;
  if (tc_export_c(cm.bytes, cm.len, labels, threshold, outdir, err,
                  sizeof err) != 0) {
    fprintf(stderr, "tinycnn export: %s\n", err);
    rc = strstr(err, "does not load") || strstr(err, "input 0") ||
                 strstr(err, "arena")
             ? TC_EXIT_MODEL
         : strstr(err, "label") || strstr(err, "threshold") ? TC_EXIT_USAGE
                                                             : TC_EXIT_FAIL;
    cli_model_close(&cm);
    return rc;
  }
  printf("wrote %s/model_data.c and %s/model_data.h: model %zu bytes, arena "
         "%zu bytes, labels %s,%s, threshold %.3f\n", outdir, outdir, cm.len,
         cm.arena_size, neg, pos, (double)threshold);
  cli_model_close(&cm);
  return TC_EXIT_OK;
}
