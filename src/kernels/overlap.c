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
  const int64_t npix64 = (int64_t)w->batches * w->out_h * w->out_w;
  const int32_t npix = (int32_t)npix64;
  const int32_t last_block = npix > TC_OVERLAP_BLOCK ? npix - TC_OVERLAP_BLOCK
                                                     : 0;
  int32_t q, ox, oy, b, rmin = INT32_MAX, lead = INT32_MIN;
  /* With both tensors under 2^31 bytes (as tc_model_load makes them) and
   * window origins in int32 (any conv or pool geometry: pads >= 0), every
   * byte offset below and every difference of two fits 32 bits: no 64-bit
   * arithmetic in the loop. */
  if (npix64 > 0x7fffffff || npix < 1 ||
      npix64 * w->out_px > 0x7fffffff ||
      (int64_t)w->batches * w->in_h * w->in_w * w->in_px > 0x7fffffff ||
      (int64_t)w->out_h * w->stride_h > 0x7fffffff ||
      (int64_t)w->out_w * w->stride_w > 0x7fffffff || w->pad_h < 0 ||
      w->pad_w < 0)
    return 1 << 30; /* share nothing */
  /* Walk the pixels backwards keeping (b, oy, ox) of q. */
  b = w->batches - 1;
  oy = w->out_h - 1;
  ox = w->out_w - 1;
  for (q = npix - 1; q >= 0; q--) {
    int32_t y = oy * w->stride_h - w->pad_h, x = ox * w->stride_w - w->pad_w;
    int32_t start, t;
    if (y < 0) y = 0;
    if (y > w->in_h - 1) y = w->in_h - 1;
    if (x < 0) x = 0;
    if (x > w->in_w - 1) x = w->in_w - 1;
    start = (int32_t)((((uint32_t)b * (uint32_t)w->in_h + (uint32_t)y) *
                           (uint32_t)w->in_w + (uint32_t)x) * w->in_px);
    if (start < rmin) rmin = start;
    if (q <= last_block) {
      t = (q + TC_OVERLAP_BLOCK < npix ? q + TC_OVERLAP_BLOCK : npix) *
              (int32_t)w->out_px - rmin;
      if (t > lead) lead = t;
    }
    if (ox == 0 && q > 0) { /* rows: q starts a row, the one before is
                               written */
      t = q * (int32_t)w->out_px - rmin;
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
  if (lead > 1 << 30) lead = 1 << 30; /* no sharing */
  if (lead < -(1 << 30)) lead = -(1 << 30);
  return lead;
}
