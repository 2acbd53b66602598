/* tinycnn: the command-line tool. Each subcommand lives in its own file. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *help;
} cmds[] = {
    {"run", cmd_run, "run MODEL.tflite --in IN0.bin [--in ...] --out-dir DIR"},
    {"inspect", cmd_inspect, "inspect MODEL.tflite [--json]"},
    {"train", cmd_train,
     "train DIR|--idx IMAGES LABELS --positive-class N --negative-class M "
     "[--input 64x64x1] [--arch seed|mobilenet --alpha A|--spec S] [--epochs N] "
     "[--batch N] [--lr X] [--val F|--val-dir DIR] [--seed N] [--qat-epochs N] "
     "[--ptq [--calib N|--calib-dir DIR] [--calib-ema]] [--prune R] "
     "[-o|--out RUN] "
     "| --resume RUN"},
    {"prune", cmd_prune,
     "prune RUN [--macs R|--params R|--max-arena B|--max-flash B|--fit "
     "esp32|esp32s3|esp32c3] [--max-macs N] [--epochs N] [--steps S] "
     "[--criterion taylor|l1|bn] --out RUN2 | --resume RUN2"},
    {"predict", cmd_predict,
     "predict MODEL IMAGE... [--labels NEG,POS] [--threshold T]"},
    {"camera-sim", cmd_camera_sim,
     "camera-sim MODEL DIR [--format gray|rgb565|yuyv] [--size WxH] "
     "[--threshold T] [--hysteresis H] [--frames N] [--retries K] "
     "[--labels NEG,POS] [--serve HOST:PORT [--flash FILE] [--flash-size B] "
     "[--arena B] [--max-model B] [--token T] [--interval MS]]"},
    {"export", cmd_export,
     "export MODEL.tflite|RUN --c OUTDIR [--labels NEG,POS] [--threshold T]"
     " | export RUN --int8|--float|--hybrid OUT.tflite"},
    {"eval", cmd_eval,
     "eval MODEL.tflite DIR [--json] [--threshold T] [--positive NAME]"},
    {"collect", cmd_collect,
     "collect URL --label NAME --out DIR [--count N] [--interval S] "
     "[--retries K]"},
    {"deploy", cmd_deploy, "deploy RUN|MODEL.tflite URL [--token T]"},
    {"split", cmd_split,
     "split DIR --out OUT [--test F] [--seed N] [--train-fraction F] "
     "[--max-distance D]"},
};

static void usage(FILE *f) {
  size_t i;
  fprintf(f, "usage: tinycnn COMMAND ...\n");
  for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    fprintf(f, "  tinycnn %s\n", cmds[i].help);
}

int main(int argc, char **argv) {
  size_t i;
  /* Past RLIMIT_FSIZE a write must fail with EFBIG, reported and cleaned up
   * like a full disk, instead of SIGXFSZ killing us with temp files left. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return TC_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
      !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp(argv[1], cmds[i].name) == 0)
      return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "tinycnn: unknown command '%s'\n", cli_esc(argv[1]));
  usage(stderr);
  return TC_EXIT_USAGE;
}
