/* Runs every model of ../shared/conformance/manifest.json through the
 * library and compares with TFLM's golden outputs by the manifest's rule:
 *   exact     - byte-identical
 *   float     - |ours - ref| <= 1e-5 + 1e-4 |ref|
 *   tolerance - |ours - ref| <= 0.02 max|ref| + 1e-3, same argmax
 * Models under "rejected" must fail to load with a message naming the op.
 * Also checks that invoke never writes outside the arena (guard bytes),
 * that repeated invokes give the same bytes, and that the measured arena
 * size is exactly enough (init with one byte less must fail).
 *
 *   tc_conformance [--dir DIR] [PREFIX...]
 * Exit: 0 all passed, 1 failures, 77 when DIR is missing (CTest SKIP).
 * For the emulator scripts (ports/qemu_conformance.sh):
 *   --list-exact / --list-inexact   "MODEL CASE..." per model whose rule is /
 *                                   is not exact
 *   --check MODEL CASE PREFIX       compare PREFIX0.bin, ... (a device run's
 *                                   outputs) with the case's goldens by the
 *                                   model's rule; exit 0 or 1 with the reason */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/runtime.h"

#define GUARD 64
#define GUARD_BYTE 0xA5

static void *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static int matches(const char *name, int argc, char **argv, int first) {
  int i, any = 0;
  for (i = first; i < argc; i++) {
    any = 1;
    if (strncmp(name, argv[i], strlen(argv[i])) == 0) return 1;
  }
  return !any;
}

static double elem(const tc_tensor *t, size_t i) {
  switch (t->type) {
    case TC_FLOAT32: return ((const float *)t->data)[i];
    case TC_INT8: return ((const int8_t *)t->data)[i];
    case TC_UINT8: return ((const uint8_t *)t->data)[i];
    case TC_INT32: return ((const int32_t *)t->data)[i];
    case TC_INT16: return ((const int16_t *)t->data)[i];
    default: return 0;
  }
}

static double ref_elem(const void *ref, int type, size_t i) {
  tc_tensor t;
  memset(&t, 0, sizeof t);
  t.type = (uint8_t)type;
  t.data = (void *)(uintptr_t)ref;
  return elem(&t, i);
}

/* Compare one output; returns 0 when it passes, else writes why. */
static int compare(const char *rule, const tc_tensor *out, const void *ref,
                   size_t ref_len, char *why, size_t why_len) {
  size_t n, i, worst = 0, am_o = 0, am_r = 0;
  double maxref = 0, worst_d = 0;
  if (ref_len != out->bytes) {
    snprintf(why, why_len, "output is %u bytes, golden %zu", out->bytes,
             ref_len);
    return 1;
  }
  n = out->bytes / tc_type_size(out->type);
  if (strcmp(rule, "exact") == 0) {
    if (memcmp(out->data, ref, ref_len) == 0) return 0;
    for (i = 0; i < n; i++) {
      double d = fabs(elem(out, i) - ref_elem(ref, out->type, i));
      if (d > worst_d) { worst_d = d; worst = i; }
    }
    snprintf(why, why_len, "not byte-identical: element %zu is %g, golden %g "
             "(max diff %g)", worst, elem(out, worst),
             ref_elem(ref, out->type, worst), worst_d);
    return 1;
  }
  for (i = 0; i < n; i++) {
    double r = fabs(ref_elem(ref, out->type, i));
    if (r > maxref) maxref = r;
    if (elem(out, i) > elem(out, am_o)) am_o = i;
    if (ref_elem(ref, out->type, i) > ref_elem(ref, out->type, am_r)) am_r = i;
  }
  for (i = 0; i < n; i++) {
    double o = elem(out, i), r = ref_elem(ref, out->type, i);
    double tol = strcmp(rule, "float") == 0 ? 1e-5 + 1e-4 * fabs(r)
                                            : 0.02 * maxref + 1e-3;
    if (!(fabs(o - r) <= tol)) {
      snprintf(why, why_len, "element %zu is %.9g, golden %.9g (tolerance "
               "%.3g)", i, o, r, tol);
      return 1;
    }
  }
  if (strcmp(rule, "tolerance") == 0 && n > 1 && am_o != am_r) {
    snprintf(why, why_len, "argmax %zu, golden %zu", am_o, am_r);
    return 1;
  }
  return 0;
}

static int guard_ok(const unsigned char *block, size_t arena) {
  size_t i;
  for (i = 0; i < GUARD; i++)
    if (block[i] != GUARD_BYTE || block[GUARD + arena + i] != GUARD_BYTE)
      return 0;
  return 1;
}

/* Runs one model; returns 0 on pass and prints the model's line. */
static int run_model(const char *dir, const char *name, const cJSON *spec) {
  char path[1024], why[512] = "";
  size_t len, need = 0, k, ncases;
  void *data;
  tc_model m;
  tc_interp it, it2;
  unsigned char *block = NULL, *block2 = NULL;
  const char *rule = cJSON_GetObjectItem(spec, "compare")->valuestring;
  const cJSON *cases = cJSON_GetObjectItem(spec, "cases");
  const cJSON *ref_arena = cJSON_GetObjectItem(spec, "reference_arena_used_bytes");
  tc_status s;
  int fail = 0;

  snprintf(path, sizeof path, "%s/models/%s.tflite", dir, name);
  data = read_file(path, &len);
  if (!data) {
    printf("FAIL %-40s cannot read %s\n", name, path);
    return 1;
  }
  s = tc_model_load(&m, data, len);
  if (s == TC_OK) s = tc_model_arena_size(&m, &need);
  if (s != TC_OK) {
    printf("FAIL %-40s %s: %s\n", name, tc_status_name(s), m.msg);
    free(data);
    return 1;
  }
  /* Measured in a work area (as firmware does, tc_model_arena_size_in):
   * the same figure; one byte of work less is refused. */
  {
    size_t wn = tc_model_arena_work(&m), need_in = 0;
    unsigned char *work = malloc(wn);
    if (!work || tc_model_arena_size_in(&m, &need_in, work, wn) != TC_OK ||
        need_in != need ||
        tc_model_arena_size_in(&m, &need_in, work, wn - 1) != TC_ERR_ARG) {
      printf("FAIL %-40s tc_model_arena_size_in gave %zu (%s), "
             "tc_model_arena_size %zu\n", name, need_in, m.msg, need);
      fail = 1;
    }
    free(work);
  }
  /* One byte less than measured must be refused with the exact figure. */
  block = malloc(need + 2 * GUARD + 16);
  s = tc_interp_init(&it, &m, block + GUARD, need - 1);
  {
    char want[96];
    snprintf(want, sizeof want, "arena too small: need %zu, got %zu", need,
             need - 1);
    if (s != TC_ERR_ARENA || strcmp(it.msg, want) != 0) {
      printf("FAIL %-40s init with %zu bytes (one less than measured) gave "
             "%s '%s', want '%s'\n", name, need - 1, tc_status_name(s),
             it.msg, want);
      fail = 1;
    }
  }
  memset(block, GUARD_BYTE, need + 2 * GUARD);
  s = tc_interp_init(&it, &m, block + GUARD, need);
  if (s != TC_OK) {
    printf("FAIL %-40s init: %s\n", name, it.msg);
    free(block);
    free(data);
    return 1;
  }
  /* A second interpreter on its own arena must give the same bytes. */
  block2 = malloc(need + 16);
  if (tc_interp_init(&it2, &m, block2, need) != TC_OK) {
    printf("FAIL %-40s second init: %s\n", name, it2.msg);
    fail = 1;
  }
  ncases = (size_t)cJSON_GetArraySize(cases);
  for (k = 0; k < ncases && !fail; k++) {
    const char *cname = cJSON_GetArrayItem(cases, (int)k)->valuestring;
    size_t i, rounds;
    for (rounds = 0; rounds < 2 && !fail; rounds++) {
      /* Round 1 runs the same input again: invokes must be idempotent.
       * Inputs are set each time: like TFLM, invoke may reuse an input's
       * memory once the input has been consumed. */
    for (i = 0; i < tc_interp_num_inputs(&it); i++) {
        size_t ilen;
        void *in;
        snprintf(path, sizeof path, "%s/cases/%s/%s/input%zu.bin", dir, name,
                 cname, i);
        in = read_file(path, &ilen);
        if (!in || ilen != tc_interp_input(&it, i)->bytes) {
          snprintf(why, sizeof why, "case %s: input %zu is %zu bytes, tensor "
                   "needs %u", cname, i, in ? ilen : 0,
                   tc_interp_input(&it, i)->bytes);
          free(in);
          fail = 1;
          break;
        }
        memcpy(tc_interp_input(&it, i)->data, in, ilen);
        memcpy(tc_interp_input(&it2, i)->data, in, ilen);
        free(in);
      }
      if (fail) break;
      tc_interp_invoke(&it);
      if (!guard_ok(block, need)) {
        snprintf(why, sizeof why, "case %s: invoke wrote outside the arena",
                 cname);
        fail = 1;
      }
      for (i = 0; i < tc_interp_num_outputs(&it) && !fail; i++) {
        size_t rlen;
        void *ref;
        snprintf(path, sizeof path, "%s/cases/%s/%s/output%zu.bin", dir, name,
                 cname, i);
        ref = read_file(path, &rlen);
        if (!ref) {
          snprintf(why, sizeof why, "cannot read %s", path);
          fail = 1;
        } else if (compare(rule, tc_interp_output(&it, i), ref, rlen, why,
                           sizeof why)) {
          char tmp[512];
          snprintf(tmp, sizeof tmp, "case %s output %zu%s: %s", cname, i,
                   rounds ? " (second invoke)" : "", why);
          memcpy(why, tmp, sizeof why);
          fail = 1;
        }
        free(ref);
      }
    }
    if (!fail) {
      tc_interp_invoke(&it2);
      for (i = 0; i < tc_interp_num_outputs(&it); i++)
        if (memcmp(tc_interp_output(&it, i)->data,
                   tc_interp_output(&it2, i)->data,
                   tc_interp_output(&it, i)->bytes) != 0) {
          snprintf(why, sizeof why, "case %s: second interpreter differs",
                   cname);
          fail = 1;
        }
    }
  }
  if (fail)
    printf("FAIL %-40s %s\n", name, why);
  else if (cJSON_IsNumber(ref_arena))
    printf("PASS %-40s %zu cases, %-9s arena %7zu B (TFLM %7d B, %3.0f%%)\n",
           name, ncases, rule, need, ref_arena->valueint,
           100.0 * (double)need / ref_arena->valuedouble);
  else
    printf("PASS %-40s %zu cases, %-9s arena %7zu B\n", name, ncases, rule,
           need);
  free(block);
  free(block2);
  free(data);
  return fail;
}

/* --check: a device run's output files against the goldens. */
static int check_files(const char *dir, const char *name, const cJSON *spec,
                       const char *cname, const char *prefix) {
  char path[1024], why[512] = "";
  size_t len, need, i;
  void *data;
  unsigned char *block;
  tc_model m;
  tc_interp it;
  const char *rule = cJSON_GetObjectItem(spec, "compare")->valuestring;
  int fail = 0;
  snprintf(path, sizeof path, "%s/models/%s.tflite", dir, name);
  data = read_file(path, &len);
  if (!data || tc_model_load(&m, data, len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK) {
    printf("FAIL %s: cannot load %s\n", name, path);
    free(data);
    return 1;
  }
  block = malloc(need + 16);
  if (tc_interp_init(&it, &m, block, need) != TC_OK) {
    printf("FAIL %s: init: %s\n", name, it.msg);
    free(block);
    free(data);
    return 1;
  }
  for (i = 0; i < tc_interp_num_outputs(&it) && !fail; i++) {
    tc_tensor *t = tc_interp_output(&it, i);
    size_t olen, rlen;
    void *got, *ref;
    snprintf(path, sizeof path, "%s%zu.bin", prefix, i);
    got = read_file(path, &olen);
    snprintf(path, sizeof path, "%s/cases/%s/%s/output%zu.bin", dir, name,
             cname, i);
    ref = read_file(path, &rlen);
    if (!got || !ref || olen != t->bytes) {
      snprintf(why, sizeof why, "output %zu: missing or %zu bytes", i,
               got ? olen : 0);
      fail = 1;
    } else {
      memcpy(t->data, got, olen);
      fail = compare(rule, t, ref, rlen, why, sizeof why);
    }
    free(got);
    free(ref);
  }
  if (fail) printf("case %s: %s\n", cname, why);
  free(block);
  free(data);
  return fail;
}

static int run_rejected(const char *dir, const char *name) {
  char path[1024];
  size_t len;
  void *data;
  tc_model m;
  tc_status s;
  snprintf(path, sizeof path, "%s/models/%s.tflite", dir, name);
  data = read_file(path, &len);
  if (!data) {
    printf("FAIL %-40s cannot read %s\n", name, path);
    return 1;
  }
  s = tc_model_load(&m, data, len);
  free(data);
  if (s != TC_ERR_UNSUPPORTED || !strstr(m.msg, "CUSTOM")) {
    printf("FAIL %-40s expected refusal naming the CUSTOM op, got %s: %s\n",
           name, tc_status_name(s), m.msg);
    return 1;
  }
  printf("PASS %-40s refused: %s\n", name, m.msg);
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = getenv("TC_CONFORMANCE_DIR");
  char path[1024];
  size_t len;
  char *text;
  cJSON *manifest, *models, *rejected, *it;
  int first = 1, passed = 0, failed = 0;
  if (argc > 2 && strcmp(argv[1], "--dir") == 0) {
    dir = argv[2];
    first = 3;
  }
  if (!dir) dir = "../shared/conformance";
  snprintf(path, sizeof path, "%s/manifest.json", dir);
  text = read_file(path, &len);
  if (!text) {
    printf("SKIP conformance: %s not found\n", path);
    return 77;
  }
  text[len] = '\0';
  manifest = cJSON_Parse(text);
  free(text);
  if (!manifest) {
    printf("FAIL conformance: %s is not valid JSON\n", path);
    return 1;
  }
  models = cJSON_GetObjectItem(manifest, "models");
  rejected = cJSON_GetObjectItem(manifest, "rejected");
  if (first + 3 < argc && strcmp(argv[first], "--check") == 0) {
    const cJSON *spec = cJSON_GetObjectItem(models, argv[first + 1]);
    int r = spec ? check_files(dir, argv[first + 1], spec, argv[first + 2],
                               argv[first + 3])
                 : (printf("FAIL %s: not in the manifest\n", argv[first + 1]), 1);
    cJSON_Delete(manifest);
    return r;
  }
  if (first < argc && (strcmp(argv[first], "--list-exact") == 0 ||
                       strcmp(argv[first], "--list-inexact") == 0)) {
    /* For the emulator scripts: "MODEL CASE..." per model. */
    const int exact = strcmp(argv[first], "--list-exact") == 0;
    cJSON_ArrayForEach(it, models) {
      const cJSON *c;
      if ((strcmp(cJSON_GetObjectItem(it, "compare")->valuestring, "exact") == 0) != exact)
        continue;
      printf("%s", it->string);
      cJSON_ArrayForEach(c, cJSON_GetObjectItem(it, "cases"))
        printf(" %s", c->valuestring);
      printf("\n");
    }
    cJSON_Delete(manifest);
    return 0;
  }
  cJSON_ArrayForEach(it, models) {
    if (!matches(it->string, argc, argv, first)) continue;
    if (run_model(dir, it->string, it)) failed++; else passed++;
    fflush(stdout);
  }
  cJSON_ArrayForEach(it, rejected) {
    if (!matches(it->string, argc, argv, first)) continue;
    if (run_rejected(dir, it->string)) failed++; else passed++;
  }
  cJSON_Delete(manifest);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
