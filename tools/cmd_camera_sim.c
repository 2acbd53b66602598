/* tinycnn camera-sim MODEL DIR [--format gray|rgb565|yuyv] [--size WxH]
 *   [--threshold T] [--hysteresis H] [--frames N] [--retries K]
 *   [--labels NEG,POS] [--serve HOST:PORT [--flash FILE] ...]
 * The firmware's logic (src/app) on the host: each image file of DIR, in
 * name order, becomes one camera frame; prints the device's log lines.
 * Threshold and labels: the flags, else the model's metadata. With
 * --serve, the device service (src/app/device.c) answers HTTP on HOST:PORT
 * while DIR plays in a loop (camsim_serve.c). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "camsim.h"
#include "camsim_serve.h"
#include "cli.h"

static const char usage_txt[] =
    "usage: tinycnn camera-sim MODEL DIR [--format gray|rgb565|yuyv] "
    "[--size WxH] [--threshold T] [--hysteresis H] [--frames N] "
    "[--retries K] [--labels NEG,POS]\n"
    "       [--serve HOST:PORT [--flash FILE] [--flash-size BYTES] "
    "[--arena BYTES] [--max-model BYTES] [--token T] [--interval MS]]\n";

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_files(char **f, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) free(f[i]);
  free(f);
}

/* Regular files of dir, not hidden, sorted by name. -1 with errno. */
static int list_dir(const char *dir, char ***out, size_t *n) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) {
    struct stat st;
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    char *p;
    if (e->d_name[0] == '.') continue;
    p = malloc(len);
    if (!p) goto nomem;
    snprintf(p, len, "%s/%s", dir, e->d_name);
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(p);
      continue;
    }
    if (*n == cap) {
      char **nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
      if (!nv) {
        free(p);
        goto nomem;
      }
      v = nv;
    }
    v[(*n)++] = p;
  }
  closedir(d);
  if (*n) qsort(v, *n, sizeof *v, cmp_str);
  *out = v;
  return 0;
nomem:
  closedir(d);
  free_files(v, *n);
  errno = ENOMEM;
  return -1;
}

static int parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *v) {
  char *end;
  unsigned long x = strtoul(s, &end, 10);
  if (end == s || *end || s[0] == '-' || x < lo || x > hi) return -1;
  *v = (uint32_t)x;
  return 0;
}

static int parse_bytes(const char *s, uint32_t lo, uint32_t *v) {
  return parse_u32(s, lo, 0x7fffffffu, v);
}

static int parse_size(const char *s, int32_t *w, int32_t *h) {
  char *end;
  long a = strtol(s, &end, 10), b;
  if (end == s || *end != 'x') return -1;
  s = end + 1;
  b = strtol(s, &end, 10);
  if (end == s || *end || a < 1 || b < 1 || a > 4096 || b > 4096) return -1;
  *w = (int32_t)a;
  *h = (int32_t)b;
  return 0;
}

int cmd_camera_sim(int argc, char **argv) {
  const char *model = NULL, *dir = NULL, *bad = NULL, *bad_arg = NULL;
  char neg[64] = "negative", pos[64] = "positive";
  int have_labels = 0, have_thr = 0;
  uint32_t u = 0;
  serve_opts so;
  tc_device_config dcfg;
  tc_app_config cfg;
  tc_app_hal hal;
  tc_app *app = NULL;
  camsim cs;
  cli_model cm;
  int a, rc;
  memset(&cs, 0, sizeof cs);
  cs.w = 160;
  cs.h = 120;
  cs.format = TC_PIX_GRAY8;
  tc_app_config_default(&cfg);
  memset(&so, 0, sizeof so);
  so.flash_size = 1u << 20;
  so.interval_ms = 100;
  tc_device_config_default(&dcfg);
  for (a = 1; a < argc && !bad; a++) {
    const char *v = a + 1 < argc ? argv[a + 1] : NULL;
    bad_arg = v;
    if (!strcmp(argv[a], "--format") && v) {
      a++;
      if (!strcmp(v, "gray")) cs.format = TC_PIX_GRAY8;
      else if (!strcmp(v, "rgb565")) cs.format = TC_PIX_RGB565_BE;
      else if (!strcmp(v, "yuyv")) cs.format = TC_PIX_YUYV;
      else bad = "--format: expected gray, rgb565 or yuyv";
    } else if (!strcmp(argv[a], "--size") && v) {
      a++;
      if (parse_size(v, &cs.w, &cs.h)) bad = "--size: expected WxH, 1..4096";
    } else if (!strcmp(argv[a], "--threshold") && v) {
      a++;
      if (cli_parse_unit(v, &cfg.threshold)) bad = "--threshold: expected a number in [0, 1]";
      have_thr = 1;
    } else if (!strcmp(argv[a], "--hysteresis") && v) {
      a++;
      if (cli_parse_unit(v, &cfg.hysteresis)) bad = "--hysteresis: expected a number in [0, 1]";
    } else if (!strcmp(argv[a], "--frames") && v) {
      a++;
      if (parse_u32(v, 1, 1000000, &cfg.frames)) bad = "--frames: expected an integer >= 1";
    } else if (!strcmp(argv[a], "--retries") && v) {
      a++;
      if (parse_u32(v, 1, 1000000, &cfg.camera_retries)) bad = "--retries: expected an integer >= 1";
    } else if (!strcmp(argv[a], "--labels") && v) {
      a++;
      if (cli_parse_labels(v, neg, pos, sizeof neg)) bad = "--labels: expected NEG,POS (two non-empty names under 64 characters)";
      have_labels = 1;
    } else if (!strcmp(argv[a], "--serve") && v) {
      a++;
      so.addr = v;
    } else if (!strcmp(argv[a], "--flash") && v) {
      a++;
      so.flash = v;
    } else if (!strcmp(argv[a], "--flash-size") && v) {
      a++;
      if (parse_bytes(v, 4u * 4096, &so.flash_size) || so.flash_size % 4096)
        bad = "--flash-size: expected a multiple of 4096, at least 16384";
    } else if (!strcmp(argv[a], "--arena") && v) {
      a++;
      if (parse_bytes(v, 16, &u)) bad = "--arena: expected bytes >= 16";
      so.arena = u;
    } else if (!strcmp(argv[a], "--max-model") && v) {
      a++;
      if (parse_bytes(v, 16, &u)) bad = "--max-model: expected bytes >= 16";
      so.max_model = u;
    } else if (!strcmp(argv[a], "--token") && v) {
      a++;
      dcfg.token = v;
    } else if (!strcmp(argv[a], "--interval") && v) {
      a++;
      if (parse_u32(v, 0, 60000, &so.interval_ms)) bad = "--interval: expected milliseconds, 0..60000";
    } else if ((!strcmp(argv[a], "--power-cut") ||
                !strcmp(argv[a], "--power-cut-torn")) && v) {
      /* Tests: the process dies after (or in the middle of) the N-th
       * flash erase/write, as in a power cut (tools/flash_file.h). */
      so.torn = argv[a][11] == '-';
      a++;
      if (parse_u32(v, 1, 1000000, &so.cut_at)) bad = "--power-cut: expected an operation number >= 1";
    } else if (argv[a][0] == '-') {
      bad = "unexpected option";
      bad_arg = argv[a];
    } else if (!model) {
      model = argv[a];
    } else if (!dir) {
      dir = argv[a];
    } else {
      bad = "unexpected argument";
      bad_arg = argv[a];
    }
  }
  if (bad) {
    fprintf(stderr, "tinycnn camera-sim: %s ('%s')\n%s", bad,
            cli_esc(bad_arg), usage_txt);
    return TC_EXIT_USAGE;
  }
  if (!model || !dir) {
    fputs(usage_txt, stderr);
    return TC_EXIT_USAGE;
  }
  if (cs.format == TC_PIX_YUYV && (cs.w & 1)) {
    fprintf(stderr, "tinycnn camera-sim: --size %dx%d: YUYV needs an even "
            "width\n", (int)cs.w, (int)cs.h);
    return TC_EXIT_USAGE;
  }
  /* Only for the bytes and the arena size; the app builds its own. */
  rc = cli_model_open(&cm, model, 0);
  if (rc) return rc;
  /* The flags override what the model's metadata says. */
  dcfg.app.hysteresis = cfg.hysteresis;
  dcfg.app.frames = cfg.frames;
  dcfg.app.camera_retries = cfg.camera_retries;
  if (have_thr) dcfg.app.threshold = cfg.threshold;
  if (have_labels) {
    dcfg.app.label_neg = neg;
    dcfg.app.label_pos = pos;
  }
  dcfg.cam_width = cs.w;
  dcfg.cam_height = cs.h;
  dcfg.cam_format = cs.format;
  tc_app_config_meta(&cfg, &cm.meta);
  if (have_thr) cfg.threshold = dcfg.app.threshold;
  if (have_labels) {
    cfg.label_neg = neg;
    cfg.label_pos = pos;
  }
  if (list_dir(dir, &cs.files, &cs.nfiles) != 0) {
    fprintf(stderr, "tinycnn camera-sim: cannot read directory %s: %s\n",
            cli_esc(dir), strerror(errno));
    cli_model_close(&cm);
    return TC_EXIT_INPUT;
  }
  if (cs.nfiles == 0) {
    fprintf(stderr, "tinycnn camera-sim: %s holds no image files\n",
            cli_esc(dir));
    rc = TC_EXIT_INPUT;
    goto out;
  }
  cs.frame = malloc((size_t)cs.w * (size_t)cs.h * tc_pixfmt_bpp(cs.format));
  if (so.addr && cs.frame) {
    cs.loop = 1;
    rc = camsim_serve(&cs, &dcfg, &cm, &so);
    goto out;
  }
  cm.arena = malloc(cm.arena_size ? cm.arena_size : 1);
  app = malloc(sizeof *app);
  if (!cs.frame || !cm.arena || !app) {
    fprintf(stderr, "tinycnn camera-sim: out of memory\n");
    rc = TC_EXIT_FAIL;
    goto out;
  }
  camsim_hal(&cs, &hal);
  if (tc_app_init(app, &hal, &cfg, cm.bytes, cm.len, cm.arena,
                  cm.arena_size) != TC_OK) {
    fprintf(stderr, "tinycnn camera-sim: %s: %s\n", cli_esc(model),
            cli_esc(app->msg));
    rc = TC_EXIT_MODEL;
    goto out;
  }
  while (cs.next < cs.nfiles) {
    tc_status s = tc_app_step(app);
    if (s != TC_OK && s != TC_ERR_INPUT) {
      fprintf(stderr, "tinycnn camera-sim: %s\n", cli_esc(app->msg));
      rc = TC_EXIT_MODEL;
      goto out;
    }
  }
  rc = cs.bad_files ? TC_EXIT_INPUT : TC_EXIT_OK;
out:
  free(app);
  free(cs.frame);
  free_files(cs.files, cs.nfiles);
  cli_model_close(&cm);
  return rc;
}
