/* Post-training quantization: activation ranges from a calibration set,
 * measured in inference mode, for a network trained in float only. The
 * ranges land in out_min/out_max, which is all the int8 export needs. */
#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

typedef struct calib_job {
  tc_net *net;
  tc_work *w;
  const tc_dataset *d;
  int first, n;
  float *x;
} calib_job;

static void *calib_run(void *arg) {
  calib_job *j = arg;
  size_t isz = (size_t)j->d->h * j->d->w * j->d->c, k;
  const uint8_t *src = j->d->pixels + (size_t)j->first * isz;
  float lut[256];
  if (j->n <= 0) return NULL;
  /* The int8 model's input, as in training (tc_net_input_lut). */
  tc_net_input_lut(j->net, lut);
  for (k = 0; k < (size_t)j->n * isz; k++) j->x[k] = lut[src[k]];
  tc_forward(j->net, j->w, j->x, j->n, 0, 0);
  return NULL;
}

int tc_calibrate(tc_net *net, const tc_dataset *d, int method, int batch,
                 float momentum) {
  size_t isz;
  int half, i, s, rc = -1;
  tc_work *w[TC_SHARDS] = {NULL};
  float *x[TC_SHARDS] = {NULL};
  float *acc = NULL;
  if (!net || !d || d->n < 1 || batch < 1 || d->h != net->in_h ||
      d->w != net->in_w || d->c != net->in_c ||
      (method != TC_CALIB_MINMAX && method != TC_CALIB_EMA))
    return -1;
  isz = (size_t)d->h * d->w * d->c;
  half = (batch + TC_SHARDS - 1) / TC_SHARDS;
  acc = malloc(2 * (size_t)net->nlayers * sizeof(float));
  if (!acc) goto out;
  for (s = 0; s < TC_SHARDS; s++) {
    w[s] = tc_work_new(net, half);
    x[s] = malloc((size_t)half * isz * sizeof(float));
    if (!w[s] || !x[s]) goto out;
  }
  openblas_set_num_threads(1); /* parallel over the two halves instead */
  tc_net_prepare(net);
  /* tc_qat_track starts from a layer's first observation when its range
   * is [0, 0]: forget whatever training tracked. */
  for (i = 0; i < net->nlayers; i++)
    net->layers[i].out_min = net->layers[i].out_max = 0.0f;
  for (i = 0; i < d->n; i += batch) {
    calib_job jobs[TC_SHARDS];
    pthread_t th[TC_SHARDS];
    int started[TC_SHARDS] = {0}, at = i, left = d->n - i < batch ? d->n - i : batch;
    const float *ranges[TC_SHARDS];
    int nr = 0, k;
    for (s = 0; s < TC_SHARDS; s++) {
      jobs[s].net = net;
      jobs[s].w = w[s];
      jobs[s].d = d;
      jobs[s].first = at;
      jobs[s].n = left < half ? left : half;
      jobs[s].x = x[s];
      at += jobs[s].n;
      left -= jobs[s].n;
    }
    for (s = 1; s < TC_SHARDS; s++)
      started[s] = pthread_create(&th[s], NULL, calib_run, &jobs[s]) == 0;
    calib_run(&jobs[0]);
    for (s = 1; s < TC_SHARDS; s++) {
      if (started[s]) pthread_join(th[s], NULL);
      else calib_run(&jobs[s]);
    }
    /* Shards in a fixed order: the result never depends on timing. */
    for (s = 0; s < TC_SHARDS; s++)
      if (jobs[s].n > 0) ranges[nr++] = tc_work_ranges(w[s]);
    if (method == TC_CALIB_EMA) {
      tc_qat_track(net, ranges, nr, momentum);
      continue;
    }
    for (k = 0; k < nr; k++)
      for (s = 0; s < net->nlayers; s++) {
        float mn = ranges[k][2 * s], mx = ranges[k][2 * s + 1];
        if ((i == 0 && k == 0) || mn < acc[2 * s]) acc[2 * s] = mn;
        if ((i == 0 && k == 0) || mx > acc[2 * s + 1]) acc[2 * s + 1] = mx;
      }
  }
  if (method == TC_CALIB_MINMAX) {
    const float *one[1];
    one[0] = acc;
    /* Momentum 0 copies the exact extremes (and gives pooling, flatten and
     * dropout their input's range, as during training). */
    tc_qat_track(net, one, 1, 0.0f);
  }
  tc_x(net)->prepared = 0;
  rc = 0;
out:
  for (s = 0; s < TC_SHARDS; s++) {
    tc_work_free(w[s]);
    free(x[s]);
  }
  free(acc);
  return rc;
}
