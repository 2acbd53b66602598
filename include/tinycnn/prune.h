/* tinycnn structured pruning (host only, C11; src/train/prune.c,
 * prune_score.c, prune_run.c). Whole output channels are removed: conv
 * filters and dense units together with everything their channel feeds
 * (the depthwise channels and batch-norm entries it passes through and the
 * next conv's or dense's input weights), so the exported model is a
 * standard, smaller .tflite. The last (logit) layer is never pruned and a
 * layer never loses its last channel.
 *
 * Channel group: the output channels of a conv or a non-final dense layer
 * (its "producer"), followed through depthwise, pooling, dropout and
 * flatten to the next conv or dense layer (its "consumer"). */
#ifndef TINYCNN_PRUNE_H
#define TINYCNN_PRUNE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/train_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Importance criteria of a channel. L1: mean |w| of the producer's
 * filter as exported (batch norm folded). BN: |gamma| of the producer's
 * batch norm (L1 where there is none). TAYLOR: first-order Taylor
 * estimate of the loss change when the channel is removed, (sum over the
 * channel's parameters of w * dL/dw)^2, averaged over training batches
 * (Molchanov et al. 2019). Each group's scores are divided by their mean,
 * so groups compare on one scale. */
enum { TC_PRUNE_L1 = 0, TC_PRUNE_BN = 1, TC_PRUNE_TAYLOR = 2 };
const char *tc_prune_criterion_name(int c);
int tc_prune_criterion_parse(const char *s); /* -1 if unknown */

/* 1 when layer i's output channels may be pruned (conv or non-final
 * dense). */
int tc_prune_is_producer(const tc_net *net, int i);

/* What the exported model costs: multiply-accumulates of one inference
 * (conv, depthwise, dense) and parameters (weights + biases, batch norm
 * folded). */
void tc_net_cost(const tc_net *net, uint64_t *macs, uint64_t *params);

/* The int8 export's size and exact arena (tc_model_arena_size). 0 or -1. */
int tc_net_footprint(const tc_net *net, size_t *model_bytes, size_t *arena);

/* Limits a pruning step must reach (0 = none). */
typedef struct tc_prune_limits {
  uint64_t max_macs, max_params;
  size_t max_arena, max_model;
  /* 1: rank channels by score per unit of what removing them saves of
   * the MAC and parameter limits still to reach (each saving divided by
   * the amount still to remove); 0: by score alone. */
  int cost_aware;
  /* > 1: channel counts stay multiples of round (a layer with fewer
   * channels than that is left alone): the kernels work on blocks of 4
   * output channels. */
  int round;
} tc_prune_limits;

/* Channel importance of every producer layer: scores[i] (out_c floats,
 * malloc'd; NULL for other layers), normalized per group. TAYLOR runs
 * forward/backward on up to `images` images of d (no augmentation, in a
 * seeded order). 0 or -1 with err. */
int tc_prune_scores(tc_net *net, int criterion, const tc_dataset *d,
                    int images, uint64_t seed, float **scores, char *err,
                    size_t errlen);

/* Chooses the channels to keep: removes channels in increasing score
 * (ties: layer, then channel index) until every limit holds, never the
 * last channel of a layer. keep[i] (out_c bytes, malloc'd, 1 = kept) for
 * producer layers, NULL for others; chan (nlayers ints) gets the new
 * channel counts (0 for layers that do not own theirs). cfg gives the
 * spec to build candidates with when arena or model limits are set.
 * Returns 0 (limits met), 1 (every layer at one channel and a limit still
 * not met: keep is the smallest network) or -1 with err. */
int tc_prune_select(const tc_net *net, const tc_train_cfg *cfg,
                    float *const *scores, const tc_prune_limits *lim,
                    uint8_t **keep, int *chan, char *err, size_t errlen);

/* Copies the kept channels of src into dst (built with the kept counts,
 * same spec): weights, biases, batch-norm parameters and statistics,
 * activation ranges, class names, threshold. keep = NULL keeps all (a
 * copy). dst->qat is left as built (0). 0 or -1 with err (shape
 * mismatch). */
int tc_prune_copy(const tc_net *src, uint8_t *const *keep, tc_net *dst,
                  char *err, size_t errlen);

/* ---- the gradual schedule (prune_run.c) ---------------------------------
 * Steps 1..steps: score, remove channels down to the step's limits
 * (interpolated linearly from the start to the final ones), fine-tune
 * step_epochs float epochs; then recovery_epochs float epochs and
 * qat_epochs quantization-aware epochs on the final channel counts. After
 * every step the point (MACs, parameters, model bytes, arena, validation
 * accuracy in float and int8 through the runtime) is recorded. The whole
 * state lives in the phase trainer's checkpoint (tc_trainer.ext), so an
 * interrupted run resumes exactly. */
typedef struct tc_prune_opts {
  int criterion, steps, step_epochs, recovery_epochs, qat_epochs;
  float lr; /* fine-tuning learning rate (cosine within each phase) */
  float macs_frac, params_frac; /* fraction to remove, 0 = no limit */
  uint64_t max_macs;
  size_t max_arena, max_model;
  int taylor_images;
  int cost_aware; /* tc_prune_limits.cost_aware */
  int round;      /* tc_prune_limits.round (default 8) */
} tc_prune_opts;
void tc_prune_opts_default(tc_prune_opts *o);

typedef struct tc_prune_point {
  int step;        /* 0 = before pruning, steps + 1 = final (after QAT) */
  int epochs;      /* epochs trained in this run so far */
  uint64_t macs, params;
  uint64_t model_bytes, arena;
  float val_acc, val_acc_int8; /* float forward; int8 through the runtime */
} tc_prune_point;

/* One training epoch of the run, for metrics.csv. */
typedef struct tc_prune_epoch {
  int step; /* 1..steps fine-tuning, steps + 1 recovery and QAT */
  uint64_t macs, params;
  tc_epoch_stats s;
} tc_prune_epoch;

typedef struct tc_prune_state {
  tc_prune_opts o;
  int step;  /* phase of the current trainer: 1..steps, steps + 1 final */
  int npoints, nepochs;
  tc_prune_point points[66];
  tc_prune_epoch *epochs;
  uint64_t macs0, params0;
  uint64_t arena0, model0;
} tc_prune_state;

/* The state in/out of a trainer's ext blob. 0 or -1. */
int tc_prune_state_save(const tc_prune_state *s, tc_trainer *t);
int tc_prune_state_load(tc_prune_state *s, const tc_trainer *t);
void tc_prune_state_free(tc_prune_state *s);

typedef struct tc_prune_hooks {
  void *ctx;
  void (*point)(void *ctx, const tc_prune_state *s, const tc_prune_point *p);
  void (*step)(void *ctx, const tc_prune_state *s, int step, const int *chan,
               int nl); /* after each step's selection */
  const tc_train_hooks *train; /* for every phase's tc_train */
} tc_prune_hooks;

/* Starts a pruning run from a trained net (src, with its cfg and class
 * weights): the phase-1 trainer with the state in its ext. src is only
 * read; hooks->step (may be NULL) sees step 1's selection. NULL with
 * err. */
tc_trainer *tc_prune_start(const tc_trainer *src, const tc_prune_opts *o,
                           const tc_dataset *train, const tc_dataset *val,
                           const tc_prune_hooks *hooks, char *err,
                           size_t errlen);

/* Runs (or resumes) the schedule on *tp, replacing it by each phase's
 * trainer; checkpoints go to work_dir/checkpoint.bin. 0: done (*tp holds
 * the final, quantization-aware net), 1: stopped by the hooks
 * (checkpoint written), -1 with err. */
int tc_prune_run(tc_trainer **tp, const tc_dataset *train,
                 const tc_dataset *val, const char *work_dir,
                 const tc_prune_hooks *hooks, char *err, size_t errlen);

/* RUN/metrics.csv of a pruning run: one row per epoch (phase finetune,
 * recover or qat) and one per point (phase prune), with the columns of
 * training's metrics.csv plus step, macs, params, model_bytes,
 * arena_bytes, val_acc_int8. */
int tc_prune_metrics_write(const tc_prune_state *s, const char *path,
                           char *err, size_t errlen);
/* The trade-off charts (validation accuracy against MACs, parameters and
 * arena; the final point marked) as an HTML fragment, malloc'd. */
char *tc_prune_report_html(const tc_prune_state *s);

#ifdef __cplusplus
}
#endif
#endif
