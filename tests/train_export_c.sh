#!/bin/sh
# model_data.c/.h from tc_export_c compile as strict C99 with the runtime
# and match the .tflite and its measured arena.
#   train_export_c.sh TEST_BIN CC SOURCE_DIR LIBTINYCNN [EXTRA_FLAGS...]
# (EXTRA_FLAGS: the sanitizer flags when the library was built with them;
# unquoted on purpose: CMake passes one empty argument when there are none)
set -eu
t=$1 cc=$2 src=$3 lib=$4
shift 4
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/out"
"$t" --write "$d/out" >"$d/log" || { cat "$d/log"; exit 1; }
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -I"$src/include" -I"$d/out" \
  "$d/out/model_data.c" "$src/tests/export_c_main.c" "$lib" -lm $* -o "$d/chk"
"$d/chk" "$d/out/model.tflite"
