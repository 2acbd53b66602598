/* See flash_file.h. The file is mapped MAP_SHARED: what a write stored is
 * in the page cache the moment it returns, so a process that dies next
 * (a power cut) leaves exactly the bytes written so far. */
#include "flash_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(void *ctx) {
  (void)ctx;
  _exit(75);
}

int flash_file_open(flash_file *f, const char *path, uint32_t size,
                    uint32_t sector, char *err, size_t errlen) {
  void *m;
  memset(f, 0, sizeof *f);
  f->size = size;
  f->sector = sector;
  f->on_cut = die;
  if (!path) {
    m = malloc(size);
    if (!m) {
      snprintf(err, errlen, "flash: out of memory for %u bytes", size);
      return -1;
    }
    memset(m, 0xFF, size);
    f->heap = 1;
  } else {
    struct stat st;
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    if (fd < 0 || fstat(fd, &st) != 0) {
      snprintf(err, errlen, "flash file %s: %s", path, strerror(errno));
      if (fd >= 0) close(fd);
      return -1;
    }
    if (st.st_size == 0) {
      uint8_t ff[4096];
      uint32_t o;
      memset(ff, 0xFF, sizeof ff);
      for (o = 0; o < size; o += (uint32_t)sizeof ff) {
        size_t n = size - o < sizeof ff ? size - o : sizeof ff;
        if (write(fd, ff, n) != (ssize_t)n) {
          snprintf(err, errlen, "flash file %s: %s", path, strerror(errno));
          close(fd);
          return -1;
        }
      }
    } else if ((uint64_t)st.st_size != size) {
      snprintf(err, errlen, "flash file %s: %lld bytes, expected %u (the "
               "partition size)", path, (long long)st.st_size, size);
      close(fd);
      return -1;
    }
    m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
      snprintf(err, errlen, "flash file %s: %s", path, strerror(errno));
      return -1;
    }
  }
  f->map = m;
  return 0;
}

void flash_file_close(flash_file *f) {
  if (f->map && f->heap) free(f->map);
  else if (f->map) munmap(f->map, f->size);
  f->map = NULL;
}

/* Counts the operation; 0 = do it whole, 1 = do half then cut, 2 = do it
 * then cut, -1 = dead already. */
static int step(flash_file *f) {
  if (f->dead) return -1;
  f->ops++;
  if (f->cut_at == 0 || f->ops != f->cut_at) return 0;
  return f->torn ? 1 : 2;
}

static int cut(flash_file *f) {
  f->dead = 1;
  f->on_cut(f->cut_ctx);
  return -1;
}

static int rd(void *ctx, uint32_t off, void *dst, uint32_t len) {
  flash_file *f = ctx;
  if (off > f->size || len > f->size - off) return -1;
  memcpy(dst, f->map + off, len);
  return 0;
}

static int wr(void *ctx, uint32_t off, const void *src, uint32_t len) {
  flash_file *f = ctx;
  const uint8_t *s = src;
  uint32_t i, n = len;
  int k;
  if (off > f->size || len > f->size - off) return -1;
  if ((k = step(f)) < 0) return -1;
  if (k == 1) n = len / 2;
  for (i = 0; i < n; i++) f->map[off + i] &= s[i];
  return k ? cut(f) : 0;
}

static int er(void *ctx, uint32_t off, uint32_t len) {
  flash_file *f = ctx;
  uint32_t n = len;
  int k;
  if (off % f->sector || len % f->sector || off > f->size ||
      len > f->size - off)
    return -1;
  if ((k = step(f)) < 0) return -1;
  if (k == 1) n = len / 2;
  memset(f->map + off, 0xFF, n);
  return k ? cut(f) : 0;
}

void flash_file_hal(flash_file *f, tc_flash *fl) {
  memset(fl, 0, sizeof *fl);
  fl->ctx = f;
  fl->size = f->size;
  fl->sector = f->sector;
  fl->read = rd;
  fl->write = wr;
  fl->erase = er;
}
