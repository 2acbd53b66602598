/* Writes the brightness classifier (app_model.h):
 *   gen_app_model OUT.tflite [SIDE]
 *   gen_app_model --c DIR [SIDE]   model_data.c + model_data.h for the
 *                                  ESP32 example (the placeholder model)
 * The --c output uses the names examples/esp32-cam-classifier expects
 * (README, "ESP32 camera"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_model.h"
#include "tinycnn/runtime.h"

static int write_c(const char *dir, const uint8_t *b, size_t len, int side) {
  char path[4096];
  tc_model m;
  size_t arena, i;
  FILE *f;
  if (tc_model_load(&m, b, len) != TC_OK ||
      tc_model_arena_size(&m, &arena) != TC_OK) {
    fprintf(stderr, "gen_app_model: %s\n", m.msg);
    return -1;
  }
  snprintf(path, sizeof path, "%s/model_data.h", dir);
  f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f,
          "/* Placeholder model: brightness classifier (tests/gen_app_model.c,"
          "\n * regenerated and compared by the app_placeholder test). Replace"
          "\n * both files with `tinycnn export --c` output. */\n"
          "#ifndef MODEL_DATA_H\n#define MODEL_DATA_H\n\n"
          "/* Measured on a 64-bit host: an upper bound for 32-bit targets;"
          "\n * the firmware measures the exact figure at boot. */\n"
          "#define MODEL_ARENA_SIZE %zu\n"
          "#define MODEL_INPUT_WIDTH %d\n#define MODEL_INPUT_HEIGHT %d\n"
          "#define MODEL_INPUT_CHANNELS 1\n"
          "#define MODEL_LABEL_NEG \"dark\"\n#define MODEL_LABEL_POS \"bright\"\n"
          "#define MODEL_THRESHOLD 0.5f\n\n"
          "extern const unsigned char model_data[];\n"
          "extern const unsigned int model_data_len;\n\n#endif\n",
          arena, side, side);
  if (fclose(f) != 0) return -1;
  snprintf(path, sizeof path, "%s/model_data.c", dir);
  f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "/* Placeholder model (tests/gen_app_model.c): see model_data.h. */\n"
             "#include \"model_data.h\"\n\n"
             "/* 16-byte aligned: the runtime reads constants in place. */\n"
             "const unsigned char model_data[] __attribute__((aligned(16))) = {");
  for (i = 0; i < len; i++)
    fprintf(f, "%s0x%02x%s", i % 12 ? " " : "\n    ", b[i],
            i + 1 < len ? "," : "");
  fprintf(f, "\n};\nconst unsigned int model_data_len = %zu;\n", len);
  return fclose(f) != 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  int c_mode = argc > 1 && strcmp(argv[1], "--c") == 0;
  int a = c_mode ? 2 : 1, side;
  uint8_t *bytes;
  size_t len;
  FILE *f;
  if (argc != a + 1 && argc != a + 2) {
    fprintf(stderr, "usage: gen_app_model OUT.tflite [SIDE] | --c DIR [SIDE]\n");
    return 2;
  }
  side = argc == a + 2 ? atoi(argv[a + 1]) : 96;
  if (side < 1 || side > 256 || app_model_build(side, &bytes, &len) != 0)
    return 1;
  if (c_mode) {
    if (write_c(argv[a], bytes, len, side) != 0) {
      fprintf(stderr, "gen_app_model: cannot write into %s\n", argv[a]);
      free(bytes);
      return 1;
    }
  } else {
    f = fopen(argv[a], "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
      fprintf(stderr, "gen_app_model: cannot write %s\n", argv[a]);
      free(bytes);
      return 1;
    }
  }
  free(bytes);
  return 0;
}
