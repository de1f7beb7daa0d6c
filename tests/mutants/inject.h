/*
 * inject.h: how a mutant of the fault injector is written.  A mutant is one
 * plausible kernel or C library bug: a name, a sentence, and replacements for
 * the functions it breaks.  Any file in tests/mutants/ may define mutants:
 *
 *   static int mlock_noop(const void *addr, size_t len) { (void)addr, (void)len; return 0; }
 *   MUTANT(mlock_noop, "mlock: returns 0 and locks nothing", .mlock = mlock_noop);
 *
 * A replacement calls the real function through real_<fn>() (e.g.
 * real_mmap(...)).  Only one mutant is active in a process, chosen by
 * MMAPCHECK_MUTANT=<name with dashes>; functions it does not replace behave
 * as the C library's.  Mutant names are global: a duplicate fails to link.
 */
#ifndef INJECT_H
#define INJECT_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "../../harness/mc_linux_abi.h"

/* Every interposed function: X(return type, name, (parameters), (arguments)). */
#define INTERPOSED(X) \
	X(void *, mmap, (void *addr, size_t len, int prot, int flags, int fd, off_t off), (addr, len, prot, flags, fd, off)) \
	X(int, munmap, (void *addr, size_t len), (addr, len)) \
	X(int, mprotect, (void *addr, size_t len, int prot), (addr, len, prot)) \
	X(int, pkey_mprotect, (void *addr, size_t len, int prot, int pkey), (addr, len, prot, pkey)) \
	X(int, msync, (void *addr, size_t len, int flags), (addr, len, flags)) \
	X(int, madvise, (void *addr, size_t len, int advice), (addr, len, advice)) \
	X(int, posix_madvise, (void *addr, size_t len, int advice), (addr, len, advice)) \
	X(int, mlock, (const void *addr, size_t len), (addr, len)) \
	X(int, mlock2, (const void *addr, size_t len, unsigned int flags), (addr, len, flags)) \
	X(int, munlock, (const void *addr, size_t len), (addr, len)) \
	X(int, mlockall, (int flags), (flags)) \
	X(int, munlockall, (void), ()) \
	X(int, mincore, (void *addr, size_t len, unsigned char *vec), (addr, len, vec)) \
	X(int, ftruncate, (int fd, off_t len), (fd, len)) \
	X(int, truncate, (const char *path, off_t len), (path, len)) \
	X(int, close, (int fd), (fd)) \
	X(ssize_t, read, (int fd, void *buf, size_t n), (fd, buf, n)) \
	X(ssize_t, write, (int fd, const void *buf, size_t n), (fd, buf, n)) \
	X(ssize_t, pread, (int fd, void *buf, size_t n, off_t off), (fd, buf, n, off)) \
	X(ssize_t, pwrite, (int fd, const void *buf, size_t n, off_t off), (fd, buf, n, off)) \
	X(int, fsync, (int fd), (fd)) \
	X(int, fdatasync, (int fd), (fd)) \
	X(pid_t, fork, (void), ()) \
	X(int, setrlimit, (__rlimit_resource_t resource, const struct rlimit *rl), (resource, rl)) \
	X(int, shm_open, (const char *name, int oflag, mode_t mode), (name, oflag, mode)) \
	X(int, shm_unlink, (const char *name), (name)) \
	X(int, memfd_create, (const char *name, unsigned int flags), (name, flags)) \
	X(int, remap_file_pages, (void *addr, size_t size, int prot, size_t pgoff, int flags), (addr, size, prot, pgoff, flags)) \
	X(int, getpagesize, (void), ()) \
	X(long, sysconf, (int name), (name))

/*
 * The calls cases make through syscall(), by number (harness/mc_linux_calls.h):
 * inject.c interposes syscall() and hands each number to the mutant's function
 * of that name.  X(return type, name, (parameters), (arguments from the long
 * array a[] of syscall()'s arguments)).  syscall(SYS_pkey_mprotect, ...) goes
 * to .pkey_mprotect, the C library function's replacement.
 */
#define SYSCALLED(X) \
	X(int, mseal, (void *addr, size_t len, unsigned long flags), ((void *)a[0], (size_t)a[1], (unsigned long)a[2])) \
	X(ssize_t, process_madvise, (int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags), \
	  ((int)a[0], (const struct iovec *)a[1], (size_t)a[2], (int)a[3], (unsigned int)a[4])) \
	X(int, memfd_secret, (unsigned int flags), ((unsigned int)a[0])) \
	X(int, cachestat, (unsigned int fd, struct mc_cachestat_range *range, struct mc_cachestat *cstat, \
	  unsigned int flags), ((unsigned int)a[0], (struct mc_cachestat_range *)a[1], (struct mc_cachestat *)a[2], \
	  (unsigned int)a[3])) \
	X(void *, map_shadow_stack, (unsigned long addr, unsigned long size, unsigned int flags), \
	  ((unsigned long)a[0], (unsigned long)a[1], (unsigned int)a[2])) \
	X(int, pkey_alloc, (unsigned int flags, unsigned int rights), ((unsigned int)a[0], (unsigned int)a[1])) \
	X(int, pkey_free, (int pkey), ((int)a[0]))

/*
 * Variadic ones, interposed by hand in inject.c: mremap() passes new_address
 * only with MREMAP_FIXED (the replacement gets NULL otherwise), fcntl() its
 * argument as a long.
 */
#define MUTANT_OPS(ret, fn, params, args) ret (*fn) params;
struct mutant {
	const char *name, *bug;
	INTERPOSED(MUTANT_OPS)
	SYSCALLED(MUTANT_OPS)
	void *(*mremap)(void *old, size_t old_len, size_t new_len, int flags, void *new_addr);
	int (*fcntl)(int fd, int cmd, long arg);
	void (*free)(void *p);
};

/* The C library's own functions. */
#define REAL_DECL(ret, fn, params, args) ret real_##fn params;
INTERPOSED(REAL_DECL)
void *real_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr);
int real_fcntl(int fd, int cmd, long arg);
void real_free(void *p);
long real_syscall(long number, long a0, long a1, long a2, long a3, long a4, long a5);
#define SYSCALL_REAL_DECL(ret, fn, params, args) ret real_##fn params;
SYSCALLED(SYSCALL_REAL_DECL)

#define MUTANT(id, sentence, ...) \
	__attribute__((used, section("mutants"), aligned(sizeof(void *)))) \
	const struct mutant mutant_##id = { .name = #id, .bug = sentence, __VA_ARGS__ }

/* An mmap() refusal reported with the wrong errno. */
#define MMAP_WRONG_ERRNO(id, right, wrong, sentence) \
	static void *id(void *addr, size_t len, int prot, int flags, int fd, off_t off) \
	{ \
		void *p = real_mmap(addr, len, prot, flags, fd, off); \
		if (p == MAP_FAILED && errno == (right)) \
			errno = (wrong); \
		return p; \
	} \
	MUTANT(id, sentence, .mmap = id)

/* Shared helpers for mutants. */
size_t page(void);
int access_mode(int fd);			/* O_RDONLY, O_WRONLY, O_RDWR, or -1 */
int is_file(int flags, int fd);			/* an mmap() of a file, not anonymous */
int reopen_rw(int fd);				/* the same file, open read/write */

#endif
