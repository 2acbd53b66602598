#!/bin/sh
# The runtime a firmware links for each benchmark model when it is built
# with the model's configuration (`tinycnn export --c` -> model_config.h,
# as ports/esp-idf/tinycnn compiles it by default and as the Arduino
# library gets it from build_opt.h): its kernels only, no float paths for
# int8 models, the conv blocks of its K values at -O2. Part of
# `make bench-rv32`; runs alone too.
#   bench_config.sh BUILD_DIR CONFORMANCE_DIR
# Per model and optimization (the runner's outputs must equal the golden
# bytes of the model's first case):
#   size-config MODEL -O2|-Os runtime text=N rodata=N data=N bss=N
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in person_detect vww_96_int8 seednet_s8; do
  tfl=$conf/models/$model.tflite
  [ -f "$tfl" ] || { echo "SKIP bench-config $model: $tfl not found"; continue; }
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  [ -n "$case" ] || { echo "FAIL $model: no case" >&2; fail=1; continue; }
  mkdir -p "$work/$model"
  "$build/tinycnn" export "$tfl" --c "$work/$model" >/dev/null
  for opt in -O2 -Os; do
    elf=$work/$model$opt.elf
    if ! TC_RV32_CONFIG="$work/$model/model_config.h" sh "$here/build.sh" "$tfl" "$elf" "$opt" \
        >"$work/log" 2>&1; then
      echo "FAIL $model $opt: build" >&2; cat "$work/log" >&2; fail=1; continue
    fi
    rc=0
    (cd "$work" && sh "$here/run.sh" "$elf" "$case/input0.bin" "$work/out") >"$work/run" 2>&1 || rc=$?
    if [ $rc != 0 ] || ! cmp -s "$work/out0.bin" "$case/output0.bin"; then
      echo "FAIL $model $opt: exit $rc or output differs from $case/output0.bin" >&2; fail=1; continue
    fi
    sh "$here/sizes.sh" "$elf.map" | sed -n "s/^runtime/size-config $model $opt runtime/p"
  done
done
exit $fail
