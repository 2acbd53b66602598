#!/bin/sh
# Run an rv32 ELF under QEMU with semihosting; arguments are passed to main.
#   run.sh X.elf [ARGS...]
set -eu
elf=$1; shift
# picolibc's crt0 supplies argv[0] itself; pass only the arguments.
args=""
for a in "$@"; do args="$args,arg=$a"; done
exec timeout 300 qemu-system-riscv32 -M virt -m 8M -bios none -display none \
  -monitor none -serial none -chardev stdio,id=s \
  -semihosting-config enable=on,target=native,chardev=s$args \
  -icount shift=0,sleep=off -kernel "$elf" </dev/null
