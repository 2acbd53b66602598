/* The board on the network (CONFIG_CAMCLS_HTTP): Wi-Fi station from
 * Kconfig, then esp_http_server with the device service's routes
 * (tinycnn/device.h through ports/esp-idf/tinycnn's transport):
 *   GET  /           HTML: the last classified frame and its score
 *   GET  /status     JSON {"score":0.873,"label":"bright",...,"model":{...}}
 *   GET  /frame.jpg  that frame, JPEG-encoded while it is sent (chunked)
 *   GET  /capture    that frame lossless: PGM (grey) or PPM (RGB565 widened)
 *   POST /model      a .tflite: checked, stored in the model partition (A/B),
 *                    switched to between two frames
 * The handlers are the shared ones of src/app; this file only joins the
 * network. */
#ifndef WEB_H
#define WEB_H

#include "sdkconfig.h"
#include "tinycnn_esp_device.h"

#if CONFIG_CAMCLS_HTTP
/* Wi-Fi, then the HTTP server on port 80 for d. */
void web_start(tc_esp_device *e, tc_device *d);
#endif

#endif
