#!/bin/sh
# test_kernels_opt built for rv32imc -O2 and run under QEMU: exercises the
# rv32 assembly of conv_s8_opt.c and depthwise_conv_s8_opt.c against the
# reference formula.
#   kernels_opt_rv32.sh SRCDIR [JOBS]
set -eu
src=$1; n=${2:-800}
cc=riscv64-unknown-elf-gcc
if ! command -v $cc >/dev/null 2>&1 || ! command -v qemu-system-riscv32 >/dev/null 2>&1; then
  echo "SKIP kernels_opt_rv32: $cc or qemu-system-riscv32 not found"; exit 77
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
flags="-march=rv32imc -mabi=ilp32 -O2 --specs=picolibc.specs -ffp-contract=off -ffunction-sections -I$src/include"
for f in "$src"/src/kernels/*.c "$src"/src/runtime/*.c; do
  $cc $flags -std=c99 -c "$f" -o "$out/$(basename "$f" .c).o"
done
$cc $flags -std=c11 --oslib=semihost --crt0=semihost -T "$src/ports/rv32-qemu/link.ld" \
  -Wl,--gc-sections "$src/tests/test_kernels_opt.c" "$out"/*.o -lm -o "$out/t.elf"
cd "$out" && sh "$src/ports/rv32-qemu/run.sh" "$out/t.elf" "$n"
