#!/bin/sh
# The runtime's stack on rv32imc, measured by painting (runner.c: the
# deepest stack tc_model_load, tc_model_arena_size, tc_interp_init and
# tc_interp_invoke reached below main's frame), for the benchmark models
# at -Os and -O2, each linked with only its own ops as the benchmark does.
#   stack.sh BUILD_DIR CONFORMANCE_DIR [LIMIT]
# Prints "stack MODEL OPT N (load L, init I, invoke V)" per runner, the same for tc_model_arena_size
# ("stack-arena-size MODEL OPT N", painted on its own), then "stack max N"
# and "stack-arena-size max N". Fails when a runner's outputs differ from
# the golden bytes of the model's first case, when a load + init + invoke
# figure exceeds LIMIT (default 2048, issue 11's bound) or TC_STACK_NEED
# (include/tinycnn/runtime.h: the figure firmware sizes its task stacks
# from and `tinycnn inspect` states, so it must stay true), or when a
# tc_model_arena_size figure exceeds TC_ARENA_SIZE_STACK (runtime.h).
# TC_STACK_REPORT=1: print only, no bound (footprint.sh measures with it).
# Exit 77 when the models are absent.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd); conf=$2; limit=${3:-2048}
export TC_RV32_CACHE="$build/rv32"
def() {
  v=$(sed -n "s/^#define $1 \\([0-9]*\\).*/\\1/p" "$root/include/tinycnn/runtime.h")
  [ -n "$v" ] || { echo "FAIL no $1 in include/tinycnn/runtime.h" >&2; exit 1; }
  echo "$v"
}
need=$(def TC_STACK_NEED); sneed=$(def TC_ARENA_SIZE_STACK)
check=1; [ "${TC_STACK_REPORT:-0}" = 1 ] && check=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0; max=0; smax=0; ran=0
for model in person_detect vww_96_int8 seednet_s8; do
  tfl=$conf/models/$model.tflite
  [ -f "$tfl" ] || { echo "SKIP stack $model: $tfl not found"; continue; }
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  [ -n "$case" ] || { echo "FAIL $model: no case with input0.bin/output0.bin" >&2; fail=1; continue; }
  ops=$(sh "$here/ops.sh" "$build/tinycnn" "$tfl")
  for opt in -Os -O2; do
    elf=$work/$model$opt.elf
    if ! TC_RV32_OPS="$ops" sh "$here/build.sh" "$tfl" "$elf" "$opt" >"$work/log" 2>&1; then
      echo "FAIL $model $opt: build" >&2; cat "$work/log" >&2; fail=1; continue
    fi
    rc=0
    (cd "$work" && sh "$here/run.sh" "$elf" "$case/input0.bin" "$work/out") >"$work/run" 2>&1 || rc=$?
    if [ $rc != 0 ] || ! cmp -s "$work/out0.bin" "$case/output0.bin"; then
      echo "FAIL $model $opt: exit $rc or output differs from $case/output0.bin" >&2
      cat "$work/run" >&2; fail=1; continue
    fi
    s=$(sed -n 's/^stack \([0-9]*\).*/\1/p' "$work/run")
    parts=$(sed -n 's/^stack [0-9]* (\(.*\))$/\1/p' "$work/run")
    z=$(sed -n 's/^stack-arena-size //p' "$work/run")
    [ -n "$s" ] && [ -n "$z" ] || { echo "FAIL $model $opt: no stack figure" >&2; fail=1; continue; }
    ran=$((ran + 1)); seen=$tfl
    echo "stack $model $opt $s ($parts)"
    echo "stack-arena-size $model $opt $z"
    [ "$s" -gt "$max" ] && max=$s
    [ "$z" -gt "$smax" ] && smax=$z
    [ $check = 1 ] || continue
    if [ "$z" -gt "$sneed" ]; then
      echo "FAIL $model $opt: tc_model_arena_size stack $z bytes > TC_ARENA_SIZE_STACK $sneed (runtime.h)" >&2
      fail=1
    fi
    if [ "$s" -gt "$limit" ]; then
      echo "FAIL $model $opt: stack $s bytes > $limit" >&2; fail=1
    fi
    if [ "$s" -gt "$need" ]; then
      echo "FAIL $model $opt: stack $s bytes > TC_STACK_NEED $need (runtime.h): inspect and the firmware's task stacks would be short" >&2
      fail=1
    fi
  done
done
[ $ran -gt 0 ] || { echo "SKIP rv32 stack: no benchmark model in $conf"; exit 77; }
# `tinycnn inspect` states the same figures (tools/footprint_rv32.h).
if [ $check = 1 ]; then
  json=$("$build/tinycnn" inspect --json "$seen")
  said=$(printf '%s\n' "$json" | sed -n 's/.*"stack_bytes":[[:space:]]*\([0-9]*\).*/\1/p')
  saids=$(printf '%s\n' "$json" | sed -n 's/.*"arena_size_stack_bytes":[[:space:]]*\([0-9]*\).*/\1/p')
  if [ "$said" != "$need" ] || [ "$saids" != "$sneed" ]; then
    echo "FAIL tinycnn inspect states stack $said / $saids bytes, runtime.h TC_STACK_NEED $need / TC_ARENA_SIZE_STACK $sneed (make bench-rv32 regenerates both)" >&2
    fail=1
  fi
fi
echo "stack max $max (TC_STACK_NEED $need, limit $limit)"
echo "stack-arena-size max $smax (TC_ARENA_SIZE_STACK $sneed)"
exit $fail
