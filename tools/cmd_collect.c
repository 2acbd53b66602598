/* tinycnn collect URL --label NAME --out DIR [--count N] [--interval S]
 *   [--retries K]
 * Training photos from the board's own camera: GET URL/capture N times,
 * S seconds apart, each frame saved losslessly as DIR/NAME/NNNNN.pgm|ppm
 * (numbering continues after the files already there), ready for
 * `tinycnn train DIR`. A failed request is retried K times (0.5 s, 1 s,
 * 2 s, ... apart); a board that stays unreachable stops the run with a
 * clear error (exit 1), keeping what was saved. */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli.h"
#include "http_client.h"
#include "tinycnn/train_engine.h"

static const char usage_txt[] =
    "usage: tinycnn collect URL --label NAME --out DIR [--count N] "
    "[--interval S] [--retries K]\n"
    "  saves N frames of URL/capture (default 10, S = 1 s apart) as "
    "DIR/NAME/NNNNN.pgm|ppm\n";

/* The largest number among DIR's files named <digits>.<ext>; 0 if none. */
static unsigned long last_number(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  unsigned long best = 0;
  if (!d) return 0;
  while ((e = readdir(d)) != NULL) {
    const char *p = e->d_name;
    unsigned long v = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 9) {
      v = v * 10 + (unsigned long)(*p++ - '0');
      digits++;
    }
    if (digits && (*p == '.' || *p == '\0') && v > best) best = v;
  }
  closedir(d);
  return best;
}

static int make_dir(const char *p) {
  struct stat st;
  if (stat(p, &st) == 0) return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
  return mkdir(p, 0755);
}

/* A PGM/PPM whose header says w x h x channels and whose size matches. */
static int check_pnm(const http_resp *r, int *gray, long *w, long *h) {
  const char *fw = http_header(r, "X-Frame-Width"),
             *fh = http_header(r, "X-Frame-Height");
  long mw, mh, mv;
  int n = 0;
  char magic[3] = {0, 0, 0};
  if (!r->body || r->len < 16) return -1;
  if (sscanf((const char *)r->body, "%2s %ld %ld %ld%n", magic, &mw, &mh,
             &mv, &n) != 4 || mv != 255 || (size_t)n >= r->len)
    return -1;
  *gray = !strcmp(magic, "P5");
  if (!*gray && strcmp(magic, "P6")) return -1;
  if (mw < 1 || mh < 1 || mw > 4096 || mh > 4096 ||
      r->len - (size_t)n - 1 != (size_t)(mw * mh * (*gray ? 1 : 3)))
    return -1;
  if (!fw || !fh || atol(fw) != mw || atol(fh) != mh) return -1;
  *w = mw;
  *h = mh;
  return 0;
}

static void progress(int tty, int done, int total, const char *file) {
  char bar[31];
  int i, fill = total ? done * 30 / total : 30;
  if (!tty) return;
  for (i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
  bar[30] = '\0';
  fprintf(stderr, "\r[%s] %d/%d %s", bar, done, total, file);
  if (done == total) fputc('\n', stderr);
  fflush(stderr);
}

int cmd_collect(int argc, char **argv) {
  const char *base = NULL, *label = NULL, *out = NULL;
  char url[2048], sub[4096], path[4200], err[CURL_ERROR_SIZE + 64], name[32];
  unsigned long count = 10, retries = 3, next, saved = 0, first = 0;
  unsigned long last_frame = 0, stalls = 0;
  double interval = 1.0;
  int a, tty = isatty(2), rc = TC_EXIT_OK;
  for (a = 1; a < argc; a++) {
    const char *v = a + 1 < argc ? argv[a + 1] : NULL;
    char *end = NULL;
    if (!strcmp(argv[a], "--label") && v) {
      label = argv[++a];
    } else if (!strcmp(argv[a], "--out") && v) {
      out = argv[++a];
    } else if (!strcmp(argv[a], "--count") && v) {
      count = strtoul(argv[++a], &end, 10);
      if (*end || count < 1 || count > 1000000 || v[0] == '-') goto usage;
    } else if (!strcmp(argv[a], "--retries") && v) {
      retries = strtoul(argv[++a], &end, 10);
      if (*end || retries > 100 || v[0] == '-') goto usage;
    } else if (!strcmp(argv[a], "--interval") && v) {
      interval = strtod(argv[++a], &end);
      if (*end || end == v || !(interval >= 0 && interval <= 3600)) goto usage;
    } else if (argv[a][0] == '-' || base) {
      goto usage;
    } else {
      base = argv[a];
    }
  }
  if (!base || !label || !out || !label[0] || strchr(label, '/') ||
      !strcmp(label, ".") || !strcmp(label, ".."))
    goto usage;
  if (http_url(base, "/capture", url, sizeof url) != 0) goto usage;
  snprintf(sub, sizeof sub, "%s/%s", out, label);
  next = last_number(sub) + 1;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
    fprintf(stderr, "tinycnn collect: libcurl failed to start\n");
    return TC_EXIT_FAIL;
  }
  while (saved < count) {
    http_resp r;
    unsigned long tries = 0, frame;
    long w = 0, h = 0;
    int gray = 1, ok = 0;
    const char *num, *fmt;
    for (;;) {
      if (http_request(url, NULL, 0, NULL, 30, &r, err, sizeof err) == 0 &&
          r.status == 200)
        break;
      if (r.status) /* the board answered: say what */
        snprintf(err, sizeof err, "HTTP %ld: %.*s", r.status,
                 r.len > 200 ? 200 : (int)r.len,
                 r.body ? (const char *)r.body : "");
      http_resp_free(&r);
      if (tries++ >= retries) break;
      if (tty) fputc('\n', stderr);
      fprintf(stderr, "tinycnn collect: %s: %s; retry %lu of %lu\n", url, err,
              tries, retries);
      http_sleep(0.5 * (double)(1ul << (tries - 1 < 6 ? tries - 1 : 6)));
    }
    if (!r.status) {
      if (tty) fputc('\n', stderr);
      fprintf(stderr, "tinycnn collect: cannot reach the board at %s: %s "
              "(%lu attempts). Is it powered, on the network, and is the "
              "URL right? %lu image(s) saved.\n", url, err, retries + 1,
              saved);
      rc = TC_EXIT_FAIL;
      break;
    }
    if (r.status != 200) {
      if (tty) fputc('\n', stderr);
      fprintf(stderr, "tinycnn collect: %s: %s. %lu image(s) saved.\n", url,
              err, saved);
      rc = TC_EXIT_FAIL;
      break;
    }
    num = http_header(&r, "X-Frame-Number");
    fmt = http_header(&r, "X-Frame-Format");
    frame = num ? strtoul(num, NULL, 10) : 0;
    if (saved && frame && frame == last_frame) {
      /* The camera has not moved on yet: the same frame twice would only
       * weigh it double in training. */
      http_resp_free(&r);
      if (++stalls > 200) {
        fprintf(stderr, "tinycnn collect: %s: the board published no new "
                "frame for 10 s (still frame %lu). %lu image(s) saved.\n",
                url, frame, saved);
        rc = TC_EXIT_FAIL;
        break;
      }
      http_sleep(0.05);
      continue;
    }
    stalls = 0;
    if (check_pnm(&r, &gray, &w, &h) != 0) {
      fprintf(stderr, "tinycnn collect: %s: the answer is not a PGM/PPM "
              "frame matching its X-Frame-Width/Height headers\n", url);
      http_resp_free(&r);
      rc = TC_EXIT_FAIL;
      break;
    }
    snprintf(name, sizeof name, "%05lu.%s", next, gray ? "pgm" : "ppm");
    snprintf(path, sizeof path, "%s/%s", sub, name);
    /* Folders only once there is a frame: an unreachable board leaves
     * no empty class folder behind for `tinycnn train` to trip on. */
    if ((!saved && (make_dir(out) != 0 || make_dir(sub) != 0)) ||
        tc_write_atomic(path, r.body, r.len) != 0) {
      fprintf(stderr, "tinycnn collect: %s: cannot write: %s\n", path,
              strerror(errno));
      http_resp_free(&r);
      rc = TC_EXIT_FAIL;
      break;
    }
    ok = 1;
    if (!saved) first = next;
    saved++;
    next++;
    last_frame = frame;
    if (tty)
      progress(tty, (int)saved, (int)count, name);
    else
      printf("saved %s (%ldx%ld %s, frame %lu, score %s)\n", path, w, h,
             fmt ? fmt : "?", frame,
             http_header(&r, "X-Score") ? http_header(&r, "X-Score") : "?");
    http_resp_free(&r);
    if (ok && saved < count) http_sleep(interval);
  }
  if (saved)
    printf("collected %lu image(s) into %s (%05lu..%05lu)\n", saved, sub,
           first, next - 1);
  curl_global_cleanup();
  return rc;
usage:
  fputs(usage_txt, stderr);
  return TC_EXIT_USAGE;
}
