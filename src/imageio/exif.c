/* The one EXIF field we use: IFD0's Orientation (tag 0x0112 = 274).
 * Layout (EXIF 2.3 / TIFF 6.0): "Exif\0\0", then a TIFF header: "II"
 * (little-endian) or "MM" (big-endian), the number 42, and the offset of
 * IFD0 from the start of the TIFF header; an IFD is a 16-bit entry count
 * and 12-byte entries (tag u16, type u16, count u32, value or offset u32;
 * a SHORT value sits in the first two bytes of the value field). Every
 * read below is checked against the payload's length. */
#include <string.h>

#include "imageio_internal.h"

static uint32_t rd16(const uint8_t *p, int be) {
  return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t rd32(const uint8_t *p, int be) {
  return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
            : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

int tc_img_exif_orientation(const uint8_t *p, size_t n) {
  if (!p || n < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0) return 1;
  const uint8_t *t = p + 6; /* offsets count from the TIFF header */
  size_t tn = n - 6;
  int be;
  if (t[0] == 'I' && t[1] == 'I') be = 0;
  else if (t[0] == 'M' && t[1] == 'M') be = 1;
  else return 1;
  if (rd16(t + 2, be) != 42) return 1;
  uint32_t ifd = rd32(t + 4, be);
  if (ifd < 8 || ifd > tn - 2) return 1;
  uint32_t count = rd16(t + ifd, be);
  /* Entries past the payload's end are not read (a cut IFD keeps the ones
   * that are complete). */
  size_t avail = (tn - ifd - 2) / 12;
  if (count > avail) count = (uint32_t)avail;
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *e = t + ifd + 2 + 12 * (size_t)i;
    if (rd16(e, be) != 0x0112) continue;
    uint32_t type = rd16(e + 2, be), cnt = rd32(e + 4, be);
    uint32_t v;
    if (type == 3 && cnt == 1) v = rd16(e + 8, be);       /* SHORT, as the spec says */
    else if (type == 4 && cnt == 1) v = rd32(e + 8, be);  /* LONG, seen in the wild */
    else return 1;
    return v >= 1 && v <= 8 ? (int)v : 1;
  }
  return 1;
}
