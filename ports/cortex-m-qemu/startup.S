/* Vector table and reset for the Cortex-M4 runner (mps2-an386). */
  .syntax unified
  .cpu cortex-m4
  .thumb

  .section .vectors, "a"
  .align 2
  .global tc_vectors
tc_vectors:
  .word __stack
  .word tc_reset
  .word tc_fault /* NMI */
  .word tc_fault /* HardFault */
  .word tc_fault /* MemManage */
  .word tc_fault /* BusFault */
  .word tc_fault /* UsageFault */
  .word 0, 0, 0, 0
  .word tc_fault /* SVCall */
  .word tc_fault /* DebugMonitor */
  .word 0
  .word tc_fault /* PendSV */
  .word tc_systick /* SysTick */

  .text
  .align 1
  .global tc_reset
  .type tc_reset, %function
  .thumb_func
tc_reset:
  /* FPU access (CPACR CP10/CP11) before any C: the hard-float ABI may use
   * FP registers in any function. */
  ldr r0, =0xE000ED88
  ldr r1, [r0]
  orr r1, r1, #(0xF << 20)
  str r1, [r0]
  dsb
  isb
  /* .data from its load address in flash, .bss zeroed. */
  ldr r0, =__data_start
  ldr r1, =__data_end
  ldr r2, =__data_load
1:
  cmp r0, r1
  bhs 2f
  ldr r3, [r2], #4
  str r3, [r0], #4
  b 1b
2:
  ldr r0, =__bss_start
  ldr r1, =__bss_end
  movs r3, #0
3:
  cmp r0, r1
  bhs 4f
  str r3, [r0], #4
  b 3b
4:
  bl tc_port_start
  b .
  .size tc_reset, . - tc_reset
