/* Max and average pooling, forward and backward. SAME padding follows
 * TFLite: padded cells are ignored (max) or not counted (average). */
#include <float.h>
#include <string.h>

#include "engine.h"

/* 2x2, stride 2, no padding: the common case, without bounds checks. */
static void maxpool2(const tc_layer *l, const float *in, int n, float *out,
                     int32_t *arg) {
  int C = l->in_c, img, oy, ox, c;
  size_t in_img = (size_t)l->in_h * l->in_w * C, row = (size_t)l->in_w * C;
  for (img = 0; img < n; img++) {
    size_t base = img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        size_t a = base + (size_t)(2 * oy) * row + (size_t)(2 * ox) * C;
        const float *p0 = in + a, *p1 = p0 + C, *p2 = p0 + row, *p3 = p2 + C;
        for (c = 0; c < C; c++) {
          float m = p0[c];
          int32_t k = (int32_t)(a + c);
          if (p1[c] > m) { m = p1[c]; k = (int32_t)(a + C + c); }
          if (p2[c] > m) { m = p2[c]; k = (int32_t)(a + row + c); }
          if (p3[c] > m) { m = p3[c]; k = (int32_t)(a + row + C + c); }
          out[c] = m;
          arg[c] = k;
        }
        out += C;
        arg += C;
      }
  }
}

void tc_maxpool_fwd(const tc_layer *l, const float *in, int n, float *out,
                    int32_t *arg) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  int C = l->in_c, img, oy, ox, ky, kx, c;
  size_t in_img = (size_t)l->in_h * l->in_w * C;
  if (l->kh == 2 && l->kw == 2 && l->stride == 2 && l->in_h == 2 * l->out_h &&
      l->in_w == 2 * l->out_w) {
    maxpool2(l, in, n, out, arg);
    return;
  }
  for (img = 0; img < n; img++) {
    const float *src = in + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        for (c = 0; c < C; c++) {
          out[c] = -FLT_MAX;
          arg[c] = -1;
        }
        for (ky = 0; ky < l->kh; ky++) {
          int iy = oy * l->stride - ph + ky;
          if (iy < 0 || iy >= l->in_h) continue;
          for (kx = 0; kx < l->kw; kx++) {
            int ix = ox * l->stride - pw + kx;
            size_t at;
            if (ix < 0 || ix >= l->in_w) continue;
            at = ((size_t)iy * l->in_w + ix) * C;
            for (c = 0; c < C; c++)
              if (src[at + c] > out[c]) { /* first maximum wins ties */
                out[c] = src[at + c];
                arg[c] = (int32_t)(img * in_img + at + c);
              }
          }
        }
        out += C;
        arg += C;
      }
  }
}

void tc_maxpool_bwd(const tc_layer *l, int n, const float *dout,
                    const int32_t *arg, float *din) {
  size_t i, nout = (size_t)n * tc_layer_out_size(l);
  memset(din, 0, (size_t)n * l->in_h * l->in_w * l->in_c * sizeof(float));
  for (i = 0; i < nout; i++)
    if (arg[i] >= 0) din[arg[i]] += dout[i];
}

/* Cells of output (oy, ox) inside the input: [y0, y1) x [x0, x1). */
static void window(const tc_layer *l, int oy, int ox, int *y0, int *y1,
                   int *x0, int *x1) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  *y0 = oy * l->stride - ph;
  *x0 = ox * l->stride - pw;
  *y1 = *y0 + l->kh;
  *x1 = *x0 + l->kw;
  if (*y0 < 0) *y0 = 0;
  if (*x0 < 0) *x0 = 0;
  if (*y1 > l->in_h) *y1 = l->in_h;
  if (*x1 > l->in_w) *x1 = l->in_w;
}

void tc_avgpool_fwd(const tc_layer *l, const float *in, int n, float *out) {
  int C = l->in_c, img, oy, ox, y, x, c, y0, y1, x0, x1;
  size_t in_img = (size_t)l->in_h * l->in_w * C;
  for (img = 0; img < n; img++) {
    const float *src = in + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        float inv;
        window(l, oy, ox, &y0, &y1, &x0, &x1);
        inv = 1.0f / (float)((y1 - y0) * (x1 - x0));
        for (c = 0; c < C; c++) out[c] = 0.0f;
        for (y = y0; y < y1; y++)
          for (x = x0; x < x1; x++) {
            const float *s = src + ((size_t)y * l->in_w + x) * C;
            for (c = 0; c < C; c++) out[c] += s[c];
          }
        for (c = 0; c < C; c++) out[c] *= inv;
        out += C;
      }
  }
}

void tc_avgpool_bwd(const tc_layer *l, int n, const float *dout, float *din) {
  int C = l->in_c, img, oy, ox, y, x, c, y0, y1, x0, x1;
  size_t in_img = (size_t)l->in_h * l->in_w * C;
  memset(din, 0, (size_t)n * in_img * sizeof(float));
  for (img = 0; img < n; img++) {
    float *dst = din + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        float inv;
        window(l, oy, ox, &y0, &y1, &x0, &x1);
        inv = 1.0f / (float)((y1 - y0) * (x1 - x0));
        for (y = y0; y < y1; y++)
          for (x = x0; x < x1; x++) {
            float *d = dst + ((size_t)y * l->in_w + x) * C;
            for (c = 0; c < C; c++) d[c] += dout[c] * inv;
          }
        dout += C;
      }
  }
}
