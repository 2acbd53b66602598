/* The host transport of the device service (tinycnn/device.h):
 * libmicrohttpd, one internal polling thread, on a loopback or any IPv4
 * address. `tinycnn camera-sim --serve` uses it; the board uses
 * esp_http_server instead, over the same tc_device_* calls. */
#ifndef TC_HTTP_HOST_H
#define TC_HTTP_HOST_H

#include <stddef.h>

#include "tinycnn/device.h"

typedef struct http_host http_host;

/* addr "HOST:PORT" (IPv4; PORT 0 picks a free port, *port gets the one
 * bound). NULL with err on failure. */
http_host *http_host_start(tc_device *d, const char *addr, int *port,
                           char *err, size_t errlen);
void http_host_stop(http_host *h);

/* The device HAL's JPEG encoder on the host (libjpeg, quality 80). */
int http_host_jpeg(void *ctx, const tc_frame *f, tc_http_out *out);

#endif
