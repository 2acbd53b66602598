/* Reset and exception vectors for the Xtensa runner (qemu-system-xtensa
 * -M sim -cpu lx106), call0 ABI. Addresses: link.ld.
 *
 * The lx106 core (QEMU's target/xtensa/core-lx106/core-isa.h) starts at
 * XCHAL_RESET_VECTOR0_VADDR = 0x50000000 whatever the ELF entry is, with
 * PS.EXCM set and interrupts masked. Exceptions vector to VECBASE plus
 * XCHAL_*_VECOFS: debug 0x10, NMI (level 3) 0x20, kernel 0x30, user 0x50,
 * double 0x70. Each vector reports and ends the run (tc_xt_fault in
 * port.c): a fault is a failure, never recovered from. In particular an
 * unaligned 32- or 16-bit load or store raises LoadStoreAlignment
 * (EXCCAUSE 9; XCHAL_UNALIGNED_LOAD_EXCEPTION = 1), as on an ESP32. */

  .section .tc_xt_reset, "ax"
  .global tc_xt_reset
  .align 4
tc_xt_reset:
  j 1f
  .align 4
.Lstart:
  .word tc_xt_start
1:
  l32r a0, .Lstart /* L32R reads literals below it: inline, jumped over */
  jx a0

  .section .tc_xt_vectors, "ax"
  .global tc_xt_vectors
  .align 4
tc_xt_vectors:
  .org 0x10 /* debug (level 2) */
  movi a2, 1
  j .Lfault
  .org 0x20 /* NMI (level 3) */
  movi a2, 2
  j .Lfault
  .org 0x30 /* kernel exception */
  movi a2, 3
  j .Lfault
  .org 0x50 /* user exception (PS.UM = 1, set below) */
  movi a2, 4
  j .Lfault
  .org 0x70 /* double exception */
  movi a2, 5
  j .Lfault
  .org 0x80
  .align 4
.Lfault_c:
  .word tc_xt_fault
.Lfault_sp:
  .word __stack
.Lfault:
  /* tc_xt_fault(vector, EXCCAUSE, EPC1, EXCVADDR) on the stack's top:
   * the interrupted code is not resumed. */
  rsr.exccause a3
  rsr.epc1 a4
  rsr.excvaddr a5
  l32r a1, .Lfault_sp
  l32r a0, .Lfault_c
  callx0 a0
2:
  j 2b

  .text
  .global tc_xt_start
  .align 4
tc_xt_start:
  movi a1, __stack
  /* PS: user vector mode (UM), EXCM clear, interrupt level 0: an
   * exception in C now takes the user vector (with EXCM set it would be
   * a double exception). Nothing enables an interrupt. */
  movi a2, 0x20
  wsr.ps a2
  rsync
  movi a2, tc_xt_vectors
  wsr.vecbase a2
  isync
  /* .bss is zeroed here; QEMU loads .data in place. */
  movi a2, __bss_start
  movi a3, __bss_end
  movi a4, 0
1:
  bgeu a2, a3, 2f
  s32i a4, a2, 0
  addi a2, a2, 4
  j 1b
2:
  movi a0, tc_xt_main
  callx0 a0
3:
  j 3b
