/* WebP via libwebp (Debian libwebp-dev), from memory: lossy (VP8),
 * lossless (VP8L) and extended (VP8X) still images, decoded as RGB (alpha
 * dropped, as for PNG). For a wanted size libwebp's own scaler reduces the
 * rows as they are decoded (WebPDecoderConfig.options.use_scaling, see
 * webp/decode.h), to the size the box factor gives the other formats. */
#include <string.h>

#include <webp/decode.h>

#include "imageio_internal.h"

static const char *status_text(VP8StatusCode st) {
  switch (st) {
  case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
  case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
  case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
  case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
  case VP8_STATUS_SUSPENDED: return "suspended";
  case VP8_STATUS_USER_ABORT: return "aborted";
  case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data";
  default: return "unknown error";
  }
}

static int webp_fail(const tc_img_ctx *ctx, VP8StatusCode st) {
  if (st == VP8_STATUS_NOT_ENOUGH_DATA)
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated WebP data");
  if (st == VP8_STATUS_OUT_OF_MEMORY)
    return tc_img_fail(ctx, TC_IMG_ENOMEM, "out of memory (libwebp)");
  return tc_img_fail(ctx, TC_IMG_ECORRUPT, "corrupt WebP data (%s)", status_text(st));
}

int tc_img_decode_webp(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out) {
  WebPDecoderConfig cfg;
  if (!WebPInitDecoderConfig(&cfg))
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "libwebp version mismatch");
  VP8StatusCode st = WebPGetFeatures(p, n, &cfg.input);
  if (st != VP8_STATUS_OK) return webp_fail(ctx, st);
  if (cfg.input.has_animation)
    return tc_img_fail(ctx, TC_IMG_EUNSUPPORTED, "unsupported WebP (animated)");
  int w = cfg.input.width, h = cfg.input.height;
  int rc = tc_img_check_size(ctx, "WebP", (unsigned long)(w < 0 ? 0 : w),
                             (unsigned long)(h < 0 ? 0 : h));
  if (rc) return rc;
  int k = tc_img_box_factor(ctx, (unsigned long)w, (unsigned long)h, 1);
  /* libwebp's working memory: a lossless image is decoded whole into 32-bit
   * ARGB plus 16 cache rows (src/dec/vp8l_dec.c, AllocateInternalBuffers32b),
   * and so may compressed alpha; lossy data and the scaler keep rows. */
  uint64_t px = (uint64_t)w * (uint64_t)h, extra = (uint64_t)w * 4 * 64;
  if (cfg.input.format == 2 || cfg.input.format == 0) extra += tc_img_mul(px, 4);
  if (cfg.input.has_alpha) extra += tc_img_mul(px, 4);
  const char *what = cfg.input.format == 2 ? "lossless WebP" : "WebP";
  tc_img_sink sink;
  /* The scaler writes the reduced rows straight into the output: the sink
   * is only the memory check and the allocation (k = 1 on the scaled size). */
  int sw = (w + k - 1) / k, sh = (h + k - 1) / k;
  rc = tc_img_sink_open(&sink, ctx, out, sw, sh, 3, 1, 1, (unsigned long)w, (unsigned long)h,
                        extra, what);
  tc_img_sink_close(&sink);
  if (rc) return rc;
  if (k > 1) {
    cfg.options.use_scaling = 1;
    cfg.options.scaled_width = sw;
    cfg.options.scaled_height = sh;
  }
  cfg.output.colorspace = MODE_RGB;
  cfg.output.is_external_memory = 1;
  cfg.output.u.RGBA.rgba = out->pixels;
  cfg.output.u.RGBA.stride = sw * 3;
  cfg.output.u.RGBA.size = (size_t)sw * (size_t)sh * 3;
  st = WebPDecode(p, n, &cfg);
  WebPFreeDecBuffer(&cfg.output); /* external memory: frees nothing of ours */
  if (st != VP8_STATUS_OK) return webp_fail(ctx, st);
  return 0;
}
