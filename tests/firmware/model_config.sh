#!/bin/sh
# `tinycnn export --c` writes the firmware's build configuration
# (model_config.h and build_opt.h) and a runtime built with it links only
# the model's kernels and computes what the full runtime computes.
#   model_config.sh BUILD_DIR GEN_DEMO
# The model is the seed network of tc_gen_demo (fixed weights): CONV_2D
# 3x3x1 (K = 9) and 3x3x16 (K = 144), MAX_POOL_2D, RESHAPE,
# FULLY_CONNECTED, LOGISTIC, int8 throughout (the expectations below are
# written from that architecture; the op list is also checked against
# ports/rv32-qemu/ops.sh, which reads `tinycnn inspect --json`).
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd); gen=$2
cli=$build/tinycnn
export TC_RV32_CACHE="$build/rv32"
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

"$gen" "$w/demo.tflite" >/dev/null
mkdir "$w/c"
"$cli" export "$w/demo.tflite" --c "$w/c" >"$w/log" || { cat "$w/log"; exit 1; }
for f in model_data.c model_data.h model_config.h build_opt.h; do
  [ -f "$w/c/$f" ] || fail "export --c did not write $f"
done
grep -q 'wrote .*model_config.h and build_opt.h' "$w/log" || fail "export did not say it wrote the configuration: $(cat "$w/log")"
want_h="#define TC_OPS_ONLY 1
#define TC_WITH_CONV_2D 1
#define TC_WITH_FULLY_CONNECTED 1
#define TC_WITH_LOGISTIC 1
#define TC_WITH_MAX_POOL_2D 1
#define TC_WITH_RESHAPE 1
#define TC_NO_FLOAT 1
#define TC_CONV_KS(X) X(9) X(144)
#define TC_DW_CS(X)"
got_h=$(grep '^#define TC_[A-Z0-9_]*[ (]' "$w/c/model_config.h" | grep -v TC_MODEL_CONFIG_H)
[ "$got_h" = "$want_h" ] || fail "model_config.h defines:
$got_h"
want_o='-DTC_OPS_ONLY -DTC_WITH_CONV_2D -DTC_WITH_FULLY_CONNECTED -DTC_WITH_LOGISTIC -DTC_WITH_MAX_POOL_2D -DTC_WITH_RESHAPE -DTC_NO_FLOAT "-DTC_CONV_KS(X)=X(9) X(144)" "-DTC_DW_CS(X)="'
got_o=$(tr '\n' ' ' < "$w/c/build_opt.h" | sed 's/ $//')
[ "$got_o" = "$want_o" ] || fail "build_opt.h: $got_o"
# The same ops as the inspect-based op selection (ops.sh sorts them too).
ops=$(sh "$root/ports/rv32-qemu/ops.sh" "$cli" "$w/demo.tflite")
[ "$ops" = "$(grep -v -e CONV_KS -e DW_CS "$w/c/build_opt.h" | tr '\n' ' ' | sed 's/ $//')" ] ||
  fail "build_opt.h differs from ops.sh: $ops"

# The whole runtime compiled with model_config.h (as ports/esp-idf/tinycnn
# does), at -O2 (the K blocks of 9 and 144) and -Os: only the model's
# kernels are linked, and the output equals the full host runtime's.
head -c 4096 /dev/urandom > "$w/in.bin"
"$cli" run "$w/demo.tflite" --in "$w/in.bin" --out-dir "$w/host" >/dev/null
printf '%s\n' tc_kernel_conv_2d tc_kernel_fully_connected tc_kernel_logistic \
  tc_kernel_max_pool_2d tc_kernel_reshape > "$w/want"
for opt in -O2 -Os; do
  TC_RV32_CONFIG="$w/c/model_config.h" sh "$root/ports/rv32-qemu/build.sh" \
    "$w/demo.tflite" "$w/demo$opt.elf" "$opt"
  riscv64-unknown-elf-nm "$w/demo$opt.elf" |
    awk '$3 ~ /^tc_kernel_/ && $3 != "tc_kernel_find" { print $3 }' | sort > "$w/got"
  cmp -s "$w/got" "$w/want" || fail "$opt kernels linked: $(tr '\n' ' ' < "$w/got")"
  (cd "$w" && sh "$root/ports/rv32-qemu/run.sh" "$w/demo$opt.elf" "$w/in.bin" "$w/out$opt") \
    > "$w/run" 2>&1 || fail "$opt run: $(tail -1 "$w/run")"
  cmp -s "$w/out${opt}0.bin" "$w/host/output0.bin" || fail "$opt output differs from the host's"
done
# The -O2 build has exactly the model's K blocks (conv_s8_blocks.c leaves).
leaves=$(riscv64-unknown-elf-nm "$w/demo-O2.elf" | grep -o 'conv_leaf_[0-9]*' | sort -u | tr '\n' ' ')
[ "$leaves" = "conv_leaf_144 conv_leaf_9 " ] || fail "-O2 conv blocks: $leaves"

# A model without any CONV_2D (the example firmware's placeholder:
# TC_CONV_KS empty) still compiles every kernel at -O2 with -Werror: no
# block left defined and unused.
grep -q '^#define TC_CONV_KS(X)$' "$root/examples/esp32-cam-classifier/main/model_config.h" ||
  fail "the example's model_config.h no longer has an empty TC_CONV_KS"
for f in "$root"/src/kernels/*.c; do
  riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -O2 --specs=picolibc.specs \
    -std=c99 -Wall -Wextra -Werror -pedantic -I"$root/include" \
    -DTC_MODEL_CONFIG="\"$root/examples/esp32-cam-classifier/main/model_config.h\"" \
    -c "$f" -o "$w/k.o" 2>"$w/cc.log" || fail "-O2 with no conv K: $(basename "$f"): $(head -3 "$w/cc.log")"
done

# The Arduino form: registry.c compiled with @build_opt.h refers to the
# same kernels.
riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -Os --specs=picolibc.specs \
  -std=c99 -I"$root/include" "@$w/c/build_opt.h" -c "$root/src/kernels/registry.c" -o "$w/reg.o"
riscv64-unknown-elf-nm -u "$w/reg.o" | awk '$2 ~ /^tc_kernel_/ { print $2 }' | sort > "$w/got"
cmp -s "$w/got" "$w/want" || fail "registry.c with @build_opt.h refers to: $(tr '\n' ' ' < "$w/got")"

[ $fails = 0 ] && echo "PASS model configuration: 5 kernels, K blocks 9 and 144, outputs equal"
[ $fails = 0 ]
