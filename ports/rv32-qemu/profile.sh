#!/bin/sh
# Where an invoke's instructions go on rv32imc (issue 15): the -O2 runner
# built with -DTC_PROFILE (build.sh TC_RV32_PROFILE=1) reads `rdinstret`
# around each op's run; joined with `tinycnn inspect`'s MACs per op.
#   profile.sh BUILD_DIR CONFORMANCE_DIR [MODEL...]
#     (default: person_detect vww_96_int8 seednet_s8, each on its first
#     case with golden outputs; the outputs must equal them)
# Lines:
#   profile MODEL op FIRST[-LAST] NAME[+NAME] macs M instret N per-mac X zero-in Z%
#     (a node fused into the next runs with it: one line for both;
#     zero-in: the first node's int8 input values equal to its zero point)
#   profile MODEL total macs M instret N per-mac X   (sum over the ops)
# The per-op counts include ~20 instructions of the two hook calls.
# (A per-function profile from QEMU's -d in_asm,exec,nochain log is not
# practical: 10 GB of log for one person_detect invoke.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2; shift 2
models=${*:-person_detect vww_96_int8 seednet_s8}
cli=$build/tinycnn
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in $models; do
  tfl=$conf/models/$model.tflite
  [ -f "$tfl" ] || { echo "SKIP profile $model: $tfl not found"; continue; }
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  [ -n "$case" ] || { echo "FAIL $model: no case with goldens" >&2; fail=1; continue; }
  ins=""; k=0
  while [ -f "$case/input$k.bin" ]; do ins="$ins $case/input$k.bin"; k=$((k + 1)); done
  elf=$work/$model.elf
  if ! TC_RV32_PROFILE=1 TC_RV32_OPS="$(sh "$here/ops.sh" "$cli" "$tfl")" \
      sh "$here/build.sh" "$tfl" "$elf" -O2 >"$work/log" 2>&1; then
    echo "FAIL $model: build" >&2; cat "$work/log" >&2; fail=1; continue
  fi
  # shellcheck disable=SC2086
  (cd "$work" && sh "$here/run.sh" "$elf" $ins "$work/out") >"$work/run" 2>&1 ||
    { echo "FAIL $model: run: $(tail -1 "$work/run")" >&2; fail=1; continue; }
  k=0
  while [ -f "$case/output$k.bin" ]; do
    cmp -s "$work/out$k.bin" "$case/output$k.bin" ||
      { echo "FAIL $model: output $k differs from $case/output$k.bin" >&2; fail=1; }
    k=$((k + 1))
  done
  "$cli" inspect "$tfl" | awk '$1 ~ /^[0-9]+$/ && $3 == "macs" { print $1, $2, $4 }' >"$work/ops"
  awk -v model="$model" '
    NR == FNR { name[$1] = $2; macs[$1] = $3; next }
    $1 == "op" {
      m = 0; nm = ""
      for (i = $2; i <= $3; i++) { m += macs[i]; nm = nm (nm == "" ? "" : "+") name[i] }
      id = $2 == $3 ? $2 : $2 "-" $3
      z = $9 > 0 ? sprintf("%.0f%%", 100 * $7 / $9) : "-"
      pm = m > 0 ? sprintf("%.2f", $5 / m) : "-"
      printf "profile %s op %s %s macs %d instret %d per-mac %s zero-in %s\n", model, id, nm, m, $5, pm, z
      tm += m; ti += $5
    }
    END { printf "profile %s total macs %d instret %d per-mac %.3f\n", model, tm, ti, ti / tm }
  ' "$work/ops" "$work/run"
done
exit $fail
