#!/bin/sh
# Build the Xtensa runner (ports/rv32-qemu/runner.c) for one model, for
# qemu-system-xtensa -M sim -cpu lx106 (the ESP8266's core; base Xtensa
# ISA with MUL16/MUL32, no windowed registers: call0 ABI).
#   build.sh MODEL.tflite OUT.elf [OPT]     (OPT default -O2)
# Reuses a runtime library built once per OPT under $TC_XT_CACHE.
# TC_XT_OPS: op-selection flags (ports/rv32-qemu/ops.sh) as for rv32;
# -DTC_NO_... among them build the library itself. Device messages are
# short (-DTC_SHORT_MESSAGES, kernel.h). Writes the link map to OUT.map.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
model=$1; out=$2; opt=${3:--O2}
. "$here/toolchain.sh"
flags=$(xt_flags "$opt")
libflags=$(printf '%s\n' ${TC_XT_OPS:-} | grep -e '^-DTC_NO_' | tr '\n' ' ' || true)
libflags="$libflags -DTC_SHORT_MESSAGES"
. "$here/../runtime_lib.sh"
# shellcheck disable=SC2086
runtime_lib $xt_cc xtensa-lx106-elf-ar \
  "${TC_XT_CACHE:-$root/build/xtensa}/lib$(echo "$opt $libflags" | tr -d ' -')" \
  $flags -DTC_NO_OP_NAMES $libflags
absmodel=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
# shellcheck disable=SC2086
ops_registry $xt_cc "${TC_XT_OPS:-}" "$out" $flags
# shellcheck disable=SC2086
xt_link "$out" $flags -DTC_MODEL_PATH="\"$absmodel\"" -- \
  "$root/ports/rv32-qemu/runner.c" "$root/ports/rv32-qemu/model.S" \
  $registry "$lib"
