#!/bin/sh
# make arduino: the Arduino library (library specification 1.5 layout) as a
# folder and a zip, from the repository's sources.
#   package.sh BUILD_DIR OUT_DIR     -> OUT_DIR/tinycnn/, OUT_DIR/tinycnn-VERSION.zip
# src/ holds only device code, because the Arduino builder compiles every
# source file under src/, recursively: the runtime, kernels, preprocessing
# and app (src/runtime, src/kernels, src/image, src/app, their relative
# layout kept), the ESP32 device glue (ports/esp-idf/tinycnn's
# tinycnn_esp_device.c as src/esp/, its header in src/: the model partition
# and the esp_http_server transport, over APIs the core ships) and the
# public headers they and sketches need. The example
# gets the placeholder model exported by the CLI of BUILD_DIR: model_data.c,
# model_data.h and build_opt.h (its build configuration, which
# Arduino-ESP32 passes to every compile).
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd); out=$2
mkdir -p "$out"; out=$(cd "$out" && pwd)
version=$(sed -n 's/^version=//p' "$here/library.properties")
lib=$out/tinycnn
rm -rf "$lib" "$out/tinycnn-$version.zip"
mkdir -p "$lib/src/tinycnn" "$lib/examples/CameraClassifier"
cp "$here/library.properties" "$here/library.json" "$lib/"
cp "$here/tinycnn.h" "$lib/src/"
for h in runtime.h image.h app.h metadata.h device.h store.h esp32.h esp32_camera.h; do
  cp "$root/include/tinycnn/$h" "$lib/src/tinycnn/"
done
for d in runtime kernels image app; do
  mkdir "$lib/src/$d"
  for f in "$root/src/$d"/*.[ch]; do cp "$f" "$lib/src/$d/"; done
done
mkdir "$lib/src/esp"
cp "$root/ports/esp-idf/tinycnn/tinycnn_esp_device.c" "$lib/src/esp/"
cp "$root/ports/esp-idf/tinycnn/include/tinycnn_esp_device.h" "$lib/src/"
ex=$lib/examples/CameraClassifier
cp "$here/examples/CameraClassifier/CameraClassifier.ino" \
   "$here/examples/CameraClassifier/partitions.csv" "$ex/"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$build/tests/tc_gen_app_model" "$tmp/placeholder.tflite"
"$build/tinycnn" export "$tmp/placeholder.tflite" --c "$tmp" --labels dark,bright >/dev/null
cp "$tmp/model_data.c" "$tmp/model_data.h" "$tmp/build_opt.h" "$ex/"
cat > "$lib/README.md" <<EOT
# tinycnn $version for Arduino-ESP32

TensorFlow Lite compatible int8/float CNN runtime in C99, camera
preprocessing and a debounced classifier loop. Open
File > Examples > tinycnn > CameraClassifier, pick your board in its first
lines, set your Wi-Fi (and an upload token), build and upload. The sketch's
partitions.csv adds the \`model\` partition where models sent with
\`tinycnn deploy MODEL.tflite http://BOARD/\` are kept (A/B). Your own model: \`tinycnn export MODEL.tflite --c
SKETCH_FOLDER\` writes model_data.c, model_data.h and build_opt.h there.
See the tinycnn README (Arduino) for details.
EOT
(cd "$out" && zip -qr "tinycnn-$version.zip" tinycnn)
echo "arduino: $lib and $out/tinycnn-$version.zip"
