#!/bin/sh
# The compiler flags that link only MODEL's kernels (see the op selection
# in src/kernels/registry.c), from `tinycnn inspect --json`.
#   ops.sh TINYCNN_CLI MODEL.tflite   ->  -DTC_OPS_ONLY -DTC_WITH_CONV_2D ...
set -eu
ops=$("$1" inspect --json "$2" | grep -o '"op":[[:space:]]*"[A-Z0-9_]*"' |
  grep -o '[A-Z0-9_]*"$' | tr -d '"' | sort -u)
[ -n "$ops" ] || { echo "ops.sh: no ops found in $2" >&2; exit 1; }
printf '%s' "-DTC_OPS_ONLY"
for o in $ops; do printf ' -DTC_WITH_%s' "$o"; done
echo
