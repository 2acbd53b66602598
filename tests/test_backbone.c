/* Transfer learning import (issue 13): a pretrained .tflite read by
 * tc_backbone_load becomes a float trainer network that decides like the
 * model itself. The references are the conformance goldens in
 * ../shared/conformance (outputs of TensorFlow Lite Micro, not of our
 * code): person_detect (cases person / no_person, TFLM's own test images,
 * and three random inputs) and vww_96_int8 (RGB, ReLU layers whose int8
 * ranges clip: imported as clamps).
 *
 * With --cut head the whole model is imported, its 2-class classifier
 * turned into one logit (z1 - z0: softmax over two classes is the sigmoid
 * of the difference); the float network on each conformance input must
 * give the model's decision (class 1 or 0) and a score within 0.02 of
 * TFLM's int8 softmax. With the default cut the backbone stops before
 * the global average pool, and its structure is checked against what
 * `tinycnn inspect` shows for the model. The float32 export of the
 * imported vww network (27 clamped layers) scores what it scores.
 *   test_backbone SHARED_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/check.h"
#include "tinycnn/export.h"
#include "tinycnn/runtime.h"
#include "tinycnn/train_engine.h"

static char shared[2048];

static int read_bin(const char *path, void *dst, size_t n) {
  FILE *f = fopen(path, "rb");
  size_t got;
  if (!f) return -1;
  got = fread(dst, 1, n, f);
  fclose(f);
  return got == n ? 0 : -1;
}

/* Runs every case of model `name` through the imported float network. */
static void decide_like(const char *name, const char *const *cases,
                        int ncases, int *compared) {
  char path[4096], err[1024];
  tc_backbone bb;
  tc_net *net;
  tc_work *w;
  float lut[256], *x;
  int8_t *q, out[2];
  size_t n, k;
  int c;
  snprintf(path, sizeof path, "%s/conformance/models/%s.tflite", shared, name);
  CHECK(tc_backbone_load(path, "head", &bb, err, sizeof err) == 0, "%s: %s",
        name, err);
  if (failures) return;
  net = tc_net_build(bb.spec, bb.in_h, bb.in_w, bb.in_c, 1, err, sizeof err);
  CHECK(net != NULL, "%s: build '%s': %s", name, bb.spec, err);
  if (!net) {
    tc_backbone_free(&bb);
    return;
  }
  CHECK(tc_backbone_apply(&bb, net, err, sizeof err) == 0, "%s: %s", name, err);
  /* person_detect: relu6 layers whose int8 range is [0, 6] (scale
   * 0.0235294) but the last pointwise one; vww_96_int8: relu layers, each
   * clipped by its int8 range (inspect: op 0 scale 0.01497 -> 3.82). */
  CHECK(bb.nclamped == (bb.in_c == 1 ? 1 : 27), "%s: %d clamps", name,
        bb.nclamped);
  CHECK(bb.head && bb.nlayers == (bb.in_c == 1 ? 29 : 30), "%s: head %d, %d layers: %s", name,
        bb.head, bb.nlayers, bb.spec);
  CHECK(bb.in_c != 3 || !strncmp(bb.spec, "c8k3s2rm3.81", 12), "%s", bb.spec);
  n = (size_t)bb.in_h * bb.in_w * bb.in_c;
  w = tc_work_new(net, 1);
  x = malloc(n * sizeof *x);
  q = malloc(n);
  tc_net_input_lut(net, lut);
  for (c = 0; c < ncases && w && x && q; c++) {
    const float *z;
    double p, ref;
    snprintf(path, sizeof path, "%s/conformance/cases/%s/%s/input0.bin",
             shared, name, cases[c]);
    CHECK(read_bin(path, q, n) == 0, "cannot read %s", path);
    snprintf(path, sizeof path, "%s/conformance/cases/%s/%s/output0.bin",
             shared, name, cases[c]);
    CHECK(read_bin(path, out, 2) == 0, "cannot read %s", path);
    /* The camera byte of int8 value v is v + 128 (the LUT's index). */
    for (k = 0; k < n; k++) x[k] = lut[(uint8_t)(q[k] + 128)];
    z = tc_forward(net, w, x, 1, 0, 0);
    p = 1.0 / (1.0 + exp(-(double)z[0]));
    ref = (out[1] + 128) / 256.0; /* softmax output: scale 1/256, zp -128 */
    printf("%s %s: float logit %+.3f score %.3f, TFLM int8 [%d, %d] score "
           "%.3f\n", name, cases[c], (double)z[0], p, out[0], out[1], ref);
    if (out[0] != out[1]) {
      CHECK((z[0] > 0) == (out[1] > out[0]), "%s %s: decision %d, TFLM's %d",
            name, cases[c], z[0] > 0, out[1] > out[0]);
      (*compared)++;
    }
    CHECK(fabs(p - ref) < 0.02, "%s %s: score %.3f, TFLM's %.3f", name,
          cases[c], p, ref);
  }
  free(x);
  free(q);
  tc_work_free(w);
  tc_net_free(net);
  tc_backbone_free(&bb);
}

static void default_cut(void) {
  char path[4096], err[1024];
  tc_backbone bb;
  tc_net *net;
  snprintf(path, sizeof path, "%s/conformance/models/person_detect.tflite",
           shared);
  CHECK(tc_backbone_load(path, "auto", &bb, err, sizeof err) == 0, "%s", err);
  if (failures) return;
  /* inspect: op 0 DEPTHWISE_CONV_2D 1 -> 8 channels (multiplier 8: a
   * conv here), 13 depthwise + pointwise pairs, op 26 CONV_2D 256 -> 256
   * with output scale 0.0186093 zp -128 (max 4.745, below relu6's 6),
   * then op 27 AVERAGE_POOL_2D reads tensor t50. */
  CHECK(bb.nlayers == 27, "%d layers", bb.nlayers);
  CHECK(!strncmp(bb.spec, "c8k3s2r6,dw3s1r6,c16k1s1r6,dw3s2r6,", 35), "%s",
        bb.spec);
  CHECK(strstr(bb.spec, ",c256k1s1r6m4.745") != NULL, "%s", bb.spec);
  CHECK(bb.nclamped == 1, "%d clamps", bb.nclamped);
  CHECK(bb.cut_index == 50 &&
            !strcmp(bb.cut, "MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6"),
        "cut t%d %s", bb.cut_index, bb.cut);
  CHECK(bb.in_h == 96 && bb.in_w == 96 && bb.in_c == 1 && bb.in_zp == -1 &&
            fabsf(bb.in_scale - 0.007843137718737125f) < 1e-9f,
        "input %dx%dx%d %g %d", bb.in_h, bb.in_w, bb.in_c,
        (double)bb.in_scale, bb.in_zp);
  CHECK(!bb.flat && !bb.head, "flat %d head %d", bb.flat, bb.head);
  /* parameter bytes 218928 (inspect) = int8 weights + int32 biases;
   * without the classifier (2x256 weights, 2 biases): */
  net = tc_net_build(bb.spec, 96, 96, 1, 1, err, sizeof err);
  CHECK(net == NULL && strstr(err, "fc1"), "a spec without the head: %s", err);
  tc_net_free(net);
  tc_backbone_free(&bb);
  /* A named cut: the output of op 2 (the first pointwise conv). */
  CHECK(tc_backbone_load(path, "MobilenetV1/MobilenetV1/Conv2d_1_pointwise/Relu6",
                         &bb, err, sizeof err) == 0, "%s", err);
  CHECK(bb.nlayers == 3 && !strcmp(bb.spec, "c8k3s2r6,dw3s1r6,c16k1s1r6"),
        "%d layers: %s", bb.nlayers, bb.spec);
  CHECK(bb.nparams == 8 * 9 + 8 + 8 * 9 + 8 + 16 * 8 + 16, "%zu weights",
        bb.nparams);
  tc_backbone_free(&bb);
  CHECK(tc_backbone_load(path, "no/such/tensor", &bb, err, sizeof err) != 0 &&
            strstr(err, "no/such/tensor"), "%s", err);
}

/* vww_96_int8's conformance inputs are random noise (all three score
 * about 0.03): it also gets TFLM's two photos (person_detect's person and
 * no_person cases, the same int8 bytes in R, G and B: both models map a
 * camera byte p to p - 128). The reference there is our runtime's int8
 * output, which equals TFLM's bytes on every vww_96_int8 conformance case
 * (test conformance). */
static void vww_photos(void) {
  static const char *const photos[] = {"person", "no_person"};
  char path[4096], err[1024];
  tc_backbone bb;
  tc_net *net = NULL;
  tc_work *w = NULL;
  tc_model m;
  tc_interp it;
  uint8_t *model = NULL, *arena = NULL;
  int8_t grey[96 * 96];
  float lut[256], *x = malloc(96 * 96 * 3 * sizeof(float));
  size_t len = 0, need = 0, k;
  FILE *f;
  int c;
  snprintf(path, sizeof path, "%s/conformance/models/vww_96_int8.tflite", shared);
  CHECK(tc_backbone_load(path, "head", &bb, err, sizeof err) == 0, "%s", err);
  if ((f = fopen(path, "rb"))) {
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    model = malloc(len);
    if (model && fread(model, 1, len, f) != len) len = 0;
    fclose(f);
  }
  CHECK(model && len && tc_model_load(&m, model, len) == TC_OK &&
            tc_model_arena_size(&m, &need) == TC_OK &&
            (arena = malloc(need)) != NULL &&
            tc_interp_init(&it, &m, arena, need) == TC_OK,
        "vww_96_int8 through the runtime");
  if (!failures) {
    net = tc_net_build(bb.spec, 96, 96, 3, 1, err, sizeof err);
    CHECK(net && tc_backbone_apply(&bb, net, err, sizeof err) == 0, "%s", err);
  }
  if (net) {
    w = tc_work_new(net, 1);
    tc_net_input_lut(net, lut);
  }
  for (c = 0; c < 2 && w && x; c++) {
    const int8_t *o;
    int8_t *in = tc_interp_input(&it, 0)->data;
    const float *z;
    double p, ref;
    snprintf(path, sizeof path, "%s/conformance/cases/person_detect/%s/input0.bin",
             shared, photos[c]);
    CHECK(read_bin(path, grey, sizeof grey) == 0, "cannot read %s", path);
    for (k = 0; k < 96 * 96 * 3; k++) {
      in[k] = grey[k / 3];
      x[k] = lut[(uint8_t)(grey[k / 3] + 128)];
    }
    CHECK(tc_interp_invoke(&it) == TC_OK, "invoke");
    o = tc_interp_output(&it, 0)->data;
    z = tc_forward(net, w, x, 1, 0, 0);
    p = 1.0 / (1.0 + exp(-(double)z[0]));
    ref = (o[1] + 128) / 256.0;
    printf("vww_96_int8 %s photo (grey as RGB): float logit %+.3f score %.3f, "
           "runtime int8 [%d, %d] score %.3f\n", photos[c], (double)z[0], p,
           o[0], o[1], ref);
    if (o[0] != o[1])
      CHECK((z[0] > 0) == (o[1] > o[0]), "vww %s: decision %d, runtime's %d",
            photos[c], z[0] > 0, o[1] > o[0]);
    CHECK(fabs(p - ref) < 0.05, "vww %s: score %.3f, runtime's %.3f",
          photos[c], p, ref);
    /* The float32 export keeps every clamp (RELU6 on scaled weights, the
     * factor given back to the next layer): the runtime's float model
     * scores what the trainer's float network scores. */
    {
      uint8_t *fm = NULL;
      size_t flen = 0, fneed = 0;
      tc_model fmod;
      tc_interp fit;
      uint8_t *farena = NULL;
      float got = -1.0f;
      if (tc_net_export(net, TC_EXPORT_FLOAT, &fm, &flen, err, sizeof err) == 0 &&
          tc_model_load(&fmod, fm, flen) == TC_OK &&
          tc_model_arena_size(&fmod, &fneed) == TC_OK &&
          (farena = malloc(fneed)) != NULL &&
          tc_interp_init(&fit, &fmod, farena, fneed) == TC_OK) {
        memcpy(tc_interp_input(&fit, 0)->data, x, 96 * 96 * 3 * sizeof(float));
        if (tc_interp_invoke(&fit) == TC_OK)
          got = ((const float *)tc_interp_output(&fit, 0)->data)[0];
      }
      CHECK(fabs(got - p) < 1e-4, "vww %s: float32 export scores %.6f, the "
            "float network %.6f", photos[c], (double)got, p);
      free(farena);
      free(fm);
    }
  }
  free(x);
  free(arena);
  free(model);
  tc_work_free(w);
  tc_net_free(net);
  tc_backbone_free(&bb);
}

/* Strides and windows come from the file and divide sizes in the import:
 * a 0 (or a huge value) is an error naming the op, never a crash. Graphs
 * of one CONV_2D, or a 1x1 conv and a pool, written by our own writer. */
static void bad_options(void) {
  static const struct { int pool, stride, filter; } rows[] = {
      {0, 0, 0}, {0, 70000, 0}, {1, 0, 2}, {1, 2, 0}, {1, 2, 2}};
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    tc_graph *g = tc_graph_new();
    int32_t xs[4] = {1, 4, 4, 1}, ws[4] = {1, 1, 1, 1};
    int8_t wv = 1;
    float s1 = 0.1f, sw = 0.01f;
    int x = tc_graph_tensor(g, "x", TC_INT8, 4, xs, NULL, &s1, NULL, 1, 0);
    int k = tc_graph_tensor(g, "w", TC_INT8, 4, ws, &wv, &sw, NULL, 1, 0);
    int y = tc_graph_tensor(g, "y", TC_INT8, 4, xs, NULL, &s1, NULL, 1, 0);
    int last = y;
    tc_opts o = tc_opts_conv2d(TC_PADDING_SAME, rows[r].pool ? 1 : rows[r].stride,
                               rows[r].pool ? 1 : rows[r].stride, TC_FUSED_NONE, 1, 1);
    tc_graph_op(g, TC_BUILTIN_CONV_2D, 3, (int32_t[]){x, k, -1}, 1, (int32_t[]){y}, &o);
    if (rows[r].pool) {
      int32_t zs[4] = {1, 2, 2, 1};
      tc_opts p = tc_opts_pool2d(TC_PADDING_SAME, rows[r].stride, rows[r].stride,
                                 rows[r].filter, rows[r].filter, TC_FUSED_NONE);
      last = tc_graph_tensor(g, "z", TC_INT8, 4, zs, NULL, &s1, NULL, 1, 0);
      tc_graph_op(g, TC_BUILTIN_MAX_POOL_2D, 1, (int32_t[]){y}, 1, (int32_t[]){last}, &p);
    }
    tc_graph_io(g, 1, (int32_t[]){x}, 1, (int32_t[]){last});
    uint8_t *bytes = NULL;
    size_t len = 0;
    const char *path = "backbone_options.tflite"; /* in ctest's folder */
    char err[512] = "";
    CHECK(tc_graph_serialize(g, &bytes, &len) == TC_OK, "row %zu: %s", r, tc_graph_error(g));
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "cannot write %s", path);
    if (f) {
      fwrite(bytes, 1, len, f);
      fclose(f);
    }
    tc_backbone bb;
    int rc = tc_backbone_load(path, rows[r].pool ? "z" : "y", &bb, err, sizeof err);
    if (rows[r].stride >= 1 && rows[r].stride <= 65535 && rows[r].filter >= 1 && rows[r].pool) {
      CHECK(rc == 0, "row %zu (pool stride %d, window %d): %s", r, rows[r].stride,
            rows[r].filter, err);
      if (rc == 0) tc_backbone_free(&bb);
    } else {
      CHECK(rc != 0 && strstr(err, rows[r].pool ? "MAX_POOL_2D" : "CONV_2D"),
            "row %zu (stride %d, window %d): rc %d, '%s'", r, rows[r].stride,
            rows[r].filter, rc, err);
    }
    remove(path);
    free(bytes);
    tc_graph_free(g);
  }
}

int main(int argc, char **argv) {
  static const char *const pd[] = {"person", "no_person", "random0", "random1",
                                   "random2"};
  static const char *const vww[] = {"random0", "random1", "random2"};
  char probe[4096];
  FILE *f;
  int compared = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: test_backbone SHARED_DIR\n");
    return 2;
  }
  bad_options();
  snprintf(shared, sizeof shared, "%s", argv[1]);
  snprintf(probe, sizeof probe, "%s/conformance/models/person_detect.tflite",
           shared);
  if (!(f = fopen(probe, "rb"))) {
    printf("SKIP backbone: %s/conformance not found\n", shared);
    return 0;
  }
  fclose(f);
  default_cut();
  decide_like("person_detect", pd, 5, &compared);
  decide_like("vww_96_int8", vww, 3, &compared);
  vww_photos();
  /* person and no_person at least (TFLM: [-113, 113] and [57, -57]). */
  CHECK(compared >= 2, "only %d decisions compared", compared);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
