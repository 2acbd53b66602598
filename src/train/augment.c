/* Training-time augmentation of one stored image: random shift (edges
 * replicated, so no black borders the camera never produces), horizontal
 * flip, brightness and contrast. Random numbers are drawn only for the
 * enabled options, in a fixed order, so a seed replays exactly. */
#include <math.h>
#include <string.h>

#include "dataset_internal.h"

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Symmetric random value in [-amount, amount). */
static float spread(tc_rng *r, float amount) {
  return (2.0f * tc_rng_uniform(r) - 1.0f) * amount;
}

void tc_augment(const tc_dataset *d, int i, uint8_t *dst, tc_rng *r,
                const tc_augment_opts *o) {
  const int h = d->h, w = d->w, c = d->c;
  const size_t row = (size_t)w * c;
  const uint8_t *src = d->pixels + (size_t)i * h * row;
  if (!o) {
    memcpy(dst, src, h * row);
    return;
  }
  int dx = 0, dy = 0, flip = 0;
  if (o->max_shift > 0) {
    uint32_t span = 2u * (uint32_t)o->max_shift + 1u;
    dx = (int)tc_ds_below(r, span) - o->max_shift;
    dy = (int)tc_ds_below(r, span) - o->max_shift;
  }
  if (o->flip) flip = (int)(tc_rng_u32(r) >> 31);
  /* A whole number of grey levels: every pixel moves by exactly as much. */
  float bright = o->brightness > 0 ? floorf(spread(r, o->brightness * 255.0f) + 0.5f) : 0.0f;
  float gain = o->contrast > 0 ? 1.0f + spread(r, o->contrast) : 1.0f;

  /* dst(x, y) = src(x - dx, y - dy), clamped into the image; then mirrored. */
  for (int y = 0; y < h; y++) {
    const uint8_t *s = src + (size_t)clampi(y - dy, 0, h - 1) * row;
    uint8_t *o_row = dst + (size_t)y * row;
    for (int x = 0; x < w; x++) {
      int sx = clampi(x - dx, 0, w - 1);
      int ox = flip ? w - 1 - x : x;
      memcpy(o_row + (size_t)ox * c, s + (size_t)sx * c, (size_t)c);
    }
  }
  if (bright == 0.0f && gain == 1.0f) return;

  /* v' = (v - mean) * gain + mean + bright is affine per channel: one
   * 256-entry table per channel, rounded half up and clamped. */
  double sum[3] = {0, 0, 0};
  size_t npix = (size_t)h * w;
  if (gain != 1.0f)
    for (size_t p = 0; p < npix; p++)
      for (int k = 0; k < c; k++) sum[k] += dst[p * c + k];
  uint8_t lut[3][256];
  for (int k = 0; k < c; k++) {
    float mean = (float)(sum[k] / (double)npix);
    for (int v = 0; v < 256; v++) {
      float x = ((float)v - mean) * gain + mean + bright;
      lut[k][v] = (uint8_t)clampi((int)floorf(x + 0.5f), 0, 255);
    }
  }
  for (size_t p = 0; p < npix; p++)
    for (int k = 0; k < c; k++) dst[p * c + k] = lut[k][dst[p * c + k]];
}
