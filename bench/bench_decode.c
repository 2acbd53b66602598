/* Image decoding, full size vs decoded for a model's size (issue 10):
 *   tc_bench_decode FILE full|WxH [RUNS]
 * prints one line
 *   decode NAME mode=full|WxH out=WxHxC best_ms=B runs=N
 * (B: the fastest of RUNS decodes, file reading included). make bench runs
 * it through bench/decode.sh, which adds peak RSS and callgrind counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tinycnn/imageio.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  tc_bitmap_want want = {0, 0, 0};
  int runs = argc > 3 ? atoi(argv[3]) : 1;
  if (argc < 3 || runs < 1 ||
      (strcmp(argv[2], "full") != 0 && sscanf(argv[2], "%dx%d", &want.w, &want.h) != 2)) {
    fprintf(stderr, "usage: tc_bench_decode FILE full|WxH [RUNS]\n");
    return 2;
  }
  double best = 0;
  tc_bitmap b;
  char err[512];
  for (int i = 0; i < runs; i++) {
    double t0 = now_ms();
    if (tc_bitmap_load_for(argv[1], &want, &b, err, sizeof err) != 0) {
      fprintf(stderr, "%s\n", err);
      return 1;
    }
    double t = now_ms() - t0;
    if (i == 0 || t < best) best = t;
    if (i < runs - 1) tc_bitmap_free(&b);
  }
  const char *name = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
  printf("decode %s mode=%s out=%dx%dx%d best_ms=%.1f runs=%d\n", name, argv[2], b.w, b.h,
         b.channels, best, runs);
  tc_bitmap_free(&b);
  return 0;
}
