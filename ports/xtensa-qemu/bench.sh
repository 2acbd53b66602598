#!/bin/sh
# make bench-xtensa: the benchmark models on Xtensa lx106 (the ESP32's ISA
# family; qemu-system-xtensa -M sim -cpu lx106, instructions counted by the
# core's ICOUNT register, exact), each linked with only its own ops.
#   bench.sh BUILD_DIR CONFORMANCE_DIR
# Per model (skipped visibly when absent), every case in one emulator
# start, every output checked against its golden bytes:
#   instret MODEL N             instructions of one invoke, -O2, the
#                               model's first case by name
#   instret-case MODEL CASE N   the same for every case (the count depends
#                               on the input: zero points are skipped)
#   per-mac MODEL X             instret / the model's MACs
#   instret-Os MODEL N          the size build (generic C kernels), first case
#   size-O2 MODEL runtime text=N rodata=N ...   the runtime's share of the
#                               -O2 runner (ports/rv32-qemu/sizes.sh; text
#                               includes the literal pools)
#   size MODEL runtime|model ...                the same for the -Os runner
#   ram MODEL arena=N stack=N   arena and deepest stack (-O2 runner)
set -eu
here=$(cd "$(dirname "$0")" && pwd); ports=$(cd "$here/.." && pwd)
build=$(cd "$1" && pwd); conf=$2
cli=$build/tinycnn
export TC_XT_CACHE="$build/xtensa"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in person_detect vww_96_int8 seednet_s8; do
  tfl=$conf/models/$model.tflite
  if [ ! -f "$tfl" ]; then
    echo "SKIP bench-xtensa $model: $tfl not found"; continue
  fi
  cases=""; args=""; n=0
  for d in "$conf/cases/$model"/*/; do
    d=${d%/}
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] || continue
    k=0
    while [ -f "$d/input$k.bin" ]; do args="$args $d/input$k.bin"; k=$((k + 1)); done
    args="$args $work/out_${n}_"; cases="$cases $d"; n=$((n + 1))
  done
  [ $n -gt 0 ] || { echo "FAIL $model: no case with input0.bin/output0.bin" >&2; fail=1; continue; }
  ops=$(sh "$ports/rv32-qemu/ops.sh" "$cli" "$tfl")
  for opt in -O2 -Os; do
    if ! TC_XT_OPS="$ops" sh "$here/build.sh" "$tfl" "$work/$model$opt.elf" "$opt" >"$work/log" 2>&1; then
      echo "FAIL $model $opt: build" >&2; cat "$work/log" >&2; fail=1; continue 2
    fi
  done
  rc=0
  # shellcheck disable=SC2086
  (cd "$work" && sh "$here/run.sh" "$work/$model-O2.elf" $args) >"$work/run" 2>&1 || rc=$?
  if [ $rc != 0 ]; then
    echo "FAIL $model: exit $rc: $(tail -1 "$work/run")" >&2; fail=1; continue
  fi
  i=0
  for d in $cases; do
    k=0
    while [ -f "$d/output$k.bin" ]; do
      cmp -s "$work/out_${i}_$k.bin" "$d/output$k.bin" ||
        { echo "FAIL $model case $(basename "$d"): output $k differs" >&2; fail=1; }
      k=$((k + 1))
    done
    i=$((i + 1))
  done
  sed -n 's/^icount //p' "$work/run" > "$work/counts"
  first=$(head -1 "$work/counts")
  echo "instret $model $first"
  i=1
  for d in $cases; do
    echo "instret-case $model $(basename "$d") $(sed -n "${i}p" "$work/counts")"
    i=$((i + 1))
  done
  macs=$("$cli" inspect "$tfl" | sed -n 's/^ *total MACs: *//p' | tr -d ',')
  awk -v n="$first" -v m="$macs" -v model="$model" \
    'BEGIN { printf "per-mac %s %.3f\n", model, n / m }'
  first_case=$(echo $cases | cut -d' ' -f1)
  fargs=""; k=0
  while [ -f "$first_case/input$k.bin" ]; do fargs="$fargs $first_case/input$k.bin"; k=$((k + 1)); done
  rc=0
  # shellcheck disable=SC2086
  (cd "$work" && sh "$here/run.sh" "$work/$model-Os.elf" $fargs "$work/os_") >"$work/runos" 2>&1 || rc=$?
  cmp -s "$work/os_0.bin" "$first_case/output0.bin" ||
    { echo "FAIL $model -Os: exit $rc, output differs" >&2; fail=1; }
  echo "instret-Os $model $(sed -n 's/^icount //p' "$work/runos")"
  sh "$ports/rv32-qemu/sizes.sh" "$work/$model-O2.elf.map" | sed -n "s/^runtime/size-O2 $model runtime/p"
  sh "$ports/rv32-qemu/sizes.sh" "$work/$model-Os.elf.map" | sed -n "s/^\(runtime\|model\)/size $model \1/p"
  echo "ram $model arena=$(sed -n 's/^arena //p' "$work/run") stack=$(sed -n 's/^stack \([0-9]*\).*/\1/p' "$work/run")"
done
exit $fail
