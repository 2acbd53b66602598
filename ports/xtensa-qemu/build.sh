#!/bin/sh
# Build the Xtensa runner (ports/rv32-qemu/runner.c) for one model, for
# qemu-system-xtensa -M sim -cpu lx106 (the ESP8266's core; base Xtensa
# ISA with MUL16/MUL32, no windowed registers: call0 ABI).
#   build.sh MODEL.tflite OUT.elf [OPT]     (OPT default -O2)
# Reuses a runtime library built once per OPT under $TC_XT_CACHE.
# TC_XT_OPS: op-selection flags (ports/rv32-qemu/ops.sh) as for rv32.
# Writes the link map to OUT.map.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
model=$1; out=$2; opt=${3:--O2}
cc=xtensa-lx106-elf-gcc
specs=/usr/lib/xtensa-lx106-elf/picolibc.specs
# -mlongcalls as ESP-IDF builds Xtensa code (the linker turns calls in
# range back into CALL0).
flags="$opt -mlongcalls -ffunction-sections -fdata-sections --specs=$specs -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"
libflags=$(printf '%s\n' ${TC_XT_OPS:-} | grep -e '^-DTC_NO_' | tr '\n' ' ' || true)
libflags="$libflags -DTC_SHORT_MESSAGES"
. "$here/../runtime_lib.sh"
# shellcheck disable=SC2086
runtime_lib $cc xtensa-lx106-elf-ar \
  "${TC_XT_CACHE:-$root/build/xtensa}/lib$(echo "$opt $libflags" | tr -d ' -')" \
  $flags -DTC_NO_OP_NAMES $libflags
absmodel=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
registry=""
if [ -n "${TC_XT_OPS:-}" ]; then
  registry=$out.registry.o
  # shellcheck disable=SC2086
  $cc $flags -DTC_NO_OP_NAMES $TC_XT_OPS -I"$root/include" \
    -c "$root/src/kernels/registry.c" -o "$registry"
fi
# Integer-only printf (no double formatting to link).
$cc $flags -I"$root/include" -I"$here" -nostartfiles -T "$here/link.ld" \
  -DPICOLIBC_INTEGER_PRINTF_SCANF -Wl,--gc-sections -Wl,-Map="$out.map" \
  -DTC_MODEL_PATH="\"$absmodel\"" \
  "$here/startup.S" "$here/port.c" "$here/simcall.c" "$here/rt_int.c" \
  "$here/rt_float.c" "$root/ports/rv32-qemu/runner.c" \
  "$root/ports/rv32-qemu/model.S" $registry "$lib" -lm -o "$out"
