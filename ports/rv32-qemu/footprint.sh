#!/bin/sh
# Measures the runtime's flash per op on rv32imc -Os and writes the table
# `tinycnn inspect` states flash and RAM from (tools/footprint_rv32.h).
#   footprint.sh BUILD_DIR HEADER [CONFORMANCE_DIR]   (run by `make bench-rv32`)
# A runner is linked with no kernel (the core: loader, verifier, planner,
# interpreter) and once per op of the registry with only that kernel; the
# runtime sections an op's link keeps beyond the core are that op's. A
# model's runtime flash is then the core plus the union of its ops'
# sections, which is what linking exactly its ops keeps (gc-sections).
# Static RAM is the runtime's .data+.bss with every kernel linked. Stack is
# the runner's painted deepest stack of tc_model_load + tc_interp_init +
# tc_interp_invoke (and, apart, of tc_model_arena_size), the largest over
# the demo model (tc_gen_demo) and, with CONFORMANCE_DIR, the benchmark
# models (stack.sh), each at -Os and -O2. The same two figures are written
# to include/tinycnn/runtime.h (TC_STACK_NEED, TC_ARENA_SIZE_STACK), which
# firmware sizes its task stacks from; the rv32_stack test checks them.
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd); header=$2; conf=${3:-}
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
: > "$work/none.tflite"
TC_RV32_OPS=-DTC_OPS_ONLY sh "$here/build.sh" "$work/none.tflite" "$work/core.elf" -Os
sh "$here/sizes.sh" --sections "$work/core.elf.map" > "$work/core.txt"
ops=$(grep -o 'TC_OP_ENABLED([A-Z0-9_]*)' "$root/src/kernels/registry.c" |
  sed 's/.*(\(.*\))/\1/')
: > "$work/ops.txt"
for op in $ops; do
  TC_RV32_OPS="-DTC_OPS_ONLY -DTC_WITH_$op" \
    sh "$here/build.sh" "$work/none.tflite" "$work/op.elf" -Os
  # Sections new to this op, or the growth of one the core has: the
  # registry's table gains an entry per op (additive, so named per op);
  # code grows once (tc_kernel_find's loop) or by a few bytes of linker
  # relaxation (counted once, the largest growth seen).
  sh "$here/sizes.sh" --sections "$work/op.elf.map" | awk -v op="$op" '
    NR == FNR { core[$2] = $3; next }
    $1 == "text" || $1 == "rodata" {
      if (!($2 in core)) print op, $2, $3
      else if ($3 > core[$2] && $1 == "rodata" && $2 ~ /@registry\.o$/)
        print op, $2 "#" op, $3 - core[$2]
      else if ($3 > core[$2]) print op, $2 "+", $3 - core[$2]
    }' "$work/core.txt" - >> "$work/ops.txt"
done
sh "$here/build.sh" "$work/none.tflite" "$work/all.elf" -Os
static=$(sh "$here/sizes.sh" "$work/all.elf.map" |
  awk '$1 == "runtime" { split($4, d, "="); split($5, b, "="); print d[2] + b[2] }')
"$build/tests/tc_gen_demo" "$work/demo.tflite" >/dev/null
head -c 4096 /dev/zero > "$work/in.bin"
: > "$work/stacks"
for opt in -Os -O2; do
  sh "$here/build.sh" "$work/demo.tflite" "$work/demo.elf" $opt
  (cd "$work" && sh "$here/run.sh" "$work/demo.elf" "$work/in.bin" "$work/out") > "$work/run"
  grep -E '^stack(-arena-size)? [0-9]+' "$work/run" | cut -d' ' -f1,2 >> "$work/stacks" ||
    { echo "footprint.sh: no stack figure from the demo run" >&2; cat "$work/run" >&2; exit 1; }
done
if [ -n "$conf" ]; then
  TC_STACK_REPORT=1 sh "$here/stack.sh" "$build" "$conf" > "$work/models" || {
    rc=$?; [ $rc = 77 ] || { cat "$work/models"; exit 1; }; }
  awk '$1 ~ /^stack/ && $2 != "max" { print $1, $4 }' "$work/models" >> "$work/stacks"
fi
stack=$(awk '$1 == "stack" && $2 > m { m = $2 } END { print m + 0 }' "$work/stacks")
sstack=$(awk '$1 == "stack-arena-size" && $2 > m { m = $2 } END { print m + 0 }' "$work/stacks")
echo "footprint: stack $stack (load + init + invoke), tc_model_arena_size $sstack"
rt=$root/include/tinycnn/runtime.h
sed -e "s/^#define TC_STACK_NEED [0-9]*/#define TC_STACK_NEED $stack/" \
    -e "s/^#define TC_ARENA_SIZE_STACK [0-9]*/#define TC_ARENA_SIZE_STACK $sstack/" "$rt" > "$work/rt.h"
if cmp -s "$work/rt.h" "$rt"; then echo "footprint: $rt unchanged"
else cp "$work/rt.h" "$rt"; echo "footprint: $rt updated"; fi
cc=$(riscv64-unknown-elf-gcc --version | head -1)
awk -v static="$static" -v stack="$stack" -v sstack="$sstack" -v cc="$cc" '
  NR == FNR { if ($1 == "text" || $1 == "rodata") core += $3; next }
  {
    if (!($2 in idx)) { idx[$2] = nsec++; name[nsec - 1] = $2 }
    if ($3 > size[idx[$2]]) size[idx[$2]] = $3
    if (!($1 in first)) { first[$1] = nref; order[nops++] = $1 }
    ref[nref++] = idx[$2]; cnt[$1]++
  }
  END {
    print "/* The runtime'"'"'s footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit."
    print " * Regenerate with `make bench-rv32`, which runs"
    print " *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h"
    print " * (sizes from the runners'"'"' link maps, ports/rv32-qemu/sizes.sh)."
    print " * Compiler: " cc ", picolibc. */"
    print "#ifndef TC_FOOTPRINT_RV32_H"
    print "#define TC_FOOTPRINT_RV32_H"
    print ""
    print "/* Loader, verifier, planner, interpreter: .text + .rodata. */"
    printf "#define TC_FP_CORE_FLASH %du\n", core
    print "/* The runtime'"'"'s .data + .bss (every kernel linked). */"
    printf "#define TC_FP_STATIC_RAM %du\n", static
    print "/* Deepest painted stack of load, init and invoke; of tc_model_arena_size"
    print " * (demo and benchmark models, -Os and -O2): runtime.h TC_STACK_NEED and"
    print " * TC_ARENA_SIZE_STACK. */"
    printf "#define TC_FP_STACK %du\n", stack
    printf "#define TC_FP_ARENA_SIZE_STACK %du\n", sstack
    print ""
    print "/* Flash of each runtime section an op pulls in beyond the core. */"
    print "static const unsigned tc_fp_sec_bytes[] = {"
    for (i = 0; i < nsec; i++) printf "    %d, /* %s */\n", size[i], name[i]
    print "};"
    print "/* Per op: its sections, tc_fp_op_secs[first .. first + n). */"
    print "static const unsigned short tc_fp_op_secs[] = {"
    line = "   "
    for (i = 0; i < nref; i++) {
      if (length(line) > 70) { print line; line = "   " }
      line = line " " ref[i] ","
    }
    print line
    print "};"
    print "static const struct {"
    print "  const char *op;"
    print "  unsigned short first, n;"
    print "} tc_fp_ops[] = {"
    for (i = 0; i < nops; i++) printf "    {\"%s\", %d, %d},\n", order[i], first[order[i]], cnt[order[i]]
    print "};"
    print ""
    print "#endif"
  }' "$work/core.txt" "$work/ops.txt" > "$work/header.h"
if [ -f "$header" ] && cmp -s "$work/header.h" "$header"; then
  echo "footprint: $header unchanged"
else
  cp "$work/header.h" "$header"
  echo "footprint: $header updated"
fi
