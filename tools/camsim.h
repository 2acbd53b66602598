/* The host HAL for the firmware logic (tinycnn camera-sim): image files
 * play the camera, converted to the frame format and size a sensor would
 * deliver. */
#ifndef TC_CAMSIM_H
#define TC_CAMSIM_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/app.h"
#include "tinycnn/imageio.h"

/* Stretch (area average, no crop: the sensor sees the whole scene) an 8-bit
 * grey or RGB bitmap to w x h and store it as `format` (TC_PIX_GRAY8,
 * TC_PIX_RGB565_BE as esp32-camera delivers it, TC_PIX_YUYV). `out` holds
 * w * h * tc_pixfmt_bpp(format) bytes; w even for YUYV. 0 or -1. */
int camsim_convert(const tc_bitmap *src, int32_t w, int32_t h, int format,
                   uint8_t *out);

typedef struct camsim {
  char **files;
  size_t nfiles, next;
  int32_t w, h, format;
  uint8_t *frame;  /* w * h * bpp */
  int bad_files;   /* files that could not be decoded */
  int led;
  unsigned reinits;
  int loop;        /* 1: start again after the last file (--serve) */
} camsim;

/* The HAL: frame_get decodes the next file (a file that does not decode
 * is a camera error: message on stderr, status -2), time is the monotonic
 * clock, LED state is kept in `led`, lines go to stdout, free_heap is 0
 * (there is no such figure on a host). */
void camsim_hal(camsim *c, tc_app_hal *hal);

#endif
