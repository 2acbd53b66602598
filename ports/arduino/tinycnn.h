/* tinycnn for Arduino: the library's one include (library.properties
 * includes=tinycnn.h). The runtime, preprocessing and camera-classifier
 * logic are C99; these headers declare them extern "C" for sketches.
 * Camera boards: include "tinycnn/esp32_camera.h" after choosing one
 * (see examples/CameraClassifier). */
#ifndef TINYCNN_ARDUINO_H
#define TINYCNN_ARDUINO_H

#include "tinycnn/app.h"
#include "tinycnn/esp32.h"
#include "tinycnn/image.h"
#include "tinycnn/runtime.h"

#endif
