#!/bin/bash
# The device loop end to end on loopback (issue 14): `tinycnn camera-sim
# --serve` plays the board (src/app's device service over libmicrohttpd,
# its model partition in a file); `tinycnn collect` saves its frames,
# `tinycnn train` learns from them unchanged, `tinycnn deploy` sends
# models back. Checked: captured bytes against frames written here by
# hand; numbering that continues; a clear error when the board is
# unreachable; uploads refused with the board's reason while the running
# model keeps running (truncated, corrupted, unsupported op, a colour model
# for a grey camera, arena too large, wrong token, a connection that breaks
# mid-body); the stored model surviving a restart; uploads during
# continuous inference; a power cut at each flash step of an upload, torn
# or complete, then a restart: the old model or the new one, never
# neither. Bash for /dev/tcp (raw requests, no curl binary needed).
# With PERSON_DETECT (../shared): that 300 KB model uploaded through the
# board's 512-byte piece buffer, a power cut half-way, booted.
#   test_loop.sh TINYCNN GEN_LOOP_MODEL [PERSON_DETECT.tflite]
set -u
cli=$1; gen=$2
t=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$t"
}
trap cleanup EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }

# pgm FILE W H GREY: a uniform binary PGM.
pgm() { { printf 'P5\n%d %d\n255\n' "$2" "$3"; head -c $(($2 * $3)) /dev/zero | tr '\000' "\\$(printf %03o "$4")"; } > "$1"; }
# crc FILE: CRC-32 from gzip's trailer (zlib's, independent of ours).
crc() { printf '0x%s' "$(gzip -c "$1" | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' ')"; }

# start NAME CAMERA-SIM-ARGS...: serve on a free port; sets port_NAME, pid_NAME.
start() {
  local name=$1 p="" i; shift
  # Gone before the start: else the loop below may read the port of the
  # previous server of that name before the shell truncates the file.
  rm -f "$t/$name.out"
  "$cli" camera-sim "$@" --serve 127.0.0.1:0 > "$t/$name.out" 2> "$t/$name.err" &
  eval "pid_$name=$!"; pids="$pids $!"
  for i in $(seq 200); do
    p=$(sed -n 's|^serving http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$t/$name.out")
    [ -n "$p" ] && break
    kill -0 "$(eval echo \$pid_$name)" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$p" ] || { bad "server $name did not start"; cat "$t/$name.err"; }
  eval "port_$name=$p"
}
stop() { local p; p=$(eval echo \$pid_$1); kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; }
# get PORT PATH: the answer's body.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: t\r\n\r\n' "$2" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&- 3>&-
}
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
model_crc() { get "$1" /status | sed -n 's/.*"crc32":"\(0x[0-9a-f]*\)".*/\1/p'; }

"$gen" "$t/m48.tflite" 48 && "$gen" "$t/good.tflite" 32 \
  --meta 'tinycnn-metadata 1\nlabels=dark,bright\nthreshold=0.250000\n' &&
  "$gen" "$t/rgb.tflite" 32 --rgb && "$gen" "$t/custom.tflite" 32 --custom &&
  "$gen" "$t/big.tflite" 96 || { echo "FAIL cannot generate models"; exit 1; }
head -c 600 "$t/good.tflite" > "$t/trunc.tflite"
{ head -c 4 "$t/good.tflite"; printf 'TFL2'; tail -c +9 "$t/good.tflite"; } > "$t/corrupt.tflite"
mkdir "$t/dark" "$t/bright" "$t/want"
for g in 20 24 28; do pgm "$t/dark/$g.pgm" 160 120 $g; pgm "$t/want/$g.pgm" 160 120 $g; done
pgm "$t/bright/235.pgm" 320 240 235
# RGB565 of grey 235 as esp32-camera delivers it, widened as the model
# sees it: r5 = 29 -> 239, g6 = 58 -> 235, b5 = 29 -> 239.
{ printf 'P6\n160 120\n255\n'; for i in $(seq 19200); do printf '\357\353\357'; done; } > "$t/want/bright.ppm"

# --- collect --------------------------------------------------------------
start A "$t/m48.tflite" "$t/dark" --interval 20 --flash "$t/a.bin" --arena 6000 --token s3cret
"$cli" collect "127.0.0.1:$port_A" --label dark --out "$t/data" --count 4 --interval 0 > "$t/c.out" 2> "$t/c.err"
rc=$?; [ $rc = 0 ] && ok || { bad "collect: exit $rc"; cat "$t/c.err"; }
"$cli" collect "http://127.0.0.1:$port_A/" --label dark --out "$t/data" --count 2 --interval 0.05 > "$t/c.out" 2> "$t/c.err"
rc=$?; [ $rc = 0 ] && grep -q "collected 2 image(s) into $t/data/dark (00005..00006)" "$t/c.out" && ok ||
  { bad "collect again: exit $rc"; cat "$t/c.out" "$t/c.err"; }
n=0
for f in "$t"/data/dark/*; do
  n=$((n + 1))
  cmp -s "$f" "$t/want/20.pgm" || cmp -s "$f" "$t/want/24.pgm" || cmp -s "$f" "$t/want/28.pgm" || bad "collect: $f is not a frame of the camera, byte for byte"
done
[ "$n" = 6 ] && [ -f "$t/data/dark/00001.pgm" ] && [ -f "$t/data/dark/00006.pgm" ] && ok || { bad "collect: $n files"; ls "$t/data/dark"; }
start B "$t/m48.tflite" "$t/bright" --format rgb565 --interval 10
"$cli" collect "127.0.0.1:$port_B" --label bright --out "$t/data" --count 6 --interval 0 > "$t/c.out" 2> "$t/c.err"
rc=$?; [ $rc = 0 ] && ok || { bad "collect rgb565: exit $rc"; cat "$t/c.err"; }
for f in "$t"/data/bright/0000[1-6].ppm; do cmp -s "$f" "$t/want/bright.ppm" && ok || bad "collect rgb565: $f differs from the widened RGB565 frame"; done
stop B
"$cli" collect http://127.0.0.1:1 --label x --out "$t/data" --count 2 --retries 1 > "$t/c.out" 2> "$t/c.err"
rc=$?; [ $rc = 1 ] && grep -q "cannot reach the board at http://127.0.0.1:1/capture" "$t/c.err" && ok ||
  { bad "collect from nowhere: exit $rc"; cat "$t/c.err"; }

# --- train on what was collected, deploy ----------------------------------
"$cli" train "$t/data" --positive bright --input 16x16x1 --epochs 4 --qat-epochs 1 --out "$t/run" > "$t/train.out" 2>&1
rc=$?; [ $rc = 0 ] && [ -f "$t/run/model.tflite" ] && ok || { bad "train on collected frames: exit $rc"; tail -5 "$t/train.out"; }
"$cli" deploy "$t/run" "127.0.0.1:$port_A" --token s3cret > "$t/d.out" 2> "$t/d.err"
rc=$?
[ $rc = 0 ] && grep -q "^board (HTTP 200): ok: model slot A seq 1, .* labels dark,bright threshold" "$t/d.out" && ok ||
  { bad "deploy RUN: exit $rc"; cat "$t/d.out" "$t/d.err"; }
want=$(crc "$t/run/model.tflite")
[ "$(model_crc "$port_A")" = "$want" ] && get "$port_A" /status | grep -q '"labels":\["dark","bright"\],.*"source":"slot A"' && ok ||
  { bad "after deploy: /status $(get "$port_A" /status), want crc $want"; }
grep -q "^ok: model slot A seq 1" "$t/A.out" && ok || bad "the board's log has no switch line"

# --- refused uploads: the running model keeps running ---------------------
refuse() { # WANT_RC PATTERN FILE [ARGS]
  local want=$1 pat=$2 f=$3 rc; shift 3
  "$cli" deploy "$f" "127.0.0.1:$port_A" "$@" > "$t/d.out" 2> "$t/d.err"; rc=$?
  [ $rc = "$want" ] && grep -q "$pat" "$t/d.out" && grep -q "the running model keeps running" "$t/d.out" && ok ||
    { bad "deploy $(basename "$f") $*: exit $rc"; cat "$t/d.out" "$t/d.err"; }
  [ "$(model_crc "$port_A")" = "$want_crc" ] && ok || bad "deploy $(basename "$f"): the running model changed"
}
want_crc=$want
refuse 1 "HTTP 401.*X-Token" "$t/good.tflite"
refuse 1 "HTTP 401" "$t/good.tflite" --token wrong
refuse 3 "HTTP 400): rejected: model: " "$t/trunc.tflite" --token s3cret
refuse 3 "HTTP 400): rejected: .*not 'TFL3'" "$t/corrupt.tflite" --token s3cret
refuse 3 "HTTP 422): rejected: .*CUSTOM 'tinycnn-test-op' is not supported" "$t/custom.tflite" --token s3cret
refuse 3 "HTTP 422): rejected: input 0 .* expected 1 channel: the camera delivers gray frames" "$t/rgb.tflite" --token s3cret
refuse 3 "HTTP 422): rejected: arena too large: the model needs [0-9]* bytes, this board has 6000" "$t/big.tflite" --token s3cret
# A connection that breaks in the middle of the body.
exec 3<>"/dev/tcp/127.0.0.1/$port_A"
printf 'POST /model HTTP/1.1\r\nHost: t\r\nX-Token: s3cret\r\nContent-Length: 5000\r\n\r\n' >&3
head -c 300 "$t/good.tflite" >&3
exec 3<&- 3>&-
sleep 0.2
[ "$(model_crc "$port_A")" = "$want_crc" ] && ok || bad "a broken upload changed the running model"
frames1=$(get "$port_A" /status | field frames); sleep 0.2; frames2=$(get "$port_A" /status | field frames)
[ "${frames2:-0}" -gt "${frames1:-0}" ] && ok || bad "the camera loop stopped ($frames1 -> $frames2 frames)"
# The stored model survives a restart; the built-in one is not used.
stop A
start A "$t/m48.tflite" "$t/dark" --interval 20 --flash "$t/a.bin" --arena 6000 --token s3cret
[ "$(model_crc "$port_A")" = "$want_crc" ] && grep -q "^model: slot A seq 1" "$t/A.out" && ok ||
  { bad "restart: not the stored model"; head -2 "$t/A.out"; }
stop A

# --- uploads during continuous inference ----------------------------------
start C "$t/m48.tflite" "$t/dark" --interval 0
okc=0
for i in 1 2 3 4 5 6; do
  f="$t/good.tflite"; [ $((i % 2)) = 0 ] && f="$t/m48.tflite"
  "$cli" deploy "$f" "127.0.0.1:$port_C" > "$t/d.out" 2>&1 && okc=$((okc + 1))
done
f1=$(get "$port_C" /status | field frames); sleep 0.1; f2=$(get "$port_C" /status | field frames)
[ $okc = 6 ] && [ "$(model_crc "$port_C")" = "$(crc "$t/m48.tflite")" ] && [ "${f2:-0}" -gt "${f1:-0}" ] && ok ||
  { bad "uploads during inference: $okc of 6 ok, frames $f1 -> $f2"; cat "$t/d.out"; }
stop C
grep -q "camera-sim:" "$t/C.err" && bad "errors during inference: $(head -3 "$t/C.err")" || ok

# --- power cuts: at each flash step of an upload ---------------------------
# The upload streams through the board's 512-byte piece buffer: the free
# slot's first sector erased, the model written a piece at a time (split
# where a sector ends, each further sector erased first), then the header.
start D "$t/m48.tflite" "$t/dark" --flash "$t/d.bin"
"$cli" deploy "$t/good.tflite" "127.0.0.1:$port_D" > /dev/null 2>&1 || bad "power cut: first deploy"
stop D
old=$(crc "$t/good.tflite"); new=$(crc "$t/m48.tflite")
n=$(wc -c < "$t/m48.tflite")
steps=$(awk -v n="$n" 'BEGIN { w = 1; for (o = 1; o < n; o++) if (o % 512 == 0 || (o + 32) % 4096 == 0) w++;
                               print int((32 + n + 4095) / 4096) + w + 1 }')
for k in $(seq "$steps"); do
  for kind in --power-cut-torn --power-cut; do
    cut="$kind $k"
    # shellcheck disable=SC2086
    start D "$t/m48.tflite" "$t/dark" --flash "$t/d.bin" $cut
    "$cli" deploy "$t/m48.tflite" "127.0.0.1:$port_D" > "$t/d.out" 2>&1; rc=$?
    wait "$pid_D"; code=$?
    [ $rc = 1 ] && [ $code = 75 ] && grep -q "connection broke before the board answered" "$t/d.out" && ok ||
      { bad "$cut of $steps: deploy exit $rc, board exit $code"; cat "$t/d.out"; }
    start D "$t/m48.tflite" "$t/dark" --flash "$t/d.bin"
    got=$(model_crc "$port_D")
    if [ "$cut" = "--power-cut $steps" ]; then expect=$new; else expect=$old; fi
    [ "$got" = "$expect" ] && ok || { bad "$cut of $steps, restart: model crc $got, expected $expect"; head -2 "$t/D.out"; }
    stop D
    # Back to the state before the cut for the next one.
    if [ "$cut" = "--power-cut $steps" ]; then
      start D "$t/m48.tflite" "$t/dark" --flash "$t/d.bin"
      "$cli" deploy "$t/good.tflite" "127.0.0.1:$port_D" > /dev/null 2>&1 || bad "re-deploy"
      stop D
    fi
  done
done
# One step more than an upload takes: no cut, the new model.
start D "$t/m48.tflite" "$t/dark" --flash "$t/d.bin" --power-cut $((steps + 1))
"$cli" deploy "$t/m48.tflite" "127.0.0.1:$port_D" > "$t/d.out" 2>&1 && [ "$(model_crc "$port_D")" = "$new" ] && ok ||
  { bad "$steps flash steps expected for $n bytes: the upload did not complete uncut"; cat "$t/d.out"; }
stop D

# --- a 300 KB model (person_detect) through the 512-byte piece buffer -----
# No RAM on the board holds it: it streams into the free slot, is checked
# there and committed; a power cut half-way through boots the old model.
pd=${3:-}
if [ -n "$pd" ] && [ -f "$pd" ]; then
  start E "$t/m48.tflite" "$t/dark" --flash "$t/e.bin"
  "$cli" deploy "$t/good.tflite" "127.0.0.1:$port_E" > /dev/null 2>&1 || bad "person_detect: first deploy"
  stop E
  start E "$t/m48.tflite" "$t/dark" --flash "$t/e.bin" --power-cut 300
  "$cli" deploy "$pd" "127.0.0.1:$port_E" > "$t/d.out" 2>&1; rc=$?
  wait "$pid_E"; code=$?
  [ $rc = 1 ] && [ $code = 75 ] && ok || { bad "person_detect cut at step 300: deploy $rc, board $code"; cat "$t/d.out"; }
  start E "$t/m48.tflite" "$t/dark" --flash "$t/e.bin"
  [ "$(model_crc "$port_E")" = "$(crc "$t/good.tflite")" ] && ok || bad "person_detect cut: the previous model does not boot"
  "$cli" deploy "$pd" "127.0.0.1:$port_E" > "$t/d.out" 2>&1; rc=$?
  n=$(wc -c < "$pd")
  [ $rc = 0 ] && grep -q "^board (HTTP 200): ok: model slot B seq 2, $n bytes, crc32 $(crc "$pd")" "$t/d.out" &&
    [ "$(model_crc "$port_E")" = "$(crc "$pd")" ] && ok || { bad "person_detect ($n bytes) upload"; cat "$t/d.out"; }
  stop E
  start E "$t/m48.tflite" "$t/dark" --flash "$t/e.bin"
  [ "$(model_crc "$port_E")" = "$(crc "$pd")" ] && grep -q "^model: slot B seq 2, $n bytes" "$t/E.out" && ok ||
    { bad "person_detect: not booted after a restart"; head -2 "$t/E.out"; }
  stop E
else
  echo "SKIP loop_cli person_detect upload: ${pd:-../shared}/conformance/models/person_detect.tflite not found"
fi

# --- the metadata read by predict and camera-sim --------------------------
"$cli" predict "$t/good.tflite" "$t/bright/235.pgm" > "$t/p.out" 2>&1
grep -q "235.pgm score=0\.99[0-9] label=bright threshold=0\.250$" "$t/p.out" && ok || { bad "predict: metadata labels"; cat "$t/p.out"; }
"$cli" camera-sim "$t/good.tflite" "$t/dark" > "$t/p.out" 2>&1
[ "$(grep -c 'label=dark' "$t/p.out")" = 3 ] && ok || { bad "camera-sim: metadata labels"; cat "$t/p.out"; }

"$cli" eval "$t/good.tflite" "$t/data" > "$t/p.out" 2>&1
grep -q "^threshold 0\.250 (positive when score >= threshold)" "$t/p.out" && ok || { bad "eval: metadata threshold"; cat "$t/p.out"; }
"$cli" export "$t/good.tflite" --c "$t/cdir" > "$t/p.out" 2>&1
grep -q '^#define MODEL_LABEL_POS "bright"$' "$t/cdir/model_data.h" && grep -q '^#define MODEL_THRESHOLD 0.250000f$' "$t/cdir/model_data.h" && ok ||
  { bad "export --c: metadata labels and threshold"; cat "$t/p.out"; }
echo "loop: $passes passed, $fails failed"
[ $fails = 0 ]
