/* Private to the training engine (src/train/net.c, layers*.c, qat.c). */
#ifndef TC_TRAIN_ENGINE_INTERNAL_H
#define TC_TRAIN_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/train_engine.h"

/* What tc_net_build allocates: the public net first, so a tc_net * is
 * also a tc_netx *. */
typedef struct tc_netx {
  tc_net net;
  float *block;       /* params then state: layers point into it */
  size_t nparam, nstate;
  size_t *off_w, *off_b, *off_g, *off_be; /* per layer, into params */
  /* Prepared by tc_net_prepare: the weights/bias the forward uses. */
  float **weff, **beff;
  float *qblock;      /* storage for weff/beff when they are not w/b */
  /* Activation quantization of each layer's output (when qat). */
  float *act_scale;
  int32_t *act_zp;
  int prepared;
} tc_netx;

static inline tc_netx *tc_x(const tc_net *n) { return (tc_netx *)(void *)n; }

/* A layer that owns a weight tensor (conv, depthwise, dense). */
static inline int tc_has_weights(int kind) {
  return kind == TC_LAYER_CONV || kind == TC_LAYER_DWCONV ||
         kind == TC_LAYER_DENSE;
}

struct tc_work {
  int max_n, n, training;
  int nl;
  const float *x;
  float **out;   /* output of each layer (after activation / fake quant) */
  float **pre;   /* weighted layers: before activation (after bn) */
  float **xhat;  /* bn layers, training: normalized values */
  float **bmean, **bvar; /* bn layers: batch statistics (out_c) */
  int32_t **arg; /* max pool: index of the winning input */
  uint8_t **mask; /* dropout: kept */
  float **col;   /* conv layers: the im2col matrix of the last forward */
  float *dcol;
  size_t col_size;
  float *d0, *d1; /* gradients flowing backwards (max activation size) */
  float *ranges; /* 2 per layer */
};

/* Geometry: output size of a window op (TFLite SAME / VALID). */
int tc_out_dim(int in, int k, int stride, int same);
int tc_pad_before(int in, int out, int k, int stride, int same);

/* Per-layer kernels (layers_conv.c, layers_misc.c). */
void tc_conv_fwd(const tc_layer *l, const float *in, int n, const float *w,
                 const float *b, float *out, float *col);
void tc_conv_bwd(const tc_layer *l, const float *in, int n, const float *w,
                 const float *dout, float *dw, float *db, float *din,
                 const float *col, float *dcol);
void tc_dw_fwd(const tc_layer *l, const float *in, int n, const float *w,
               const float *b, float *out);
void tc_dw_bwd(const tc_layer *l, const float *in, int n, const float *w,
               const float *dout, float *dw, float *db, float *din);
void tc_dense_fwd(const tc_layer *l, const float *in, int n, const float *w,
                  const float *b, float *out);
void tc_dense_bwd(const tc_layer *l, const float *in, int n, const float *w,
                  const float *dout, float *dw, float *db, float *din);
void tc_maxpool_fwd(const tc_layer *l, const float *in, int n, float *out,
                    int32_t *arg);
void tc_maxpool_bwd(const tc_layer *l, int n, const float *dout,
                    const int32_t *arg, float *din);
void tc_avgpool_fwd(const tc_layer *l, const float *in, int n, float *out);
void tc_avgpool_bwd(const tc_layer *l, int n, const float *dout, float *din);

#endif
