/* Bare-metal runner for rv32imc under QEMU (ESP32-C3 stand-in). The model
 * is linked into flash; inputs come from host files via semihosting:
 *   runner IN0.bin [IN1.bin ...] OUTPREFIX
 * writes OUTPREFIX0.bin, ... and prints "instret N" (retired instructions
 * of one invoke, exact under -icount) and "arena N".
 * Exit: 0 ok, 3 model error, 4 input error, 77 arena does not fit RAM. */
#include <stdio.h>
#include <string.h>

#include "tinycnn/runtime.h"

extern const unsigned char tc_model_data[], tc_model_end[];

#ifndef TC_ARENA_BYTES
#define TC_ARENA_BYTES (340 * 1024)
#endif
static unsigned char arena[TC_ARENA_BYTES] __attribute__((aligned(16)));

static unsigned long instret(void) {
  unsigned long v;
  __asm__ volatile("rdinstret %0" : "=r"(v));
  return v;
}

int main(int argc, char **argv) {
  tc_model m;
  tc_interp it;
  size_t need, i;
  unsigned long t0, t1;
  if (tc_model_load(&m, tc_model_data, (size_t)(tc_model_end - tc_model_data)) !=
          TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK) {
    printf("model: %s\n", m.msg);
    return 3;
  }
  printf("arena %u\n", (unsigned)need);
  if (need > sizeof arena) {
    printf("SKIP arena %u > %u bytes of RAM\n", (unsigned)need,
           (unsigned)sizeof arena);
    return 77;
  }
  if (tc_interp_init(&it, &m, arena, sizeof arena) != TC_OK) {
    printf("init: %s\n", it.msg);
    return 3;
  }
  if ((size_t)argc != tc_interp_num_inputs(&it) + 2) {
    printf("usage: runner IN0.bin ... OUTPREFIX (model has %u inputs)\n",
           (unsigned)tc_interp_num_inputs(&it));
    return 4;
  }
  for (i = 0; i < tc_interp_num_inputs(&it); i++) {
    tc_tensor *t = tc_interp_input(&it, i);
    FILE *f = fopen(argv[1 + i], "rb");
    size_t got = f ? fread(t->data, 1, t->bytes, f) : 0;
    if (f) fclose(f);
    if (got != t->bytes) {
      printf("input %u: %s: got %u bytes, need %u\n", (unsigned)i, argv[1 + i],
             (unsigned)got, (unsigned)t->bytes);
      return 4;
    }
  }
  t0 = instret();
  tc_interp_invoke(&it);
  t1 = instret();
  printf("instret %lu\n", t1 - t0);
  for (i = 0; i < tc_interp_num_outputs(&it); i++) {
    char path[256];
    tc_tensor *t = tc_interp_output(&it, i);
    FILE *f;
    snprintf(path, sizeof path, "%s%u.bin", argv[argc - 1], (unsigned)i);
    f = fopen(path, "wb");
    if (!f || fwrite(t->data, 1, t->bytes, f) != t->bytes) {
      printf("cannot write %s\n", path);
      if (f) fclose(f);
      return 1;
    }
    fclose(f);
  }
  return 0;
}
