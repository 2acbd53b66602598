/* A tiny formatter so the runtime can name what went wrong without
 * pulling printf (and its 20+ KB) into firmware. */
#include "internal.h"

typedef struct {
  char *p;
  size_t left;
} out_t;

static void put(out_t *o, char c) {
  if (o->left > 1) {
    *o->p++ = c;
    o->left--;
  }
}

/* A string as printable ASCII: every other byte as \xNN (tc_escape). */
static void puts_esc(out_t *o, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch < 0x20 || ch > 0x7e) {
      put(o, '\\');
      put(o, 'x');
      put(o, "0123456789abcdef"[ch >> 4]);
      put(o, "0123456789abcdef"[ch & 15]);
    } else {
      put(o, (char)ch);
    }
  }
}

char *tc_escape(char *dst, size_t cap, const char *s) {
  out_t o;
  if (!dst || cap == 0) return dst;
  o.p = dst;
  o.left = cap;
  puts_esc(&o, s ? s : "");
  *o.p = '\0';
  return dst;
}

/* %s arguments are model strings (tensor names, custom op names) or our
 * own: escaped, so that a name cannot drive the terminal that shows the
 * message. Short device messages never print a %s argument (kernel.h). */
static void puts_(out_t *o, const char *s) {
  if (!s) s = "(null)";
#ifndef TC_SHORT_MESSAGES
  puts_esc(o, s);
#else
  while (*s) put(o, *s++);
#endif
}

static void putu(out_t *o, unsigned long v, unsigned base) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n) put(o, tmp[--n]);
}

#ifndef TC_SHORT_MESSAGES
/* Enough precision to tell two scales apart in an error message. */
static void putf(out_t *o, double v) {
  int e = 0, i;
  if (v != v) {
    puts_(o, "nan");
    return;
  }
  if (v < 0) {
    put(o, '-');
    v = -v;
  }
  if (v > 1e30) {
    puts_(o, "inf");
    return;
  }
  if (v != 0.0 && (v < 1e-3 || v >= 1e7)) {
    while (v >= 10.0) { v /= 10.0; e++; }
    while (v < 1.0) { v *= 10.0; e--; }
  }
  putu(o, (unsigned long)v, 10);
  put(o, '.');
  v -= (double)(unsigned long)v;
  for (i = 0; i < 6; i++) {
    v *= 10.0;
    put(o, (char)('0' + (int)v));
    v -= (int)v;
  }
  if (e) {
    put(o, 'e');
    if (e < 0) { put(o, '-'); e = -e; }
    putu(o, (unsigned long)e, 10);
  }
}
#endif

void tc_vmsgf(char *dst, const char *fmt, va_list ap, int nargs) {
  tc_vmsgf_n(dst, TC_MSG_LEN, fmt, ap, nargs);
}

void tc_vmsgf_n(char *dst, size_t cap, const char *fmt, va_list ap,
                int nargs) {
  out_t o;
  o.p = dst;
  o.left = cap;
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(&o, *fmt);
      continue;
    }
    if (fmt[1] != '%' && fmt[1] != '\0' && nargs-- <= 0) {
      put(&o, '?');
      fmt++;
      continue;
    }
    switch (*++fmt) {
      case 'd': {
        long v = va_arg(ap, int);
        if (v < 0) {
          put(&o, '-');
          putu(&o, (unsigned long)-v, 10);
        } else {
          putu(&o, (unsigned long)v, 10);
        }
        break;
      }
      case 'u': putu(&o, va_arg(ap, unsigned), 10); break;
      case 'x': putu(&o, va_arg(ap, unsigned), 16); break;
      case 's': puts_(&o, va_arg(ap, const char *)); break;
#ifndef TC_SHORT_MESSAGES /* no message's first value is a %f */
      case 'f': putf(&o, va_arg(ap, double)); break;
#endif
      case '%': put(&o, '%'); break;
      case '\0': fmt--; break;
      default: put(&o, '?'); break;
    }
  }
  *o.p = '\0';
}

void tc_msgf(char *dst, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tc_vmsgf(dst, fmt, ap, 99);
  va_end(ap);
}
