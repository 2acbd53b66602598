/* Structure-aware mutation test (issue 10): every model of
 * ../shared/conformance, mutated by replacing one aligned 32-bit word with
 * 0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF or the file length (the word
 * chosen mostly in operator options, shapes, quantization and small integer
 * constants: tests/support/word_smash.c), plus truncations. Each mutant goes
 * through what `tinycnn run` does: load, exact arena size, init (one byte
 * short must be refused), invoke. The tiny models of tests/support go
 * first (the shape ops, which no conformance model has). Every outcome
 * must be a status the CLI maps to exit 0 or 3, with a message; in the
 * ASan + UBSan build (-fno-sanitize-recover=all) any overflow or bad
 * access aborts the run.
 *
 *   test_model_smash DIR [--mutants N] [--seed S] [--all-words]
 *                        [--min N] [PREFIX...]
 * --mutants N: N word smashes per model instead of the default (60; 400
 * per tiny model; 20 above 64 KB, 3 above 1 MB); --all-words: every aligned
 * word with every value in turn (slow: deep local runs of a few models);
 * --min N: fail unless at least N mutants ran (make test asks for 20000).
 * On a sanitizer report the mutant is written to model_smash_crash.tflite
 * in the working directory: one of a tiny model may go to
 * tests/fuzz/corpus/regress/model/; one of a ../shared model must not be
 * committed (rebuild it with our writer, docs/errors.md). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/check.h"
#include "support/tiny_models.h"
#include "support/word_smash.h"

/* In the sanitizer build, a report ends the run: say which mutant. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_DEATH_CALLBACK 1
#endif
#elif defined(__SANITIZE_ADDRESS__)
#define HAVE_DEATH_CALLBACK 1
#endif
#ifdef HAVE_DEATH_CALLBACK
#include <sanitizer/common_interface_defs.h>
#endif

/* Which accepted models are invoked, by their work bound (ws_work_bound,
 * a crude upper bound of an invoke's operations): all up to WORK_FREE;
 * beyond it, up to twice the intact model's figure (a mutant asking for
 * far more passes for a hang) and while the model's invoked work stays
 * within WORK_BUDGET. So every model gets the same number of mutants
 * through load and init, and the big real models (person_detect,
 * mobilenet_v2) a few invokes each instead of dominating the run time. */
#define WORK_FREE 200000000ull
#define WORK_BUDGET 8000000000ull
typedef struct budget {
  uint64_t max_work, spent;
} budget;

static int may_invoke(budget *b, uint64_t work) {
  if (work <= WORK_FREE) return 1;
  if (work > b->max_work || b->spent + work > WORK_BUDGET) return 0;
  b->spent += work;
  return 1;
}
#define MAX_ARENA (64u << 20)
#define TRUNCATIONS 3

static const uint8_t *cur_data;
static size_t cur_len;
static char cur_what[512];

static void on_death(void) {
  FILE *f = fopen("model_smash_crash.tflite", "wb");
  fprintf(stderr, "model_smash: died on %s\n", cur_what);
  if (f) {
    fwrite(cur_data, 1, cur_len, f);
    fclose(f);
    fprintf(stderr, "model_smash: mutant written to "
            "model_smash_crash.tflite\n");
  }
}

typedef struct outcome {
  tc_status s;    /* first failing status, or TC_OK */
  int invoked;    /* invoke ran */
  uint64_t work;  /* ws_work_bound when init succeeded */
} outcome;

static int cli_status(tc_status s) {
  return s == TC_OK || s == TC_ERR_MODEL || s == TC_ERR_UNSUPPORTED;
}

/* What `tinycnn run` does, on an exact-size copy and an exact-size arena
 * (ASan sees any over-read or overrun). */
static outcome exercise(const uint8_t *data, size_t len, budget *bud,
                        uint64_t *rng) {
  outcome o = {TC_OK, 0, 0};
  tc_model m;
  tc_interp it;
  size_t need = 0, i, k;
  uint8_t *copy = malloc(len ? len : 1), *arena;
  cur_data = data;
  cur_len = len;
  memcpy(copy, data, len);
  o.s = tc_model_load(&m, copy, len);
  if (o.s == TC_OK) o.s = tc_model_arena_size(&m, &need);
  if (o.s != TC_OK) {
    CHECK(cli_status(o.s) && m.msg[0], "%s: load: status %s, message '%s'",
          cur_what, tc_status_name(o.s), m.msg);
    free(copy);
    return o;
  }
  if (need > MAX_ARENA) { /* a mutated shape may ask for a lot: fine */
    free(copy);
    return o;
  }
  arena = malloc(need ? need : 1);
  if (need > 0) {
    tc_status s = tc_interp_init(&it, &m, arena, need - 1);
    CHECK(s == TC_ERR_ARENA || (s != TC_OK && cli_status(s)),
          "%s: init one byte short: status %s", cur_what, tc_status_name(s));
  }
  o.s = tc_interp_init(&it, &m, arena, need);
  CHECK(o.s == TC_OK, "%s: measured %zu bytes but init says %s: %s", cur_what,
        need, tc_status_name(o.s), it.msg);
  if (o.s == TC_OK) {
    o.work = ws_work_bound(&it);
    if (may_invoke(bud, o.work)) {
      for (i = 0; i < tc_interp_num_inputs(&it); i++) {
        tc_tensor *t = tc_interp_input(&it, i);
        for (k = 0; k < t->bytes; k++)
          ((uint8_t *)t->data)[k] = (uint8_t)ws_rand(rng);
      }
      o.s = tc_interp_invoke(&it);
      o.invoked = 1;
      CHECK(o.s == TC_OK, "%s: invoke: status %s: %s", cur_what,
            tc_status_name(o.s), it.msg);
    }
  }
  free(arena);
  free(copy);
  return o;
}

typedef struct totals {
  long mutants, truncations, refused, accepted, invoked;
} totals;

static void count(totals *t, outcome o) {
  if (o.s != TC_OK) t->refused++;
  else t->accepted++;
  if (o.invoked) t->invoked++;
}

static void one_model(const char *name, const uint8_t *data, size_t len,
                      long fixed, int all_words, uint64_t seed, totals *tot) {
  size_t k;
  uint8_t *mut;
  ws_map map;
  outcome intact;
  uint64_t rng = seed;
  budget bud = {UINT64_MAX, 0};
  long n, i, before = tot->mutants;
  const char *h;
  for (h = name; *h; h++) rng = rng * 31 + (unsigned char)*h;
  snprintf(cur_what, sizeof cur_what, "%s intact", name);
  intact = exercise(data, len, &bud, &rng);
  bud.max_work = 2 * intact.work;
  ws_map_build(&map, data, len);
  mut = malloc(len);
  if (all_words) {
    n = (long)(len / 4) * WS_NVALUES;
    for (i = 0; i < n; i++) {
      uint32_t v = ws_value((int)(i % WS_NVALUES), len);
      size_t at = 4 * (size_t)(i / WS_NVALUES);
      memcpy(mut, data, len);
      mut[at] = (uint8_t)v;
      mut[at + 1] = (uint8_t)(v >> 8);
      mut[at + 2] = (uint8_t)(v >> 16);
      mut[at + 3] = (uint8_t)(v >> 24);
      snprintf(cur_what, sizeof cur_what, "%s word 0x%zx = 0x%08x", name, at,
               (unsigned)v);
      count(tot, exercise(mut, len, &bud, &rng));
      tot->mutants++;
    }
  } else {
    /* 60 each; fewer for the big real models, whose load and init alone
     * take 50 ms (person_detect) to 3 s (mobilenet_v2, 4 MB) under ASan,
     * where a single-op model's take well under a millisecond: 20 above
     * 64 KB, 3 above 1 MB. */
    n = fixed > 0 ? fixed : len > (1u << 20) ? 3 : len > (64u << 10) ? 20 : 60;
    for (i = 0; i < n; i++) {
      uint32_t v;
      int cat;
      size_t at;
      memcpy(mut, data, len);
      at = ws_smash(mut, len, &map, &rng, &v, &cat);
      snprintf(cur_what, sizeof cur_what, "%s word 0x%zx (%s) = 0x%08x",
               name, at, ws_cat_name(cat), (unsigned)v);
      count(tot, exercise(mut, len, &bud, &rng));
      tot->mutants++;
    }
  }
  /* Truncations: one inside the last word, two anywhere. */
  for (k = 0; k < TRUNCATIONS; k++) {
    size_t cut = k == 0 ? len - 1 - (size_t)(ws_rand(&rng) % 4)
                        : (size_t)(ws_rand(&rng) % len);
    snprintf(cur_what, sizeof cur_what, "%s truncated to %zu of %zu", name,
             cut, len);
    count(tot, exercise(data, cut, &bud, &rng));
    tot->truncations++;
  }
  printf("%-36s %7zu bytes, work %5.0fM: %4ld smashes (hot words: %zu "
         "options, %zu shape, %zu quant, %zu const, %zu table)\n", name, len,
         (double)intact.work / 1e6, tot->mutants - before, map.n[WS_OPTIONS],
         map.n[WS_SHAPE], map.n[WS_QUANT], map.n[WS_CONST], map.n[WS_TABLE]);
  fflush(stdout);
  ws_map_free(&map);
  free(mut);
}

static void file_model(const char *dir, const char *name, long fixed,
                       int all_words, uint64_t seed, totals *tot) {
  char path[2048];
  size_t len;
  uint8_t *data;
  snprintf(path, sizeof path, "%s/models/%s", dir, name);
  data = ws_read_file(path, &len);
  if (!data || len < 8)
    CHECK(0, "cannot read %s", path);
  else
    one_model(name, data, len, fixed, all_words, seed, tot);
  free(data);
}

/* The tiny models of tests/support (every op family, the shape ops
 * included, which no conformance model has): run with or without
 * ../shared, with more mutants each. */
static void tiny_models(long fixed, int all_words, uint64_t seed,
                        totals *tot) {
  static const struct {
    const char *name;
    uint8_t *(*make)(size_t *len);
  } tm[] = {{"tiny classifier_s8", tm_classifier_s8},
            {"tiny float_net", tm_float_net},
            {"tiny elementwise", tm_elementwise},
            {"tiny shape_ops", tm_shape_ops},
            {"tiny relu", tm_relu}};
  size_t i, len;
  for (i = 0; i < sizeof tm / sizeof tm[0]; i++) {
    uint8_t *data = tm[i].make(&len);
    CHECK(data != NULL, "%s: not built", tm[i].name);
    if (data) one_model(tm[i].name, data, len, fixed ? fixed : 400,
                        all_words, seed, tot);
    free(data);
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted(const char *name, char **prefixes, int np) {
  int i;
  size_t n = strlen(name);
  if (n < 8 || strcmp(name + n - 7, ".tflite") != 0) return 0;
  if (np == 0) return 1;
  for (i = 0; i < np; i++)
    if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) return 1;
  return 0;
}

int main(int argc, char **argv) {
  char models[2048], **names = NULL, *prefixes[64];
  long fixed = 0, min_total = 0;
  int all_words = 0, np = 0, a;
  size_t nn = 0, cap = 0, i;
  uint64_t seed = 10;
  totals tot = {0, 0, 0, 0, 0};
  DIR *d;
  struct dirent *e;
  if (argc < 2) {
    fprintf(stderr, "usage: test_model_smash DIR [--mutants N] [--seed S] "
            "[--all-words] [--min N] [PREFIX...]\n");
    return 2;
  }
  for (a = 2; a < argc; a++) {
    if (!strcmp(argv[a], "--mutants") && a + 1 < argc)
      fixed = atol(argv[++a]);
    else if (!strcmp(argv[a], "--seed") && a + 1 < argc)
      seed = strtoull(argv[++a], NULL, 10);
    else if (!strcmp(argv[a], "--min") && a + 1 < argc)
      min_total = atol(argv[++a]);
    else if (!strcmp(argv[a], "--all-words"))
      all_words = 1;
    else if (np < 64)
      prefixes[np++] = argv[a];
  }
#ifdef HAVE_DEATH_CALLBACK
  __sanitizer_set_death_callback(on_death);
#else
  (void)on_death;
#endif
  if (np == 0) tiny_models(fixed, all_words, seed, &tot);
  snprintf(models, sizeof models, "%s/models", argv[1]);
  if (!(d = opendir(models))) {
    printf("SKIP model_smash of the conformance models: %s not found (%ld "
           "tiny-model mutants ran)\n", models, tot.mutants);
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 77;
  }
  while ((e = readdir(d)) != NULL) {
    if (!wanted(e->d_name, prefixes, np)) continue;
    if (nn == cap) {
      cap = cap ? 2 * cap : 512;
      names = realloc(names, cap * sizeof *names);
    }
    names[nn++] = strdup(e->d_name);
  }
  closedir(d);
  if (nn) qsort(names, nn, sizeof *names, cmp_str);
  for (i = 0; i < nn; i++) {
    file_model(argv[1], names[i], fixed, all_words, seed, &tot);
    free(names[i]);
  }
  free(names);
  printf("%ld mutated models (%ld word smashes + %ld truncations) through "
         "load, init and invoke: %ld refused with a status and a message, "
         "%ld accepted (%ld invoked)\n", tot.mutants + tot.truncations,
         tot.mutants, tot.truncations, tot.refused, tot.accepted,
         tot.invoked);
  CHECK(tot.mutants + tot.truncations >= min_total,
        "only %ld mutants ran, expected at least %ld",
        tot.mutants + tot.truncations, min_total);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
