#!/bin/sh
# tinycnn predict and camera-sim on generated frames with the brightness
# model (score = sigmoid(12 p/255 - 6) for mean grey p, see app_model.h):
# scores against that formula (awk), labels written out by hand.
#   test_app_cli.sh TINYCNN GEN_APP_MODEL
set -u
cli=$1; gen=$2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
# pgm FILE W H GREY / ppm FILE W H R G B: uniform binary images.
byte() { printf "\\$(printf %03o "$1")"; }
pgm() { { printf 'P5\n%d %d\n255\n' "$2" "$3"; head -c $(($2 * $3)) /dev/zero | tr '\000' "\\$(printf %03o "$4")"; } > "$1"; }
ppm() {
  { byte "$4"; byte "$5"; byte "$6"; } > "$1.px"   # a file: NULs survive
  { printf 'P6\n%d %d\n255\n' "$2" "$3"; i=0
    while [ $i -lt $(($2 * $3)) ]; do cat "$1.px"; i=$((i + 1)); done; } > "$1"
  rm -f "$1.px"
}
# near WANT GOT: |WANT - GOT| < 0.012
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.012) }'; }
expect_score() { awk -v p="$1" 'BEGIN { printf "%.4f", 1 / (1 + exp(-(12 * p / 255 - 6))) }'; }

"$gen" "$t/m.tflite" 48 || { echo "FAIL cannot generate the model"; exit 1; }
pgm "$t/bright.pgm" 80 60 235
pgm "$t/dark.pgm" 80 60 20
pgm "$t/mid.pgm" 80 60 150
ppm "$t/yellow.ppm" 20 10 255 255 0   # BT.601 luma 226
printf 'P5\n80 60\n255\n' > "$t/broken.pgm"

# predict: one line per image, in order; threshold echoed.
"$cli" predict "$t/m.tflite" "$t/bright.pgm" "$t/dark.pgm" "$t/mid.pgm" "$t/yellow.ppm" \
  --threshold 0.7 --labels dark,bright > "$t/out" 2> "$t/err"
rc=$?; [ $rc = 0 ] && ok || bad "predict: exit $rc"; cat "$t/err"
n=0
for spec in "bright.pgm 235 bright" "dark.pgm 20 dark" "mid.pgm 150 bright" "yellow.ppm 226 bright"; do
  set -- $spec; n=$((n + 1))
  line=$(sed -n "${n}p" "$t/out")
  s=$(echo "$line" | sed -n "s|^$t/$1 score=\([01]\.[0-9][0-9][0-9]\) label=$3 threshold=0\.700\$|\1|p")
  if [ -n "$s" ] && near "$(expect_score "$2")" "$s"; then ok
  else bad "predict $1: '$line', expected score $(expect_score "$2") label $3"; fi
done
# An unreadable image: message, the others still classified, exit 4.
"$cli" predict "$t/m.tflite" "$t/dark.pgm" "$t/broken.pgm" "$t/none.png" "$t/bright.pgm" > "$t/out" 2> "$t/err"
rc=$?
[ $rc = 4 ] && ok || bad "predict with bad files: exit $rc, expected 4"
[ "$(wc -l < "$t/out")" = 2 ] && grep -q "bright.pgm score=.* label=positive threshold=0.500" "$t/out" \
  && grep -q "dark.pgm score=.* label=negative" "$t/out" && ok || { bad "predict with bad files: output"; cat "$t/out"; }
grep -q "broken.pgm" "$t/err" && grep -q "none.png" "$t/err" && ok || { bad "predict: errors do not name the files"; cat "$t/err"; }
# Exit codes.
for c in "2|predict $t/m.tflite" "2|predict $t/m.tflite $t/dark.pgm --threshold 2" \
         "2|predict $t/m.tflite $t/dark.pgm --labels onlyone" "3|predict $t/nomodel.tflite $t/dark.pgm" \
         "3|predict $t/bright.pgm $t/dark.pgm" "2|camera-sim $t/m.tflite" \
         "2|camera-sim $t/m.tflite $t --format bgr" "2|camera-sim $t/m.tflite $t --size 0x5" \
         "2|camera-sim $t/m.tflite $t --format yuyv --size 159x120" "4|camera-sim $t/m.tflite $t/nodir"; do
  want=${c%%|*}; args=${c#*|}
  # shellcheck disable=SC2086
  "$cli" $args > /dev/null 2> "$t/err"; rc=$?
  [ "$rc" = "$want" ] && ok || { bad "tinycnn $args: exit $rc, expected $want"; cat "$t/err"; }
done

# camera-sim: T 0.5, H 0.1, N 3 over a recorded sequence, every format.
mkdir "$t/frames"
i=0
for g in 20 235 20 235 235 20 235 235 235 135 20 20 123 20 20 20 150 150 135 150; do
  i=$((i + 1)); pgm "$t/frames/$(printf %03d $i).pgm" 64 48 "$g"
done
want="dark dark dark dark dark dark dark dark bright bright bright bright bright bright bright dark dark dark dark dark"
for fmt in gray rgb565 yuyv; do
  "$cli" camera-sim "$t/m.tflite" "$t/frames" --format $fmt --size 160x120 --threshold 0.5 \
    --hysteresis 0.1 --frames 3 --labels dark,bright > "$t/out" 2> "$t/err"
  rc=$?; [ $rc = 0 ] && ok || { bad "camera-sim $fmt: exit $rc"; cat "$t/err"; }
  got=$(sed -n 's/^score=[01]\.[0-9][0-9][0-9] label=\([a-z]*\) infer_ms=[0-9][0-9]* free_heap=0$/\1/p' "$t/out" | tr '\n' ' ')
  [ "$got" = "$want " ] && ok || { bad "camera-sim $fmt labels: '$got'"; cat "$t/out"; }
  [ "$(wc -l < "$t/out")" = 20 ] && ok || bad "camera-sim $fmt: $(wc -l < "$t/out") lines, expected 20"
done
# A file that does not decode is a camera error; the run goes on.
cp "$t/broken.pgm" "$t/frames/010.pgm"
"$cli" camera-sim "$t/m.tflite" "$t/frames" --retries 1 --frames 1 > "$t/out" 2> "$t/err"
rc=$?
[ $rc = 4 ] && ok || bad "camera-sim with a broken file: exit $rc, expected 4"
[ "$(sed -n 10p "$t/out")" = "camera_error=1/1 status=-2" ] && [ "$(sed -n 11p "$t/out")" = "camera_reinit=ok" ] \
  && [ "$(wc -l < "$t/out")" = 21 ] && ok || { bad "camera-sim broken file: log"; cat "$t/out"; }
grep -q "010.pgm" "$t/err" && ok || bad "camera-sim: error does not name the file"
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
