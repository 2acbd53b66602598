#!/bin/sh
# Measures the runtime's flash per op on rv32imc -Os and writes the table
# `tinycnn inspect` states flash and RAM from (tools/footprint_rv32.h).
#   footprint.sh BUILD_DIR HEADER            (run by `make bench-rv32`)
# A runner is linked with no kernel (the core: loader, verifier, planner,
# interpreter) and once per op of the registry with only that kernel; the
# runtime sections an op's link keeps beyond the core are that op's. A
# model's runtime flash is then the core plus the union of its ops'
# sections, which is what linking exactly its ops keeps (gc-sections).
# Static RAM is the runtime's .data+.bss with every kernel linked; stack is
# the runner's measured deepest stack on the demo model (tc_gen_demo).
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd); header=$2
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
sh "$here/build.sh" "$work/demo.tflite" "$work/demo.elf" -Os
head -c 4096 /dev/zero > "$work/in.bin"
(cd "$work" && sh "$here/run.sh" "$work/demo.elf" "$work/in.bin" "$work/out") > "$work/run"
stack=$(sed -n 's/^stack //p' "$work/run")
[ -n "$stack" ] || { echo "footprint.sh: no stack figure from the demo run" >&2; cat "$work/run" >&2; exit 1; }
cc=$(riscv64-unknown-elf-gcc --version | head -1)
awk -v static="$static" -v stack="$stack" -v cc="$cc" '
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
    print "/* Deepest stack of load, arena size, init and invoke (demo model). */"
    printf "#define TC_FP_STACK %du\n", stack
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
