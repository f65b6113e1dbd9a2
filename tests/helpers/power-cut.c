/*
 * A power cut below SQLite, for the durability test: preloaded into a station process, it lets
 * writes through until the N-th fsync after arming. At that moment what was written to a file
 * since that file's last fsync is undone (a disk loses what sat in its cache: the old bytes of
 * each write are kept until the file is synced), and from then on every write, fsync, truncate,
 * rename and unlink of a regular file is a silent no-op that reports success, as a disk that lost
 * power would never store them while the program went on. Pipes and sockets are left alone, so
 * the process still talks. At the cut it prints "power-cut" on standard output, in order with
 * the lines the process prints there.
 *
 *   POWER_CUT_AFTER_FSYNCS  N, the fsyncs that still reach the disk once armed
 *   POWER_CUT_ARM_FILE      counting starts once this file exists (after the station is set up)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long fsyncs_left = -1;
static volatile int cut = 0;
static const char *arm_file = NULL;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_unlink)(const char *);
static int (*real_unlinkat)(int, const char *, int);

__attribute__((constructor)) static void init(void) {
  real_write = dlsym(RTLD_NEXT, "write");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  real_writev = dlsym(RTLD_NEXT, "writev");
  real_pwritev = dlsym(RTLD_NEXT, "pwritev");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
  real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
  real_rename = dlsym(RTLD_NEXT, "rename");
  real_renameat = dlsym(RTLD_NEXT, "renameat");
  real_unlink = dlsym(RTLD_NEXT, "unlink");
  real_unlinkat = dlsym(RTLD_NEXT, "unlinkat");
  const char *n = getenv("POWER_CUT_AFTER_FSYNCS");
  fsyncs_left = n ? atol(n) : -1;
  arm_file = getenv("POWER_CUT_ARM_FILE");
}

/* whether the descriptor is a file on the disk (what a power cut loses) */
static int on_disk(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static size_t iov_total(const struct iovec *iov, int n) {
  size_t t = 0;
  for (int i = 0; i < n; i++) t += iov[i].iov_len;
  return t;
}

static int armed(void) { return fsyncs_left >= 0 && arm_file != NULL && access(arm_file, F_OK) == 0; }

/* what a write replaced, until its file is synced: the bytes, and the file's size before it */
struct undo {
  struct undo *prev;
  dev_t dev;
  ino_t ino;
  char path[PATH_MAX];
  off_t off;
  ssize_t len;
  off_t old_size;
  char *old;
};
static struct undo *undo_log = NULL;

/* keeps what the write of `n` bytes at `off` (-1: the descriptor's offset) to `fd` will replace */
static void remember(int fd, size_t n, off_t off) {
  struct stat st;
  if (!armed() || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  struct undo *u = calloc(1, sizeof *u);
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t l = readlink(link, u->path, sizeof u->path - 1);
  if (l <= 0) {
    free(u);
    return;
  }
  u->path[l] = 0;
  u->dev = st.st_dev;
  u->ino = st.st_ino;
  u->off = off >= 0 ? off : lseek(fd, 0, SEEK_CUR);
  u->old_size = st.st_size;
  u->old = malloc(n ? n : 1);
  int r = open(u->path, O_RDONLY);
  u->len = r >= 0 ? pread(r, u->old, n, u->off) : 0;
  if (u->len < 0) u->len = 0;
  if (r >= 0) close(r);
  u->prev = undo_log;
  undo_log = u;
}

/* the file is synced: what was written to it stays */
static void forget(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return;
  for (struct undo **p = &undo_log; *p;) {
    struct undo *u = *p;
    if (u->dev == st.st_dev && u->ino == st.st_ino) {
      *p = u->prev;
      free(u->old);
      free(u);
    } else p = &u->prev;
  }
}

/* the cut: every unsynced write is undone, newest first */
static void lose_unsynced(void) {
  for (struct undo *u = undo_log; u; u = u->prev) {
    int f = open(u->path, O_WRONLY);
    if (f < 0) continue;
    struct stat st;
    if (fstat(f, &st) == 0 && st.st_dev == u->dev && st.st_ino == u->ino) {
      if (u->len > 0) real_pwrite(f, u->old, u->len, u->off);
      real_ftruncate(f, u->old_size);
      real_fsync(f);
    }
    close(f);
  }
}

/* one fsync that reached the disk: the N-th after arming is the last */
static void count_fsync(int fd) {
  if (!armed()) return;
  forget(fd);
  if (!cut && --fsyncs_left <= 0) {
    lose_unsynced();
    cut = 1;
    static const char line[] = "power-cut\n";
    real_write(1, line, sizeof line - 1);
  }
}

#define WRITE(total, offset, call)                 \
  pthread_mutex_lock(&lock);                       \
  ssize_t r;                                       \
  if (cut && on_disk(fd)) r = (ssize_t)(total);    \
  else {                                           \
    remember(fd, total, offset);                   \
    r = call;                                      \
  }                                                \
  pthread_mutex_unlock(&lock);                     \
  return r;

ssize_t write(int fd, const void *b, size_t n) { WRITE(n, -1, real_write(fd, b, n)) }
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) { WRITE(n, o, real_pwrite(fd, b, n, o)) }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) { WRITE(n, o, real_pwrite64(fd, b, n, o)) }
ssize_t writev(int fd, const struct iovec *v, int c) { WRITE(iov_total(v, c), -1, real_writev(fd, v, c)) }
ssize_t pwritev(int fd, const struct iovec *v, int c, off_t o) { WRITE(iov_total(v, c), o, real_pwritev(fd, v, c, o)) }
int ftruncate(int fd, off_t l) { return cut && on_disk(fd) ? 0 : real_ftruncate(fd, l); }
int ftruncate64(int fd, off_t l) { return cut && on_disk(fd) ? 0 : real_ftruncate64(fd, l); }
int rename(const char *a, const char *b) { return cut ? 0 : real_rename(a, b); }
int renameat(int da, const char *a, int db, const char *b) { return cut ? 0 : real_renameat(da, a, db, b); }
int unlink(const char *p) { return cut ? 0 : real_unlink(p); }
int unlinkat(int d, const char *p, int f) { return cut ? 0 : real_unlinkat(d, p, f); }

int fsync(int fd) {
  pthread_mutex_lock(&lock);
  int r = cut ? 0 : real_fsync(fd);
  if (!cut && r == 0) count_fsync(fd);
  pthread_mutex_unlock(&lock);
  return r;
}

int fdatasync(int fd) {
  pthread_mutex_lock(&lock);
  int r = cut ? 0 : real_fdatasync(fd);
  if (!cut && r == 0) count_fsync(fd);
  pthread_mutex_unlock(&lock);
  return r;
}
