/* JPEG via libjpeg(-turbo), from memory, with a setjmp error manager so
 * corrupt or truncated data is an error instead of exit() or grey fill. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "imageio_internal.h"

/* libjpeg's working memory (progressive coefficient buffers) is capped,
 * and so is the number of progressive scans (a few KB of crafted scans
 * can otherwise keep the decoder busy for minutes). */
#define TC_JPEG_MAX_MEMORY (1024L * 1024 * 1024)
#define TC_JPEG_MAX_SCANS 1000

typedef struct jpeg_job {
  struct jpeg_error_mgr pub; /* first: libjpeg hands us &pub */
  jmp_buf jump;
  char msg[JMSG_LENGTH_MAX];
  int truncated;
  struct jpeg_decompress_struct cinfo;
  struct jpeg_progress_mgr progress;
  const tc_img_ctx *ctx;
  tc_bitmap *out;
  uint8_t *row; /* one decoded scanline (CMYK), freed by the caller */
  int rc;
} jpeg_job;

static void jpeg_error_exit_cb(j_common_ptr cinfo) {
  jpeg_job *j = (jpeg_job *)cinfo->err;
  cinfo->err->format_message(cinfo, j->msg);
  longjmp(j->jump, 1);
}

/* Warnings that mean "the data ran out" or "the data is damaged" stop the
 * decode; libjpeg would otherwise return a partly grey image. Harmless
 * ones (extraneous bytes before a marker, unknown APPn) are ignored. */
static void jpeg_emit_message_cb(j_common_ptr cinfo, int level) {
  jpeg_job *j = (jpeg_job *)cinfo->err;
  if (level >= 0) return; /* trace messages */
  int code = cinfo->err->msg_code;
  if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC) {
    j->truncated = (code == JWRN_JPEG_EOF);
    cinfo->err->format_message(cinfo, j->msg);
    longjmp(j->jump, 1);
  }
  cinfo->err->num_warnings++;
}

static void jpeg_output_message_cb(j_common_ptr cinfo) {
  (void)cinfo; /* never print to stderr */
}

static void jpeg_progress_cb(j_common_ptr cinfo) {
  jpeg_job *j = (jpeg_job *)cinfo->err;
  j_decompress_ptr d = (j_decompress_ptr)cinfo;
  if (d->is_decompressor && d->input_scan_number > TC_JPEG_MAX_SCANS) {
    snprintf(j->msg, sizeof j->msg, "more than %d progressive scans", TC_JPEG_MAX_SCANS);
    longjmp(j->jump, 1);
  }
}

static int clamp255(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

static int jpeg_run(jpeg_job *j, const uint8_t *p, size_t n) {
  if (setjmp(j->jump)) return -1;
  struct jpeg_decompress_struct *ci = &j->cinfo;
  jpeg_create_decompress(ci);
  ci->mem->max_memory_to_use = TC_JPEG_MAX_MEMORY;
  j->progress.progress_monitor = jpeg_progress_cb;
  ci->progress = &j->progress;
  jpeg_mem_src(ci, p, (unsigned long)n);
  jpeg_read_header(ci, TRUE);
  if ((j->rc = tc_img_check_size(j->ctx, "JPEG", ci->image_width, ci->image_height)) != 0)
    return 0;

  int cmyk = 0;
  switch (ci->jpeg_color_space) {
  case JCS_GRAYSCALE:
    ci->out_color_space = JCS_GRAYSCALE;
    break;
  case JCS_YCbCr:
  case JCS_RGB:
    ci->out_color_space = JCS_RGB;
    break;
  case JCS_CMYK:
  case JCS_YCCK:
    ci->out_color_space = JCS_CMYK;
    cmyk = 1;
    break;
  default:
    j->rc = tc_img_fail(j->ctx, TC_IMG_EUNSUPPORTED,
                        "unsupported JPEG colour space (%d components)", ci->num_components);
    return 0;
  }
  jpeg_start_decompress(ci);
  int out_ch = ci->out_color_space == JCS_GRAYSCALE ? 1 : 3;
  if (ci->output_components != (cmyk ? 4 : out_ch)) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_EUNSUPPORTED, "unsupported JPEG layout (%d components)",
                        ci->output_components);
    return 0;
  }
  int w = (int)ci->output_width, h = (int)ci->output_height;
  if ((j->rc = tc_img_alloc(j->ctx, j->out, w, h, out_ch)) != 0) return 0;
  if (cmyk && !(j->row = malloc((size_t)w * 4))) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_ENOMEM, "out of memory");
    return 0;
  }
  /* Adobe writes CMYK inverted (0 = full ink); plain CMYK is not. */
  int inverted = ci->saw_Adobe_marker;
  while (ci->output_scanline < ci->output_height) {
    size_t y = ci->output_scanline;
    uint8_t *dst = j->out->pixels + y * (size_t)w * (size_t)out_ch;
    JSAMPROW row = cmyk ? j->row : dst;
    if (jpeg_read_scanlines(ci, &row, 1) != 1) {
      j->rc = tc_img_fail(j->ctx, TC_IMG_ECORRUPT, "truncated JPEG data");
      return 0;
    }
    if (cmyk) {
      for (int x = 0; x < w; x++) {
        const uint8_t *s = j->row + 4 * x;
        int c = s[0], m = s[1], yy = s[2], k = s[3];
        if (!inverted) {
          c = 255 - c;
          m = 255 - m;
          yy = 255 - yy;
          k = 255 - k;
        }
        dst[3 * x + 0] = (uint8_t)clamp255((c * k + 127) / 255);
        dst[3 * x + 1] = (uint8_t)clamp255((m * k + 127) / 255);
        dst[3 * x + 2] = (uint8_t)clamp255((yy * k + 127) / 255);
      }
    }
  }
  jpeg_finish_decompress(ci);
  return 0;
}

int tc_img_decode_jpeg(const uint8_t *p, size_t n, const tc_img_ctx *ctx, tc_bitmap *out) {
  jpeg_job *j = calloc(1, sizeof *j);
  if (!j) return tc_img_fail(ctx, TC_IMG_ENOMEM, "out of memory");
  j->ctx = ctx;
  j->out = out;
  j->cinfo.err = jpeg_std_error(&j->pub);
  j->pub.error_exit = jpeg_error_exit_cb;
  j->pub.emit_message = jpeg_emit_message_cb;
  j->pub.output_message = jpeg_output_message_cb;
  int rc;
  if (jpeg_run(j, p, n) != 0) {
    if (j->truncated)
      rc = tc_img_fail(ctx, TC_IMG_ECORRUPT, "truncated JPEG data");
    else
      rc = tc_img_fail(ctx, TC_IMG_ECORRUPT, "corrupt JPEG data (%s)", j->msg);
  } else {
    rc = j->rc;
  }
  jpeg_destroy_decompress(&j->cinfo);
  free(j->row);
  free(j);
  if (rc != 0) tc_bitmap_free(out);
  return rc;
}
