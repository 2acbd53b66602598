/* Image preprocessing: camera frame -> model input tensor in one streaming
 * pass. Formulas and limits are documented in include/tinycnn/image.h;
 * this file must match them exactly (tests/test_image.c checks). */
#include "tinycnn/image.h"

#define TC_IMG_MAX_SRC 4096 /* keeps 255 * den_x * den_y inside uint32 */
#define TC_IMG_MAX_DST 2048 /* bilinear den = 2 * D <= 4096 */

/* ---- colour ------------------------------------------------------------ */

static uint8_t luma(uint32_t r, uint32_t g, uint32_t b) {
  /* BT.601 weights in 8.8 fixed point; they sum to 256 so grey stays grey */
  return (uint8_t)((77u * r + 150u * g + 29u * b + 128u) >> 8);
}

static void rgb565(uint32_t v, uint8_t rgb[3]) {
  uint32_t r = v >> 11, g = (v >> 5) & 63u, b = v & 31u;
  /* replicate the top bits so 0 -> 0 and full scale -> 255 */
  rgb[0] = (uint8_t)((r << 3) | (r >> 2));
  rgb[1] = (uint8_t)((g << 2) | (g >> 4));
  rgb[2] = (uint8_t)((b << 3) | (b >> 2));
}

static uint8_t clamp_shift8(int32_t v) {
  /* clamp before shifting: >> of a negative int is implementation-defined */
  if (v < 0) return 0;
  v >>= 8;
  return (uint8_t)(v > 255 ? 255 : v);
}

static void yuv_rgb(int32_t y, int32_t u, int32_t v, uint8_t rgb[3]) {
  int32_t d = u - 128, e = v - 128;
  /* full-range BT.601 (JFIF): 1.402, 0.344, 0.714, 1.772 in 8.8 */
  rgb[0] = clamp_shift8(256 * y + 359 * e + 128);
  rgb[1] = clamp_shift8(256 * y - 88 * d - 183 * e + 128);
  rgb[2] = clamp_shift8(256 * y + 454 * d + 128);
}

size_t tc_pixfmt_bpp(int format) {
  switch (format) {
  case TC_PIX_GRAY8: return 1;
  case TC_PIX_RGB565_BE:
  case TC_PIX_RGB565_LE:
  case TC_PIX_YUYV: return 2;
  case TC_PIX_RGB888:
  case TC_PIX_BGR888: return 3;
  default: return 0;
  }
}

static size_t row_stride(const tc_image *img) {
  return img->stride > 0 ? (size_t)img->stride
                         : (size_t)img->width * tc_pixfmt_bpp(img->format);
}

/* One pixel of a row as RGB; `row` points at the row's first byte. */
static void px_rgb(const uint8_t *row, int format, int32_t x, uint8_t rgb[3]) {
  const uint8_t *p;
  switch (format) {
  case TC_PIX_GRAY8:
    rgb[0] = rgb[1] = rgb[2] = row[x];
    break;
  case TC_PIX_RGB565_BE:
    p = row + 2 * (size_t)x;
    rgb565(((uint32_t)p[0] << 8) | p[1], rgb);
    break;
  case TC_PIX_RGB565_LE:
    p = row + 2 * (size_t)x;
    rgb565(((uint32_t)p[1] << 8) | p[0], rgb);
    break;
  case TC_PIX_RGB888:
    p = row + 3 * (size_t)x;
    rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
    break;
  case TC_PIX_BGR888:
    p = row + 3 * (size_t)x;
    rgb[0] = p[2], rgb[1] = p[1], rgb[2] = p[0];
    break;
  default: /* TC_PIX_YUYV: the pair's U, V at bytes 1 and 3 */
    p = row + 4 * (size_t)(x >> 1);
    yuv_rgb(row[2 * (size_t)x], p[1], p[3], rgb);
    break;
  }
}

static uint8_t px_gray(const uint8_t *row, int format, int32_t x) {
  uint8_t rgb[3];
  if (format == TC_PIX_GRAY8) return row[x];
  if (format == TC_PIX_YUYV) return row[2 * (size_t)x]; /* Y is the luma */
  px_rgb(row, format, x, rgb);
  return luma(rgb[0], rgb[1], rgb[2]);
}

void tc_image_rgb(const tc_image *img, int32_t x, int32_t y, uint8_t rgb[3]) {
  px_rgb(img->data + (size_t)y * row_stride(img), img->format, x, rgb);
}

uint8_t tc_image_gray(const tc_image *img, int32_t x, int32_t y) {
  return px_gray(img->data + (size_t)y * row_stride(img), img->format, x);
}

/* ---- geometry ---------------------------------------------------------- */

tc_status tc_image_crop_rect(int32_t src_w, int32_t src_h, int32_t dst_w,
                             int32_t dst_h, int32_t *x0, int32_t *y0,
                             int32_t *cw, int32_t *ch) {
  int64_t a, b;
  int32_t w = src_w, h = src_h;
  if (!x0 || !y0 || !cw || !ch || src_w < 1 || src_h < 1 || dst_w < 1 ||
      dst_h < 1)
    return TC_ERR_ARG;
  /* 64-bit: the cross products are not bounded by the pipeline's limits */
  a = (int64_t)src_w * dst_h;
  b = (int64_t)src_h * dst_w;
  if (a > b) w = (int32_t)((b + dst_h / 2) / dst_h);
  else if (a < b) h = (int32_t)((a + dst_w / 2) / dst_w);
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  *cw = w;
  *ch = h;
  *x0 = (src_w - w) / 2;
  *y0 = (src_h - h) / 2;
  return TC_OK;
}

/* The source pixels one output index reads along one axis, with integer
 * weights: `wf` for `first`, `wl` for `last`, `wm` between; when
 * first == last the single weight is `wf` == den. */
typedef struct tc_span {
  int32_t first, last;
  uint32_t wf, wm, wl, den;
} tc_span;

static void axis_span(int32_t s, int32_t d, int32_t i, tc_span *sp) {
  if (s >= d) {
    /* area: in units of 1/d, output i covers [i*s, (i+1)*s), source j
     * covers [j*d, (j+1)*d); weights are the overlaps, summing to s */
    int32_t lo = i * s, hi = (i + 1) * s;
    sp->first = lo / d;
    sp->last = (hi - 1) / d;
    sp->den = (uint32_t)s;
    sp->wm = (uint32_t)d;
    if (sp->first == sp->last) {
      sp->wf = sp->wl = (uint32_t)s;
    } else {
      sp->wf = (uint32_t)((sp->first + 1) * d - lo);
      sp->wl = (uint32_t)(hi - sp->last * d);
    }
  } else {
    /* bilinear: src = ((2i+1)*s - d) / (2d), exact; the remainder is the
     * weight of the right neighbour in units of 1/(2d) */
    int32_t num = (2 * i + 1) * s - d, two_d = 2 * d, j0 = 0, r = 0;
    if (num > 0) {
      j0 = num / two_d;
      r = num % two_d;
      if (j0 >= s - 1) j0 = s - 1, r = 0; /* past the last centre: clamp */
    }
    sp->first = j0;
    sp->last = r ? j0 + 1 : j0;
    sp->den = (uint32_t)two_d;
    sp->wf = (uint32_t)(two_d - r);
    sp->wl = (uint32_t)r;
    sp->wm = 0;
  }
}

static uint32_t span_w(const tc_span *sp, int32_t j) {
  if (j == sp->first) return sp->wf;
  return j == sp->last ? sp->wl : sp->wm;
}

/* Weighted sums of one source row over a column span; the format switch is
 * hoisted out of the pixel loop. Bound: 255 * den <= 255 * 4096. */
static void row_sum(const uint8_t *row, int format, int gray,
                    const tc_span *sx, int32_t xoff, uint32_t acc[3]) {
  int32_t i;
  uint8_t rgb[3];
  acc[0] = acc[1] = acc[2] = 0;
  if (gray) {
    if (format == TC_PIX_GRAY8) {
      for (i = sx->first; i <= sx->last; i++)
        acc[0] += span_w(sx, i) * row[xoff + i];
    } else {
      for (i = sx->first; i <= sx->last; i++)
        acc[0] += span_w(sx, i) * px_gray(row, format, xoff + i);
    }
    return;
  }
  for (i = sx->first; i <= sx->last; i++) {
    uint32_t w = span_w(sx, i);
    px_rgb(row, format, xoff + i, rgb);
    acc[0] += w * rgb[0];
    acc[1] += w * rgb[1];
    acc[2] += w * rgb[2];
  }
}

/* ---- quantization ------------------------------------------------------ */

/* round(x) half away from zero, as TFLite's Quantize; x is clamped first so
 * the conversion is defined (NaN maps to 0). */
static double round_away(double x) {
  if (!(x == x)) return 0.0;
  if (x > 1e9) x = 1e9;
  if (x < -1e9) x = -1e9;
  return (double)(int32_t)(x < 0 ? x - 0.5 : x + 0.5); /* truncates to 0 */
}

static void build_lut(uint8_t lut[256], int is_int8, float scale,
                      int32_t zp, float scale_in, float offset_in) {
  int p;
  double lo = is_int8 ? -128.0 : 0.0, hi = is_int8 ? 127.0 : 255.0;
  for (p = 0; p < 256; p++) {
    double real = (double)p * scale_in + offset_in;
    double q = round_away(real / scale) + (double)zp;
    if (q < lo) q = lo;
    if (q > hi) q = hi;
    /* int8 stored as its two's-complement byte (conversion is modulo 256) */
    lut[p] = (uint8_t)(int32_t)q;
  }
}

/* ---- the pipeline ------------------------------------------------------ */

enum { OUT_LUT, OUT_XOR, OUT_COPY, OUT_F32_DEF, OUT_F32 };

tc_status tc_image_to_tensor(const tc_image *src, tc_tensor *dst,
                             const tc_image_opts *o) {
  uint8_t lut[256];
  float scale_in = 1.0f / 255, offset_in = 0.0f;
  int stretch = 0, deflt, mode, gray;
  int32_t w, h, c, x0 = 0, y0 = 0, cw, ch, ox, oy, j;
  size_t bpp, stride, need, n = 0;
  uint8_t *o8;
  float *of;

  if (!src || !dst || !src->data || !dst->data) return TC_ERR_ARG;
  bpp = tc_pixfmt_bpp(src->format);
  if (!bpp) return TC_ERR_UNSUPPORTED;
  if (src->width < 1 || src->height < 1 || src->stride < 0) return TC_ERR_ARG;
  if (src->width > TC_IMG_MAX_SRC || src->height > TC_IMG_MAX_SRC)
    return TC_ERR_UNSUPPORTED;
  if (src->format == TC_PIX_YUYV && (src->width & 1)) return TC_ERR_ARG;
  stride = row_stride(src);
  if (stride < (size_t)src->width * bpp) return TC_ERR_ARG;

  if (dst->ndims != 4 || dst->dims[0] != 1) return TC_ERR_UNSUPPORTED;
  h = dst->dims[1];
  w = dst->dims[2];
  c = dst->dims[3];
  if (h < 1 || w < 1) return TC_ERR_ARG;
  if (h > TC_IMG_MAX_DST || w > TC_IMG_MAX_DST || (c != 1 && c != 3))
    return TC_ERR_UNSUPPORTED;
  if (dst->type != TC_INT8 && dst->type != TC_UINT8 && dst->type != TC_FLOAT32)
    return TC_ERR_UNSUPPORTED;
  need = (size_t)h * (size_t)w * (size_t)c * tc_type_size(dst->type);
  if (dst->bytes < need) return TC_ERR_ARG;

  if (o) {
    if (o->scale_in != 0.0f) scale_in = o->scale_in;
    offset_in = o->offset_in;
    stretch = o->stretch;
  }
  if (!(scale_in == scale_in) || !(offset_in == offset_in)) return TC_ERR_ARG;
  deflt = scale_in == 1.0f / 255 && offset_in == 0.0f;

  if (dst->type == TC_FLOAT32) {
    mode = deflt ? OUT_F32_DEF : OUT_F32;
  } else {
    int is_int8 = dst->type == TC_INT8;
    if (!(dst->scale > 0.0f)) return TC_ERR_ARG;
    if (deflt && dst->scale == 1.0f / 255 &&
        dst->zero_point == (is_int8 ? -128 : 0)) {
      mode = is_int8 ? OUT_XOR : OUT_COPY; /* the table would be p - zp */
    } else {
      mode = OUT_LUT;
      build_lut(lut, is_int8, dst->scale, dst->zero_point, scale_in,
                offset_in);
    }
  }

  cw = src->width;
  ch = src->height;
  if (!stretch) tc_image_crop_rect(src->width, src->height, w, h, &x0, &y0,
                                   &cw, &ch);
  gray = c == 1;
  o8 = (uint8_t *)dst->data;
  of = (float *)dst->data;

  for (oy = 0; oy < h; oy++) {
    tc_span sy;
    axis_span(ch, h, oy, &sy);
    for (ox = 0; ox < w; ox++) {
      tc_span sx;
      uint32_t acc[3] = {0, 0, 0}, rs[3], den, k;
      axis_span(cw, w, ox, &sx);
      for (j = sy.first; j <= sy.last; j++) {
        uint32_t wy = span_w(&sy, j);
        if (!wy) continue;
        row_sum(src->data + (size_t)(y0 + j) * stride, src->format, gray,
                &sx, x0, rs);
        acc[0] += wy * rs[0];
        acc[1] += wy * rs[1];
        acc[2] += wy * rs[2];
      }
      den = sx.den * sy.den; /* <= 4096 * 4096, sum <= 255 * den: no wrap */
      for (k = 0; k < (uint32_t)c; k++, n++) {
        uint32_t p = (acc[k] + den / 2) / den; /* rounded mean, 0..255 */
        switch (mode) {
        case OUT_LUT: o8[n] = lut[p]; break;
        case OUT_XOR: o8[n] = (uint8_t)(p ^ 0x80u); break;
        case OUT_COPY: o8[n] = (uint8_t)p; break;
        case OUT_F32_DEF: of[n] = (float)p / 255.0f; break;
        default: of[n] = (float)p * scale_in + offset_in; break;
        }
      }
    }
  }
  return TC_OK;
}
