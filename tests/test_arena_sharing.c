/* In-place planning and row streaming must not change a byte: random
 * chains of CONV_2D, DEPTHWISE_CONV_2D, MAX_POOL_2D and AVERAGE_POOL_2D
 * (int8 and float32, random geometry) run as one model, where the planner
 * shares memory and fuses producer/consumer pairs, and op by op as
 * single-op models whose input is also an output (so nothing can share),
 * feeding each output to the next. The bytes must be equal; the arena
 * contract (exact size, one byte less refused) holds for every chain, and
 * the run counts how many chains actually shared or streamed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/runtime/internal.h"
#include "tinycnn/export.h"

enum { K_CONV, K_DW, K_MAX, K_AVG };
#define MAX_LAYERS 4
#define MAX_W 4096

typedef struct {
  int kind, k, stride, dil, pad, act, mult;
  int32_t in[3], out[3]; /* h, w, c */
  float wscale[64];
  int8_t w8[MAX_W];
  float wf[MAX_W];
  int32_t b32[64];
  float bf[64];
  float out_scale;
  int64_t out_zp;
} layer;

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint32_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}
static int rint_in(int lo, int hi) { return lo + (int)(rnd() % (uint32_t)(hi - lo + 1)); }
static float rf(float lo, float hi) {
  return lo + (hi - lo) * (float)(rnd() & 0xffffff) / 16777216.0f;
}

static int out_size(int pad, int in, int k, int s, int dil) {
  int eff = (k - 1) * dil + 1;
  if (pad == TC_PADDING_VALID && in < eff) return 0;
  return pad == TC_PADDING_SAME ? (in + s - 1) / s : (in - eff) / s + 1;
}

/* Random layer on an input of shape in[]; 0 when it does not fit. */
static int make_layer(layer *L, const int32_t *in, int type) {
  int i, n, oc;
  memset(L, 0, sizeof *L);
  L->kind = rint_in(0, 3);
  L->k = rint_in(1, 3);
  if (rnd() % 4 == 0) L->k = rint_in(1, 5);
  L->stride = rint_in(1, 2);
  L->dil = L->kind <= K_DW && rnd() % 5 == 0 ? 2 : 1;
  L->pad = rnd() % 3 == 0 ? TC_PADDING_VALID : TC_PADDING_SAME;
  if (L->kind == K_MAX && rnd() % 2) { /* the usual 2x2 pool (fused) */
    L->k = 2;
    L->stride = 2;
    L->pad = TC_PADDING_VALID;
  }
  L->act = L->kind <= K_DW ? rint_in(0, 3) : rint_in(0, 1);
  if (L->kind == K_CONV && rnd() % 2) { /* the 1x1 stride-1 case */
    L->k = 1;
    L->stride = 1;
    L->dil = 1;
  }
  if (L->kind >= K_MAX && L->k == 1) L->k = 2;
  memcpy(L->in, in, sizeof L->in);
  L->out[0] = out_size(L->pad, in[0], L->k, L->stride, L->dil);
  L->out[1] = out_size(L->pad, in[1], L->k, L->stride, L->dil);
  if (L->out[0] < 1 || L->out[1] < 1) return 0;
  L->mult = L->kind == K_DW ? rint_in(1, 2) : 1;
  oc = L->kind == K_CONV ? rint_in(1, 12)
       : L->kind == K_DW ? (int)in[2] * L->mult
                         : (int)in[2];
  L->out[2] = oc;
  n = L->kind == K_CONV ? oc * L->k * L->k * (int)in[2] : L->k * L->k * oc;
  if (oc > 64 || n > MAX_W) return 0;
  for (i = 0; i < n; i++) {
    L->w8[i] = (int8_t)rint_in(-127, 127);
    L->wf[i] = rf(-0.5f, 0.5f);
  }
  for (i = 0; i < oc; i++) {
    L->wscale[i] = rf(0.002f, 0.02f);
    L->b32[i] = rint_in(-2000, 2000);
    L->bf[i] = rf(-0.2f, 0.2f);
  }
  L->out_scale = rf(0.02f, 0.1f);
  L->out_zp = rint_in(-20, 20);
  (void)type;
  return 1;
}

/* Adds layer L's constants and op to g between tensors x and y. */
static void add_op(tc_graph *g, const layer *L, int type, float in_scale,
                   int x, int y) {
  int32_t in_c = L->in[2], oc = L->out[2];
  if (L->kind >= K_MAX) {
    tc_opts o = tc_opts_pool2d(L->pad, L->stride, L->stride, L->k, L->k,
                               L->act);
    tc_graph_op(g, L->kind == K_MAX ? TC_BUILTIN_MAX_POOL_2D
                                    : TC_BUILTIN_AVERAGE_POOL_2D,
                1, (int32_t[]){x}, 1, (int32_t[]){y}, &o);
  } else {
    int conv = L->kind == K_CONV, w, b, i;
    int32_t wd[4], bd[1];
    float bscale[64];
    tc_opts o;
    wd[0] = conv ? oc : 1;
    wd[1] = L->k;
    wd[2] = L->k;
    wd[3] = conv ? in_c : oc;
    bd[0] = oc;
    for (i = 0; i < oc; i++) bscale[i] = in_scale * L->wscale[i];
    if (type == TC_INT8) {
      w = tc_graph_tensor(g, "w", TC_INT8, 4, wd, L->w8, L->wscale, NULL, oc,
                          conv ? 0 : 3);
      b = tc_graph_tensor(g, "b", TC_INT32, 1, bd, L->b32, bscale, NULL, oc,
                          0);
    } else {
      w = tc_graph_tensor(g, "w", TC_FLOAT32, 4, wd, L->wf, NULL, NULL, 0, 0);
      b = tc_graph_tensor(g, "b", TC_FLOAT32, 1, bd, L->bf, NULL, NULL, 0, 0);
    }
    o = conv ? tc_opts_conv2d(L->pad, L->stride, L->stride, L->act, L->dil,
                              L->dil)
             : tc_opts_depthwise(L->pad, L->stride, L->stride, L->mult,
                                 L->act, L->dil, L->dil);
    tc_graph_op(g, conv ? TC_BUILTIN_CONV_2D : TC_BUILTIN_DEPTHWISE_CONV_2D, 3,
                (int32_t[]){x, w, b}, 1, (int32_t[]){y}, &o);
  }
}

static int batch = 1; /* of the chain being built: 2 covers the batch loops */

static int act_tensor(tc_graph *g, int type, const int32_t *hwc, float scale,
                      int64_t zp) {
  int32_t d[4] = {batch, hwc[0], hwc[1], hwc[2]};
  return type == TC_INT8
             ? tc_graph_tensor(g, "a", TC_INT8, 4, d, NULL, &scale, &zp, 1, 0)
             : tc_graph_tensor(g, "a", TC_FLOAT32, 4, d, NULL, NULL, NULL, 0,
                               0);
}

typedef struct {
  uint8_t *bytes;
  size_t len, need;
  tc_model m;
  tc_interp it;
  uint8_t *arena;
} run;

static int failures, checks;

static int open_run(tc_graph *g, run *r) {
  memset(r, 0, sizeof *r);
  if (tc_graph_serialize(g, &r->bytes, &r->len) != TC_OK) {
    printf("FAIL serialize: %s\n", tc_graph_error(g));
    tc_graph_free(g);
    return -1;
  }
  tc_graph_free(g);
  if (tc_model_load(&r->m, r->bytes, r->len) != TC_OK ||
      tc_model_arena_size(&r->m, &r->need) != TC_OK) {
    printf("FAIL load: %s\n", r->m.msg);
    return -1;
  }
  r->arena = malloc(r->need);
  if (tc_interp_init(&r->it, &r->m, r->arena, r->need) != TC_OK) {
    printf("FAIL init with the exact size: %s\n", r->it.msg);
    return -1;
  }
  return 0;
}

static void close_run(run *r) {
  free(r->arena);
  free(r->bytes);
}

int main(void) {
  int cs, streamed = 0, shared = 0, cases = 0;
  for (cs = 0; cs < 1500; cs++) {
    layer L[MAX_LAYERS];
    int type = cs % 3 == 2 ? TC_FLOAT32 : TC_INT8, nl = rint_in(2, 4), i, t[MAX_LAYERS + 1];
    int32_t shp[3];
    float scale[MAX_LAYERS + 1];
    int64_t zp[MAX_LAYERS + 1];
    tc_graph *g;
    run chain, one;
    uint8_t *x, *ref;
    size_t xb, j;
    batch = cs % 5 == 4 ? 2 : 1;
    shp[0] = rint_in(1, 14);
    shp[1] = rint_in(1, 14);
    shp[2] = rint_in(1, 8);
    scale[0] = rf(0.01f, 0.05f);
    zp[0] = rint_in(-10, 10);
    for (i = 0; i < nl; i++) {
      if (!make_layer(&L[i], i ? L[i - 1].out : shp, type)) break;
      if (L[i].kind >= K_MAX) { /* pooling keeps the quantization */
        L[i].out_scale = scale[i];
        L[i].out_zp = zp[i];
      }
      scale[i + 1] = L[i].out_scale;
      zp[i + 1] = L[i].out_zp;
    }
    nl = i;
    if (nl < 2) continue;
    cases++;
    /* The chain as one model. */
    g = tc_graph_new();
    t[0] = act_tensor(g, type, shp, scale[0], zp[0]);
    for (i = 0; i < nl; i++) {
      t[i + 1] = act_tensor(g, type, L[i].out, scale[i + 1], zp[i + 1]);
      add_op(g, &L[i], type, scale[i], t[i], t[i + 1]);
    }
    tc_graph_io(g, 1, (int32_t[]){t[0]}, 1, (int32_t[]){t[nl]});
    if (open_run(g, &chain)) { failures++; continue; }
    {
      tc_interp it2;
      tc_arena_stats st;
      tc_buf bufs[64];
      size_t nb = 0, k, acts = 0;
      checks++;
      if (tc_interp_init(&it2, &chain.m, chain.arena, chain.need - 1) !=
          TC_ERR_ARENA) {
        printf("FAIL case %d: init with need - 1 bytes did not fail\n", cs);
        failures++;
      }
      if (tc_interp_init(&chain.it, &chain.m, chain.arena, chain.need) !=
              TC_OK ||
          tc_model_arena_stats(&chain.m, &st, bufs, 64, &nb, 0) != TC_OK) {
        printf("FAIL case %d: init again / stats\n", cs);
        failures++;
        close_run(&chain);
        continue;
      }
      for (k = 0; k < nb; k++) {
        if (!bufs[k].scratch) acts++;
        if (bufs[k].inplace == 1) shared++;
      }
      if (acts < (size_t)nl + 1) streamed++;
    }
    x = (uint8_t *)tc_interp_input(&chain.it, 0)->data;
    xb = tc_interp_input(&chain.it, 0)->bytes;
    ref = malloc(xb);
    for (j = 0; j < xb; j++) ref[j] = (uint8_t)rnd();
    if (type == TC_FLOAT32)
      for (j = 0; j < xb / 4; j++) ((float *)(void *)ref)[j] = rf(-1, 1);
    memcpy(x, ref, xb);
    tc_interp_invoke(&chain.it);
    /* Op by op, nothing shared: the input is an output too. */
    for (i = 0; i < nl; i++) {
      int a, b;
      uint8_t *next;
      const tc_tensor *o;
      g = tc_graph_new();
      a = act_tensor(g, type, L[i].in, scale[i], zp[i]);
      b = act_tensor(g, type, L[i].out, scale[i + 1], zp[i + 1]);
      add_op(g, &L[i], type, scale[i], a, b);
      tc_graph_io(g, 1, (int32_t[]){a}, 2, (int32_t[]){a, b});
      if (open_run(g, &one)) { failures++; break; }
      memcpy(tc_interp_input(&one.it, 0)->data, ref, xb);
      tc_interp_invoke(&one.it);
      o = tc_interp_output(&one.it, 1);
      next = malloc(o->bytes);
      memcpy(next, o->data, o->bytes);
      free(ref);
      ref = next;
      xb = o->bytes;
      close_run(&one);
    }
    checks++;
    if (i == nl) {
      const tc_tensor *o = tc_interp_output(&chain.it, 0);
      if (o->bytes != xb || memcmp(o->data, ref, xb) != 0) {
        printf("FAIL case %d (%s, %d layers): chain output differs from op "
               "by op\n", cs, type == TC_INT8 ? "int8" : "float32", nl);
        for (i = 0; i < nl; i++)
          printf("  layer %d kind %d k %d s %d dil %d pad %d in %dx%dx%d out "
                 "%dx%dx%d\n", i, L[i].kind, L[i].k, L[i].stride, L[i].dil,
                 L[i].pad, (int)L[i].in[0], (int)L[i].in[1], (int)L[i].in[2],
                 (int)L[i].out[0], (int)L[i].out[1], (int)L[i].out[2]);
        failures++;
      }
    }
    free(ref);
    close_run(&chain);
  }
  printf("%d chains, %d checks, %d failures; %d streamed a pair, %d "
         "in-place pairs\n", cases, checks, failures, streamed, shared);
  if (streamed < cases / 10 || shared < cases / 10) {
    printf("FAIL too few chains exercised the sharing\n");
    failures++;
  }
  return failures != 0;
}
