#!/bin/sh
# Build the Cortex-M4 runner (ports/rv32-qemu/runner.c) for one model, for
# qemu-system-arm -M mps2-an386, newlib with semihosting (rdimon).
#   build.sh MODEL.tflite OUT.elf [OPT]     (OPT default -O2)
# Reuses a runtime library built once per OPT under $TC_CM_CACHE.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
model=$1; out=$2; opt=${3:--O2}
cc=arm-none-eabi-gcc
flags="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 $opt -ffunction-sections -fdata-sections -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"
# Short device messages (kernel.h), as ports/rv32-qemu/build.sh.
libflags=-DTC_SHORT_MESSAGES
. "$here/../runtime_lib.sh"
# shellcheck disable=SC2086
runtime_lib $cc arm-none-eabi-ar \
  "${TC_CM_CACHE:-$root/build/cortex-m}/lib$(echo "$opt $libflags" | tr -d ' -')" \
  $flags -DTC_NO_OP_NAMES $libflags
absmodel=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
$cc $flags -I"$root/include" --specs=rdimon.specs -nostartfiles -T "$here/link.ld" \
  -Wl,--gc-sections -Wl,-Map="$out.map" -DTC_MODEL_PATH="\"$absmodel\"" \
  "$here/startup.S" "$here/port.c" "$root/ports/rv32-qemu/runner.c" \
  "$root/ports/rv32-qemu/model.S" "$lib" -lm -o "$out"
