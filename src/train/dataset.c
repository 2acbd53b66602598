/* Datasets in memory: the preprocessing step both loaders share, the
 * stratified split, counts and free. Loaders: dataset_dir.c, dataset_idx.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "tinycnn/image.h"
#include "tinycnn/imageio.h"

int tc_ds_fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

char *tc_ds_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* src/image's limits (output <= 2048 per side) plus what a model can use. */
int tc_ds_check_size(int h, int w, int c, char *err, size_t errlen) {
  if (h < 1 || w < 1 || h > 2048 || w > 2048)
    return tc_ds_fail(err, errlen, "input size %dx%d: each side must be 1..2048", h, w);
  if (c != 1 && c != 3)
    return tc_ds_fail(err, errlen, "input channels %d: must be 1 (grey) or 3 (RGB)", c);
  return 0;
}

void tc_ds_tensor(tc_tensor *t, uint8_t *dst, int h, int w, int c) {
  memset(t, 0, sizeof *t);
  t->data = dst;
  t->type = TC_UINT8;
  t->ndims = 4;
  t->dims[0] = 1;
  t->dims[1] = h;
  t->dims[2] = w;
  t->dims[3] = c;
  t->bytes = (uint32_t)h * (uint32_t)w * (uint32_t)c;
  t->scale = 1.0f / 255;
  t->zero_point = 0;
}

int tc_ds_preprocess(const uint8_t *px, int sw, int sh, int sc, int h, int w,
                     int c, uint8_t *dst, char *why, size_t whylen) {
  if (sc != 1 && sc != 3)
    return tc_ds_fail(why, whylen, "%d channels (expected 1 or 3)", sc);
  /* The same step as for image files (tc_bitmap_to_tensor): crop view,
   * then src/image. */
  tc_bitmap b = {sw, sh, sc, (uint8_t *)(uintptr_t)px, sw, sh};
  tc_tensor t;
  char err[256];
  tc_ds_tensor(&t, dst, h, w, c);
  if (tc_bitmap_to_tensor(&b, &t, NULL, "", err, sizeof err) != 0)
    return tc_ds_fail(why, whylen, "%s", err + 2); /* without the empty name's ": " */
  return 0;
}

void tc_dataset_counts(const tc_dataset *d, int counts[2]) {
  counts[0] = counts[1] = 0;
  if (!d) return;
  for (int i = 0; i < d->n; i++) counts[d->labels[i] ? 1 : 0]++;
}

void tc_dataset_free(tc_dataset *d) {
  if (!d) return;
  if (d->paths)
    for (int i = 0; i < d->n; i++) free(d->paths[i]);
  free(d->paths);
  free(d->pixels);
  free(d->labels);
  memset(d, 0, sizeof *d);
}

/* Unbiased integer in [0, bound): rejection of the short top range keeps
 * the split the same on every platform and free of modulo bias. */
uint32_t tc_ds_below(tc_rng *r, uint32_t bound) {
  uint32_t threshold = (uint32_t)(0u - bound) % bound;
  for (;;) {
    uint32_t x = tc_rng_u32(r);
    if (x >= threshold) return x % bound;
  }
}

/* Copy the images whose flag equals `want`, keeping their order. */
static int subset(const tc_dataset *all, const uint8_t *is_val, uint8_t want,
                  tc_dataset *out) {
  size_t img = (size_t)all->h * all->w * all->c;
  int n = 0;
  for (int i = 0; i < all->n; i++) n += is_val[i] == want;
  out->h = all->h;
  out->w = all->w;
  out->c = all->c;
  memcpy(out->class_name, all->class_name, sizeof out->class_name);
  if (n == 0) return 0;
  out->pixels = malloc((size_t)n * img);
  out->labels = malloc((size_t)n);
  out->paths = calloc((size_t)n, sizeof *out->paths);
  if (!out->pixels || !out->labels || !out->paths) return -1;
  for (int i = 0; i < all->n; i++) {
    if (is_val[i] != want) continue;
    memcpy(out->pixels + (size_t)out->n * img, all->pixels + (size_t)i * img, img);
    out->labels[out->n] = all->labels[i];
    out->paths[out->n] = tc_ds_strdup(all->paths && all->paths[i] ? all->paths[i] : "");
    if (!out->paths[out->n]) return -1;
    out->n++;
  }
  return 0;
}

int tc_dataset_split(const tc_dataset *all, double val_fraction, uint64_t seed,
                     tc_dataset *train, tc_dataset *val) {
  if (!all || !train || !val) return -1;
  memset(train, 0, sizeof *train);
  memset(val, 0, sizeof *val);
  if (!(val_fraction >= 0.0 && val_fraction < 1.0) || all->n < 0) return -1;
  uint8_t *is_val = calloc((size_t)all->n + 1, 1);
  int *idx = malloc(((size_t)all->n + 1) * sizeof *idx);
  int rc = -1;
  if (!is_val || !idx) goto done;
  tc_rng r;
  tc_rng_seed(&r, seed);
  for (int k = 0; k < 2; k++) {
    int m = 0;
    for (int i = 0; i < all->n; i++)
      if ((all->labels[i] ? 1 : 0) == k) idx[m++] = i;
    for (int i = m - 1; i > 0; i--) { /* Fisher-Yates */
      int j = (int)tc_ds_below(&r, (uint32_t)i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int nval = (int)(val_fraction * m + 0.5);
    /* Every class in both parts whenever it has two images. */
    if (val_fraction > 0.0 && m >= 2) {
      if (nval < 1) nval = 1;
      if (nval > m - 1) nval = m - 1;
    }
    for (int i = 0; i < nval; i++) is_val[idx[i]] = 1;
  }
  if (subset(all, is_val, 0, train) == 0 && subset(all, is_val, 1, val) == 0) rc = 0;
done:
  free(is_val);
  free(idx);
  if (rc != 0) {
    tc_dataset_free(train);
    tc_dataset_free(val);
  }
  return rc;
}
