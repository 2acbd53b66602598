#!/bin/sh
# Host benchmarks (make bench, after bench-rv32): each benchmark model with
# the default (optimized) kernels and with the reference kernels
# (-DTC_REFERENCE_KERNELS=1), outputs checked against the golden bytes.
#   bench.sh BUILD_DIR CONFORMANCE_DIR
# The two builds run in alternation, TC_BENCH_ROUNDS (7) rounds of
# TC_BENCH_SECONDS (0.3 s) each, so that load from other processes on a
# shared machine hits both alike. Prints per model
#   host MODEL kernels=optimized|reference rounds=R invokes=N seconds=S
#        invokes_per_s=R ms_per_invoke=M best_ms=B median_ms=D
#                                         (one line; M: mean over all rounds,
#                                         B: fastest single invoke, D: median
#                                         of the rounds' median invokes)
#   host MODEL speedup=Xx median_speedup=Yx
#                                         (reference / optimized, of B and D)
#   callgrind MODEL kernels=... Ir=N      x86-64 instructions of one invoke
#                                         (deterministic; needs valgrind)
#   icount-cortex-m4 MODEL N              Cortex-M4 -O2 instructions of one
#                                         invoke (SysTick under -icount, ±40)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2
opt=$build/tests/tc_bench_host; ref=$build/tests/tc_bench_host_ref
seconds=${TC_BENCH_SECONDS:-0.3}
rounds=${TC_BENCH_ROUNDS:-7}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
# One summary line from a variant's per-round lines (bench_host.c).
summary='
  { for (i = 3; i <= NF; i++) { split($i, a, "="); f[a[1]] = a[2] }
    n++; inv += f["invokes"]; sec += f["seconds"]
    if (n == 1 || f["min_ms"] + 0 < best) best = f["min_ms"] + 0
    med[n] = f["median_ms"] + 0 }
  END {
    for (i = 2; i <= n; i++)
      for (k = i; k > 1 && med[k - 1] > med[k]; k--) {
        t = med[k]; med[k] = med[k - 1]; med[k - 1] = t }
    d = n % 2 ? med[(n + 1) / 2] : (med[n / 2] + med[n / 2 + 1]) / 2
    printf "host %s kernels=%s rounds=%d invokes=%d seconds=%.3f " \
           "invokes_per_s=%.2f ms_per_invoke=%.4f best_ms=%.4f " \
           "median_ms=%.4f\n", m, v, n, inv, sec, inv / sec, \
           sec * 1e3 / inv, best, d }'
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
  : > "$work/optimized"; : > "$work/reference"
  r=0; ok=1
  while [ $r -lt "$rounds" ] && [ $ok = 1 ]; do
    for v in optimized reference; do
      bin=$opt; [ $v = reference ] && bin=$ref
      # shellcheck disable=SC2086
      if ! "$bin" $args --seconds "$seconds" >> "$work/$v" 2>"$work/err"; then
        echo "FAIL host bench $model ($v): $(cat "$work/err")" >&2; fail=1; ok=0; break
      fi
    done
    r=$((r + 1))
  done
  [ $ok = 1 ] || continue
  for v in optimized reference; do
    awk -v m="$model" -v v="$v" "$summary" "$work/$v" > "$work/$v.sum"
    cat "$work/$v.sum"
  done
  cat "$work/optimized.sum" "$work/reference.sum" | awk -v m="$model" '
    { for (i = 3; i <= NF; i++) { split($i, a, "="); f[NR, a[1]] = a[2] } }
    END { printf "host %s speedup=%.2fx median_speedup=%.2fx\n", m,
                 f[2, "best_ms"] / f[1, "best_ms"],
                 f[2, "median_ms"] / f[1, "median_ms"] }'
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
