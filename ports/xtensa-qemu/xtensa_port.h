/* Internal to ports/xtensa-qemu: what startup.S, simcall.c and port.c
 * share. */
#ifndef TC_XTENSA_PORT_H
#define TC_XTENSA_PORT_H

#include <stdint.h>

/* One simulator call (simcall.c); *err (may be NULL) gets a3, the errno. */
int32_t tc_xt_simcall(int32_t n, int32_t a, int32_t b, int32_t c, int32_t *err);
/* argc and argv from QEMU's -semihosting-config arg= list. */
int tc_xt_args(char ***argv);
/* Called by startup.S: main(argc, argv), then exit with its status. */
void tc_xt_main(void);
/* Called by startup.S's vectors: report the exception, exit 1. */
void tc_xt_fault(uint32_t vector, uint32_t cause, uint32_t pc, uint32_t vaddr);

#endif
