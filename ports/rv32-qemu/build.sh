#!/bin/sh
# Build the rv32imc runner for one model.
#   build.sh MODEL.tflite OUT.elf [OPT]     (OPT default -Os)
# Reuses a runtime library built once per OPT under $TC_RV32_CACHE.
# TC_RV32_OPS: op-selection flags (ops.sh) for the kernel registry, so only
# those kernels are linked; default all. Among them, -DTC_NO_FLOAT (ops.sh
# adds it for int8-only models) builds the library itself.
# TC_RV32_CONFIG: a model_config.h (`tinycnn export --c`) the whole library
# is compiled with (-DTC_MODEL_CONFIG, kernel.h): the model's kernels, float
# paths and conv K blocks, as a firmware builds it. Device messages
# are short (-DTC_SHORT_MESSAGES, kernel.h) unless TC_RV32_MESSAGES=full.
# TC_RV32_PROFILE=1: the profile build (-DTC_PROFILE, profile.sh): the
# runner prints each op's instructions.
# Writes the link map to OUT.map.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
model=$1; out=$2; opt=${3:--Os}
# The size build also calls libgcc's shared register save/restore routines
# instead of inlining every prologue and epilogue (GCC's -msave-restore,
# ESP-IDF's CONFIG_COMPILER_SAVE_RESTORE_LIBCALLS): a tenth of the runtime's
# code, for a few instructions per call. sizes.sh counts the routines in.
[ "$opt" = -Os ] && opt="-Os -msave-restore"
cc=riscv64-unknown-elf-gcc
flags="-march=rv32imc -mabi=ilp32 $opt -ffunction-sections -fdata-sections --specs=picolibc.specs -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"
# The library-wide flags key the cache too.
libflags=$(printf '%s\n' ${TC_RV32_OPS:-} | grep -e '^-DTC_NO_' | tr '\n' ' ' || true)
[ "${TC_RV32_MESSAGES:-short}" = full ] || libflags="$libflags -DTC_SHORT_MESSAGES"
prof=""
[ -z "${TC_RV32_PROFILE:-}" ] || { prof=-DTC_PROFILE; libflags="$libflags $prof"; }
cfg=""; cfgkey=""
if [ -n "${TC_RV32_CONFIG:-}" ]; then
  cfg=$(cd "$(dirname "$TC_RV32_CONFIG")" && pwd)/$(basename "$TC_RV32_CONFIG")
  # The cache is keyed by the configuration's contents, not its path.
  cfgkey=cfg$(cksum < "$cfg" | cut -d' ' -f1)
fi
. "$here/../runtime_lib.sh"
# shellcheck disable=SC2086
runtime_lib $cc riscv64-unknown-elf-ar \
  "${TC_RV32_CACHE:-$root/build/rv32}/lib$(echo "$opt $libflags $cfgkey" | tr -d ' -')" \
  $flags -DTC_NO_OP_NAMES $libflags ${cfg:+"-DTC_MODEL_CONFIG=\"$cfg\""}
absmodel=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
# shellcheck disable=SC2086
ops_registry $cc "${TC_RV32_OPS:-}" "$out" $flags
$cc $flags -I"$root/include" --oslib=semihost --crt0=semihost -T "$here/link.ld" \
  -Wl,--gc-sections -Wl,-Map="$out.map" -DTC_MODEL_PATH="\"$absmodel\"" $prof \
  "$here/runner.c" "$here/model.S" $registry "$lib" -o "$out"
