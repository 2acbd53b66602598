#!/bin/sh
# Run an Xtensa runner under qemu-system-xtensa with the simulator call
# interface; arguments go to main (no commas inside one argument). No
# -icount: the runner counts instructions with the core's ICOUNT register
# (port.c), exact either way, and QEMU runs faster without it.
#   run.sh X.elf [ARGS...]
set -eu
elf=$1; shift
args=",arg=$(basename "$elf")"
for a in "$@"; do args="$args,arg=$a"; done
exec timeout 300 qemu-system-xtensa -M sim -cpu lx106 -display none \
  -monitor none -serial none -chardev stdio,id=s \
  -semihosting-config enable=on,target=native,chardev=s$args \
  -kernel "$elf" </dev/null
