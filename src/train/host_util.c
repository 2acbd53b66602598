/* Helpers shared by the host-only libraries (host_util.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_util.h"

void tc_seterr(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  if (!err || !n) return;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
}

int tc_write_synced(const char *path, const void *data, size_t len) {
  const unsigned char *p = data;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), e;
  if (fd < 0) return -1;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = ENOSPC;
      goto fail;
    }
    p += w;
    len -= (size_t)w;
  }
  if (fsync(fd) != 0) goto fail;
  if (close(fd) != 0) {
    fd = -1;
    goto fail;
  }
  return 0;
fail:
  e = errno ? errno : EIO;
  if (fd >= 0) close(fd);
  errno = e;
  return -1;
}

uint64_t tc_mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

char *tc_path_join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  while (la > 1 && a[la - 1] == '/') la--;
  char *s = malloc(la + lb + 2);
  if (!s) return NULL;
  memcpy(s, a, la);
  s[la] = '/';
  memcpy(s + la + 1, b, lb + 1);
  return s;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void tc_free_names(char **names, int n) {
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
}

int tc_list_dir(const char *dir, char ***names_out, int *n_out) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  char **names = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      int nc = cap ? cap * 2 : 64;
      char **nn = realloc(names, (size_t)nc * sizeof *nn);
      if (!nn) goto oom;
      names = nn;
      cap = nc;
    }
    size_t l = strlen(e->d_name) + 1;
    if (!(names[n] = malloc(l))) goto oom;
    memcpy(names[n++], e->d_name, l);
  }
  closedir(d);
  if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
  *names_out = names;
  *n_out = n;
  return 0;
oom:
  closedir(d);
  tc_free_names(names, n);
  errno = ENOMEM;
  return -1;
}

void tc_sb_add(tc_sbuf *b, const void *d, size_t n) {
  if (b->bad) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 16384;
    char *np;
    while (cap < b->n + n + 1) cap *= 2;
    if (!(np = realloc(b->p, cap))) {
      b->bad = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, d, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void tc_sb_printf(tc_sbuf *b, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  int k;
  va_start(ap, fmt);
  k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k < 0) {
    b->bad = 1;
    return;
  }
  if ((size_t)k < sizeof tmp) {
    tc_sb_add(b, tmp, (size_t)k);
    return;
  }
  {
    char *big = malloc((size_t)k + 1);
    if (!big) {
      b->bad = 1;
      return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)k + 1, fmt, ap);
    va_end(ap);
    tc_sb_add(b, big, (size_t)k);
    free(big);
  }
}

