#!/bin/sh
# tinycnn train end to end on a tiny generated folder of PGM images:
# class counts and weights, one line per epoch when stdout is not a TTY,
# metrics.csv, checkpoint, SIGINT -> exit 130 with a checkpoint, --resume.
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 30 "bright" and 10 "dark" 16x16 grey images (values vary per image).
mkdir -p "$tmp/data/bright" "$tmp/data/dark"
i=0
while [ $i -lt 30 ]; do
  v=$(printf '\\%03o' $((170 + i % 40)))
  { printf 'P5\n16 16\n255\n'; head -c 256 /dev/zero | tr '\0' "$v"; } > "$tmp/data/bright/b$i.pgm"
  if [ $i -lt 10 ]; then
    v=$(printf '\\%03o' $((40 + i * 3)))
    { printf 'P5\n16 16\n255\n'; head -c 256 /dev/zero | tr '\0' "$v"; } > "$tmp/data/dark/d$i.pgm"
  fi
  i=$((i + 1))
done
echo "not an image" > "$tmp/data/dark/notes.txt"

common="--input 16x16x1 --spec c4k3r,p2,f,fc1 --batch 8 --seed 3 --lr 0.05"
"$cli" train "$tmp/data" --positive bright $common --epochs 3 --qat-epochs 1 \
  --out "$tmp/run" > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
cat "$tmp/out.txt"
[ $rc -eq 0 ] || { cat "$tmp/err.txt"; fail "train exit $rc"; }
grep -q "notes.txt" "$tmp/err.txt" || fail "the skipped file is not listed"
# 24 positive, 8 negative after a stratified 20% split: weights n/(2 n_c).
grep -q "train: 32 images (24 positive, 8 negative)" "$tmp/out.txt" || fail "counts"
grep -q "imbalance 3.00:1" "$tmp/out.txt" || fail "imbalance"
grep -q "class weights positive 0.667, negative 2.000" "$tmp/out.txt" || fail "class weights"
[ "$(grep -c '^epoch ' "$tmp/out.txt")" -eq 3 ] || fail "want 3 epoch lines"
grep -q "$(printf '\r')" "$tmp/out.txt" && fail "progress bar written to a non-TTY"
grep -q "int8 QAT" "$tmp/out.txt" || fail "no QAT epoch"
[ -f "$tmp/run/checkpoint.bin" ] || fail "no checkpoint"
[ "$(wc -l < "$tmp/run/metrics.csv")" -eq 4 ] || fail "metrics.csv rows"
head -1 "$tmp/run/metrics.csv" | grep -q "^epoch,phase,train_loss,train_acc,val_loss,val_acc,lr,images_per_s" || fail "metrics header"
tail -1 "$tmp/run/metrics.csv" | grep -q "^3,qat," || fail "last metrics row"

# -o is --out (issue 10). A class folder named ESC[31mdark (labelled
# "dark": labels must be printable) is printed escaped, \x1b[31mdark, in
# the skipped-file line; no raw ESC byte reaches stdout or stderr.
esc=$(printf '\033')
mkdir -p "$tmp/data2"
cp -r "$tmp/data/bright" "$tmp/data2/bright"
cp -r "$tmp/data/dark" "$tmp/data2/${esc}[31mdark"
"$cli" train "$tmp/data2" --positive bright $common --epochs 1 --qat-epochs 1 \
  --labels dark,bright \
  -o "$tmp/run_o" > "$tmp/out_o.txt" 2> "$tmp/err_o.txt"
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out_o.txt" "$tmp/err_o.txt"; fail "train -o: exit $rc"; }
[ -f "$tmp/run_o/checkpoint.bin" ] && [ -f "$tmp/run_o/model.tflite" ] ||
  fail "train -o: no checkpoint.bin and model.tflite in $tmp/run_o"
grep -qF '\x1b[31mdark/notes.txt' "$tmp/err_o.txt" || fail "skipped path not escaped"
if grep -q "$esc" "$tmp/out_o.txt" "$tmp/err_o.txt"; then fail "raw ESC printed"; fi
echo "OK train_cli: -o RUN; ESC in a class folder name printed as \\x1b"

# SIGINT: finish the batch, checkpoint, exit 130; then resume to the end.
"$cli" train "$tmp/data" --positive bright $common --epochs 3000 --patience 0 \
  --qat-epochs 1 --out "$tmp/run2" > "$tmp/out2.txt" 2>&1 &
pid=$!
n=0
while [ ! -f "$tmp/run2/checkpoint.bin" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { cat "$tmp/out2.txt"; fail "SIGINT exit $rc, want 130"; }
grep -q "interrupted: checkpoint saved" "$tmp/out2.txt" || fail "no interrupt message"
done_epochs=$(($(wc -l < "$tmp/run2/metrics.csv") - 1))
[ $done_epochs -ge 1 ] && [ $done_epochs -lt 3000 ] || fail "epochs before SIGINT: $done_epochs"
"$cli" train --resume "$tmp/run2" > "$tmp/out3.txt" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { cat "$tmp/out3.txt"; fail "resumed run: exit $rc, want 130"; }
grep -q "resuming $tmp/run2 at epoch" "$tmp/out3.txt" || fail "no resume message"
more=$(($(wc -l < "$tmp/run2/metrics.csv") - 1))
[ $more -gt $done_epochs ] || fail "resume did not continue ($done_epochs -> $more)"
echo "OK train_cli: SIGINT after $done_epochs epochs, resumed to $more"
