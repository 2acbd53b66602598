#!/bin/sh
# make demo: the whole pipeline on the built-in data set (Debian's
# dataset-fashion-mnist): train the seed network with quantization-aware
# training on T-shirt/top (class 0) vs Shirt (class 6) at 64x64x1, export
# the int8 .tflite and the C array, evaluate the int8 model with the
# runtime on the held-out test set, print the ESP32 fit, write the report.
set -eu
build=${1:-build}; shared=${2:-../shared}
cli="$build/tinycnn"
fm=${TC_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
run=${TC_DEMO_RUN:-out/demo}
start=$(date +%s)
labels="Shirt,T-shirt/top"
echo "== 1. train (seed network, 64x64x1, QAT) -> $run"
rm -rf "$run"
"$cli" train --idx "$fm/train-images-idx3-ubyte.gz" "$fm/train-labels-idx1-ubyte.gz" \
  --positive-class 0 --negative-class 6 --labels "$labels" \
  --input 64x64x1 --epochs 10 --qat-epochs 2 --out "$run"
threshold=$(sed -n 's/^#define MODEL_THRESHOLD \([0-9.]*\)f$/\1/p' "$run/model_data.h")
echo
echo "== 2. the int8 model on the Fashion-MNIST test set, through the runtime"
"$cli" eval "$run/model.tflite" --idx "$fm/t10k-images-idx3-ubyte.gz" \
  "$fm/t10k-labels-idx1-ubyte.gz" --positive-class 0 --negative-class 6 \
  --labels "$labels" --threshold "$threshold"
echo
echo "== 3. size and fit (tinycnn inspect $run/model.tflite)"
"$cli" inspect "$run/model.tflite" | sed -n '/^total MACs/,$p'
echo
echo "== 4. files"
ls -l "$run"
echo "firmware: copy $run/model_data.c and model_data.h into examples/esp32-cam-classifier/main/"
echo "report:   $run/report.html"
conf="$shared/conformance"
if [ -f "$conf/models/person_detect.tflite" ]; then
  echo
  echo "== 5. TFLM's person-detection model on its two test images"
  out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
  for img in person no_person; do
    "$cli" run "$conf/models/person_detect.tflite" \
      --in "$conf/cases/person_detect/$img/input0.bin" --out-dir "$out/$img" >/dev/null
    # output: int8 [no_person_score, person_score]
    set -- $(od -An -v -t d1 "$out/$img/output0.bin")
    echo "$img image: scores person=$2 no_person=$1 (TFLM: identical bytes)"
  done
fi
echo
echo "demo finished in $(( $(date +%s) - start )) s"
