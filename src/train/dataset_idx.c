/* tc_dataset_load_idx: MNIST / Fashion-MNIST IDX files, gzip or plain
 * (zlib's gzread reads both). Labels are read first; images are then
 * streamed one at a time, so only the two kept classes take memory. Each
 * kept image goes through the device preprocessing as a GRAY8 frame. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "dataset_internal.h"

#define IDX_MAX_ITEMS 100000000u

static uint32_t be32(const unsigned char *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Exactly n bytes, or -1 with "truncated" / zlib's reason. */
static int read_exact(gzFile f, const char *name, void *buf, unsigned n,
                      const char *what, char *err, size_t errlen) {
  int got = gzread(f, buf, n);
  if (got == (int)n) return 0;
  int zerr = Z_OK;
  const char *msg = gzerror(f, &zerr);
  if (got < 0 || (zerr != Z_OK && zerr != Z_STREAM_END))
    return tc_ds_fail(err, errlen, "%s: read error in %s (%s)", name, what,
                      zerr == Z_ERRNO ? strerror(errno) : msg);
  return tc_ds_fail(err, errlen, "%s: truncated: %s needs %u bytes, only %d left",
                    name, what, n, got < 0 ? 0 : got);
}

/* Opens an IDX file and checks its header: unsigned bytes, `ndims`
 * dimensions. dims receives them. */
static gzFile open_idx(const char *name, int ndims, uint32_t dims[3], char *err,
                       size_t errlen) {
  errno = 0; /* gzopen sets errno only when the open itself fails */
  gzFile f = gzopen(name, "rb");
  if (!f) {
    tc_ds_fail(err, errlen, "%s: cannot open (%s)", name, errno ? strerror(errno) : "zlib");
    return NULL;
  }
  unsigned char h[16];
  if (read_exact(f, name, h, 4, "the IDX header", err, errlen) != 0) goto bad;
  uint32_t magic = be32(h);
  if (h[0] != 0 || h[1] != 0) {
    tc_ds_fail(err, errlen, "%s: not an IDX file (magic 0x%08x, expected 0x%08x)",
               name, magic, 0x800u + (unsigned)ndims);
    goto bad;
  }
  if (h[2] != 0x08) {
    tc_ds_fail(err, errlen, "%s: IDX element type 0x%02x; only unsigned bytes (0x08) "
               "are supported", name, h[2]);
    goto bad;
  }
  if (h[3] != ndims) {
    tc_ds_fail(err, errlen, "%s: IDX file with %d dimensions (magic 0x%08x); %s need %d "
               "(magic 0x%08x)", name, h[3], magic, ndims == 3 ? "images" : "labels",
               ndims, 0x800u + (unsigned)ndims);
    goto bad;
  }
  if (read_exact(f, name, h + 4, 4u * (unsigned)ndims, "the IDX dimensions", err, errlen) != 0)
    goto bad;
  for (int i = 0; i < ndims; i++) dims[i] = be32(h + 4 + 4 * i);
  return f;
bad:
  gzclose(f);
  return NULL;
}

/* Reading past the last item must find nothing: a longer file means the
 * header and the data disagree. */
static int check_end(gzFile f, const char *name, const char *what, char *err,
                     size_t errlen) {
  unsigned char extra[256];
  int got = gzread(f, extra, sizeof extra);
  if (got == 0) return 0;
  if (got < 0) return read_exact(f, name, extra, 1, "the end of the file", err, errlen);
  long more = got;
  while ((got = gzread(f, extra, sizeof extra)) > 0) more += got;
  return tc_ds_fail(err, errlen, "%s: %ld%s bytes after the %s the header declares "
                    "(size mismatch)", name, more, got < 0 ? "+" : "", what);
}

/* zlib reports a gzip stream cut inside its 8-byte trailer only here:
 * all the data arrived, but the file is still truncated. Always closes. */
static int close_idx(gzFile f, const char *name, char *err, size_t errlen) {
  int z = gzclose(f);
  if (z == Z_OK) return 0;
  if (z == Z_BUF_ERROR)
    return tc_ds_fail(err, errlen, "%s: truncated: the gzip stream ends early", name);
  return tc_ds_fail(err, errlen, "%s: read error (zlib %d)", name, z);
}

static int read_labels(const char *name, uint8_t **labels, uint32_t *n,
                       char *err, size_t errlen) {
  uint32_t dims[3];
  gzFile f = open_idx(name, 1, dims, err, errlen);
  if (!f) return -1;
  int rc = -1;
  *n = dims[0];
  *labels = NULL;
  if (*n == 0 || *n > IDX_MAX_ITEMS) {
    tc_ds_fail(err, errlen, "%s: %u labels (expected 1..%u)", name, *n, IDX_MAX_ITEMS);
  } else if (!(*labels = malloc(*n))) {
    tc_ds_fail(err, errlen, "%s: out of memory for %u labels", name, *n);
  } else if (read_exact(f, name, *labels, *n, "the labels", err, errlen) == 0 &&
             check_end(f, name, "labels", err, errlen) == 0) {
    rc = close_idx(f, name, err, errlen);
    f = NULL;
  }
  if (f) gzclose(f);
  if (rc != 0) {
    free(*labels);
    *labels = NULL;
  }
  return rc;
}

int tc_dataset_load_idx(const char *images, const char *labels, int positive,
                        int negative, int h, int w, int c, tc_dataset *out,
                        char *err, size_t errlen) {
  if (err && errlen) err[0] = '\0';
  if (!out) return tc_ds_fail(err, errlen, "tc_dataset_load_idx: NULL output");
  memset(out, 0, sizeof *out);
  if (!images || !labels) return tc_ds_fail(err, errlen, "tc_dataset_load_idx: NULL file name");
  if (tc_ds_check_size(h, w, c, err, errlen) != 0) return -1;
  if (positive < 0 || positive > 255 || negative < 0 || negative > 255 || positive == negative)
    return tc_ds_fail(err, errlen, "IDX classes: positive %d and negative %d must be two "
                      "different labels 0..255", positive, negative);

  uint8_t *lab = NULL, *raw = NULL;
  uint32_t nlab = 0, dims[3];
  gzFile f = NULL;
  int rc = -1;
  if (read_labels(labels, &lab, &nlab, err, errlen) != 0) goto done;
  int count[2] = {0, 0};
  for (uint32_t i = 0; i < nlab; i++) {
    if (lab[i] == positive) count[1]++;
    if (lab[i] == negative) count[0]++;
  }
  if (!(f = open_idx(images, 3, dims, err, errlen))) goto done;
  if (dims[0] != nlab) {
    tc_ds_fail(err, errlen, "%s has %u images but %s has %u labels", images, dims[0],
               labels, nlab);
    goto done;
  }
  if (dims[1] < 1 || dims[1] > 4096 || dims[2] < 1 || dims[2] > 4096) {
    tc_ds_fail(err, errlen, "%s: images of %ux%u pixels (each side must be 1..4096)",
               images, dims[2], dims[1]);
    goto done;
  }
  for (int k = 0; k < 2; k++)
    if (count[k] == 0) {
      tc_ds_fail(err, errlen, "%s: no item has label %d (the %s class)", labels,
                 k ? positive : negative, k ? "positive" : "negative");
      goto done;
    }

  int rows = (int)dims[1], cols = (int)dims[2], n = count[0] + count[1];
  size_t img = (size_t)h * w * c;
  raw = malloc((size_t)rows * cols);
  out->pixels = malloc((size_t)n * img);
  out->labels = malloc((size_t)n);
  out->paths = calloc((size_t)n, sizeof *out->paths);
  if (!raw || !out->pixels || !out->labels || !out->paths) {
    tc_ds_fail(err, errlen, "%s: out of memory for %d images of %dx%dx%d", images, n, h, w, c);
    goto done;
  }
  out->h = h;
  out->w = w;
  out->c = c;
  for (uint32_t i = 0; i < nlab; i++) {
    char what[64], why[256];
    snprintf(what, sizeof what, "image %u", i);
    if (read_exact(f, images, raw, (unsigned)(rows * cols), what, err, errlen) != 0) goto done;
    if (lab[i] != positive && lab[i] != negative) continue;
    if (tc_ds_preprocess(raw, cols, rows, 1, h, w, c, out->pixels + (size_t)out->n * img,
                         why, sizeof why) != 0) {
      tc_ds_fail(err, errlen, "%s: image %u: %s", images, i, why);
      goto done;
    }
    char path[32];
    snprintf(path, sizeof path, "idx:%u", i);
    if (!(out->paths[out->n] = tc_ds_strdup(path))) {
      tc_ds_fail(err, errlen, "%s: out of memory", images);
      goto done;
    }
    out->labels[out->n++] = lab[i] == positive;
  }
  if (check_end(f, images, "images", err, errlen) != 0) goto done;
  gzFile last = f;
  f = NULL;
  if (close_idx(last, images, err, errlen) != 0) goto done;
  snprintf(out->class_name[0], sizeof out->class_name[0], "%d", negative);
  snprintf(out->class_name[1], sizeof out->class_name[1], "%d", positive);
  rc = 0;
done:
  if (f) gzclose(f);
  free(lab);
  free(raw);
  if (rc != 0) tc_dataset_free(out);
  return rc;
}
