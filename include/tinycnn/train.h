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
  /* Upper bound of the activation (relu/relu6) in float, 0 = none: an
   * imported backbone layer whose int8 output range stops below its
   * activation's (spec modifier mX, src/train/backbone.c). */
  float clamp;
} tc_layer;

typedef struct tc_net {
  int in_h, in_w, in_c;
  int nlayers;
  tc_layer *layers; /* the last layer is DENSE with out_c = 1: a logit */
  char class_name[2][64];
  float threshold;  /* decision threshold on the sigmoid score, 0..1 */
  int qat;          /* 1 once fake quantization is on */
  /* Input quantization of the int8 model: a camera byte p is the int8
   * value p - 128, i.e. the real value (p - 128 - in_zp) * in_scale.
   * Default 1/255, -128 (p / 255); a backbone's own otherwise; in_scale
   * <= 0 also means the default (tc_net_input_q). */
  float in_scale;
  int32_t in_zp;
  int frozen;       /* layers [0, frozen) get no gradient (backbone) */
} tc_net;

/* The float input of the network for each camera byte 0..255. */
void tc_net_input_lut(const tc_net *net, float lut[256]);
/* The input quantization (in_scale <= 0, e.g. a hand-made tc_net: the
 * default 1/255, -128) and the real range it covers (pixels 0 and 255). */
void tc_net_input_q(const tc_net *net, float *scale, int32_t *zp, float *lo,
                    float *hi);

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

/* ---- transfer learning: a .tflite backbone (src/train/backbone.c) ------
 * CONV_2D, DEPTHWISE_CONV_2D (multiplier 1, or one input channel: then a
 * conv), FULLY_CONNECTED, pooling, RESHAPE and PAD (when it equals SAME
 * padding of the next conv) of a model, read with the runtime's loader,
 * up to a cut, as trainer layers with float weights: int8 weights
 * dequantized per channel, int32 biases at their scales, fused
 * activations and paddings kept, and an int8 output range narrower than
 * the activation's kept as a clamp (spec modifier mX). */
#define TC_SPEC_MAX 2048
typedef struct tc_backbone {
  char spec[TC_SPEC_MAX]; /* the layers as a spec ("c8k3s2r6,dw3r6,...") */
  char cut[256];          /* name of the tensor at the cut */
  int cut_index;          /* its index in the model */
  int in_h, in_w, in_c;
  float in_scale;         /* the model's int8 input quantization */
  int32_t in_zp;
  int nlayers;            /* trainer layers in spec */
  int flat;               /* 1: the cut is a vector (the head is fc1 only) */
  int head;               /* 1: the model's own classifier is the last layer
                             (fc1 = logit of class 1 minus class 0) */
  size_t nparams;
  float *params;          /* w then b of each weighted layer, in order */
  float *ranges;          /* 2 per layer: its int8 output range */
  int nclamped;           /* layers given a clamp */
} tc_backbone;
/* cut: a tensor name, "t<INDEX>", NULL or "auto" (the input of the last
 * global average pool: everything before the classifier), or "head"
 * (the whole model, its 2-class classifier turned into one logit: to
 * check the import against the model's own outputs). 0, or -1 with err
 * naming the op and what was expected. */
int tc_backbone_load(const char *path, const char *cut, tc_backbone *bb,
                     char *err, size_t errlen);
/* Copies the backbone's weights and output ranges into the first
 * bb->nlayers layers of net (built from a spec that starts with bb->spec)
 * and its input quantization into net. 0, or -1 when the layers differ. */
int tc_backbone_apply(const tc_backbone *bb, tc_net *net, char *err,
                      size_t errlen);
void tc_backbone_free(tc_backbone *bb);

#ifdef __cplusplus
}
#endif
#endif
