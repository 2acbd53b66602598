#!/bin/sh
# tinycnn train --ptq end to end on a generated 3:1 data set with an
# explicit --val-dir, --positive NAME and files that must be skipped and
# listed; then the export variants (RUN/model_float.tflite,
# model_hybrid.tflite, `tinycnn export RUN --float|--hybrid|--int8|--c`),
# checked by test_train_ptq against its own double-precision forward.
set -u
cli=$1
helper=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$helper" gen "$tmp" || fail "generating the data"
"$cli" train "$tmp/data" --val-dir "$tmp/val" --positive dark --input 16x16x1 \
  --spec c16k3r,bn,p2,f,fc1 --batch 8 --seed 5 --lr 0.02 --epochs 4 \
  --ptq --calib-dir "$tmp/calib" --out "$tmp/run" > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
cat "$tmp/out.txt" "$tmp/err.txt"
[ $rc -eq 0 ] || fail "train exit $rc"
# Skipped files are listed with their reason.
grep -q "broken.png" "$tmp/err.txt" || fail "the broken PNG is not listed"
grep -q "notes.txt" "$tmp/err.txt" || fail "the text file is not listed"
grep -q "2 files skipped" "$tmp/err.txt" || fail "skip count"
# --val-dir: no split; --positive dark: 10 positives vs 30 negatives.
grep -q "train: 40 images (10 positive, 30 negative)   validation: 8 (4 positive, 4 negative)" \
  "$tmp/out.txt" || fail "counts"
grep -q "imbalance 3.00:1 (more negatives) -> class weights positive 2.000, negative 0.667" \
  "$tmp/out.txt" || fail "imbalance and class weights"
grep -q "int8 QAT" "$tmp/out.txt" && fail "a QAT epoch in a --ptq run"
grep -q "calibration images ($tmp/calib)" "$tmp/out.txt" || fail "no calibration line"
grep -q "from 5 calibration images" "$tmp/out.txt" || fail "calibration count"
grep -q "int8 model (post-training quantization) through the tinycnn runtime" \
  "$tmp/out.txt" || fail "no PTQ int8 accuracy"
for f in model.tflite model_float.tflite model_hybrid.tflite model_data.c model_data.h report.html; do
  [ -s "$tmp/run/$f" ] || fail "no RUN/$f"
done
# The dense layer (16 * 8 * 8 = 1024 weights) is int8 in the hybrid model.
[ "$(wc -c < "$tmp/run/model_hybrid.tflite")" -lt "$(wc -c < "$tmp/run/model_float.tflite")" ] ||
  fail "the hybrid model is not smaller than the float one"
grep -q ",float," "$tmp/run/metrics.csv" || fail "metrics phase"
grep -q ",qat," "$tmp/run/metrics.csv" && fail "QAT rows in metrics.csv"

# The same models again from the checkpoint.
"$cli" export "$tmp/run" --float "$tmp/run/reexported_float.tflite" || fail "export --float"
cmp -s "$tmp/run/reexported_float.tflite" "$tmp/run/model_float.tflite" || fail "--float differs"
"$cli" export "$tmp/run" --hybrid "$tmp/h.tflite" || fail "export --hybrid"
cmp -s "$tmp/h.tflite" "$tmp/run/model_hybrid.tflite" || fail "--hybrid differs"
"$cli" export "$tmp/run" --int8 "$tmp/q.tflite" || fail "export --int8"
cmp -s "$tmp/q.tflite" "$tmp/run/model.tflite" || fail "--int8 differs"
"$cli" export "$tmp/run" --c "$tmp/c" || fail "export RUN --c"
cmp -s "$tmp/c/model_data.c" "$tmp/run/model_data.c" || fail "model_data.c differs"
cmp -s "$tmp/c/model_data.h" "$tmp/run/model_data.h" || fail "model_data.h differs"
"$cli" export "$tmp/run/model.tflite" --float "$tmp/x.tflite" 2> /dev/null
[ $? -eq 2 ] || fail "--float on a .tflite should be a usage error"
[ -e "$tmp/x.tflite" ] && fail "a file was written on error"

"$helper" check "$tmp/run" "$tmp" || fail "checks against the reference forward"

# Resuming a finished PTQ run re-exports the same int8 model.
cp "$tmp/run/model.tflite" "$tmp/first.tflite"
"$cli" train --resume "$tmp/run" > "$tmp/out2.txt" 2>&1 || { cat "$tmp/out2.txt"; fail "resume"; }
cmp -s "$tmp/first.tflite" "$tmp/run/model.tflite" || fail "resumed PTQ run exported another model"

# --calib N: a seeded choice of N training images, moving-average ranges.
"$cli" train "$tmp/data" --val-dir "$tmp/val" --positive dark --input 16x16x1 \
  --spec c4k3r,p2,f,fc1 --batch 8 --seed 5 --epochs 1 --ptq --calib 12 \
  --calib-ema --out "$tmp/run3" > "$tmp/out3.txt" 2>&1 || { cat "$tmp/out3.txt"; fail "--calib 12"; }
grep -q "moving-average activation ranges from 12 calibration images (from the training set)" \
  "$tmp/out3.txt" || { cat "$tmp/out3.txt"; fail "--calib 12 --calib-ema"; }

# Usage errors.
"$cli" train "$tmp/data" --calib 10 > /dev/null 2>&1
[ $? -eq 2 ] || fail "--calib without --ptq should be a usage error"
"$cli" train "$tmp/data" --ptq --calib 10 --calib-dir "$tmp/calib" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--calib with --calib-dir should be a usage error"
echo "OK train_ptq"
