#!/bin/sh
# The ESP-IDF component and example as files: both component entry points
# (esp_idf_component.cmake), a missing model_config.h refused with a clear
# message, the registry manifest, esp32-camera >= 2.0.2, the partition
# table (fits 4 MB flash, sized for a real model) and that sdkconfig uses
# it. What cannot run here is ESP-IDF itself (idf.py needs its toolchain
# and Python environment, not Debian packages).
#   esp_idf_project.sh ROOT
set -eu
root=$(cd "$1" && pwd); here=$(cd "$(dirname "$0")" && pwd)
ex=$root/examples/esp32-cam-classifier
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
for entry in dir root; do
  cmake -DROOT="$root" -DENTRY=$entry -DCFG_PATH=main/model_config.h \
    -P "$here/esp_idf_component.cmake" || fail "component entry $entry"
done
# ESP-IDF 5.0: the partition API is still spi_flash's.
cmake -DROOT="$root" -DENTRY=dir -DCFG_PATH=main/model_config.h -DIDF_VERSION_MAJOR=5 \
  -DIDF_VERSION_MINOR=0 -P "$here/esp_idf_component.cmake" || fail "component on ESP-IDF 5.0"
out=$(cmake -DROOT="$root" -DENTRY=dir -DCFG_PATH=main/nope.h \
  -P "$here/esp_idf_component.cmake" 2>&1) && fail "a missing model_config.h was accepted"
printf '%s' "$out" | tr '\n' ' ' | grep -q "nope.h does not exist\. *Copy *model_config.h" ||
  fail "missing model_config.h: $out"

# The example and the component glue compile for the device compilers
# (the host build and run is the esp32_idf tests), every board variant.
for board in AI_THINKER ESP32S3_EYE XIAO_ESP32S3; do
  for cc in "xtensa-lx106-elf-gcc -mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs" \
            "riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 --specs=picolibc.specs"; do
    for f in "$ex/main/main.c" "$ex/main/camera_hal.c" "$ex/main/web.c" \
             "$root/ports/esp-idf/tinycnn/tinycnn_esp.c" \
             "$root/ports/esp-idf/tinycnn/tinycnn_esp_device.c"; do
      # shellcheck disable=SC2086
      $cc -Os -std=c99 -Wall -Wextra -Werror -pedantic -DCONFIG_CAMCLS_BOARD_$board=1 \
        -DCONFIG_CAMCLS_PIXFORMAT_RGB565=1 -isystem "$root/tests/esp32/include" \
        -I"$root/include" -I"$root/ports/esp-idf/tinycnn/include" -I"$ex/main" \
        -c "$f" -o /dev/null || fail "$f ($board, ${cc%% *})"
    done
  done
done

# The device glue on ESP-IDF 4.4 / 5.0 (Arduino-ESP32 2.x): esp_partition_mmap
# with spi_flash's mmap enum and handle.
for cc in "xtensa-lx106-elf-gcc -mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs"; do
  # shellcheck disable=SC2086
  $cc -Os -std=c99 -Wall -Wextra -Werror -pedantic -DESP_IDF_VERSION_MAJOR=4 \
    -DESP_IDF_VERSION_MINOR=4 -isystem "$root/tests/esp32/include" -I"$root/include" \
    -I"$root/ports/esp-idf/tinycnn/include" -c "$root/ports/esp-idf/tinycnn/tinycnn_esp_device.c" \
    -o /dev/null || fail "tinycnn_esp_device.c on ESP-IDF 4.4"
done

# Registry manifest (idf-component-manager manifest fields).
m=$root/idf_component.yml
for k in version description url targets dependencies; do
  grep -q "^$k:" "$m" || fail "idf_component.yml has no $k"
done
grep -q '^  idf: ">=5.0"' "$m" || fail "idf_component.yml: idf >= 5.0 (esp_psram.h)"
for t in esp32 esp32s3; do grep -q "^  - $t\$" "$m" || fail "targets lack $t"; done
grep -q '^  espressif/esp32-camera: "^2.0.2"' "$ex/main/idf_component.yml" ||
  fail "esp32-camera must be ^2.0.2 (pin_sccb_sda/scl)"

# Partition table: offsets and sizes, flash 4 MB, the model partition.
grep -q '^CONFIG_PARTITION_TABLE_CUSTOM=y' "$ex/sdkconfig.defaults" &&
  grep -q '^CONFIG_PARTITION_TABLE_CUSTOM_FILENAME="partitions.csv"' "$ex/sdkconfig.defaults" ||
  fail "sdkconfig.defaults does not use partitions.csv"
# App: ESP-IDF + Wi-Fi + HTTP server + esp32-camera ~1 MB (the default
# single-app partition this overflowed), plus the largest benchmark model
# (person_detect, 300,568 bytes) and its -O2 runtime (146,358 bytes of
# .text, README results): 1,495,502 bytes at least.
awk -F, -v need=1495502 -v flash=4194304 '
  function num(s,   i, v) {
    gsub(/ /, "", s)
    if (s !~ /^0x/) return s + 0
    v = 0; s = tolower(substr(s, 3))
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v }
  /^#/ || NF < 5 { next }
  { name = $1; gsub(/ /, "", name); type = $2; gsub(/ /, "", type)
    off = num($4); size = num($5)
    if (off < 36864) { print "FAIL " name ": below the partition table"; bad++ }
    if (type == "app" && off % 65536) { print "FAIL " name ": app not 64 KB aligned"; bad++ }
    if (off % 4096) { print "FAIL " name ": not 4 KB aligned"; bad++ }
    if (off < end) { print "FAIL " name ": overlaps the previous partition"; bad++ }
    end = off + size
    if (type == "app" && size > app) app = size
    if (name == "model") { sub_ = $3; gsub(/ /, "", sub_); model = size
      if (type != "data" || sub_ != "0x40") { print "FAIL model: not data, 0x40 (TC_ESP_MODEL_SUBTYPE)"; bad++ }
      # Two slots, each a whole number of 4 KB sectors holding the 32-byte
      # header and the largest benchmark model (person_detect, 300,568 B).
      if (size % 8192 || size / 2 < 300568 + 32) { print "FAIL model: " size " bytes is not two slots of a real model"; bad++ } } }
  END { if (end > flash) { print "FAIL partitions end at " end " > 4 MB"; bad++ }
        if (!model) { print "FAIL no model partition (POST /model, A/B)"; bad++ }
        if (app < need) { print "FAIL app partition " app " < " need; bad++ }
        exit bad > 0 }' "$ex/partitions.csv" || fails=$((fails + 1))
[ $fails = 0 ] && echo "PASS esp-idf project files"
[ $fails = 0 ]
