/* Convolution (im2col + sgemm), depthwise convolution and dense layers:
 * forward and backward on a batch of n NHWC images. */
#include <cblas.h>
#include <string.h>

#include "engine.h"

/* 1x1, stride 1: the input already is the im2col matrix. */
static int is_pointwise(const tc_layer *l) {
  return l->kh == 1 && l->kw == 1 && l->stride == 1;
}

/* Rows (image, oy, ox), columns (ky, kx, ic): the OHWI weight order. */
static void im2col(const tc_layer *l, const float *in, int n, float *col) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  int ic = l->in_c, img, oy, ox, ky, kx, c;
  size_t in_img = (size_t)l->in_h * l->in_w * ic;
  for (img = 0; img < n; img++) {
    const float *src = in + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++)
        for (ky = 0; ky < l->kh; ky++) {
          int iy = oy * l->stride - ph + ky;
          int row_ok = iy >= 0 && iy < l->in_h;
          for (kx = 0; kx < l->kw; kx++) {
            int ix = ox * l->stride - pw + kx;
            /* Plain loops: memcpy calls cost more than a few floats. */
            if (!row_ok || ix < 0 || ix >= l->in_w) {
              for (c = 0; c < ic; c++) col[c] = 0.0f;
            } else {
              const float *s = src + ((size_t)iy * l->in_w + ix) * ic;
              for (c = 0; c < ic; c++) col[c] = s[c];
            }
            col += ic;
          }
        }
  }
}

static void col2im(const tc_layer *l, const float *col, int n, float *din) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  int ic = l->in_c, img, oy, ox, ky, kx, c;
  size_t in_img = (size_t)l->in_h * l->in_w * ic;
  memset(din, 0, (size_t)n * in_img * sizeof(float));
  for (img = 0; img < n; img++) {
    float *dst = din + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++)
        for (ky = 0; ky < l->kh; ky++) {
          int iy = oy * l->stride - ph + ky;
          for (kx = 0; kx < l->kw; kx++) {
            int ix = ox * l->stride - pw + kx;
            if (iy >= 0 && iy < l->in_h && ix >= 0 && ix < l->in_w) {
              float *d = dst + ((size_t)iy * l->in_w + ix) * ic;
              for (c = 0; c < ic; c++) d[c] += col[c];
            }
            col += ic;
          }
        }
  }
}

static void add_bias(float *out, size_t rows, int oc, const float *b) {
  size_t r;
  int c;
  for (r = 0; r < rows; r++, out += oc)
    for (c = 0; c < oc; c++) out[c] += b[c];
}

static void sum_rows(const float *d, size_t rows, int oc, float *db) {
  size_t r;
  int c;
  for (c = 0; c < oc; c++) db[c] = 0.0f;
  for (r = 0; r < rows; r++, d += oc)
    for (c = 0; c < oc; c++) db[c] += d[c];
}

void tc_conv_fwd(const tc_layer *l, const float *in, int n, const float *w,
                 const float *b, float *out, float *col) {
  int m = n * l->out_h * l->out_w, k = l->kh * l->kw * l->in_c;
  const float *a = in;
  if (!is_pointwise(l)) {
    im2col(l, in, n, col);
    a = col;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, l->out_c, k, 1.0f,
              a, k, w, k, 0.0f, out, l->out_c);
  add_bias(out, (size_t)m, l->out_c, b);
}

void tc_conv_bwd(const tc_layer *l, const float *in, int n, const float *w,
                 const float *dout, float *dw, float *db, float *din,
                 const float *col, float *dcol) {
  int m = n * l->out_h * l->out_w, k = l->kh * l->kw * l->in_c;
  int pointwise = is_pointwise(l);
  const float *a = pointwise ? in : col; /* col: kept from the forward */
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out_c, k, m, 1.0f,
              dout, l->out_c, a, k, 0.0f, dw, k);
  sum_rows(dout, (size_t)m, l->out_c, db);
  if (!din) return;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, k, l->out_c, 1.0f,
              dout, l->out_c, w, k, 0.0f, pointwise ? din : dcol, k);
  if (!pointwise) col2im(l, dcol, n, din);
}

void tc_dw_fwd(const tc_layer *l, const float *in, int n, const float *w,
               const float *b, float *out) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  int C = l->in_c, img, oy, ox, ky, kx, c;
  size_t in_img = (size_t)l->in_h * l->in_w * C;
  for (img = 0; img < n; img++) {
    const float *src = in + img * in_img;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        float *o = out;
        for (c = 0; c < C; c++) o[c] = b[c];
        for (ky = 0; ky < l->kh; ky++) {
          int iy = oy * l->stride - ph + ky;
          if (iy < 0 || iy >= l->in_h) continue;
          for (kx = 0; kx < l->kw; kx++) {
            int ix = ox * l->stride - pw + kx;
            const float *s, *wk;
            if (ix < 0 || ix >= l->in_w) continue;
            s = src + ((size_t)iy * l->in_w + ix) * C;
            wk = w + ((size_t)ky * l->kw + kx) * C;
            for (c = 0; c < C; c++) o[c] += s[c] * wk[c];
          }
        }
        out += C;
      }
  }
}

void tc_dw_bwd(const tc_layer *l, const float *in, int n, const float *w,
               const float *dout, float *dw, float *db, float *din) {
  int ph = tc_pad_before(l->in_h, l->out_h, l->kh, l->stride, l->same);
  int pw = tc_pad_before(l->in_w, l->out_w, l->kw, l->stride, l->same);
  int C = l->in_c, img, oy, ox, ky, kx, c;
  size_t in_img = (size_t)l->in_h * l->in_w * C;
  memset(dw, 0, l->nw * sizeof(float));
  memset(db, 0, (size_t)C * sizeof(float));
  if (din) memset(din, 0, (size_t)n * in_img * sizeof(float));
  for (img = 0; img < n; img++) {
    const float *src = in + img * in_img;
    float *dsrc = din ? din + img * in_img : NULL;
    for (oy = 0; oy < l->out_h; oy++)
      for (ox = 0; ox < l->out_w; ox++) {
        const float *g = dout;
        for (c = 0; c < C; c++) db[c] += g[c];
        for (ky = 0; ky < l->kh; ky++) {
          int iy = oy * l->stride - ph + ky;
          if (iy < 0 || iy >= l->in_h) continue;
          for (kx = 0; kx < l->kw; kx++) {
            int ix = ox * l->stride - pw + kx;
            size_t at = ((size_t)iy * l->in_w + ix) * C;
            size_t wk = ((size_t)ky * l->kw + kx) * C;
            if (ix < 0 || ix >= l->in_w) continue;
            for (c = 0; c < C; c++) dw[wk + c] += g[c] * src[at + c];
            if (dsrc)
              for (c = 0; c < C; c++) dsrc[at + c] += g[c] * w[wk + c];
          }
        }
        dout += C;
      }
  }
}

void tc_dense_fwd(const tc_layer *l, const float *in, int n, const float *w,
                  const float *b, float *out) {
  int k = l->in_h * l->in_w * l->in_c;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, l->out_c, k, 1.0f,
              in, k, w, k, 0.0f, out, l->out_c);
  add_bias(out, (size_t)n, l->out_c, b);
}

void tc_dense_bwd(const tc_layer *l, const float *in, int n, const float *w,
                  const float *dout, float *dw, float *db, float *din) {
  int k = l->in_h * l->in_w * l->in_c;
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out_c, k, n, 1.0f,
              dout, l->out_c, in, k, 0.0f, dw, k);
  sum_rows(dout, (size_t)n, l->out_c, db);
  if (din)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, l->out_c,
                1.0f, dout, l->out_c, w, k, 0.0f, din, k);
}
