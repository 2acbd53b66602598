/* Network construction from a spec string, initialisation, parameters. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "host_util.h"

#define MAX_LAYERS TC_MAX_LAYERS

static const char spec_help[] =
    "A spec is a comma-separated list of layers:\n"
    "  cN[kK][sS][r|r6][v]  conv: N filters, KxK (default 3), stride S\n"
    "                       (default 1), relu/relu6, v = VALID (default SAME)\n"
    "  dwK[sS][r|r6][v]     depthwise conv KxK (multiplier 1)\n"
    "  bn                   batch norm on the previous conv/dw/fc (before\n"
    "                       its activation; folded into it at export)\n"
    "  pK[sS][v]            max pool KxK, stride S (default K)\n"
    "  apK[sS][v]           average pool; gap = global average pool\n"
    "  dR                   dropout, rate R (e.g. d0.25)\n"
    "  f                    flatten\n"
    "  fcN[r|r6]            dense, N units (the last layer must be fc1)\n"
    "  mX after r/r6        clamp the activation at X (an imported layer's\n"
    "                       int8 output range, e.g. c16k1r6m4.75)\n"
    "Named: seed = c16k3r,p2,c32k3r,p2,f,fc1; mobilenet:ALPHA =\n"
    "MobileNet v1 (person-detection family) with batch norm and relu6.\n";

const char *tc_net_spec_help(void) { return spec_help; }

int tc_out_dim(int in, int k, int stride, int same) {
  if (same) return (in + stride - 1) / stride;
  return in >= k ? (in - k) / stride + 1 : 0;
}

int tc_pad_before(int in, int out, int k, int stride, int same) {
  int total;
  if (!same) return 0;
  total = (out - 1) * stride + k - in;
  return total > 0 ? total / 2 : 0;
}

size_t tc_layer_out_size(const tc_layer *l) {
  return (size_t)l->out_h * l->out_w * l->out_c;
}

/* Reads an unsigned integer at *p; -1 when there is none. */
static int read_int(const char **p) {
  long v = 0;
  if (!isdigit((unsigned char)**p)) return -1;
  while (isdigit((unsigned char)**p)) {
    v = v * 10 + (**p - '0');
    if (v > 100000) return -1;
    (*p)++;
  }
  return (int)v;
}

/* Modifiers k, s, r, r6, v after a layer's number. */
static int read_mods(const char *p, tc_layer *l, int allow_act,
                     int allow_k) {
  while (*p) {
    char c = *p++;
    int v;
    if (c == 'k' && allow_k) {
      if ((v = read_int(&p)) < 1) return -1;
      l->kh = l->kw = v;
    } else if (c == 's') {
      if ((v = read_int(&p)) < 1) return -1;
      l->stride = v;
    } else if (c == 'r' && allow_act) {
      if (*p == '6') {
        p++;
        l->act = TC_LACT_RELU6;
      } else {
        l->act = TC_LACT_RELU;
      }
    } else if (c == 'v') {
      l->same = 0;
    } else if (c == 'm' && allow_act) {
      char *end;
      double x = strtod(p, &end);
      if (end == p || !(x > 0.0 && x < 1e30)) return -1;
      l->clamp = (float)x;
      p = end;
    } else {
      return -1;
    }
  }
  return 0;
}

/* One token -> a layer (bn: *bn_only = 1, nothing added). */
static int parse_token(const char *tok, tc_layer *l, int *bn_only) {
  const char *p = tok;
  int v;
  memset(l, 0, sizeof *l);
  l->same = 1;
  l->stride = 1;
  *bn_only = 0;
  if (!strcmp(tok, "bn")) {
    *bn_only = 1;
    return 0;
  }
  if (!strcmp(tok, "f")) {
    l->kind = TC_LAYER_FLATTEN;
    return 0;
  }
  if (!strcmp(tok, "gap")) {
    l->kind = TC_LAYER_AVGPOOL;
    l->kh = l->kw = 0; /* resolved to the input size */
    l->same = 0;
    return 0;
  }
  if (!strncmp(tok, "fc", 2)) {
    p = tok + 2;
    l->kind = TC_LAYER_DENSE;
    if ((v = read_int(&p)) < 1) return -1;
    l->out_c = v;
    return read_mods(p, l, 1, 0) || l->stride != 1 || !l->same ? -1 : 0;
  }
  if (!strncmp(tok, "dw", 2)) {
    p = tok + 2;
    l->kind = TC_LAYER_DWCONV;
    l->kh = l->kw = 3;
    if (isdigit((unsigned char)*p)) l->kh = l->kw = read_int(&p);
    if (l->kh < 1) return -1;
    return read_mods(p, l, 1, 1);
  }
  if (!strncmp(tok, "ap", 2) || tok[0] == 'p') {
    p = tok + (tok[0] == 'a' ? 2 : 1);
    l->kind = tok[0] == 'a' ? TC_LAYER_AVGPOOL : TC_LAYER_MAXPOOL;
    if ((v = read_int(&p)) < 1) return -1;
    l->kh = l->kw = l->stride = v;
    return read_mods(p, l, 0, 0);
  }
  if (tok[0] == 'd') {
    char *end;
    double r = strtod(tok + 1, &end);
    if (end == tok + 1 || *end || !(r >= 0.0 && r < 1.0)) return -1;
    l->kind = TC_LAYER_DROPOUT;
    l->dropout = (float)r;
    return 0;
  }
  if (tok[0] == 'c') {
    p = tok + 1;
    l->kind = TC_LAYER_CONV;
    l->kh = l->kw = 3;
    if ((v = read_int(&p)) < 1) return -1;
    l->out_c = v;
    return read_mods(p, l, 1, 1);
  }
  return -1;
}

static int mobilenet_spec(double alpha, char *out, size_t cap) {
  static const int pw[13] = {64, 128, 128, 256, 256, 512, 512,
                             512, 512, 512, 512, 1024, 1024};
  static const int st[13] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
  size_t len;
  int i;
  if (!(alpha > 0.0 && alpha <= 4.0)) return -1;
#define CH(x) ((int)((x) * alpha + 0.5) < 8 ? 8 : (int)((x) * alpha + 0.5))
  len = (size_t)snprintf(out, cap, "c%dk3s2r6,bn", CH(32));
  for (i = 0; i < 13 && len < cap; i++)
    len += (size_t)snprintf(out + len, cap - len, ",dw3s%dr6,bn,c%dk1r6,bn",
                            st[i], CH(pw[i]));
#undef CH
  if (len < cap) len += (size_t)snprintf(out + len, cap - len, ",gap,d0.1,fc1");
  return len < cap ? 0 : -1;
}

/* Shapes, sizes and checks, layer by layer. */
static int infer_shapes(tc_net *net, char *err, size_t errlen) {
  int h = net->in_h, w = net->in_w, c = net->in_c, i;
  for (i = 0; i < net->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    l->in_h = h;
    l->in_w = w;
    l->in_c = c;
    switch (l->kind) {
    case TC_LAYER_CONV:
    case TC_LAYER_DWCONV:
      if (l->kind == TC_LAYER_DWCONV) l->out_c = c;
      l->out_h = tc_out_dim(h, l->kh, l->stride, l->same);
      l->out_w = tc_out_dim(w, l->kw, l->stride, l->same);
      l->nw = (size_t)l->kh * l->kw *
              (l->kind == TC_LAYER_CONV ? (size_t)c * l->out_c : (size_t)c);
      break;
    case TC_LAYER_MAXPOOL:
    case TC_LAYER_AVGPOOL:
      if (l->kh == 0) { /* global */
        l->kh = h;
        l->kw = w;
        l->stride = 1;
      }
      l->out_c = c;
      l->out_h = tc_out_dim(h, l->kh, l->stride, l->same);
      l->out_w = tc_out_dim(w, l->kw, l->stride, l->same);
      break;
    case TC_LAYER_FLATTEN:
      l->out_h = l->out_w = 1;
      l->out_c = h * w * c;
      break;
    case TC_LAYER_DROPOUT:
      l->out_h = h;
      l->out_w = w;
      l->out_c = c;
      break;
    case TC_LAYER_DENSE:
      l->out_h = l->out_w = 1;
      l->nw = (size_t)l->out_c * h * w * c;
      break;
    }
    if (l->out_h < 1 || l->out_w < 1) {
      tc_seterr(err, errlen,
             "layer %d: a %dx%d window does not fit its %dx%dx%d input", i,
             l->kh, l->kw, h, w, c);
      return -1;
    }
    h = l->out_h;
    w = l->out_w;
    c = l->out_c;
  }
  if (net->nlayers == 0 ||
      net->layers[net->nlayers - 1].kind != TC_LAYER_DENSE ||
      net->layers[net->nlayers - 1].out_c != 1 ||
      net->layers[net->nlayers - 1].act != TC_LACT_NONE) {
    tc_seterr(err, errlen,
           "the last layer must be fc1 without activation (one logit)");
    return -1;
  }
  return 0;
}

static int parse_spec(const char *spec, tc_layer *layers, int *nl,
                      char *err, size_t errlen) {
  char buf[4096], *tok, *save = NULL;
  int n = 0;
  if (strlen(spec) >= sizeof buf) {
    tc_seterr(err, errlen, "spec too long");
    return -1;
  }
  strcpy(buf, spec);
  for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int bn_only;
    tc_layer l;
    while (*tok == ' ') tok++;
    if (parse_token(tok, &l, &bn_only) != 0) {
      tc_seterr(err, errlen, "spec: bad layer '%s' (layer %d)\n%s", tok, n,
             spec_help);
      return -1;
    }
    if (bn_only) {
      if (n == 0 || !tc_has_weights(layers[n - 1].kind) || layers[n - 1].bn) {
        tc_seterr(err, errlen,
               "spec: 'bn' (after layer %d) must follow a conv, dw or fc", n);
        return -1;
      }
      layers[n - 1].bn = 1;
      continue;
    }
    if (n == MAX_LAYERS) {
      tc_seterr(err, errlen, "spec: more than %d layers", MAX_LAYERS);
      return -1;
    }
    layers[n++] = l;
  }
  *nl = n;
  return 0;
}

static float *alloc_floats(size_t n) { return calloc(n ? n : 1, sizeof(float)); }

static int allocate(tc_netx *x) {
  tc_net *net = &x->net;
  size_t p = 0, s = 0, q = 0;
  int i, nl = net->nlayers;
  x->off_w = calloc((size_t)nl * 4, sizeof(size_t));
  x->weff = calloc((size_t)nl * 2, sizeof(float *));
  x->act_scale = calloc((size_t)nl, sizeof(float));
  x->act_zp = calloc((size_t)nl, sizeof(int32_t));
  if (!x->off_w || !x->weff || !x->act_scale || !x->act_zp) return -1;
  x->off_b = x->off_w + nl;
  x->off_g = x->off_b + nl;
  x->off_be = x->off_g + nl;
  x->beff = x->weff + nl;
  for (i = 0; i < nl; i++) {
    tc_layer *l = &net->layers[i];
    if (!tc_has_weights(l->kind)) continue;
    x->off_w[i] = p;
    p += l->nw;
    x->off_b[i] = p;
    p += (size_t)l->out_c;
    q += l->nw + (size_t)l->out_c;
    if (l->bn) {
      x->off_g[i] = p;
      p += (size_t)l->out_c;
      x->off_be[i] = p;
      p += (size_t)l->out_c;
      s += 2 * (size_t)l->out_c;
    }
  }
  x->nparam = p;
  x->nstate = s;
  x->block = alloc_floats(p + s);
  x->qblock = alloc_floats(q);
  if (!x->block || !x->qblock) return -1;
  s = p;
  for (i = 0; i < nl; i++) {
    tc_layer *l = &net->layers[i];
    if (!tc_has_weights(l->kind)) continue;
    l->w = x->block + x->off_w[i];
    l->b = x->block + x->off_b[i];
    if (l->bn) {
      l->bn_gamma = x->block + x->off_g[i];
      l->bn_beta = x->block + x->off_be[i];
      l->bn_mean = x->block + s;
      l->bn_var = x->block + s + l->out_c;
      s += 2 * (size_t)l->out_c;
      l->bn_eps = 1e-3f; /* Keras' default */
    }
  }
  return 0;
}

/* He-normal for layers followed by a ReLU, Glorot-uniform otherwise. */
static void init_weights(tc_net *net, uint64_t seed) {
  tc_rng r;
  int i;
  size_t k;
  tc_rng_seed(&r, seed ^ 0x9e3779b97f4a7c15ull);
  for (i = 0; i < net->nlayers; i++) {
    tc_layer *l = &net->layers[i];
    double fan_in, fan_out;
    if (!tc_has_weights(l->kind)) continue;
    if (l->kind == TC_LAYER_DWCONV) {
      fan_in = (double)l->kh * l->kw;
      fan_out = fan_in;
    } else if (l->kind == TC_LAYER_CONV) {
      fan_in = (double)l->kh * l->kw * l->in_c;
      fan_out = (double)l->kh * l->kw * l->out_c;
    } else {
      fan_in = (double)l->nw / l->out_c;
      fan_out = l->out_c;
    }
    if (l->act != TC_LACT_NONE) {
      float sd = (float)sqrt(2.0 / fan_in);
      for (k = 0; k < l->nw; k++) l->w[k] = sd * tc_rng_normal(&r);
    } else {
      float lim = (float)sqrt(6.0 / (fan_in + fan_out));
      for (k = 0; k < l->nw; k++)
        l->w[k] = lim * (2.0f * tc_rng_uniform(&r) - 1.0f);
    }
    for (k = 0; k < (size_t)l->out_c; k++) {
      l->b[k] = 0.0f;
      if (l->bn) {
        l->bn_gamma[k] = 1.0f;
        l->bn_beta[k] = 0.0f;
        l->bn_mean[k] = 0.0f;
        l->bn_var[k] = 1.0f;
      }
    }
  }
}

/* Structured pruning (src/train/prune.c): channel counts replacing the
 * spec's, per layer index; 0 = the spec's. Only conv and non-final dense
 * layers own their channel count (depthwise, pooling and flatten follow
 * their input). */
static int tc_net_apply_chan(tc_layer *layers, int nl, const int *chan,
                             int nchan, char *err, size_t errlen) {
  int i;
  if (nchan != nl) {
    tc_seterr(err, errlen, "pruned channel record has %d layers, the spec "
              "%d", nchan, nl);
    return -1;
  }
  for (i = 0; i < nl; i++) {
    if (chan[i] == 0) continue;
    if (chan[i] < 0 || chan[i] > layers[i].out_c ||
        (layers[i].kind != TC_LAYER_CONV &&
         (layers[i].kind != TC_LAYER_DENSE || i == nl - 1))) {
      tc_seterr(err, errlen, "pruned channel record: layer %d cannot have %d "
                "channels", i, chan[i]);
      return -1;
    }
    layers[i].out_c = chan[i];
  }
  return 0;
}

tc_net *tc_net_build(const char *spec, int in_h, int in_w, int in_c,
                     uint64_t seed, char *err, size_t errlen) {
  return tc_net_build_chan(spec, in_h, in_w, in_c, seed, NULL, 0, err, errlen);
}

tc_net *tc_net_build_chan(const char *spec, int in_h, int in_w, int in_c,
                          uint64_t seed, const int *chan, int nchan,
                          char *err, size_t errlen) {
  tc_layer layers[MAX_LAYERS];
  char mspec[1024];
  tc_netx *x;
  int nl = 0;
  if (in_h < 1 || in_w < 1 || in_h > 2048 || in_w > 2048 ||
      (in_c != 1 && in_c != 3)) {
    tc_seterr(err, errlen, "input %dx%dx%d: need HxWx1 or HxWx3", in_h, in_w,
           in_c);
    return NULL;
  }
  if (!spec || !strcmp(spec, "seed")) spec = "c16k3r,p2,c32k3r,p2,f,fc1";
  if (!strncmp(spec, "mobilenet", 9)) {
    double alpha = 0.25;
    if (spec[9] == ':') {
      char *end;
      alpha = strtod(spec + 10, &end);
      if (end == spec + 10 || *end) alpha = -1;
    } else if (spec[9]) {
      alpha = -1;
    }
    if (mobilenet_spec(alpha, mspec, sizeof mspec) != 0) {
      tc_seterr(err, errlen, "spec '%s': alpha must be in (0, 4]", spec);
      return NULL;
    }
    spec = mspec;
  }
  if (parse_spec(spec, layers, &nl, err, errlen) != 0) return NULL;
  if (chan && tc_net_apply_chan(layers, nl, chan, nchan, err, errlen) != 0)
    return NULL;
  x = calloc(1, sizeof *x);
  if (!x) goto oom;
  x->net.in_h = in_h;
  x->net.in_w = in_w;
  x->net.in_c = in_c;
  x->net.nlayers = nl;
  x->net.threshold = 0.5f;
  x->net.in_scale = 1.0f / 255.0f;
  x->net.in_zp = -128;
  x->net.layers = calloc((size_t)nl, sizeof(tc_layer));
  if (!x->net.layers) goto oom;
  memcpy(x->net.layers, layers, (size_t)nl * sizeof(tc_layer));
  strcpy(x->net.class_name[0], "negative");
  strcpy(x->net.class_name[1], "positive");
  if (infer_shapes(&x->net, err, errlen) != 0) {
    tc_net_free(&x->net);
    return NULL;
  }
  if (allocate(x) != 0) goto oom;
  init_weights(&x->net, seed);
  return &x->net;
oom:
  if (x) tc_net_free(&x->net);
  tc_seterr(err, errlen, "out of memory building the network");
  return NULL;
}

void tc_net_free(tc_net *net) {
  tc_netx *x;
  if (!net) return;
  x = tc_x(net);
  free(x->block);
  free(x->qblock);
  free(x->off_w);
  free(x->weff);
  free(x->act_scale);
  free(x->act_zp);
  free(net->layers);
  free(x);
}

void tc_net_input_q(const tc_net *net, float *scale, int32_t *zp, float *lo,
                    float *hi) {
  float s = net->in_scale > 0.0f ? net->in_scale : 1.0f / 255.0f;
  int32_t z = net->in_scale > 0.0f ? net->in_zp : -128;
  if (scale) *scale = s;
  if (zp) *zp = z;
  if (lo) *lo = (float)((-128 - z) * (double)s);
  if (hi) *hi = (float)((127 - z) * (double)s);
}

void tc_net_input_lut(const tc_net *net, float lut[256]) {
  float s;
  int32_t z;
  int k;
  tc_net_input_q(net, &s, &z, NULL, NULL);
  if (s == 1.0f / 255.0f && z == -128) {
    for (k = 0; k < 256; k++) lut[k] = (float)k / 255.0f; /* as always */
    return;
  }
  for (k = 0; k < 256; k++) lut[k] = (float)((double)(k - 128 - z) * (double)s);
}

size_t tc_net_param_count(const tc_net *net) { return tc_x(net)->nparam; }
float *tc_net_params(const tc_net *net) { return tc_x(net)->block; }
size_t tc_net_state_count(const tc_net *net) { return tc_x(net)->nstate; }
float *tc_net_state(const tc_net *net) {
  return tc_x(net)->block + tc_x(net)->nparam;
}
