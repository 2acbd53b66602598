/* TFLite's int8 quantization rules, shared by QAT and export so that what
 * is trained is bit for bit what is written. Activations follow the
 * post-training quantizer (tools/optimize GetAsymmetricQuantizationParams:
 * float arithmetic, zero point from the minimum); weights are symmetric per
 * output channel (SymmetricPerChannelQuantization: max|w| / 127). */
#include <math.h>

#include "tinycnn/train.h"

void tc_qparams_act(float min, float max, float *scale, int32_t *zero_point) {
  float s, zpf;
  /* NaN ranges (a diverged run) would poison every later layer: treat
   * them as empty. */
  if (!(min == min)) min = 0.0f;
  if (!(max == max)) max = 0.0f;
  if (min > 0.0f) min = 0.0f;
  if (max < 0.0f) max = 0.0f;
  s = (max - min) / 255.0f;
  if (!(s > 0.0f) || !isfinite(s)) {
    /* TFLite writes scale 0 for a constant-zero tensor, which no kernel
     * accepts; any positive scale represents the single value 0 exactly. */
    *scale = 1.0f;
    *zero_point = -128;
    return;
  }
  zpf = -128.0f - min / s;
  if (zpf < -128.0f)
    *zero_point = -128;
  else if (zpf > 127.0f)
    *zero_point = 127;
  else
    *zero_point = (int32_t)roundf(zpf);
  *scale = s;
}

float tc_qparams_weight_scale(const float *w, size_t n, size_t stride) {
  float m = 0.0f;
  size_t i;
  if (stride == 0) stride = 1;
  for (i = 0; i < n; i++) {
    float a = fabsf(w[i * stride]);
    if (a > m) m = a;
  }
  /* An all-zero channel quantizes to zeros with any scale; 1 keeps the
   * bias scale (input_scale * weight_scale) and the kernels' multipliers
   * well away from zero. */
  if (!(m > 0.0f) || !isfinite(m)) return 1.0f;
  return m / 127.0f;
}

float tc_fake_quant(float x, float scale, int32_t zero_point) {
  float r;
  int32_t q;
  if (!(scale > 0.0f)) return x;
  r = roundf(x / scale);
  if (!(r == r)) r = 0.0f; /* NaN input */
  /* Clamp in float first: a huge x must not overflow the int32 cast. */
  if (r < -1000.0f) r = -1000.0f;
  if (r > 1000.0f) r = 1000.0f;
  q = (int32_t)r + zero_point;
  if (q < -128) q = -128;
  if (q > 127) q = 127;
  return (float)(q - zero_point) * scale;
}
