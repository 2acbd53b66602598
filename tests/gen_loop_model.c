/* Model variants for the device-loop tests (test_loop.sh):
 *   gen_loop_model OUT.tflite SIDE [--rgb] [--custom] [--meta TEXT]
 * the brightness classifier of app_model.h with SIDE x SIDE input, RGB
 * input, a CUSTOM op our loader refuses, or a "tinycnn" metadata entry
 * (TEXT with \n for newlines). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_model.h"

int main(int argc, char **argv) {
  int side, rgb = 0, custom = 0, a;
  char meta[512] = "";
  const char *m = NULL;
  uint8_t *bytes;
  size_t len;
  FILE *f;
  if (argc < 3) goto usage;
  side = atoi(argv[2]);
  for (a = 3; a < argc; a++) {
    if (!strcmp(argv[a], "--rgb")) rgb = 1;
    else if (!strcmp(argv[a], "--custom")) custom = 1;
    else if (!strcmp(argv[a], "--meta") && a + 1 < argc) {
      const char *s = argv[++a];
      size_t n = 0;
      for (; *s && n + 1 < sizeof meta; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
          meta[n++] = '\n';
          s++;
        } else {
          meta[n++] = *s;
        }
      }
      meta[n] = '\0';
      m = meta;
    } else goto usage;
  }
  if (side < 1 || side > 256 ||
      app_model_build_ex(side, rgb ? 3 : 1, m, custom, &bytes, &len) != 0)
    return 1;
  f = fopen(argv[1], "wb");
  if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "gen_loop_model: cannot write %s\n", argv[1]);
    free(bytes);
    return 1;
  }
  free(bytes);
  return 0;
usage:
  fprintf(stderr, "usage: gen_loop_model OUT.tflite SIDE [--rgb] [--custom] "
          "[--meta TEXT]\n");
  return 2;
}
