/* tests/support/walk.h */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "walk.h"

static void walk(const char *dir, int depth, void (*fn)(const char *, int, void *), void *arg) {
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct dirent *e;
  while ((e = readdir(dp)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat s;
    if (stat(path, &s) != 0) continue;
    if (S_ISDIR(s.st_mode))
      walk(path, depth + 1, fn, arg);
    else if (S_ISREG(s.st_mode))
      fn(path, depth, arg);
  }
  closedir(dp);
}

void tt_walk(const char *dir, void (*fn)(const char *path, int depth, void *arg), void *arg) {
  walk(dir, 0, fn, arg);
}
