#!/bin/sh
# The dataset, export and checkpoint rows of docs/errors.md, on tiny
# generated PGM folders:
#   test_train_errors.sh TINYCNN data|export|checkpoint
# data: empty folder, one class, unreadable files (listed and skipped; a
#   class with nothing readable is refused).
# export: `tinycnn export --c` past RLIMIT_FSIZE and on a full disk (a
#   64 KB tmpfs): exit 1, a message, the previous model_data.c/.h byte for
#   byte, no temp file.
# checkpoint: SIGKILL after the first checkpoint, --resume, the final
#   model.tflite equals an uninterrupted run's byte for byte; resuming past
#   RLIMIT_FSIZE or on a full disk fails clean and keeps the checkpoint.
# The full-disk parts need root (mount); elsewhere they print SKIP.
set -u
cli=$1; mode=$2
tmp=$(mktemp -d)
mnt=$tmp/mnt
cleanup() {
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
ok() { echo "ok $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
# pgm FILE SIDE VALUE: a uniform grey image.
pgm() {
  { printf 'P5\n%d %d\n255\n' "$2" "$2"
    head -c $(($2 * $2)) /dev/zero | tr '\000' "\\$(printf %03o "$3")"; } > "$1"
}
# data DIR SIDE N: N bright and N dark images.
data() {
  mkdir -p "$1/bright" "$1/dark"
  i=0
  while [ $i -lt "$3" ]; do
    pgm "$1/bright/b$i.pgm" "$2" $((150 + i * 100 / $3))
    pgm "$1/dark/d$i.pgm" "$2" $((20 + i * 100 / $3))
    i=$((i + 1))
  done
}
# run LOG CMD...: runs CMD, stdout+stderr to LOG, sets rc.
run() { log=$1; shift; "$@" > "$log" 2>&1; rc=$?; }
# limited BLOCKS LOG CMD...: CMD under `ulimit -f BLOCKS` (512-byte blocks);
# its output goes through a pipe, which the limit does not cover.
limited() {
  b=$1; log=$2; shift 2
  ( ulimit -f "$b" && "$@" 2>&1; echo "rc=$?" ) | cat > "$log"
  rc=$(sed -n 's/^rc=//p' "$log")
}
expect() { # WHAT WANT_RC PATTERN LOG
  if [ "$rc" = "$2" ] && grep -q -- "$3" "$4"; then
    ok "$1: exit $rc: $(grep -- "$3" "$4" | head -1)"
  else
    bad "$1: exit $rc (want $2), want '$3' in:"; cat "$4"
  fi
}
no_temp() { # DIR WHAT
  left=$(find "$1" -name '*.tmp*')
  if [ -z "$left" ]; then ok "$2: no temp file left"; else bad "$2: left $left"; fi
}
same() { # A B WHAT [HOW]: cmp A B
  if cmp -s "$1" "$2"; then ok "$3: ${4:-intact byte for byte}"; else bad "$3: differs"; fi
}
# A small tmpfs at $mnt, or 1 (SKIP printed) when we cannot mount one.
mount_small() {
  mkdir -p "$mnt"
  if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o "size=$1" tmpfs "$mnt" 2>/dev/null; then
    echo "SKIP $2: cannot mount a small tmpfs (needs root)"
    return 1
  fi
}
# Fills the filesystem of $mnt: any later write fails with ENOSPC.
fill() { dd if=/dev/zero of="$mnt/fill" bs=4096 2>/dev/null; sync; }

tiny="--input 16x16x1 --spec c4k3r,p2,f,fc1 --batch 8 --seed 3"

case $mode in
data)
  mkdir -p "$tmp/empty"
  run "$tmp/log" "$cli" train "$tmp/empty" $tiny --out "$tmp/r"
  expect "empty dataset folder" 4 "empty folder; expected two subfolders, one per class" "$tmp/log"
  mkdir -p "$tmp/one/cats"
  pgm "$tmp/one/cats/a.pgm" 16 100
  pgm "$tmp/one/cats/b.pgm" 16 200
  run "$tmp/log" "$cli" train "$tmp/one" $tiny --out "$tmp/r"
  expect "a folder with one class" 4 "only one class folder ('cats'); binary classification needs two" "$tmp/log"
  [ -e "$tmp/r" ] && bad "a refused dataset still created $tmp/r"

  # Unreadable files next to 6 + 6 good ones: each listed with its reason,
  # the rest trains. chmod 000 stops only non-root; as root the same file is
  # read through `setpriv` as nobody, or the row is skipped (said below).
  data "$tmp/d" 16 6
  ln -s "$tmp/nowhere.pgm" "$tmp/d/bright/dangling.pgm"
  ln -s loop2.pgm "$tmp/d/dark/loop1.pgm"
  ln -s loop1.pgm "$tmp/d/dark/loop2.pgm"
  mkfifo "$tmp/d/dark/fifo.pgm"
  printf 'P5\n16 16\n255\n' > "$tmp/d/dark/short.pgm"
  mkdir "$tmp/d/dark/folder.pgm"  # walked: an empty subfolder adds nothing
  pgm "$tmp/d/bright/locked.pgm" 16 200
  chmod 000 "$tmp/d/bright/locked.pgm"
  as=""; want=6; nskip=6
  if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && chmod 755 "$tmp" &&
       setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" --help >/dev/null 2>&1; then
      as="setpriv --reuid=65534 --regid=65534 --clear-groups"
      mkdir -m 777 "$tmp/out"
      echo "note: running as root: the chmod 000 file is tested as user nobody (setpriv)"
    else
      echo "SKIP chmod 000 row: running as root (reads anyway) and cannot drop to nobody"
      want=7; nskip=5
    fi
  fi
  [ -d "$tmp/out" ] || mkdir "$tmp/out"
  run "$tmp/log" $as "$cli" train "$tmp/d" --positive bright $tiny --epochs 1 \
    --qat-epochs 0 --val 0.3 --out "$tmp/out/r"
  expect "unreadable files: training goes on" 0 "d: $nskip files skipped" "$tmp/log"
  expect "dangling symlink" 0 "skipped: .*dangling.pgm: cannot stat (No such file or directory)" "$tmp/log"
  expect "symlink loop" 0 "skipped: .*loop1.pgm: cannot stat (Too many levels of symbolic links)" "$tmp/log"
  expect "FIFO" 0 "skipped: .*fifo.pgm: not a regular file" "$tmp/log"
  expect "header only" 0 "skipped: .*short.pgm: truncated PGM data (0 of 256 bytes" "$tmp/log"
  [ "$want" = 6 ] &&
    expect "chmod 000 file" 0 "skipped: .*locked.pgm: cannot open (Permission denied)" "$tmp/log"
  # 6 dark + $want bright - 30% validation (stratified, rounded per class).
  total=$((6 + want))
  n=$(sed -n 's/^train: \([0-9]*\) images.*validation: \([0-9]*\).*/\1 \2/p' "$tmp/log")
  [ "$(echo $n | awk '{ print $1 + $2 }')" = "$total" ] &&
    ok "unreadable files: trained on the $total readable images ($n)" ||
    bad "unreadable files: train + validation = '$n', want $total images"
  # Nothing readable in one class: refused.
  rm -f "$tmp/d/dark/"d*.pgm
  run "$tmp/log" "$cli" train "$tmp/d" --positive bright $tiny --out "$tmp/r"
  expect "a class with no readable file" 4 "dark: no readable images; both classes need some" "$tmp/log"
  ;;

export)
  data "$tmp/d" 16 8
  run "$tmp/log" "$cli" train "$tmp/d" --positive bright $tiny --epochs 2 \
    --qat-epochs 1 --out "$tmp/run"
  [ $rc = 0 ] || { cat "$tmp/log"; bad "training the model to export: exit $rc"; exit 1; }
  m=$tmp/run/model.tflite
  mkdir "$tmp/out"
  run "$tmp/log" "$cli" export "$m" --c "$tmp/out"
  [ $rc = 0 ] || { cat "$tmp/log"; bad "export: exit $rc"; exit 1; }
  cp "$tmp/out/model_data.c" "$tmp/out/model_data.h" "$tmp/"
  # 1 block = 512 bytes: model_data.h (~750 bytes) is cut first.
  limited 1 "$tmp/log" "$cli" export "$m" --c "$tmp/out" --threshold 0.25
  expect "export --c past RLIMIT_FSIZE" 1 "model_data.[ch]: cannot write: File too large" "$tmp/log"
  same "$tmp/model_data.c" "$tmp/out/model_data.c" "RLIMIT_FSIZE: model_data.c"
  same "$tmp/model_data.h" "$tmp/out/model_data.h" "RLIMIT_FSIZE: model_data.h"
  no_temp "$tmp/out" "RLIMIT_FSIZE: export"
  if mount_small 64k "export --c on a full disk"; then
    mkdir "$mnt/out"
    run "$tmp/log" "$cli" export "$m" --c "$mnt/out"
    [ $rc = 0 ] || { cat "$tmp/log"; bad "export into the tmpfs: exit $rc"; }
    cp "$mnt/out/model_data.c" "$tmp/full.c"; cp "$mnt/out/model_data.h" "$tmp/full.h"
    fill
    run "$tmp/log" "$cli" export "$m" --c "$mnt/out" --threshold 0.25
    expect "export --c on a full disk" 1 "model_data.[ch]: cannot write: No space left on device" "$tmp/log"
    same "$tmp/full.c" "$mnt/out/model_data.c" "disk full: model_data.c"
    same "$tmp/full.h" "$mnt/out/model_data.h" "disk full: model_data.h"
    no_temp "$mnt/out" "disk full: export"
    rm -f "$mnt/fill"
    run "$tmp/log" "$cli" export "$m" --c "$mnt/out" --threshold 0.25
    [ $rc = 0 ] && grep -q "MODEL_THRESHOLD 0.25" "$mnt/out/model_data.h" &&
      ok "space freed: the same export succeeds" || bad "export after freeing space: exit $rc"
  fi
  ;;

checkpoint)
  # 32x32, two conv layers, 30 epochs: a few ms an epoch, so the kill lands
  # early in the run, well before the end.
  data "$tmp/d" 32 24
  net="--input 32x32x1 --spec c8k3r,p2,c8k3r,p2,f,fc1 --batch 8 --seed 5 --epochs 30 --patience 0 --qat-epochs 3"
  run "$tmp/ref.log" "$cli" train "$tmp/d" --positive bright $net --out "$tmp/ref"
  [ $rc = 0 ] || { cat "$tmp/ref.log"; bad "uninterrupted run: exit $rc"; exit 1; }
  "$cli" train "$tmp/d" --positive bright $net --out "$tmp/run" > "$tmp/kill.log" 2>&1 &
  pid=$!
  # Busy-wait: an epoch takes milliseconds.
  while [ ! -f "$tmp/run/checkpoint.bin" ] && kill -0 $pid 2>/dev/null; do :; done
  kill -9 $pid 2>/dev/null
  wait $pid
  rc=$?
  if [ $rc != 137 ] || [ -f "$tmp/run/model.tflite" ]; then
    cat "$tmp/kill.log"
    bad "SIGKILL: exit $rc, want 137 with training unfinished (finished before the kill?)"
    exit 1
  fi
  ok "SIGKILL after the first checkpoint, before the end (exit 137)"
  cp -r "$tmp/run" "$tmp/killed"
  rm -f "$tmp/killed"/*.tmp  # a kill inside tc_write_atomic may leave one

  # Past RLIMIT_FSIZE the next checkpoint cannot be written.
  cp -r "$tmp/killed" "$tmp/fsize"
  limited 1 "$tmp/log" "$cli" train --resume "$tmp/fsize"
  expect "checkpoint past RLIMIT_FSIZE" 1 "checkpoint.bin: cannot write: File too large (the previous checkpoint is unchanged)" "$tmp/log"
  same "$tmp/killed/checkpoint.bin" "$tmp/fsize/checkpoint.bin" "RLIMIT_FSIZE: checkpoint.bin"
  no_temp "$tmp/fsize" "RLIMIT_FSIZE: checkpoint"

  # SIGKILL: --resume finishes, with the uninterrupted run's weights.
  run "$tmp/log" "$cli" train --resume "$tmp/run"
  if [ $rc = 0 ] && grep -q "resuming $tmp/run at epoch" "$tmp/log"; then
    ok "resumed: $(grep resuming "$tmp/log")"
  else
    cat "$tmp/log"; bad "--resume after SIGKILL: exit $rc"
  fi
  same "$tmp/ref/model.tflite" "$tmp/run/model.tflite" \
    "SIGKILL + --resume: model.tflite" "the uninterrupted run's, byte for byte"
  same "$tmp/ref/model_data.h" "$tmp/run/model_data.h" \
    "SIGKILL + --resume: model_data.h (threshold)" "the uninterrupted run's, byte for byte"

  if mount_small 1m "checkpoint on a full disk"; then
    cp -r "$tmp/killed" "$mnt/run"
    fill
    run "$tmp/log" "$cli" train --resume "$mnt/run"
    expect "checkpoint on a full disk" 1 "checkpoint.bin: cannot write: No space left on device (the previous checkpoint is unchanged)" "$tmp/log"
    same "$tmp/killed/checkpoint.bin" "$mnt/run/checkpoint.bin" "disk full: checkpoint.bin"
    no_temp "$mnt/run" "disk full: checkpoint"
    rm -f "$mnt/fill"
    run "$tmp/log" "$cli" train --resume "$mnt/run"
    [ $rc = 0 ] || { cat "$tmp/log"; bad "--resume after freeing space: exit $rc"; }
    same "$tmp/ref/model.tflite" "$mnt/run/model.tflite" \
      "space freed, --resume: model.tflite" "the uninterrupted run's, byte for byte"
  fi
  ;;
*)
  echo "usage: test_train_errors.sh TINYCNN data|export|checkpoint"; exit 2 ;;
esac
[ $fails = 0 ] || { echo "FAIL train_errors $mode: $fails failed"; exit 1; }
echo "OK train_errors $mode"
