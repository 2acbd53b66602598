/* Adam (with decoupled weight decay) and the learning-rate schedule. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tinycnn/train_engine.h"

int tc_adam_init(tc_adam *a, size_t n, float lr) {
  memset(a, 0, sizeof *a);
  a->lr = lr;
  a->beta1 = 0.9f;
  a->beta2 = 0.999f;
  a->eps = 1e-7f; /* Keras' default */
  a->n = n;
  a->m = calloc(n ? n : 1, sizeof(float));
  a->v = calloc(n ? n : 1, sizeof(float));
  if (!a->m || !a->v) {
    tc_adam_free(a);
    return -1;
  }
  return 0;
}

void tc_adam_free(tc_adam *a) {
  free(a->m);
  free(a->v);
  a->m = a->v = NULL;
}

void tc_adam_step(tc_adam *a, float *p, const float *g, float lr) {
  size_t i;
  float b1 = a->beta1, b2 = a->beta2;
  double c1, c2;
  float step, decay = lr * a->weight_decay;
  a->t++;
  c1 = 1.0 - pow(b1, (double)a->t);
  c2 = 1.0 - pow(b2, (double)a->t);
  step = (float)(lr * sqrt(c2) / c1);
  for (i = a->first; i < a->n; i++) {
    a->m[i] = b1 * a->m[i] + (1.0f - b1) * g[i];
    a->v[i] = b2 * a->v[i] + (1.0f - b2) * g[i] * g[i];
    p[i] -= step * a->m[i] / (sqrtf(a->v[i]) + a->eps) + decay * p[i];
  }
}

float tc_lr_cosine(float base, float final_frac, uint64_t step,
                   uint64_t warmup, uint64_t total) {
  double t;
  if (step < warmup) return base * (float)(step + 1) / (float)warmup;
  if (total <= warmup || step >= total) return base * final_frac;
  t = (double)(step - warmup) / (double)(total - warmup);
  return base * (float)(final_frac +
                        (1.0 - final_frac) * 0.5 * (1.0 + cos(3.14159265358979 * t)));
}
