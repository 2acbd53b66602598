#!/bin/sh
# An unaligned 32-bit load on the Xtensa runner must trap with EXCCAUSE 9
# (LoadStoreAlignment), reported by startup.S's user vector, after an
# aligned one went through.   test_unaligned.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
for t in xtensa-lx106-elf-gcc qemu-system-xtensa; do
  command -v $t >/dev/null 2>&1 || { echo "SKIP xtensa unaligned: $t not found"; exit 77; }
done
. "$here/toolchain.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
xt_link "$work/u.elf" $(xt_flags -O2) -- "$here/unaligned.c"
rc=0
sh "$here/run.sh" "$work/u.elf" > "$work/log" 2>&1 || rc=$?
cat "$work/log"
if [ $rc = 1 ] && grep -q '^aligned 0x11223344$' "$work/log" &&
   ! grep -q '^unaligned' "$work/log" &&
   grep -q '^FAULT: user exception, EXCCAUSE 9 (LoadStoreAlignment) at pc 0x[0-9a-f]*, address 0x[0-9a-f]*[1235679abdef]$' "$work/log"; then
  echo "PASS the unaligned load trapped"
else
  echo "FAIL expected exit 1 and a LoadStoreAlignment fault at an odd address, got exit $rc"
  exit 1
fi
