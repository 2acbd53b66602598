/* The ESP-IDF firmware's device loop (issue 14) on the host: the example
 * (examples/esp32-cam-classifier) and ports/esp-idf/tinycnn's transport
 * and model partition, compiled against the stand-in headers and driven
 * through the fakes' esp_http_server and esp_partition (fakes.c):
 *   GET /capture of a grey frame (PGM) and, built with
 *     CONFIG_CAMCLS_PIXFORMAT_RGB565 (LOOP_RGB), of an RGB565 frame (PPM),
 *     bytes checked against the camera's own frame and an independent
 *     RGB565 widening (bit replication, written out here);
 *   POST /model refused (token, truncated, corrupted, too large, custom op,
 *     arena, a shape or channel count the camera cannot feed, connection
 *     broken) with the running model kept, the boot choice unchanged and
 *     the free slot never committed (refused before the body: nothing
 *     written to flash), then accepted: the slot's header (magic, length,
 *     CRC-32 from zlib) and bytes in the fake partition, the switch seen
 *     in /status;
 *   a reboot boots the stored model; a refused upload leaves slot A's
 *     bytes; the upload streams through the 512-byte piece buffer (its
 *     flash steps counted); a power cut at every flash step of the next
 *     upload (the write in progress done by half, nothing after) leaves
 *     the previous model booting;
 *   no model partition: the built-in model and 501 for uploads.
 * Built with CONFIG_CAMCLS_MODEL_TOKEN "s3cret" and a 64 KB upload limit
 * (CONFIG_CAMCLS_MODEL_MAX_KB: a limit, no buffer).
 * What cannot be checked off-board: real flash timing, the cache
 * coherence of the mapping after a write (ESP-IDF's, cited in
 * tinycnn_esp_device.h), Wi-Fi, a real client. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "app_model.h"
#include "fakes.h"
#include "support/check.h"
#include "tinycnn/store.h"
#include "tinycnn_esp_device.h"

void app_main(void);

#define TOKEN "s3cret"


/* Boot (flash kept: a reboot) and run the camera task for `frames` loop
 * iterations over uniform frames of `level` (varied bytes with pattern). */
static void boot(int level, int frames, int pattern) {
  static int script[8];
  int i;
  fake_reset();
  for (i = 0; i < 8; i++) script[i] = level;
  fk.script = script;
  fk.nscript = frames < 8 ? frames : 8;
  fk.delay_limit = frames + 1;
  fk.pattern = pattern;
  app_main();
  CHECK(fk.task != NULL, "app_main started no task");
  if (fk.task && !setjmp(fk.exit)) fk.task(NULL);
}

#ifndef LOOP_RGB
static uint8_t snapshot[FAKE_PART_SIZE];

static const char *log_with(const char *text) {
  int i;
  for (i = 0; i < fk.nlogs; i++)
    if (strstr(fk.logs[i], text)) return fk.logs[i];
  return NULL;
}

#endif

/* The response body as a string. */
static const char *body(void) {
  static char s[sizeof fk.body + 1];
  memcpy(s, fk.body, fk.body_len);
  s[fk.body_len] = '\0';
  return s;
}

static esp_err_t post(const void *b, size_t len, const char *token) {
  return fake_http(HTTP_POST, "/model", token, b, len);
}

static uint8_t *model(int side, int ch, const char *meta, int custom,
                      size_t *len) {
  uint8_t *b;
  if (app_model_build_ex(side, ch, meta, custom, &b, len) != 0) exit(1);
  return b;
}

/* /status names the running model's source, e.g. "slot A". */
static int running(const char *source) {
  char want[48];
  fake_request("/status");
  snprintf(want, sizeof want, "\"model\":{\"source\":\"%s\"", source);
  return strstr(body(), want) != NULL;
}

#ifndef LOOP_RGB
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* The store as a reboot finds it in fake_flash (read only). */
static int ro_read(void *ctx, uint32_t off, void *dst, uint32_t len) {
  (void)ctx;
  if (off > FAKE_PART_SIZE || len > FAKE_PART_SIZE - off) return -1;
  memcpy(dst, fake_flash + off, len);
  return 0;
}
static int ro_write(void *ctx, uint32_t off, const void *src, uint32_t len) {
  (void)ctx; (void)off; (void)src; (void)len;
  return -1;
}
static int ro_erase(void *ctx, uint32_t off, uint32_t len) {
  (void)ctx; (void)off; (void)len;
  return -1;
}
static void store_now(tc_store *st) {
  tc_flash fl;
  memset(&fl, 0, sizeof fl);
  fl.size = FAKE_PART_SIZE;
  fl.sector = 4096;
  fl.read = ro_read;
  fl.write = ro_write;
  fl.erase = ro_erase;
  tc_store_open(st, &fl);
}

/* What a reboot would run: "slot A seq 1 crc ..." or "built-in". */
static void boot_choice(char *out, size_t n) {
  tc_store st;
  store_now(&st);
  if (st.newest < 0)
    snprintf(out, n, "built-in");
  else
    snprintf(out, n, "slot %c seq %u crc %08x", "AB"[st.newest],
             (unsigned)st.slot[st.newest].seq,
             (unsigned)st.slot[st.newest].crc);
}

/* A refused upload: status line, reason, the running model on, the boot
 * choice unchanged, `slot_a` (a running slot A: its bytes) untouched, no
 * other slot committed. Refused before its body is read (401, 413):
 * nothing written, the answer complete and the handler returns ESP_FAIL
 * so that esp_http_server closes the socket rather than draining the
 * body; refused after it: ESP_OK (the free slot's header erased, its
 * bytes garbage, never committed). */
static void refused_on(const void *b, size_t len, const char *token,
                       const char *status, const char *why, const char *what,
                       const char *source) {
  esp_err_t e, want;
  int writes = fk.flash_writes, ops = fk.flash_ops, early;
  char boot0[64], boot1[64];
  tc_store st;
  static uint8_t slot0[FAKE_PART_SIZE / 2];
  early = !strncmp(status, "401", 3) || !strncmp(status, "413", 3);
  want = early ? ESP_FAIL : ESP_OK;
  boot_choice(boot0, sizeof boot0);
  memcpy(slot0, fake_flash, sizeof slot0);
  e = post(b, len, token);
  CHECK(e == want && !strcmp(fk.status, status) && strstr(body(), why) &&
            strstr(body(), "the running model keeps running") && fk.chunk_end,
        "%s: rc %d, '%s' '%s' (want %s, '%s')", what, (int)e, fk.status, body(),
        status, why);
  CHECK(!early || (fk.flash_writes == writes && fk.flash_ops == ops),
        "%s: refused before its body, yet the flash was touched", what);
  boot_choice(boot1, sizeof boot1);
  CHECK(!strcmp(boot0, boot1), "%s: boot choice '%s', was '%s'", what, boot1, boot0);
  store_now(&st);
  CHECK(!strcmp(source, "slot A") ? !memcmp(slot0, fake_flash, sizeof slot0) && !st.slot[1].valid
                                  : !st.slot[0].valid && !st.slot[1].valid,
        "%s: the running slot changed or the free one was committed", what);
  CHECK(running(source), "%s: %s no longer runs", what, source);
}

static void refused(const void *b, size_t len, const char *token,
                    const char *status, const char *why, const char *what) {
  refused_on(b, len, token, status, why, what, "built-in");
}

/* Flash steps of streaming n model bytes through the firmware's 512-byte
 * piece buffer (TC_ESP_UPLOAD_PIECE): the first sector erased, each
 * further one before its first byte, a write per piece split where a
 * sector ends (the model starts 32 bytes into the slot), the header. */
static int stream_steps(size_t n) {
  size_t o, writes = 1;
  for (o = 1; o < n; o++)
    if (o % 512 == 0 || (o + TC_STORE_HEADER) % 4096 == 0) writes++;
  return (int)((TC_STORE_HEADER + n + 4095) / 4096 + writes + 1);
}

static uint8_t *good, *rgb, *tall, *big, *cus, *nw;
static size_t lg, lr, lt, lb, lc, ln;

static void test_capture_gray(void) {
  const uint8_t *f;
  size_t flen;
  int i, gets = 0, posts = 0;
  fake_flash_erase();
  boot(100, 2, 1);
  CHECK(log_with("model: built-in, 1344 bytes") != NULL, "built-in model not logged");
  CHECK(fk.find_type == ESP_PARTITION_TYPE_DATA && fk.find_subtype == 0x40 &&
            !strcmp(fk.find_label, "model") && fk.maps == 1,
        "partition lookup: type %d subtype 0x%x label '%s', %d maps", fk.find_type,
        fk.find_subtype, fk.find_label, fk.maps);
  for (i = 0; i < fk.nuris; i++) {
    gets += fk.uris[i].method == HTTP_GET;
    posts += fk.uris[i].method == HTTP_POST && !strcmp(fk.uris[i].uri, "/model");
  }
  CHECK(gets == 5 && posts == 1 && fk.httpd_port == 80, "routes: %d GET, %d POST /model",
        gets, posts);
  {
    /* No upload-sized buffer at boot: the largest heap block is a
     * published frame (160x120 grey) or the arena. */
    int i;
    size_t most = 0;
    for (i = 0; i < fk.nevents; i++) {
      const char *z = strstr(fk.events[i], "size=");
      if (!strncmp(fk.events[i], "alloc", 5) && z && (size_t)atol(z + 5) > most)
        most = (size_t)atol(z + 5);
    }
    CHECK(most > 0 && most <= 160 * 120, "largest heap block at boot: %zu bytes", most);
  }
  CHECK(fk.httpd_stack == TC_ESP_HTTP_STACK &&
            fk.httpd_stack >= TC_DEVICE_HTTP_STACK + TC_ARENA_SIZE_STACK + 4096 &&
            TC_ARENA_SIZE_STACK >= TC_STACK_NEED,
        "HTTP task stack %zu", fk.httpd_stack);
  CHECK(fake_request("/capture") == ESP_OK && fk.chunk_end && !strcmp(fk.status, "200 OK") &&
            !strcmp(fk.type, "image/x-portable-graymap"),
        "/capture: '%s' '%s'", fk.status, fk.type);
  f = fake_frame(&flen);
  CHECK(flen == 160 * 120 && fk.body_len == 15 + flen &&
            !memcmp(fk.body, "P5\n160 120\n255\n", 15) && !memcmp(fk.body + 15, f, flen),
        "/capture is not the camera's frame: %zu bytes", fk.body_len);
  CHECK(fake_hdr("X-Frame-Format") && !strcmp(fake_hdr("X-Frame-Format"), "gray") &&
            !strcmp(fake_hdr("X-Frame-Width"), "160") &&
            !strcmp(fake_hdr("X-Frame-Height"), "120") &&
            !strcmp(fake_hdr("X-Frame-Number"), "2"),
        "/capture headers");
  fake_request("/status");
  CHECK(strstr(body(), "\"labels\":[\"dark\",\"bright\"],\"threshold\":0.500,"
                       "\"model\":{\"source\":\"built-in\"") &&
            strstr(body(), "\"camera\":{\"width\":160,\"height\":120,\"format\":\"gray\"}"),
        "/status: %s", body());
  CHECK(fake_http(HTTP_GET, "/model", NULL, NULL, 0) == ESP_OK &&
            !strcmp(fk.status, "405 Method Not Allowed"),
        "GET /model: '%s'", fk.status);
}

static void test_uploads(void) {
  uint8_t *bad, *huge;
  char want[160];
  uint32_t crc = 0;
  good = model(32, 1, "tinycnn-metadata 1\nlabels=no_cat,cat\nthreshold=0.250000\n", 0, &lg);
  rgb = model(32, 3, NULL, 0, &lr);
  tall = model(130, 1, NULL, 0, &lt);
  big = model(120, 1, NULL, 0, &lb); /* fits the frame, not the arena */
  cus = model(32, 1, NULL, 1, &lc);
  {
    /* Over two sectors (an unknown key is ignored, tinycnn/metadata.h):
     * the power cut then falls in several erases and writes. */
    static char meta[9100];
    size_t n = (size_t)snprintf(meta, sizeof meta, "tinycnn-metadata 1\nlabels=a2,b2\nnote=");
    memset(meta + n, 'x', sizeof meta - n - 2);
    meta[sizeof meta - 2] = '\n';
    meta[sizeof meta - 1] = '\0';
    nw = model(40, 1, meta, 0, &ln);
  }
  bad = malloc(lg);
  huge = calloc(1, 70000);
  memcpy(bad, good, lg);
  memcpy(bad + 4, "TFL2", 4);
  fk.flash_writes = fk.flash_ops = 0;
  refused(good, lg, NULL, "401 Unauthorized", "X-Token", "no token");
  refused(good, lg, "s3cre", "401 Unauthorized", "X-Token", "wrong token");
  refused(good, lg, "s3cret-and-then-some-more-characters-until-it-no-longer-fits-the-buffer-xx",
          "401 Unauthorized", "X-Token", "over-long token");
  refused(good, lg / 2, TOKEN, "400 Bad Request", "out of bounds", "truncated");
  refused(bad, lg, TOKEN, "400 Bad Request", "not 'TFL3'", "corrupted");
  refused(huge, 70000, TOKEN, "413 Payload Too Large", "70000 bytes, this board takes at most 65536",
          "too large");
  CHECK(fk.recvs == 0, "a too large body was read (%d recv calls)", fk.recvs);
  refused(cus, lc, TOKEN, "422 Unprocessable Entity", "CUSTOM 'tinycnn-test-op' is not supported",
          "custom op");
  refused(rgb, lr, TOKEN, "422 Unprocessable Entity", "the camera delivers gray frames",
          "3 channels from a grey camera");
  refused(tall, lt, TOKEN, "422 Unprocessable Entity", "at most [1,120,160,C]",
          "taller than the frame");
  refused(big, lb, TOKEN, "422 Unprocessable Entity", "arena too large", "arena");
  /* The connection breaks mid-body: the upload is dropped, the next one
   * is not refused as busy. */
  fk.recv_fail_at = 200;
  CHECK(post(good, lg, TOKEN) == ESP_FAIL && !fk.chunk_end, "broken upload: answered");
  {
    char boot[64];
    tc_store st;
    boot_choice(boot, sizeof boot);
    store_now(&st);
    CHECK(!strcmp(boot, "built-in") && !st.slot[0].valid && !st.slot[1].valid,
          "broken upload: boot choice '%s'", boot);
  }
  CHECK(running("built-in"), "broken upload: the built-in model no longer runs");
  /* Accepted, with two receive timeouts on the way; no heap block asked
   * for it (the piece buffer is in tc_esp_device). */
  fk.recv_fail_at = -1;
  fk.recv_timeouts = 2;
  crc = (uint32_t)crc32(0, good, (uInt)lg);
  {
    int ev = fk.nevents, i, allocs = 0;
    CHECK(post(good, lg, TOKEN) == ESP_OK && !strcmp(fk.status, "200 OK") && fk.chunk_end,
          "good model: '%s' '%s'", fk.status, body());
    for (i = ev; i < fk.nevents; i++) allocs += !strncmp(fk.events[i], "alloc", 5);
    CHECK(allocs == 0 && fk.nevents < FAKE_MAX, "%d heap blocks asked during an upload", allocs);
  }
  snprintf(want, sizeof want, "ok: model slot A seq 1, %zu bytes, crc32 0x%08x, labels no_cat,cat "
           "threshold 0.250", lg, (unsigned)crc);
  CHECK(!strncmp(body(), want, strlen(want)), "answer '%s', want '%s'", body(), want);
  CHECK(!memcmp(fake_flash, "TCMS", 4) && get32(fake_flash + 4) == 1 &&
            get32(fake_flash + 8) == 1 && get32(fake_flash + 12) == lg &&
            get32(fake_flash + 16) == crc &&
            get32(fake_flash + 20) == (uint32_t)crc32(0, fake_flash, 20) &&
            !memcmp(fake_flash + TC_STORE_HEADER, good, lg),
        "slot A in flash: header or bytes wrong");
  CHECK(running("slot A") && strstr(body(), "\"labels\":[\"no_cat\",\"cat\"],\"threshold\":0.250"),
        "/status after the upload: %s", body());
  free(bad);
  free(huge);
}

static void test_reboot(void) {
  char want[96];
  snprintf(want, sizeof want, "model: slot A seq 1, %zu bytes, crc32 0x%08x", lg,
           (unsigned)crc32(0, good, (uInt)lg));
  boot(235, 4, 0);
  CHECK(log_with(want) != NULL && log_with("label=cat") != NULL,
        "reboot: '%s' or the new labels not logged", want);
  CHECK(running("slot A"), "reboot: %s", body());
}

/* A power cut at every flash step of the next upload. */
static void test_power_cut(void) {
  char want[96];
  int total, cut, ok = 0;
  memcpy(snapshot, fake_flash, sizeof snapshot);
  boot(235, 1, 0);
  {
    /* Refused with slot A running: its bytes, and the boot choice, stay. */
    uint8_t *bad = malloc(ln);
    memcpy(bad, nw, ln);
    memcpy(bad + 4, "TFL2", 4);
    refused_on(bad, ln, TOKEN, "400 Bad Request", "not 'TFL3'", "slot A running, corrupted",
               "slot A");
    refused_on(nw, ln / 2, TOKEN, "400 Bad Request", "rejected: ", "slot A running, truncated",
               "slot A");
    free(bad);
  }
  fk.flash_ops = 0;
  CHECK(post(nw, ln, TOKEN) == ESP_OK && !strcmp(fk.status, "200 OK") &&
            strstr(body(), "slot B seq 2"),
        "second model: '%s' '%s'", fk.status, body());
  total = fk.flash_ops;
  /* Streamed: 512 bytes per write, each sector erased first, the header
   * last. */
  CHECK(total == stream_steps(ln), "%d flash steps for %zu bytes, expected %d", total, ln,
        stream_steps(ln));
  boot(235, 1, 0);
  CHECK(running("slot B") && log_with("model: slot B seq 2") != NULL, "reboot after B: %s", body());
  snprintf(want, sizeof want, "model: slot A seq 1, %zu bytes", lg);
  for (cut = 1; cut <= total; cut++) {
    int answered, kept, booted;
    memcpy(fake_flash, snapshot, sizeof snapshot);
    boot(235, 1, 0);
    fk.flash_ops = 0;
    fk.flash_cut_at = cut;
    post(nw, ln, TOKEN);
    answered = !strcmp(fk.status, "500 Internal Server Error") &&
               strstr(body(), "failed: store:") != NULL;
    kept = running("slot A");
    boot(235, 1, 0); /* power back: fake_reset clears the cut */
    booted = log_with(want) != NULL && running("slot A");
    CHECK(answered && kept && booted, "cut at step %d of %d: answer '%s', kept %d, booted %d",
          cut, total, body(), kept, booted);
    ok += answered && kept && booted;
  }
  printf("power cut at each of %d flash steps: the previous model boots %d times\n", total, ok);
}

/* Failures while starting leave nothing behind: a mutex that was created
 * when the other could not be, a server with half its routes. */
static void test_start_failures(void) {
  static tc_esp_device e;
  static tc_device d;
  tc_device_hal hal;
  int k;
  for (k = 1; k <= 2; k++) {
    fake_reset();
    memset(&e, 0, sizeof e);
    fk.mutex_fail_at = k;
    CHECK(tc_esp_device_hal(&e, &hal, NULL) == ESP_ERR_NO_MEM &&
              fk.mutexes == 0 && !e.mu[0] && !e.mu[1],
          "mutex %d failing: %d mutexes left", k, fk.mutexes);
  }
  fake_reset();
  memset(&e, 0, sizeof e);
  CHECK(tc_esp_device_hal(&e, &hal, NULL) == ESP_OK && fk.mutexes == 2,
        "device hal: %d mutexes", fk.mutexes);
  for (k = 1; k <= 6; k++) {
    fake_reset();
    memset(&e, 0, sizeof e);
    memset(&d, 0, sizeof d);
    fk.register_fail_at = k;
    CHECK(tc_esp_http_start(&e, &d, 80) == ESP_ERR_NO_MEM &&
              !fk.httpd_running && e.server == NULL,
          "route %d failing: server running %d", k, fk.httpd_running);
  }
  fake_reset();
  memset(&e, 0, sizeof e);
  memset(&d, 0, sizeof d);
  CHECK(tc_esp_http_start(&e, &d, 80) == ESP_OK && fk.httpd_running &&
            fk.nuris == 6,
        "http start: running %d, %d routes", fk.httpd_running, fk.nuris);
}

static void test_no_partition(void) {
  fake_reset();
  fk.no_partition = 1;
  {
    static const int script[] = {100};
    fk.script = script;
    fk.nscript = 1;
    fk.delay_limit = 2;
    app_main();
    if (!setjmp(fk.exit)) fk.task(NULL);
  }
  CHECK(log_with("no 'model' partition") != NULL && running("built-in"),
        "no partition: not logged");
  CHECK(post(good, lg, TOKEN) == ESP_FAIL && !strcmp(fk.status, "501 Not Implemented") &&
            strstr(body(), "no model partition"),
        "no partition: '%s' '%s'", fk.status, body());
  CHECK(fake_request("/capture") == ESP_OK && !strcmp(fk.status, "200 OK"),
        "no partition: /capture '%s'", fk.status);
}
#else
/* RGB565 frames: PPM of the widened pixels, exactly what the model sees. */
static void test_capture_rgb(void) {
  const uint8_t *f;
  size_t flen, i;
  uint8_t *good;
  size_t lg;
  int same = 1;
  fake_flash_erase();
  boot(7, 2, 1);
  CHECK(fake_request("/capture") == ESP_OK && fk.chunk_end && !strcmp(fk.status, "200 OK") &&
            !strcmp(fk.type, "image/x-portable-pixmap"),
        "/capture: '%s' '%s'", fk.status, fk.type);
  f = fake_frame(&flen);
  CHECK(flen == 160 * 120 * 2 && fk.body_len == 15 + 160 * 120 * 3 &&
            !memcmp(fk.body, "P6\n160 120\n255\n", 15),
        "/capture: %zu bytes", fk.body_len);
  for (i = 0; i < 160 * 120 && 15 + 3 * i + 2 < fk.body_len; i++) {
    /* esp32-camera's RGB565: high byte first; 5/6/5 bits widened to 8 by
     * repeating their top bits. */
    unsigned v = (unsigned)f[2 * i] << 8 | f[2 * i + 1];
    unsigned r = v >> 11, g = (v >> 5) & 63, b = v & 31;
    const uint8_t *p = fk.body + 15 + 3 * i;
    same &= p[0] == ((r << 3) | (r >> 2)) && p[1] == ((g << 2) | (g >> 4)) &&
            p[2] == ((b << 3) | (b >> 2));
  }
  CHECK(same, "/capture's pixels are not the frame's RGB565 widened");
  CHECK(fake_hdr("X-Frame-Format") && !strcmp(fake_hdr("X-Frame-Format"), "rgb565"),
        "X-Frame-Format %s", fake_hdr("X-Frame-Format") ? fake_hdr("X-Frame-Format") : "none");
  fake_request("/status");
  CHECK(strstr(body(), "\"format\":\"rgb565\"") != NULL, "/status: %s", body());
  /* An RGB camera feeds a 3-channel model. */
  good = model(32, 3, NULL, 0, &lg);
  fake_request("/status");
  CHECK(strstr(body(), "\"labels\":[\"dark\",\"bright\"]") != NULL,
        "built-in model without metadata: model_data.h's labels: %s", body());
  CHECK(post(good, lg, TOKEN) == ESP_OK && !strcmp(fk.status, "200 OK") && running("slot A"),
        "3-channel model on an RGB565 camera: '%s' '%s'", fk.status, body());
  /* A stored model without metadata: the defaults, never the built-in
   * model's labels. */
  CHECK(strstr(body(), "\"labels\":[\"negative\",\"positive\"]") != NULL,
        "stored model without metadata: %s", body());
  free(good);
}
#endif

int main(void) {
#ifndef LOOP_RGB
  test_capture_gray();
  test_uploads();
  test_reboot();
  test_power_cut();
  test_no_partition();
  test_start_failures();
  free(good);
  free(rgb);
  free(tall);
  free(big);
  free(cus);
  free(nw);
#else
  test_capture_rgb();
#endif
  if (failures) {
    int i;
    for (i = 0; i < fk.nlogs; i++) fprintf(stderr, "  log: %s\n", fk.logs[i]);
  }
  printf("esp32 device loop on the host: %d checks, %d failed\n", checks, failures);
  return failures != 0;
}
