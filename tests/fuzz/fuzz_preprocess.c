/* libFuzzer target: tc_image_to_tensor with random frame sizes, pixel
 * formats, strides, tensor shapes, types, quantization and options. The
 * frame buffer is exactly as large as the frame the caller describes and
 * the tensor buffer exactly dst->bytes, so any read or write past them is
 * an ASan report. Accepted calls are checked against two identities:
 *   - grey frame -> same-size uint8 grey tensor, default quantization:
 *     the output is the frame (area averaging over one pixel);
 *   - float32 output with the default mapping: every value is p / 255
 *     for an integer p in 0..255.
 * Frames or tensors outside the limits must be refused without a read. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/image.h"

static void die_if(int cond) {
  if (cond) abort();
}

typedef struct {
  const uint8_t *p;
  size_t n, i;
} reader;

static uint32_t get(reader *r, int bytes) {
  uint32_t v = 0;
  int k;
  for (k = 0; k < bytes; k++) v = (v << 8) | (r->i < r->n ? r->p[r->i++] : 0);
  return v;
}

/* Mostly small sides, sometimes around the limits. */
static int32_t side(reader *r, int32_t limit) {
  uint32_t sel = get(r, 1);
  if (sel < 200) return 1 + (int32_t)(get(r, 1) % 48);
  if (sel < 240) return 1 + (int32_t)(get(r, 2) % 700);
  if (sel < 250) return limit - 1 + (int32_t)(get(r, 1) % 3);
  return (int32_t)(get(r, 4));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  reader r = {data, size, 0};
  tc_image img;
  tc_tensor t;
  tc_image_opts opts;
  size_t bpp, row, frame = 0, tbytes;
  uint8_t *pix, *out;
  int32_t extra;
  int type_sel, use_opts, must_refuse = 0;
  tc_status s;
  uint32_t k;

  memset(&img, 0, sizeof img);
  memset(&t, 0, sizeof t);
  memset(&opts, 0, sizeof opts);
  img.format = (int32_t)(get(&r, 1) % 8) - 1; /* -1 and 6 are invalid */
  img.width = side(&r, 4096);
  img.height = side(&r, 4096);
  extra = (int32_t)(get(&r, 1) % 8) - 2;
  bpp = tc_pixfmt_bpp(img.format);
  row = (size_t)(img.width > 0 ? img.width : 0) * bpp;
  img.stride = get(&r, 1) & 1 ? (int32_t)row + extra : 0;
  /* A frame with a side outside 1..4096 must be refused before a byte of
   * it is read: it gets a 1-byte buffer. Valid but huge frames are
   * skipped (RAM), the rest get exactly their bytes. */
  if (img.width < 1 || img.height < 1 || img.width > 4096 ||
      img.height > 4096) {
    frame = 1;
    must_refuse = 1;
  } else if ((size_t)img.width * (size_t)img.height <= (size_t)4 << 20) {
    size_t stride = img.stride > 0 ? (size_t)img.stride : row;
    frame = stride * (size_t)(img.height - 1) + (row ? row : 1);
  }
  type_sel = (int)(get(&r, 1) % 5);
  t.type = (uint8_t)(type_sel == 0 ? TC_INT8 : type_sel == 1 ? TC_UINT8
                     : type_sel == 2 ? TC_FLOAT32 : type_sel == 3 ? TC_INT16
                     : TC_INT32);
  t.ndims = (uint8_t)(get(&r, 1) % 8 == 0 ? 3 : 4);
  t.dims[0] = get(&r, 1) % 16 == 0 ? 2 : 1;
  t.dims[1] = side(&r, 2048);
  t.dims[2] = side(&r, 2048);
  t.dims[3] = 1 + (int32_t)(get(&r, 1) % 4);
  if (get(&r, 1) % 4 == 0) {
    uint32_t bits = get(&r, 4);
    memcpy(&t.scale, &bits, sizeof t.scale); /* NaN, inf, negative too */
    t.zero_point = (int32_t)get(&r, 4);
  } else {
    t.scale = 1.0f / (float)(1 + get(&r, 1));
    t.zero_point = (int32_t)(get(&r, 1)) - 128;
  }
  use_opts = (int)(get(&r, 1) % 3);
  if (use_opts == 2) {
    uint32_t a = get(&r, 4), b = get(&r, 4);
    memcpy(&opts.scale_in, &a, sizeof a);
    memcpy(&opts.offset_in, &b, sizeof b);
  } else if (use_opts == 1) {
    opts.scale_in = 2.0f / 255;
    opts.offset_in = -1.0f;
  }
  opts.stretch = (int)(get(&r, 1) & 1);
  /* The tensor buffer: exactly what its shape needs, sometimes one short;
   * a shape outside the limits gets 16 bytes (and must be refused). */
  tbytes = 16;
  if (t.dims[1] > 0 && t.dims[2] > 0 && t.dims[1] <= 2048 &&
      t.dims[2] <= 2048 && (size_t)t.dims[1] * (size_t)t.dims[2] <=
      (size_t)1 << 20)
    tbytes = (size_t)t.dims[1] * (size_t)t.dims[2] * (size_t)t.dims[3] *
             (t.type == TC_FLOAT32 || t.type == TC_INT32 ? 4
              : t.type == TC_INT16 ? 2 : 1);
  else
    must_refuse = 1;
  if (get(&r, 1) % 16 == 0) tbytes--;
  if (!frame || !tbytes) return 0;
  t.bytes = (uint32_t)tbytes;
  pix = malloc(frame);
  out = malloc(tbytes);
  for (k = 0; k < frame; k++)
    pix[k] = r.n > r.i ? r.p[r.i + k % (r.n - r.i)] : (uint8_t)k;
  img.data = pix;
  t.data = out;
  s = tc_image_to_tensor(&img, &t, use_opts ? &opts : NULL);
  die_if(s != TC_OK && s != TC_ERR_ARG && s != TC_ERR_UNSUPPORTED);
  die_if(must_refuse && s == TC_OK);
  if (s == TC_OK) {
    /* Identity: grey in, same-size uint8 grey out, default mapping. */
    if (img.format == TC_PIX_GRAY8 && t.type == TC_UINT8 && t.dims[3] == 1 &&
        t.dims[1] == img.height && t.dims[2] == img.width && !use_opts &&
        t.scale == 1.0f / 255 && t.zero_point == 0) {
      size_t stride = img.stride > 0 ? (size_t)img.stride : row;
      int32_t y;
      for (y = 0; y < img.height; y++)
        die_if(memcmp(out + (size_t)y * (size_t)img.width,
                      pix + (size_t)y * stride, (size_t)img.width) != 0);
    }
    /* Float32 with defaults: every value is p / 255 for an integer p. */
    if (t.type == TC_FLOAT32 && !use_opts) {
      const float *f = (const float *)(void *)out;
      size_t n = tbytes / 4, i;
      for (i = 0; i < n && i < 4096; i++) {
        float p = f[i] * 255.0f;
        die_if(!(p >= 0.0f && p <= 255.0f) || fabsf(p - roundf(p)) > 1e-3f);
      }
    }
  }
  free(out);
  free(pix);
  return 0;
}
