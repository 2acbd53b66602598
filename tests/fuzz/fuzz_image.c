/* libFuzzer target: image files (JPEG, PNG, WebP, BMP, PGM/PPM) via
 * tc_bitmap_decode_for, then the decoded bitmap through
 * tc_bitmap_to_tensor (the crop view + tc_image_to_tensor of train, eval
 * and predict). Byte 0: its low nibble (mod 9) picks the format, whose
 * magic is written over the start of the rest, so mutations stay inside
 * one decoder (0 = leave the bytes alone: format detection itself is
 * fuzzed too; WebP keeps the RIFF size, bytes 4..7); 0x40 decodes for an
 * 8x8 model (DCT scaling, box reduction, EXIF orientation), 0x20 then for
 * a stretched 8x8 frame; 0x80 makes the tensor grey. */
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
    {"RIFF", 4}, /* + "WEBP" at 8 */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tc_bitmap b;
  char err[512];
  size_t n, f;
  uint8_t *buf;
  int rc;
  if (size < 1) return 0;
  f = (size_t)(data[0] & 0x0f) % (sizeof formats / sizeof formats[0]);
  n = size - 1;
  buf = malloc(n ? n : 1); /* exact size: over-reads are ASan reports */
  if (n) memcpy(buf, data + 1, n);
  if (n >= formats[f].len) memcpy(buf, formats[f].magic, formats[f].len);
  if (f == 8 && n >= 12) memcpy(buf + 8, "WEBP", 4);
  tc_bitmap_want want = {8, 8, (data[0] & 0x20) != 0};
  int fit = (data[0] & 0x40) != 0;
  memset(err, 0x5a, sizeof err);
  rc = tc_bitmap_decode_for(buf, n, "fuzz", fit ? &want : NULL, &b, err, sizeof err);
  die_if(memchr(err, '\0', sizeof err) == NULL);
  if (rc != 0) {
    /* A refusal: a negative code, nothing to free, a message. */
    die_if(rc > 0 || b.pixels != NULL || b.w != 0 || strncmp(err, "fuzz: ", 6));
  } else {
    uint8_t out[8 * 8 * 3];
    tc_tensor t;
    size_t i, sum = 0, npx;
    die_if(b.w < 1 || b.h < 1 || (b.channels != 1 && b.channels != 3) ||
           !b.pixels);
    /* reduced, never enlarged (orientation may swap the sides) */
    die_if((long)b.w * b.h > (long)b.full_w * b.full_h || b.full_w < 1 || b.full_h < 1);
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
    {
      int32_t x0, y0, cw, ch;
      int r = tc_bitmap_to_tensor(&b, &t, NULL, "fuzz", err, sizeof err);
      tc_image_crop_rect(b.w, b.h, 8, 8, &x0, &y0, &cw, &ch);
      /* Only a full-size crop over 4096 is refused (a decode for the
       * model keeps it under); everything else converts. */
      die_if(r != (cw > 4096 || ch > 4096 ? TC_IMG_ETOOBIG : 0));
      die_if(fit && !want.stretch && r != 0);
    }
    tc_bitmap_free(&b);
  }
  free(buf);
  return 0;
}
