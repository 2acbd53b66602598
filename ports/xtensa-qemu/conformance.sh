#!/bin/sh
# Every exact-compare conformance case whose arena fits the RAM, built for
# Xtensa lx106 (-O2) and run under qemu-system-xtensa -M sim: bit-exact or
# fail (ports/qemu_conformance.sh; float models through rt_float.c).
#   conformance.sh BUILD_DIR CONFORMANCE_DIR [PREFIX...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/../qemu_conformance.sh" xtensa "$here" XT -O2 "$@"
