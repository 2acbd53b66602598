/* tinycnn split DIR --out OUT [--test F] [--seed N] [--train-fraction F]
 *   [--max-distance D]
 * A held-out test set that stays held out: DIR's class folders are split,
 * class by class, into OUT/train/<class>/ and OUT/test/<class>/ (symbolic
 * links to the originals; nothing is copied), with OUT/split.tsv listing
 * every file's side. Scraped data sets hold the same photo several times
 * (resized, recompressed, slightly brightened): a copy on each side would
 * measure memory, not accuracy. So files whose 64-bit difference hashes
 * (dHash of a 9x8 grey thumbnail) are at most D bits apart (default 4)
 * form one group, and a group never straddles the split. Groups are
 * ordered by a seeded hash of their first file's name: the same seed gives
 * the same split on every machine. --train-fraction keeps only part of
 * the training side (whole groups, same order), for few-image
 * experiments on the same test set. */
/* realpath (XSI) */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/train/host_util.h"
#include "cli.h"
#include "tinycnn/imageio.h"

static const char usage_txt[] =
    "usage: tinycnn split DIR --out OUT [--test 0.2] [--seed 1] "
    "[--train-fraction 1] [--max-distance 4]\n"
    "  OUT/train/<class>/ and OUT/test/<class>/ hold links to DIR's files; "
    "near-duplicate\n  photos (dHash within D bits) stay on one side; "
    "OUT/split.tsv lists the sides\n";

#define MAX_CLASSES 16
#define MAX_DEPTH 16

typedef struct file {
  char *rel;     /* path below the class folder */
  char *abs;     /* resolved path, the link's target */
  uint64_t hash; /* dHash */
  int ok;        /* decoded */
  int group;     /* union-find parent, then the group's root */
  int side;      /* 0 train, 1 test, 2 left out by --train-fraction */
} file;

typedef struct cls {
  char *name;
  file *f;
  int n, cap;
} cls;

/* Sorted names of a folder; hidden ones are left out and reported. */
static int list_dir(const char *dir, char ***out, int *n) {
  if (tc_list_dir(dir, out, n) != 0) return -1;
  int k = 0;
  for (int i = 0; i < *n; i++) {
    if ((*out)[i][0] == '.') {
      fprintf(stderr, "tinycnn split: skipped %s/%s (hidden)\n", cli_esc(dir),
              cli_esc((*out)[i]));
      free((*out)[i]);
    } else {
      (*out)[k++] = (*out)[i];
    }
  }
  *n = k;
  return 0;
}

static int add_file(cls *c, const char *rel, const char *path) {
  if (c->n == c->cap) {
    file *nf = realloc(c->f, (size_t)(c->cap = c->cap ? c->cap * 2 : 256) * sizeof *nf);
    if (!nf) return -1;
    c->f = nf;
  }
  file *f = &c->f[c->n];
  memset(f, 0, sizeof *f);
  f->rel = strdup(rel);
  f->abs = realpath(path, NULL);
  if (!f->rel || !f->abs) {
    free(f->rel);
    free(f->abs);
    return -1;
  }
  c->n++;
  return 0;
}

/* Regular files below dir (following links), depth first in name order. */
static int walk(cls *c, const char *dir, const char *rel, int depth) {
  char **names;
  int n, rc = 0;
  if (list_dir(dir, &names, &n) != 0) {
    fprintf(stderr, "tinycnn split: %s: %s\n", cli_esc(dir), strerror(errno));
    return -1;
  }
  for (int i = 0; i < n && rc == 0; i++) {
    char *path = tc_path_join(dir, names[i]);
    char *r = rel ? tc_path_join(rel, names[i]) : strdup(names[i]);
    struct stat st;
    if (!path || !r) {
      rc = -1;
    } else if (stat(path, &st) != 0) {
      fprintf(stderr, "tinycnn split: skipped %s (%s)\n", cli_esc(path), strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      if (depth < MAX_DEPTH)
        rc = walk(c, path, r, depth + 1);
      else
        fprintf(stderr, "tinycnn split: skipped %s (nested too deep)\n", cli_esc(path));
    } else if (S_ISREG(st.st_mode)) {
      rc = add_file(c, r, path);
    }
    free(path);
    free(r);
  }
  tc_free_names(names, n);
  return rc;
}

/* dHash: each of 8 rows of a 9x8 grey box average, bit set where a pixel
 * is brighter than its right neighbour. Robust to resizing, compression
 * and global brightness; unlike a byte hash it finds re-encoded copies. */
static int dhash(const char *path, uint64_t *out) {
  tc_bitmap b;
  tc_bitmap_want want = {9, 8, 1};
  char err[512];
  double cell[8][9];
  if (tc_bitmap_load_for(path, &want, &b, err, sizeof err) != 0) {
    fprintf(stderr, "tinycnn split: %s (kept by its name alone)\n", cli_esc(err));
    return -1;
  }
  /* Exact area averages (partial pixels weighted), so that an enlarged
   * copy gives the same cells as the original. */
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 9; x++) {
      double ya = y * b.h / 8.0, yb = (y + 1) * b.h / 8.0;
      double xa = x * b.w / 9.0, xb = (x + 1) * b.w / 9.0, s = 0, wsum = 0;
      for (int yy = (int)ya; yy < b.h && yy < yb; yy++) {
        double wy = (yy + 1 < yb ? yy + 1 : yb) - (yy > ya ? yy : ya);
        for (int xx = (int)xa; xx < b.w && xx < xb; xx++) {
          double wx = (xx + 1 < xb ? xx + 1 : xb) - (xx > xa ? xx : xa);
          const uint8_t *p = b.pixels + ((size_t)yy * b.w + xx) * b.channels;
          double v = b.channels == 3 ? 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] : p[0];
          s += v * wx * wy;
          wsum += wx * wy;
        }
      }
      cell[y][x] = wsum > 0 ? s / wsum : 0;
    }
  tc_bitmap_free(&b);
  uint64_t h = 0;
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) h = h << 1 | (cell[y][x] > cell[y][x + 1]);
  *out = h;
  return 0;
}

static int find(file *f, int i) {
  while (f[i].group != i) i = f[i].group = f[f[i].group].group;
  return i;
}

static int popcount64(uint64_t v) {
  int n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

static uint64_t name_key(const char *s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a, then mixed with the seed */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return tc_mix64(h ^ tc_mix64(seed));
}

typedef struct grp {
  uint64_t key;
  int root, size;
} grp;

static int cmp_grp(const void *a, const void *b) {
  const grp *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* Groups of one class in seeded order; returns their count or -1. */
static int order_groups(cls *c, uint64_t seed, grp **out) {
  grp *g = calloc((size_t)c->n + 1, sizeof *g);
  int ng = 0;
  if (!g) return -1;
  for (int i = 0; i < c->n; i++) {
    int r = find(c->f, i);
    if (r == i) g[ng++] = (grp){name_key(c->f[i].rel, seed), i, 0};
  }
  for (int i = 0; i < c->n; i++) {
    int r = find(c->f, i);
    for (int k = 0; k < ng; k++)
      if (g[k].root == r) {
        g[k].size++;
        break;
      }
  }
  qsort(g, (size_t)ng, sizeof *g, cmp_grp);
  *out = g;
  return ng;
}

static void set_side(cls *c, int root, int side) {
  for (int i = 0; i < c->n; i++)
    if (find(c->f, i) == root) c->f[i].side = side;
}

static int make_dir(const char *p) {
  if (mkdir(p, 0755) == 0 || errno == EEXIST) return 0;
  fprintf(stderr, "tinycnn split: cannot create %s: %s\n", cli_esc(p), strerror(errno));
  return -1;
}

/* The link's name: the path below the class folder, '/' as "__". */
static int link_one(const char *out, const char *side, const char *cname, const file *f) {
  char name[PATH_MAX], path[PATH_MAX];
  size_t k = 0;
  for (const char *s = f->rel; *s && k + 3 < sizeof name; s++) {
    if (*s == '/') {
      name[k++] = '_';
      name[k++] = '_';
    } else {
      name[k++] = *s;
    }
  }
  name[k] = '\0';
  /* "a/b.jpg" and "a__b.jpg" meet at one name: the later one becomes
   * "a__b~2.jpg" (formats are read from the bytes, not the name). */
  for (int n = 1; n < 1000; n++) {
    const char *dot = strrchr(name, '.');
    int stem = dot && dot != name ? (int)(dot - name) : (int)k;
    int w = n == 1 ? snprintf(path, sizeof path, "%s/%s/%s/%s", out, side, cname, name)
                   : snprintf(path, sizeof path, "%s/%s/%s/%.*s~%d%s", out, side, cname, stem,
                              name, n, name + stem);
    if (w >= (int)sizeof path) {
      errno = ENAMETOOLONG;
      break;
    }
    if (symlink(f->abs, path) == 0) return 0;
    if (errno != EEXIST) break;
  }
  fprintf(stderr, "tinycnn split: cannot link %s: %s (remove %s before trying again)\n",
          cli_esc(path), strerror(errno), cli_esc(out));
  return -1;
}

static int parse_frac(const char *flag, const char *s, double lo, double hi, double *v) {
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  if (errno || end == s || *end || !(*v >= lo && *v <= hi)) {
    fprintf(stderr, "tinycnn split: %s expects a number in [%g, %g], got '%s'\n", flag, lo, hi,
            cli_esc(s));
    return -1;
  }
  return 0;
}

int cmd_split(int argc, char **argv) {
  const char *dir = NULL, *out = NULL;
  double test = 0.2, keep = 1.0, dist = 4, seedv = 1;
  cls c[MAX_CLASSES];
  int nc = 0, rc = TC_EXIT_FAIL;
  FILE *tsv = NULL;
  memset(c, 0, sizeof c);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "--out") && more) {
      out = argv[++i];
    } else if (!strcmp(a, "--test") && more) {
      if (parse_frac(a, argv[++i], 0.01, 0.99, &test)) return TC_EXIT_USAGE;
    } else if (!strcmp(a, "--train-fraction") && more) {
      if (parse_frac(a, argv[++i], 0.001, 1, &keep)) return TC_EXIT_USAGE;
    } else if (!strcmp(a, "--max-distance") && more) {
      if (parse_frac(a, argv[++i], 0, 64, &dist)) return TC_EXIT_USAGE;
    } else if (!strcmp(a, "--seed") && more) {
      if (parse_frac(a, argv[++i], 0, 4294967295.0, &seedv)) return TC_EXIT_USAGE;
    } else if (a[0] == '-' || dir) {
      fprintf(stderr, "tinycnn split: unexpected argument '%s'\n%s", cli_esc(a), usage_txt);
      return TC_EXIT_USAGE;
    } else {
      dir = a;
    }
  }
  if (!dir || !out) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  uint64_t seed = (uint64_t)seedv;
  struct stat st;
  if (stat(out, &st) == 0) {
    fprintf(stderr, "tinycnn split: %s already exists; choose a new --out folder\n",
            cli_esc(out));
    return TC_EXIT_USAGE;
  }

  /* Class folders: every non-hidden subfolder; files beside them are not
   * images of a class (a LICENSE, a README) and are reported. */
  char **names;
  int n;
  if (list_dir(dir, &names, &n) != 0) {
    fprintf(stderr, "tinycnn split: %s: %s\n", cli_esc(dir), strerror(errno));
    return TC_EXIT_INPUT;
  }
  for (int i = 0; i < n; i++) {
    char *p = tc_path_join(dir, names[i]);
    if (!p) break;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      if (nc == MAX_CLASSES) {
        fprintf(stderr, "tinycnn split: %s: more than %d class folders\n", cli_esc(dir),
                MAX_CLASSES);
        free(p);
        tc_free_names(names, n);
        goto done;
      }
      c[nc].name = strdup(names[i]);
      if (!c[nc].name || walk(&c[nc], p, NULL, 1) != 0) {
        free(p);
        tc_free_names(names, n);
        goto done;
      }
      nc++;
    } else {
      fprintf(stderr, "tinycnn split: skipped %s (a file beside the class folders)\n",
              cli_esc(p));
    }
    free(p);
  }
  tc_free_names(names, n);
  if (nc == 0) {
    fprintf(stderr, "tinycnn split: %s: no class folders (expected one subfolder per class)\n",
            cli_esc(dir));
    rc = TC_EXIT_INPUT;
    goto done;
  }

  /* Hash, group near-duplicates (within a class), split by groups. */
  int total[2] = {0, 0}, merged = 0;
  for (int k = 0; k < nc; k++) {
    cls *cc = &c[k];
    for (int i = 0; i < cc->n; i++) {
      cc->f[i].ok = dhash(cc->f[i].abs, &cc->f[i].hash) == 0;
      cc->f[i].group = i;
    }
    for (int i = 0; i < cc->n; i++)
      for (int j = i + 1; cc->f[i].ok && j < cc->n; j++)
        if (cc->f[j].ok && popcount64(cc->f[i].hash ^ cc->f[j].hash) <= (int)dist) {
          int a = find(cc->f, i), b = find(cc->f, j);
          if (a != b) {
            cc->f[a > b ? a : b].group = a < b ? a : b;
            merged++;
          }
        }
    grp *g;
    int ng = order_groups(cc, seed, &g);
    if (ng < 0) goto done;
    int want = (int)(test * cc->n + 0.5), got = 0;
    if (want < 1) want = 1;
    for (int q = 0; q < ng; q++) {
      /* Never the last training group: a class keeps training files. */
      int side = got < want && cc->n - got - g[q].size > 0 ? 1 : 0;
      if (side) got += g[q].size;
      set_side(cc, g[q].root, side);
    }
    if (got == 0 || got == cc->n)
      fprintf(stderr, "tinycnn split: warning: class %s (%d files, %d near-duplicate "
              "groups) has no %s files\n", cli_esc(cc->name), cc->n, ng,
              got ? "training" : "test");
    if (keep < 1) {
      /* Part of the training side, whole groups, in a second seeded order. */
      free(g);
      if ((ng = order_groups(cc, seed ^ 0x6b656570ull, &g)) < 0) goto done;
      int ntrain = cc->n - got, kept = 0, wantk = (int)(keep * ntrain + 0.5);
      if (wantk < 1) wantk = 1;
      for (int q = 0; q < ng; q++) {
        if (cc->f[g[q].root].side == 1) continue;
        if (kept < wantk)
          kept += g[q].size;
        else
          set_side(cc, g[q].root, 2);
      }
    }
    free(g);
  }

  /* The folders, the links, the list. */
  char path[PATH_MAX];
  static const char *side_dir[2] = {"train", "test"};
  if (make_dir(out)) goto done;
  for (int s = 0; s < 2; s++) {
    snprintf(path, sizeof path, "%s/%s", out, side_dir[s]);
    if (make_dir(path)) goto done;
    for (int k = 0; k < nc; k++) {
      if (snprintf(path, sizeof path, "%s/%s/%s", out, side_dir[s], c[k].name) >=
              (int)sizeof path ||
          make_dir(path))
        goto done;
    }
  }
  snprintf(path, sizeof path, "%s/split.tsv", out);
  if (!(tsv = fopen(path, "w"))) {
    fprintf(stderr, "tinycnn split: cannot write %s: %s\n", cli_esc(path), strerror(errno));
    goto done;
  }
  fprintf(tsv, "# tinycnn split of %s: --test %g --seed %llu --train-fraction %g "
          "--max-distance %d\n# side\tclass\tfile\tgroup\tdhash\n",
          dir, test, (unsigned long long)seed, keep, (int)dist);
  printf("%-20s %7s %7s %7s %7s\n", "class", "files", "train", "test", "groups");
  for (int k = 0; k < nc; k++) {
    int cnt[3] = {0, 0, 0}, groups = 0;
    for (int i = 0; i < c[k].n; i++) {
      file *f = &c[k].f[i];
      static const char *label[3] = {"train", "test", "unused"};
      cnt[f->side]++;
      groups += find(c[k].f, i) == i;
      if (f->side < 2 && link_one(out, side_dir[f->side], c[k].name, f)) goto done;
      fprintf(tsv, "%s\t%s\t%s\t%d\t%016llx\n", label[f->side], c[k].name, f->rel,
              find(c[k].f, i), f->ok ? (unsigned long long)f->hash : 0ull);
    }
    total[0] += cnt[0];
    total[1] += cnt[1];
    printf("%-20s %7d %7d %7d %7d\n", cli_esc(c[k].name), c[k].n, cnt[0], cnt[1], groups);
  }
  if (fclose(tsv) != 0) {
    tsv = NULL;
    fprintf(stderr, "tinycnn split: cannot write %s/split.tsv\n", cli_esc(out));
    goto done;
  }
  tsv = NULL;
  printf("train %d, test %d; %d near-duplicate files joined a group (dHash within %d bits)\n"
         "  tinycnn train %s/train ...   then   tinycnn eval RUN/model.tflite %s/test\n",
         total[0], total[1], merged, (int)dist, cli_esc(out), cli_esc(out));
  rc = TC_EXIT_OK;
done:
  if (tsv) fclose(tsv);
  for (int k = 0; k < nc; k++) {
    for (int i = 0; i < c[k].n; i++) {
      free(c[k].f[i].rel);
      free(c[k].f[i].abs);
    }
    free(c[k].f);
    free(c[k].name);
  }
  return rc;
}
