/* The A/B model partition (tinycnn/store.h). Every flash access goes
 * through the HAL in steps a power cut may fall between; the order of the
 * steps is what makes a cut harmless (header last). */
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
  s->newest = s->running = -1;
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

tc_status tc_store_write(tc_store *s, const void *model, uint32_t len,
                         int *slot) {
  const uint8_t *p = (const uint8_t *)model;
  uint8_t h[TC_STORE_HEADER];
  uint32_t off, end, o, crc, seq;
  int t;
  if (!s || !model || !slot || len == 0) return TC_ERR_ARG;
  if (len > tc_store_capacity(s))
    return fail(s, TC_ERR_ARG, "store: model larger than a slot", len);
  /* Never the slot in use; with none in use, not the newest either. */
  t = s->running >= 0 ? 1 - s->running : s->newest >= 0 ? 1 - s->newest : 0;
  seq = s->newest >= 0 ? s->slot[s->newest].seq + 1u : 1u;
  off = s->slot[t].off = (uint32_t)t * s->slot_size;
  s->slot[t].valid = 0;
  if (s->newest == t) pick_newest(s);
  /* 1. Erase what the header and the model need, one sector per step. */
  end = (TC_STORE_HEADER + len + s->fl.sector - 1) / s->fl.sector *
        s->fl.sector;
  for (o = 0; o < end; o += s->fl.sector)
    if (s->fl.erase(s->fl.ctx, off + o, s->fl.sector) != 0)
      return fail(s, TC_ERR_STATE, "store: erase failed", off + o);
  /* 2. The model, one sector per step. */
  for (o = 0; o < len; o += s->fl.sector) {
    uint32_t n = len - o < s->fl.sector ? len - o : s->fl.sector;
    if (s->fl.write(s->fl.ctx, off + TC_STORE_HEADER + o, p + o, n) != 0)
      return fail(s, TC_ERR_STATE, "store: write failed",
                  off + TC_STORE_HEADER + o);
  }
  /* 3. Read it back: what the next boot will check. */
  crc = tc_crc32(0, p, len);
  {
    uint32_t got;
    if (flash_crc(&s->fl, off + TC_STORE_HEADER, len, &got) != 0 ||
        got != crc)
      return fail(s, TC_ERR_STATE, "store: read-back CRC mismatch", off);
  }
  /* 4. Commit: the header, in one write. */
  memset(h, 0xFF, sizeof h);
  memcpy(h, MAGIC, 4);
  put32(h + 4, VERSION);
  put32(h + 8, seq);
  put32(h + 12, len);
  put32(h + 16, crc);
  put32(h + 20, tc_crc32(0, h, 20));
  if (s->fl.write(s->fl.ctx, off, h, sizeof h) != 0)
    return fail(s, TC_ERR_STATE, "store: header write failed", off);
  s->slot[t].seq = seq;
  s->slot[t].len = len;
  s->slot[t].crc = crc;
  s->slot[t].valid = 1;
  pick_newest(s);
  *slot = t;
  return TC_OK;
}
