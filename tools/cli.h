/* Shared by the tinycnn subcommands (host only). */
#ifndef TC_CLI_H
#define TC_CLI_H

#include <stddef.h>

#include "tinycnn/image.h"
#include "tinycnn/metadata.h"
#include "tinycnn/runtime.h"

enum {
  TC_EXIT_OK = 0,
  TC_EXIT_FAIL = 1,  /* anything else: I/O error writing results */
  TC_EXIT_USAGE = 2,
  TC_EXIT_MODEL = 3, /* bad or unsupported model */
  TC_EXIT_INPUT = 4  /* bad input data */
};

int cmd_run(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_camera_sim(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_deploy(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_split(int argc, char **argv);
/* Flag values shared by predict and camera-sim (cmd_predict.c): a number
 * in [0, 1]; "NEG,POS" into two buffers of cap bytes. 0 or -1. */
int cli_parse_unit(const char *s, float *v);
int cli_parse_labels(const char *s, char *neg, char *pos, size_t cap);

/* The ESP32 chips `inspect` states a fit for and `prune --fit` prunes
 * for. Internal SRAM a model may use for its arena (what is left for the
 * app after ESP-IDF, Wi-Fi-less, with the camera driver's frame buffer in
 * PSRAM or small), and PSRAM commonly fitted. Budgets, not datasheet
 * totals: ESP32 520 KB SRAM of which ~320 KB is DRAM; ESP32-S3 512 KB;
 * ESP32-C3 400 KB, no PSRAM interface. */
typedef struct cli_chip {
  const char *name, *id; /* "ESP32-S3", "esp32s3" */
  size_t sram, psram, flash;
} cli_chip;
#define CLI_NCHIPS 3
extern const cli_chip cli_chips[CLI_NCHIPS];
/* Flash left for a model in a default 4 MB layout after a ~1 MB app and
 * partitions; the model sits in the app image or its own partition. */
#define CLI_APP_FLASH_RESERVE (1024 * 1024)

/* Strings from a model or a file (names, paths, messages quoting them)
 * as printf arguments: escaped by tc_escape (runtime.h: bytes outside
 * printable ASCII as \xNN), in one of a few rotating static buffers (the
 * CLI prints from one thread). Escaping twice changes nothing, so runtime
 * messages, which already escape, may go through it too. */
const char *cli_esc(const char *s);
/* s for a JSON string value: itself when it is valid UTF-8 (cJSON escapes
 * the control characters), else cli_esc(s), so the output stays JSON. */
const char *cli_json_str(const char *s);

/* A decimal integer in [lo, hi], the whole string; 0 or -1. */
int cli_parse_int(const char *s, int lo, int hi, int *v);
/* mkdir -p: every missing folder of path (mode 0755); 0 or -1 + errno. */
int cli_mkdirs(const char *path);

/* Whole file into malloc'd memory (16-byte aligned by malloc); NULL and
 * errno on failure. */
void *cli_read_file(const char *path, size_t *len);
/* Files are written with tc_write_atomic (tinycnn/train_engine.h). */

/* Load + verify a model (and its metadata: labels, threshold,
 * preprocessing) and build an interpreter on a malloc'd arena of exactly
 * the measured size. Prints the error and returns an exit code. */
typedef struct cli_model {
  void *bytes;
  size_t len;
  tc_model m;
  tc_meta meta;      /* the model's, or the defaults */
  tc_image_opts pre; /* from meta */
  tc_interp it;
  void *arena;
  size_t arena_size;
} cli_model;
int cli_model_open(cli_model *cm, const char *path, int build_interp);
void cli_model_close(cli_model *cm);

#endif
