/* tc_dataset_load_dir: DIR/CLASS/... image files -> a dataset.
 * Every file under a class folder is tried (the format comes from its
 * bytes, as in src/imageio); whatever cannot be used is listed on the log
 * with the reason. Files are decoded by a few threads, each into its own
 * slot, so the result and the log order do not depend on timing. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_internal.h"
#include "host_util.h"
#include "tinycnn/imageio.h"

#define MAX_DEPTH 16
#define MAX_THREADS 8

typedef struct item {
  char *path;
  int cls;     /* index in sorted class order */
  int ok;
  char *why;   /* malloc'd reason when !ok */
} item;

typedef struct scan {
  item *items;
  int n, cap;
  FILE *log;
  int nskipped;
  int oom;
} scan;

/* "skipped: A[: B]", both escaped (tc_escape): a file name cannot drive
 * the terminal the log goes to. */
static void log_skip(FILE *f, const char *a, const char *b) {
  char ea[4 * 4096 + 1], eb[4 * 4096 + 1];
  fprintf(f, "skipped: %s%s%s\n", tc_escape(ea, sizeof ea, a), b ? ": " : "",
          b ? tc_escape(eb, sizeof eb, b) : "");
}

static void skip(scan *s, const char *path, const char *why) {
  log_skip(s->log, path, why);
  s->nskipped++;
}

static void add_item(scan *s, char *path, int cls) {
  if (s->n == s->cap) {
    int nc = s->cap ? s->cap * 2 : 256;
    item *ni = realloc(s->items, (size_t)nc * sizeof *ni);
    if (!ni) {
      free(path);
      s->oom = 1;
      return;
    }
    s->items = ni;
    s->cap = nc;
  }
  item it = {path, cls, 0, NULL};
  s->items[s->n++] = it;
}

/* Collect the files under a class folder, depth first in name order. */
static void walk(scan *s, const char *dir, int cls, int depth) {
  char **names;
  int n;
  if (tc_list_dir(dir, &names, &n) != 0) {
    char why[160];
    snprintf(why, sizeof why, "cannot read folder (%s)", strerror(errno));
    skip(s, dir, why);
    return;
  }
  for (int i = 0; i < n && !s->oom; i++) {
    char *path = tc_path_join(dir, names[i]);
    struct stat st;
    if (!path) {
      s->oom = 1;
    } else if (names[i][0] == '.') {
      skip(s, path, "hidden file or folder");
      free(path);
    } else if (stat(path, &st) != 0) {
      char why[160];
      snprintf(why, sizeof why, "cannot stat (%s)", strerror(errno));
      skip(s, path, why);
      free(path);
    } else if (S_ISDIR(st.st_mode)) {
      if (depth >= MAX_DEPTH)
        skip(s, path, "folder nested too deep (symbolic link loop?)");
      else
        walk(s, path, cls, depth + 1);
      free(path);
    } else if (!S_ISREG(st.st_mode)) {
      skip(s, path, "not a regular file");
      free(path);
    } else {
      add_item(s, path, cls);
    }
  }
  tc_free_names(names, n);
}

typedef struct work {
  item *items;
  int n, h, w, c;
  uint8_t *pixels; /* one h*w*c slot per item */
  int next;
  pthread_mutex_t mu;
} work;

/* One file through tc_bitmap_load_tensor, the path eval and predict take:
 * decoded for the model's size (reduced, EXIF-oriented), then src/image. */
static void load_one(work *wk, int i) {
  item *it = &wk->items[i];
  char err[512];
  size_t img = (size_t)wk->h * wk->w * wk->c;
  tc_tensor t;
  tc_ds_tensor(&t, wk->pixels + (size_t)i * img, wk->h, wk->w, wk->c);
  if (tc_bitmap_load_tensor(it->path, &t, NULL, err, sizeof err) == 0)
    it->ok = 1;
  else
    it->why = tc_ds_strdup(err); /* starts with the path already */
}

static void *worker(void *arg) {
  work *wk = arg;
  for (;;) {
    pthread_mutex_lock(&wk->mu);
    int i = wk->next++;
    pthread_mutex_unlock(&wk->mu);
    if (i >= wk->n) return NULL;
    load_one(wk, i);
  }
}

static int nthreads(int nitems) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int t = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  return t > nitems ? (nitems > 0 ? nitems : 1) : t;
}

/* Decode every item into its slot, threads when there are several. */
static void load_all(work *wk) {
  pthread_t th[MAX_THREADS];
  int nt = nthreads(wk->n), started = 0;
  for (int t = 1; t < nt; t++) {
    if (pthread_create(&th[started], NULL, worker, wk) != 0) break;
    started++;
  }
  worker(wk); /* this thread works too, so zero threads still finish */
  for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
}

/* The two class folders; -1 + err for every other layout. */
static int find_classes(const char *dir, scan *s, char *cls[2], char *err,
                        size_t errlen) {
  char **names;
  int n;
  if (tc_list_dir(dir, &names, &n) != 0)
    return tc_ds_fail(err, errlen, "%s: cannot open folder (%s)", dir, strerror(errno));
  int nc = 0, nfiles = 0;
  char list[256] = "";
  for (int i = 0; i < n; i++) {
    char *path = tc_path_join(dir, names[i]);
    struct stat st;
    if (!path) {
      tc_free_names(names, n);
      return tc_ds_fail(err, errlen, "%s: out of memory", dir);
    }
    if (names[i][0] == '.') {
      skip(s, path, "hidden, not a class folder");
    } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      if (nc < 2) cls[nc] = tc_ds_strdup(names[i]);
      size_t l = strlen(list);
      snprintf(list + l, sizeof list - l, "%s'%s'", nc ? ", " : "", names[i]);
      nc++;
    } else {
      skip(s, path, "a file next to the class folders (each class is a subfolder)");
      nfiles++;
    }
    free(path);
  }
  tc_free_names(names, n);
  if (nc == 2 && (!cls[0] || !cls[1]))
    return tc_ds_fail(err, errlen, "%s: out of memory", dir);
  if (n == 0)
    return tc_ds_fail(err, errlen, "%s: empty folder; expected two subfolders, one per class", dir);
  if (nc == 0)
    return tc_ds_fail(err, errlen,
                      "%s: no class subfolders (%d files and nothing else); expected "
                      "two subfolders, one per class", dir, nfiles);
  if (nc == 1)
    return tc_ds_fail(err, errlen,
                      "%s: only one class folder (%s); binary classification needs "
                      "two, one per class", dir, list);
  if (nc > 2)
    return tc_ds_fail(err, errlen,
                      "%s: %d class folders (%s); binary classification needs exactly two",
                      dir, nc, list);
  return 0;
}

int tc_dataset_load_dir(const char *dir, int h, int w, int c,
                        const char *positive, tc_dataset *out, FILE *log,
                        char *err, size_t errlen) {
  if (err && errlen) err[0] = '\0';
  if (!out) return tc_ds_fail(err, errlen, "tc_dataset_load_dir: NULL output");
  memset(out, 0, sizeof *out);
  if (!dir) return tc_ds_fail(err, errlen, "tc_dataset_load_dir: NULL folder");
  if (tc_ds_check_size(h, w, c, err, errlen) != 0) return -1;
  scan s;
  memset(&s, 0, sizeof s);
  s.log = log ? log : stderr;
  char *cls[2] = {NULL, NULL};
  work wk;
  memset(&wk, 0, sizeof wk);
  int rc = -1;
  if (find_classes(dir, &s, cls, err, errlen) != 0) goto done;

  int pos = 1; /* default: the second in sorted order */
  if (positive) {
    if (strcmp(positive, cls[0]) == 0) {
      pos = 0;
    } else if (strcmp(positive, cls[1]) != 0) {
      tc_ds_fail(err, errlen, "%s: positive class '%s' is not one of the class folders "
                 "('%s', '%s')", dir, positive, cls[0], cls[1]);
      goto done;
    }
  }
  for (int k = 0; k < 2 && !s.oom; k++) {
    char *p = tc_path_join(dir, cls[k]);
    if (!p) {
      s.oom = 1;
      break;
    }
    walk(&s, p, k, 1);
    free(p);
  }
  if (s.oom) {
    tc_ds_fail(err, errlen, "%s: out of memory listing files", dir);
    goto done;
  }

  size_t img = (size_t)h * w * c;
  wk.items = s.items;
  wk.n = s.n;
  wk.h = h;
  wk.w = w;
  wk.c = c;
  wk.pixels = malloc(s.n ? (size_t)s.n * img : 1);
  if (!wk.pixels || pthread_mutex_init(&wk.mu, NULL) != 0) {
    tc_ds_fail(err, errlen, "%s: out of memory for %d images of %dx%dx%d", dir, s.n, h, w, c);
    goto done;
  }
  load_all(&wk);
  pthread_mutex_destroy(&wk.mu);

  /* Compact in place, in file order; the log lists failures in that order. */
  int count[2] = {0, 0}, n = 0;
  out->labels = malloc(s.n ? (size_t)s.n : 1);
  out->paths = calloc(s.n ? (size_t)s.n : 1, sizeof *out->paths);
  if (!out->labels || !out->paths) {
    tc_ds_fail(err, errlen, "%s: out of memory", dir);
    goto done;
  }
  for (int i = 0; i < s.n; i++) {
    item *it = &s.items[i];
    if (!it->ok) {
      log_skip(s.log, it->why ? it->why : it->path, NULL);
      s.nskipped++;
      continue;
    }
    if (n != i) memmove(wk.pixels + (size_t)n * img, wk.pixels + (size_t)i * img, img);
    out->labels[n] = (uint8_t)(it->cls == pos);
    out->paths[n] = it->path;
    it->path = NULL; /* now owned by out */
    count[it->cls]++;
    n++;
  }
  out->pixels = wk.pixels;
  wk.pixels = NULL;
  out->n = n;
  out->h = h;
  out->w = w;
  out->c = c;
  snprintf(out->class_name[0], sizeof out->class_name[0], "%s", cls[1 - pos]);
  snprintf(out->class_name[1], sizeof out->class_name[1], "%s", cls[pos]);
  if (s.nskipped) {
    char ed[4 * 4096 + 1];
    fprintf(s.log, "%s: %d file%s skipped\n", tc_escape(ed, sizeof ed, dir),
            s.nskipped, s.nskipped == 1 ? "" : "s");
  }

  if (n == 0) {
    tc_ds_fail(err, errlen, "%s: no readable images (%d files skipped)", dir, s.nskipped);
  } else if (count[0] == 0 || count[1] == 0) {
    int k = count[0] == 0 ? 0 : 1;
    tc_ds_fail(err, errlen, "%s/%s: no readable images; both classes need some", dir, cls[k]);
  } else {
    rc = 0;
  }
done:
  for (int i = 0; i < s.n; i++) {
    free(s.items[i].path);
    free(s.items[i].why);
  }
  free(s.items);
  free(wk.pixels);
  free(cls[0]);
  free(cls[1]);
  if (rc != 0) tc_dataset_free(out);
  return rc;
}
