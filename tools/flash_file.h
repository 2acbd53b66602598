/* A flash partition emulated by a file (or anonymous memory), for the
 * device store on the host: `tinycnn camera-sim --serve --flash FILE` and
 * the store tests. NOR semantics: erase sets whole sectors to 0xFF, write
 * can only clear bits (new = old & data), so a write without its erase
 * shows up as corrupt data, as on the chip.
 *
 * Power cuts: with cut_at = N the N-th erase/write (1-based, counted from
 * open) is the last one. torn = 1: only its first half happens; torn = 0:
 * it completes. Then on_cut(cut_ctx) runs (default: _exit(75), a cut
 * process) and, if it returns, every later erase/write fails. What was
 * written stays in the file, as it would on the chip. */
#ifndef TC_FLASH_FILE_H
#define TC_FLASH_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/store.h"

typedef struct flash_file {
  uint8_t *map;
  uint32_t size, sector;
  unsigned ops;    /* erases + writes so far */
  unsigned cut_at; /* 0 = never */
  int torn, dead;
  int heap; /* anonymous: malloc'd */
  void (*on_cut)(void *ctx);
  void *cut_ctx;
} flash_file;

/* path NULL: anonymous memory. A new file is created erased (0xFF); an
 * existing one must have exactly `size` bytes. 0, or -1 with err. */
int flash_file_open(flash_file *f, const char *path, uint32_t size,
                    uint32_t sector, char *err, size_t errlen);
void flash_file_hal(flash_file *f, tc_flash *fl);
void flash_file_close(flash_file *f);

#endif
