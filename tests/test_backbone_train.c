/* Transfer-learning training (issue 13) through the engine: the first
 * layers of person_detect (../shared/conformance) as a backbone, a new
 * head, freeze epochs, fine-tuning and QAT, on a toy problem (vertical
 * vs horizontal stripes in noise, 96x96: only the mechanics are under test here;
 * test_backbone_cli.sh measures real accuracy).
 *   - during the freeze epochs the backbone's weights stay exactly the
 *     imported ones and the head's change; afterwards both change;
 *   - the backbone's input quantization (2/255, -1) reaches the net, the
 *     checkpoint and the exported model's input tensor;
 *   - a run stopped after the first freeze epoch and again right at the
 *     freeze -> fine-tune switch, resumed each time from its checkpoint
 *     file, ends bit-identical to an uninterrupted one (weights, Adam,
 *     ranges), and the checkpoint records the backbone and cut.
 *   test_backbone_train SHARED_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/check.h"
#include "tinycnn/runtime.h"
#include "tinycnn/train_engine.h"

#define CUT "MobilenetV1/MobilenetV1/Conv2d_2_pointwise/Relu6"

static char model[1000], run_dir[256];
static tc_backbone bb;

static void toy_data(tc_dataset *d, int n, uint64_t seed) {
  tc_rng r;
  int i;
  size_t k, px = 96 * 96;
  memset(d, 0, sizeof *d);
  d->h = d->w = 96;
  d->c = 1;
  d->n = n;
  d->pixels = malloc((size_t)n * px);
  d->labels = malloc((size_t)n);
  strcpy(d->class_name[0], "dark");
  strcpy(d->class_name[1], "bright");
  tc_rng_seed(&r, seed);
  for (i = 0; i < n; i++) {
    int pos = tc_rng_uniform(&r) < 0.5f;
    d->labels[i] = (uint8_t)pos;
    int phase = (int)(tc_rng_uniform(&r) * 8.0f);
    for (k = 0; k < px; k++) {
      /* stripes 4 pixels wide: vertical (bright) or horizontal (dark) */
      int along = pos ? (int)(k % 96) : (int)(k / 96);
      float v = ((along + phase) / 4) % 2 ? 180.0f : 80.0f;
      d->pixels[(size_t)i * px + k] =
          (uint8_t)(v + 60.0f * (tc_rng_uniform(&r) - 0.5f));
    }
  }
}

static tc_trainer *new_trainer(const tc_dataset *tr) {
  tc_train_cfg c;
  tc_trainer *t;
  char err[1024];
  int counts[2];
  tc_train_cfg_default(&c);
  if (strlen(bb.spec) + 9 > sizeof c.spec) exit(1);
  memcpy(c.spec, bb.spec, strlen(bb.spec));
  strcpy(c.spec + strlen(bb.spec), ",gap,fc1");
  c.in_h = bb.in_h;
  c.in_w = bb.in_w;
  c.in_c = bb.in_c;
  c.in_scale = bb.in_scale;
  c.in_zp = bb.in_zp;
  strcpy(c.backbone, model);
  snprintf(c.cut, sizeof c.cut, "%s", bb.cut);
  c.frozen_layers = bb.nlayers;
  c.freeze_epochs = 2;
  c.ft_lr = 2e-4f;
  c.epochs = 4;
  c.qat_epochs = 1;
  c.batch = 16;
  c.lr = 1e-2f;
  c.patience = 0;
  memset(&c.aug, 0, sizeof c.aug); /* brightness would blur the classes */
  tc_dataset_counts(tr, counts);
  t = tc_trainer_new(&c, counts, err, sizeof err);
  CHECK(t != NULL, "trainer: %s", err);
  if (!t) exit(1);
  CHECK(tc_backbone_apply(&bb, t->net, err, sizeof err) == 0, "%s", err);
  return t;
}

/* The backbone's weights in t's net equal the imported ones. */
static int backbone_intact(const tc_trainer *t) {
  return memcmp(tc_net_params(t->net), bb.params,
                bb.nparams * sizeof(float)) == 0;
}

int main(int argc, char **argv) {
  tc_dataset tr, va;
  tc_trainer *a, *b;
  tc_train_hooks h;
  char err[1024], path[512], cmd[600];
  float *head0;
  size_t np, nhead;
  uint8_t *bytes = NULL;
  size_t len = 0;
  int r;
  FILE *f;
  if (argc < 2) {
    fprintf(stderr, "usage: test_backbone_train SHARED_DIR\n");
    return 2;
  }
  snprintf(model, sizeof model, "%s/conformance/models/person_detect.tflite",
           argv[1]);
  if (!(f = fopen(model, "rb"))) {
    printf("SKIP backbone_train: %s/conformance not found\n", argv[1]);
    return 0;
  }
  fclose(f);
  if (tc_backbone_load(model, CUT, &bb, err, sizeof err) != 0) {
    printf("FAIL import: %s\n", err);
    return 1;
  }
  toy_data(&tr, 96, 1);
  toy_data(&va, 48, 2);
  snprintf(run_dir, sizeof run_dir, "/tmp/tc_backbone_%ld", (long)getpid());
  mkdir(run_dir, 0755);
  snprintf(path, sizeof path, "%s/checkpoint.bin", run_dir);

  /* Uninterrupted, watching the freeze. */
  a = new_trainer(&tr);
  np = tc_net_param_count(a->net);
  nhead = np - bb.nparams;
  CHECK(a->net->in_scale == bb.in_scale && a->net->in_zp == -1,
        "input quantization %g %d", (double)a->net->in_scale, a->net->in_zp);
  head0 = malloc(nhead * sizeof *head0);
  memcpy(head0, tc_net_params(a->net) + bb.nparams, nhead * sizeof *head0);
  memset(&h, 0, sizeof h);
  h.max_epochs = 2;
  r = tc_train(a, &tr, &va, run_dir, &h, err, sizeof err);
  CHECK(r == 1 && a->epoch == 2, "2 freeze epochs: r=%d epoch %d", r, a->epoch);
  CHECK(backbone_intact(a), "the backbone changed during the freeze epochs");
  CHECK(memcmp(head0, tc_net_params(a->net) + bb.nparams,
               nhead * sizeof *head0) != 0, "the head did not learn");
  CHECK(a->adam.t == 0, "Adam not restarted for fine-tuning (t = %llu)",
        (unsigned long long)a->adam.t);
  r = tc_train(a, &tr, &va, run_dir, NULL, err, sizeof err);
  CHECK(r == 0, "train: %s", err);
  CHECK(!backbone_intact(a), "the backbone did not fine-tune");
  CHECK(a->net->qat == 1 && a->nhist == 4, "qat %d, %d epochs", a->net->qat,
        a->nhist);
  {
    int e;
    for (e = 0; e < a->nhist; e++)
      printf("epoch %d: train loss %.4f acc %.3f, val loss %.4f acc %.3f%s\n",
             e + 1, (double)a->hist[e].train_loss, (double)a->hist[e].train_acc,
             (double)a->hist[e].val_loss, (double)a->hist[e].val_acc,
             a->hist[e].qat ? " (QAT)" : "");
  }
  printf("backbone_train: val accuracy %.3f after %d epochs (int8 QAT)\n",
         (double)a->hist[a->nhist - 1].val_acc, a->nhist);
  CHECK(a->hist[a->nhist - 1].val_acc > 0.9f, "toy val accuracy %.3f",
        (double)a->hist[a->nhist - 1].val_acc);

  /* Stopped after epoch 1, then at the switch, each time from the file. */
  b = new_trainer(&tr);
  memset(&h, 0, sizeof h);
  h.max_epochs = 1;
  r = tc_train(b, &tr, &va, run_dir, &h, err, sizeof err);
  CHECK(r == 1 && b->epoch == 1, "r=%d epoch %d", r, b->epoch);
  tc_trainer_free(b);
  b = tc_checkpoint_load(path, err, sizeof err);
  CHECK(b != NULL, "load: %s", err);
  if (b) {
    CHECK(!strcmp(b->cfg.backbone, model) && !strcmp(b->cfg.cut, CUT) &&
              b->cfg.frozen_layers == bb.nlayers && b->cfg.freeze_epochs == 2 &&
              b->cfg.ft_lr == 2e-4f && b->net->in_scale == bb.in_scale &&
              b->net->in_zp == -1,
          "checkpoint: backbone '%s' cut '%s' %d layers, %d freeze epochs, "
          "input %g %d", b->cfg.backbone, b->cfg.cut, b->cfg.frozen_layers,
          b->cfg.freeze_epochs, (double)b->net->in_scale, b->net->in_zp);
    r = tc_train(b, &tr, &va, run_dir, &h, err, sizeof err);
    CHECK(r == 1 && b->epoch == 2, "r=%d epoch %d", r, b->epoch);
    tc_trainer_free(b);
    b = tc_checkpoint_load(path, err, sizeof err);
    CHECK(b != NULL, "load: %s", err);
  }
  if (b) {
    r = tc_train(b, &tr, &va, run_dir, NULL, err, sizeof err);
    CHECK(r == 0, "resumed: %s", err);
    CHECK(tc_net_param_count(b->net) == np &&
              memcmp(tc_net_params(a->net), tc_net_params(b->net),
                     np * sizeof(float)) == 0,
          "resumed weights differ from the uninterrupted run");
    CHECK(a->adam.t == b->adam.t &&
              memcmp(a->adam.v, b->adam.v, np * sizeof(float)) == 0,
          "Adam state differs");
    {
      int i;
      for (i = 0; i < a->net->nlayers; i++)
        CHECK(a->net->layers[i].out_min == b->net->layers[i].out_min &&
                  a->net->layers[i].out_max == b->net->layers[i].out_max,
              "layer %d range differs", i);
    }
    /* The exported model takes the backbone's input quantization. */
    CHECK(tc_net_export(b->net, TC_EXPORT_INT8, &bytes, &len, err,
                        sizeof err) == 0, "export: %s", err);
    if (bytes) {
      tc_model m;
      tc_tensor in;
      CHECK(tc_model_load(&m, bytes, len) == TC_OK &&
                tc_model_io_tensor(&m, 0, 0, &in) == TC_OK &&
                in.type == TC_INT8 && in.zero_point == -1 &&
                in.scale == bb.in_scale && in.dims[1] == 96 && in.dims[3] == 1,
            "exported input: zp %d scale %g", in.zero_point, (double)in.scale);
      free(bytes);
    }
    printf("backbone_train: resumed twice (after epoch 1 and at the freeze -> "
           "fine-tune switch): %zu weights identical\n", np);
    tc_trainer_free(b);
  }
  tc_trainer_free(a);
  free(head0);
  tc_dataset_free(&tr);
  tc_dataset_free(&va);
  tc_backbone_free(&bb);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", run_dir);
  if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", run_dir);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
