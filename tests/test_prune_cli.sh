#!/bin/sh
# tinycnn prune and train --prune end to end on a tiny generated folder of
# PGM images: the pruned model has at most half the MACs (tinycnn inspect),
# fewer bytes and a smaller arena; metrics.csv has a row per pruning step;
# report.html has the trade-off charts with the chosen point; the before /
# after table is printed; `export RUN2` (checkpoint with pruned channel
# counts) reproduces RUN2/model.tflite byte for byte; --resume of a
# finished pruning run re-exports the same model; usage errors.
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/data/bright" "$tmp/data/dark"
i=0
while [ $i -lt 24 ]; do
  v=$(printf '\\%03o' $((150 + i % 60)))
  w=$(printf '\\%03o' $((30 + i * 3)))
  { printf 'P5\n16 16\n255\n'; head -c 256 /dev/zero | tr '\0' "$v"; } > "$tmp/data/bright/b$i.pgm"
  { printf 'P5\n16 16\n255\n'; head -c 256 /dev/zero | tr '\0' "$w"; } > "$tmp/data/dark/d$i.pgm"
  i=$((i + 1))
done
common="--input 16x16x1 --spec c16k3r,bn,p2,c16k3r,p2,f,fc1 --batch 8 --seed 3 --lr 0.02"
macs() { "$cli" inspect "$1" | sed -n 's/^total MACs: \([0-9]*\).*/\1/p'; }
arena() { "$cli" inspect "$1" | sed -n 's/.*arena[^0-9]*\([0-9][0-9]*\) bytes.*/\1/p' | head -1; }

"$cli" train "$tmp/data" --positive bright $common --epochs 2 --qat-epochs 1 \
  --out "$tmp/run" > "$tmp/train.txt" 2>&1 || { cat "$tmp/train.txt"; fail "train"; }
"$cli" prune "$tmp/run" --macs 0.5 --steps 2 --epochs 1 --out "$tmp/run2" \
  > "$tmp/prune.txt" 2>&1 || { cat "$tmp/prune.txt"; fail "prune exit"; }
cat "$tmp/prune.txt"
m0=$(macs "$tmp/run/model.tflite"); m1=$(macs "$tmp/run2/model.tflite")
[ -n "$m0" ] && [ -n "$m1" ] || fail "no MACs from inspect"
[ $((m1 * 2)) -le "$m0" ] || fail "MACs $m0 -> $m1: not halved"
b0=$(wc -c < "$tmp/run/model.tflite"); b1=$(wc -c < "$tmp/run2/model.tflite")
[ "$b1" -lt "$b0" ] || fail "model bytes $b0 -> $b1"
grep -q "^MACs  *$m0  *$m1 " "$tmp/prune.txt" || fail "before/after MACs line"
grep -q "^int8 val acc " "$tmp/prune.txt" || fail "before/after accuracy line"
grep -q "^arena bytes " "$tmp/prune.txt" || fail "before/after arena line"
[ "$(grep -c ',prune,' "$tmp/run2/metrics.csv")" -eq 4 ] || fail "metrics.csv: want 4 prune rows (start, 2 steps, final)"
grep -q ",qat," "$tmp/run2/metrics.csv" || fail "metrics.csv: no QAT epoch"
head -1 "$tmp/run2/metrics.csv" | grep -q ",macs,params,model_bytes,arena_bytes,val_acc_int8$" || fail "metrics header"
grep -q "<h2>Pruning</h2>" "$tmp/run2/report.html" || fail "report: no pruning section"
grep -q "accuracy vs MACs" "$tmp/run2/report.html" || fail "report: no MACs chart"
grep -q "chosen" "$tmp/run2/report.html" || fail "report: chosen point not marked"
# The checkpoint records the pruned channel counts: export reproduces it.
"$cli" export "$tmp/run2" --int8 "$tmp/re.tflite" > /dev/null 2>&1 || fail "export RUN2"
cmp -s "$tmp/re.tflite" "$tmp/run2/model.tflite" || fail "export RUN2 differs from model.tflite"
"$cli" prune --resume "$tmp/run2" > "$tmp/resume.txt" 2>&1 || { cat "$tmp/resume.txt"; fail "resume"; }
cmp -s "$tmp/re.tflite" "$tmp/run2/model.tflite" || fail "resume of a finished run changed the model"

# train --prune: training, then pruning, one command.
"$cli" train "$tmp/data" --positive bright $common --epochs 2 --qat-epochs 1 \
  --prune 0.6 --out "$tmp/run3" > "$tmp/train3.txt" 2>&1 || { cat "$tmp/train3.txt"; fail "train --prune"; }
m3=$(macs "$tmp/run3/model.tflite")
[ $((m3 * 10)) -le $((m0 * 4)) ] || fail "train --prune 0.6: MACs $m0 -> $m3"
grep -q "pruning step 2/4" "$tmp/train3.txt" || fail "train --prune: no step lines"
# the default --round 8: every pruned count a multiple of 8
grep "pruning step" "$tmp/train3.txt" "$tmp/prune.txt" | sed 's/.*channels //' | tr ',' '\n' |
  while read -r c; do [ $((c % 8)) -eq 0 ] || { echo "FAIL: $c channels (not a multiple of 8)"; exit 1; }; done || exit 1
"$cli" prune "$tmp/run" --macs 0.5 --round 1 --steps 1 --epochs 0 --qat-epochs 1 --out "$tmp/run4" \
  > "$tmp/prune4.txt" 2>&1 || { cat "$tmp/prune4.txt"; fail "prune --round 1"; }
m4=$(macs "$tmp/run4/model.tflite")
[ $((m4 * 2)) -le "$m0" ] || fail "--round 1: MACs $m0 -> $m4"

# usage errors
"$cli" prune "$tmp/run" --out "$tmp/x" > /dev/null 2>&1; [ $? -eq 2 ] || fail "no limit: want exit 2"
"$cli" prune "$tmp/run" --macs 1.5 --out "$tmp/x" > /dev/null 2>&1; [ $? -eq 2 ] || fail "--macs 1.5: want exit 2"
"$cli" prune "$tmp/run" --fit esp99 --out "$tmp/x" > /dev/null 2>&1; [ $? -eq 2 ] || fail "--fit esp99: want exit 2"
"$cli" prune "$tmp/nope" --macs 0.5 --out "$tmp/x" > /dev/null 2>&1; [ $? -eq 4 ] || fail "missing run: want exit 4"
echo "OK prune_cli: MACs $m0 -> $m1 (prune), $m3 (train --prune); bytes $b0 -> $b1"
