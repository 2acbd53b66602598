#!/bin/sh
# Every exact-compare conformance case whose arena fits the port's RAM,
# built for an MCU port and run under its emulator: bit-exact or fail.
# Shared by ports/rv32-qemu/conformance.sh and ports/xtensa-qemu/conformance.sh.
#   qemu_conformance.sh NAME PORT_DIR VAR OPT BUILD_DIR CONFORMANCE_DIR [PREFIX...]
# NAME names the port in messages; PORT_DIR holds its build.sh and run.sh;
# VAR prefixes its build variables (TC_<VAR>_OPS: op selection,
# TC_<VAR>_CACHE: the runtime library's cache); OPT is the runner's
# optimization. Each model is linked with only its own ops
# (ports/rv32-qemu/ops.sh), as a firmware would be; a model too big for the
# port's flash is skipped like one whose arena does not fit its RAM. All
# cases of a model run in one emulator start (runner.c takes several).
# Prints "PASS MODEL (instret N ..., stack S)" with one count per case and
# the runner's stack figure, then the deepest stack of any model.
# TC_QEMU_INEXACT=1 adds the models compared by tolerance (float32 and
# hybrid ones; tc_conformance --check applies the manifest's rule).
set -eu
name=$1; port=$(cd "$2" && pwd); var=$3; opt=$4
build=$(cd "$5" && pwd); conf=$6; shift 6
ports=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$conf/manifest.json" ]; then
  echo "SKIP $name conformance: $conf not found"; exit 77
fi
conf=$(cd "$conf" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cache=$build/$(basename "$port" -qemu)
pass=0; fail=0; skip=0; deepest=0; deepest_model=none
"$build/tests/tc_conformance" --dir "$conf" --list-exact | sed 's/^/= /' > "$work/list"
if [ "${TC_QEMU_INEXACT:-0}" = 1 ]; then
  "$build/tests/tc_conformance" --dir "$conf" --list-inexact | sed 's/^/~ /' >> "$work/list"
fi
while read -r rule model cases; do
  if [ $# -gt 0 ]; then
    keep=0; for p in "$@"; do case "$model" in "$p"*) keep=1 ;; esac; done
    [ $keep = 1 ] || continue
  fi
  elf="$work/$model.elf"
  if ! ops=$(sh "$ports/rv32-qemu/ops.sh" "$build/tinycnn" "$conf/models/$model.tflite" 2>"$work/log") ||
     ! env "TC_${var}_OPS=$ops" "TC_${var}_CACHE=$cache" \
       sh "$port/build.sh" "$conf/models/$model.tflite" "$elf" "$opt" >"$work/log" 2>&1; then
    if grep -q "will not fit in region .flash'" "$work/log"; then
      echo "SKIP $model (model and code do not fit 4 MB of flash)"; skip=$((skip + 1)); continue
    fi
    echo "FAIL $model: build"; cat "$work/log"; fail=$((fail + 1)); continue
  fi
  args=""; n=0
  for c in $cases; do
    k=0
    while [ -f "$conf/cases/$model/$c/input$k.bin" ]; do
      args="$args $conf/cases/$model/$c/input$k.bin"; k=$((k + 1))
    done
    args="$args $work/out_${n}_"; n=$((n + 1))
  done
  rc=0
  # shellcheck disable=SC2086
  (cd "$work" && sh "$port/run.sh" "$elf" $args) >"$work/log" 2>&1 || rc=$?
  ok=1; note=""
  if [ $rc = 77 ]; then note="skipped: $(grep SKIP "$work/log")"; ok=2
  elif [ $rc != 0 ]; then note="exit $rc: $(tail -1 "$work/log")"; ok=0
  else
    n=0
    for c in $cases; do
      k=0
      if [ "$rule" = "~" ]; then
        "$build/tests/tc_conformance" --dir "$conf" --check "$model" "$c" \
          "$work/out_${n}_" > "$work/check" || { note=$(cat "$work/check"); ok=0; }
      fi
      while [ "$rule" = "=" ] && [ -f "$conf/cases/$model/$c/output$k.bin" ]; do
        if ! cmp -s "$work/out_${n}_$k.bin" "$conf/cases/$model/$c/output$k.bin"; then
          note="case $c output $k differs"; ok=0
        fi
        k=$((k + 1))
      done
      n=$((n + 1))
    done
    [ $ok = 1 ] && note=$(grep -E '^(instret|icount) ' "$work/log" | awk '
      { v = v (NR > 1 ? " " : $1 " ") $2 } END { print v }')
    st=$(sed -n 's/^stack \([0-9]*\).*/\1/p' "$work/log")
    if [ $ok = 1 ] && [ -n "$st" ]; then
      note="$note, stack $st"
      [ "$st" -gt "$deepest" ] && { deepest=$st; deepest_model=$model; }
    fi
  fi
  case $ok in
    1) echo "PASS $model ($note)"; pass=$((pass + 1)) ;;
    2) echo "SKIP $model ($note)"; skip=$((skip + 1)) ;;
    *) echo "FAIL $model: $note"; fail=$((fail + 1)) ;;
  esac
done < "$work/list"
echo "$pass passed, $fail failed, $skip skipped"
# The runner's painted stack of load + init + invoke (runner.c), for
# comparison with TC_STACK_NEED (measured on the benchmark models).
echo "deepest stack $deepest bytes ($deepest_model)"
[ $fail = 0 ]
