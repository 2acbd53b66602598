/* Host benchmark of the runtime's kernels on one model (make bench).
 *   tc_bench_host MODEL.tflite [--in IN0.bin ...] [--expect OUT0.bin ...]
 *                 [--invokes N | --seconds S]
 * Sets the inputs (files, or zeros), invokes until N invokes or S seconds
 * (default 2 s, at least 3 invokes) and prints
 *   host MODEL invokes=N seconds=S invokes_per_s=R ms_per_invoke=M
 *        min_ms=B median_ms=D
 * (mean, fastest and median single invoke). Only invoke calls are timed;
 * the fastest invoke is the one least disturbed by other processes on a
 * shared machine, which is why bench.sh compares builds by it. Outputs are checked against --expect files
 * after every invoke (exit 1 on a difference): a fast wrong kernel is no
 * benchmark. Under callgrind, --invokes 1 with --toggle-collect on
 * tc_interp_invoke counts the instructions of exactly one invoke. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tinycnn/runtime.h"

#define MAX_FILES 8

static unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
      fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf) *len = (size_t)n;
  fclose(f);
  return buf;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int usage(void) {
  fprintf(stderr, "usage: tc_bench_host MODEL.tflite [--in IN.bin]... "
                  "[--expect OUT.bin]... [--invokes N | --seconds S]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *model_path = NULL, *in_path[MAX_FILES], *out_path[MAX_FILES];
  unsigned char *model_buf, *arena, *in_buf[MAX_FILES] = {0},
                                    *out_buf[MAX_FILES] = {0};
  size_t n_in = 0, n_out = 0, len, need, i, in_len[MAX_FILES],
         out_len[MAX_FILES];
  long invokes = 0, done = 0, cap = 0;
  double seconds = 2.0, spent = 0.0, *times = NULL;
  const char *name;
  tc_model m;
  tc_interp it;
  int a;
  for (a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--in") == 0 && a + 1 < argc && n_in < MAX_FILES)
      in_path[n_in++] = argv[++a];
    else if (strcmp(argv[a], "--expect") == 0 && a + 1 < argc &&
             n_out < MAX_FILES)
      out_path[n_out++] = argv[++a];
    else if (strcmp(argv[a], "--invokes") == 0 && a + 1 < argc)
      invokes = atol(argv[++a]);
    else if (strcmp(argv[a], "--seconds") == 0 && a + 1 < argc)
      seconds = atof(argv[++a]);
    else if (argv[a][0] != '-' && !model_path)
      model_path = argv[a];
    else
      return usage();
  }
  if (!model_path) return usage();
  model_buf = read_file(model_path, &len);
  if (!model_buf) {
    fprintf(stderr, "%s: cannot read\n", model_path);
    return 3;
  }
  if (tc_model_load(&m, model_buf, len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK) {
    fprintf(stderr, "%s: %s\n", model_path, m.msg);
    return 3;
  }
  arena = malloc(need ? need : 1);
  if (!arena || tc_interp_init(&it, &m, arena, need) != TC_OK) {
    fprintf(stderr, "%s: init: %s\n", model_path, arena ? it.msg : "no memory");
    return 3;
  }
  if (n_in && n_in != tc_interp_num_inputs(&it)) {
    fprintf(stderr, "%s: %u --in files for %u inputs\n", model_path,
            (unsigned)n_in, (unsigned)tc_interp_num_inputs(&it));
    return 2;
  }
  for (i = 0; i < n_in; i++) {
    in_buf[i] = read_file(in_path[i], &in_len[i]);
    if (!in_buf[i] || in_len[i] != tc_interp_input(&it, i)->bytes) {
      fprintf(stderr, "%s: cannot read or wrong size (need %u bytes)\n",
              in_path[i], (unsigned)tc_interp_input(&it, i)->bytes);
      return 4;
    }
  }
  for (i = 0; i < n_out; i++) {
    out_buf[i] = read_file(out_path[i], &out_len[i]);
    if (i >= tc_interp_num_outputs(&it) || !out_buf[i] ||
        out_len[i] != tc_interp_output(&it, i)->bytes) {
      fprintf(stderr, "%s: cannot read, wrong size or no such output\n",
              out_path[i]);
      return 4;
    }
  }
  while (invokes > 0 ? done < invokes : (spent < seconds || done < 3)) {
    double t0, dt;
    /* An invoke may reuse an input's memory once consumed: set them every
     * time (runtime.h). */
    for (i = 0; i < tc_interp_num_inputs(&it); i++) {
      tc_tensor *t = tc_interp_input(&it, i);
      if (n_in)
        memcpy(t->data, in_buf[i], t->bytes);
      else
        memset(t->data, 0, t->bytes);
    }
    if (done == cap) {
      double *grown;
      cap = cap ? 2 * cap : 1024;
      grown = realloc(times, (size_t)cap * sizeof *times);
      if (!grown) {
        fprintf(stderr, "no memory\n");
        return 3;
      }
      times = grown;
    }
    t0 = now_s();
    tc_interp_invoke(&it);
    dt = now_s() - t0;
    spent += dt;
    times[done++] = dt;
    for (i = 0; i < n_out; i++)
      if (memcmp(tc_interp_output(&it, i)->data, out_buf[i], out_len[i])) {
        fprintf(stderr, "%s: output %u differs from %s after %ld invokes\n",
                model_path, (unsigned)i, out_path[i], done);
        return 1;
      }
  }
  name = strrchr(model_path, '/');
  name = name ? name + 1 : model_path;
  qsort(times, (size_t)done, sizeof *times, cmp_double);
  printf("host %.*s invokes=%ld seconds=%.3f invokes_per_s=%.2f "
         "ms_per_invoke=%.4f min_ms=%.4f median_ms=%.4f\n",
         (int)(strcspn(name, ".")), name, done, spent, done / spent,
         spent * 1e3 / done, times[0] * 1e3,
         (done & 1 ? times[done / 2]
                   : (times[done / 2 - 1] + times[done / 2]) / 2) * 1e3);
  free(times);
  for (i = 0; i < MAX_FILES; i++) {
    free(in_buf[i]);
    free(out_buf[i]);
  }
  free(arena);
  free(model_buf);
  return 0;
}
