#!/bin/sh
# Transfer learning end to end (issue 13) on real photos: face-mask from
# ../shared split by `tinycnn split` (20% test, held out; 10% of the rest
# for training, about 200 photos), `tinycnn train --backbone
# person_detect.tflite` for a few epochs (3 head-only, 12 fine-tuning from 5e-4, 1
# QAT), then `tinycnn eval` of the int8 model through the runtime on the
# held-out photos: accuracy at least 0.80 (chance: 0.53, the larger class;
# the full recipe in README reaches about 0.9). Also: the exported model
# takes person_detect's input (96x96x1 int8, scale 2/255, zero point -1)
# and report.html names the backbone and the cut.
#   test_backbone_cli.sh TINYCNN_CLI SHARED_DIR
set -eu
cli=$1
shared=$2
model=$shared/conformance/models/person_detect.tflite
data=$shared/data/face-mask
if [ ! -f "$model" ] || [ ! -d "$data" ]; then
  echo "SKIP backbone_cli: $shared/conformance or $shared/data/face-mask not found"
  exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL backbone_cli: $*"; exit 1; }
cut=MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6

"$cli" split "$data" --out "$t/split" --test 0.2 --seed 1 --train-fraction 0.1 \
  > "$t/split.txt" 2>&1 || { cat "$t/split.txt"; fail "split"; }
"$cli" train "$t/split/train" --backbone "$model" --epochs 16 --freeze-epochs 3 \
  --fine-tune-lr 5e-4 --qat-epochs 1 --seed 1 -o "$t/run" > "$t/train.txt" 2>&1 ||
  { cat "$t/train.txt"; fail "train exit $?"; }
grep -v "skipped" "$t/train.txt"
grep -qF "cut at '$cut': 27 layers, input 96x96x1 int8 scale 0.00784314 zero point -1" \
  "$t/train.txt" || fail "no backbone line"
grep -qF "person_detect.tflite" "$t/run/report.html" && grep -qF "$cut" "$t/run/report.html" ||
  fail "report.html does not name the backbone and cut"

"$cli" inspect "$t/run/model.tflite" --json > "$t/inspect.json"
tr -d ' \t\n' < "$t/inspect.json" | grep -q '"inputs":\[{"index":0,"name":"input","dtype":"int8","shape":\[1,96,96,1\],"constant":false,"scale":0.00784313[0-9]*,"zero_point":-1}' ||
  { head -20 "$t/inspect.json"; fail "exported input is not person_detect's"; }

"$cli" eval "$t/run/model.tflite" "$t/split/test" --threshold 0.5 --json > "$t/eval.json" ||
  fail "eval"
acc=$(tr -d ' \t\n' < "$t/eval.json" | sed -n 's/.*"accuracy":\([0-9.]*\).*/\1/p')
n=$(tr -d ' \t\n' < "$t/eval.json" | sed -n 's/.*"images":\([0-9]*\).*/\1/p')
echo "backbone_cli: int8 accuracy $acc on $n held-out photos (threshold 0.5)"
[ "$n" -ge 400 ] || fail "only $n test images"
awk -v a="$acc" 'BEGIN { exit !(a >= 0.80) }' || fail "accuracy $acc < 0.80"
echo "OK backbone_cli"
