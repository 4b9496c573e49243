/*
 * A slower disk for benchmarks: fsync and fdatasync each wait FSYNC_DELAY_US microseconds (default 2000) before doing
 * their work, as on network block storage, where a flush to stable storage takes milliseconds. Loaded with LD_PRELOAD
 * by bench/writer-thread.js; built there with the machine's C compiler (cc -shared -fPIC -o slow-fsync.so slow-fsync.c -ldl).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

static void wait_for_the_disk(void) {
  const char *delay = getenv("FSYNC_DELAY_US");
  usleep(delay ? (useconds_t)atoi(delay) : 2000);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  wait_for_the_disk();
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  wait_for_the_disk();
  return real(fd);
}
