#!/bin/sh
# The stack the app's own code can take, per task, against its bound:
#   camera task: tc_app_init, tc_app_step, tc_device_init, tc_device_step
#     (grab -> preprocess -> invoke -> publish)           <= TC_APP_STACK
#   HTTP task:   tc_device_http and the tc_device_upload_* functions
#     (pages, /capture, checking and storing an upload)  <= TC_DEVICE_HTTP_STACK
#   and on ESP32 the esp_http_server handler in front of them
#     (ports/esp-idf/tinycnn/tinycnn_esp_device.c, against the stand-in
#     headers; esp_http_server's own frames are TC_ESP_HTTPD_OWN_STACK)
#                              <= TC_DEVICE_HTTP_STACK + TC_ESP_HTTP_FRAMES
# Measured as the deepest call chain through src/app and src/image in
# GCC's own call graph with frame sizes (-fcallgraph-info=su), for rv32imc
# and Xtensa at -Os and -O2. Calls out of that code end the chain with 0
# bytes: the runtime (its share is TC_STACK_NEED, measured by
# ports/rv32-qemu), the HAL's callbacks and the C library (the firmware
# budgets those, include/tinycnn/esp32.h). A cycle or a dynamic frame in
# the graph fails the test: the bound would mean nothing.
#   app_stack.sh ROOT
set -eu
root=$(cd "$1" && pwd)
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
bound() { # MACRO HEADER
  b=$(sed -n "s/^#define $1 \\([0-9]*\\).*/\\1/p" "$root/include/tinycnn/$2")
  [ -n "$b" ] || { echo "FAIL no $1 in $2" >&2; exit 1; }
  echo "$b"
}
app_bound=$(bound TC_APP_STACK app.h)
http_bound=$(bound TC_DEVICE_HTTP_STACK device.h)
esp_frames=$(sed -n 's/^#define TC_ESP_HTTP_FRAMES \([0-9]*\).*/\1/p' \
  "$root/ports/esp-idf/tinycnn/include/tinycnn_esp_device.h")
[ -n "$esp_frames" ] || { echo "FAIL no TC_ESP_HTTP_FRAMES"; exit 1; }
esp_bound=$((http_bound + esp_frames))
fails=0
# deepest GRAPH_FILES ROOT... -> bytes of the deepest chain from any root
deepest() {
  awk -v roots="$*" '
    FNR == 1 { }
    /^node:/ {
      t = $0; sub(/.*title: "/, "", t); sub(/".*/, "", t)
      if (match($0, /[0-9]+ bytes \((static|dynamic[^)]*)\)/)) {
        s = substr($0, RSTART, RLENGTH)
        if (s ~ /dynamic/) { print "dynamic frame: " t > "/dev/stderr"; bad = 1 }
        split(s, p, " "); frame[t] = p[1] + 0
      }
    }
    /^edge:/ {
      a = $0; sub(/.*sourcename: "/, "", a); sub(/".*/, "", a)
      b = $0; sub(/.*targetname: "/, "", b); sub(/".*/, "", b)
      n[a]++; to[a, n[a]] = b
    }
    function depth(f,   i, d, best) {
      if (f in memo) return memo[f]
      if (f in busy) { print "cycle through " f > "/dev/stderr"; bad = 1; return 0 }
      busy[f] = 1; best = 0
      for (i = 1; i <= n[f]; i++) { d = depth(to[f, i]); if (d > best) best = d }
      delete busy[f]
      return memo[f] = (f in frame ? frame[f] : 0) + best
    }
    END {
      k = split(roots, r, " "); m = 0
      for (i = 1; i <= k; i++) {
        if (!(r[i] in frame)) { print "no function " r[i] > "/dev/stderr"; bad = 1; continue }
        d = depth(r[i]); if (d > m) m = d
      }
      if (bad) exit 1
      print m
    }' "$w"/*.ci
}
measure() { # name cc flags...
  name=$1; cc=$2; shift 2
  rm -f "$w"/*.ci "$w"/*.o
  for f in "$root"/src/app/*.c "$root"/src/image/*.c \
           "$root"/ports/esp-idf/tinycnn/tinycnn_esp_device.c; do
    (cd "$w" && "$cc" "$@" -std=c99 -fcallgraph-info=su -I"$root/include" \
      -isystem "$root/tests/esp32/include" -I"$root/ports/esp-idf/tinycnn/include" -c "$f" \
      -o "$(basename "$f" .c).o")
  done
  cam=$(deepest tc_app_init tc_app_step tc_device_init tc_device_step) ||
    { echo "FAIL $name: camera task graph"; fails=$((fails + 1)); return; }
  http=$(deepest tc_device_http tc_device_upload_begin tc_device_upload_data \
                 tc_device_upload_end tc_device_upload_abort) ||
    { echo "FAIL $name: HTTP task graph"; fails=$((fails + 1)); return; }
  # The upload path alone (streaming to flash, read-back, checking and
  # committing): within the HTTP task's figure, printed for the record.
  up=$(deepest tc_device_upload_begin tc_device_upload_data tc_device_upload_end \
               tc_device_upload_abort) ||
    { echo "FAIL $name: upload graph"; fails=$((fails + 1)); return; }
  esp=$(deepest tc_esp_http_handler) ||
    { echo "FAIL $name: ESP32 HTTP handler graph"; fails=$((fails + 1)); return; }
  echo "app stack $name: camera task $cam bytes (TC_APP_STACK $app_bound)," \
       "HTTP task $http bytes (TC_DEVICE_HTTP_STACK $http_bound; upload path $up)," \
       "ESP32 handler + device $esp bytes (+ TC_ESP_HTTP_FRAMES: $esp_bound)"
  [ "$esp" -le "$esp_bound" ] || { echo "FAIL $name: $esp > $esp_bound"; fails=$((fails + 1)); }
  [ "$cam" -le "$app_bound" ] || { echo "FAIL $name: $cam > TC_APP_STACK"; fails=$((fails + 1)); }
  [ "$http" -le "$http_bound" ] || { echo "FAIL $name: $http > TC_DEVICE_HTTP_STACK"; fails=$((fails + 1)); }
}
for o in -Os -O2; do
  measure "rv32imc $o" riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 $o --specs=picolibc.specs
  measure "xtensa $o" xtensa-lx106-elf-gcc $o -mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs
done
[ $fails = 0 ] && echo "PASS app stack within TC_APP_STACK and TC_DEVICE_HTTP_STACK"
[ $fails = 0 ]
