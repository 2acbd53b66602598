/* Format detection, file reading and the helpers shared by the decoders. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imageio_internal.h"
#include "tinycnn/runtime.h"

/* Files larger than this are refused before reading them whole. */
#define TC_IMG_MAX_FILE (1024L * 1024 * 1024)

int tc_img_fail(const tc_img_ctx *ctx, int code, const char *fmt, ...) {
  if (ctx->err && ctx->errlen > 0) {
    char name[1024];
    /* Escaped: a file name cannot move the cursor or recolour a terminal. */
    tc_escape(name, sizeof name, ctx->name);
    int n = snprintf(ctx->err, ctx->errlen, "%s: ", name);
    if (n >= 0 && (size_t)n < ctx->errlen) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(ctx->err + n, ctx->errlen - (size_t)n, fmt, ap);
      va_end(ap);
    }
  }
  return code;
}

int tc_img_check_size(const tc_img_ctx *ctx, const char *format, unsigned long w, unsigned long h) {
  if (w == 0 || h == 0)
    return tc_img_fail(ctx, TC_IMG_ECORRUPT, "%s header declares an empty %lux%lu image", format, w, h);
  return 0;
}

uint64_t tc_img_mul(uint64_t a, uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

int tc_img_check_memory(const tc_img_ctx *ctx, const char *what, unsigned long w, unsigned long h,
                        uint64_t bytes) {
  if (bytes <= TC_BITMAP_MAX_MEMORY) return 0;
  const uint64_t mib = 1024 * 1024;
  return tc_img_fail(ctx, TC_IMG_ETOOBIG,
                     "%lux%lu %s needs %llu MiB to decode; the limit is %llu MiB "
                     "(TC_BITMAP_MAX_MEMORY)",
                     w, h, what, (unsigned long long)((bytes + mib - 1) / mib),
                     (unsigned long long)(TC_BITMAP_MAX_MEMORY / mib));
}

static int starts(const uint8_t *p, size_t n, const char *magic, size_t m) {
  return n >= m && memcmp(p, magic, m) == 0;
}

/* The name of a format we recognise but do not read, or NULL. */
static const char *unsupported_name(const uint8_t *p, size_t n) {
  if (starts(p, n, "GIF87a", 6) || starts(p, n, "GIF89a", 6)) return "GIF";
  if (starts(p, n, "II*\0", 4) || starts(p, n, "MM\0*", 4)) return "TIFF";
  if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0) {
    if (memcmp(p + 8, "avif", 4) == 0 || memcmp(p + 8, "avis", 4) == 0) return "AVIF";
    if (memcmp(p + 8, "hei", 3) == 0 || memcmp(p + 8, "mif1", 4) == 0 ||
        memcmp(p + 8, "msf1", 4) == 0)
      return "HEIF";
  }
  if (starts(p, n, "\xff\x0a", 2) || starts(p, n, "\0\0\0\x0cJXL \r\n\x87\n", 12)) return "JPEG XL";
  if (starts(p, n, "\0\0\0\x0cjP  \r\n\x87\n", 12) || starts(p, n, "\xff\x4f\xff\x51", 4))
    return "JPEG 2000";
  if (starts(p, n, "qoif", 4)) return "QOI";
  if (starts(p, n, "8BPS", 4)) return "Photoshop PSD";
  if (starts(p, n, "\0\0\1\0", 4)) return "ICO";
  if (starts(p, n, "%PDF", 4)) return "PDF";
  if (starts(p, n, "\x76\x2f\x31\x01", 4)) return "OpenEXR";
  if (starts(p, n, "#?RADIANCE", 10) || starts(p, n, "#?RGBE", 6)) return "Radiance HDR";
  if (starts(p, n, "<svg", 4) || starts(p, n, "<?xml", 5)) return "SVG/XML";
  return NULL;
}

int tc_bitmap_decode_for(const void *data, size_t len, const char *name_for_errors,
                         const tc_bitmap_want *want, tc_bitmap *out, char *err, size_t errlen) {
  tc_img_ctx ctx = {name_for_errors ? name_for_errors : "<memory>", err, errlen, {0, 0, 0}};
  if (err && errlen > 0) err[0] = '\0';
  if (!out) return tc_img_fail(&ctx, TC_IMG_EARG, "no output bitmap");
  memset(out, 0, sizeof *out);
  if (want && (want->w != 0 || want->h != 0)) {
    if (want->w < 1 || want->h < 1)
      return tc_img_fail(&ctx, TC_IMG_EARG, "wanted size %dx%d (expected both >= 1, or 0x0)",
                         want->w, want->h);
    ctx.want = *want;
  }
  if (!data && len > 0) return tc_img_fail(&ctx, TC_IMG_EARG, "no data");
  if (len == 0) return tc_img_fail(&ctx, TC_IMG_ECORRUPT, "empty file (0 bytes)");
  const uint8_t *p = data;

  int rc;
  if (starts(p, len, "\xff\xd8\xff", 3))
    rc = tc_img_decode_jpeg(p, len, &ctx, out);
  else if (starts(p, len, "\x89PNG\r\n\x1a\n", 8))
    rc = tc_img_decode_png(p, len, &ctx, out);
  else if (len >= 12 && starts(p, len, "RIFF", 4) && memcmp(p + 8, "WEBP", 4) == 0)
    rc = tc_img_decode_webp(p, len, &ctx, out);
  else if (starts(p, len, "BM", 2))
    rc = tc_img_decode_bmp(p, len, &ctx, out);
  else if (len >= 2 && p[0] == 'P' && p[1] >= '1' && p[1] <= '7')
    rc = tc_img_decode_pnm(p, len, &ctx, out);
  else {
    const char *what = unsupported_name(p, len);
    if (what)
      return tc_img_fail(&ctx, TC_IMG_EUNSUPPORTED, "unsupported format (%s)", what);
    if (len < 8)
      return tc_img_fail(&ctx, TC_IMG_EUNSUPPORTED,
                         "unsupported format (only %zu bytes, not an image)", len);
    return tc_img_fail(&ctx, TC_IMG_EUNSUPPORTED,
                       "unsupported format (starts with %02x %02x %02x %02x; "
                       "not JPEG, PNG, WebP, BMP or PGM/PPM)",
                       p[0], p[1], p[2], p[3]);
  }
  if (rc != 0) tc_bitmap_free(out);
  return rc;
}

int tc_bitmap_decode(const void *data, size_t len, const char *name_for_errors, tc_bitmap *out,
                     char *err, size_t errlen) {
  return tc_bitmap_decode_for(data, len, name_for_errors, NULL, out, err, errlen);
}

int tc_bitmap_load_for(const char *path, const tc_bitmap_want *want, tc_bitmap *out, char *err,
                       size_t errlen) {
  tc_img_ctx ctx = {path ? path : "<null>", err, errlen, {0, 0, 0}};
  if (err && errlen > 0) err[0] = '\0';
  if (out) memset(out, 0, sizeof *out);
  if (!path || !out) return tc_img_fail(&ctx, TC_IMG_EARG, "NULL argument");

  FILE *f = fopen(path, "rb");
  if (!f) return tc_img_fail(&ctx, TC_IMG_EIO, "cannot open (%s)", strerror(errno));
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  int rc = 0;
  for (;;) {
    if (len == cap) {
      if (cap >= (size_t)TC_IMG_MAX_FILE) {
        rc = tc_img_fail(&ctx, TC_IMG_ETOOBIG, "file larger than %ld MiB",
                         TC_IMG_MAX_FILE / (1024 * 1024));
        break;
      }
      size_t ncap = cap ? cap * 2 : 64 * 1024;
      uint8_t *nb = realloc(buf, ncap);
      if (!nb) {
        rc = tc_img_fail(&ctx, TC_IMG_ENOMEM, "out of memory reading the file");
        break;
      }
      buf = nb;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) {
      if (ferror(f)) rc = tc_img_fail(&ctx, TC_IMG_EIO, "read error (%s)", strerror(errno));
      break;
    }
  }
  fclose(f);
  if (rc == 0) rc = tc_bitmap_decode_for(buf, len, path, want, out, err, errlen);
  free(buf);
  return rc;
}

int tc_bitmap_load(const char *path, tc_bitmap *out, char *err, size_t errlen) {
  return tc_bitmap_load_for(path, NULL, out, err, errlen);
}

void tc_bitmap_free(tc_bitmap *b) {
  if (!b) return;
  free(b->pixels);
  memset(b, 0, sizeof *b);
}
