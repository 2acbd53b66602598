/* The device loop's shared code (src/app store.c, device.c, web.c) in
 * process, with the flash emulated in memory (tools/flash_file.c) and a
 * fake camera:
 *   store   CRC-32 against zlib's; A/B writes; a power cut at every erase
 *           and write of an upload, torn or complete: the next boot finds
 *           the old model or the new one, never neither, and the new one
 *           exactly when the commit (header) was written.
 *   device  boot choice, uploads accepted and refused (bad file, truncated,
 *           unsupported op, arena, camera cannot feed, size, token, busy)
 *           with the running model, the boot choice and the running slot's
 *           bytes untouched and the free slot never committed, /status and
 *           /capture bytes, a power cut at every flash step of an upload
 *           followed by a reboot, uploads while another thread classifies
 *           frames. Uploads stream through a 64-byte piece buffer.
 *   stream  a model larger than every RAM buffer the device has (arena,
 *           frames, the 64-byte piece buffer) uploaded: stored, its CRC
 *           (zlib's) in the header, booted; the same size truncated,
 *           corrupted, refused (arena, token, over a slot) leaving the
 *           running model and the boot choice; a power cut at each of its
 *           several hundred flash steps, torn or complete, then a reboot:
 *           the previous model, or the new one exactly after the commit.
 *   test_loop [meta|store|device|stream|concurrent] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "../tools/flash_file.h"
#include "app_model.h"
#include "support/check.h"
#include "tinycnn/device.h"

#define FLASH (64u * 1024)
#define SECTOR 4096u
#define PIECE 64u /* the device's upload piece buffer */

static void no_exit(void *ctx) { (void)ctx; }

static void rnd(uint8_t *p, size_t n, uint32_t seed) {
  size_t i;
  for (i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = (uint8_t)(seed >> 24);
  }
}

static void flash_new(flash_file *f, tc_flash *fl) {
  char err[128];
  if (flash_file_open(f, NULL, FLASH, SECTOR, err, sizeof err) != 0) {
    printf("FAIL flash: %s\n", err);
    exit(1);
  }
  f->on_cut = no_exit;
  flash_file_hal(f, fl);
}

/* The model the store boots: newest valid slot's bytes, or NULL. */
static const uint8_t *booted(flash_file *f, uint32_t *len) {
  tc_store s;
  tc_flash fl;
  int order[2];
  flash_file_hal(f, &fl);
  if (tc_store_open(&s, &fl) != TC_OK || tc_store_order(&s, order) == 0)
    return NULL;
  *len = s.slot[order[0]].len;
  return f->map + s.slot[order[0]].off + TC_STORE_HEADER;
}

static int same(const uint8_t *a, uint32_t la, const uint8_t *b,
                uint32_t lb) {
  return a && la == lb && memcmp(a, b, la) == 0;
}

/* Every cut of writing `nw` over a flash image `base` whose boot model is
 * `old`: old or new after the cut, new exactly after the commit. */
static void cuts(const uint8_t *base, const uint8_t *old, uint32_t lold,
                 const uint8_t *nw, uint32_t lnew, const char *what) {
  flash_file f;
  tc_flash fl;
  tc_store s;
  unsigned total, k;
  int torn, slot;
  uint32_t len = 0;
  const uint8_t *b;
  flash_new(&f, &fl);
  memcpy(f.map, base, FLASH);
  CHECK(tc_store_open(&s, &fl) == TC_OK &&
            tc_store_write(&s, nw, lnew, &slot) == TC_OK,
        "%s: uncut write: %s", what, s.msg);
  total = f.ops;
  /* erase + write per sector, then the header */
  CHECK(total == 2 * ((lnew + TC_STORE_HEADER + SECTOR - 1) / SECTOR) + 1 ||
            total == (lnew + TC_STORE_HEADER + SECTOR - 1) / SECTOR +
                         (lnew + SECTOR - 1) / SECTOR + 1,
        "%s: %u flash operations for %u bytes", what, total, lnew);
  flash_file_close(&f);
  for (k = 1; k <= total; k++) {
    for (torn = 0; torn < 2; torn++) {
      tc_status st;
      flash_new(&f, &fl);
      memcpy(f.map, base, FLASH);
      f.cut_at = k;
      f.torn = torn;
      tc_store_open(&s, &fl);
      st = tc_store_write(&s, nw, lnew, &slot);
      CHECK(st == TC_ERR_STATE, "%s cut %u/%u%s: write returned %d", what, k,
            total, torn ? " torn" : "", (int)st);
      /* Reboot. */
      f.cut_at = 0;
      f.dead = 0;
      b = booted(&f, &len);
      if (k == total && !torn)
        CHECK(same(b, len, nw, lnew), "%s cut after the commit: the new "
              "model should boot", what);
      else
        CHECK(same(b, len, old, lold), "%s cut %u/%u%s: the old model "
              "should boot (got %s)", what, k, total, torn ? " torn" : "",
              !b ? "none" : same(b, len, nw, lnew) ? "the new" : "garbage");
      flash_file_close(&f);
    }
  }
}

static void test_store(void) {
  uint8_t m1[9000], m2[5000], m3[300], buf[1024];
  flash_file f;
  tc_flash fl;
  tc_store s;
  uint8_t *base;
  const uint8_t *b;
  uint32_t len = 0;
  int slot = -1, order[2];
  size_t i;
  rnd(buf, sizeof buf, 7);
  for (i = 0; i <= sizeof buf; i += 97)
    CHECK(tc_crc32(0, buf, i) == (uint32_t)crc32(0, buf, (uInt)i),
          "crc32 of %zu bytes: %08x, zlib %08lx", i, tc_crc32(0, buf, i),
          crc32(0, buf, (uInt)i));
  CHECK(tc_crc32(tc_crc32(0, buf, 100), buf + 100, 200) ==
            (uint32_t)crc32(0, buf, 300), "crc32 in two pieces");
  rnd(m1, sizeof m1, 1);
  rnd(m2, sizeof m2, 2);
  rnd(m3, sizeof m3, 3);

  flash_new(&f, &fl);
  CHECK(tc_store_open(&s, &fl) == TC_OK && s.newest == -1 &&
        tc_store_capacity(&s) == FLASH / 2 - TC_STORE_HEADER,
        "empty flash: newest %d", s.newest);
  CHECK(tc_store_write(&s, m1, sizeof m1, &slot) == TC_OK && slot == 0 &&
        s.newest == 0, "first write: slot %d (%s)", slot, s.msg);
  s.running = slot;
  CHECK(tc_store_write(&s, m2, sizeof m2, &slot) == TC_OK && slot == 1,
        "second write goes to B: slot %d", slot);
  b = booted(&f, &len);
  CHECK(same(b, len, m2, sizeof m2), "reboot: m2 (B)");
  tc_store_open(&s, &fl);
  CHECK(tc_store_order(&s, order) == 2 && order[0] == 1 && order[1] == 0 &&
        s.slot[1].seq == s.slot[0].seq + 1, "both valid, B newer");
  CHECK(tc_store_write(&s, m1, FLASH, &slot) == TC_ERR_ARG,
        "larger than a slot: refused");
  b = booted(&f, &len);
  CHECK(same(b, len, m2, sizeof m2), "refusal changed nothing");
  /* A flipped bit in the running slot's model: the other slot boots. */
  f.map[FLASH / 2 + TC_STORE_HEADER + 10] ^= 4;
  b = booted(&f, &len);
  CHECK(same(b, len, m1, sizeof m1), "B corrupted: A boots");
  f.map[FLASH / 2 + TC_STORE_HEADER + 10] ^= 4;
  base = malloc(FLASH);
  memcpy(base, f.map, FLASH);
  flash_file_close(&f);
  /* Every cut, both slots in use (m2 newest: m3 goes over m1's A). */
  cuts(base, m2, sizeof m2, m3, sizeof m3, "A+B, small");
  cuts(base, m2, sizeof m2, m1, sizeof m1, "A+B, 3 sectors");
  /* One slot in use. */
  flash_new(&f, &fl);
  tc_store_open(&s, &fl);
  tc_store_write(&s, m3, sizeof m3, &slot);
  memcpy(base, f.map, FLASH);
  flash_file_close(&f);
  cuts(base, m3, sizeof m3, m1, sizeof m1, "A only");
  free(base);
}

/* ---- model metadata ----------------------------------------------------- */

static uint8_t *model(int side, int ch, const char *meta, int custom,
                      size_t *len);

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Model.metadata[0] read by hand from the FlatBuffers layout (schema.fbs:
 * Model field 6 metadata:[Metadata], Metadata { name:string (0);
 * buffer:uint (1) }, Model field 4 buffers:[Buffer], Buffer field 0
 * data:[ubyte]): its name and its buffer's bytes. */
static int by_hand(const uint8_t *b, const char **name, const uint8_t **data,
                   uint32_t *len) {
  uint32_t root = rd32(b), vt = root - (uint32_t)(int32_t)rd32(b + root);
  uint32_t f6, f4, md, e, evt, nm, bi, bufs, bt, btv, dv;
  if ((uint16_t)(b[vt] | b[vt + 1] << 8) < 4 + 2 * 7) return -1;
  f6 = (uint32_t)(b[vt + 4 + 12] | b[vt + 5 + 12] << 8);
  f4 = (uint32_t)(b[vt + 4 + 8] | b[vt + 5 + 8] << 8);
  if (!f6 || !f4) return -1;
  md = root + f6 + rd32(b + root + f6);
  e = md + 4 + rd32(b + md + 4); /* element 0 */
  evt = e - (uint32_t)(int32_t)rd32(b + e);
  nm = e + (uint32_t)(b[evt + 4] | b[evt + 5] << 8);
  *name = (const char *)b + nm + rd32(b + nm) + 4;
  bi = rd32(b + e + (uint32_t)(b[evt + 6] | b[evt + 7] << 8));
  bufs = root + f4 + rd32(b + root + f4);
  if (bi >= rd32(b + bufs)) return -1;
  bt = bufs + 4 + 4 * bi + rd32(b + bufs + 4 + 4 * bi);
  btv = bt - (uint32_t)(int32_t)rd32(b + bt);
  dv = bt + (uint32_t)(b[btv + 4] | b[btv + 5] << 8);
  dv += rd32(b + dv);
  *len = rd32(b + dv);
  *data = b + dv + 4;
  return 0;
}

static void test_meta(void) {
  static const char text[] = "tinycnn-metadata 1\nlabels=no mask,mask\n"
                             "threshold=0.437500\ninput_range=-1.000000,"
                             "1.000000\ncrop=stretch\n";
  char buf[256], msg[TC_MSG_LEN];
  tc_meta m, back;
  tc_model mod;
  uint8_t *b, *plain;
  size_t len, plen;
  const uint8_t *d;
  const char *name = "";
  uint32_t dlen = 0;
  size_t n;
  tc_meta_default(&m);
  m.has = TC_META_HAS_LABELS | TC_META_HAS_THRESHOLD | TC_META_HAS_RANGE |
          TC_META_HAS_CROP;
  strcpy(m.label_neg, "no mask");
  strcpy(m.label_pos, "mask");
  m.threshold = 0.4375f;
  m.range_lo = -1.0f;
  m.stretch = 1;
  n = tc_meta_format(&m, buf, sizeof buf);
  CHECK(n == strlen(text) && !strcmp(buf, text), "format: '%s'", buf);
  CHECK(tc_meta_parse((const uint8_t *)text, strlen(text), &back, msg) ==
            TC_OK && back.has == m.has && !strcmp(back.label_neg, "no mask")
        && !strcmp(back.label_pos, "mask") && back.threshold == 0.4375f &&
        back.range_lo == -1.0f && back.range_hi == 1.0f && back.stretch == 1,
        "parse back: %s", msg);
  CHECK(tc_meta_format(&m, buf, 40) == 0 && buf[0] == 0, "too small a buffer");
  strcpy(m.label_pos, "a,b");
  CHECK(tc_meta_format(&m, buf, sizeof buf) == 0, "a label with ','");
  {
    static const struct { const char *t, *why; } bad[] = {
        {"tinycnn-metadata 2\n", "line 1"},
        {"tinycnn-metadata 1\nthreshold=1.5\n", "line 2: threshold"},
        {"tinycnn-metadata 1\nthreshold=0.5x\n", "line 2: threshold"},
        {"tinycnn-metadata 1\n\nlabels=ab\n", "line 3: labels"},
        {"tinycnn-metadata 1\ninput_range=1,0\n", "input_range"},
        {"tinycnn-metadata 1\ncrop=left\n", "crop"},
        {"tinycnn-metadata 1\nnonsense\n", "key=value"},
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
      CHECK(tc_meta_parse((const uint8_t *)bad[i].t, strlen(bad[i].t), &back,
                          msg) == TC_ERR_MODEL && strstr(msg, bad[i].why),
            "bad metadata %zu: '%s'", i, msg);
  }
  CHECK(tc_meta_parse((const uint8_t *)"tinycnn-metadata 1\nfuture=1\n", 28,
                      &back, msg) == TC_OK && back.has == 0,
        "unknown keys are skipped: %s", msg);
  /* In a model: where TFLite's schema puts it, and the model unchanged. */
  b = model(8, 1, text, 0, &len);
  plain = model(8, 1, NULL, 0, &plen);
  CHECK(by_hand(b, &name, &d, &dlen) == 0 && !strcmp(name, "tinycnn") &&
        dlen == strlen(text) && !memcmp(d, text, dlen),
        "by hand: Model.metadata[0] '%s', %u bytes", name, dlen);
  CHECK(tc_model_load(&mod, b, len) == TC_OK &&
        tc_meta_read(&mod, &back, msg) == TC_OK && back.threshold == 0.4375f
        && !strcmp(back.label_neg, "no mask"), "tc_meta_read: %s", msg);
  CHECK(tc_meta_find(&mod, "other", &d, &len) == TC_OK && !d,
        "another name: none");
  CHECK(tc_model_load(&mod, plain, plen) == TC_OK &&
        tc_meta_read(&mod, &back, msg) == TC_OK && back.has == 0 &&
        !strcmp(back.label_pos, "positive") && back.threshold == 0.5f,
        "no metadata: the defaults");
  {
    tc_image_opts o;
    tc_meta_parse((const uint8_t *)text, strlen(text), &back, msg);
    tc_app_image_opts(&back, &o);
    CHECK(o.scale_in == 2.0f / 255.0f && o.offset_in == -1.0f && o.stretch,
          "image options from the metadata");
  }
  free(b);
  free(plain);
}

/* ---- the device with a fake camera ------------------------------------ */

typedef struct fake {
  uint8_t px[160 * 120];
  int grey;
  pthread_mutex_t mu[2], logmu;
  flash_file ff;
  char last[256];
  unsigned lines, bad_lines;
} fake;

static int f_get(void *ctx, tc_frame *f) {
  fake *k = ctx;
  memset(k->px, k->grey, sizeof k->px);
  f->data = k->px;
  f->width = 160;
  f->height = 120;
  f->stride = 0;
  f->format = TC_PIX_GRAY8;
  return 0;
}
static void f_release(void *ctx, tc_frame *f) { (void)ctx; (void)f; }
static int f_reinit(void *ctx) { (void)ctx; return 0; }
static int64_t f_time(void *ctx) {
  struct timespec ts;
  (void)ctx;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
static void f_log(void *ctx, const char *line) {
  fake *k = ctx;
  pthread_mutex_lock(&k->logmu);
  snprintf(k->last, sizeof k->last, "%s", line);
  k->lines++;
  if (!strncmp(line, "score=", 6) &&
      !strstr(line, " label=") ) k->bad_lines++;
  pthread_mutex_unlock(&k->logmu);
}
static void f_lock(void *ctx, int w) { pthread_mutex_lock(&((fake *)ctx)->mu[w]); }
static void f_unlock(void *ctx, int w) { pthread_mutex_unlock(&((fake *)ctx)->mu[w]); }
static const uint8_t *f_map(void *ctx) { return ((fake *)ctx)->ff.map; }

typedef struct resp {
  int status;
  char type[64], hdr[5][2][32];
  size_t nh;
  long length;
  uint8_t body[40000];
  size_t len;
} resp;

static int r_begin(void *ctx, int status, const char *type,
                   const tc_http_hdr *h, size_t nh, long length) {
  resp *r = ctx;
  size_t i;
  r->status = status;
  snprintf(r->type, sizeof r->type, "%s", type);
  r->nh = nh < 5 ? nh : 5;
  for (i = 0; i < r->nh; i++) {
    snprintf(r->hdr[i][0], 32, "%s", h[i].name);
    snprintf(r->hdr[i][1], 32, "%s", h[i].value);
  }
  r->length = length;
  r->len = 0;
  return 0;
}
static int r_write(void *ctx, const void *p, size_t n) {
  resp *r = ctx;
  if (r->len + n >= sizeof r->body) return -1;
  memcpy(r->body + r->len, p, n);
  r->len += n;
  r->body[r->len] = 0;
  return 0;
}

static void get(tc_device *d, const char *path, resp *r) {
  tc_http_req rq;
  tc_http_out o = {r, r_begin, r_write};
  memset(r, 0, sizeof *r);
  memset(&rq, 0, sizeof rq);
  rq.method = TC_HTTP_GET;
  rq.path = path;
  rq.content_length = -1;
  tc_device_http(d, &rq, &o);
}

static const char *hdr(const resp *r, const char *name) {
  size_t i;
  for (i = 0; i < r->nh; i++)
    if (!strcmp(r->hdr[i][0], name)) return r->hdr[i][1];
  return "";
}

/* POST /model in pieces of 100 bytes; the HTTP status. */
static int upload(tc_device *d, const void *m, size_t len, long clen,
                  const char *token, resp *r) {
  tc_http_req rq;
  tc_http_out o = {r, r_begin, r_write};
  size_t i;
  memset(r, 0, sizeof *r);
  memset(&rq, 0, sizeof rq);
  rq.method = TC_HTTP_POST;
  rq.path = "/model";
  rq.token = token;
  rq.content_length = clen;
  if (!tc_device_is_upload(&rq)) return -1;
  if (!tc_device_upload_begin(d, &rq, &o)) return r->status;
  for (i = 0; i < len; i += 100)
    tc_device_upload_data(d, (const uint8_t *)m + i,
                          len - i < 100 ? len - i : 100);
  tc_device_upload_end(d, &o);
  return r->status;
}

typedef struct rig {
  fake k;
  tc_device *d;
  tc_device_mem mem;
  tc_app_hal ah;
  tc_device_hal dh;
  tc_device_config cfg;
  tc_flash fl;
  uint8_t *builtin;
  size_t builtin_len;
} rig;

static void rig_init(rig *g, const char *token, size_t arena) {
  memset(g, 0, sizeof *g);
  pthread_mutex_init(&g->k.mu[0], NULL);
  pthread_mutex_init(&g->k.mu[1], NULL);
  pthread_mutex_init(&g->k.logmu, NULL);
  flash_new(&g->k.ff, &g->fl);
  g->ah.ctx = &g->k;
  g->ah.frame_get = f_get;
  g->ah.frame_release = f_release;
  g->ah.camera_reinit = f_reinit;
  g->ah.time_us = f_time;
  g->ah.log_line = f_log;
  g->dh.ctx = &g->k;
  g->dh.lock = f_lock;
  g->dh.unlock = f_unlock;
  g->dh.flash_map = f_map;
  tc_device_config_default(&g->cfg);
  g->cfg.token = token;
  g->mem.arena_size = arena;
  g->mem.arena = aligned_alloc(16, arena);
  /* A tiny piece buffer: every upload streams in many pieces. The size
   * limit is a config value, not a buffer. */
  g->mem.upload_size = PIECE;
  g->mem.upload = malloc(PIECE);
  g->cfg.max_model = 8192;
  g->mem.snap_size = 160 * 120;
  g->mem.snap[0] = malloc(160 * 120);
  g->mem.snap[1] = malloc(160 * 120);
  g->d = aligned_alloc(16, (sizeof *g->d + 15) / 16 * 16);
  app_model_build(48, &g->builtin, &g->builtin_len);
}

static tc_status rig_boot(rig *g) {
  return tc_device_init(g->d, &g->ah, &g->dh, &g->fl, &g->cfg, &g->mem,
                        g->builtin, g->builtin_len);
}

static void rig_free(rig *g) {
  free(g->mem.arena);
  free(g->mem.upload);
  free(g->mem.snap[0]);
  free(g->mem.snap[1]);
  free(g->d);
  free(g->builtin);
  flash_file_close(&g->k.ff);
}

static uint8_t *model(int side, int ch, const char *meta, int custom,
                      size_t *len) {
  uint8_t *b = NULL;
  if (app_model_build_ex(side, ch, meta, custom, &b, len) != 0) exit(1);
  return b;
}

/* CRC-32 (zlib's) of the model a reboot would pick from the store, 0 when
 * none (the built-in one). */
static uint32_t boot_choice(flash_file *f) {
  uint32_t len = 0;
  const uint8_t *b = booted(f, &len);
  return b ? (uint32_t)crc32(0, b, (uInt)len) : 0;
}

/* Refused with `status`, the reason in the answer; the running model, the
 * boot choice and the running slot's bytes unchanged, the other slot not
 * committed (not valid, or its bytes as they were: refused before the
 * body). */
static void refused(rig *g, const void *m, size_t len, long clen,
                    const char *token, int status, const char *why,
                    const char *what) {
  resp *r = malloc(sizeof *r);
  uint8_t *before = malloc(FLASH);
  uint32_t crc = g->d->model_crc, boot = boot_choice(&g->k.ff);
  uint32_t half = FLASH / 2;
  int slot = g->d->model_slot, other = slot >= 0 ? 1 - slot : -1;
  int got;
  tc_store st;
  memcpy(before, g->k.ff.map, FLASH);
  got = upload(g->d, m, len, clen, token, r);
  CHECK(got == status && strstr((char *)r->body, why) &&
            strstr((char *)r->body, "keeps running"),
        "%s: HTTP %d '%s', expected %d with '%s'", what, got,
        (char *)r->body, status, why);
  CHECK(g->d->model_crc == crc && g->d->model_slot == slot &&
            tc_device_step(g->d) == TC_OK,
        "%s: the running model changed or stopped", what);
  CHECK(boot_choice(&g->k.ff) == boot, "%s: the boot choice changed", what);
  CHECK(slot < 0 || !memcmp(before + (uint32_t)slot * half,
                            g->k.ff.map + (uint32_t)slot * half, half),
        "%s: the running slot's bytes changed", what);
  if (other >= 0) {
    tc_flash fl;
    flash_file_hal(&g->k.ff, &fl);
    tc_store_open(&st, &fl);
    CHECK(!st.slot[other].valid ||
              !memcmp(before + (uint32_t)other * half,
                      g->k.ff.map + (uint32_t)other * half, half),
          "%s: the free slot was committed", what);
  }
  free(before);
  free(r);
}

/* Flash steps of streaming n model bytes through a `piece`-byte buffer:
 * the first sector erased, each further one erased before its first
 * byte, one write per piece split where a sector ends (slot offsets: the
 * model starts after the 32-byte header), the header. Counted here
 * independently of store.c. */
static unsigned stream_steps(size_t n, size_t piece) {
  size_t o, writes = 1;
  for (o = 1; o < n; o++)
    if (o % piece == 0 || (o + TC_STORE_HEADER) % SECTOR == 0) writes++;
  return (unsigned)((TC_STORE_HEADER + n + SECTOR - 1) / SECTOR + writes + 1);
}

/* A power cut at every flash step of uploading `nw` over a device that
 * runs `old_crc` from slot `old_slot`, torn or complete, then a reboot:
 * the previous model, or the new one exactly when the cut came after the
 * commit (the last step). */
static void cut_uploads(rig *g, const uint8_t *nw, size_t ln,
                        const char *token, const char *what) {
  uint8_t *keep = malloc(FLASH);
  resp *r = malloc(sizeof *r);
  uint32_t crc_new = (uint32_t)crc32(0, nw, (uInt)ln);
  uint32_t crc_old = g->d->model_crc;
  int old_slot = g->d->model_slot;
  unsigned k, total = stream_steps(ln, PIECE), runs = 0, good = 0;
  int torn;
  memcpy(keep, g->k.ff.map, FLASH);
  /* Uncut: exactly that many steps. */
  g->k.ff.ops = 0;
  rig_boot(g);
  CHECK(upload(g->d, nw, ln, (long)ln, token, r) == 200 &&
            g->k.ff.ops == total,
        "%s uncut: HTTP %d %s, %u flash steps, expected %u", what, r->status,
        (char *)r->body, g->k.ff.ops, total);
  for (k = 1; k <= total; k++) {
    for (torn = 0; torn < 2; torn++) {
      int after = k == total && !torn, ok;
      memcpy(g->k.ff.map, keep, FLASH);
      g->k.ff.ops = 0;
      g->k.ff.dead = 0;
      g->k.ff.cut_at = 0;
      rig_boot(g);
      g->k.ff.cut_at = k;
      g->k.ff.torn = torn;
      ok = upload(g->d, nw, ln, (long)ln, token, r) == 500 &&
           strstr((char *)r->body, "failed: store: ") &&
           g->d->model_slot == old_slot && g->d->model_crc == crc_old &&
           tc_device_step(g->d) == TC_OK;
      CHECK(ok, "%s cut %u/%u%s: HTTP %d %s", what, k, total,
            torn ? " torn" : "", r->status, (char *)r->body);
      g->k.ff.cut_at = 0;
      g->k.ff.dead = 0;
      ok = ok && rig_boot(g) == TC_OK &&
           g->d->model_crc == (after ? crc_new : crc_old) &&
           (after ? g->d->model_slot != old_slot
                  : g->d->model_slot == old_slot) &&
           tc_device_step(g->d) == TC_OK;
      CHECK(ok, "%s cut %u/%u%s, reboot: slot %d crc 0x%08x", what, k,
            total, torn ? " torn" : "", g->d->model_slot, g->d->model_crc);
      runs++;
      good += ok;
    }
  }
  printf("%s: %zu bytes, %u flash steps, a cut at each (torn and "
         "complete): %u of %u reboots as expected\n", what, ln, total, good,
         runs);
  memcpy(g->k.ff.map, keep, FLASH);
  g->k.ff.ops = 0;
  rig_boot(g);
  free(keep);
  free(r);
}

static void test_device(void) {
  rig g;
  resp *r = malloc(sizeof *r);
  uint8_t *good, *rgb, *big, *cus, *tall, *bad, *meta2, *nw;
  size_t lg, lr, lb, lc, lt, lm, ln;
  char want[64];
  uint32_t crc_good;
  rig_init(&g, "s3cret", 4096);
  CHECK(rig_boot(&g) == TC_OK, "boot: %s", g.d->msg);
  CHECK(g.d->model_slot == -1 && strstr(g.k.last, "model: built-in"),
        "empty store: built-in model, log '%s'", g.k.last);
  get(g.d, "/capture", r);
  CHECK(r->status == 503, "/capture before a frame: %d", r->status);
  g.k.grey = 235;
  CHECK(tc_device_step(g.d) == TC_OK, "step: %s", g.d->app.msg);
  get(g.d, "/status", r);
  CHECK(r->status == 200 && !strcmp(r->type, "application/json") &&
        !strncmp((char *)r->body, "{\"score\":0.992,\"label\":\"negative\","
                 "\"infer_ms\":", 43) &&
        strstr((char *)r->body, "\"frames\":1,\"labels\":[\"negative\","
               "\"positive\"],\"threshold\":0.500,\"model\":{\"source\":"
               "\"built-in\""),
        "/status: %s", (char *)r->body);
  /* /capture: the frame exactly, as PGM. */
  get(g.d, "/capture", r);
  CHECK(r->status == 200 && r->len == 15 + 160 * 120 &&
        r->length == (long)r->len &&
        !memcmp(r->body, "P5\n160 120\n255\n", 15) && r->body[15] == 235 &&
        r->body[r->len - 1] == 235 && !strcmp(hdr(r, "X-Frame-Format"), "gray")
        && !strcmp(hdr(r, "X-Frame-Width"), "160") &&
        !strcmp(hdr(r, "X-Frame-Number"), "1") &&
        !strcmp(r->type, "image/x-portable-graymap"),
        "/capture: HTTP %d, %zu bytes", r->status, r->len);
  get(g.d, "/nope", r);
  CHECK(r->status == 404, "/nope: %d", r->status);
  get(g.d, "/model", r);
  CHECK(r->status == 405, "GET /model: %d", r->status);
  get(g.d, "/frame.jpg", r);
  CHECK(r->status == 404, "no JPEG HAL: %d", r->status);

  good = model(32, 1, "tinycnn-metadata 1\nlabels=dark,bright\n"
               "threshold=0.250000\n", 0, &lg);
  rgb = model(32, 3, NULL, 0, &lr);
  big = model(96, 1, NULL, 0, &lb);   /* arena > 4096 */
  cus = model(32, 1, NULL, 1, &lc);
  tall = model(130, 1, NULL, 0, &lt); /* taller than 120 */
  meta2 = model(32, 1, "tinycnn-metadata 1\nthreshold=7\n", 0, &lm);
  nw = model(40, 1, NULL, 0, &ln);
  bad = malloc(lg);
  refused(&g, good, lg, (long)lg, NULL, 401, "X-Token", "no token");
  refused(&g, good, lg, (long)lg, "s3cre", 401, "X-Token", "wrong token");
  refused(&g, good, lg / 2, (long)lg / 2, "s3cret", 400, "out of bounds",
          "truncated");
  memcpy(bad, good, lg);
  memcpy(bad + 4, "TFL2", 4);
  refused(&g, bad, lg, (long)lg, "s3cret", 400, "not 'TFL3'", "corrupted");
  refused(&g, cus, lc, (long)lc, "s3cret", 422,
          "CUSTOM 'tinycnn-test-op' is not supported", "custom op");
  refused(&g, rgb, lr, (long)lr, "s3cret", 422,
          "1 channel: the camera delivers gray frames", "RGB model");
  {
    uint8_t *huge = calloc(1, 9000);
    refused(&g, huge, 9000, -1, "s3cret", 413, "larger than the 8192 bytes",
            "too large (unknown length)");
    free(huge);
  }
  refused(&g, tall, lt, (long)lt, "s3cret", 422, "at most [1,120,160,C]",
          "taller than the frame");
  refused(&g, tall, 0, 20000, "s3cret", 413, "20000 bytes", "too large");
  refused(&g, big, lb, (long)lb, "s3cret", 422, "arena too large",
          "arena");
  refused(&g, meta2, lm, (long)lm, "s3cret", 400, "threshold", "bad "
          "metadata");
  refused(&g, good, 0, 0, "s3cret", 400, "empty body", "empty");
  {
    tc_http_req rq;
    tc_http_out o = {r, r_begin, r_write};
    memset(&rq, 0, sizeof rq);
    rq.method = TC_HTTP_POST;
    rq.path = "/model";
    rq.token = "s3cret";
    rq.content_length = -1;
    CHECK(tc_device_upload_begin(g.d, &rq, &o) == 1, "first upload begins");
    refused(&g, good, lg, (long)lg, "s3cret", 409, "another upload",
            "busy");
    tc_device_upload_abort(g.d);
  }
  {
    size_t keep = g.d->mem.upload_size;
    g.d->mem.upload_size = 0; /* a firmware that gave no piece buffer */
    refused(&g, good, lg, (long)lg, "s3cret", 503, "no upload buffer",
            "no piece buffer");
    g.d->mem.upload_size = keep;
  }
  /* A good one. */
  CHECK(upload(g.d, good, lg, (long)lg, "s3cret", r) == 200 &&
        !strncmp((char *)r->body, "ok: model slot A seq 1, ", 24) &&
        strstr((char *)r->body, "labels dark,bright threshold 0.250"),
        "good upload: HTTP %d %s", r->status, (char *)r->body);
  crc_good = (uint32_t)crc32(0, good, (uInt)lg);
  snprintf(want, sizeof want, "crc32 0x%08x", crc_good);
  CHECK(strstr((char *)r->body, want) && g.d->model_crc == crc_good,
        "crc in the answer: %s", (char *)r->body);
  g.k.grey = 100; /* sigmoid(12 * 100/255 - 6) = 0.241: dark at 0.25 */
  tc_device_step(g.d);
  CHECK(strstr(g.k.last, "label=dark"), "new labels: %s", g.k.last);
  g.k.grey = 110; /* 0.317: bright after 3 frames */
  tc_device_step(g.d);
  tc_device_step(g.d);
  tc_device_step(g.d);
  CHECK(strstr(g.k.last, "label=bright"), "new threshold: %s", g.k.last);
  get(g.d, "/status", r);
  CHECK(strstr((char *)r->body, "\"labels\":[\"dark\",\"bright\"],"
               "\"threshold\":0.250,\"model\":{\"source\":\"slot A\""),
        "/status after the upload: %s", (char *)r->body);
  /* Reboot: the stored model, not the built-in one. */
  CHECK(rig_boot(&g) == TC_OK && g.d->model_slot == 0 &&
        g.d->model_crc == crc_good && !strcmp(g.d->app.cfg.label_pos,
                                              "bright"),
        "reboot: slot %d", g.d->model_slot);
  /* A cut upload, then a reboot: old or new, never neither. */
  cut_uploads(&g, nw, ln, "s3cret", "device");
  free(good); free(rgb); free(big); free(cus); free(tall); free(bad);
  free(meta2); free(nw); free(r);
  rig_free(&g);
}

/* A model larger than every RAM buffer the device has, through a 64-byte
 * piece buffer. */
static uint8_t *large_model(int side, const char *labels, size_t note,
                            size_t *len) {
  /* An unknown metadata key is skipped (tinycnn/metadata.h): its value
   * makes the model as large as wanted. */
  char *meta = malloc(note + 128);
  uint8_t *b;
  size_t n = (size_t)sprintf(meta, "tinycnn-metadata 1\nlabels=%s\nnote=",
                             labels);
  memset(meta + n, 'x', note);
  strcpy(meta + n + note, "\n");
  b = model(side, 1, meta, 0, len);
  free(meta);
  return b;
}

static void test_stream(void) {
  rig g;
  resp *r = malloc(sizeof *r);
  uint8_t *a, *b, *bad, *big, *huge;
  size_t la, lb, lbig, arena = 4096;
  uint32_t crc_a, crc_b;
  rig_init(&g, "s3cret", arena);
  g.cfg.max_model = 0; /* a slot: 32 KB - 32 */
  CHECK(rig_boot(&g) == TC_OK && g.d->model_slot == -1, "boot: %s",
        g.d->msg);
  a = large_model(32, "a1,a2", 22000, &la);
  b = large_model(40, "b1,b2", 24000, &lb);
  big = large_model(96, "c1,c2", 22000, &lbig); /* arena > 4 KB */
  crc_a = (uint32_t)crc32(0, a, (uInt)la);
  crc_b = (uint32_t)crc32(0, b, (uInt)lb);
  CHECK(la > arena && la > g.mem.snap_size && la > 300 * PIECE &&
            lb > la && lb + TC_STORE_HEADER < FLASH / 2,
        "models of %zu and %zu bytes: larger than the arena (%zu), a frame "
        "(%zu), 300 pieces (%u), within a slot", la, lb, arena,
        g.mem.snap_size, 300 * PIECE);
  /* Accepted: stored, the header's CRC zlib's, switched to. */
  CHECK(upload(g.d, a, la, (long)la, "s3cret", r) == 200 &&
            !strncmp((char *)r->body, "ok: model slot A seq 1, ", 24) &&
            g.d->model_slot == 0 && g.d->model_crc == crc_a &&
            !strcmp(g.d->app.cfg.label_pos, "a2") &&
            tc_device_step(g.d) == TC_OK,
        "large model: HTTP %d %s", r->status, (char *)r->body);
  CHECK(!memcmp(g.k.ff.map, "TCMS", 4) && rd32(g.k.ff.map + 12) == la &&
            rd32(g.k.ff.map + 16) == crc_a &&
            rd32(g.k.ff.map + 20) == (uint32_t)crc32(0, g.k.ff.map, 20) &&
            !memcmp(g.k.ff.map + TC_STORE_HEADER, a, la),
        "slot A: header or bytes wrong");
  /* Booted from flash after a reboot. */
  CHECK(rig_boot(&g) == TC_OK && g.d->model_slot == 0 &&
            g.d->model_crc == crc_a && tc_device_step(g.d) == TC_OK &&
            strstr(g.k.last, "label=a"),
        "reboot: slot %d, log '%s'", g.d->model_slot, g.k.last);
  /* Refused at that size: A keeps running and booting, B never valid. */
  bad = malloc(lb);
  memcpy(bad, b, lb);
  {
    char msg[TC_MSG_LEN];
    int st = tc_device_check_model(g.d, b, lb * 2 / 3, msg);
    CHECK(st == 400, "truncated: %d %s", st, msg);
    refused(&g, b, lb * 2 / 3, -1, "s3cret", 400, msg, "large, truncated");
  }
  memcpy(bad + 4, "TFL2", 4);
  refused(&g, bad, lb, (long)lb, "s3cret", 400, "not 'TFL3'",
          "large, corrupted identifier");
  memcpy(bad, b, lb);
  bad[lb / 2] ^= 0x40; /* inside the metadata note: 'x' -> '8' */
  bad[0] = 0xF0;       /* and the root table's offset: past the end */
  bad[1] = 0xFF;
  {
    char msg[TC_MSG_LEN];
    int st = tc_device_check_model(g.d, bad, lb, msg);
    CHECK(st == 400, "corrupted tables: %d %s", st, msg);
    refused(&g, bad, lb, (long)lb, "s3cret", 400, msg,
            "large, corrupted tables");
  }
  refused(&g, big, lbig, (long)lbig, "s3cret", 422, "arena too large",
          "large, arena");
  refused(&g, b, lb, (long)lb, "wrong", 401, "X-Token", "large, token");
  huge = malloc(FLASH);
  memcpy(huge, b, lb);
  memset(huge + lb, 0, FLASH - lb);
  refused(&g, huge, FLASH / 2, -1, "s3cret", 413,
          "larger than the 32736 bytes", "over a slot, unknown length");
  refused(&g, huge, 0, FLASH / 2, "s3cret", 413, "at most 32736",
          "over a slot, announced");
  /* Then B is taken, goes to slot B, and a reboot boots it. */
  CHECK(upload(g.d, b, lb, (long)lb, "s3cret", r) == 200 &&
            !strncmp((char *)r->body, "ok: model slot B seq 2, ", 24) &&
            g.d->model_crc == crc_b,
        "large model B: HTTP %d %s", r->status, (char *)r->body);
  CHECK(rig_boot(&g) == TC_OK && g.d->model_slot == 1 &&
            g.d->model_crc == crc_b,
        "reboot: slot %d", g.d->model_slot);
  /* A power cut at every step of streaming A over B's old slot-mate. */
  cut_uploads(&g, a, la, "s3cret", "stream");
  free(a); free(b); free(bad); free(big); free(huge); free(r);
  rig_free(&g);
}

/* Uploads while another thread classifies frames as fast as it can. */
typedef struct runner {
  tc_device *d;
  volatile int stop;
  unsigned steps, errors;
} runner;

static unsigned frames_now(rig *g) {
  unsigned n;
  f_lock(&g->k, TC_LOCK_PUBLISH);
  n = g->d->frames;
  f_unlock(&g->k, TC_LOCK_PUBLISH);
  return n;
}

static void *run(void *p) {
  runner *u = p;
  while (!u->stop) {
    if (tc_device_step(u->d) != TC_OK) u->errors++;
    u->steps++;
  }
  return NULL;
}

static void test_concurrent(void) {
  rig g;
  runner u;
  pthread_t th;
  resp *r = malloc(sizeof *r);
  uint8_t *m[2];
  size_t len[2];
  unsigned i, before, oks = 0;
  rig_init(&g, NULL, 16384);
  rig_boot(&g);
  g.k.grey = 200;
  m[0] = model(32, 1, "tinycnn-metadata 1\nlabels=a,b\n", 0, &len[0]);
  m[1] = model(40, 1, "tinycnn-metadata 1\nlabels=c,d\n", 0, &len[1]);
  memset(&u, 0, sizeof u);
  u.d = g.d;
  pthread_create(&th, NULL, run, &u);
  for (i = 0; i < 20; i++) {
    before = frames_now(&g);
    oks += upload(g.d, m[i & 1], len[i & 1], (long)len[i & 1], NULL, r) ==
           200;
    get(g.d, "/status", r);
    CHECK(r->status == 200, "status during uploads: %d", r->status);
    while (frames_now(&g) == before) { /* the camera goes on */
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
    }
  }
  u.stop = 1;
  pthread_join(th, NULL);
  CHECK(oks == 20 && u.errors == 0 && g.k.bad_lines == 0 && u.steps >= 20,
        "20 uploads during inference: %u ok, %u step errors, %u steps", oks,
        u.errors, u.steps);
  CHECK(!strcmp(g.d->app.cfg.label_pos, "d") &&
        tc_interp_input(&g.d->app.interp, 0)->dims[1] == 40,
        "last upload running");
  free(m[0]);
  free(m[1]);
  free(r);
  rig_free(&g);
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "all";
  if (!strcmp(which, "all") || !strcmp(which, "meta")) test_meta();
  if (!strcmp(which, "all") || !strcmp(which, "store")) test_store();
  if (!strcmp(which, "all") || !strcmp(which, "device")) test_device();
  if (!strcmp(which, "all") || !strcmp(which, "stream")) test_stream();
  if (!strcmp(which, "all") || !strcmp(which, "concurrent"))
    test_concurrent();
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
