#!/bin/sh
# Configure and build the ASan + UBSan (clang, -fno-sanitize-recover=all)
# tree with the libFuzzer targets:   asan_build.sh SRC BIN SHARED
set -eu
src=$1; bin=$2; shared=$3
command -v clang >/dev/null 2>&1 || {
  echo "FAIL asan_build: clang not found (make deps-test installs it)"; exit 1; }
for d in /usr/lib/llvm-*/lib/clang/*/lib/linux; do
  [ -f "$d/libclang_rt.fuzzer-x86_64.a" ] && found=1
done
[ "${found:-0}" = 1 ] || {
  echo "FAIL asan_build: libFuzzer not found (Debian package libclang-rt-14-dev)"; exit 1; }
cmake -S "$src" -B "$bin" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
  -DTC_SANITIZE=ON -DTC_FUZZ=ON -DTC_SHARED="$shared" >/dev/null
cmake --build "$bin" -j "${TC_JOBS:-2}"
