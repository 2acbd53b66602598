/* libFuzzer target: the MNIST IDX reader (tc_dataset_load_idx), which
 * takes file names: the fuzz data is split into a labels file and an
 * images file in a private temp directory (plain or gzip: zlib reads
 * both). Layout: h, w, c, positive, negative, split (2 bytes, big
 * endian), then the labels file's bytes (split of them), then the images
 * file's. Accepted sets must be consistent; refusals must say why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tinycnn/train.h"

static char g_lab[512], g_img[512];

static void die_if(int cond) {
  if (cond) abort();
}

static void write_file(const char *path, const uint8_t *d, size_t n) {
  FILE *f = fopen(path, "wb");
  die_if(!f);
  die_if(n && fwrite(d, 1, n, f) != n);
  die_if(fclose(f) != 0);
}

static void cleanup(void) {
  remove(g_lab);
  remove(g_img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tc_dataset ds;
  char err[512];
  size_t split;
  int h, w, c, pos, neg, rc, i, counts[2];
  if (size < 7) return 0;
  if (!g_lab[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(g_lab, sizeof g_lab, "%s/tc_fuzz_idx_%ld_labels", tmp ? tmp : "/tmp",
             (long)getpid());
    snprintf(g_img, sizeof g_img, "%s/tc_fuzz_idx_%ld_images", tmp ? tmp : "/tmp",
             (long)getpid());
    atexit(cleanup);
  }
  h = 1 + data[0] % 32;
  w = 1 + data[1] % 32;
  c = data[2] & 1 ? 3 : 1;
  pos = data[3] % 4;
  neg = data[4] % 4;
  split = (size_t)data[5] << 8 | data[6];
  data += 7;
  size -= 7;
  if (split > size) split = size;
  write_file(g_lab, data, split);
  write_file(g_img, data + split, size - split);
  memset(err, 0x5a, sizeof err);
  rc = tc_dataset_load_idx(g_img, g_lab, pos, neg, h, w, c, &ds, err, sizeof err);
  die_if(memchr(err, '\0', sizeof err) == NULL);
  if (rc != 0) {
    die_if(err[0] == '\0' || ds.pixels != NULL || ds.n != 0);
    return 0;
  }
  die_if(ds.n < 2 || ds.h != h || ds.w != w || ds.c != c);
  tc_dataset_counts(&ds, counts);
  die_if(counts[0] < 1 || counts[1] < 1 || counts[0] + counts[1] != ds.n);
  for (i = 0; i < ds.n; i++) {
    die_if(ds.labels[i] > 1 || !ds.paths[i]);
    die_if(strncmp(ds.paths[i], "idx:", 4) != 0);
  }
  {
    size_t k, sum = 0, n = (size_t)ds.n * (size_t)h * (size_t)w * (size_t)c;
    for (k = 0; k < n; k++) sum += ds.pixels[k];
    (void)sum;
  }
  tc_dataset_free(&ds);
  return 0;
}
