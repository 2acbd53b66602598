/* From a decoded picture to a model input through the device's own
 * preprocessing (src/image): the one path of train, eval and predict. */
#include <string.h>

#include "imageio_internal.h"
#include "tinycnn/image.h"

/* The model input's H and W, or 0 with a message. */
static int tensor_size(const tc_img_ctx *ctx, const tc_tensor *dst, int *h, int *w) {
  if (!dst || !dst->data || dst->ndims != 4 || dst->dims[0] != 1 || dst->dims[1] < 1 ||
      dst->dims[2] < 1 || (dst->dims[3] != 1 && dst->dims[3] != 3)) {
    tc_img_fail(ctx, TC_IMG_EARG, "the model input is not [1,H,W,1|3]");
    return 0;
  }
  *h = dst->dims[1];
  *w = dst->dims[2];
  return 1;
}

int tc_bitmap_to_tensor(const tc_bitmap *b, tc_tensor *dst, const tc_image_opts *pre,
                        const char *name, char *err, size_t errlen) {
  tc_img_ctx ctx = {name ? name : "<memory>", err, errlen, {0, 0, 0}};
  int h, w;
  if (err && errlen > 0) err[0] = '\0';
  if (!tensor_size(&ctx, dst, &h, &w)) return TC_IMG_EARG;
  if (!b || !b->pixels || b->w < 1 || b->h < 1 || (b->channels != 1 && b->channels != 3))
    return tc_img_fail(&ctx, TC_IMG_EARG, "no decoded picture");
  /* tc_image_to_tensor crops the centre (tc_image_crop_rect) and resizes
   * it; taking that crop here as a view and resizing it unstretched gives
   * the very same bytes, and only the crop must be within its 4096 limit.
   * A stretching model takes the whole picture. */
  int stretch = pre && pre->stretch;
  int32_t x0 = 0, y0 = 0, cw = b->w, ch = b->h;
  if (!stretch) tc_image_crop_rect(b->w, b->h, w, h, &x0, &y0, &cw, &ch);
  if (cw > 4096 || ch > 4096)
    return tc_img_fail(&ctx, TC_IMG_ETOOBIG,
                       "the %dx%d %s of the %dx%d picture is larger than 4096 pixels per "
                       "side (decode it for the model's size: tc_bitmap_load_for)",
                       (int)cw, (int)ch, stretch ? "region" : "centre crop", b->w, b->h);
  tc_image img;
  img.data = b->pixels + ((size_t)y0 * (size_t)b->w + (size_t)x0) * (size_t)b->channels;
  img.width = cw;
  img.height = ch;
  img.stride = (int32_t)((size_t)b->w * (size_t)b->channels);
  img.format = b->channels == 1 ? TC_PIX_GRAY8 : TC_PIX_RGB888;
  tc_image_opts opts;
  if (pre)
    opts = *pre;
  else
    memset(&opts, 0, sizeof opts);
  opts.stretch = 1;
  tc_status s = tc_image_to_tensor(&img, dst, &opts);
  if (s != TC_OK)
    return tc_img_fail(&ctx, TC_IMG_EARG,
                       "the model input [1,%d,%d,%d] %s cannot be filled from a picture (%s; "
                       "src/image takes int8, uint8 or float32, sides up to 2048)",
                       h, w, (int)dst->dims[3], tc_type_name(dst->type), tc_status_name(s));
  return 0;
}

int tc_bitmap_load_tensor(const char *path, tc_tensor *dst, const tc_image_opts *pre, char *err,
                          size_t errlen) {
  tc_img_ctx ctx = {path ? path : "<null>", err, errlen, {0, 0, 0}};
  int h, w;
  if (err && errlen > 0) err[0] = '\0';
  if (!tensor_size(&ctx, dst, &h, &w)) return TC_IMG_EARG;
  tc_bitmap_want want = {w, h, pre && pre->stretch};
  tc_bitmap b;
  int rc = tc_bitmap_load_for(path, &want, &b, err, errlen);
  if (rc) return rc;
  rc = tc_bitmap_to_tensor(&b, dst, pre, path, err, errlen);
  tc_bitmap_free(&b);
  return rc;
}
