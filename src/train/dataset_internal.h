/* Shared by the dataset loaders (dataset.c, dataset_idx.c); not public. */
#ifndef TC_DATASET_INTERNAL_H
#define TC_DATASET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/train.h"

/* Model-size checks shared by both loaders: 0, or -1 with err. */
int tc_ds_check_size(int h, int w, int c, char *err, size_t errlen);

/* *t describes dst as the loaders' model input: [1,h,w,c] uint8, scale
 * 1/255, zero point 0. */
void tc_ds_tensor(tc_tensor *t, uint8_t *dst, int h, int w, int c);

/* A decoded 8-bit grey (sc = 1) or RGB (sc = 3) picture through the
 * device's preprocessing (tc_image_to_tensor, default options: centre
 * crop, resize, uint8 scale 1/255 zero point 0) into h * w * c bytes.
 * 0, or -1 with the reason (no file name) in why. */
int tc_ds_preprocess(const uint8_t *px, int sw, int sh, int sc, int h, int w,
                     int c, uint8_t *dst, char *why, size_t whylen);

/* snprintf into err when err is usable; returns -1 for `return fail(...)`. */
int tc_ds_fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Uniform integer in [0, bound), bound >= 1, the same on every platform. */
uint32_t tc_ds_below(tc_rng *r, uint32_t bound);

char *tc_ds_strdup(const char *s);

#endif
