/* A deliberate unaligned 32-bit load (ports/xtensa-qemu/test_unaligned.sh):
 * an ESP32 raises LoadStoreAlignment on it, and so must the emulated
 * core, or a kernel that reads words from odd addresses would pass every
 * test here and crash on the board. The load is written in assembly: in
 * C a misaligned pointer is undefined before it reaches the hardware. */
#include <stdint.h>
#include <stdio.h>

static uint32_t load32(const void *p) {
  uint32_t v;
  __asm__ volatile("l32i %0, %1, 0" : "=r"(v) : "r"(p) : "memory");
  return v;
}

int main(void) {
  static const uint32_t words[2] = {0x11223344u, 0x55667788u};
  const unsigned char *b = (const unsigned char *)words;
  printf("aligned 0x%08lx\n", (unsigned long)load32(b));
  printf("unaligned 0x%08lx\n", (unsigned long)load32(b + 1)); /* traps */
  return 0;
}
