/* tinycnn training engine (host only, C11): forward/backward of a tc_net,
 * Adam, quantization-aware training, checkpoints and the training loop.
 * The network and data types are in train.h.
 *
 * Determinism: a run is a pure function of its configuration and data.
 * Every batch is split into TC_SHARDS fixed halves (whatever the number of
 * cores), each half is forward/backward'ed on its own workspace (batch
 * normalization uses the statistics of its half: "ghost" batches), and
 * the halves' gradients are summed in a fixed order. Shuffles, augmentation
 * and dropout draw from generators seeded by (seed, epoch, image/batch),
 * never from a shared stream, so thread timing cannot change a bit and a
 * resumed run reproduces an uninterrupted one exactly. */
#ifndef TINYCNN_TRAIN_ENGINE_H
#define TINYCNN_TRAIN_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinycnn/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_SHARDS 2
#define TC_MAX_LAYERS 64 /* layers a spec may have */

/* ---- parameters ----------------------------------------------------------
 * All trainable floats of a net built by tc_net_build are one contiguous
 * vector (layer by layer: w, b, bn_gamma, bn_beta); the batch-norm running
 * statistics follow it (bn_mean, bn_var). */
size_t tc_net_param_count(const tc_net *net);
float *tc_net_params(const tc_net *net);
size_t tc_net_state_count(const tc_net *net);
float *tc_net_state(const tc_net *net);
/* Floats per image at the output of layer i. */
size_t tc_layer_out_size(const tc_layer *l);

/* ---- forward / backward on one workspace ---------------------------------
 * Inputs are float NHWC in [0, 1] (byte / 255: exactly the int8 model's
 * input). A workspace holds up to max_n images' activations. */
typedef struct tc_work tc_work;
tc_work *tc_work_new(const tc_net *net, int max_n);
void tc_work_free(tc_work *w);

/* Computes the weights the forward pass uses (fake-quantized and with
 * batch norm folded when net->qat) and the activation quantization
 * parameters. Call after every change of the weights or ranges. */
int tc_net_prepare(tc_net *net);

/* n logits. training = 1: batch statistics for batch norm and dropout
 * with masks drawn from dropout_seed; 0: running statistics, no dropout. */
const float *tc_forward(tc_net *net, tc_work *w, const float *x, int n,
                        int training, uint64_t dropout_seed);
/* Backward of the last tc_forward given dL/dlogit (n values). Writes the
 * gradient of every parameter into grad (tc_net_param_count floats,
 * overwritten) and, when dx is not NULL, dL/dinput. */
void tc_backward(tc_net *net, tc_work *w, const float *dlogit, float *grad,
                 float *dx);
/* Observed [min, max] of each layer's output (before fake quantization) in
 * the last forward: 2 floats per layer. Layers without their own range
 * (pooling, flatten, dropout) report their input's. */
const float *tc_work_ranges(const tc_work *w);
/* Batch-norm batch statistics of the last training forward: for layer i,
 * mean and variance (out_c each), NULL if the layer has no batch norm. */
const float *tc_work_bn_mean(const tc_work *w, int layer);
const float *tc_work_bn_var(const tc_work *w, int layer);

/* Binary cross-entropy on a logit z for label y (0/1), times weight;
 * *dz = weight * (sigmoid(z) - y). Stable for any z. */
double tc_bce_logit(float z, int y, float weight, float *dz);

/* ---- Adam and the learning-rate schedule ------------------------------ */
typedef struct tc_adam {
  float lr, beta1, beta2, eps, weight_decay; /* decoupled (AdamW) */
  uint64_t t;
  size_t n;
  float *m, *v;
  size_t first;   /* parameters before it are frozen (not updated) */
} tc_adam;
int tc_adam_init(tc_adam *a, size_t n, float lr);
void tc_adam_free(tc_adam *a);
/* One step with learning rate lr (the schedule's) on params. */
void tc_adam_step(tc_adam *a, float *params, const float *grad, float lr);
/* Linear warm-up over `warmup` steps, then cosine from base to
 * base * final_frac at step `total`. */
float tc_lr_cosine(float base, float final_frac, uint64_t step,
                   uint64_t warmup, uint64_t total);

/* ---- quantization-aware training ------------------------------------- */
/* Turns fake quantization on (weights per channel, activations from the
 * layers' tracked ranges). Batch norm is frozen and folded from then on. */
void tc_qat_enable(tc_net *net);
/* Folds in the observed ranges of one batch (TC_SHARDS workspaces, in
 * order) into the layers' EMA ranges (out_min/out_max). */
void tc_qat_track(tc_net *net, const float *const ranges[], int nranges,
                  float momentum);
/* Folds the batch-norm statistics of one batch's workspaces (images per
 * workspace in counts) into the running mean/variance. No-op once qat. */
void tc_bn_track(tc_net *net, tc_work *const works[], const int counts[],
                 int nworks, float momentum);

/* ---- post-training quantization ----------------------------------------
 * Sets every layer's out_min/out_max (the int8 export's activation ranges)
 * from a calibration set, in inference mode (running batch-norm
 * statistics, no dropout, no augmentation), in batches of `batch` images
 * in dataset order. TC_CALIB_MINMAX: the exact minimum and maximum over
 * all images (what TFLite's converter does with a representative
 * dataset). TC_CALIB_EMA: each batch's min/max folded in with `momentum`,
 * as the training-time observers do. Pooling, flatten and dropout get
 * their input's range. 0, or -1 (empty set, wrong image size, out of
 * memory). */
enum { TC_CALIB_MINMAX = 0, TC_CALIB_EMA = 1 };
int tc_calibrate(tc_net *net, const tc_dataset *d, int method, int batch,
                 float momentum);

/* ---- training ---------------------------------------------------------- */
typedef struct tc_train_cfg {
  char spec[TC_SPEC_MAX];
  int in_h, in_w, in_c;
  int epochs, batch, qat_epochs, patience;
  float lr, weight_decay, lr_final_frac, warmup_epochs;
  uint64_t seed;
  tc_augment_opts aug;
  /* Where the data came from, so that --resume needs nothing else. */
  char data_dir[1024], val_dir[1024], positive[64];
  char idx_images[1024], idx_labels[1024];
  int idx_positive, idx_negative;
  float val_fraction;
  /* Post-training quantization instead of QAT (qat_epochs = 0): after
   * training, tc_calibrate on calib_dir's images, or on calib_n training
   * images (seeded choice, no augmentation). */
  int ptq, calib_n, calib_method;
  char calib_dir[1024];
  /* Transfer learning (checkpoint version 3): the backbone's file and cut
   * (for the report; its layers are the first frozen_layers of spec and
   * its weights are in the checkpoint), the int8 input quantization it
   * takes, freeze_epochs epochs training only the head at lr, then the
   * whole network from ft_lr. in_scale 0 = the default 1/255, -128. */
  char backbone[1024], cut[256];
  int frozen_layers, freeze_epochs;
  float ft_lr, in_scale;
  int32_t in_zp;
  /* Fraction of the training images used (after the validation split;
   * stratified, seeded), 0 or 1 = all. */
  float subset;
  /* Structured pruning (src/train/prune.c, checkpoint version 4): the
   * pruned channel count of each layer (nchan = layers, 0 = the spec's;
   * nchan 0 = unpruned) and `train --prune R` (fraction of MACs). */
  int nchan;
  int chan[TC_MAX_LAYERS];
  float prune;
} tc_train_cfg;
void tc_train_cfg_default(tc_train_cfg *c);

typedef struct tc_epoch_stats {
  int epoch; /* 1-based */
  int qat;
  float train_loss, train_acc, val_loss, val_acc, lr, images_per_s, seconds;
} tc_epoch_stats;

typedef struct tc_trainer {
  tc_train_cfg cfg;
  tc_net *net;
  tc_adam adam;
  float class_weight[2];
  int epoch;      /* next epoch index, 0-based in the schedule */
  int batch_pos;  /* next batch inside that epoch (after an interrupt) */
  double part_loss, part_correct, part_seen, part_seconds; /* epoch so far */
  int qat_started;
  float best_val_loss;
  int best_epoch, since_best;
  float *best;    /* params + state at the best validation loss */
  tc_rng rng;     /* drawn from only at epoch starts (recorded) */
  int nhist;
  tc_epoch_stats *hist;
  int done;       /* 1: finished (epochs done or stopped early) */
  /* Opaque state of a driver around the training loop (the pruning
   * schedule, src/train/prune.c) saved with every checkpoint (version 3);
   * malloc'd, freed with the trainer. */
  unsigned char *ext;
  size_t ext_len;
} tc_trainer;

/* A new trainer: builds the net from cfg (err on bad spec). */
tc_trainer *tc_trainer_new(const tc_train_cfg *cfg, const int counts[2],
                           char *err, size_t errlen);
void tc_trainer_free(tc_trainer *t);

/* Progress callbacks (may be NULL). */
typedef struct tc_train_hooks {
  void *ctx;
  /* Every batch: done/total batches of this epoch, running loss/accuracy. */
  void (*batch)(void *ctx, const tc_trainer *t, int done, int total,
                float loss, float acc);
  void (*epoch)(void *ctx, const tc_trainer *t, const tc_epoch_stats *s);
  /* Polled after every batch: nonzero stops (checkpoint, return 1). */
  volatile sig_atomic_t *stop;
  /* Stop after this many epochs in this call (tests); 0 = no limit. */
  int max_epochs;
} tc_train_hooks;

/* Trains until the configured epochs are done or early stopping, writing
 * RUN/checkpoint.bin after every epoch (and when stopped) and
 * RUN/metrics.csv. Returns 0 when finished (best weights restored), 1 when
 * stopped by hooks (checkpoint written), -1 with err. */
int tc_train(tc_trainer *t, const tc_dataset *train, const tc_dataset *val,
             const char *run_dir, const tc_train_hooks *hooks, char *err,
             size_t errlen);

/* Loss and accuracy of the net on a dataset (inference mode, both cores);
 * scores (d->n sigmoid outputs) when not NULL. */
int tc_evaluate(tc_net *net, const tc_dataset *d, const float cw[2],
                float *loss, float *acc, float *scores);

/* ---- checkpoints --------------------------------------------------------
 * The whole trainer in one file, written atomically (temp file, fsync,
 * rename, fsync of the directory) and checked by a trailing FNV-1a hash
 * on load. */
int tc_checkpoint_save(const tc_trainer *t, const char *path, char *err,
                       size_t errlen);
tc_trainer *tc_checkpoint_load(const char *path, char *err, size_t errlen);
int tc_metrics_write(const tc_trainer *t, const char *path, char *err,
                     size_t errlen);
/* Atomic whole-file write (temp file, fsync, rename, directory fsync). */
int tc_write_atomic(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
