/* tinycnn camera-sim --serve: the device service (src/app device.c,
 * web.c, store.c) on the host, over libmicrohttpd, with the model
 * partition in a file. */
#ifndef TC_CAMSIM_SERVE_H
#define TC_CAMSIM_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "camsim.h"
#include "cli.h"
#include "tinycnn/device.h"

typedef struct serve_opts {
  const char *addr;    /* HOST:PORT */
  const char *flash;   /* partition file, NULL = in memory */
  uint32_t flash_size; /* partition bytes */
  size_t arena;        /* arena bytes; 0 = max(model's, 256 KiB) */
  size_t max_model;    /* upload limit (tc_device_config.max_model); 0 = a
                        * slot. Uploads stream through a 512-byte piece. */
  unsigned interval_ms;
  unsigned cut_at; /* power cut at this flash operation (tests) */
  int torn;        /* ... in the middle of it */
} serve_opts;

/* Runs until SIGINT/SIGTERM; an exit code. */
int camsim_serve(camsim *cs, const tc_device_config *cfg, cli_model *cm,
                 const serve_opts *o);

#endif
