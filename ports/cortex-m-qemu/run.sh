#!/bin/sh
# Run a Cortex-M4 runner under qemu-system-arm -M mps2-an386 with
# semihosting; arguments go to main (no spaces inside one argument).
#   run.sh X.elf [ARGS...]
set -eu
elf=$1; shift
args=",arg=$(basename "$elf")"
for a in "$@"; do args="$args,arg=$a"; done
exec timeout 300 qemu-system-arm -M mps2-an386 -display none -monitor none \
  -serial none -chardev stdio,id=s \
  -semihosting-config enable=on,target=native,chardev=s$args \
  -icount shift=0,sleep=off -kernel "$elf" </dev/null
