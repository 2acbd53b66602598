#!/bin/sh
# Where an invoke's instructions go on rv32imc (issue 15): the -O2 runner
# built with -DTC_PROFILE (build.sh TC_RV32_PROFILE=1) reads `rdinstret`
# around each op's run; joined with `tinycnn inspect`'s MACs per op.
#   profile.sh BUILD_DIR CONFORMANCE_DIR [MODEL...]
#     (default: person_detect vww_96_int8 seednet_s8, each on its first
#     case with golden outputs; the outputs must equal them)
# Lines:
#   profile MODEL op FIRST[-LAST] NAME[+NAME] macs M instret N per-mac X zero-in Z% floor F
#     (a node fused into the next runs with it: one line for both;
#     zero-in: the first node's int8 input values equal to its zero point)
#   profile MODEL total macs M instret N per-mac X floor F per-mac Y
# The per-op counts include ~20 instructions of the two hook calls.
# floor: what the blocks' inner loops alone would take (the instructions
# counted in their code, conv_s8_rv32.h, conv_s8_sparse_rv32.h,
# depthwise_conv_s8_rv32.h), without im2col, edges, setup, the
# multipliers computed at invoke or anything else around them; ops
# without MACs count as measured. Per output pixel and 16 channels a
# convolution costs 40.75 K dense (K = MACs per output; 40 per value of a
# 4x4 step, 3 per 4 steps of loop) or, zero-skipping (K % 4 == 0, 16 | out
# channels), 2.375 K + 49 f K + 20 (f: the share of input values off the
# zero point; a test per value, 3 per 8 of loop, 16 products at 3 each
# per nonzero value, 20 of bias loads); a 3x3 depthwise 24.5 per output at
# stride 1 (quads), 28.5 at stride 2 (pairs); requantization 11 per
# output above the zero point, 3 per output at it (their shares from the
# next op's zero-in). On rv32imc a product costs a MUL and an ADD (no
# multiply-accumulate, no SIMD; packing two products in one multiply is
# not exact), and with 16 accumulators live a zero-skipping block cannot
# keep weights in registers: 3 per nonzero product, 2.5 per product dense.
# (A per-function profile from QEMU's -d in_asm,exec,nochain log is not
# practical: 10 GB of log for one person_detect invoke.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd); conf=$2; shift 2
models=${*:-person_detect vww_96_int8 seednet_s8}
cli=$build/tinycnn
export TC_RV32_CACHE="$build/rv32"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for model in $models; do
  tfl=$conf/models/$model.tflite
  [ -f "$tfl" ] || { echo "SKIP profile $model: $tfl not found"; continue; }
  case=""
  for d in "$conf/cases/$model"/*/; do
    [ -f "$d/input0.bin" ] && [ -f "$d/output0.bin" ] && { case=${d%/}; break; }
  done
  [ -n "$case" ] || { echo "FAIL $model: no case with goldens" >&2; fail=1; continue; }
  ins=""; k=0
  while [ -f "$case/input$k.bin" ]; do ins="$ins $case/input$k.bin"; k=$((k + 1)); done
  elf=$work/$model.elf
  if ! TC_RV32_PROFILE=1 TC_RV32_OPS="$(sh "$here/ops.sh" "$cli" "$tfl")" \
      sh "$here/build.sh" "$tfl" "$elf" -O2 >"$work/log" 2>&1; then
    echo "FAIL $model: build" >&2; cat "$work/log" >&2; fail=1; continue
  fi
  # shellcheck disable=SC2086
  (cd "$work" && sh "$here/run.sh" "$elf" $ins "$work/out") >"$work/run" 2>&1 ||
    { echo "FAIL $model: run: $(tail -1 "$work/run")" >&2; fail=1; continue; }
  k=0
  while [ -f "$case/output$k.bin" ]; do
    cmp -s "$work/out$k.bin" "$case/output$k.bin" ||
      { echo "FAIL $model: output $k differs from $case/output$k.bin" >&2; fail=1; }
    k=$((k + 1))
  done
  # id name macs in0 in1 out0 (shapes as [d,d,...])
  "$cli" inspect "$tfl" | awk '
    $1 ~ /^[0-9]+$/ && $3 == "macs" {
      if (id != "") print id, nm, mc, i0, i1, o0
      id = $1; nm = $2; mc = $4; i0 = i1 = o0 = "-"
    }
    $1 == "in" && $2 == "0:" { i0 = $5 }
    $1 == "in" && $2 == "1:" { i1 = $5 }
    $1 == "out" && $2 == "0:" { o0 = $5 }
    END { if (id != "") print id, nm, mc, i0, i1, o0 }' >"$work/ops"
  awk -v model="$model" '
    function dims(s, d) { gsub(/[][]/, "", s); return split(s, d, ",") }
    function prod(s,   d, n, i, p) { n = dims(s, d); p = 1; for (i = 1; i <= n; i++) p *= d[i]; return p }
    function last(s,   d, n) { n = dims(s, d); return d[n] }
    # The block floor of node i: f = share of its input values off the
    # zero point, p = share of its outputs above it (see the header).
    function floor_of(i, f, p,   nout, oc, K, dense, sparse, w, a, o, na, rq) {
      if (macs[i] == 0) return -1
      nout = prod(out0[i]); oc = last(out0[i])
      rq = nout * (11 * p + 3 * (1 - p))
      na = dims(in0[i], a); dims(in1[i], w); dims(out0[i], o)
      if (name[i] == "DEPTHWISE_CONV_2D" && w[2] == 3 && w[3] == 3 &&
          a[4] == o[4] && a[4] > 1)
        return nout * (a[2] >= 2 * o[2] ? 28.5 : 24.5) + rq
      K = macs[i] / nout
      dense = 40.75 * K
      sparse = 2.375 * K + 49 * f * K + 20
      if (K % 4 == 0 && oc % 16 == 0 && sparse < dense) dense = sparse
      return nout / oc * oc / 16 * dense + rq
    }
    NR == FNR { name[$1] = $2; macs[$1] = $3; in0[$1] = $4; in1[$1] = $5; out0[$1] = $6; next }
    $1 == "op" { n++; first[n] = $2; lastn[n] = $3; ins[n] = $5
                 zin[n] = $9 > 0 ? $7 / $9 : -1 }
    END {
      for (r = 1; r <= n; r++) {
        m = 0; nm = ""; fl = 0
        for (i = first[r]; i <= lastn[r]; i++) {
          m += macs[i]; nm = nm (nm == "" ? "" : "+") name[i]
          f = zin[r] < 0 ? 1 : 1 - zin[r]
          p = r < n && zin[r + 1] >= 0 ? 1 - zin[r + 1] : 0.5
          v = floor_of(i, f, p)
          fl += v < 0 ? (first[r] == lastn[r] ? ins[r] : 0) : v
        }
        id = first[r] == lastn[r] ? first[r] : first[r] "-" lastn[r]
        z = zin[r] >= 0 ? sprintf("%.0f%%", 100 * zin[r]) : "-"
        pm = m > 0 ? sprintf("%.2f", ins[r] / m) : "-"
        printf "profile %s op %s %s macs %d instret %d per-mac %s zero-in %s floor %d\n", model, id, nm, m, ins[r], pm, z, fl
        tm += m; ti += ins[r]; tf += fl
      }
      printf "profile %s total macs %d instret %d per-mac %.3f floor %d per-mac %.3f\n", model, tm, ti, ti / tm, tf, tf / tm
    }
  ' "$work/ops" "$work/run"
done
exit $fail
