#!/bin/sh
# Compile the device runtime (src/runtime, src/kernels) as strict C99 with
# one compiler: proves it builds for an MCU toolchain warning-free.
#   portability.sh SRCDIR CC [FLAGS...]
set -eu
src=$1; cc=$2; shift 2
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "FAIL portability: $cc not installed (make test installs it)"; exit 1
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
n=0
for f in "$src"/src/runtime/*.c "$src"/src/kernels/*.c "$src"/src/image/*.c "$src"/src/app/*.c; do
  [ -f "$f" ] || continue
  "$cc" -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off "$@" \
    -I"$src/include" -c "$f" -o "$out/$(basename "$f").o"
  n=$((n + 1))
done
echo "portability: $n files compiled with $cc $*"
