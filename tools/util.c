#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tinycnn/app.h"

const char *cli_esc(const char *s) {
  /* A path of PATH_MAX bytes escapes to at most 4x as many. */
  static char ring[8][4 * 4096 + 1];
  static unsigned next;
  char *b = ring[next++ % 8];
  return tc_escape(b, sizeof ring[0], s);
}

/* RFC 3629 well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
const char *cli_json_str(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p++, lo = 0x80, hi = 0xbf;
    int n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1
            : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return cli_esc(s);
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
    for (; n > 0; n--, p++, lo = 0x80, hi = 0xbf)
      if (*p < lo || *p > hi) return cli_esc(s);
  }
  return s;
}

void *cli_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t cap = 0, n = 0;
  if (!f) return NULL;
  for (;;) {
    size_t got;
    if (n == cap) {
      unsigned char *nb;
      cap = cap ? cap * 2 : 1 << 16;
      nb = realloc(buf, cap + 1);
      if (!nb) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return NULL;
      }
      buf = nb;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    fclose(f);
    errno = e ? e : EIO;
    return NULL;
  }
  fclose(f);
  buf[n] = 0;
  *len = n;
  return buf;
}

int cli_model_open(cli_model *cm, const char *path, int build_interp) {
  char msg[TC_MSG_LEN];
  tc_status s;
  memset(cm, 0, sizeof *cm);
  cm->bytes = cli_read_file(path, &cm->len);
  if (!cm->bytes) {
    fprintf(stderr, "tinycnn: cannot read model %s: %s\n", cli_esc(path),
            strerror(errno));
    return TC_EXIT_MODEL;
  }
  s = tc_model_load(&cm->m, cm->bytes, cm->len);
  if (s == TC_OK) s = tc_model_arena_size(&cm->m, &cm->arena_size);
  if (s != TC_OK) {
    fprintf(stderr, "tinycnn: %s: %s: %s\n", cli_esc(path), tc_status_name(s),
            cm->m.msg);
    cli_model_close(cm);
    return TC_EXIT_MODEL;
  }
  if (tc_meta_read(&cm->m, &cm->meta, msg) != TC_OK) {
    fprintf(stderr, "tinycnn: %s: %s\n", path, msg);
    cli_model_close(cm);
    return TC_EXIT_MODEL;
  }
  tc_app_image_opts(&cm->meta, &cm->pre);
  if (!build_interp) return TC_EXIT_OK;
  cm->arena = malloc(cm->arena_size ? cm->arena_size : 1);
  if (!cm->arena) {
    fprintf(stderr, "tinycnn: out of memory for a %zu-byte arena\n",
            cm->arena_size);
    cli_model_close(cm);
    return TC_EXIT_FAIL;
  }
  s = tc_interp_init(&cm->it, &cm->m, cm->arena, cm->arena_size);
  if (s != TC_OK) {
    fprintf(stderr, "tinycnn: %s: %s: %s\n", cli_esc(path), tc_status_name(s),
            cm->it.msg);
    cli_model_close(cm);
    return TC_EXIT_MODEL;
  }
  return TC_EXIT_OK;
}

void cli_model_close(cli_model *cm) {
  free(cm->arena);
  free(cm->bytes);
  memset(cm, 0, sizeof *cm);
}

const cli_chip cli_chips[CLI_NCHIPS] = {
    {"ESP32", "esp32", 320 * 1024, 4 * 1024 * 1024, 4 * 1024 * 1024},
    {"ESP32-S3", "esp32s3", 400 * 1024, 8 * 1024 * 1024, 8 * 1024 * 1024},
    {"ESP32-C3", "esp32c3", 320 * 1024, 0, 4 * 1024 * 1024},
};

int cli_mkdirs(const char *path) {
  char buf[4096];
  size_t i, n = strlen(path);
  if (n >= sizeof buf) return -1;
  strcpy(buf, path);
  for (i = 1; i <= n; i++)
    if (buf[i] == '/' || buf[i] == 0) {
      char c = buf[i];
      buf[i] = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
      buf[i] = c;
    }
  return 0;
}


int cli_parse_int(const char *s, int lo, int hi, int *v) {
  char *end;
  long x;
  errno = 0;
  x = strtol(s, &end, 10);
  if (errno || end == s || *end || x < lo || x > hi) return -1;
  *v = (int)x;
  return 0;
}
