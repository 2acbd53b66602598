/* The runner's I/O on qemu-system-xtensa: the POSIX calls picolibc's
 * stdio needs (open, read, write, lseek, close, _exit) and the standard
 * streams, on the simulator call interface. picolibc ships no
 * semihosting library for lx106; QEMU implements the Xtensa ISS
 * "simcall" interface (target/xtensa/xtensa-semi.c, enabled by
 * -semihosting-config enable=on): a2 = call number, a3.. arguments; on
 * return a2 = result (-1 on error) and a3 = errno. Files are the host's,
 * relative to QEMU's working directory; fd 0-2 are QEMU's console. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "xtensa_port.h"

/* Call numbers (xtensa-semi.c, TARGET_SYS_*). */
#define SC_EXIT 1
#define SC_READ 3
#define SC_WRITE 4
#define SC_OPEN 5
#define SC_CLOSE 6
#define SC_LSEEK 19
#define SC_ARGC 1000
#define SC_ARGV_SZ 1001
#define SC_ARGV 1002

/* open() flags as the simulator takes them: QEMU 7.2's xtensa-semi.c
 * hands a4 to the host's open() unchanged (regs[2] = open(name, regs[4],
 * regs[5])), so they are the host's (Linux) values; GDB's File-I/O values
 * (O_CREAT 0x200) fail there with ENOENT (tried). picolibc's own values
 * are mapped one by one. */
#define HOST_O_WRONLY 01
#define HOST_O_RDWR 02
#define HOST_O_CREAT 0100
#define HOST_O_EXCL 0200
#define HOST_O_TRUNC 01000
#define HOST_O_APPEND 02000

int32_t tc_xt_simcall(int32_t n, int32_t a, int32_t b, int32_t c, int32_t *err) {
  register int32_t a2 __asm__("a2") = n;
  register int32_t a3 __asm__("a3") = a;
  register int32_t a4 __asm__("a4") = b;
  register int32_t a5 __asm__("a5") = c;
  __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
  if (err) *err = a3;
  return a2;
}

/* A call's result; errno from a3 when it failed. */
static int32_t sc(int32_t n, int32_t a, int32_t b, int32_t c) {
  int32_t e, r = tc_xt_simcall(n, a, b, c, &e);
  if (r == -1) errno = (int)e;
  return r;
}

int open(const char *path, int flags, ...) {
  int32_t g = 0, mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = (int32_t)va_arg(ap, int);
    va_end(ap);
  }
  if ((flags & O_ACCMODE) == O_WRONLY) g |= HOST_O_WRONLY;
  if ((flags & O_ACCMODE) == O_RDWR) g |= HOST_O_RDWR;
  if (flags & O_APPEND) g |= HOST_O_APPEND;
  if (flags & O_CREAT) g |= HOST_O_CREAT;
  if (flags & O_TRUNC) g |= HOST_O_TRUNC;
  if (flags & O_EXCL) g |= HOST_O_EXCL;
  return (int)sc(SC_OPEN, (int32_t)(uintptr_t)path, g, mode);
}

ssize_t read(int fd, void *buf, size_t n) {
  return (ssize_t)sc(SC_READ, fd, (int32_t)(uintptr_t)buf, (int32_t)n);
}

ssize_t write(int fd, const void *buf, size_t n) {
  return (ssize_t)sc(SC_WRITE, fd, (int32_t)(uintptr_t)buf, (int32_t)n);
}

off_t lseek(int fd, off_t off, int whence) {
  return (off_t)sc(SC_LSEEK, fd, (int32_t)off, whence);
}

int close(int fd) { return (int)sc(SC_CLOSE, fd, 0, 0); }

void _exit(int code) {
  for (;;) tc_xt_simcall(SC_EXIT, code, 0, 0, 0);
}

/* The standard streams: one console, line-buffered (a simcall per line,
 * not per character). */
static char line[128];
static unsigned line_n;

static int stdio_flush(FILE *f) {
  unsigned done = 0;
  (void)f;
  while (done < line_n) {
    int32_t w = tc_xt_simcall(SC_WRITE, 1, (int32_t)(uintptr_t)(line + done),
                              (int32_t)(line_n - done), 0);
    if (w <= 0) break;
    done += (unsigned)w;
  }
  line_n = 0;
  return 0;
}

static int stdio_put(char c, FILE *f) {
  line[line_n++] = c;
  if (c == '\n' || line_n == sizeof line) stdio_flush(f);
  return (unsigned char)c;
}

static int stdio_get(FILE *f) {
  unsigned char c;
  (void)f;
  return tc_xt_simcall(SC_READ, 0, (int32_t)(uintptr_t)&c, 1, 0) == 1 ? c
                                                                      : EOF;
}

static FILE stdio = FDEV_SETUP_STREAM(stdio_put, stdio_get, stdio_flush,
                                      _FDEV_SETUP_RW);
FILE *const stdin = &stdio;
FILE *const stdout = &stdio;
FILE *const stderr = &stdio;

/* argv from -semihosting-config arg=...,arg=... (argv[0] first). */
int tc_xt_args(char ***argv) {
  static uint32_t buf[1024];
  int32_t argc = tc_xt_simcall(SC_ARGC, 0, 0, 0, 0);
  int32_t need = tc_xt_simcall(SC_ARGV_SZ, 0, 0, 0, 0);
  if (argc < 0 || need < 0 || (uint32_t)need > sizeof buf) {
    static const char msg[] = "FAIL: command line longer than 4 KB\n";
    write(1, msg, sizeof msg - 1);
    _exit(2);
  }
  tc_xt_simcall(SC_ARGV, (int32_t)(uintptr_t)buf, 0, 0, 0);
  *argv = (char **)(void *)buf;
  return (int)argc;
}
