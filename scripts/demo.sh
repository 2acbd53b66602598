#!/bin/sh
# make demo: until the trainer lands, run TFLM's person-detection model on
# its two test images (from ../shared, read in place) and show what the
# runtime reports. Without ../shared, run the model the tests generate.
set -eu
build=${1:-build}; shared=${2:-../shared}
cli="$build/tinycnn"
conf="$shared/conformance"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
if [ -f "$conf/models/person_detect.tflite" ]; then
  model="$conf/models/person_detect.tflite"
  echo "== tinycnn inspect person_detect.tflite"
  "$cli" inspect "$model" | tail -6
  for img in person no_person; do
    "$cli" run "$model" --in "$conf/cases/person_detect/$img/input0.bin" \
      --out-dir "$out/$img" >/dev/null
    # output: int8 [no_person_score, person_score]
    set -- $(od -An -v -t d1 "$out/$img/output0.bin")
    echo "$img image: scores person=$2 no_person=$1 -> $( [ "$2" -gt "$1" ] && echo PERSON || echo no person )"
  done
  echo "(TensorFlow Lite Micro scores these [-113, 113] and [57, -57]: identical bytes)"
else
  echo "SKIP person_detect: $conf not found; running a generated model instead"
  "$build/tests/tc_gen_demo" "$out/demo.tflite"
  "$cli" inspect "$out/demo.tflite" | tail -6
  head -c 4096 /dev/zero > "$out/grey.bin"
  "$cli" run "$out/demo.tflite" --in "$out/grey.bin" --out-dir "$out/o"
  echo "score byte for an all-zero frame: $(od -An -t d1 "$out/o/output0.bin")"
fi
