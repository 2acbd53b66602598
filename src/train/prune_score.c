/* Channel importance for structured pruning (see tinycnn/prune.h):
 * L1 of the exported filter, batch-norm scale, first-order Taylor. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "host_util.h"
#include "tinycnn/prune.h"

static const char *const names[] = {"l1", "bn", "taylor"};

const char *tc_prune_criterion_name(int c) {
  return c >= 0 && c < 3 ? names[c] : "?";
}

int tc_prune_criterion_parse(const char *s) {
  int i;
  for (i = 0; i < 3; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}

/* Batch-norm scale of channel c of layer l (1 without batch norm). */
static double bn_scale(const tc_layer *l, int c) {
  return l->bn ? l->bn_gamma[c] / sqrt((double)l->bn_var[c] + l->bn_eps) : 1.0;
}

/* Mean |w| of output channel c of a producer, batch norm folded. */
static double filter_l1(const tc_layer *l, int c) {
  size_t per = l->nw / (size_t)l->out_c, k;
  double s = 0;
  for (k = 0; k < per; k++) s += fabs(l->w[(size_t)c * per + k]);
  return s / (double)per * fabs(bn_scale(l, c));
}

/* Per group: the producer and the depthwise layers its channels pass
 * through before the consumer. */
static int group_dw(const tc_net *net, int p, int *dw, int cap) {
  int j, n = 0;
  for (j = p + 1; j < net->nlayers; j++) {
    int k = net->layers[j].kind;
    if (k == TC_LAYER_CONV || k == TC_LAYER_DENSE) break;
    if (k == TC_LAYER_DWCONV && n < cap) dw[n++] = j;
  }
  return n;
}

/* sum over channel c's parameters of param * grad, for layer i as a
 * producer (whole filter) or a depthwise member (its channel). */
static double wg_layer(const tc_net *net, const float *g, int i, int c) {
  const tc_netx *x = tc_x(net);
  const tc_layer *l = &net->layers[i];
  const float *p = tc_net_params(net);
  double s = 0;
  size_t k;
  if (l->kind == TC_LAYER_DWCONV) {
    size_t kk = (size_t)l->kh * l->kw;
    for (k = 0; k < kk; k++) {
      size_t at = x->off_w[i] + k * (size_t)l->out_c + (size_t)c;
      s += (double)p[at] * g[at];
    }
  } else {
    size_t per = l->nw / (size_t)l->out_c;
    for (k = 0; k < per; k++) {
      size_t at = x->off_w[i] + (size_t)c * per + k;
      s += (double)p[at] * g[at];
    }
  }
  s += (double)p[x->off_b[i] + (size_t)c] * g[x->off_b[i] + (size_t)c];
  if (l->bn) {
    s += (double)p[x->off_g[i] + (size_t)c] * g[x->off_g[i] + (size_t)c];
    s += (double)p[x->off_be[i] + (size_t)c] * g[x->off_be[i] + (size_t)c];
  }
  return s;
}

static int taylor(tc_net *net, const tc_dataset *d, int images, uint64_t seed,
                  float **scores, char *err, size_t errlen) {
  enum { B = 32 };
  size_t isz = (size_t)d->h * d->w * d->c, np = tc_net_param_count(net);
  int n = images < d->n ? images : d->n, nb, b, i, c, *perm;
  float *x = malloc(isz * B * sizeof(float)), *g = malloc((np + 1) * sizeof(float));
  float dz[B];
  double **acc = calloc((size_t)net->nlayers, sizeof *acc);
  tc_work *w = tc_work_new(net, B);
  tc_rng r;
  int dw[TC_MAX_LAYERS], rc = -1;
  perm = malloc((size_t)(d->n ? d->n : 1) * sizeof *perm);
  if (!x || !g || !acc || !w || !perm) goto out;
  for (i = 0; i < net->nlayers; i++)
    if (tc_prune_is_producer(net, i) &&
        !(acc[i] = calloc((size_t)net->layers[i].out_c, sizeof(double))))
      goto out;
  /* a seeded choice of images, no augmentation */
  tc_rng_seed(&r, seed ^ 0x7461796c6f72ull);
  for (i = 0; i < d->n; i++) perm[i] = i;
  for (i = d->n - 1; i > 0; i--) {
    int j = (int)(((uint64_t)tc_rng_u32(&r) * (uint64_t)(i + 1)) >> 32), t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  tc_net_prepare(net);
  nb = (n + B - 1) / B;
  for (b = 0; b < nb; b++) {
    int m = n - b * B < B ? n - b * B : B;
    const float *y;
    size_t k;
    for (i = 0; i < m; i++) {
      const uint8_t *px = d->pixels + (size_t)perm[b * B + i] * isz;
      for (k = 0; k < isz; k++) x[(size_t)i * isz + k] = px[k] / 255.0f;
    }
    /* training mode: batch statistics, dropout masks seeded per batch */
    y = tc_forward(net, w, x, m, 1, seed + (uint64_t)b);
    for (i = 0; i < m; i++) {
      tc_bce_logit(y[i], d->labels[perm[b * B + i]] != 0, 1.0f / (float)m, &dz[i]);
    }
    tc_backward(net, w, dz, g, NULL);
    for (i = 0; i < net->nlayers; i++) {
      int nd, j;
      if (!acc[i]) continue;
      nd = group_dw(net, i, dw, TC_MAX_LAYERS);
      for (c = 0; c < net->layers[i].out_c; c++) {
        double s = wg_layer(net, g, i, c);
        for (j = 0; j < nd; j++) s += wg_layer(net, g, dw[j], c);
        acc[i][c] += s * s;
      }
    }
  }
  for (i = 0; i < net->nlayers; i++)
    if (acc[i])
      for (c = 0; c < net->layers[i].out_c; c++)
        scores[i][c] = (float)(acc[i][c] / (nb ? nb : 1));
  rc = 0;
out:
  if (rc) tc_seterr(err, errlen, "pruning: out of memory for Taylor scores");
  if (acc)
    for (i = 0; i < net->nlayers; i++) free(acc[i]);
  free(acc);
  free(x);
  free(g);
  free(perm);
  tc_work_free(w);
  return rc;
}

int tc_prune_scores(tc_net *net, int criterion, const tc_dataset *d,
                    int images, uint64_t seed, float **scores, char *err,
                    size_t errlen) {
  int i, c;
  for (i = 0; i < net->nlayers; i++) {
    scores[i] = NULL;
    if (tc_prune_is_producer(net, i) &&
        !(scores[i] = calloc((size_t)net->layers[i].out_c, sizeof(float)))) {
      tc_seterr(err, errlen, "pruning: out of memory");
      goto fail;
    }
  }
  if (criterion == TC_PRUNE_TAYLOR) {
    if (!d || d->n < 1) {
      tc_seterr(err, errlen, "pruning: Taylor scores need training images");
      goto fail;
    }
    if (taylor(net, d, images, seed, scores, err, errlen) != 0) goto fail;
  } else {
    for (i = 0; i < net->nlayers; i++) {
      const tc_layer *l = &net->layers[i];
      if (!scores[i]) continue;
      for (c = 0; c < l->out_c; c++)
        scores[i][c] = criterion == TC_PRUNE_BN && l->bn
                           ? fabsf(l->bn_gamma[c])
                           : (float)filter_l1(l, c);
    }
  }
  /* each group on one scale: divided by its mean */
  for (i = 0; i < net->nlayers; i++) {
    double m = 0;
    if (!scores[i]) continue;
    for (c = 0; c < net->layers[i].out_c; c++) m += scores[i][c];
    m /= net->layers[i].out_c;
    if (m > 0)
      for (c = 0; c < net->layers[i].out_c; c++)
        scores[i][c] = (float)(scores[i][c] / m);
  }
  return 0;
fail:
  for (i = 0; i < net->nlayers; i++) {
    free(scores[i]);
    scores[i] = NULL;
  }
  return -1;
}
