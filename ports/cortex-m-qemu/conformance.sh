#!/bin/sh
# The runtime on a second MCU ISA: person_detect (or the named models),
# every case of ../shared/conformance, built for Cortex-M4 (-O2, hard
# float) and run under qemu-system-arm -M mps2-an386: bit-exact or fail.
#   conformance.sh BUILD_DIR CONFORMANCE_DIR [MODEL...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2; shift 2
[ $# -gt 0 ] || set -- person_detect
for model in "$@"; do
  if [ ! -f "$conf/models/$model.tflite" ]; then
    echo "SKIP cortex-m4 conformance: $conf/models/$model.tflite not found"; exit 77
  fi
done
conf=$(cd "$conf" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export TC_CM_CACHE="$build/cortex-m"
pass=0; fail=0
for model in "$@"; do
  elf=$work/$model.elf
  if ! sh "$here/build.sh" "$conf/models/$model.tflite" "$elf" -O2 >"$work/log" 2>&1; then
    echo "FAIL $model: build"; cat "$work/log"; fail=$((fail + 1)); continue
  fi
  for dir in "$conf/cases/$model"/*/; do
    c=$(basename "$dir")
    ins=""; k=0
    while [ -f "$dir/input$k.bin" ]; do ins="$ins $dir/input$k.bin"; k=$((k + 1)); done
    [ $k -gt 0 ] && [ -f "$dir/output0.bin" ] || continue
    rc=0
    # shellcheck disable=SC2086
    (cd "$work" && sh "$here/run.sh" "$elf" $ins "$work/out_") >"$work/log" 2>&1 || rc=$?
    if [ $rc != 0 ]; then
      echo "FAIL $model/$c: exit $rc: $(tail -1 "$work/log")"; fail=$((fail + 1)); continue
    fi
    ok=1; k=0
    while [ -f "$dir/output$k.bin" ]; do
      cmp -s "$work/out_$k.bin" "$dir/output$k.bin" || ok=0
      k=$((k + 1))
    done
    if [ $ok = 1 ]; then
      echo "PASS $model/$c ($(grep -E '^(icount|arena)' "$work/log" | tr '\n' ' ' | sed 's/ $//'))"
      pass=$((pass + 1))
    else
      echo "FAIL $model/$c: output differs from the golden bytes"; fail=$((fail + 1))
    fi
  done
done
echo "$pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
