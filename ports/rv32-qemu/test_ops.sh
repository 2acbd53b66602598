#!/bin/sh
# Op selection (src/kernels/registry.c): a runner linked with only
# person_detect's ops is still bit-exact with TFLM's golden output, links
# none of the other kernels, and refuses a model that needs one of them.
# The model has no float tensor, so ops.sh also compiles the float kernel
# paths out (-DTC_NO_FLOAT): expf is not linked, a float model is refused.
#   test_ops.sh BUILD_DIR CONFORMANCE_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2
pd=$conf/models/person_detect.tflite; sd=$conf/models/seednet_s8.tflite
for f in "$pd" "$sd"; do
  [ -f "$f" ] || { echo "SKIP rv32 op selection: $f not found"; exit 77; }
done
case_dir=$conf/cases/person_detect/person
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ops=$(sh "$here/ops.sh" "$build/tinycnn" "$pd")
[ "$ops" = "-DTC_OPS_ONLY -DTC_WITH_AVERAGE_POOL_2D -DTC_WITH_CONV_2D -DTC_WITH_DEPTHWISE_CONV_2D -DTC_WITH_RESHAPE -DTC_WITH_SOFTMAX -DTC_NO_FLOAT" ] ||
  fail "ops.sh for person_detect: $ops"
TC_RV32_OPS="$ops" sh "$here/build.sh" "$pd" "$work/pd.elf" -Os
sh "$here/build.sh" "$pd" "$work/all.elf" -Os
(cd "$work" && sh "$here/run.sh" "$work/pd.elf" "$case_dir/input0.bin" "$work/out") > "$work/log" 2>&1 ||
  fail "person_detect with its ops only: $(tail -1 "$work/log")"
cmp -s "$work/out0.bin" "$case_dir/output0.bin" || fail "person_detect output differs from the golden bytes"
riscv64-unknown-elf-nm "$work/pd.elf" | awk '$3 ~ /^tc_kernel_/ && $3 != "tc_kernel_find" { print $3 }' |
  sort > "$work/kernels"
printf '%s\n' tc_kernel_average_pool_2d tc_kernel_conv_2d tc_kernel_depthwise_conv_2d \
  tc_kernel_reshape tc_kernel_softmax > "$work/want"
cmp -s "$work/kernels" "$work/want" || fail "kernels linked: $(tr '\n' ' ' < "$work/kernels")"
n_all=$(riscv64-unknown-elf-nm "$work/all.elf" | grep -c ' tc_kernel_[a-z]' || true)
[ "$n_all" -ge 20 ] || fail "the default build links $n_all kernels, expected all"
text() { sh "$here/sizes.sh" "$1" | awk '$1 == "runtime" { split($2, t, "="); print t[2] }'; }
t_pd=$(text "$work/pd.elf.map"); t_all=$(text "$work/all.elf.map")
[ "$t_pd" -lt "$t_all" ] || fail "runtime .text with 5 ops $t_pd >= all ops $t_all"
# seednet_s8 needs MAX_POOL_2D (builtin 17), FULLY_CONNECTED, LOGISTIC.
TC_RV32_OPS="$ops" sh "$here/build.sh" "$sd" "$work/sd.elf" -Os
rc=0
(cd "$work" && sh "$here/run.sh" "$work/sd.elf" "$conf/cases/seednet_s8/random0/input0.bin" "$work/o") > "$work/log" 2>&1 || rc=$?
[ $rc = 3 ] && grep -q "builtin 17) is not supported" "$work/log" ||
  fail "seednet_s8 without its ops: exit $rc: $(cat "$work/log")"
! riscv64-unknown-elf-nm "$work/pd.elf" | grep -q ' expf$' || fail "expf linked with -DTC_NO_FLOAT"
# The same int8-only build given a float32 AVERAGE_POOL_2D model. Device
# messages are short (kernel.h): the op and the text, values as '?'.
af=$conf/models/avgpool_f32_00.tflite
if [ -f "$af" ]; then
  TC_RV32_OPS="$ops" sh "$here/build.sh" "$af" "$work/af.elf" -Os
  rc=0
  (cd "$work" && sh "$here/run.sh" "$work/af.elf" "$conf/cases/avgpool_f32_00/random0/input0.bin" "$work/o") > "$work/log" 2>&1 || rc=$?
  [ $rc = 3 ] && grep -q "op 0 (builtin 1): input 0 is ?: built without float kernels" "$work/log" ||
    fail "float model with -DTC_NO_FLOAT: exit $rc: $(cat "$work/log")"
fi
# TC_RV32_MESSAGES=full: the host's messages, the same bytes out, more code.
TC_RV32_MESSAGES=full TC_RV32_OPS="$ops" sh "$here/build.sh" "$pd" "$work/pdf.elf" -Os
(cd "$work" && sh "$here/run.sh" "$work/pdf.elf" "$case_dir/input0.bin" "$work/outf") > "$work/log" 2>&1 ||
  fail "person_detect with full messages: $(tail -1 "$work/log")"
cmp -s "$work/outf0.bin" "$case_dir/output0.bin" || fail "person_detect output differs with full messages"
t_full=$(text "$work/pdf.elf.map")
[ "$t_pd" -lt "$t_full" ] || fail "runtime .text with short messages $t_pd >= full $t_full"
if [ -f "$af" ]; then
  TC_RV32_MESSAGES=full TC_RV32_OPS="$ops" sh "$here/build.sh" "$af" "$work/aff.elf" -Os
  rc=0
  (cd "$work" && sh "$here/run.sh" "$work/aff.elf" "$conf/cases/avgpool_f32_00/random0/input0.bin" "$work/o") > "$work/log" 2>&1 || rc=$?
  [ $rc = 3 ] && grep -q "input 0 is float32: built without float kernels" "$work/log" ||
    fail "float model with full messages: exit $rc: $(cat "$work/log")"
fi
echo "runtime .text: $t_pd bytes with person_detect's ops ($t_full with full messages), $t_all with all"
[ $fails = 0 ] && echo "PASS rv32 op selection"
[ $fails = 0 ]
