#!/bin/sh
# tinycnn split: near-duplicates (a copy, a brighter copy, a 2x enlarged
# copy) stay on one side; the split is stratified, deterministic for a
# seed, different for another seed; --train-fraction keeps the same test
# side; links point at the originals; an existing --out is refused.
set -eu
cli=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# pgm FILE SEED [ADD] [SCALE]: a 32x32 random grey picture (blocky 8x8
# cells of 4x4 pixels so that it has structure), brightened by ADD, enlarged SCALE times.
pgm() {
  awk -v seed="$2" -v add="${3:-0}" -v sc="${4:-1}" 'BEGIN {
    srand(seed); n = 32 * sc;
    for (y = 0; y < 8; y++) for (x = 0; x < 8; x++) v[y, x] = int(rand() * 200);
    print "P2"; print n, n; print 255;
    for (y = 0; y < n; y++) { line = "";
      for (x = 0; x < n; x++) { p = v[int(y / (4 * sc)), int(x / (4 * sc))] + add;
        if (p > 255) p = 255; line = line " " p }
      print line } }' > "$1"
}
mkdir -p "$t/data/cats/sub" "$t/data/dogs"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  pgm "$t/data/cats/c$i.pgm" "$i"
  pgm "$t/data/dogs/d$i.pgm" "$((i + 100))"
done
pgm "$t/data/cats/sub/copy.pgm" 3
pgm "$t/data/cats/bright.pgm" 3 12
pgm "$t/data/cats/big.pgm" 3 0 2
echo "not an image" > "$t/data/README"

"$cli" split "$t/data" --out "$t/s1" --test 0.25 --seed 7 > "$t/out1" 2> "$t/err1" ||
  fail "split exited $?: $(cat "$t/err1")"
grep -q "README (a file beside the class folders)" "$t/err1" || fail "README not reported"
tsv="$t/s1/split.tsv"
[ "$(grep -vc '^#' "$tsv")" = 43 ] || fail "split.tsv lists $(grep -vc '^#' "$tsv") files, want 43"

# The four copies of cats/c3 share a group and a side.
sides=$(awk -F'\t' '$3 ~ /^(c3.pgm|sub\/copy.pgm|bright.pgm|big.pgm)$/ {print $1, $4}' "$tsv" | sort -u)
[ "$(echo "$sides" | wc -l)" = 1 ] || fail "near-duplicates split apart: $sides"

# Stratified: a quarter of each class (a group may push it over by 3).
for c in cats dogs; do
  n=$(ls "$t/s1/test/$c" | wc -l); m=$(ls "$t/s1/train/$c" | wc -l)
  total=$(grep -c "	$c	" "$tsv")
  [ $((n + m)) = "$total" ] || fail "$c: $n + $m links for $total files"
  [ "$n" -ge 5 ] && [ "$n" -le 9 ] || fail "$c: $n test files of $total, want about 25%"
done
# Links resolve to the originals (cats/sub/copy.pgm as sub__copy.pgm).
f=$(ls "$t/s1"/*/cats/sub__copy.pgm)
cmp "$f" "$t/data/cats/sub/copy.pgm" || fail "link $f does not show the original"

# Deterministic; another seed gives another split.
"$cli" split "$t/data" --out "$t/s2" --test 0.25 --seed 7 > /dev/null 2>&1
cmp "$tsv" "$t/s2/split.tsv" || fail "same seed, different split"
"$cli" split "$t/data" --out "$t/s3" --test 0.25 --seed 8 > /dev/null 2>&1
awk -F'\t' '!/^#/{print $1, $3}' "$tsv" > "$t/a"
awk -F'\t' '!/^#/{print $1, $3}' "$t/s3/split.tsv" > "$t/b"
cmp -s "$t/a" "$t/b" && fail "seeds 7 and 8 gave the same split"

# --train-fraction: same test side, about half of the training side.
"$cli" split "$t/data" --out "$t/s4" --test 0.25 --seed 7 --train-fraction 0.5 > /dev/null 2>&1
diff -r "$t/s1/test" "$t/s4/test" > /dev/null || fail "--train-fraction changed the test side"
for c in cats dogs; do
  full=$(ls "$t/s1/train/$c" | wc -l); half=$(ls "$t/s4/train/$c" | wc -l)
  [ $((half * 2)) -ge $((full - 4)) ] && [ $((half * 2)) -le $((full + 8)) ] ||
    fail "$c: --train-fraction 0.5 kept $half of $full"
done
grep -q '^unused' "$t/s4/split.tsv" || fail "files left out are not listed as unused"

# An existing --out is refused (usage error), nothing touched.
set +e
"$cli" split "$t/data" --out "$t/s1" > /dev/null 2> "$t/err5"; rc=$?
set -e
[ $rc = 2 ] || fail "existing --out: exit $rc, want 2"
grep -q "already exists" "$t/err5" || fail "existing --out: $(cat "$t/err5")"

# Names that meet ("sub/x.pgm" and "sub__x.pgm" both link as sub__x.pgm)
# get a suffix; a class of one photo keeps it for training, with a warning.
mkdir -p "$t/d2/many/sub" "$t/d2/one"
pgm "$t/d2/many/sub/x.pgm" 41; pgm "$t/d2/many/sub__x.pgm" 42
for i in 1 2 3 4 5 6; do pgm "$t/d2/many/m$i.pgm" "$((i + 50))"; done
pgm "$t/d2/one/only.pgm" 60
"$cli" split "$t/d2" --out "$t/s6" --test 0.5 --seed 3 > /dev/null 2> "$t/err6" ||
  fail "colliding names: exit $?: $(cat "$t/err6")"
n=$(find "$t/s6" -path '*/many/*' | wc -l)
[ "$n" = 8 ] || fail "colliding names: $n links for 8 files"
[ -n "$(find "$t/s6" -path '*/many/sub__x~2.pgm')" ] || fail "no sub__x~2.pgm"
[ -e "$t/s6/train/one/only.pgm" ] || fail "the one-photo class lost its training photo"
grep -q "class one (1 files, 1 near-duplicate groups) has no test files" "$t/err6" ||
  fail "no warning for the one-photo class: $(cat "$t/err6")"
echo "PASS split: $(tail -2 "$t/out1" | head -1)"
