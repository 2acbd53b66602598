#!/bin/sh
# The Arduino library that `make arduino` produces:
#  1. layout (library specification 1.5): library.properties with every
#     field, library.json (PlatformIO), src/ with only device sources, the
#     example with its model and build_opt.h, the zip; one version for all
#     three manifests;
#  2. the library's headers compile as C++ (host g++ and xtensa-lx106-elf-g++)
#     and declare the C functions with C linkage (unmangled symbols);
#  3. the real Arduino builder (arduino-builder, Debian) installs and builds
#     it: a stand-in "esp32" platform whose compilers are xtensa-lx106-elf
#     gcc/g++ and whose core is tests/esp32/include (stand-ins for
#     Arduino.h, esp_camera.h, ... of Arduino-ESP32), with Arduino-ESP32's
#     build_opt.h hook (platform.txt of 2.0.0: "@{build.opt.path}" in every
#     compile recipe). The library is compiled recursively from src/ and the
#     sketch as C++, every file with -Wall -Wextra -Werror, and the model's
#     build_opt.h reaches the library (registry.c refers to its 3 kernels).
#     Nothing is linked or run: the ESP32 core itself is not here.
#   arduino.sh ROOT BUILD_DIR
set -eu
root=$(cd "$1" && pwd); build=$(cd "$2" && pwd)
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
sh "$root/ports/arduino/package.sh" "$build" "$w/out" >/dev/null
lib=$w/out/tinycnn
p=$lib/library.properties
version=$(sed -n 's/^version=//p' "$p")

# 1. layout
for k in name version author maintainer sentence paragraph category url architectures includes; do
  grep -q "^$k=." "$p" || fail "library.properties has no $k"
done
grep -q '^name=tinycnn$' "$p" || fail "name"
grep -q '^architectures=esp32$' "$p" || fail "architectures must be esp32"
grep -q '^includes=tinycnn.h$' "$p" && [ -f "$lib/src/tinycnn.h" ] || fail "includes=tinycnn.h and src/tinycnn.h"
grep -q '^precompiled=false$' "$p" || fail "precompiled must be false"
case "$(sed -n 's/^category=//p' "$p")" in
  Display|Communication|"Signal Input/Output"|Sensors|"Device Control"|Timing|"Data Storage"|"Data Processing"|Other) ;;
  *) fail "category is not one of the specification's" ;;
esac
echo "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' || fail "version $version is not semver"
"$build/tests/tc_json_check" "$lib/library.json" name=tinycnn version="$version" \
  frameworks=arduino platforms=espressif32 || fail "library.json"
grep -q "^version: \"$version\"" "$root/idf_component.yml" || fail "idf_component.yml version differs from $version"
(cd "$lib/src" && find . -name '*.c' | sort) > "$w/lib_c"
{ (cd "$root/src" && find runtime kernels image app -name '*.c' | sed 's|^|./|')
  echo ./esp/tinycnn_esp_device.c; } | sort > "$w/want_c"
cmp -s "$w/lib_c" "$w/want_c" || fail "src/ sources differ from src/{runtime,kernels,image,app} + the ESP32 glue: $(diff "$w/want_c" "$w/lib_c" | tr '\n' ' ')"
cmp -s "$lib/src/esp/tinycnn_esp_device.c" "$root/ports/esp-idf/tinycnn/tinycnn_esp_device.c" ||
  fail "the library's device glue is not ports/esp-idf's (one code path)"
for f in CameraClassifier.ino model_data.c model_data.h build_opt.h partitions.csv; do
  [ -f "$lib/examples/CameraClassifier/$f" ] || fail "example lacks $f"
done
# The sketch's partition table (Arduino-ESP32 copies a partitions.csv in
# the sketch folder over the menu's: platform.txt recipe.hooks.prebuild.1):
# otadata at 0xe000 (the uploader writes boot_app0.bin there), the model
# partition as tinycnn_esp_device.h looks for it, two slots of a real model.
awk -F, '/^#/ || NF < 5 { next }
  { for (i = 1; i <= 5; i++) gsub(/ /, "", $i) }
  $1 == "otadata" && $4 == "0xe000" { ota = 1 }
  $1 == "model" && $2 == "data" && $3 == "0x40" && ($5 == "0x1E0000" || $5 == "0x1e0000") { model = 1 }
  END { exit !(ota && model) }' "$lib/examples/CameraClassifier/partitions.csv" ||
  fail "the sketch's partitions.csv lacks otadata at 0xe000 or the model partition (data, 0x40)"
unzip -l "$w/out/tinycnn-$version.zip" | grep -q ' tinycnn/src/kernels/registry.c$' &&
  unzip -l "$w/out/tinycnn-$version.zip" | grep -q ' tinycnn/library.properties$' ||
  fail "the zip does not hold the library folder"

# 2. headers as C++, C linkage
si=$root/tests/esp32/include
for cxx in g++ xtensa-lx106-elf-g++; do
  specs=""; [ $cxx = g++ ] || specs="-mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs"
  for h in tinycnn.h tinycnn/runtime.h tinycnn/image.h tinycnn/app.h tinycnn/esp32.h tinycnn/esp32_camera.h \
           tinycnn/device.h tinycnn/store.h tinycnn_esp_device.h; do
    printf '#define TC_BOARD_XIAO_ESP32S3\n#include "%s"\nint main() { return 0; }\n' "$h" > "$w/h.cpp"
    # shellcheck disable=SC2086
    $cxx -std=c++11 -Wall -Wextra -Werror -pedantic $specs -isystem "$si" -I"$lib/src" \
      -c "$w/h.cpp" -o "$w/h.o" 2> "$w/err" || fail "$h as C++ ($cxx): $(head -3 "$w/err")"
  done
done
printf '#include "tinycnn.h"\nvoid f(tc_app_config *c) { tc_app_config_default(c); }\n' > "$w/l.cpp"
g++ -std=c++11 -isystem "$si" -I"$lib/src" -c "$w/l.cpp" -o "$w/l.o"
nm -u "$w/l.o" | grep -q ' tc_app_config_default$' || fail "tc_app_config_default has C++ linkage: $(nm -u "$w/l.o")"

# 3. the Arduino builder
hw=$w/hardware/tinycnn-test/esp32
mkdir -p "$hw/cores/esp32" "$hw/variants/cam" "$w/libraries" "$w/tools" "$w/bp"
cp -R "$lib" "$w/libraries/"
cp "$si/Arduino.h" "$hw/cores/esp32/"
# WiFi is a library of the core (libraries/WiFi); its stand-in goes with
# the core's headers.
cp "$si/WiFi.h" "$hw/cores/esp32/"
cat > "$hw/boards.txt" <<EOT
cam.name=tinycnn stand-in ESP32 camera board
cam.build.core=esp32
cam.build.variant=cam
cam.build.board=TINYCNN_CAM
EOT
flags="-mlongcalls --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs -Os -Wall -Wextra -Werror -ffunction-sections -fdata-sections"
cat > "$hw/platform.txt" <<EOT
name=tinycnn stand-in ESP32 (tests/firmware/arduino.sh)
version=0.0.1
compiler.path=/usr/bin/
compiler.cpreprocessor.flags=-isystem "$si"
compiler.c.flags=-c $flags -std=gnu99 -MMD
compiler.cpp.flags=-c $flags -std=gnu++11 -fno-exceptions -fno-rtti -MMD
build.opt.name=build_opt.h
build.opt.path={build.path}/{build.opt.name}
recipe.hooks.prebuild.1.pattern=bash -c "[ ! -f "{build.source.path}"/build_opt.h ] || cp -f "{build.source.path}"/build_opt.h "{build.path}"/build_opt.h"
recipe.hooks.prebuild.2.pattern=bash -c "[ -f "{build.path}"/build_opt.h ] || touch "{build.path}"/build_opt.h"
recipe.c.o.pattern="{compiler.path}xtensa-lx106-elf-gcc" {compiler.cpreprocessor.flags} {compiler.c.flags} -DARDUINO={runtime.ide.version} -DARDUINO_{build.board} -DARDUINO_ARCH_{build.arch} "@{build.opt.path}" {includes} "{source_file}" -o "{object_file}"
recipe.cpp.o.pattern="{compiler.path}xtensa-lx106-elf-g++" {compiler.cpreprocessor.flags} {compiler.cpp.flags} -DARDUINO={runtime.ide.version} -DARDUINO_{build.board} -DARDUINO_ARCH_{build.arch} "@{build.opt.path}" {includes} "{source_file}" -o "{object_file}"
recipe.S.o.pattern=/bin/true
recipe.ar.pattern="{compiler.path}xtensa-lx106-elf-ar" rcs "{archive_file_path}" "{object_file}"
recipe.c.combine.pattern=/bin/true
recipe.objcopy.bin.pattern=/bin/true
recipe.size.pattern=/bin/true
recipe.size.regex=^(x)
recipe.preproc.macros="{compiler.path}xtensa-lx106-elf-g++" {compiler.cpreprocessor.flags} {compiler.cpp.flags} -w -x c++ -E -CC -DARDUINO={runtime.ide.version} -DARDUINO_ARCH_{build.arch} "@{build.opt.path}" {includes} "{source_file}" -o "{preprocessed_file_path}"
EOT
cp -R "$lib/examples/CameraClassifier" "$w/CameraClassifier"
if ! arduino-builder -compile -hardware /usr/share/arduino-builder -hardware "$w/hardware" \
    -tools "$w/tools" -libraries "$w/libraries" -fqbn tinycnn-test:esp32:cam \
    -build-path "$w/bp" -ide-version 10819 -warnings all -verbose \
    "$w/CameraClassifier/CameraClassifier.ino" > "$w/log" 2>&1; then
  grep -E 'error|Error' "$w/log" | head -20
  fail "arduino-builder failed (log above)"
fi
grep -q 'may be incompatible' "$w/log" && fail "builder: library architecture mismatch"
grep -q 'Using library tinycnn' "$w/log" || fail "builder did not use the tinycnn library: $(tail -5 "$w/log")"
n=$(find "$w/bp/libraries/tinycnn" -name '*.o' | wc -l)
[ "$n" = "$(wc -l < "$w/want_c")" ] || fail "$n library objects, expected $(wc -l < "$w/want_c")"
[ -f "$w/bp/sketch/CameraClassifier.ino.cpp.o" ] || fail "the sketch was not compiled"
reg=$(find "$w/bp/libraries/tinycnn" -name 'registry.c.o')
xtensa-lx106-elf-nm -u "$reg" | awk '$2 ~ /^tc_kernel_/ { print $2 }' | sort | tr '\n' ' ' > "$w/k"
[ "$(cat "$w/k")" = "tc_kernel_average_pool_2d tc_kernel_fully_connected tc_kernel_logistic " ] ||
  fail "build_opt.h did not reach the library: registry.c refers to $(cat "$w/k")"
[ $fails = 0 ] && echo "PASS arduino library $version: layout, C++ headers, arduino-builder ($n library objects + sketch)"
[ $fails = 0 ]
