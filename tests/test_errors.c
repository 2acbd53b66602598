/* The bad-input table of docs/errors.md, one block per row: each feeds a
 * hand-made bad input (our writer's models patched byte by byte through a
 * small flatbuffer walker written here, generated images) and checks the
 * status or exit code and the message. Needs nothing from ../shared.
 *   test_errors TINYCNN_CLI */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "support/tiny_models.h"
#include "tinycnn/export.h"
#include "tinycnn/image.h"
#include "tinycnn/imageio.h"
#include "tinycnn/runtime.h"
#include "support/check.h"
#include "support/encode.h"

/* ---- models ------------------------------------------------------------ */

/* Loads a private 16-aligned copy (malloc) so the original stays intact. */
static tc_status load(const uint8_t *d, size_t n, char *msg) {
  tc_model m;
  size_t need;
  uint8_t *c = malloc(n ? n : 1);
  tc_status s;
  if (n) memcpy(c, d, n);
  s = tc_model_load(&m, c, n);
  if (s == TC_OK) s = tc_model_arena_size(&m, &need);
  strcpy(msg, m.msg);
  free(c);
  return s;
}

static void expect_model(const char *row, const uint8_t *d, size_t n,
                         tc_status want, const char *sub) {
  char msg[TC_MSG_LEN];
  tc_status s = load(d, n, msg);
  CHECK(s == want && strstr(msg, sub), "%s: got %s '%s', want %s with '%s'",
        row, tc_status_name(s), msg, tc_status_name(want), sub);
  if (s == want && strstr(msg, sub))
    printf("ok %-34s %s: %s\n", row, tc_status_name(s), msg);
}

/* A tiny flatbuffer walker, independent of src/runtime/fb.c. */
static uint32_t u32(const uint8_t *b, uint32_t at) {
  return (uint32_t)b[at] | (uint32_t)b[at + 1] << 8 | (uint32_t)b[at + 2] << 16 |
         (uint32_t)b[at + 3] << 24;
}
static void put32(uint8_t *b, uint32_t at, uint32_t v) {
  b[at] = (uint8_t)v;
  b[at + 1] = (uint8_t)(v >> 8);
  b[at + 2] = (uint8_t)(v >> 16);
  b[at + 3] = (uint8_t)(v >> 24);
}
/* Position of field `id` of the table at `t` (0 if absent). */
static uint32_t field(const uint8_t *b, uint32_t t, int id) {
  uint32_t vt = t - (uint32_t)(int32_t)u32(b, t);
  uint16_t vlen = (uint16_t)(b[vt] | b[vt + 1] << 8);
  uint16_t off;
  if ((uint32_t)(4 + 2 * id) >= vlen) return 0;
  off = (uint16_t)(b[vt + 4 + 2 * id] | b[vt + 5 + 2 * id] << 8);
  return off ? t + off : 0;
}
/* The table or vector an offset field points to. */
static uint32_t deref(const uint8_t *b, uint32_t f) { return f + u32(b, f); }
static uint32_t vec_elem_table(const uint8_t *b, uint32_t vec, uint32_t i) {
  return deref(b, vec + 4 + 4 * i);
}
/* schema.fbs ids */
enum { M_SUBGRAPHS = 2, SG_TENSORS = 0, SG_OPS = 3, T_SHAPE = 0, T_QUANT = 4,
       Q_SCALE = 2, Q_ZP = 3, OP_INPUTS = 1 };
static uint32_t subgraph0(const uint8_t *b) {
  return vec_elem_table(b, deref(b, field(b, u32(b, 0), M_SUBGRAPHS)), 0);
}
static uint32_t tensor_table(const uint8_t *b, uint32_t i) {
  return vec_elem_table(b, deref(b, field(b, subgraph0(b), SG_TENSORS)), i);
}

static uint8_t *clone(const uint8_t *d, size_t n) {
  uint8_t *c = malloc(n);
  memcpy(c, d, n);
  return c;
}

/* A one-op float model with activation shape `dims` (RELU). */
static uint8_t *relu_model(int nd, const int32_t *dims, int type, size_t *n) {
  tc_graph *g = tc_graph_new();
  uint8_t *out = NULL;
  int x = tc_graph_tensor(g, "x", type, nd, dims, NULL, NULL, NULL, 0, 0);
  int y = tc_graph_tensor(g, "y", type, nd, dims, NULL, NULL, NULL, 0, 0);
  tc_graph_op(g, TC_BUILTIN_RELU, 1, (int32_t[]){x}, 1, (int32_t[]){y}, NULL);
  tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
  if (tc_graph_serialize(g, &out, n) != TC_OK) {
    printf("FAIL writer: %s\n", tc_graph_error(g));
    failures++;
  }
  tc_graph_free(g);
  return out;
}

static void model_rows(void) {
  size_t n, k, cn, need;
  uint8_t *cls = tm_classifier_s8(&cn), *b;
  char msg[TC_MSG_LEN];
  int bad = 0;

  expect_model("empty file", cls, 0, TC_ERR_MODEL, "0 bytes is too short");
  b = clone(cls, cn);
  memcpy(b + 4, "TFL2", 4);
  expect_model("wrong file identifier", b, cn, TC_ERR_MODEL, "file identifier");
  free(b);

  for (k = 0; k < 16; k++) { /* every 1/16 of the length */
    tc_status s = load(cls, cn * k / 16, msg);
    if (s != TC_ERR_MODEL || !msg[0]) {
      bad++;
      printf("FAIL truncated to %zu of %zu: %s '%s'\n", cn * k / 16, cn,
             tc_status_name(s), msg);
    }
  }
  CHECK(!bad, "truncation: %d of 16 cuts not refused as malformed", bad);
  if (!bad) printf("ok %-34s all 16 cuts TC_ERR_MODEL (e.g. '%s')\n",
                   "truncated at every 1/16", msg);

  b = clone(cls, cn);
  put32(b, 0, (uint32_t)cn + 64);
  expect_model("root offset out of range", b, cn, TC_ERR_MODEL, "root table");
  free(b);

  b = clone(cls, cn); /* the tensors vector claims 2^31 - 1 entries */
  put32(b, deref(b, field(b, subgraph0(b), SG_TENSORS)), 0x7fffffffu);
  expect_model("vector length out of range", b, cn, TC_ERR_MODEL,
               "malformed tensors");
  free(b);

  b = clone(cls, cn); /* op 0's first input: tensor 999 of 11 */
  {
    uint32_t ops = deref(b, field(b, subgraph0(b), SG_OPS));
    uint32_t in = deref(b, field(b, vec_elem_table(b, ops, 0), OP_INPUTS));
    put32(b, in + 4, 999);
  }
  expect_model("op input index out of range", b, cn, TC_ERR_MODEL,
               "input 0 is tensor 999, out of range");
  free(b);

  b = clone(cls, cn); /* tensor 1's shape vector points past the end */
  {
    uint32_t f = field(b, tensor_table(b, 1), T_SHAPE);
    put32(b, f, (uint32_t)cn);
  }
  expect_model("shape offset out of range", b, cn, TC_ERR_MODEL,
               "malformed shape");
  free(b);

  {
    /* Our writer refuses such a shape, so patch one in: 65536 x 65537. */
    int32_t d[2] = {1, 4};
    uint32_t sh;
    b = relu_model(2, d, TC_FLOAT32, &n);
    sh = deref(b, field(b, tensor_table(b, 0), T_SHAPE));
    put32(b, sh + 4, 65536);
    put32(b, sh + 8, 65537);
    expect_model("element count above 2^28", b, n, TC_ERR_MODEL,
                 "more than 268435456 elements");
    free(b);
  }
  {
    int32_t zero[2] = {1, 0}, neg[2] = {1, 4};
    b = relu_model(2, zero, TC_FLOAT32, &n);
    expect_model("zero dimension", b, n, TC_ERR_MODEL, "dimension 1 is 0");
    free(b);
    b = relu_model(2, neg, TC_FLOAT32, &n);
    put32(b, deref(b, field(b, tensor_table(b, 0), T_SHAPE)) + 8, (uint32_t)-3);
    expect_model("negative dimension", b, n, TC_ERR_MODEL,
                 "dimension 1 is -3");
    free(b);
  }

  /* conv/w (tensor 1) has 4 per-channel scales and 4 zero points. */
  b = clone(cls, cn);
  {
    uint32_t q = deref(b, field(b, tensor_table(b, 1), T_QUANT));
    put32(b, deref(b, field(b, q, Q_ZP)), 3);
  }
  expect_model("zero points != scales", b, cn, TC_ERR_MODEL,
               "4 scales but 3 zero points");
  free(b);
  b = clone(cls, cn);
  {
    uint32_t q = deref(b, field(b, tensor_table(b, 1), T_QUANT));
    put32(b, deref(b, field(b, q, Q_ZP)), 3);
    put32(b, deref(b, field(b, q, Q_SCALE)), 3);
  }
  expect_model("scales != channels", b, cn, TC_ERR_MODEL,
               "3 scales for dimension 0 of size 4");
  free(b);

  { /* unsupported: a CUSTOM op, a builtin we lack, a dtype, 2 subgraphs */
    tc_graph *g = tc_graph_new();
    int32_t d[2] = {1, 4};
    int x = tc_graph_tensor(g, "x", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
    int y = tc_graph_tensor(g, "y", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
    tc_graph_custom(g, "TFLite_Detection_PostProcess", 1, (int32_t[]){x}, 1,
                    (int32_t[]){y});
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
    b = NULL;
    tc_graph_serialize(g, &b, &n);
    tc_graph_free(g);
    expect_model("unsupported op (CUSTOM)", b, n, TC_ERR_UNSUPPORTED,
                 "CUSTOM 'TFLite_Detection_PostProcess' is not supported");
    free(b);
    g = tc_graph_new();
    x = tc_graph_tensor(g, "x", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
    y = tc_graph_tensor(g, "y", TC_FLOAT32, 2, d, NULL, NULL, NULL, 0, 0);
    tc_graph_op(g, 66 /* SIN */, 1, (int32_t[]){x}, 1, (int32_t[]){y}, NULL);
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
    b = NULL;
    tc_graph_serialize(g, &b, &n);
    tc_graph_free(g);
    expect_model("unsupported builtin op", b, n, TC_ERR_UNSUPPORTED,
                 "(builtin 66) is not supported");
    free(b);
  }
  {
    int32_t d[2] = {1, 4};
    b = relu_model(2, d, 1 /* FLOAT16 */, &n);
    expect_model("unsupported dtype (float16)", b, n, TC_ERR_UNSUPPORTED,
                 "dtype float16 is not supported");
    free(b);
  }
  b = clone(cls, cn);
  put32(b, deref(b, field(b, u32(b, 0), M_SUBGRAPHS)), 2);
  expect_model("second subgraph", b, cn, TC_ERR_UNSUPPORTED,
               "2 subgraphs, tinycnn runs exactly one");
  free(b);

  { /* arena: one byte short is refused with the figures; exact works */
    tc_model m;
    tc_interp it;
    uint8_t *c = clone(cls, cn), *arena;
    char want[96];
    tc_model_load(&m, c, cn);
    tc_model_arena_size(&m, &need);
    arena = malloc(need);
    snprintf(want, sizeof want, "need %zu, got %zu", need, need - 1);
    CHECK(tc_interp_init(&it, &m, arena, need - 1) == TC_ERR_ARENA &&
              strstr(it.msg, want),
          "arena one byte short: '%s', want '%s'", it.msg, want);
    printf("ok %-34s TC_ERR_ARENA: %s\n", "arena one byte too small", it.msg);
    CHECK(tc_interp_init(&it, &m, arena, need) == TC_OK, "exact arena: %s",
          it.msg);
    free(arena);
    free(c);
  }
  free(cls);
}

/* ---- past UBSan finds, rebuilt with our writer --------------------------
 * Each of these was a fuzzer mutant: a scale, bias or padding no converter
 * writes. They run in the ASan + UBSan suite (asan_suite), where any
 * undefined behaviour aborts the test. */

static tc_graph *g_new(void) { return tc_graph_new(); }
static int q8(tc_graph *g, const char *nm, int nd, const int32_t *d, float s,
              int64_t zp) {
  return tc_graph_tensor(g, nm, TC_INT8, nd, d, NULL, &s, &zp, 1, 0);
}
static uint8_t *g_done(tc_graph *g, size_t *n) {
  uint8_t *out = NULL;
  if (tc_graph_serialize(g, &out, n) != TC_OK) {
    printf("FAIL writer: %s\n", tc_graph_error(g));
    failures++;
    out = NULL;
  }
  tc_graph_free(g);
  return out;
}

/* Loads, plans, inits in the exact arena, fills input i with fill(i, k),
 * invokes twice; the output bytes (both invokes must agree) go to out. */
static int run_model(const char *row, const uint8_t *d, size_t n,
                     int8_t (*fill)(int, uint32_t), int8_t *out, size_t cap) {
  tc_model m;
  tc_interp it;
  size_t need;
  uint8_t *c = clone(d, n), *arena = NULL, *first = NULL;
  const tc_tensor *o;
  uint32_t i, k;
  int ok = 0;
  if (tc_model_load(&m, c, n) != TC_OK || tc_model_arena_size(&m, &need)) {
    CHECK(0, "%s: load: %s", row, m.msg);
    goto done;
  }
  arena = malloc(need);
  if (tc_interp_init(&it, &m, arena, need) != TC_OK) {
    CHECK(0, "%s: init: %s", row, it.msg);
    goto done;
  }
  for (i = 0; i < m.n_inputs; i++) {
    tc_tensor *t = tc_interp_input(&it, (int)i);
    for (k = 0; k < t->bytes; k++) ((int8_t *)t->data)[k] = fill((int)i, k);
  }
  o = tc_interp_output(&it, 0);
  if (tc_interp_invoke(&it) != TC_OK) {
    CHECK(0, "%s: invoke: %s", row, it.msg);
    goto done;
  }
  first = clone(o->data, o->bytes);
  CHECK(tc_interp_invoke(&it) == TC_OK &&
            memcmp(first, o->data, o->bytes) == 0,
        "%s: a second invoke gave other bytes", row);
  CHECK(o->bytes <= cap, "%s: %u output bytes", row, o->bytes);
  memcpy(out, o->data, o->bytes < cap ? o->bytes : cap);
  ok = (int)o->bytes;
done:
  free(first);
  free(arena);
  free(c);
  return ok;
}

/* Inputs sweep the whole int8 range. */
static int8_t sweep(int i, uint32_t k) { return (int8_t)(k * 37u + (unsigned)i * 11u); }
static int8_t all_max(int i, uint32_t k) { (void)i, (void)k; return 127; }

static void regress_rows(void) {
  int8_t out[256];
  size_t n, i;
  int nb, okv;
  uint8_t *b;

  { /* MUL, fused RELU6, output scale 2.9e-11: round(6 / scale) does not fit
     * an int (act_range_tiny_scale). The bounds clip to [zp, 127]. */
    tc_graph *g = g_new();
    int32_t xd[4] = {1, 2, 6, 9}, yd[4] = {1, 2, 6, 1};
    int x = q8(g, "x", 4, xd, 0.0751746f, 94), y = q8(g, "y", 4, yd, 0.021331f, -59);
    int z = q8(g, "z", 4, xd, 2.90097e-11f, 58);
    tc_opts o = tc_opts_mul(TC_FUSED_RELU6);
    tc_graph_op(g, TC_BUILTIN_MUL, 2, (int32_t[]){x, y}, 1, (int32_t[]){z}, &o);
    tc_graph_io(g, 2, (int32_t[]){x, y}, 1, (int32_t[]){z});
    b = g_done(g, &n);
    nb = b ? run_model("act range, tiny scale", b, n, sweep, out, sizeof out) : 0;
    for (i = 0, okv = nb == 108; i < (size_t)nb; i++) okv &= out[i] >= 58;
    CHECK(okv, "act range, tiny scale: %d outputs, want 108 in [58, 127]", nb);
    if (okv) printf("ok %-34s runs; RELU6 bounds clipped to [58, 127]\n",
                    "MUL, output scale 2.9e-11");
    free(b);
  }
  { /* optimised 1x1 conv, biases near INT32_MAX / INT32_MIN: acc + bias
     * wraps (conv_opt_bias_overflow). Channels with a zero weight row get
     * the bias alone: (bias * M) saturated and clipped to 127 / -128. */
    tc_graph *g = g_new();
    int32_t xd[4] = {1, 1, 14, 18}, wd[4] = {21, 1, 1, 18}, bd[1] = {21},
            od[4] = {1, 1, 7, 21};
    int8_t w[21 * 18];
    int32_t bias[21];
    float ws[21], bs[21];
    int64_t z[21] = {0};
    int x, wt, bt, y, c, ok = 1;
    tc_opts o;
    for (c = 0; c < 21; c++) {
      ws[c] = 0.00287603f;
      bs[c] = 0.0357185f * ws[c];
      bias[c] = c % 2 ? INT32_MIN + c : INT32_MAX - c;
      for (i = 0; i < 18; i++)
        w[c * 18 + i] = (int8_t)(c % 3 == 0 ? 0 : c % 2 ? -127 : 127);
    }
    x = q8(g, "x", 4, xd, 0.0357185f, -128);
    wt = tc_graph_tensor(g, "w", TC_INT8, 4, wd, w, ws, z, 21, 0);
    bt = tc_graph_tensor(g, "b", TC_INT32, 1, bd, bias, bs, z, 21, 0);
    y = q8(g, "y", 4, od, 0.0928697f, -11);
    o = tc_opts_conv2d(TC_PADDING_VALID, 2, 1, TC_FUSED_NONE, 1, 1);
    tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, (int32_t[]){x, wt, bt}, 1,
                (int32_t[]){y}, &o);
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
    b = g_done(g, &n);
    nb = b ? run_model("conv, bias overflow", b, n, all_max, out, sizeof out) : 0;
    for (i = 0; i < (size_t)nb; i++)
      if (i % 21 % 3 == 0) ok &= out[i] == (i % 21 % 2 ? -128 : 127);
    CHECK(nb == 147 && ok, "conv, bias overflow: %d outputs; zero-weight "
          "channels must saturate to the bias sign", nb);
    if (nb == 147 && ok)
      printf("ok %-34s runs (acc + bias wraps); bias-only channels 127/-128\n",
             "conv, biases near INT32_MAX/MIN");
    free(b);
  }
  { /* LEAKY_RELU, output scale 4.4e-39 (finite multipliers of 1e37, then
     * saturated) and 1.2e-40 (in_scale / out_scale is inf in float):
     * result + zero point overflowed (leaky_relu_offset_overflow,
     * multiplier_inf). An input equal to its zero point is exactly 0, so
     * its output is the output zero point. */
    static const float oscale[2] = {4.44326e-39f, 1.19905e-40f};
    int k;
    for (k = 0; k < 2; k++) {
      tc_graph *g = g_new();
      int32_t d[4] = {1, 2, 2, 10};
      int x = q8(g, "x", 4, d, 0.174444f, 100), y = q8(g, "y", 4, d, oscale[k], -11);
      tc_opts o = tc_opts_leaky_relu(0.2f);
      int8_t zp_in = 100;
      tc_graph_op(g, TC_BUILTIN_LEAKY_RELU, 1, (int32_t[]){x}, 1, (int32_t[]){y}, &o);
      tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
      b = g_done(g, &n);
      nb = b ? run_model("leaky relu, huge multiplier", b, n, sweep, out, sizeof out) : 0;
      for (i = 0, okv = nb == 40; i < (size_t)nb; i++)
        if (sweep(0, (uint32_t)i) == zp_in) okv &= out[i] == -11;
      CHECK(okv, "leaky relu, output scale %g: %d outputs", (double)oscale[k], nb);
      if (okv) printf("ok %-34s runs; input zero point -> output zero point\n",
                      k ? "LEAKY_RELU, multiplier inf" : "LEAKY_RELU, multiplier 1e37");
      free(b);
    }
  }
  { /* PAD whose padding makes a dimension overflow int32 (pad_overflow). */
    tc_graph *g = g_new();
    int32_t xd[2] = {2, 3}, pd[2] = {2, 2}, od[2] = {4, 5};
    int32_t pads[4] = {2055143423, 580113272, 1, 1};
    int x = q8(g, "x", 2, xd, 0.1f, 0), y = q8(g, "y", 2, od, 0.1f, 0);
    int pt = tc_graph_tensor(g, "pads", TC_INT32, 2, pd, pads, NULL, NULL, 0, 0);
    tc_opts o = tc_opts_empty(TC_OPTIONS_PAD);
    tc_graph_op(g, TC_BUILTIN_PAD, 2, (int32_t[]){x, pt}, 1, (int32_t[]){y}, &o);
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){y});
    b = g_done(g, &n);
    if (b) {
      tc_model m;
      tc_interp it;
      uint8_t arena[4096], *c = clone(b, n);
      tc_status s = tc_model_load(&m, c, n);
      if (s == TC_OK) s = tc_interp_init(&it, &m, arena, sizeof arena);
      CHECK(s == TC_ERR_MODEL &&
                strstr(it.msg, "padding 2055143423,580113272 on dim 0 overflows int32"),
            "PAD overflow: %s '%s'", tc_status_name(s), s == TC_OK ? "" : it.msg);
      if (s == TC_ERR_MODEL)
        printf("ok %-34s %s: %s\n", "PAD padding overflows int32",
               tc_status_name(s), it.msg);
      free(c);
    }
    free(b);
  }
}

/* ---- the CLI ------------------------------------------------------------ */

static int run_cli(const char *cmd, char *err, size_t errlen) {
  char full[2048];
  FILE *f;
  size_t got;
  int st;
  snprintf(full, sizeof full, "%s 2>tc_errors_stderr.txt >/dev/null", cmd);
  st = system(full);
  f = fopen("tc_errors_stderr.txt", "rb");
  got = f ? fread(err, 1, errlen - 1, f) : 0;
  err[got] = '\0';
  if (f) fclose(f);
  remove("tc_errors_stderr.txt");
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_bytes(const char *path, const void *d, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(d, 1, n, f) != n)) {
    printf("FAIL cannot write %s\n", path);
    exit(1);
  }
  fclose(f);
}

static void cli_rows(const char *cli) {
  size_t n;
  uint8_t *m = tm_classifier_s8(&n), in[8 * 8 * 2];
  char cmd[1024], err[1024];
  int rc;
  memset(in, 7, sizeof in);
  write_bytes("tc_errors_model.tflite", m, n);
  write_bytes("tc_errors_in.bin", in, sizeof in - 1);
  snprintf(cmd, sizeof cmd, "%s run tc_errors_model.tflite --in "
           "tc_errors_in.bin --out-dir tc_errors_out", cli);
  rc = run_cli(cmd, err, sizeof err);
  CHECK(rc == 4 && strstr(err, "is 127 bytes") && strstr(err, "needs 128"),
        "tinycnn run, input one byte short: exit %d '%s'", rc, err);
  printf("ok %-34s exit %d: %s", "tinycnn run input of wrong size", rc, err);
  write_bytes("tc_errors_in.bin", in, sizeof in);
  rc = run_cli(cmd, err, sizeof err);
  CHECK(rc == 0, "tinycnn run, right size: exit %d '%s'", rc, err);
  write_bytes("tc_errors_model.tflite", "", 0);
  rc = run_cli(cmd, err, sizeof err);
  CHECK(rc == 3 && strstr(err, "too short"), "empty model file: exit %d '%s'",
        rc, err);
  printf("ok %-34s exit %d: %s", "tinycnn run empty model", rc, err);
  remove("tc_errors_model.tflite");
  remove("tc_errors_in.bin");
  remove("tc_errors_out/output0.bin");
  rmdir("tc_errors_out");
  free(m);
}

/* ---- images -------------------------------------------------------------- */

static void expect_img_err(const char *row, const void *d, size_t n,
                           const char *name, int want, const char *sub) {
  tc_bitmap b;
  char err[256];
  int rc = tc_bitmap_decode(d, n, name, &b, err, sizeof err);
  CHECK(rc == want && strstr(err, sub) && !b.pixels,
        "%s: rc %d '%s', want %d with '%s'", row, rc, err, want, sub);
  if (rc == 0) tc_bitmap_free(&b);
  else printf("ok %-34s rc %d: %s\n", row, rc, err);
}

/* A PNG chunk's CRC: zlib's CRC-32 (the one libpng checks). */
static uint32_t crc32_of(const uint8_t *p, size_t n) {
  return (uint32_t)crc32(0L, p, (uInt)n);
}
static void be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static tc_tensor u8_tensor(uint8_t *data, int h, int w, int c) {
  tc_tensor t;
  memset(&t, 0, sizeof t);
  t.data = data;
  t.type = TC_UINT8;
  t.ndims = 4;
  t.dims[0] = 1, t.dims[1] = h, t.dims[2] = w, t.dims[3] = c;
  t.bytes = (uint32_t)(h * w * c);
  t.scale = 1.0f / 255;
  return t;
}

static void image_rows(void) {
  static uint8_t noise[32 * 32 * 3];
  uint8_t *d, *c;
  size_t n, i;
  tc_bitmap b;
  char err[256];
  uint32_t r = 1;
  for (i = 0; i < sizeof noise; i++) noise[i] = (uint8_t)((r = r * 69069u + 1) >> 24);

  expect_img_err("zero-byte JPEG", "", 0, "empty.jpg", TC_IMG_ECORRUPT,
                 "empty file (0 bytes)");
  d = tt_jpeg_mem(32, 32, 3, noise, 75, 0, 0, &n);
  expect_img_err("truncated JPEG (half)", d, n / 2, "half.jpg",
                 TC_IMG_ECORRUPT, "half.jpg: ");
  c = clone(d, n);
  for (i = n / 3; i < n / 3 + 64; i++) c[i] = 0xff; /* markers mid-scan */
  {
    int rc = tc_bitmap_decode(c, n, "corrupt.jpg", &b, err, sizeof err);
    CHECK(rc == TC_IMG_ECORRUPT, "corrupt JPEG: rc %d '%s'", rc, err);
    if (rc == 0) tc_bitmap_free(&b);
    else printf("ok %-34s rc %d: %s\n", "corrupt JPEG", rc, err);
  }
  free(c);
  free(d);
  expect_img_err("zero-byte PNG", "", 0, "empty.png", TC_IMG_ECORRUPT,
                 "empty file (0 bytes)");
  d = tt_png_mem(PNG_FORMAT_RGB, 32, 32, noise, NULL, 0, &n);
  expect_img_err("truncated PNG (half)", d, n / 2, "half.png", TC_IMG_ECORRUPT,
                 "truncated PNG");
  d[n / 2] ^= 0x55; /* inside IDAT: the CRC no longer matches */
  expect_img_err("corrupt PNG (CRC)", d, n, "crc.png", TC_IMG_ECORRUPT,
                 "crc.png: ");
  free(d);

  { /* 1x1: decodes; to an 8x8 tensor every pixel is that one value */
    uint8_t px[3] = {10, 120, 250}, out[8 * 8 * 3];
    tc_tensor t = u8_tensor(out, 8, 8, 3);
    tc_image im;
    int ok = 1;
    d = tt_png_mem(PNG_FORMAT_RGB, 1, 1, px, NULL, 0, &n);
    CHECK(tc_bitmap_decode(d, n, "one.png", &b, err, sizeof err) == 0 &&
              b.w == 1 && b.h == 1 && b.channels == 3 &&
              memcmp(b.pixels, px, 3) == 0,
          "1x1 PNG: %s", err);
    im.data = b.pixels, im.width = 1, im.height = 1, im.stride = 0;
    im.format = TC_PIX_RGB888;
    CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_OK, "1x1 to 8x8");
    for (i = 0; i < sizeof out; i++) ok &= out[i] == px[i % 3];
    CHECK(ok, "1x1 -> 8x8: every output pixel must be (10,120,250)");
    printf("ok %-34s decoded, upscaled to 8x8 = the pixel\n", "1x1 image");
    tc_bitmap_free(&b);
    free(d);
  }
  { /* 20000x20000 at full resolution: over TC_BITMAP_MAX_MEMORY, refused
     * from the header; a 10000x10000 frame: preprocessing refuses it */
    uint8_t hdr[8 + 25 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint8_t one = 0, out[4];
    tc_tensor t = u8_tensor(out, 2, 2, 1);
    tc_image im;
    be32(hdr + 8, 13);
    memcpy(hdr + 12, "IHDR", 4);
    be32(hdr + 16, 20000);
    be32(hdr + 20, 20000);
    hdr[24] = 8, hdr[25] = 2;
    be32(hdr + 29, crc32_of(hdr + 12, 17));
    memcpy(hdr + 37, "IEND", 4);
    be32(hdr + 41, crc32_of(hdr + 37, 4));
    expect_img_err("20000x20000 PNG", hdr, sizeof hdr, "big.png", TC_IMG_ETOOBIG,
                   "20000x20000 PNG needs 1145 MiB to decode; the limit is 512 MiB");
    im.data = &one, im.width = 10000, im.height = 10000, im.stride = 0;
    im.format = TC_PIX_GRAY8;
    CHECK(tc_image_to_tensor(&im, &t, NULL) == TC_ERR_UNSUPPORTED,
          "10000x10000 frame must be TC_ERR_UNSUPPORTED (sides <= 4096)");
    printf("ok %-34s tc_image_to_tensor: TC_ERR_UNSUPPORTED\n",
           "10000x10000 frame");
  }
  { /* 16-bit grey: the high byte; palette: the colours */
    uint16_t g16[4] = {0, 0x1234, 0x80ff, 0xffff};
    uint8_t want16[4] = {0, 0x12, 0x80, 0xff};
    uint8_t cmap[6] = {255, 0, 0, 1, 2, 3}, idx[4] = {0, 1, 1, 0};
    uint8_t wantp[12] = {255, 0, 0, 1, 2, 3, 1, 2, 3, 255, 0, 0};
    d = tt_png_mem(PNG_FORMAT_LINEAR_Y, 4, 1, g16, NULL, 0, &n);
    CHECK(tc_bitmap_decode(d, n, "g16.png", &b, err, sizeof err) == 0 &&
              b.channels == 1 && b.w == 4,
          "16-bit PNG: %s", err);
    if (b.pixels)
      CHECK(memcmp(b.pixels, want16, 4) == 0, "16-bit PNG: got %u %u %u %u",
            b.pixels[0], b.pixels[1], b.pixels[2], b.pixels[3]);
    printf("ok %-34s decoded to 8-bit (high byte)\n", "16-bit PNG");
    tc_bitmap_free(&b);
    free(d);
    d = tt_png_mem(PNG_FORMAT_RGB_COLORMAP, 4, 1, idx, cmap, 2, &n);
    CHECK(tc_bitmap_decode(d, n, "pal.png", &b, err, sizeof err) == 0 &&
              b.channels == 3 && b.pixels && memcmp(b.pixels, wantp, 12) == 0,
          "palette PNG: %s", err);
    printf("ok %-34s expanded to RGB\n", "palette PNG");
    tc_bitmap_free(&b);
    free(d);
  }
  { /* grey file into an RGB model and RGB file into a grey model */
    static const char pgm[] = "P5 2 1 255\n\x10\xf0";
    static const char ppm[] = "P6 1 1 255\n\xc8\x64\x32";
    uint8_t out3[3 * 2], out1[1];
    tc_tensor t3 = u8_tensor(out3, 1, 2, 3), t1 = u8_tensor(out1, 1, 1, 1);
    tc_image im;
    CHECK(tc_bitmap_decode(pgm, sizeof pgm - 1, "g.pgm", &b, err, sizeof err) == 0,
          "pgm: %s", err);
    im.data = b.pixels, im.width = b.w, im.height = b.h, im.stride = 0;
    im.format = b.channels == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    CHECK(b.channels == 1 && tc_image_to_tensor(&im, &t3, NULL) == TC_OK &&
              out3[0] == 0x10 && out3[1] == 0x10 && out3[2] == 0x10 &&
              out3[3] == 0xf0 && out3[5] == 0xf0,
          "grey into RGB: R = G = B = Y");
    tc_bitmap_free(&b);
    CHECK(tc_bitmap_decode(ppm, sizeof ppm - 1, "c.ppm", &b, err, sizeof err) == 0,
          "ppm: %s", err);
    im.data = b.pixels, im.width = b.w, im.height = b.h, im.stride = 0;
    im.format = b.channels == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
    /* BT.601 luma by hand: (77*200 + 150*100 + 29*50 + 128) >> 8 = 124 */
    CHECK(b.channels == 3 && tc_image_to_tensor(&im, &t1, NULL) == TC_OK &&
              out1[0] == (77 * 200 + 150 * 100 + 29 * 50 + 128) >> 8,
          "RGB into grey: luma %u", out1[0]);
    tc_bitmap_free(&b);
    printf("ok %-34s converted (Y -> RGB; RGB -> BT.601 luma %u)\n",
           "grey-vs-RGB mismatch", out1[0]);
  }
}

int main(int argc, char **argv) {
  model_rows();
  regress_rows();
  if (argc > 1) cli_rows(argv[1]);
  image_rows();
  printf("test_errors: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
