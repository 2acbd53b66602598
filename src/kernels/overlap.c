/* The least safe in-place lead of a windowed NHWC op (kernel.h,
 * tc_window_lead).
 *
 * Why it is safe. Put the output at address O and the input at O + lead.
 * Let W(q) be the bytes of output written, from O, once the block holding
 * pixel q is done, and R(q) the lowest input byte, from the input's start,
 * that any pixel >= q still reads: the start of the earliest window among
 * pixels q.. (the suffix minimum, because with padding a later pixel's
 * clamped window can start before an earlier one's). No write lands on a
 * byte still to be read iff O + W <= O + lead + R at every moment, i.e.
 * lead >= W - R:
 *   - blocks of up to B = TC_OVERLAP_BLOCK pixels starting at q (any q, a
 *     superset of the real block starts; a block moved back to end at the
 *     last pixel has only rewritten pixels below its end): W = min(q + B,
 *     npix) * out_px while reading from R(q) on;
 *   - row by row, reads of a row before its writes: after row r is
 *     written (W = (r + 1) * out_w * out_px) the reads left start at
 *     R(first pixel of row r + 1).
 * One descending pass keeps the suffix minimum; no memory needed. */
#include "kernel.h"

int32_t tc_window_lead(const tc_window_io *w) {
  /* 32-bit indices (no 64-bit division on a 32-bit core), 64-bit sums. */
  const int64_t npix64 = (int64_t)w->batches * w->out_h * w->out_w;
  const int32_t npix = (int32_t)npix64;
  const int32_t last_block = npix > TC_OVERLAP_BLOCK ? npix - TC_OVERLAP_BLOCK
                                                     : 0;
  int32_t q, ox = 0, oy = 0, b = 0;
  int64_t rmin = INT64_MAX, lead = INT64_MIN;
  if (npix64 > 0x7fffffff || npix < 1) return 1 << 30; /* share nothing */
  /* Walk the pixels backwards keeping (b, oy, ox) of q. */
  b = w->batches - 1;
  oy = w->out_h - 1;
  ox = w->out_w - 1;
  for (q = npix - 1; q >= 0; q--) {
    int64_t y = (int64_t)oy * w->stride_h - w->pad_h,
            x = (int64_t)ox * w->stride_w - w->pad_w, start, t;
    if (y < 0) y = 0;
    if (y > w->in_h - 1) y = w->in_h - 1;
    if (x < 0) x = 0;
    if (x > w->in_w - 1) x = w->in_w - 1;
    start = (((int64_t)b * w->in_h + y) * w->in_w + x) * (int64_t)w->in_px;
    if (start < rmin) rmin = start;
    if (q <= last_block) {
      t = (int64_t)(q + TC_OVERLAP_BLOCK < npix ? q + TC_OVERLAP_BLOCK : npix) *
              (int64_t)w->out_px - rmin;
      if (t > lead) lead = t;
    }
    if (ox == 0 && q > 0) { /* rows: q starts a row, the one before is
                               written */
      t = q * (int64_t)w->out_px - rmin;
      if (t > lead) lead = t;
    }
    if (--ox < 0) {
      ox = w->out_w - 1;
      if (--oy < 0) {
        oy = w->out_h - 1;
        b--;
      }
    }
  }
  if (lead > (int64_t)1 << 30) lead = (int64_t)1 << 30; /* no sharing */
  if (lead < -((int64_t)1 << 30)) lead = -((int64_t)1 << 30);
  return (int32_t)lead;
}
