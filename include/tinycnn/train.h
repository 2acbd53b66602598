/* tinycnn training (host only: C11, malloc, threads). From a folder of
 * images to a network whose int8 export is exactly what the device runs.
 *
 * Three parts share this header:
 *   data    src/train/dataset.c, augment.c  - images -> model-size bytes
 *   engine  src/train/net.c, layers*.c, optim.c, checkpoint.c, train.c
 *   export  src/train/qparams.c, src/export/net_export.c, eval.c, report.c
 * Every image goes through src/image (tc_image_to_tensor) exactly as on
 * the device: the trainer never has a second preprocessing path. */
#ifndef TINYCNN_TRAIN_H
#define TINYCNN_TRAIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- random numbers: one small deterministic generator everywhere ---- */
typedef struct tc_rng { uint64_t s; } tc_rng;
void tc_rng_seed(tc_rng *r, uint64_t seed);
uint32_t tc_rng_u32(tc_rng *r);
float tc_rng_uniform(tc_rng *r); /* [0, 1) */
float tc_rng_normal(tc_rng *r);  /* N(0, 1) */

/* ---- data --------------------------------------------------------------
 * Images stored at the model's input size as the bytes the camera path
 * produces: uint8 0..255, NHWC, channels 1 (grey) or 3 (RGB), produced by
 * tc_image_to_tensor into a uint8 tensor of scale 1/255, zero point 0.
 * The int8 model input is then exactly byte ^ 0x80. */
typedef struct tc_dataset {
  int h, w, c;
  int n;
  uint8_t *pixels;  /* n * h * w * c */
  uint8_t *labels;  /* n, 1 = positive class */
  char **paths;     /* n source names (file path, or "idx:INDEX") */
  char class_name[2][64]; /* [0] negative, [1] positive */
} tc_dataset;

/* One subfolder per class (exactly two); `positive` names the positive
 * subfolder, NULL = the second in sorted order. Unreadable or unsupported
 * files are skipped and each is listed on `log` with the reason. Returns 0
 * or -1 with a message in err (empty folder, one class, ...). */
int tc_dataset_load_dir(const char *dir, int h, int w, int c,
                        const char *positive, tc_dataset *out, FILE *log,
                        char *err, size_t errlen);
/* MNIST/Fashion-MNIST IDX files (gzip or plain, via zlib); keeps the two
 * classes, `positive` -> label 1, `negative` -> 0. */
int tc_dataset_load_idx(const char *images, const char *labels, int positive,
                        int negative, int h, int w, int c, tc_dataset *out,
                        char *err, size_t errlen);
/* Deterministic stratified split: the same seed gives the same split. */
int tc_dataset_split(const tc_dataset *all, double val_fraction, uint64_t seed,
                     tc_dataset *train, tc_dataset *val);
void tc_dataset_counts(const tc_dataset *d, int counts[2]);
void tc_dataset_free(tc_dataset *d);

typedef struct tc_augment_opts {
  int max_shift;      /* pixels, random translation with edge replicate */
  int flip;           /* random horizontal flip */
  float brightness;   /* +- fraction of 255 */
  float contrast;     /* +- fraction around the image mean */
} tc_augment_opts;
/* Writes one augmented copy of image i into dst (h * w * c bytes). */
void tc_augment(const tc_dataset *d, int i, uint8_t *dst, tc_rng *r,
                const tc_augment_opts *o);

/* ---- the network -------------------------------------------------------
 * A plain stack of layers. Weight layouts are TFLite's, so export is a
 * copy: conv OHWI [out_c][kh][kw][in_c]; depthwise [kh][kw][out_c] (TFLite
 * [1,kh,kw,out_c], multiplier 1); dense [out][in]. A layer with bn != 0 has
 * batch normalization after its conv/dense (folded into w and b at export),
 * then the fused activation `act`. */
enum {
  TC_LAYER_CONV = 1,
  TC_LAYER_DWCONV = 2,
  TC_LAYER_MAXPOOL = 3,
  TC_LAYER_AVGPOOL = 4,     /* kh x kw window; kh = in_h, kw = in_w = global */
  TC_LAYER_FLATTEN = 5,
  TC_LAYER_DENSE = 6,
  TC_LAYER_DROPOUT = 7
};
enum { TC_LACT_NONE = 0, TC_LACT_RELU = 1, TC_LACT_RELU6 = 3 }; /* = TFLite */

typedef struct tc_layer {
  int kind;
  int kh, kw, stride, same; /* same = 1: TFLite SAME padding, 0: VALID */
  int act;
  int bn;
  float dropout; /* rate, TC_LAYER_DROPOUT only */
  int in_h, in_w, in_c, out_h, out_w, out_c;
  float *w, *b;  /* b always present for conv/dwconv/dense (zeros if unused) */
  size_t nw;
  float *bn_gamma, *bn_beta, *bn_mean, *bn_var; /* out_c each, when bn */
  float bn_eps;
  /* Range of this layer's output (after activation), tracked during
   * training (EMA) and used for QAT and int8 export. */
  float out_min, out_max;
} tc_layer;

typedef struct tc_net {
  int in_h, in_w, in_c;
  int nlayers;
  tc_layer *layers; /* the last layer is DENSE with out_c = 1: a logit */
  char class_name[2][64];
  float threshold;  /* decision threshold on the sigmoid score, 0..1 */
  int qat;          /* 1 once fake quantization is on */
} tc_net;

/* Builds a network from a spec string and input size; NULL + err on error.
 * "seed"            Conv16 3x3 same relu, MaxPool 2, Conv32 3x3 same relu,
 *                   MaxPool 2, Flatten, Dense 1
 * "mobilenet:0.25"  depthwise-separable stack (person-detection family)
 * custom, comma-separated: "c16k3s1r,bn,p2,d0.25,dw3s2r,f,fc1" - see
 * tc_net_spec_help(). Weights are initialised from `seed`. */
tc_net *tc_net_build(const char *spec, int in_h, int in_w, int in_c,
                     uint64_t seed, char *err, size_t errlen);
/* The same with channel counts replacing the spec's (structured pruning,
 * src/train/prune.c): chan[i] > 0 is layer i's out_c (conv or non-final
 * dense only, at most the spec's), 0 keeps the spec's; nchan must equal
 * the spec's layer count. chan = NULL: tc_net_build. */
tc_net *tc_net_build_chan(const char *spec, int in_h, int in_w, int in_c,
                          uint64_t seed, const int *chan, int nchan,
                          char *err, size_t errlen);
const char *tc_net_spec_help(void);
void tc_net_free(tc_net *net);

/* ---- quantization rules shared by QAT and export -----------------------
 * TFLite's: activations per-tensor asymmetric int8 from a [min, max] range
 * widened to contain 0 and nudged so that 0.0 is exactly representable;
 * weights per-output-channel symmetric int8 (scale = max|w| / 127, zero
 * point 0); biases int32 with scale = input_scale * weight_scale. */
void tc_qparams_act(float min, float max, float *scale, int32_t *zero_point);
float tc_qparams_weight_scale(const float *w, size_t n, size_t stride);
/* Fake quantization with the runtime's rounding: q = clamp(round(x / s)
 * + zp, -128, 127); returns (q - zp) * s. */
float tc_fake_quant(float x, float scale, int32_t zero_point);

/* ---- export ------------------------------------------------------------ */
enum { TC_EXPORT_INT8 = 0, TC_EXPORT_FLOAT = 1, TC_EXPORT_HYBRID = 2 };
/* A standard .tflite. INT8: input int8 scale 1/255 zero point -128 (a
 * camera byte maps with ^ 0x80), output LOGISTIC int8 scale 1/256 zero
 * point -128. FLOAT: float32 throughout, LOGISTIC output. HYBRID: int8
 * weights, float activations (what TFLite's dynamic-range converter
 * writes). Returns 0, or -1 with err. */
int tc_net_export(const tc_net *net, int mode, uint8_t **bytes, size_t *len,
                  char *err, size_t errlen);
/* model_data.c / model_data.h for firmware: 16-byte aligned const array,
 * its length, input shape/dtype/scale/zero point, labels, threshold and
 * the exact arena size (measured with tc_model_arena_size). */
int tc_export_c(const uint8_t *tflite, size_t len, const char *labels[2],
                float threshold, const char *outdir, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
