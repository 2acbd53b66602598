#!/bin/sh
# The CLI contract: arguments, outputs and exit codes (0 ok, 2 usage,
# 3 bad/unsupported model, 4 bad input).   test_cli.sh TINYCNN SHARED
set -u
cli=$1; conf=$2/conformance
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fails=0; passes=0
expect() { # expect CODE DESCRIPTION -- command...
  want=$1; what=$2; shift 3
  "$@" >"$t/out" 2>"$t/err"; got=$?
  if [ "$got" = "$want" ]; then passes=$((passes + 1))
  else fails=$((fails + 1)); echo "FAIL $what: exit $got, expected $want"; cat "$t/err"; fi
}
expect 2 "no command" -- "$cli"
expect 2 "unknown command" -- "$cli" frobnicate
expect 2 "run without --out-dir" -- "$cli" run x.tflite --in a.bin
expect 2 "inspect without model" -- "$cli" inspect
expect 3 "missing model file" -- "$cli" run "$t/none.tflite" --in a --out-dir "$t/o"
printf 'not a model at all' > "$t/bad.tflite"
expect 3 "garbage model" -- "$cli" inspect "$t/bad.tflite"
grep -q "file identifier" "$t/err" || { echo "FAIL garbage model: message does not name the identifier"; fails=$((fails + 1)); }
: > "$t/empty.tflite"
expect 3 "empty model" -- "$cli" run "$t/empty.tflite" --in a --out-dir "$t/o"
if [ -f "$conf/models/person_detect.tflite" ]; then
  m=$conf/models/person_detect.tflite
  expect 0 "run person_detect" -- "$cli" run "$m" --in "$conf/cases/person_detect/person/input0.bin" --out-dir "$t/o"
  if cmp -s "$t/o/output0.bin" "$conf/cases/person_detect/person/output0.bin" && grep -q "^arena: [0-9]* bytes" "$t/out"; then
    passes=$((passes + 1))
  else echo "FAIL run person_detect: output or arena line wrong"; fails=$((fails + 1)); fi
  head -c 100 "$conf/cases/person_detect/person/input0.bin" > "$t/short.bin"
  expect 4 "input of the wrong size" -- "$cli" run "$m" --in "$t/short.bin" --out-dir "$t/o"
  grep -q "needs 9216" "$t/err" || { echo "FAIL wrong-size input: message lacks the expected size"; fails=$((fails + 1)); }
  expect 4 "missing input file" -- "$cli" run "$m" --in "$t/nope.bin" --out-dir "$t/o"
  expect 4 "too few inputs" -- "$cli" run "$m" --out-dir "$t/o"
  expect 0 "inspect" -- "$cli" inspect "$m"
  for s in "total MACs: 7157888" "arena: " "fits ESP32 " "fits ESP32-S3" "fits ESP32-C3" "DEPTHWISE_CONV_2D"; do
    grep -q "$s" "$t/out" || { echo "FAIL inspect: no '$s'"; fails=$((fails + 1)); }
  done
  expect 0 "inspect --json" -- "$cli" inspect "$m" --json
  grep -q '"arena_bytes":' "$t/out" && grep -q '"macs":	7157888' "$t/out" || { echo "FAIL inspect --json fields"; fails=$((fails + 1)); }
  expect 3 "vela model" -- "$cli" run "$conf/models/person_detect_vela.tflite" --in a --out-dir "$t/o"
  grep -q "CUSTOM 'ethos-u'" "$t/err" || { echo "FAIL vela: message does not name the op"; fails=$((fails + 1)); }
else
  echo "SKIP CLI model cases: $conf not found"
fi
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
