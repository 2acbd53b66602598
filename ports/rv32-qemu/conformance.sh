#!/bin/sh
# Every exact-compare conformance case whose arena fits the ESP32-C3-like
# RAM, built for rv32imc and run under qemu-system-riscv32: bit-exact or
# fail.   conformance.sh BUILD_DIR CONFORMANCE_DIR [PREFIX...]
# Each model is linked with only its own ops (ops.sh), as a firmware would
# be; a model too big for the 4 MB of flash is skipped like one whose arena
# does not fit the RAM.
# TC_RV32_OPT: the runner's optimization, -O2 (default) or -Os (the size
# build, whose conv and depthwise blocks are compiled differently).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2; shift 2
if [ ! -f "$conf/manifest.json" ]; then
  echo "SKIP rv32 conformance: $conf not found"; exit 77
fi
conf=$(cd "$conf" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export TC_RV32_CACHE="$build/rv32"
pass=0; fail=0; skip=0
"$build/tests/tc_conformance" --dir "$conf" --list-exact > "$work/list"
while read -r model cases; do
  if [ $# -gt 0 ]; then
    keep=0; for p in "$@"; do case "$model" in "$p"*) keep=1 ;; esac; done
    [ $keep = 1 ] || continue
  fi
  elf="$work/$model.elf"
  if ! ops=$(sh "$here/ops.sh" "$build/tinycnn" "$conf/models/$model.tflite" 2>"$work/log") ||
     ! TC_RV32_OPS="$ops" sh "$here/build.sh" "$conf/models/$model.tflite" "$elf" "${TC_RV32_OPT:--O2}" >"$work/log" 2>&1; then
    if grep -q "will not fit in region .flash'" "$work/log"; then
      echo "SKIP $model (model and code do not fit 4 MB of flash)"; skip=$((skip + 1)); continue
    fi
    echo "FAIL $model: build"; cat "$work/log"; fail=$((fail + 1)); continue
  fi
  ok=1; note=""
  for c in $cases; do
    ins=""; k=0
    while [ -f "$conf/cases/$model/$c/input$k.bin" ]; do
      ins="$ins $conf/cases/$model/$c/input$k.bin"; k=$((k + 1))
    done
    rc=0
    # shellcheck disable=SC2086
    (cd "$work" && sh "$here/run.sh" "$elf" $ins "$work/out_") >"$work/log" 2>&1 || rc=$?
    if [ $rc = 77 ]; then note="skipped: $(grep SKIP "$work/log")"; ok=2; break; fi
    if [ $rc != 0 ]; then note="case $c: exit $rc: $(tail -1 "$work/log")"; ok=0; break; fi
    k=0
    while [ -f "$conf/cases/$model/$c/output$k.bin" ]; do
      if ! cmp -s "$work/out_$k.bin" "$conf/cases/$model/$c/output$k.bin"; then
        note="case $c output $k differs"; ok=0
      fi
      k=$((k + 1))
    done
    [ $ok = 1 ] || break
    note="$(grep instret "$work/log")"
  done
  case $ok in
    1) echo "PASS $model ($note)"; pass=$((pass + 1)) ;;
    2) echo "SKIP $model ($note)"; skip=$((skip + 1)) ;;
    *) echo "FAIL $model: $note"; fail=$((fail + 1)) ;;
  esac
done < "$work/list"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
