/* tinycnn inspect (issue 10): model-level "inputs" and "outputs" in the
 * JSON output, checked against the values our writer put into a tiny model
 * and against ../shared/conformance/manifest.json (written by the
 * conformance generator from TensorFlow, not by us) for person_detect and
 * hello_world_float; and model strings printed escaped: a tensor named
 * ESC[31mred shows as \x1b[31mred in the text output, comes back exactly
 * from the JSON output (cJSON writes \u001b), and is escaped in error
 * messages of `inspect` and `run` that name it. No raw ESC byte anywhere.
 *   test_inspect_io TINYCNN_CLI SHARED_DIR */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "support/check.h"
#include "support/tiny_models.h"
#include "tinycnn/export.h"

#define RED "\033[31mred"

static const char *cli;

/* Runs cli ARGS, stdout and stderr to two files read back; exit code. */
static int run(const char *args, char **out, char **err) {
  char cmd[4096];
  int st, k;
  snprintf(cmd, sizeof cmd, "%s %s >tc_io_out.txt 2>tc_io_err.txt", cli,
           args);
  st = system(cmd);
  for (k = 0; k < 2; k++) {
    FILE *f = fopen(k ? "tc_io_err.txt" : "tc_io_out.txt", "rb");
    char *b = calloc(1 << 20, 1);
    if (f) {
      size_t got = fread(b, 1, (1 << 20) - 1, f);
      b[got] = '\0';
      fclose(f);
    }
    *(k ? err : out) = b;
  }
  remove("tc_io_out.txt");
  remove("tc_io_err.txt");
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const void *d, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(d, 1, n, f) != n) {
    printf("FAIL cannot write %s\n", path);
    exit(1);
  }
  fclose(f);
}

/* int8 x [1,4,4,3] named ESC[31mred, per-channel scales 0.5, 0.25, 0.125
 * on axis 3 -> MAX_POOL_2D 2x2 -> "pooled" [1,2,2,3] scale 0.5 zp -3.
 * dim1: x's second dimension (0 makes it malformed). */
static uint8_t *red_model(int32_t dim1, size_t *n) {
  tc_graph *g = tc_graph_new();
  int32_t xd[4] = {1, 0, 4, 3}, yd[4] = {1, 2, 2, 3};
  float xs[3] = {0.5f, 0.25f, 0.125f};
  int64_t xz[3] = {-3, -3, -3};
  tc_opts o = tc_opts_pool2d(TC_PADDING_VALID, 2, 2, 2, 2, TC_FUSED_NONE);
  uint8_t *b = NULL;
  int x, y;
  xd[1] = dim1;
  x = tc_graph_tensor(g, RED, TC_INT8, 4, xd, NULL, xs, xz, 3, 3);
  y = tm_act8(g, "pooled", 4, yd, 0.5f, -3);
  tc_graph_op(g, TC_BUILTIN_MAX_POOL_2D, 1, (int32_t[]){x}, 1,
              (int32_t[]){y}, &o);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  if (tc_graph_serialize(g, &b, n) != TC_OK) b = NULL;
  tc_graph_free(g);
  return b;
}

static int num_is(const cJSON *o, const char *key, double want) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) && v->valuedouble == want;
}

static int shape_is(const cJSON *o, const int *want, int n) {
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "shape"), *e;
  int i = 0;
  if (!cJSON_IsArray(s) || cJSON_GetArraySize(s) != n) return 0;
  cJSON_ArrayForEach(e, s) if (!cJSON_IsNumber(e) || e->valueint != want[i++])
      return 0;
  return 1;
}

static int str_is(const cJSON *o, const char *key, const char *want) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

/* The one entry of root[key] ("inputs" / "outputs"). */
static const cJSON *only(const cJSON *root, const char *key) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
  return cJSON_IsArray(a) && cJSON_GetArraySize(a) == 1
             ? cJSON_GetArrayItem(a, 0) : NULL;
}

static void tiny_rows(void) {
  size_t n;
  uint8_t *b = red_model(4, &n);
  char *out, *err;
  int rc;
  cJSON *root;
  const cJSON *in, *o, *sc;
  static const int xs[4] = {1, 4, 4, 3}, ys[4] = {1, 2, 2, 3};
  write_file("tc_io_red.tflite", b, n);
  free(b);

  rc = run("inspect tc_io_red.tflite", &out, &err);
  CHECK(rc == 0 && strstr(out, "\\x1b[31mred") && !strchr(out, '\033'),
        "inspect text: exit %d, ESC name not printed as \\x1b[31mred:\n%s", rc,
        out);
  free(out);
  free(err);

  rc = run("inspect tc_io_red.tflite --json", &out, &err);
  root = cJSON_Parse(out);
  CHECK(rc == 0 && root && !strchr(out, '\033'),
        "inspect --json: exit %d, %s JSON, raw ESC %s", rc,
        root ? "valid" : "invalid", strchr(out, '\033') ? "present" : "absent");
  in = only(root, "inputs");
  o = only(root, "outputs");
  sc = in ? cJSON_GetObjectItemCaseSensitive(in, "scales") : NULL;
  CHECK(in && num_is(in, "index", 0) && str_is(in, "name", RED) &&
            str_is(in, "dtype", "int8") && shape_is(in, xs, 4) &&
            num_is(in, "scale", 0.5) && num_is(in, "zero_point", -3) &&
            num_is(in, "channels", 3) && num_is(in, "quantized_dimension", 3) &&
            cJSON_GetArraySize(sc) == 3 &&
            cJSON_GetArrayItem(sc, 0)->valuedouble == 0.5 &&
            cJSON_GetArrayItem(sc, 1)->valuedouble == 0.25 &&
            cJSON_GetArrayItem(sc, 2)->valuedouble == 0.125,
        "inspect --json inputs: %s", out);
  CHECK(o && num_is(o, "index", 1) && str_is(o, "name", "pooled") &&
            str_is(o, "dtype", "int8") && shape_is(o, ys, 4) &&
            num_is(o, "scale", 0.5) && num_is(o, "zero_point", -3) &&
            !cJSON_GetObjectItemCaseSensitive(o, "scales"),
        "inspect --json outputs: %s", out);
  cJSON_Delete(root);
  free(out);
  free(err);

  /* run: the input file one byte short names the tensor. */
  write_file("tc_io_in.bin", "0123456789", 10);
  rc = run("run tc_io_red.tflite --in tc_io_in.bin --out-dir tc_io_dir", &out,
           &err);
  CHECK(rc == 4 && strstr(err, "tensor '\\x1b[31mred'") && !strchr(err, '\033'),
        "run, short input: exit %d, stderr %s", rc, err);
  free(out);
  free(err);
  remove("tc_io_in.bin");

  /* A runtime message naming the tensor (tc_model_load). */
  b = red_model(0, &n);
  write_file("tc_io_red.tflite", b, n);
  free(b);
  rc = run("inspect tc_io_red.tflite", &out, &err);
  CHECK(rc == 3 && strstr(err, "tensor 0 '\\x1b[31mred': dimension 1 is 0") &&
            !strchr(err, '\033'),
        "inspect, malformed: exit %d, stderr %s", rc, err);
  free(out);
  free(err);
  remove("tc_io_red.tflite");

  /* A float model: scale and zero_point are null. */
  b = tm_relu(&n);
  write_file("tc_io_relu.tflite", b, n);
  free(b);
  rc = run("inspect tc_io_relu.tflite --json", &out, &err);
  root = cJSON_Parse(out);
  in = only(root, "inputs");
  CHECK(rc == 0 && in && str_is(in, "name", "x") &&
            str_is(in, "dtype", "float32") &&
            cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(in, "scale")) &&
            cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(in, "zero_point")),
        "inspect --json, float model: %s", out);
  cJSON_Delete(root);
  free(out);
  free(err);
  remove("tc_io_relu.tflite");
  if (!failures) printf("ok tiny models: text escaped, JSON inputs/outputs\n");
}

/* Our inputs/outputs equal the manifest's (its scale and zero_point are
 * lists of one; absent for float tensors, where we give null). */
static int same_io(const cJSON *ours, const cJSON *ref) {
  const cJSON *a, *b;
  int n = cJSON_GetArraySize(ref), i, k;
  if (!cJSON_IsArray(ours) || cJSON_GetArraySize(ours) != n) return 0;
  for (i = 0; i < n; i++) {
    const cJSON *r = cJSON_GetArrayItem(ref, i), *o = cJSON_GetArrayItem(ours, i);
    const char *keys[3] = {"index", "name", "dtype"};
    for (k = 0; k < 3; k++) {
      a = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
      b = cJSON_GetObjectItemCaseSensitive(r, keys[k]);
      if (!a || !b || !cJSON_Compare(a, b, 1)) return 0;
    }
    a = cJSON_GetObjectItemCaseSensitive(o, "shape");
    b = cJSON_GetObjectItemCaseSensitive(r, "shape");
    if (!cJSON_Compare(a, b, 1)) return 0;
    for (k = 0; k < 2; k++) {
      const char *key = k ? "zero_point" : "scale";
      a = cJSON_GetObjectItemCaseSensitive(o, key);
      b = cJSON_GetObjectItemCaseSensitive(r, key);
      if (!b ? !cJSON_IsNull(a)
             : !cJSON_IsNumber(a) || cJSON_GetArraySize(b) != 1 ||
                   fabs(a->valuedouble - cJSON_GetArrayItem(b, 0)->valuedouble) >
                       1e-12 * fabs(a->valuedouble))
        return 0;
    }
  }
  return 1;
}

static void manifest_rows(const char *shared) {
  static const char *const names[2] = {"person_detect", "hello_world_float"};
  char path[2048], args[2200], *text, *out, *err;
  FILE *f;
  cJSON *man, *root;
  int i;
  snprintf(path, sizeof path, "%s/conformance/manifest.json", shared);
  if (!(f = fopen(path, "rb"))) {
    printf("SKIP inspect vs manifest: %s not found\n", path);
    return;
  }
  text = calloc(8 << 20, 1);
  if (fread(text, 1, (8 << 20) - 1, f) == 0) text[0] = '\0';
  fclose(f);
  man = cJSON_Parse(text);
  free(text);
  for (i = 0; i < 2; i++) {
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(man, "models"), names[i]);
    int rc, ok;
    snprintf(args, sizeof args, "inspect %s/conformance/models/%s.tflite --json",
             shared, names[i]);
    rc = run(args, &out, &err);
    root = cJSON_Parse(out);
    ok = rc == 0 && ref &&
         same_io(cJSON_GetObjectItemCaseSensitive(root, "inputs"),
                 cJSON_GetObjectItemCaseSensitive(ref, "inputs")) &&
         same_io(cJSON_GetObjectItemCaseSensitive(root, "outputs"),
                 cJSON_GetObjectItemCaseSensitive(ref, "outputs"));
    CHECK(ok, "%s: inputs/outputs differ from the manifest:\n%s", names[i],
          out);
    if (ok) printf("ok %s: inputs/outputs as in the manifest\n", names[i]);
    cJSON_Delete(root);
    free(out);
    free(err);
  }
  cJSON_Delete(man);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_inspect_io TINYCNN_CLI SHARED_DIR\n");
    return 2;
  }
  cli = argv[1];
  tiny_rows();
  manifest_rows(argv[2]);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
