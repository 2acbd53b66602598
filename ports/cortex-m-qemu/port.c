/* C start-up for the Cortex-M4 runner: newlib's semihosting (rdimon) I/O,
 * argv from the semihosting command line, and an instruction clock.
 *
 * The clock: QEMU models neither DWT CYCCNT nor a cycle count, but under
 * -icount shift=0 every instruction advances virtual time by 1 ns and the
 * SysTick (processor clock, 25 MHz on mps2) counts virtual time, so ticks
 * times 40 is the instruction count to within 40. */
#include <stdint.h>
#include <stdlib.h>

#define SYS_WRITE0 0x04
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT 0x18
#define ADP_STOPPED_RUNTIME_ERROR 0x20023

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYSTICK_HZ 25000000u
#define NS_PER_TICK (1000000000u / SYSTICK_HZ)

extern void initialise_monitor_handles(void);
int main(int argc, char **argv);
void tc_port_start(void);
void tc_fault(void);
void tc_systick(void);
unsigned long tc_port_counter(void);

static volatile uint32_t wraps;

static int semihost(int op, void *arg) {
  register int r0 __asm__("r0") = op;
  register void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void tc_fault(void) {
  static char msg[] = "FAULT: exception on the Cortex-M4 runner\n";
  semihost(SYS_WRITE0, msg);
  semihost(SYS_EXIT, (void *)ADP_STOPPED_RUNTIME_ERROR);
  for (;;) {
  }
}

void tc_systick(void) { wraps++; }

/* exit() runs __libc_fini_array, which calls _fini from crti.o: left out
 * with the C start-up files (-nostartfiles); nothing to finalize. */
void _fini(void);
void _fini(void) {}

unsigned long tc_port_counter(void) {
  uint32_t w, v;
  do {
    w = wraps;
    v = SYST_CVR;
  } while (w != wraps);
  return (unsigned long)(((uint64_t)w << 24) + (0xFFFFFFu - v)) * NS_PER_TICK;
}

void tc_port_start(void) {
  static char cmdline[1024];
  static char *argv[32];
  struct {
    char *buf;
    int len;
  } cl;
  int argc = 0;
  char *p;
  initialise_monitor_handles();
  SYST_RVR = 0xFFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 7; /* enable, interrupt on wrap, processor clock */
  cl.buf = cmdline;
  cl.len = (int)sizeof cmdline - 1;
  /* Space-separated, argv[0] first (run.sh passes it): no quoting. */
  if (semihost(SYS_GET_CMDLINE, &cl) == 0) {
    cmdline[cl.len] = 0;
    for (p = cmdline; *p && argc < 31;) {
      while (*p == ' ') *p++ = 0;
      if (!*p) break;
      argv[argc++] = p;
      while (*p && *p != ' ') p++;
    }
  }
  argv[argc] = 0;
  exit(main(argc, argv));
}
