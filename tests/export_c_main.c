/* Compiled with a generated model_data.c (strict C99): the array is the
 * .tflite byte for byte, 16-byte aligned, and the defines match what the
 * runtime measures.   export_c_main MODEL.tflite */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_data.h"
#include "tinycnn/runtime.h"

int main(int argc, char **argv) {
  static unsigned char file[1 << 20];
  size_t n, need = 0;
  tc_model m;
  FILE *f;
  int bad = 0;
  if (argc != 2 || !(f = fopen(argv[1], "rb"))) return 2;
  n = fread(file, 1, sizeof file, f);
  fclose(f);
  if (model_data_len != n || memcmp(model_data, file, n) != 0) {
    printf("FAIL model_data (%u bytes) differs from %s (%u bytes)\n",
           model_data_len, argv[1], (unsigned)n);
    bad = 1;
  }
  if ((uintptr_t)model_data % 16 != 0) {
    printf("FAIL model_data is not 16-byte aligned\n");
    bad = 1;
  }
  if (tc_model_load(&m, model_data, model_data_len) != TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK || need != MODEL_ARENA_SIZE) {
    printf("FAIL arena %u, MODEL_ARENA_SIZE %u (%s)\n", (unsigned)need,
           (unsigned)MODEL_ARENA_SIZE, m.msg);
    bad = 1;
  }
  if (MODEL_INPUT_WIDTH * MODEL_INPUT_HEIGHT * MODEL_INPUT_CHANNELS <= 0 ||
      !(MODEL_THRESHOLD > 0.0f) || MODEL_INPUT_SCALE != 1.0f / 255.0f ||
      MODEL_INPUT_ZERO_POINT != -128 || sizeof MODEL_LABEL_POS < 2) {
    printf("FAIL defines\n");
    bad = 1;
  }
  if (!bad) printf("model_data: %u bytes, arena %u: OK\n", model_data_len,
                   (unsigned)need);
  return bad;
}
