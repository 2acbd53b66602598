#!/bin/sh
# Every conformance case whose arena fits the RAM, built for Xtensa lx106
# (-O2) and run under qemu-system-xtensa -M sim: the int8 models bit-exact,
# the float32 and hybrid ones within the manifest's tolerance (their
# arithmetic is rt_float.c's soft float and picolibc's libm)
# (ports/qemu_conformance.sh).
#   conformance.sh BUILD_DIR CONFORMANCE_DIR [PREFIX...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TC_QEMU_INEXACT=1 exec sh "$here/../qemu_conformance.sh" xtensa "$here" XT -O2 "$@"
