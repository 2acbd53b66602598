/* tinycnn predict MODEL IMAGE... [--labels NEG,POS] [--threshold T]
 * Classify image files with exactly the firmware's path: decode ->
 * tc_image_to_tensor (the model's preprocessing) -> invoke -> tc_app_score.
 * Labels and threshold: the flags, else the model's metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tinycnn/app.h"
#include "tinycnn/image.h"
#include "tinycnn/imageio.h"

static const char usage_txt[] =
    "usage: tinycnn predict MODEL IMAGE... [--labels NEG,POS] "
    "[--threshold T]\n";

int cli_parse_unit(const char *s, float *v) {
  char *end;
  double d = strtod(s, &end);
  if (end == s || *end || !(d >= 0.0 && d <= 1.0)) return -1;
  *v = (float)d;
  return 0;
}

int cli_parse_labels(const char *s, char *neg, char *pos, size_t cap) {
  const char *comma = strchr(s, ',');
  size_t n;
  if (!comma || comma == s || !comma[1] || strchr(comma + 1, ',')) return -1;
  n = (size_t)(comma - s);
  if (n >= cap || strlen(comma + 1) >= cap) return -1;
  memcpy(neg, s, n);
  neg[n] = '\0';
  strcpy(pos, comma + 1);
  return 0;
}

/* One image: 0 ok, TC_EXIT_INPUT / TC_EXIT_MODEL with the message printed.
 * Decoded for the model's size and preprocessed by tc_bitmap_load_tensor,
 * the path of train and eval. */
static int predict_one(cli_model *cm, const char *path, float threshold,
                       const char *neg, const char *pos) {
  float score;
  char err[512];
  if (tc_bitmap_load_tensor(path, tc_interp_input(&cm->it, 0), &cm->pre, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn predict: %s\n", cli_esc(err));
    return TC_EXIT_INPUT;
  }
  if (tc_interp_invoke(&cm->it) != TC_OK) {
    fprintf(stderr, "tinycnn predict: invoke: %s\n", cm->it.msg);
    return TC_EXIT_MODEL;
  }
  tc_app_score(tc_interp_output(&cm->it, 0), &score);
  printf("%s score=%.3f label=%s threshold=%.3f\n", cli_esc(path),
         (double)score, cli_esc(score >= threshold ? pos : neg),
         (double)threshold);
  return TC_EXIT_OK;
}

int cmd_predict(int argc, char **argv) {
  const char *model = NULL;
  char neg[64] = "negative", pos[64] = "positive", msg[TC_MSG_LEN];
  float threshold = 0.5f;
  int a, rc, nimg = 0, worst = TC_EXIT_OK, have_thr = 0, have_labels = 0;
  cli_model cm;
  for (a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--threshold") == 0 && a + 1 < argc) {
      if (cli_parse_unit(argv[++a], &threshold) != 0) {
        fprintf(stderr, "tinycnn predict: --threshold '%s': expected a "
                "number in [0, 1]\n", cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
      have_thr = 1;
    } else if (strcmp(argv[a], "--labels") == 0 && a + 1 < argc) {
      if (cli_parse_labels(argv[++a], neg, pos, sizeof neg) != 0) {
        fprintf(stderr, "tinycnn predict: --labels '%s': expected NEG,POS "
                "(two non-empty names under 64 characters)\n",
                cli_esc(argv[a]));
        return TC_EXIT_USAGE;
      }
      have_labels = 1;
    } else if (argv[a][0] == '-' && argv[a][1]) {
      fprintf(stderr, "tinycnn predict: unexpected argument '%s'\n%s",
              cli_esc(argv[a]), usage_txt);
      return TC_EXIT_USAGE;
    } else if (!model) {
      model = argv[a];
    } else {
      nimg++;
    }
  }
  if (!model || !nimg) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  rc = cli_model_open(&cm, model, 1);
  if (rc) return rc;
  if (tc_app_check_model(&cm.it, msg) != TC_OK) {
    fprintf(stderr, "tinycnn predict: %s: %s\n", cli_esc(model), cli_esc(msg));
    cli_model_close(&cm);
    return TC_EXIT_MODEL;
  }
  /* What the model's metadata says, unless given. */
  if (!have_thr) threshold = cm.meta.threshold;
  if (!have_labels) {
    strcpy(neg, cm.meta.label_neg);
    strcpy(pos, cm.meta.label_pos);
  }
  /* Second pass: images in command-line order, flags skipped. */
  for (a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--threshold") == 0 || strcmp(argv[a], "--labels") == 0) {
      a++;
      continue;
    }
    if (argv[a] == model) continue;
    rc = predict_one(&cm, argv[a], threshold, neg, pos);
    if (rc == TC_EXIT_MODEL) {
      cli_model_close(&cm);
      return rc;
    }
    if (rc) worst = rc;
  }
  cli_model_close(&cm);
  return worst;
}
