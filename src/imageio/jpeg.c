/* JPEG via libjpeg(-turbo), from memory, with a setjmp error manager so
 * corrupt or truncated data is an error instead of exit() or grey fill. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "imageio_internal.h"

/* The number of progressive scans is capped (a few KB of crafted scans
 * can otherwise keep the decoder busy for minutes). libjpeg's own memory
 * cap is TC_BITMAP_MAX_MEMORY; our estimate below refuses first, with
 * the figures. */
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
  tc_img_sink sink;
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

/* The orientation from the first Exif APP1 marker (1 if none). */
static int exif_orientation(j_decompress_ptr ci) {
  for (jpeg_saved_marker_ptr m = ci->marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && memcmp(m->data, "Exif\0\0", 6) == 0)
      return tc_img_exif_orientation(m->data, m->data_length);
  return 1;
}

/* Bytes libjpeg holds besides our buffers. A file with several scans
 * (progressive, or sequential with non-interleaved scans) keeps every DCT
 * coefficient of the whole image, 2 bytes each, in blocks padded to the
 * sampling factors (libjpeg-turbo jdcoefct.c, jinit_d_coef_controller);
 * a single-scan file holds one MCU. Both keep a few rows of output-sized
 * samples (main, upsampling and colour buffers): 48 rows are counted. */
static uint64_t libjpeg_bytes(j_decompress_ptr ci) {
  uint64_t b = tc_img_mul((uint64_t)ci->output_width * 48, (uint64_t)ci->num_components + 1);
  if (!jpeg_has_multiple_scans(ci)) return b + 64 * 1024;
  for (int i = 0; i < ci->num_components; i++) {
    const jpeg_component_info *c = &ci->comp_info[i];
    uint64_t bw = ((uint64_t)c->width_in_blocks + (uint64_t)c->h_samp_factor - 1) /
                  (uint64_t)c->h_samp_factor * (uint64_t)c->h_samp_factor;
    uint64_t bh = ((uint64_t)c->height_in_blocks + (uint64_t)c->v_samp_factor - 1) /
                  (uint64_t)c->v_samp_factor * (uint64_t)c->v_samp_factor;
    b += tc_img_mul(tc_img_mul(bw, bh), DCTSIZE2 * sizeof(JCOEF));
  }
  return b;
}

static int jpeg_run(jpeg_job *j, const uint8_t *p, size_t n) {
  if (setjmp(j->jump)) return -1;
  struct jpeg_decompress_struct *ci = &j->cinfo;
  jpeg_create_decompress(ci);
  ci->mem->max_memory_to_use = (long)TC_BITMAP_MAX_MEMORY;
  j->progress.progress_monitor = jpeg_progress_cb;
  ci->progress = &j->progress;
  jpeg_mem_src(ci, p, (unsigned long)n);
  jpeg_save_markers(ci, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header(ci, TRUE);
  if ((j->rc = tc_img_check_size(j->ctx, "JPEG", ci->image_width, ci->image_height)) != 0)
    return 0;
  int orient = exif_orientation(ci);

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
  /* DCT scaling: the smallest M/8 (libjpeg-turbo takes M = 1..16 over 8)
   * whose output still fits the wanted size; 8/8 without one. */
  ci->scale_denom = 8;
  for (ci->scale_num = 1; ci->scale_num < 8; ci->scale_num++) {
    jpeg_calc_output_dimensions(ci);
    if (tc_img_fits(j->ctx, ci->output_width, ci->output_height, orient)) break;
  }
  jpeg_calc_output_dimensions(ci);
  int k = tc_img_box_factor(j->ctx, ci->output_width, ci->output_height, orient);
  int out_ch = ci->out_color_space == JCS_GRAYSCALE ? 1 : 3;
  int w = (int)ci->output_width, h = (int)ci->output_height;
  uint64_t extra = libjpeg_bytes(ci) + (cmyk ? (uint64_t)w * 4 : 0);
  const char *what = ci->progressive_mode           ? "progressive JPEG"
                     : jpeg_has_multiple_scans(ci) ? "multi-scan JPEG"
                                                   : "JPEG";
  if ((j->rc = tc_img_sink_open(&j->sink, j->ctx, j->out, w, h, out_ch, k, orient,
                                ci->image_width, ci->image_height, extra, what)) != 0)
    return 0;
  jpeg_start_decompress(ci);
  if (ci->output_components != (cmyk ? 4 : out_ch) || (int)ci->output_width != w ||
      (int)ci->output_height != h) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_EUNSUPPORTED, "unsupported JPEG layout (%d components)",
                        ci->output_components);
    return 0;
  }
  if (cmyk && !(j->row = malloc((size_t)w * 4))) {
    j->rc = tc_img_fail(j->ctx, TC_IMG_ENOMEM, "out of memory");
    return 0;
  }
  /* Adobe writes CMYK inverted (0 = full ink); plain CMYK is not. */
  int inverted = ci->saw_Adobe_marker;
  while (ci->output_scanline < ci->output_height) {
    uint8_t *dst = tc_img_sink_buf(&j->sink);
    JSAMPROW row = cmyk ? j->row : dst;
    if (jpeg_read_scanlines(ci, &row, 1) != 1) {
      j->rc = tc_img_fail(j->ctx, TC_IMG_ECORRUPT, "truncated JPEG data");
      return 0;
    }
    if (cmyk) {
      for (int x = 0; x < w; x++) {
        const uint8_t *s = j->row + 4 * x;
        int c = s[0], m = s[1], yy = s[2], kk = s[3];
        if (!inverted) {
          c = 255 - c;
          m = 255 - m;
          yy = 255 - yy;
          kk = 255 - kk;
        }
        dst[3 * x + 0] = (uint8_t)clamp255((c * kk + 127) / 255);
        dst[3 * x + 1] = (uint8_t)clamp255((m * kk + 127) / 255);
        dst[3 * x + 2] = (uint8_t)clamp255((yy * kk + 127) / 255);
      }
    }
    tc_img_sink_push(&j->sink);
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
  tc_img_sink_close(&j->sink);
  free(j->row);
  free(j);
  if (rc != 0) tc_bitmap_free(out);
  return rc;
}
