/* C start-up, instruction clock and fault report of the Xtensa runner
 * (startup.S jumps here). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xtensa_port.h"

int main(int argc, char **argv);
unsigned long tc_port_counter(void);

void tc_xt_main(void) {
  char **argv;
  int argc = tc_xt_args(&argv), rc;
  rc = main(argc, argv);
  fflush(stdout);
  _exit(rc);
}

/* The instruction clock. Under -icount shift=0 every instruction advances
 * QEMU's virtual clock by 1 ns, and CCOUNT follows that clock at the
 * core's configured frequency: 40 MHz for lx106, one tick per 25
 * instructions (measured: 1000 turns of a 4-instruction loop read 160
 * ticks). So ticks x 25 is the count to within 25. */
#define NS_PER_TICK 25u
unsigned long tc_port_counter(void) {
  unsigned long v;
  __asm__ volatile("rsr.ccount %0" : "=r"(v));
  return v * NS_PER_TICK;
}

/* Console output without stdio, whose state may be anything when an
 * exception hits. */
static void say(const char *s) {
  const char *e = s;
  while (*e) e++;
  write(1, s, (size_t)(e - s));
}
static void say_hex(uint32_t v) {
  char b[10];
  int i;
  b[0] = '0';
  b[1] = 'x';
  for (i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  write(1, b, sizeof b);
}
static void say_dec(uint32_t v) {
  char b[12];
  int i = 12;
  do {
    b[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  write(1, b + i, (size_t)(12 - i));
}

/* EXCCAUSE names (Xtensa ISA reference, exception causes). */
static const char *cause_name(uint32_t c) {
  switch (c) {
    case 0: return "IllegalInstruction";
    case 2: return "InstructionFetchError";
    case 3: return "LoadStoreError";
    case 6: return "IntegerDivideByZero";
    case 9: return "LoadStoreAlignment";
    case 12: return "InstrPIFDataError";
    case 13: return "LoadStorePIFDataError";
    case 14: return "InstrPIFAddrError";
    case 15: return "LoadStorePIFAddrError";
    case 20: return "InstFetchProhibited";
    case 28: return "LoadProhibited";
    case 29: return "StoreProhibited";
    default: return "?";
  }
}

void tc_xt_fault(uint32_t vector, uint32_t cause, uint32_t pc, uint32_t vaddr) {
  static const char *const vec[] = {"?", "debug", "NMI", "kernel", "user",
                                    "double"};
  fflush(stdout);
  say("FAULT: ");
  say(vec[vector < 6 ? vector : 0]);
  say(" exception, EXCCAUSE ");
  say_dec(cause);
  say(" (");
  say(cause_name(cause));
  say(") at pc ");
  say_hex(pc);
  say(", address ");
  say_hex(vaddr);
  say("\n");
  _exit(1);
}
