/* Structured pruning: channel groups, the cost of a network, which
 * channels to remove and the copy of the kept ones into a smaller net
 * (see tinycnn/prune.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "host_util.h"
#include "tinycnn/prune.h"
#include "tinycnn/runtime.h"

int tc_prune_is_producer(const tc_net *net, int i) {
  int k = net->layers[i].kind;
  return (k == TC_LAYER_CONV || k == TC_LAYER_DENSE) && i < net->nlayers - 1;
}

/* For every layer, the producer whose channels its input carries, or -1
 * (the image, or a layer that is not a producer). */
static void input_producers(const tc_net *net, int *inp) {
  int i, cur = -1;
  for (i = 0; i < net->nlayers; i++) {
    int k = net->layers[i].kind;
    inp[i] = cur;
    if (k == TC_LAYER_CONV || k == TC_LAYER_DENSE)
      cur = tc_prune_is_producer(net, i) ? i : -1;
  }
}

/* MACs and parameters with producer i at outc[i] channels (outc NULL or
 * outc[i] <= 0: as built). */
static void cost_with(const tc_net *net, const int *outc, uint64_t *macs,
                      uint64_t *params) {
  uint64_t m = 0, p = 0;
  int i, c = net->in_c;
  for (i = 0; i < net->nlayers; i++) {
    const tc_layer *l = &net->layers[i];
    uint64_t hw = (uint64_t)l->out_h * l->out_w, oc = (uint64_t)l->out_c;
    int ic = c;
    if (outc && outc[i] > 0 && tc_prune_is_producer(net, i)) oc = (uint64_t)outc[i];
    switch (l->kind) {
    case TC_LAYER_CONV:
      m += hw * oc * (uint64_t)l->kh * l->kw * (uint64_t)ic;
      p += oc * (uint64_t)l->kh * l->kw * (uint64_t)ic + oc;
      c = (int)oc;
      break;
    case TC_LAYER_DWCONV:
      m += hw * (uint64_t)ic * l->kh * l->kw;
      p += (uint64_t)ic * l->kh * l->kw + (uint64_t)ic;
      break;
    case TC_LAYER_DENSE: {
      /* input: in_h * in_w positions of ic channels (NHWC flattened) */
      uint64_t in = (uint64_t)l->in_h * l->in_w * (uint64_t)ic;
      if (l->in_h == 1 && l->in_w == 1 && i > 0 &&
          net->layers[i - 1].kind == TC_LAYER_FLATTEN) {
        const tc_layer *f = &net->layers[i - 1];
        in = (uint64_t)f->in_h * f->in_w * (uint64_t)ic;
      }
      m += in * oc;
      p += in * oc + oc;
      c = (int)oc;
      break;
    }
    case TC_LAYER_FLATTEN:
      /* keeps counting channels of the flattened tensor's last axis */
      break;
    default:
      break;
    }
  }
  *macs = m;
  *params = p;
}

void tc_net_cost(const tc_net *net, uint64_t *macs, uint64_t *params) {
  cost_with(net, NULL, macs, params);
}

int tc_net_footprint(const tc_net *net, size_t *model_bytes, size_t *arena) {
  uint8_t *bytes = NULL;
  size_t len = 0;
  char err[256];
  tc_model m;
  int rc = -1;
  if (tc_net_export(net, TC_EXPORT_INT8, &bytes, &len, err, sizeof err) != 0)
    return -1;
  if (tc_model_load(&m, bytes, len) == TC_OK &&
      tc_model_arena_size(&m, arena) == TC_OK) {
    *model_bytes = len;
    rc = 0;
  }
  free(bytes);
  return rc;
}

/* ---- selection ---------------------------------------------------------- */
typedef struct cand {
  float s;
  int layer, ch;
} cand;

static int cand_cmp(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->s < y->s) return -1;
  if (x->s > y->s) return 1;
  if (x->layer != y->layer) return x->layer < y->layer ? -1 : 1;
  return x->ch < y->ch ? -1 : x->ch > y->ch;
}

/* Arena and model bytes of the net with these channel counts. */
static int measure_counts(const tc_net *net, const tc_train_cfg *cfg,
                          const int *chan, size_t *model, size_t *arena,
                          char *err, size_t errlen) {
  tc_net *n = tc_net_build_chan(cfg->spec, cfg->in_h, cfg->in_w, cfg->in_c,
                                cfg->seed, chan, net->nlayers, err, errlen);
  int i, rc;
  if (!n) return -1;
  for (i = 0; i < n->nlayers; i++) { /* the weights do not change sizes */
    n->layers[i].out_min = net->layers[i].out_min;
    n->layers[i].out_max = net->layers[i].out_max;
  }
  rc = tc_net_footprint(n, model, arena);
  if (rc != 0) tc_seterr(err, errlen, "pruning: cannot export a candidate");
  tc_net_free(n);
  return rc;
}

static int limits_met(const tc_net *net, const tc_train_cfg *cfg,
                      const int *chan, const tc_prune_limits *lim,
                      int *err_rc, char *err, size_t errlen) {
  uint64_t m, p;
  size_t model = 0, arena = 0;
  cost_with(net, chan, &m, &p);
  if (lim->max_macs && m > lim->max_macs) return 0;
  if (lim->max_params && p > lim->max_params) return 0;
  if (!lim->max_arena && !lim->max_model) return 1;
  if (measure_counts(net, cfg, chan, &model, &arena, err, errlen) != 0) {
    *err_rc = -1;
    return 1;
  }
  if (lim->max_arena && arena > lim->max_arena) return 0;
  if (lim->max_model && model > lim->max_model) return 0;
  return 1;
}

int tc_prune_select(const tc_net *net, const tc_train_cfg *cfg,
                    float *const *scores, const tc_prune_limits *lim,
                    uint8_t **keep, int *chan, char *err, size_t errlen) {
  int nl = net->nlayers, i, n = 0, k, rc = 1, erc = 0;
  cand *cs;
  size_t total = 0;
  for (i = 0; i < nl; i++) {
    keep[i] = NULL;
    chan[i] = 0;
    if (tc_prune_is_producer(net, i)) total += (size_t)net->layers[i].out_c;
  }
  cs = malloc((total ? total : 1) * sizeof *cs);
  if (!cs) goto oom;
  for (i = 0; i < nl; i++) {
    int c;
    if (!tc_prune_is_producer(net, i)) continue;
    keep[i] = malloc((size_t)net->layers[i].out_c);
    if (!keep[i]) goto oom;
    memset(keep[i], 1, (size_t)net->layers[i].out_c);
    chan[i] = net->layers[i].out_c;
    for (c = 0; c < net->layers[i].out_c; c++) {
      float s = scores && scores[i] ? scores[i][c] : 0.0f;
      cs[n].s = s == s ? s : 0.0f;
      cs[n].layer = i;
      cs[n].ch = c;
      n++;
    }
  }
  if (lim->cost_aware && (lim->max_macs || lim->max_params)) {
    /* score / (saving of one channel of its layer, as a share of what is
     * left to remove, summed over the limits), savings normalized */
    uint64_t m0, p0, m1, p1;
    double gm, gp, save[TC_MAX_LAYERS], mean = 0;
    int nprod = 0;
    cost_with(net, chan, &m0, &p0);
    gm = lim->max_macs && m0 > lim->max_macs ? (double)(m0 - lim->max_macs) : 0;
    gp = lim->max_params && p0 > lim->max_params ? (double)(p0 - lim->max_params) : 0;
    for (i = 0; i < nl; i++) {
      save[i] = 0;
      if (!keep[i] || chan[i] <= 1) continue;
      chan[i]--;
      cost_with(net, chan, &m1, &p1);
      chan[i]++;
      if (gm > 0) save[i] += (double)(m0 - m1) / gm;
      if (gp > 0) save[i] += (double)(p0 - p1) / gp;
      mean += save[i];
      nprod++;
    }
    if (nprod && mean > 0) {
      mean /= nprod;
      for (k = 0; k < n; k++) {
        double sv = save[cs[k].layer] / mean;
        cs[k].s = sv > 0 ? (float)(cs[k].s / sv) : INFINITY;
      }
    }
  }
  qsort(cs, (size_t)n, sizeof *cs, cand_cmp);
  if (limits_met(net, cfg, chan, lim, &erc, err, errlen)) {
    rc = 0;
  } else {
    for (k = 0; k < n; k++) {
      int l = cs[k].layer, r = 1, j;
      if (!keep[l][cs[k].ch]) continue; /* removed with its block */
      if (lim->round > 1) {
        /* down to the next multiple: this channel and the layer's next
         * lowest (cs is sorted, so they come later in it) */
        r = chan[l] % lim->round ? chan[l] % lim->round : lim->round;
        if (chan[l] - r < lim->round) continue;
      }
      if (chan[l] - r < 1) continue; /* never the last channel of a layer */
      for (j = k; j < n && r > 0; j++)
        if (cs[j].layer == l && keep[l][cs[j].ch]) {
          keep[l][cs[j].ch] = 0;
          chan[l]--;
          r--;
        }
      if (limits_met(net, cfg, chan, lim, &erc, err, errlen)) {
        rc = 0;
        break;
      }
    }
  }
  free(cs);
  if (rc == 1 && !erc) { /* say how far the smallest network is */
    uint64_t m, p;
    size_t model = 0, arena = 0;
    cost_with(net, chan, &m, &p);
    if (measure_counts(net, cfg, chan, &model, &arena, err, errlen) == 0)
      tc_seterr(err, errlen, "pruning: the limits cannot be met even with one "
                "channel per layer (then MACs %llu, parameters %llu, arena "
                "%zu bytes, model %zu bytes)", (unsigned long long)m,
                (unsigned long long)p, arena, model);
  }
  return erc ? -1 : rc;
oom:
  free(cs);
  for (i = 0; i < nl; i++) {
    free(keep[i]);
    keep[i] = NULL;
  }
  tc_seterr(err, errlen, "pruning: out of memory");
  return -1;
}

/* ---- copying the kept channels ----------------------------------------- */
/* rank[c] = new index of kept channel c (-1 removed); returns the count. */
static int ranks(const uint8_t *keep, int n, int *rank) {
  int c, k = 0;
  for (c = 0; c < n; c++) rank[c] = !keep || keep[c] ? k++ : -1;
  return k;
}

int tc_prune_copy(const tc_net *src, uint8_t *const *keep, tc_net *dst,
                  char *err, size_t errlen) {
  int nl = src->nlayers, i, *inp = NULL, *ro = NULL, *ri = NULL, maxc = 1;
  if (dst->nlayers != nl || dst->in_h != src->in_h || dst->in_w != src->in_w ||
      dst->in_c != src->in_c) {
    tc_seterr(err, errlen, "pruning: the pruned network has another structure");
    return -1;
  }
  for (i = 0; i < nl; i++) {
    if (src->layers[i].out_c > maxc) maxc = src->layers[i].out_c;
    if (src->layers[i].in_c > maxc) maxc = src->layers[i].in_c;
  }
  inp = malloc((size_t)nl * sizeof *inp);
  ro = malloc((size_t)maxc * sizeof *ro);
  ri = malloc((size_t)maxc * sizeof *ri);
  if (!inp || !ro || !ri) {
    free(inp);
    free(ro);
    free(ri);
    tc_seterr(err, errlen, "pruning: out of memory");
    return -1;
  }
  input_producers(src, inp);
  for (i = 0; i < nl; i++) {
    const tc_layer *a = &src->layers[i];
    tc_layer *b = &dst->layers[i];
    const uint8_t *om = NULL, *im = NULL;
    int nin = a->in_c, nout, c, o, y, x;
    b->out_min = a->out_min;
    b->out_max = a->out_max;
    if (b->kind != a->kind) goto mismatch;
    if (!tc_has_weights(a->kind)) continue;
    if (inp[i] >= 0 && keep) im = keep[inp[i]];
    if (tc_prune_is_producer(src, i) && keep) om = keep[i];
    if (a->kind == TC_LAYER_DWCONV) om = im;
    nout = ranks(om, a->out_c, ro);
    if (nout != b->out_c || b->bn != a->bn) goto mismatch;
    if (a->kind == TC_LAYER_CONV) {
      size_t kk = (size_t)a->kh * a->kw;
      int nk = ranks(im, a->in_c, ri);
      if (nk != b->in_c) goto mismatch;
      for (o = 0; o < a->out_c; o++) {
        if (ro[o] < 0) continue;
        for (y = 0; y < (int)kk; y++)
          for (c = 0; c < a->in_c; c++)
            if (ri[c] >= 0)
              b->w[((size_t)ro[o] * kk + (size_t)y) * (size_t)b->in_c + (size_t)ri[c]] =
                  a->w[((size_t)o * kk + (size_t)y) * (size_t)a->in_c + (size_t)c];
      }
    } else if (a->kind == TC_LAYER_DWCONV) {
      size_t kk = (size_t)a->kh * a->kw;
      for (y = 0; y < (int)kk; y++)
        for (c = 0; c < a->out_c; c++)
          if (ro[c] >= 0)
            b->w[(size_t)y * (size_t)b->out_c + (size_t)ro[c]] =
                a->w[(size_t)y * (size_t)a->out_c + (size_t)c];
    } else { /* dense: input k = position * C + channel (NHWC flattened) */
      size_t in_a = a->nw / (size_t)a->out_c, in_b = b->nw / (size_t)b->out_c;
      int C = inp[i] >= 0 ? src->layers[inp[i]].out_c : (int)in_a, nk;
      size_t pos, npos = in_a / (size_t)C;
      nk = ranks(im, C, ri);
      if ((size_t)nk * npos != in_b) goto mismatch;
      for (o = 0; o < a->out_c; o++) {
        if (ro[o] < 0) continue;
        for (pos = 0; pos < npos; pos++)
          for (c = 0; c < C; c++)
            if (ri[c] >= 0)
              b->w[(size_t)ro[o] * in_b + pos * (size_t)nk + (size_t)ri[c]] =
                  a->w[(size_t)o * in_a + pos * (size_t)C + (size_t)c];
      }
    }
    for (c = 0; c < a->out_c; c++) {
      if (ro[c] < 0) continue;
      b->b[ro[c]] = a->b[c];
      if (a->bn) {
        b->bn_gamma[ro[c]] = a->bn_gamma[c];
        b->bn_beta[ro[c]] = a->bn_beta[c];
        b->bn_mean[ro[c]] = a->bn_mean[c];
        b->bn_var[ro[c]] = a->bn_var[c];
        b->bn_eps = a->bn_eps;
      }
    }
    (void)x;
    (void)nin;
  }
  free(inp);
  free(ro);
  free(ri);
  memcpy(dst->class_name, src->class_name, sizeof dst->class_name);
  dst->threshold = src->threshold;
  tc_x(dst)->prepared = 0;
  return 0;
mismatch:
  tc_seterr(err, errlen, "pruning: layer %d of the pruned network does not "
            "match the kept channels", i);
  free(inp);
  free(ro);
  free(ri);
  return -1;
}
