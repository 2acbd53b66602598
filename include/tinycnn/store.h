/* tinycnn store: uploaded models in a dedicated flash partition, A/B, so
 * that a power cut at any moment leaves a bootable model (the old one or
 * the new one, never neither). Behind a small flash HAL: esp_partition_*
 * on the board, a file on the host. C99, no malloc, no stdio.
 *
 * Layout: the partition is split into two slots of equal size (a multiple
 * of the erase sector). A slot is a 32-byte header followed by the model:
 *   0  magic   "TCMS"
 *   4  version 1 (uint32 LE)
 *   8  seq     uint32 LE: which slot is newer (wraps; compared as
 *              (int32_t)(a - b) > 0)
 *   12 length  uint32 LE: model bytes
 *   16 crc     CRC-32 (IEEE, as zlib's crc32) of the model bytes
 *   20 hcrc    CRC-32 of bytes 0..19
 *   24 0xFF x 8
 *   32 the model (16-byte aligned when the partition is)
 * A slot is valid when magic, version and hcrc match, the length fits and
 * the model's CRC matches. The newest valid slot is the model.
 *
 * Writing a new model never touches the slot in use. It streams: the
 * other slot's first sector (which holds its header) is erased before
 * anything else, so that slot stops validating at the first step; then
 * the model is written in the pieces it arrives in, each further sector
 * erased just before its first byte lands in it (one flash step each);
 * then read back and its CRC checked against the bytes received; the
 * caller may check the model where it now lies (a mapped view of the
 * partition); only then the header is written, in one write: that is the
 * commit. A cut before the header leaves the other slot invalid (the old
 * model wins); a cut inside the header write leaves a header whose hcrc
 * fails (old model); after it the new slot is valid and newer. No RAM
 * holds the whole model: the caller's piece is all. */
#ifndef TINYCNN_STORE_H
#define TINYCNN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_STORE_HEADER 32u

/* The partition. Offsets are relative to its start. read/write/erase
 * return 0 on success. erase covers whole sectors (off and len multiples
 * of `sector`); write may only clear bits of erased (0xFF) bytes, as NOR
 * flash does. */
typedef struct tc_flash {
  void *ctx;
  uint32_t size;   /* partition bytes */
  uint32_t sector; /* erase unit (4096 on ESP32) */
  int (*read)(void *ctx, uint32_t off, void *dst, uint32_t len);
  int (*write)(void *ctx, uint32_t off, const void *src, uint32_t len);
  int (*erase)(void *ctx, uint32_t off, uint32_t len);
} tc_flash;

typedef struct tc_store_slot {
  uint32_t off;    /* slot start in the partition */
  uint32_t len;    /* model bytes (valid slots) */
  uint32_t seq;
  uint32_t crc;
  int valid;
} tc_store_slot;

typedef struct tc_store {
  tc_flash fl;
  uint32_t slot_size;
  tc_store_slot slot[2];
  int newest;  /* index of the newest valid slot, -1 when none */
  int running; /* slot the caller runs from, -1 = a model outside */
  /* A write in progress (tc_store_begin .. tc_store_commit). */
  int w_slot;        /* its slot, -1 none */
  int w_done;        /* tc_store_finish checked it */
  uint32_t w_len;    /* model bytes written so far */
  uint32_t w_erased; /* slot bytes erased so far (whole sectors) */
  uint32_t w_crc;    /* CRC-32 of the bytes given so far */
  uint32_t w_seq;    /* the header's seq at the commit */
  char msg[TC_MSG_LEN];
} tc_store;

/* Check the HAL and scan both slots (every valid slot's model CRC is
 * checked). TC_ERR_ARG for a partition smaller than 2 sectors (plus a
 * header) per slot. Sets running = newest. */
tc_status tc_store_open(tc_store *s, const tc_flash *fl);

/* Largest model a slot holds. */
uint32_t tc_store_capacity(const tc_store *s);

/* Valid slots newest first: their indices in order[0..n-1], n returned. */
int tc_store_order(const tc_store *s, int order[2]);

/* Write `model` to the slot that is not `running`, as described above
 * (tc_store_begin, one tc_store_append, tc_store_finish, tc_store_commit).
 * On TC_OK that slot is the newest (s->newest) and its index is returned
 * in *slot; the caller switches to it and sets s->running. On failure
 * (TC_ERR_ARG too large; TC_ERR_STATE a flash error or a read-back CRC
 * mismatch, s->msg says which step) the slot is left invalid and the
 * other one untouched. */
tc_status tc_store_write(tc_store *s, const void *model, uint32_t len,
                         int *slot);

/* The same in steps, for a model that arrives in pieces (an HTTP body):
 *   tc_store_begin   picks the slot that is not `running` (with none
 *                    running, not the newest), returns it in *slot, marks
 *                    it invalid and erases its first sector (one flash
 *                    step): from here on it never validates until the
 *                    commit. A write already in progress is dropped.
 *   tc_store_append  writes n more bytes (any n, any alignment), erasing
 *                    each new sector just before its first byte; writes
 *                    never cross a sector. TC_ERR_ARG when the model
 *                    would outgrow a slot (nothing of it written).
 *   tc_store_finish  reads the model back from flash (256-byte pieces on
 *                    the stack) and compares its CRC with the bytes given:
 *                    then flash holds exactly them and the caller may
 *                    check them in place (the mapped partition at
 *                    s->slot[slot].off + TC_STORE_HEADER, s->w_len bytes).
 *   tc_store_commit  writes the header (the commit); the slot is the
 *                    newest; *slot as begin said.
 *   tc_store_cancel  drops the write: the slot stays invalid (its bytes
 *                    garbage, its header erased); no flash step.
 * A failed step (a flash error: TC_ERR_STATE; a model outgrowing a slot
 * or an empty one at finish: TC_ERR_ARG; each with s->msg) drops the
 * write. A call out of order returns TC_ERR_STATE and changes nothing. */
tc_status tc_store_begin(tc_store *s, int *slot);
tc_status tc_store_append(tc_store *s, const void *p, uint32_t n);
tc_status tc_store_finish(tc_store *s);
tc_status tc_store_commit(tc_store *s, int *slot);
void tc_store_cancel(tc_store *s);

/* CRC-32 (IEEE 802.3, reflected, init and final xor 0xFFFFFFFF; the same
 * as zlib's crc32(crc, p, n)): start with crc = 0. */
uint32_t tc_crc32(uint32_t crc, const void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
