#!/bin/sh
# `tinycnn run` on a subset of ../shared/conformance under valgrind
# memcheck: every run must have zero memcheck errors and zero leaked or
# still-reachable bytes, and exact-compare models must give the golden
# bytes. Error paths (bad model, wrong input size) are checked too.
#   valgrind_cli.sh TINYCNN SHARED
set -u
cli=$1; conf=$2/conformance
command -v valgrind >/dev/null 2>&1 || { echo "FAIL: valgrind not installed"; exit 1; }
[ -f "$conf/manifest.json" ] || { echo "SKIP valgrind_cli: $conf not found"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
vg="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all"
fails=0; runs=0
check() { # check WANT_EXIT WHAT -- command...
  want=$1; what=$2; shift 3
  $vg "$@" >"$t/out" 2>"$t/err"; got=$?
  runs=$((runs + 1))
  if [ "$got" != "$want" ]; then
    fails=$((fails + 1)); echo "FAIL $what: exit $got, expected $want"; head -40 "$t/err"
  fi
}
for m in person_detect seednet_s8 conv_s8_03 dwconv_s8_05 fc_hybrid_02 add_s8_01 \
         mean_s8_04 softmax_s8_01 hardswish_s8_00 maxpool_f32_02; do
  [ -f "$conf/models/$m.tflite" ] || { echo "FAIL $m: model missing"; fails=$((fails + 1)); continue; }
  c=$(ls "$conf/cases/$m" | head -1)
  set --
  for i in "$conf/cases/$m/$c"/input*.bin; do set -- "$@" --in "$i"; done
  check 0 "run $m" -- "$cli" run "$conf/models/$m.tflite" "$@" --out-dir "$t/o"
  rule=$(awk -v key="\"$m\": {" 'index($0, key) {f = 1} f && /"compare"/ {print; exit}' "$conf/manifest.json")
  if echo "$rule" | grep -q '"exact"'; then
    cmp -s "$t/o/output0.bin" "$conf/cases/$m/$c/output0.bin" || {
      fails=$((fails + 1)); echo "FAIL $m: output differs from the golden"; }
  fi
  echo "ok $m ($c) under memcheck"
done
printf 'not a model' > "$t/bad.tflite"
check 3 "garbage model" -- "$cli" run "$t/bad.tflite" --in x --out-dir "$t/o"
head -c 100 "$conf/cases/person_detect/person/input0.bin" > "$t/short.bin"
check 4 "short input" -- "$cli" run "$conf/models/person_detect.tflite" --in "$t/short.bin" --out-dir "$t/o"
check 3 "unsupported op" -- "$cli" inspect "$conf/models/person_detect_vela.tflite"
check 0 "inspect --json" -- "$cli" inspect "$conf/models/seednet_s8.tflite" --json
echo "$runs runs under valgrind memcheck, $fails failed"
[ "$fails" = 0 ]
