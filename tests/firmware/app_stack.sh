#!/bin/sh
# TC_APP_STACK (include/tinycnn/app.h) bounds the stack of the app's own
# functions: the sum of the static frames (-fstack-usage) of every function
# in src/app and src/image, an upper bound of any call chain through them,
# for rv32imc and Xtensa at -Os and -O2. (The runtime's share is
# TC_STACK_NEED, measured by ports/rv32-qemu.) No recursion there: a
# function whose frame is "dynamic" would make the sum meaningless.
#   app_stack.sh ROOT
set -eu
root=$(cd "$1" && pwd)
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
bound=$(sed -n 's/^#define TC_APP_STACK \([0-9]*\).*/\1/p' "$root/include/tinycnn/app.h")
[ -n "$bound" ] || { echo "FAIL no TC_APP_STACK in app.h"; exit 1; }
fails=0
measure() { # name cc flags...
  name=$1; cc=$2; shift 2
  rm -f "$w"/*.su
  for f in "$root"/src/app/*.c "$root"/src/image/*.c; do
    (cd "$w" && "$cc" "$@" -std=c99 -fstack-usage -I"$root/include" -c "$f" -o "$(basename "$f").o")
  done
  if grep -q dynamic "$w"/*.su; then
    echo "FAIL $name: a dynamic stack frame: $(grep dynamic "$w"/*.su)"; fails=$((fails + 1)); return
  fi
  sum=$(cat "$w"/*.su | awk -F'\t' '{ s += $2 } END { print s }')
  echo "app stack $name: $sum bytes (bound $bound)"
  [ "$sum" -le "$bound" ] || { echo "FAIL $name: $sum > TC_APP_STACK $bound"; fails=$((fails + 1)); }
}
for o in -Os -O2; do
  measure "rv32imc $o" riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 $o --specs=picolibc.specs
  measure "xtensa $o" xtensa-lx106-elf-gcc $o -mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs
done
[ $fails = 0 ] && echo "PASS app stack within TC_APP_STACK"
[ $fails = 0 ]
