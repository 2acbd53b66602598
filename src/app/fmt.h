/* A bounded string builder for log lines and messages: no stdio in
 * firmware (printf would pull 20+ KB into the image). */
#ifndef TC_APP_FMT_H
#define TC_APP_FMT_H

#include <stddef.h>
#include <stdint.h>

typedef struct tc_sb {
  char *p;
  size_t len, cap; /* cap includes the NUL */
} tc_sb;

void tc_sb_init(tc_sb *b, char *buf, size_t cap);
void tc_sb_str(tc_sb *b, const char *s);
void tc_sb_u32(tc_sb *b, uint32_t v);
void tc_sb_i32(tc_sb *b, int32_t v);
/* A frame format's short name: gray, rgb565 (big-endian, esp32-camera),
 * rgb565le, rgb888, bgr888, yuyv; "unknown" otherwise. */
const char *tc_pixfmt_id(int format);
/* "0x" and 8 lower-case hex digits. */
void tc_sb_hex32(tc_sb *b, uint32_t v);
/* v in [0, 1] with 3 decimals, rounded half up ("0.873"). */
void tc_sb_unit3(tc_sb *b, float v);

#endif
