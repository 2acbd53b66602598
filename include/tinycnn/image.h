/* tinycnn image preprocessing: a camera frame straight into a model's input
 * tensor (format conversion, centre crop, resize, quantization) in one
 * streaming pass. Shared by firmware, CLI and trainer. C99, integer-only
 * pixel arithmetic, no malloc, no stdio, no global state, no scratch buffer.
 *
 *   tc_image img = { fb->buf, (int32_t)fb->width, (int32_t)fb->height, 0,
 *                    TC_PIX_RGB565_BE };
 *   if (tc_image_to_tensor(&img, tc_interp_input(&it, 0), NULL) != TC_OK) ...
 *
 * Pipeline, per output pixel: centre crop -> resize (area or bilinear, per
 * axis) -> 8-bit grey or RGB -> quantize. Exact formulas:
 *
 * Colour (all results 0..255, integer):
 *   RGB565 (r5 g6 b5): R = (r5 << 3) | (r5 >> 2), G = (g6 << 2) | (g6 >> 4),
 *     B = (b5 << 3) | (b5 >> 2)   -- so 0xF800 is R=255, G=0, B=0.
 *   Grey from RGB (BT.601 luma): Y = (77 R + 150 G + 29 B + 128) >> 8.
 *   GRAY8 to RGB: R = G = B = Y.
 *   YUYV (bytes Y0 U Y1 V; a pixel pair shares U, V): grey = its Y sample.
 *     RGB via full-range (JFIF) BT.601, the inverse of the luma above,
 *     with d = U - 128, e = V - 128:
 *       R = clamp((256 Y + 359 e + 128) >> 8)
 *       G = clamp((256 Y - 88 d - 183 e + 128) >> 8)
 *       B = clamp((256 Y + 454 d + 128) >> 8)
 *     clamp to 0..255 (negative sums give 0 before the shift).
 *   Grey output converts each source pixel to grey, then resizes.
 *
 * Centre crop (default; tc_image_opts.stretch = 1 turns it off), source
 * W x H to model w x h:
 *   if W*h > H*w: cw = (H*w + h/2) / h, ch = H  (round to nearest)
 *   if W*h < H*w: ch = (W*h + w/2) / w, cw = W
 *   else the whole frame. x0 = (W - cw) / 2, y0 = (H - ch) / 2 (floor: an
 *   odd leftover pixel is dropped on the right / bottom).
 *   160x120 -> 96x96 gives x0 = 20, y0 = 0, 120 x 120.
 *
 * Resize, chosen per axis (crop size S -> output size D), so one axis may
 * shrink while the other grows:
 *   S >= D: exact area averaging. Output i covers source [i*S/D, (i+1)*S/D);
 *     source j gets weight = its overlap length in units of 1/D (an
 *     integer), the weights of one output sum to S.
 *   S <  D: bilinear with centre-aligned sampling, src = (i+0.5)*S/D - 0.5,
 *     kept exactly as the fraction ((2i+1)*S - D) / (2D): j0 = floor, the
 *     remainder r gives weights (2D - r) for j0 and r for j0+1, clamped at
 *     the edges (src < 0 -> pixel 0, src > S-1 -> pixel S-1).
 *   Output = (sum w_x*w_y*v + den/2) / den, den = (sum w_x)*(sum w_y):
 *   the exact weighted mean, rounded half up. No fixed-point truncation.
 *   Limits (keep every sum in uint32): source <= 4096 per side, output
 *   <= 2048 per side.
 *
 * Quantization of an 8-bit result p (0..255), which stands for the real
 * value  real = p * scale_in + offset_in  (default scale_in = 1/255,
 * offset_in = 0, i.e. [0, 1]):
 *   int8 / uint8 tensor: q = clamp(round(real / scale) + zero_point), round
 *     half away from zero (as TFLite's Quantize), clamp to the type's range.
 *     Computed once per call into a 256-entry table (double arithmetic),
 *     then a table lookup per value.
 *     Fast paths, identical to the formula: int8 with scale == 1.0f/255 and
 *     zero_point == -128 stores p ^ 0x80; uint8 with scale == 1.0f/255 and
 *     zero_point == 0 stores p (both only with the default real range).
 *   float32 tensor: p / 255.0f with the default range, else
 *     (float)p * scale_in + offset_in.
 */
#ifndef TINYCNN_IMAGE_H
#define TINYCNN_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tc_pixfmt {
  TC_PIX_GRAY8 = 0,     /* 1 byte: Y */
  TC_PIX_RGB565_BE = 1, /* 2 bytes, high byte first (esp32-camera) */
  TC_PIX_RGB565_LE = 2, /* 2 bytes, low byte first */
  TC_PIX_RGB888 = 3,    /* 3 bytes: R, G, B */
  TC_PIX_BGR888 = 4,    /* 3 bytes: B, G, R (esp32-camera fmt2rgb888) */
  TC_PIX_YUYV = 5       /* YUV 4:2:2, 4 bytes per 2 pixels: Y0 U Y1 V */
} tc_pixfmt;

/* A frame in memory, read only. */
typedef struct tc_image {
  const uint8_t *data;
  int32_t width, height; /* 1..4096; YUYV width must be even */
  int32_t stride;        /* bytes from one row to the next; 0 = packed */
  int32_t format;        /* tc_pixfmt */
} tc_image;

/* All-zero options (or NULL) mean the defaults. */
typedef struct tc_image_opts {
  float scale_in;  /* real value per pixel step; 0 means 1/255 */
  float offset_in; /* real value of pixel 0; default 0 */
  int stretch;     /* 1: resize the whole frame, no centre crop */
} tc_image_opts;

/* Bytes per pixel of a format (YUYV: 2), 0 if unknown. */
size_t tc_pixfmt_bpp(int format);

/* Pixel (x, y) of `img` as 8-bit R, G, B and as grey, by the formulas
 * above. No bounds checks: 0 <= x < width, 0 <= y < height. */
void tc_image_rgb(const tc_image *img, int32_t x, int32_t y, uint8_t rgb[3]);
uint8_t tc_image_gray(const tc_image *img, int32_t x, int32_t y);

/* The centre crop of a src_w x src_h frame for a dst_w x dst_h model. */
tc_status tc_image_crop_rect(int32_t src_w, int32_t src_h, int32_t dst_w,
                             int32_t dst_h, int32_t *x0, int32_t *y0,
                             int32_t *cw, int32_t *ch);

/* Convert `src` into `dst`, an NHWC [1, H, W, C] tensor with C = 1 (grey)
 * or C = 3 (RGB), of type int8, uint8 (per-tensor scale/zero point) or
 * float32. Streams output pixels: no scratch buffer; about 600 bytes of
 * stack (rv32imc -Os: 480 in this frame, 256 of it the quantization table).
 * A hand-made tensor needs data, type, ndims, dims, bytes, scale and
 * zero_point (nscales is not read).
 * TC_ERR_ARG: NULL pointers, bad sizes or stride, odd YUYV width, dst->bytes
 * too small, scale not > 0. TC_ERR_UNSUPPORTED: unknown format, dst not
 * 4-D [1,H,W,1|3], other dtypes, sizes over the limits. */
tc_status tc_image_to_tensor(const tc_image *src, tc_tensor *dst,
                             const tc_image_opts *o);

#ifdef __cplusplus
}
#endif
#endif
