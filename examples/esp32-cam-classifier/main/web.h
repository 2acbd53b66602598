/* Optional status page (CONFIG_CAMCLS_HTTP): Wi-Fi station from Kconfig,
 * then esp_http_server with
 *   /           HTML: the last frame (JPEG via fmt2jpg) and its score
 *   /frame.jpg  the last frame
 *   /status     JSON {"score":0.873,"label":"positive","infer_ms":12,...} */
#ifndef WEB_H
#define WEB_H

#include <stdint.h>

#include "esp_camera.h"
#include "sdkconfig.h"

#if CONFIG_CAMCLS_HTTP
void web_start(const char *label_neg, const char *label_pos);
/* Copy of the frame and its result; skipped while a request reads them,
 * so the camera loop never waits for the network. */
void web_publish(const camera_fb_t *fb, float score, int positive,
                 uint32_t infer_ms);
#endif

#endif
