/* Optional status page (CONFIG_CAMCLS_HTTP): Wi-Fi station from Kconfig,
 * then esp_http_server with
 *   /           HTML: the last classified frame and its score
 *   /frame.jpg  that frame, JPEG-encoded while it is sent (chunked)
 *   /status     JSON {"score":0.873,"label":"positive","infer_ms":12,...}
 * The handlers are thin transport glue over one published snapshot. */
#ifndef WEB_H
#define WEB_H

#include <stdint.h>

#include "esp_camera.h"
#include "sdkconfig.h"

#if CONFIG_CAMCLS_HTTP
void web_start(const char *label_neg, const char *label_pos);
/* A copy of a classified frame together with its own result (one lock);
 * skipped while a request reads the snapshot, so the camera loop never
 * waits for the network. */
void web_publish(const camera_fb_t *fb, float score, int positive,
                 uint32_t infer_ms);
#endif

#endif
