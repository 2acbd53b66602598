/* C start-up, instruction clock and fault report of the Xtensa runner
 * (startup.S jumps here). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xtensa_port.h"

int main(int argc, char **argv);
unsigned long tc_port_counter(void);
static void counter_start(void);

void tc_xt_main(void) {
  char **argv;
  int argc = tc_xt_args(&argv), rc;
  counter_start();
  rc = main(argc, argv);
  fflush(stdout);
  _exit(rc);
}

/* The instruction clock: the debug option's ICOUNT register, which the
 * core increments on every instruction it completes while the current
 * interrupt level is below ICOUNTLEVEL (Xtensa ISA, Debug option; QEMU's
 * translate.c does exactly that), so it is exact with or without
 * -icount. Level 1 counts all code at interrupt level 0, i.e. everything
 * here. (CCOUNT would not do: it follows QEMU's virtual clock at the
 * core's 40 MHz, one tick per 25 instructions under -icount shift=0.)
 * ICOUNT wrapping to 0 raises a debug exception, so the register is
 * restarted once it passes 2^31 (long float runs do that) and the count
 * kept in counter_base: the WSR that restarts it is the one instruction
 * not counted (measured), so the sum stays exact. */
static uint32_t counter_base;

static void counter_start(void) {
  __asm__ volatile("movi a2, 0\n\t"
                   "wsr.icount a2\n\t"
                   "movi a2, 1\n\t"
                   "wsr.icountlevel a2\n\t"
                   "isync"
                   :
                   :
                   : "a2");
}

/* The count at the first RSR. */
unsigned long tc_port_counter(void) {
  uint32_t v, w, zero = 0, old = counter_base;
  __asm__ volatile("rsr.icount %0" : "=r"(v));
  if (v >> 31) {
    __asm__ volatile("rsr.icount %0\n\twsr.icount %1\n\tisync"
                     : "=&r"(w)
                     : "r"(zero));
    counter_base += w + 1;
  }
  return old + v;
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
