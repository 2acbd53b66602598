/* libFuzzer target: image files (JPEG, PNG, BMP, PGM/PPM) via
 * tc_bitmap_decode, then the decoded bitmap through tc_image_to_tensor.
 * Byte 0 picks the format: its magic is written over the start of the
 * rest, so mutations stay inside one decoder (0 = leave the bytes alone:
 * format detection itself is fuzzed too). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/image.h"
#include "tinycnn/imageio.h"

static void die_if(int cond) {
  if (cond) abort();
}

static const struct {
  const char *magic;
  size_t len;
} formats[] = {
    {"", 0},
    {"\xff\xd8\xff", 3},
    {"\x89PNG\r\n\x1a\n", 8},
    {"BM", 2},
    {"P5", 2},
    {"P6", 2},
    {"P2", 2},
    {"P3", 2},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tc_bitmap b;
  char err[256];
  size_t n, f;
  uint8_t *buf;
  int rc;
  if (size < 1) return 0;
  f = data[0] % (sizeof formats / sizeof formats[0]);
  n = size - 1;
  buf = malloc(n ? n : 1); /* exact size: over-reads are ASan reports */
  if (n) memcpy(buf, data + 1, n);
  if (n >= formats[f].len) memcpy(buf, formats[f].magic, formats[f].len);
  memset(err, 0x5a, sizeof err);
  rc = tc_bitmap_decode(buf, n, "fuzz", &b, err, sizeof err);
  die_if(memchr(err, '\0', sizeof err) == NULL);
  if (rc != 0) {
    /* A refusal: a negative code, nothing to free, a message. */
    die_if(rc > 0 || b.pixels != NULL || b.w != 0 || strncmp(err, "fuzz: ", 6));
  } else {
    uint8_t out[8 * 8 * 3];
    tc_tensor t;
    tc_image img;
    size_t i, sum = 0, npx;
    die_if(b.w < 1 || b.h < 1 || (b.channels != 1 && b.channels != 3) ||
           !b.pixels);
    npx = (size_t)b.w * (size_t)b.h * (size_t)b.channels;
    for (i = 0; i < npx; i++) sum += b.pixels[i]; /* every byte readable */
    (void)sum;
    /* The trainer's path: bitmap -> model input, both colour layouts. */
    memset(&t, 0, sizeof t);
    t.data = out;
    t.type = TC_INT8;
    t.ndims = 4;
    t.dims[0] = 1;
    t.dims[1] = 8;
    t.dims[2] = 8;
    t.dims[3] = data[0] & 0x80 ? 1 : 3;
    t.bytes = (uint32_t)(64 * t.dims[3]);
    t.scale = 1.0f / 255;
    t.zero_point = -128;
    img.data = b.pixels;
    img.width = b.w;
    img.height = b.h;
    img.stride = 0;
    img.format = b.channels == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    {
      tc_status s = tc_image_to_tensor(&img, &t, NULL);
      /* Sides over 4096 are refused; everything else converts. */
      die_if(s != (b.w > 4096 || b.h > 4096 ? TC_ERR_UNSUPPORTED : TC_OK));
    }
    tc_bitmap_free(&b);
  }
  free(buf);
  return 0;
}
