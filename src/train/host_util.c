/* Helpers shared by the host-only libraries (host_util.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
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
