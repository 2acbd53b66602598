/* Bare-metal runner for rv32imc under QEMU (ESP32-C3 stand-in), also
 * built for Cortex-M4 by ports/cortex-m-qemu and for Xtensa by
 * ports/xtensa-qemu. The model is linked into flash; inputs come from host
 * files via semihosting:
 *   runner IN0.bin [IN1.bin ...] OUTPREFIX [IN0.bin ... OUTPREFIX]...
 * runs one invoke per group of inputs (a case), writes OUTPREFIX0.bin, ...
 * and prints "instret N" per case (retired instructions of the invoke,
 * exact under -icount), "arena N", "stack N (load L, init I, invoke V)" (the deepest stack
 * tc_model_load, tc_interp_init and tc_interp_invoke reached below main's
 * frame, found by painting the stack region, so a device task's stack can
 * be sized from it: TC_STACK_NEED) and "stack-arena-size N" (the same for
 * tc_model_arena_size, painted on its own: it keeps the planner's work
 * list on the stack, TC_ARENA_SIZE_STACK). On
 * other ISAs "icount N" replaces "instret N": the port's instruction clock.
 * Exit: 0 ok, 3 model error, 4 input error, 77 arena does not fit RAM. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tinycnn/runtime.h"

extern const unsigned char tc_model_data[], tc_model_end[];

#ifndef TC_ARENA_BYTES
#define TC_ARENA_BYTES (340 * 1024)
#endif
static unsigned char arena[TC_ARENA_BYTES] __attribute__((aligned(16)));

/* Bottom of the stack region (picolibc.ld, the port's link.ld); the stack
 * grows down to it. */
extern char __heap_end[];
#define STACK_PAINT 0xA5

/* Paints the unused stack below the caller. volatile: a memset call would
 * use the stack being painted. Never inlined: its own frame must lie below
 * main's locals, or the painting reaches them (it did on Xtensa). */
__attribute__((noinline)) static void stack_paint(void) {
  volatile char here = 0;
  volatile char *p = __heap_end;
  const char *end = (const char *)((uintptr_t)&here - 256);
  while ((const char *)p < end) *p++ = STACK_PAINT;
}

/* Bytes between top (an address in main's frame) and the deepest byte
 * written since stack_paint. */
static size_t stack_used(const char *top) {
  const char *p = __heap_end;
  while (p < top && *p == (char)STACK_PAINT) p++;
  return (size_t)(top - p);
}

#if defined(__riscv)
#define COUNTER "instret"
static unsigned long counter(void) {
  unsigned long v;
  __asm__ volatile("rdinstret %0" : "=r"(v));
  return v;
}
#else
#define COUNTER "icount"
unsigned long tc_port_counter(void);
#define counter tc_port_counter
#endif

#ifdef TC_PROFILE
/* Profile builds (profile.sh, -DTC_PROFILE): interp.c calls these around
 * each run of nodes; one line per run, "op FIRST LAST instret N zeros Z
 * of C" (Z of the first node's C int8 input values are the zero point).
 * The count includes the two calls' own few instructions. */
static unsigned long prof_t0;
void tc_profile_begin(uint32_t first);
void tc_profile_end(uint32_t first, uint32_t last, uint32_t zeros,
                    uint32_t count);
void tc_profile_begin(uint32_t first) {
  (void)first;
  prof_t0 = counter();
}
void tc_profile_end(uint32_t first, uint32_t last, uint32_t zeros,
                    uint32_t count) {
  unsigned long t = counter() - prof_t0;
  printf("op %u %u " COUNTER " %lu zeros %u of %u\n", (unsigned)first,
         (unsigned)last, t, (unsigned)zeros, (unsigned)count);
}
#endif

int main(int argc, char **argv) {
  tc_model m;
  tc_interp it;
  size_t need, i, ni, stack, stack_size, st_load, st_init, st_invoke = 0;
  unsigned long t0, t1;
  int c;
  char top;
  stack_paint();
  if (tc_model_load(&m, tc_model_data, (size_t)(tc_model_end - tc_model_data)) !=
      TC_OK) {
    printf("model: %s\n", m.msg);
    return 3;
  }
  stack = st_load = stack_used(&top); /* before printf's own stack use */
  stack_paint();
  if (tc_model_arena_size(&m, &need) != TC_OK) {
    printf("model: %s\n", m.msg);
    return 3;
  }
  stack_size = stack_used(&top);
  printf("arena %u\n", (unsigned)need);
  if (need > sizeof arena) {
    printf("SKIP arena %u > %u bytes of RAM\n", (unsigned)need,
           (unsigned)sizeof arena);
    return 77;
  }
  stack_paint();
  if (tc_interp_init(&it, &m, arena, sizeof arena) != TC_OK) {
    printf("init: %s\n", it.msg);
    return 3;
  }
  i = st_init = stack_used(&top);
  if (i > stack) stack = i;
  ni = tc_interp_num_inputs(&it);
  if (argc < (int)ni + 2 || (size_t)(argc - 1) % (ni + 1) != 0) {
    printf("usage: runner IN0.bin ... OUTPREFIX ... (model has %u inputs)\n",
           (unsigned)ni);
    return 4;
  }
  /* Several cases in one run: one emulator start per model, not per case. */
  for (c = 1; c < argc; c += (int)ni + 1) {
    for (i = 0; i < ni; i++) {
      tc_tensor *t = tc_interp_input(&it, i);
      FILE *f = fopen(argv[c + (int)i], "rb");
      size_t got = f ? fread(t->data, 1, t->bytes, f) : 0;
      if (f) fclose(f);
      if (got != t->bytes) {
        printf("input %u: %s: got %u bytes, need %u\n", (unsigned)i,
               argv[c + (int)i], (unsigned)got, (unsigned)t->bytes);
        return 4;
      }
    }
    stack_paint();
    t0 = counter();
    tc_interp_invoke(&it);
    t1 = counter();
    i = stack_used(&top);
    if (i > stack) stack = i;
    if (i > st_invoke) st_invoke = i;
    printf(COUNTER " %lu\n", t1 - t0);
    for (i = 0; i < tc_interp_num_outputs(&it); i++) {
      char path[256];
      tc_tensor *t = tc_interp_output(&it, i);
      FILE *f;
      snprintf(path, sizeof path, "%s%u.bin", argv[c + (int)ni], (unsigned)i);
      f = fopen(path, "wb");
      if (!f || fwrite(t->data, 1, t->bytes, f) != t->bytes) {
        printf("cannot write %s\n", path);
        if (f) fclose(f);
        return 1;
      }
      fclose(f);
    }
  }
  printf("stack %u (load %u, init %u, invoke %u)\nstack-arena-size %u\n",
         (unsigned)stack, (unsigned)st_load, (unsigned)st_init,
         (unsigned)st_invoke, (unsigned)stack_size);
  return 0;
}
