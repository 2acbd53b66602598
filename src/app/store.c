/* The A/B model partition (tinycnn/store.h). Every flash access goes
 * through the HAL in steps a power cut may fall between; the order of the
 * steps is what makes a cut harmless (the target's header sector erased
 * first, the new header last). */
#include "tinycnn/store.h"

#include <string.h>

#include "fmt.h"

#define MAGIC "TCMS"
#define VERSION 1u
#define CHUNK 256u /* stack buffer for CRC read-back */

uint32_t tc_crc32(uint32_t crc, const void *p, size_t n) {
  const uint8_t *b = (const uint8_t *)p;
  crc = ~crc;
  while (n--) {
    int k;
    crc ^= *b++;
    for (k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static tc_status fail(tc_store *s, tc_status st, const char *what,
                      uint32_t off) {
  tc_sb b;
  tc_sb_init(&b, s->msg, sizeof s->msg);
  tc_sb_str(&b, what);
  tc_sb_str(&b, " at offset ");
  tc_sb_u32(&b, off);
  return st;
}

uint32_t tc_store_capacity(const tc_store *s) {
  return s->slot_size - TC_STORE_HEADER;
}

/* CRC of len bytes at off, read in chunks. -1 on a read error. */
static int flash_crc(const tc_flash *fl, uint32_t off, uint32_t len,
                     uint32_t *crc) {
  uint8_t buf[CHUNK];
  uint32_t c = 0;
  while (len) {
    uint32_t n = len < CHUNK ? len : CHUNK;
    if (fl->read(fl->ctx, off, buf, n) != 0) return -1;
    c = tc_crc32(c, buf, n);
    off += n;
    len -= n;
  }
  *crc = c;
  return 0;
}

static void scan(tc_store *s, int i) {
  tc_store_slot *sl = &s->slot[i];
  uint8_t h[TC_STORE_HEADER];
  uint32_t crc;
  sl->valid = 0;
  sl->off = (uint32_t)i * s->slot_size;
  if (s->fl.read(s->fl.ctx, sl->off, h, sizeof h) != 0) return;
  if (memcmp(h, MAGIC, 4) != 0 || get32(h + 4) != VERSION ||
      get32(h + 20) != tc_crc32(0, h, 20))
    return;
  sl->seq = get32(h + 8);
  sl->len = get32(h + 12);
  sl->crc = get32(h + 16);
  if (sl->len == 0 || sl->len > tc_store_capacity(s)) return;
  if (flash_crc(&s->fl, sl->off + TC_STORE_HEADER, sl->len, &crc) != 0 ||
      crc != sl->crc)
    return;
  sl->valid = 1;
}

static int newer(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }

static void pick_newest(tc_store *s) {
  s->newest = -1;
  if (s->slot[0].valid) s->newest = 0;
  if (s->slot[1].valid &&
      (s->newest < 0 || newer(s->slot[1].seq, s->slot[0].seq)))
    s->newest = 1;
}

tc_status tc_store_open(tc_store *s, const tc_flash *fl) {
  if (!s) return TC_ERR_ARG;
  memset(s, 0, sizeof *s);
  s->newest = s->running = s->w_slot = -1;
  if (!fl || !fl->read || !fl->write || !fl->erase || fl->sector < 64 ||
      (fl->sector & (fl->sector - 1)))
    return fail(s, TC_ERR_ARG, "store: the flash HAL needs read, write, "
                "erase and a power-of-two sector", 0);
  s->fl = *fl;
  s->slot_size = fl->size / 2 / fl->sector * fl->sector;
  if (s->slot_size < 2 * fl->sector)
    return fail(s, TC_ERR_ARG, "store: partition too small for two slots "
                "of two sectors", fl->size);
  scan(s, 0);
  scan(s, 1);
  pick_newest(s);
  s->running = s->newest;
  return TC_OK;
}

int tc_store_order(const tc_store *s, int order[2]) {
  int n = 0;
  if (s->newest < 0) return 0;
  order[n++] = s->newest;
  if (s->slot[1 - s->newest].valid) order[n++] = 1 - s->newest;
  return n;
}

void tc_store_cancel(tc_store *s) {
  if (!s) return;
  s->w_slot = -1;
  s->w_done = 0;
}

/* A failed step drops the write; the slot stays invalid. */
static tc_status wfail(tc_store *s, tc_status st, const char *what,
                       uint32_t off) {
  tc_store_cancel(s);
  return fail(s, st, what, off);
}

static tc_status not_writing(tc_store *s) {
  return fail(s, TC_ERR_STATE, "store: no write in progress (tc_store_begin "
              "first)", 0);
}

tc_status tc_store_begin(tc_store *s, int *slot) {
  int t;
  uint32_t off;
  if (!s || !slot) return TC_ERR_ARG;
  tc_store_cancel(s);
  /* Never the slot in use; with none in use, not the newest either. */
  t = s->running >= 0 ? 1 - s->running : s->newest >= 0 ? 1 - s->newest : 0;
  s->w_seq = s->newest >= 0 ? s->slot[s->newest].seq + 1u : 1u;
  off = s->slot[t].off = (uint32_t)t * s->slot_size;
  s->slot[t].valid = 0;
  if (s->newest == t) pick_newest(s);
  /* 1. The sector with the header first: the slot no longer validates. */
  if (s->fl.erase(s->fl.ctx, off, s->fl.sector) != 0)
    return wfail(s, TC_ERR_STATE, "store: erase failed", off);
  s->w_slot = t;
  s->w_len = 0;
  s->w_erased = s->fl.sector;
  s->w_crc = 0;
  *slot = t;
  return TC_OK;
}

tc_status tc_store_append(tc_store *s, const void *p, uint32_t n) {
  const uint8_t *b = (const uint8_t *)p;
  uint32_t off;
  if (!s || (!p && n)) return TC_ERR_ARG;
  if (s->w_slot < 0 || s->w_done) return not_writing(s);
  if (n > tc_store_capacity(s) - s->w_len)
    return wfail(s, TC_ERR_ARG, "store: model larger than a slot",
                 s->w_len + n);
  off = s->slot[s->w_slot].off;
  s->w_crc = tc_crc32(s->w_crc, b, n);
  while (n) {
    uint32_t at = TC_STORE_HEADER + s->w_len; /* in the slot */
    uint32_t room, k;
    /* 2. Each further sector erased just before its first byte. */
    if (at >= s->w_erased) {
      if (s->fl.erase(s->fl.ctx, off + s->w_erased, s->fl.sector) != 0)
        return wfail(s, TC_ERR_STATE, "store: erase failed",
                     off + s->w_erased);
      s->w_erased += s->fl.sector;
    }
    /* 3. The bytes, never across a sector. */
    room = s->w_erased - at;
    k = n < room ? n : room;
    if (s->fl.write(s->fl.ctx, off + at, b, k) != 0)
      return wfail(s, TC_ERR_STATE, "store: write failed", off + at);
    s->w_len += k;
    b += k;
    n -= k;
  }
  return TC_OK;
}

tc_status tc_store_finish(tc_store *s) {
  uint32_t got, off;
  if (!s) return TC_ERR_ARG;
  if (s->w_slot < 0 || s->w_done) return not_writing(s);
  off = s->slot[s->w_slot].off;
  if (s->w_len == 0) return wfail(s, TC_ERR_ARG, "store: empty model", off);
  /* 4. Read it back: what the next boot will check. */
  if (flash_crc(&s->fl, off + TC_STORE_HEADER, s->w_len, &got) != 0 ||
      got != s->w_crc)
    return wfail(s, TC_ERR_STATE, "store: read-back CRC mismatch", off);
  s->w_done = 1;
  return TC_OK;
}

tc_status tc_store_commit(tc_store *s, int *slot) {
  uint8_t h[TC_STORE_HEADER];
  uint32_t off;
  int t;
  if (!s || !slot) return TC_ERR_ARG;
  if (s->w_slot < 0 || !s->w_done)
    return fail(s, TC_ERR_STATE, "store: nothing to commit (tc_store_finish "
                "first)", 0);
  t = s->w_slot;
  off = s->slot[t].off;
  /* 5. Commit: the header, in one write. */
  memset(h, 0xFF, sizeof h);
  memcpy(h, MAGIC, 4);
  put32(h + 4, VERSION);
  put32(h + 8, s->w_seq);
  put32(h + 12, s->w_len);
  put32(h + 16, s->w_crc);
  put32(h + 20, tc_crc32(0, h, 20));
  if (s->fl.write(s->fl.ctx, off, h, sizeof h) != 0)
    return wfail(s, TC_ERR_STATE, "store: header write failed", off);
  s->slot[t].seq = s->w_seq;
  s->slot[t].len = s->w_len;
  s->slot[t].crc = s->w_crc;
  s->slot[t].valid = 1;
  tc_store_cancel(s);
  pick_newest(s);
  *slot = t;
  return TC_OK;
}

tc_status tc_store_write(tc_store *s, const void *model, uint32_t len,
                         int *slot) {
  tc_status st;
  int t;
  if (!s || !model || !slot || len == 0) return TC_ERR_ARG;
  if (len > tc_store_capacity(s))
    return fail(s, TC_ERR_ARG, "store: model larger than a slot", len);
  if ((st = tc_store_begin(s, &t)) != TC_OK ||
      (st = tc_store_append(s, model, len)) != TC_OK ||
      (st = tc_store_finish(s)) != TC_OK ||
      (st = tc_store_commit(s, &t)) != TC_OK)
    return st;
  *slot = t;
  return TC_OK;
}
