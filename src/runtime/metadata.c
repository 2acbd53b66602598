/* Model metadata (tinycnn/metadata.h): find the "tinycnn" entry of
 * Model.metadata, parse and write its key=value text. Kept out of model.c:
 * the loader never needs it, and a model without it runs the same. Field
 * ids are schema.fbs: Model.buffers = 4, Model.metadata = 6;
 * Metadata.name = 0, Metadata.buffer = 1. */
#include "tinycnn/metadata.h"

#include <string.h>

#include "internal.h"

enum { MODEL_BUFFERS = 4, MODEL_METADATA = 6 };
enum { MD_NAME = 0, MD_BUFFER = 1 };

#define FORMAT_LINE "tinycnn-metadata 1"

void tc_meta_default(tc_meta *m) {
  memset(m, 0, sizeof *m);
  memcpy(m->label_neg, "negative", 9);
  memcpy(m->label_pos, "positive", 9);
  m->threshold = 0.5f;
  m->range_lo = 0.0f;
  m->range_hi = 1.0f;
}

tc_status tc_meta_find(const tc_model *m, const char *name,
                       const uint8_t **data, size_t *len) {
  tc_fb fb;
  tc_fbt root, e;
  uint32_t v, n, i;
  if (!m || !m->data || !name || !data || !len) return TC_ERR_ARG;
  *data = NULL;
  *len = 0;
  fb = tc_model_fb(m);
  if (fb.size < 8 || tc_fb_table(&fb, tc_fb_u32(fb.b), &root) != 0)
    return TC_ERR_MODEL;
  v = tc_fb_ref(&fb, &root, MODEL_METADATA);
  if (v == 0) return TC_OK;
  if (v == UINT32_MAX || tc_fb_vector(&fb, v, 4, &n) != 0) return TC_ERR_MODEL;
  for (i = 0; i < n; i++) {
    const char *s;
    uint32_t p, b, pos, blen;
    if (tc_fb_table(&fb, tc_fb_vec_table(&fb, v, i), &e) != 0)
      return TC_ERR_MODEL;
    p = tc_fb_ref(&fb, &e, MD_NAME);
    if (p == 0) continue;
    if (p == UINT32_MAX || tc_fb_string(&fb, p, &s) != 0) return TC_ERR_MODEL;
    if (strcmp(s, name) != 0) continue;
    b = tc_fb_u32f(&fb, &e, MD_BUFFER, 0);
    if (tc_model_buffer(m, b, &pos, &blen) != 0) return TC_ERR_MODEL;
    *data = blen ? fb.b + pos : NULL;
    *len = blen;
    return TC_OK;
  }
  return TC_OK;
}

/* ---- the text ----------------------------------------------------------- */

/* A decimal number without exponent: [-]digits[.digits]. -1 if not one. */
static int parse_num(const char *s, size_t n, float *out) {
  double v = 0.0, scale = 1.0;
  size_t i = 0;
  int neg = 0, digits = 0, dot = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  for (; i < n; i++) {
    if (s[i] == '.' && !dot) {
      dot = 1;
    } else if (s[i] >= '0' && s[i] <= '9') {
      if (digits++ > 15) return -1;
      if (dot) {
        scale /= 10.0;
        v += (s[i] - '0') * scale;
      } else {
        v = v * 10.0 + (s[i] - '0');
      }
    } else {
      return -1;
    }
  }
  if (!digits) return -1;
  *out = (float)(neg ? -v : v);
  return 0;
}

static int label_ok(const char *s, size_t n) {
  size_t i;
  if (n < 1 || n >= TC_META_LABEL_LEN) return 0;
  for (i = 0; i < n; i++)
    if (s[i] < 0x20 || s[i] > 0x7e || s[i] == ',') return 0;
  return 1;
}

static int key_is(const char *k, size_t kn, const char *want) {
  return strlen(want) == kn && memcmp(k, want, kn) == 0;
}

static tc_status bad_line(char *msg, unsigned line, const char *what) {
  if (msg) tc_msgf(msg, "metadata line %u: %s", line, what);
  return TC_ERR_MODEL;
}

tc_status tc_meta_parse(const uint8_t *text, size_t len, tc_meta *out,
                        char *msg) {
  const char *t = (const char *)text;
  size_t pos = 0;
  unsigned line = 0;
  if (!out) return TC_ERR_ARG;
  tc_meta_default(out);
  if (msg) msg[0] = '\0';
  if (!text && len) return TC_ERR_ARG;
  while (pos < len) {
    size_t end = pos, eq, vn, kn;
    const char *v;
    while (end < len && t[end] != '\n') end++;
    line++;
    if (line == 1) {
      if (end - pos != sizeof FORMAT_LINE - 1 ||
          memcmp(t + pos, FORMAT_LINE, end - pos) != 0)
        return bad_line(msg, 1, "expected 'tinycnn-metadata 1'");
      pos = end + 1;
      continue;
    }
    if (end == pos) {
      pos = end + 1;
      continue;
    }
    for (eq = pos; eq < end && t[eq] != '='; eq++) {}
    if (eq == end) return bad_line(msg, line, "expected key=value");
    kn = eq - pos;
    v = t + eq + 1;
    vn = end - eq - 1;
    if (key_is(t + pos, kn, "labels")) {
      size_t c;
      for (c = 0; c < vn && v[c] != ','; c++) {}
      if (c == vn || !label_ok(v, c) || !label_ok(v + c + 1, vn - c - 1))
        return bad_line(msg, line, "labels: expected NEG,POS, each 1..63 "
                                   "printable characters without ','");
      memcpy(out->label_neg, v, c);
      out->label_neg[c] = '\0';
      memcpy(out->label_pos, v + c + 1, vn - c - 1);
      out->label_pos[vn - c - 1] = '\0';
      out->has |= TC_META_HAS_LABELS;
    } else if (key_is(t + pos, kn, "threshold")) {
      if (parse_num(v, vn, &out->threshold) != 0 ||
          !(out->threshold >= 0.0f && out->threshold <= 1.0f))
        return bad_line(msg, line, "threshold: expected a number in [0, 1]");
      out->has |= TC_META_HAS_THRESHOLD;
    } else if (key_is(t + pos, kn, "input_range")) {
      size_t c;
      for (c = 0; c < vn && v[c] != ','; c++) {}
      if (c == vn || parse_num(v, c, &out->range_lo) != 0 ||
          parse_num(v + c + 1, vn - c - 1, &out->range_hi) != 0 ||
          !(out->range_hi > out->range_lo))
        return bad_line(msg, line, "input_range: expected LO,HI with "
                                   "LO < HI");
      out->has |= TC_META_HAS_RANGE;
    } else if (key_is(t + pos, kn, "crop")) {
      if (vn == 6 && memcmp(v, "center", 6) == 0) out->stretch = 0;
      else if (vn == 7 && memcmp(v, "stretch", 7) == 0) out->stretch = 1;
      else return bad_line(msg, line, "crop: expected center or stretch");
      out->has |= TC_META_HAS_CROP;
    }
    pos = end + 1;
  }
  if (line == 0) return bad_line(msg, 1, "empty");
  return TC_OK;
}

tc_status tc_meta_read(const tc_model *m, tc_meta *out, char *msg) {
  const uint8_t *d;
  size_t n;
  tc_status s;
  if (!out) return TC_ERR_ARG;
  tc_meta_default(out);
  if (msg) msg[0] = '\0';
  s = tc_meta_find(m, TC_META_NAME, &d, &n);
  if (s != TC_OK) {
    if (msg) tc_msgf(msg, "metadata: malformed Model.metadata list");
    return s;
  }
  if (!d) return TC_OK;
  return tc_meta_parse(d, n, out, msg);
}

/* ---- writing ------------------------------------------------------------ */

typedef struct wbuf {
  char *p;
  size_t n, cap;
  int over;
} wbuf;

static void w_str(wbuf *w, const char *s) {
  while (*s) {
    if (w->n + 1 >= w->cap) {
      w->over = 1;
      return;
    }
    w->p[w->n++] = *s++;
  }
  w->p[w->n] = '\0';
}

/* v with exactly 6 decimals, rounded half away from zero; |v| < 10^6. */
static void w_num(wbuf *w, float v) {
  char tmp[24];
  double a = v < 0 ? -(double)v : (double)v;
  unsigned long ip, fp, m = (unsigned long)(a * 1e6 + 0.5);
  int k = 0, i;
  ip = m / 1000000ul;
  fp = m % 1000000ul;
  if (v < 0 && m) tmp[k++] = '-';
  {
    char d[12];
    int nd = 0;
    do {
      d[nd++] = (char)('0' + ip % 10);
      ip /= 10;
    } while (ip);
    while (nd) tmp[k++] = d[--nd];
  }
  tmp[k++] = '.';
  for (i = 5; i >= 0; i--) {
    tmp[k + i] = (char)('0' + fp % 10);
    fp /= 10;
  }
  tmp[k + 6] = '\0';
  w_str(w, tmp);
}

size_t tc_meta_format(const tc_meta *m, char *buf, size_t cap) {
  wbuf w;
  if (!m || !buf || cap < 1) return 0;
  w.p = buf;
  w.n = 0;
  w.cap = cap;
  w.over = 0;
  buf[0] = '\0';
  if (((m->has & TC_META_HAS_LABELS) &&
       (!label_ok(m->label_neg, strlen(m->label_neg)) ||
        !label_ok(m->label_pos, strlen(m->label_pos)))) ||
      ((m->has & TC_META_HAS_THRESHOLD) &&
       !(m->threshold >= 0.0f && m->threshold <= 1.0f)) ||
      ((m->has & TC_META_HAS_RANGE) &&
       !(m->range_hi > m->range_lo && m->range_lo > -1e5f &&
         m->range_hi < 1e5f)))
    return 0;
  w_str(&w, FORMAT_LINE "\n");
  if (m->has & TC_META_HAS_LABELS) {
    w_str(&w, "labels=");
    w_str(&w, m->label_neg);
    w_str(&w, ",");
    w_str(&w, m->label_pos);
    w_str(&w, "\n");
  }
  if (m->has & TC_META_HAS_THRESHOLD) {
    w_str(&w, "threshold=");
    w_num(&w, m->threshold);
    w_str(&w, "\n");
  }
  if (m->has & TC_META_HAS_RANGE) {
    w_str(&w, "input_range=");
    w_num(&w, m->range_lo);
    w_str(&w, ",");
    w_num(&w, m->range_hi);
    w_str(&w, "\n");
  }
  if (m->has & TC_META_HAS_CROP)
    w_str(&w, m->stretch ? "crop=stretch\n" : "crop=center\n");
  if (w.over) {
    buf[0] = '\0';
    return 0;
  }
  return w.n;
}
