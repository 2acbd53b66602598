#!/bin/sh
# The one image path of train, eval, predict and camera-sim on files the
# old decoders refused or got wrong (issue 10): a 5106x3404 JPEG (over
# src/image's 4096), a WebP named .bin and a .webp, and a JPEG stored
# rotated with EXIF orientation 6, next to the same picture upright (PNG).
# Model: the brightness model (score = sigmoid(12 p/255 - 6), mean grey p).
#   test_imageio_cli.sh TINYCNN GEN_APP_MODEL TEST_IMAGEIO_FIT
set -u
cli=$1; gen=$2; fit=$3
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }

"$gen" "$t/m.tflite" 48 || { echo "FAIL cannot generate the model"; exit 1; }
"$fit" --write "$t/d" || { echo "FAIL cannot write the sample folder"; exit 1; }
# d/a: big.jpg rotated.jpg    d/b: lossless.webp photo.bin upright.png

# eval: all five scored, none skipped.
"$cli" eval "$t/m.tflite" "$t/d" > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 0 ] && ok || bad "eval: exit $rc"
grep -q "5 images (negative 'a' 2, positive 'b' 3), 0 skipped" "$t/out" && ok \
  || { bad "eval: not all five images scored"; cat "$t/out" "$t/err"; }
grep -q "skipped" "$t/err" && { bad "eval skipped files"; cat "$t/err"; } || ok

# predict: one line each; the rotated JPEG scores exactly as the upright PNG.
"$cli" predict "$t/m.tflite" "$t/d/a/big.jpg" "$t/d/a/rotated.jpg" "$t/d/b/photo.bin" \
  "$t/d/b/lossless.webp" "$t/d/b/upright.png" > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 0 ] && ok || { bad "predict: exit $rc"; cat "$t/err"; }
[ "$(grep -c ' score=' "$t/out")" = 5 ] && ok || { bad "predict: expected 5 lines"; cat "$t/out"; }
s_rot=$(sed -n "s|^$t/d/a/rotated.jpg score=\([0-9.]*\) .*|\1|p" "$t/out")
s_up=$(sed -n "s|^$t/d/b/upright.png score=\([0-9.]*\) .*|\1|p" "$t/out")
[ -n "$s_rot" ] && [ "$s_rot" = "$s_up" ] && ok || bad "predict: rotated.jpg $s_rot, upright.png $s_up"

# camera-sim, a wide 160x40 frame (the whole picture stretched), the model
# reads its centre 40x40: the upright picture's white band exactly, so
# p = 255 -> 0.998 (0.996 through int8). Were EXIF ignored, the band would
# lie across the frame and fill a quarter of the crop: p ~ 64 -> 0.05.
mkdir "$t/frames"
cp "$t/d/a/rotated.jpg" "$t/frames/1.jpg"; cp "$t/d/b/upright.png" "$t/frames/2.png"
cp "$t/d/a/big.jpg" "$t/frames/3.jpg"; cp "$t/d/b/photo.bin" "$t/frames/4.bin"
"$cli" camera-sim "$t/m.tflite" "$t/frames" --size 160x40 > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 0 ] && ok || { bad "camera-sim: exit $rc"; cat "$t/err"; }
[ "$(grep -c '^score=' "$t/out")" = 4 ] && ! grep -q camera_error "$t/out" && ok \
  || { bad "camera-sim: expected 4 frames scored"; cat "$t/out" "$t/err"; }
for n in 1 2; do
  s=$(sed -n "${n}p" "$t/out" | sed -n 's/^score=\([0-9.]*\) .*/\1/p')
  awk -v s="$s" 'BEGIN { exit !(s != "" && s > 0.99) }' && ok \
    || bad "camera-sim frame $n: score '$s', expected > 0.99 (upright band)"
done

# train: every file loaded (5 = 3 training + 2 validation), none listed.
"$cli" train "$t/d" --input 16x16x1 --epochs 1 --qat-epochs 1 --out "$t/run" > "$t/out" 2> "$t/err"
rc=$?
[ $rc = 0 ] && ok || { bad "train: exit $rc"; cat "$t/err"; }
grep -q "train: 3 images .* validation: 2 " "$t/out" && ! grep -q "skipped" "$t/err" "$t/out" && ok \
  || { bad "train: not all five images loaded"; cat "$t/out" "$t/err"; }
# Its only epoch is quantization-aware: no float accuracy to compare with
# (it printed "float nan%" once).
grep -q "^int8 model .* at threshold 0.5, ROC AUC" "$t/out" && ! grep -qi "nan" "$t/out" && ok \
  || { bad "train: int8 line with a float comparison but no float epoch"; cat "$t/out"; }

echo "imageio_cli: $passes passed, $fails failed"
[ $fails = 0 ]
