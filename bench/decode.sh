#!/bin/sh
# make bench: decoding a large photo at full size and for a 96x96 model
# (tc_bitmap_load_for: DCT scaling), issue 10. The photo is the 5106x3404
# JPEG that `test_imageio_fit --write` makes, and, when ../shared is there,
# a 4912x3264 face-mask photo read in place. Prints per file and mode
#   decode NAME mode=full|96x96 out=WxHxC best_ms=B runs=20   (tc_bench_decode)
#   decode-cost NAME mode=... peak_rss_kb=K Ir=N   (/usr/bin/time, callgrind;
#                                                   "-" when not installed)
#   decode.sh BUILD_DIR SHARED_DIR
set -eu
build=$1; shared=$2
bench=$build/tests/tc_bench_decode
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$build/tests/test_imageio_fit" --write "$work/s" > /dev/null
files="$work/s/a/big.jpg"
photo=$shared/data/face-mask/with_mask/with_mask_1496.jpg
if [ -f "$photo" ]; then files="$files $photo"; else echo "note: $photo not found"; fi
for f in $files; do
  for mode in full 96x96; do
    "$bench" "$f" $mode 20
    rss=-; ir=-
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -o "$work/t" -f %M "$bench" "$f" $mode 1 > /dev/null && rss=$(tail -1 "$work/t")
    fi
    if command -v valgrind > /dev/null 2>&1; then
      ir=$(valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$bench" "$f" $mode 1 2>&1 |
           sed -n 's/.*Collected : //p')
    fi
    echo "decode-cost $(basename "$f") mode=$mode peak_rss_kb=$rss Ir=$ir"
  done
done
