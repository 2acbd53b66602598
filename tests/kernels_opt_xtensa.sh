#!/bin/sh
# test_kernels_opt built for Xtensa lx106 -O2 and run under
# qemu-system-xtensa: exercises the Xtensa assembly of conv_s8_xtensa.h,
# depthwise_conv_s8_xtensa.h and xtensa_rq.h against the reference formula;
# then test_xtensa_rq, the requantization alone over every accumulator
# region.
#   kernels_opt_xtensa.sh SRCDIR [JOBS]
set -eu
root=$(cd "$1" && pwd); n=${2:-800}
for t in xtensa-lx106-elf-gcc qemu-system-xtensa; do
  command -v $t >/dev/null 2>&1 || { echo "SKIP kernels_opt_xtensa: $t not found"; exit 77; }
done
. "$root/ports/xtensa-qemu/toolchain.sh"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
flags=$(xt_flags -O2)
for f in "$root"/src/kernels/*.c "$root"/src/runtime/*.c; do
  # shellcheck disable=SC2086
  $xt_cc $flags -I"$root/include" -c "$f" -o "$out/$(basename "$f" .c).o"
done
# shellcheck disable=SC2086
xt_link "$out/t.elf" $(echo "$flags" | sed 's/-std=c99/-std=c11/') -- \
  "$root/tests/test_kernels_opt.c" "$out"/*.o
# shellcheck disable=SC2086
xt_link "$out/rq.elf" $(echo "$flags" | sed 's/-std=c99/-std=c11/') -- \
  "$root/tests/test_xtensa_rq.c" "$out"/*.o
cd "$out"
sh "$root/ports/xtensa-qemu/run.sh" "$out/t.elf" "$n"
sh "$root/ports/xtensa-qemu/run.sh" "$out/rq.elf"
