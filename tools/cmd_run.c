/* tinycnn run MODEL --in IN0.bin [--in IN1.bin ...] --out-dir DIR
 * Raw little-endian tensor bytes in, output0.bin ... out. The interface
 * other tools use to check the runtime: keep it exactly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tinycnn/train_engine.h"

#define MAX_INPUTS 64

int cmd_run(int argc, char **argv) {
  const char *model = NULL, *outdir = NULL, *ins[MAX_INPUTS];
  size_t nin = 0, i;
  int a, rc;
  cli_model cm;
  for (a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--in") == 0 && a + 1 < argc) {
      if (nin == MAX_INPUTS) {
        fprintf(stderr, "tinycnn run: more than %d --in\n", MAX_INPUTS);
        return TC_EXIT_USAGE;
      }
      ins[nin++] = argv[++a];
    } else if (strcmp(argv[a], "--out-dir") == 0 && a + 1 < argc) {
      outdir = argv[++a];
    } else if (argv[a][0] != '-' && !model) {
      model = argv[a];
    } else {
      fprintf(stderr, "tinycnn run: unexpected argument '%s'\n",
              cli_esc(argv[a]));
      return TC_EXIT_USAGE;
    }
  }
  if (!model || !outdir) {
    fprintf(stderr, "usage: tinycnn run MODEL.tflite --in IN0.bin [--in "
            "IN1.bin ...] --out-dir DIR\n");
    return TC_EXIT_USAGE;
  }
  rc = cli_model_open(&cm, model, 1);
  if (rc) return rc;
  if (nin != tc_interp_num_inputs(&cm.it)) {
    fprintf(stderr, "tinycnn run: model has %zu inputs, got %zu --in\n",
            tc_interp_num_inputs(&cm.it), nin);
    cli_model_close(&cm);
    return TC_EXIT_INPUT;
  }
  for (i = 0; i < nin; i++) {
    tc_tensor *t = tc_interp_input(&cm.it, i);
    size_t len;
    void *data = cli_read_file(ins[i], &len);
    if (!data) {
      fprintf(stderr, "tinycnn run: cannot read input %zu %s: %s\n", i,
              cli_esc(ins[i]), strerror(errno));
      cli_model_close(&cm);
      return TC_EXIT_INPUT;
    }
    if (len != t->bytes) {
      fprintf(stderr, "tinycnn run: input %zu %s is %zu bytes; tensor '%s' "
              "(%s, %u elements) needs %u\n", i, cli_esc(ins[i]), len,
              cli_esc(t->name),
              tc_type_name(t->type), t->bytes / (unsigned)tc_type_size(t->type),
              t->bytes);
      free(data);
      cli_model_close(&cm);
      return TC_EXIT_INPUT;
    }
    memcpy(t->data, data, len);
    free(data);
  }
  if (tc_interp_invoke(&cm.it) != TC_OK) {
    fprintf(stderr, "tinycnn run: invoke: %s\n", cm.it.msg);
    cli_model_close(&cm);
    return TC_EXIT_MODEL;
  }
  if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "tinycnn run: cannot create %s: %s\n", cli_esc(outdir),
            strerror(errno));
    cli_model_close(&cm);
    return TC_EXIT_FAIL;
  }
  for (i = 0; i < tc_interp_num_outputs(&cm.it); i++) {
    char path[4096];
    tc_tensor *t = tc_interp_output(&cm.it, i);
    snprintf(path, sizeof path, "%s/output%zu.bin", outdir, i);
    if (tc_write_atomic(path, t->data, t->bytes) != 0) {
      fprintf(stderr, "tinycnn run: cannot write %s: %s\n", cli_esc(path),
              strerror(errno));
      cli_model_close(&cm);
      return TC_EXIT_FAIL;
    }
  }
  printf("arena: %zu bytes\n", cm.arena_size);
  cli_model_close(&cm);
  return TC_EXIT_OK;
}
