/* Frame-buffer placement for camera drivers, decided at boot from what the
 * board has (app.h, tc_app_plan_frame_buffers). Fixing it at build time
 * (PSRAM whenever the build allows PSRAM) made a board without PSRAM ask
 * PSRAM for every buffer, fail to start the camera and re-initialise it
 * forever. */
#include "tinycnn/app.h"

/* n buffers of `bytes` fit: each in the largest block, all beside reserve. */
static int fits(size_t n, size_t bytes, size_t largest, size_t free_total,
                size_t reserve) {
  if (!bytes || bytes > largest) return 0;
  if (free_total < reserve) return 0;
  return (free_total - reserve) / n >= bytes;
}

tc_app_fb_plan tc_app_plan_frame_buffers(int psram, size_t frame_bytes,
                                         size_t small_frame_bytes,
                                         size_t internal_largest,
                                         size_t internal_free,
                                         size_t reserve) {
  tc_app_fb_plan p;
  p.in_psram = 0;
  p.count = 0;
  p.small = 0;
  if (psram) {
    p.in_psram = 1;
    p.count = 2;
  } else if (fits(2, frame_bytes, internal_largest, internal_free, reserve)) {
    p.count = 2;
  } else if (fits(1, frame_bytes, internal_largest, internal_free, reserve)) {
    p.count = 1;
  } else if (fits(1, small_frame_bytes, internal_largest, internal_free,
                  reserve)) {
    p.count = 1;
    p.small = 1;
  }
  return p;
}
