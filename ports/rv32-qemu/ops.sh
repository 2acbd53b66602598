#!/bin/sh
# The compiler flags that link only MODEL's kernels (see the op selection
# in src/kernels/registry.c), from `tinycnn inspect --json`.
#   ops.sh TINYCNN_CLI MODEL.tflite   ->  -DTC_OPS_ONLY -DTC_WITH_CONV_2D ...
# Plus -DTC_NO_FLOAT (kernel.h) when no op touches a float tensor; build.sh
# compiles the library itself with that one.
set -eu
json=$("$1" inspect --json "$2")
ops=$(printf '%s\n' "$json" | grep -o '"op":[[:space:]]*"[A-Z0-9_]*"' |
  grep -o '[A-Z0-9_]*"$' | tr -d '"' | sort -u)
[ -n "$ops" ] || { echo "ops.sh: no ops found in $2" >&2; exit 1; }
printf '%s' "-DTC_OPS_ONLY"
for o in $ops; do printf ' -DTC_WITH_%s' "$o"; done
printf '%s\n' "$json" | grep -q '"dtype":[[:space:]]*"float' || printf ' -DTC_NO_FLOAT'
echo
