/* Robustness of the image decoders on damaged copies of a valid file (for
 * test_imageio and test_imageio_webp). */
#ifndef TC_TEST_TORTURE_H
#define TC_TEST_TORTURE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/imageio.h"

/* Every prefix of d[len] (or ~600 evenly spaced ones) and 300 random
 * corruptions (1-4 bit flips, sometimes a random byte; *rng is an LCG
 * state), each decoded from an exact-size heap copy (so ASan and valgrind
 * see over-reads) with want (NULL: full resolution). A result is
 * consistent when it is either a bitmap of sane size or a negative code
 * with nothing to free and a message naming "t". Counts go to *decoded and
 * *refused; returns the number of inconsistent results (0 = pass), the
 * first described in why[whylen]. */
int tt_torture(const uint8_t *d, size_t len, const tc_bitmap_want *want, uint32_t *rng,
               int *decoded, int *refused, char *why, size_t whylen);

#endif
