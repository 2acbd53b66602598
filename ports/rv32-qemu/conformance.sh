#!/bin/sh
# Every exact-compare conformance case whose arena fits the ESP32-C3-like
# RAM, built for rv32imc and run under qemu-system-riscv32: bit-exact or
# fail.   conformance.sh BUILD_DIR CONFORMANCE_DIR [PREFIX...]
# Each model is linked with only its own ops (ops.sh), as a firmware would
# be; a model too big for the 4 MB of flash is skipped like one whose arena
# does not fit the RAM (ports/qemu_conformance.sh).
# TC_RV32_OPT: the runner's optimization, -O2 (default) or -Os (the size
# build, whose conv and depthwise blocks are compiled differently).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/../qemu_conformance.sh" rv32 "$here" RV32 "${TC_RV32_OPT:--O2}" "$@"
