#!/bin/sh
# Host benchmarks (make bench, after bench-rv32): each benchmark model with
# the default (optimized) kernels and with the reference kernels
# (-DTC_REFERENCE_KERNELS=1), outputs checked against the golden bytes.
#   bench.sh BUILD_DIR CONFORMANCE_DIR
# prints per model
#   host MODEL kernels=optimized|reference invokes=N seconds=S invokes_per_s=R ms_per_invoke=M
#   host MODEL speedup=Xx                 (reference time / optimized time)
#   callgrind MODEL kernels=... Ir=N      x86-64 instructions of one invoke
#                                         (deterministic; needs valgrind)
#   icount-cortex-m4 MODEL N              Cortex-M4 -O2 instructions of one
#                                         invoke (SysTick under -icount, ±40)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2
opt=$build/tests/tc_bench_host; ref=$build/tests/tc_bench_host_ref
seconds=${TC_BENCH_SECONDS:-2}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in person_detect vww_96_int8 seednet_s8; do
  tfl=$conf/models/$model.tflite
  if [ ! -f "$tfl" ]; then echo "SKIP host bench $model: $tfl not found"; continue; fi
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  args="$tfl"; k=0
  while [ -f "$case/input$k.bin" ]; do args="$args --in $case/input$k.bin"; k=$((k + 1)); done
  k=0
  while [ -f "$case/output$k.bin" ]; do args="$args --expect $case/output$k.bin"; k=$((k + 1)); done
  for v in optimized reference; do
    bin=$opt; [ $v = reference ] && bin=$ref
    # shellcheck disable=SC2086
    if ! "$bin" $args --seconds "$seconds" > "$work/$v" 2>&1; then
      echo "FAIL host bench $model ($v): $(cat "$work/$v")" >&2; fail=1; continue 2
    fi
    sed "s/^host $model /host $model kernels=$v /" "$work/$v"
  done
  awk -v m="$model" '
    { for (i = 1; i <= NF; i++) if ($i ~ /^ms_per_invoke=/) { split($i, a, "="); t[FILENAME] = a[2] } }
    END { for (f in t) if (f ~ /optimized$/) o = t[f]; else r = t[f]
          printf "host %s speedup=%.2fx\n", m, r / o }' "$work/optimized" "$work/reference"
  if command -v valgrind >/dev/null 2>&1; then
    for v in optimized reference; do
      bin=$opt; [ $v = reference ] && bin=$ref
      # shellcheck disable=SC2086
      valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
        --toggle-collect=tc_interp_invoke "$bin" $args --invokes 1 >/dev/null 2>&1
      echo "callgrind $model kernels=$v Ir=$(sed -n 's/^totals: *//p' "$work/cg")"
    done
  else
    echo "SKIP callgrind $model: valgrind not installed (sh scripts/deps.sh bench)"
  fi
  if TC_CM_CACHE="$build/cortex-m" sh "$here/../ports/cortex-m-qemu/build.sh" "$tfl" "$work/cm.elf" -O2 >"$work/cm" 2>&1 &&
     (cd "$work" && sh "$here/../ports/cortex-m-qemu/run.sh" "$work/cm.elf" "$case/input0.bin" "$work/cmout") >"$work/cm" 2>&1 &&
     cmp -s "$work/cmout0.bin" "$case/output0.bin"; then
    echo "icount-cortex-m4 $model $(sed -n 's/^icount //p' "$work/cm")"
  else
    echo "FAIL cortex-m4 $model: $(tail -3 "$work/cm")" >&2; fail=1
  fi
done
exit $fail
