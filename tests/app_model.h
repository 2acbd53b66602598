/* The brightness classifier: input [1,S,S,1] int8 (scale 1/255, zero point
 * -128) -> AVERAGE_POOL_2D over the whole frame -> FULLY_CONNECTED 1 ->
 * LOGISTIC. In real numbers, with m the mean pixel / 255:
 *   score = sigmoid(12 m - 6)
 * (weight 12 = 120 x 0.1, bias -6 = -15300 x 0.1/255, logit scale 0.05).
 * A model whose answer a test can compute by hand: dark frames ~0, bright
 * frames ~1, mid-grey (m = 0.5) 0.5. */
#ifndef TC_TEST_APP_MODEL_H
#define TC_TEST_APP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define APP_MODEL_GAIN 12.0
#define APP_MODEL_OFFSET 6.0

/* 0 or -1 (message on stderr); *bytes is malloc'd. */
int app_model_build(int side, uint8_t **bytes, size_t *len);

/* The same with `channels` (1 or 3: the three channel means weighted
 * equally, so a grey frame scores the same), a "tinycnn" metadata text
 * (NULL: none), and with custom = 1 a CUSTOM op "tinycnn-test-op" in
 * place of LOGISTIC (a model our loader refuses). */
int app_model_build_ex(int side, int channels, const char *meta, int custom,
                       uint8_t **bytes, size_t *len);

/* The model's score for a uniform frame of grey level p, in doubles. */
double app_model_expected(int p);

#endif
