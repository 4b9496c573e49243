/*
 * A file system turned read-only under a running server, as the kernel remounts one after I/O errors: while the file
 * READ_ONLY_FLAG exists, every write, flush, truncation, creation or removal of a file whose path starts with
 * READ_ONLY_PREFIX (a directory, or the start of file names in one) fails with EROFS; reads go on. Loaded with
 * LD_PRELOAD by test/reliability/read-only.e2e-spec.ts, built by ./library.ts with the machine's C compiler. A mount
 * cannot do it: Linux refuses to remount a file system read-only while files on it are open for writing.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define REAL(name) static __typeof__(name) *real_##name; if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int read_only_now(void) {
  const char *flag = getenv("READ_ONLY_FLAG");
  REAL(access);
  return flag && real_access(flag, F_OK) == 0;
}

static int refused_path(const char *path) {
  const char *prefix = getenv("READ_ONLY_PREFIX");
  size_t n = prefix ? strlen(prefix) : 0;
  return n > 0 && strncmp(path, prefix, n) == 0;
}

static int path_refused(const char *path) {
  char absolute[PATH_MAX];
  if (!path || !read_only_now()) return 0;
  if (path[0] == '/') return refused_path(path);
  if (!getcwd(absolute, sizeof absolute)) return 0;
  strncat(absolute, "/", sizeof absolute - strlen(absolute) - 1);
  strncat(absolute, path, sizeof absolute - strlen(absolute) - 1);
  return refused_path(absolute);
}

static int fd_refused(int fd) {
  char link[64], target[PATH_MAX];
  ssize_t n;
  if (!read_only_now()) return 0;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink(link, target, sizeof target - 1);
  if (n < 0) return 0;
  target[n] = '\0';
  return refused_path(target);
}

#define REFUSE(result) do { errno = EROFS; return result; } while (0)

ssize_t write(int fd, const void *buf, size_t count) {
  REAL(write);
  if (fd_refused(fd)) REFUSE(-1);
  return real_write(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite);
  if (fd_refused(fd)) REFUSE(-1);
  return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset) {
  REAL(pwrite64);
  if (fd_refused(fd)) REFUSE(-1);
  return real_pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
  REAL(writev);
  if (fd_refused(fd)) REFUSE(-1);
  return real_writev(fd, iov, iovcnt);
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
  REAL(pwritev);
  if (fd_refused(fd)) REFUSE(-1);
  return real_pwritev(fd, iov, iovcnt, offset);
}

int fsync(int fd) {
  REAL(fsync);
  if (fd_refused(fd)) REFUSE(-1);
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (fd_refused(fd)) REFUSE(-1);
  return real_fdatasync(fd);
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate);
  if (fd_refused(fd)) REFUSE(-1);
  return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
  REAL(ftruncate64);
  if (fd_refused(fd)) REFUSE(-1);
  return real_ftruncate64(fd, length);
}

static int opens_for_writing(int flags) {
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

/* The mode an open(2)-like call was given after `flags`, read only when it creates (GCC statement expression). */
#define CREATION_MODE(flags) ({ va_list args; mode_t mode = 0; va_start(args, flags); if ((flags) & O_CREAT) mode = va_arg(args, mode_t); va_end(args); mode; })

int open(const char *path, int flags, ...) {
  mode_t mode = CREATION_MODE(flags);
  REAL(open);
  if (opens_for_writing(flags) && path_refused(path)) REFUSE(-1);
  return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
  mode_t mode = CREATION_MODE(flags);
  REAL(open64);
  if (opens_for_writing(flags) && path_refused(path)) REFUSE(-1);
  return real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
  mode_t mode = CREATION_MODE(flags);
  REAL(openat);
  if (opens_for_writing(flags) && path_refused(path)) REFUSE(-1);
  return real_openat(dirfd, path, flags, mode);
}

int unlink(const char *path) {
  REAL(unlink);
  if (path_refused(path)) REFUSE(-1);
  return real_unlink(path);
}

int rename(const char *from, const char *to) {
  REAL(rename);
  if (path_refused(from) || path_refused(to)) REFUSE(-1);
  return real_rename(from, to);
}
