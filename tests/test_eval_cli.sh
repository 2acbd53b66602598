#!/bin/sh
# tinycnn eval and export --c on generated grey frames with the brightness
# model (score = sigmoid(12 p/255 - 6) for mean grey p, app_model.h).
# Negatives ("dark") p = 10, 60, 200; positives ("light") p = 100, 220, 250:
# ranking 10n 60n 100p 200n 220p 250p, so 8 of the 9 (pos, neg) pairs are in
# order: AUC 8/9. At 0.5 (scores .004 .040 .216 .968 .989 .997): TP 2
# (220, 250), FP 1 (200), TN 2, FN 1: accuracy 4/6, precision = recall =
# F1 = 2/3. Best F1 6/7 at the score of p=100; Youden J 2/3, first reached
# at p=220 (the higher threshold wins the tie with p=100).
#   test_eval_cli.sh TINYCNN GEN_APP_MODEL
set -u
cli=$1; gen=$2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
pgm() { { printf 'P5\n%d %d\n255\n' "$2" "$3"; head -c $(($2 * $3)) /dev/zero | tr '\000' "\\$(printf %03o "$4")"; } > "$1"; }
# json FILE KEY: the number after "KEY": (cJSON's one key per line)
json() { sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\([^,]*\),*$/\1/p" "$1" | head -1; }
near() { awk -v a="$1" -v b="$2" -v e="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= e) }'; }
expect() { # FILE KEY WANT TOL
  v=$(json "$1" "$2")
  if [ -n "$v" ] && near "$v" "$3" "$4"; then ok; else bad "$1 $2 = '$v', want $3"; fi
}
score() { awk -v p="$1" 'BEGIN { printf "%.6f", 1 / (1 + exp(-(12 * p / 255 - 6))) }'; }

"$gen" "$t/m.tflite" 48 || { echo "FAIL cannot generate the model"; exit 1; }
mkdir -p "$t/d/dark" "$t/d/light/sub"
pgm "$t/d/dark/a.pgm" 64 48 10
pgm "$t/d/dark/b.pgm" 64 48 60
pgm "$t/d/dark/c.pgm" 64 48 200
pgm "$t/d/light/a.pgm" 64 48 100
pgm "$t/d/light/b.pgm" 64 48 220
pgm "$t/d/light/sub/c.pgm" 64 48 250
printf 'P5\n64 48\n255\n' > "$t/d/light/broken.pgm"
echo hello > "$t/d/dark/notes.txt"

"$cli" eval "$t/m.tflite" "$t/d" --json > "$t/e.json" 2> "$t/e.err"
rc=$?
[ $rc -eq 0 ] && ok || bad "eval exit $rc: $(cat "$t/e.err")"
expect "$t/e.json" images 6 0
expect "$t/e.json" skipped 2 0
expect "$t/e.json" positives 3 0
expect "$t/e.json" roc_auc 0.8888889 1e-6
expect "$t/e.json" accuracy 0.6666667 1e-6
expect "$t/e.json" precision 0.6666667 1e-6
expect "$t/e.json" recall 0.6666667 1e-6
expect "$t/e.json" f1 0.6666667 1e-6
expect "$t/e.json" tp 2 0
expect "$t/e.json" fp 1 0
expect "$t/e.json" tn 2 0
expect "$t/e.json" fn 1 0
expect "$t/e.json" threshold 0.5 0
expect "$t/e.json" best_f1 0.8571429 1e-6
# scores are int8 outputs: within one 1/256 step of the formula
expect "$t/e.json" best_f1_threshold "$(score 100)" 0.004
expect "$t/e.json" youden_j 0.6666667 1e-6
expect "$t/e.json" youden_threshold "$(score 220)" 0.004
grep -q '"positive":[[:space:]]*"light"' "$t/e.json" && ok || bad "positive class is not 'light'"
grep -q 'broken.pgm' "$t/e.err" && grep -q 'notes.txt' "$t/e.err" && ok || bad "skips not listed: $(cat "$t/e.err")"

# --positive dark flips the roles: AUC 1/9; --threshold 0.1: all p >= 100
# positive (TP 2 of dark: 200 only... see below).
"$cli" eval "$t/m.tflite" "$t/d" --json --positive dark --threshold 0.1 > "$t/f.json" 2>/dev/null
expect "$t/f.json" roc_auc 0.1111111 1e-6
# predicted positive at 0.1: p = 100, 200, 220, 250 -> dark TP 1 (200),
# FP 3, TN 0, FN 2 (10, 60).
expect "$t/f.json" tp 1 0
expect "$t/f.json" fp 3 0
expect "$t/f.json" fn 2 0

# Text report.
"$cli" eval "$t/m.tflite" "$t/d" > "$t/e.txt" 2>/dev/null
grep -q 'ROC AUC 0.8889' "$t/e.txt" && grep -q 'true light' "$t/e.txt" &&
  grep -q 'latency per image' "$t/e.txt" && ok || bad "text: $(cat "$t/e.txt")"

# Usage and input errors.
"$cli" eval "$t/m.tflite" > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no DIR: not exit 2"
"$cli" eval "$t/m.tflite" "$t/d/dark" > /dev/null 2>&1; [ $? -eq 4 ] && ok || bad "one class: not exit 4"
"$cli" eval "$t/m.tflite" "$t/d" --positive nope > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad --positive"

# export --c: the header carries what was asked; files appear whole.
mkdir "$t/c"
"$cli" export "$t/m.tflite" --c "$t/c" --labels dark,light --threshold 0.25 > "$t/x.out" 2>&1 || bad "export: $(cat "$t/x.out")"
grep -q '#define MODEL_LABEL_NEG "dark"' "$t/c/model_data.h" &&
  grep -q '#define MODEL_LABEL_POS "light"' "$t/c/model_data.h" &&
  grep -q '#define MODEL_THRESHOLD 0.250000f' "$t/c/model_data.h" &&
  grep -q '#define MODEL_INPUT_WIDTH 48' "$t/c/model_data.h" && ok || bad "header: $(cat "$t/c/model_data.h")"
len=$(wc -c < "$t/m.tflite")
grep -q "model_data_len = $len;" "$t/c/model_data.c" && ok || bad "model_data_len is not $len"
[ "$(ls -A "$t/c" | sort | tr '\n' ' ')" = "build_opt.h model_config.h model_data.c model_data.h " ] && ok ||
  bad "files in $t/c: $(ls -A "$t/c" | tr '\n' ' ')"
"$cli" export "$t/m.tflite" --c "$t/nope/x" > /dev/null 2>&1; [ $? -ne 0 ] && ok || bad "missing dir accepted"
"$cli" export "$t/m.tflite" > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no --c: not exit 2"
head -c 100 "$t/m.tflite" > "$t/short.tflite"
"$cli" export "$t/short.tflite" --c "$t/c" > /dev/null 2>&1; [ $? -eq 3 ] && ok || bad "truncated model: not exit 3"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
