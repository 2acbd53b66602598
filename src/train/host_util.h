/* Small helpers shared by the host-only libraries (src/train, src/export).
 * Internal: not installed, not for device code. */
#ifndef TC_HOST_UTIL_H
#define TC_HOST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* printf into err[n] (nothing when err is NULL or n is 0). */
void tc_seterr(char *err, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Creates path (mode 0644, truncated), writes len bytes, fsyncs and
 * closes it; 0, or -1 with errno set and nothing left open. A write that
 * makes no progress is ENOSPC. The caller renames or unlinks the file. */
int tc_write_synced(const char *path, const void *data, size_t len);

/* splitmix64's finalizer: a well-mixed 64-bit function of x. */
uint64_t tc_mix64(uint64_t x);

/* A growable string: p holds n bytes and a NUL (p is NULL until the
 * first byte); bad is set, and later calls do nothing, once memory or a
 * format fails. Free p. */
typedef struct tc_sbuf {
  char *p;
  size_t n, cap;
  int bad;
} tc_sbuf;
void tc_sb_add(tc_sbuf *b, const void *d, size_t n);
void tc_sb_printf(tc_sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "a/b" in malloc'd memory (trailing slashes of a dropped: "DIR/" names
 * files as "DIR/x"); NULL when out of memory. */
char *tc_path_join(const char *a, const char *b);
/* The entry names of a folder, sorted by strcmp, without "." and "..",
 * in malloc'd memory (free with tc_free_names); 0, or -1 with errno. */
int tc_list_dir(const char *dir, char ***names, int *n);
void tc_free_names(char **names, int n);

#endif
