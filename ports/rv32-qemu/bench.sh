#!/bin/sh
# make bench-rv32: the benchmark models on the ESP32-C3's ISA (rv32imc,
# qemu-system-riscv32 -icount shift=0), each linked with only its own ops.
#   bench.sh BUILD_DIR CONFORMANCE_DIR
# Per model (skipped visibly when absent):
#   instret MODEL N      retired instructions of one invoke, -O2 runner
#   instret-Os MODEL N   the same for the -Os runner (the size build's
#                        kernels are generic C: its speed is watched too)
#   instret-case MODEL CASE N   the -O2 count on every case of the model
#                        (it depends on the input: zero points are skipped)
#   size-O2 MODEL runtime text=N rodata=N ...   the -O2 runner's runtime
#                        (what an ESP-IDF build, -O2, links)
#   size MODEL elf|runtime|model text=N rodata=N data=N bss=N
#                        the -Os runner ELF, the runtime's share of it, the
#                        model's bytes (ports/rv32-qemu/sizes.sh)
#   ram MODEL arena=N stack=N    arena and deepest stack (-Os runner)
#   footprint MODEL runtime linked=N inspect=N
#                        runtime .text+.rodata: this link vs the figure
#                        `tinycnn inspect` derives from footprint_rv32.h
# Both runners' outputs must equal the golden bytes of the case they ran.
# Then "size-config MODEL -O2|-Os runtime ..." (bench_config.sh: built with
# the model's model_config.h, as the firmware is) and "size all-ops
# runtime ..." (every kernel linked, the default).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2
cli=$build/tinycnn
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in person_detect vww_96_int8 seednet_s8; do
  tfl=$conf/models/$model.tflite
  if [ ! -f "$tfl" ]; then
    echo "SKIP bench-rv32 $model: $tfl not found"; continue
  fi
  # The first case (by name) with golden outputs.
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  [ -n "$case" ] || { echo "FAIL $model: no case with input0.bin/output0.bin" >&2; fail=1; continue; }
  ins=""; k=0
  while [ -f "$case/input$k.bin" ]; do ins="$ins $case/input$k.bin"; k=$((k + 1)); done
  ops=$(sh "$here/ops.sh" "$cli" "$tfl")
  for opt in -O2 -Os; do
    elf=$work/$model$opt.elf
    if ! TC_RV32_OPS="$ops" sh "$here/build.sh" "$tfl" "$elf" "$opt" >"$work/log" 2>&1; then
      echo "FAIL $model $opt: build" >&2; cat "$work/log" >&2; fail=1; continue 2
    fi
    rc=0
    # shellcheck disable=SC2086
    (cd "$work" && sh "$here/run.sh" "$elf" $ins "$work/out$opt") >"$work/run$opt" 2>&1 || rc=$?
    if [ $rc != 0 ]; then
      echo "FAIL $model $opt: exit $rc: $(tail -1 "$work/run$opt")" >&2; fail=1; continue 2
    fi
    k=0
    while [ -f "$case/output$k.bin" ]; do
      if ! cmp -s "$work/out$opt$k.bin" "$case/output$k.bin"; then
        echo "FAIL $model $opt: output $k differs from $case/output$k.bin" >&2; fail=1; continue 3
      fi
      k=$((k + 1))
    done
  done
  echo "instret $model $(sed -n 's/^instret //p' "$work/run-O2")"
  echo "instret-Os $model $(sed -n 's/^instret //p' "$work/run-Os")"
  # The count depends on the input (zero points are skipped): every case
  # with goldens, outputs checked too.
  for d in "$conf/cases/$model"/*/; do
    d=${d%/}
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] || continue
    ins=""; k=0
    while [ -f "$d/input$k.bin" ]; do ins="$ins $d/input$k.bin"; k=$((k + 1)); done
    # shellcheck disable=SC2086
    (cd "$work" && sh "$here/run.sh" "$work/$model-O2.elf" $ins "$work/case") >"$work/runc" 2>&1 || true
    cmp -s "$work/case0.bin" "$d/output0.bin" ||
      { echo "FAIL $model case $(basename "$d"): output differs" >&2; fail=1; }
    echo "instret-case $model $(basename "$d") $(sed -n 's/^instret //p' "$work/runc")"
  done
  sh "$here/sizes.sh" "$work/$model-O2.elf.map" | sed -n "s/^runtime/size-O2 $model runtime/p"
  sh "$here/sizes.sh" "$work/$model-Os.elf.map" | sed "s/^/size $model /"
  echo "ram $model arena=$(sed -n 's/^arena //p' "$work/run-Os") stack=$(sed -n 's/^stack \([0-9]*\).*/\1/p' "$work/run-Os")"
  linked=$(sh "$here/sizes.sh" "$work/$model-Os.elf.map" |
    awk '$1 == "runtime" { split($2, t, "="); split($3, r, "="); print t[2] + r[2] }')
  said=$("$cli" inspect --json "$tfl" | sed -n 's/.*"runtime_flash":[[:space:]]*\([0-9]*\).*/\1/p')
  echo "footprint $model runtime linked=$linked inspect=$said"
done
# The firmware's build configuration per model (size-config lines).
sh "$here/bench_config.sh" "$build" "$conf" || fail=1
# Every kernel linked (the default build), for scale.
: > "$work/empty.tflite"
sh "$here/build.sh" "$work/empty.tflite" "$work/all.elf" -Os
sh "$here/sizes.sh" "$work/all.elf.map" | sed -n 's/^runtime/size all-ops runtime/p'
exit $fail
