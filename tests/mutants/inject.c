/*
 * inject.c: a fault injector for mmapcheck's own verdicts.  Loaded with
 * LD_PRELOAD into a case binary (never into the runner), it makes the case
 * see a plausibly buggy kernel or C library: one documented claim broken at a
 * time, chosen by MMAPCHECK_MUTANT=<name>.  MMAPCHECK_MUTANT=--list prints
 * the mutants.  tests/mutants/run.py (make mutants) runs the suite once per
 * mutant; every mutant must turn at least one passing case into a failing one.
 *
 * It interposes the C library's functions, so cases must call those (mmap(),
 * not syscall(SYS_mmap)) wherever the claim is about the documented interface.
 * Linux and glibc only: it is a test tool, not part of the portable harness.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MUTANTS(X) \
	X(offset_unaligned_rounded, "mmap: an unaligned file offset is rounded down and accepted") \
	X(len_zero_accepted, "mmap: a length of 0 maps one page instead of failing") \
	X(len_rounded_down, "mmap: a length that is not a page multiple is rounded down") \
	X(addr_not_page_aligned, "mmap: with addr NULL, returns an address inside a page") \
	X(shared_rdonly_downgraded, "mmap: MAP_SHARED|PROT_WRITE on an O_RDONLY fd quietly becomes MAP_PRIVATE") \
	X(private_rdonly_write_refused, "mmap: MAP_PRIVATE|PROT_WRITE on an O_RDONLY fd fails with EACCES") \
	X(wronly_fd_allowed, "mmap: a file mapping of an O_WRONLY fd succeeds (with anonymous memory)") \
	X(append_fd_refused, "mmap: MAP_SHARED|PROT_WRITE on an O_APPEND fd fails with EACCES") \
	X(private_file_as_shared, "mmap: MAP_PRIVATE file mappings of a writable fd behave as MAP_SHARED") \
	X(private_file_eager_copy, "mmap: MAP_PRIVATE file mappings copy the file at mmap time") \
	X(shared_file_as_private, "mmap: MAP_SHARED file mappings behave as MAP_PRIVATE") \
	X(private_anon_shared, "mmap: MAP_PRIVATE|MAP_ANONYMOUS memory is shared across fork") \
	X(shared_anon_private, "mmap: MAP_SHARED|MAP_ANONYMOUS memory is copied, not shared, across fork") \
	X(anon_not_zeroed, "mmap: anonymous memory is handed out without being cleared") \
	X(read_only_writable, "mmap: PROT_READ private and anonymous mappings are writable too") \
	X(private_rdonly_writes_through, "mmap: stores to a MAP_PRIVATE mapping of an O_RDONLY fd reach the file") \
	X(past_eof_tail_stale, "mmap: the part of the last page past EOF shows stale bytes, not zeroes") \
	X(anon_fd_checked, "mmap: MAP_ANONYMOUS with an fd other than -1 fails with EINVAL") \
	X(fixed_ignored, "mmap: MAP_FIXED is treated as a hint") \
	X(fixed_unaligned_accepted, "mmap: MAP_FIXED with an unaligned addr is rounded down and accepted") \
	X(fixed_clobbers_next_page, "mmap: MAP_FIXED also replaces the page after the range") \
	X(fixed_noreplace_clobbers, "mmap: MAP_FIXED_NOREPLACE replaces an existing mapping like MAP_FIXED") \
	X(past_eof_zero_backed, "mmap: whole pages past EOF are backed by zeroes instead of raising SIGBUS") \
	X(populate_ignored, "mmap: MAP_POPULATE is ignored") \
	X(locked_ignored, "mmap: MAP_LOCKED is ignored") \
	X(noreserve_ignored, "mmap: MAP_NORESERVE is ignored") \
	X(growsdown_ignored, "mmap: MAP_GROWSDOWN is ignored") \
	X(einval_as_enomem, "mmap: refusals that should be EINVAL report ENOMEM") \
	X(eacces_as_eperm, "mmap: refusals that should be EACCES report EPERM") \
	X(close_unmaps, "close: closing a descriptor unmaps its mappings") \
	X(munmap_noop, "munmap: returns 0 and unmaps nothing") \
	X(munmap_unaligned_accepted, "munmap: an unaligned addr is rounded down and accepted") \
	X(mprotect_noop, "mprotect: returns 0 and changes nothing") \
	X(mprotect_skips_access_check, "mprotect: adding PROT_WRITE to a shared mapping of an O_RDONLY fd succeeds") \
	X(msync_flags_unchecked, "msync: MS_SYNC|MS_ASYNC is accepted") \
	X(msync_unmapped_ok, "msync: a range that is not mapped is accepted") \
	X(msync_invalidate_discards, "msync: MS_INVALIDATE throws away the stores made through the mapping") \
	X(madvise_dontneed_noop, "madvise: MADV_DONTNEED returns 0 and drops nothing") \
	X(mremap_loses_data, "mremap: a moved mapping arrives without its contents") \
	X(mlock_noop, "mlock: returns 0 and locks nothing") \
	X(ftruncate_rdonly_ok, "ftruncate: a descriptor not open for writing is accepted (and nothing happens)") \
	X(ftruncate_shrink_ignored, "ftruncate: shrinking a file returns 0 and keeps its size") \
	X(ftruncate_grow_stale, "ftruncate: growing a file exposes stale bytes instead of zeroes") \
	X(getpagesize_wrong, "getpagesize: disagrees with sysconf(_SC_PAGESIZE)") \
	X(free_keeps_large_blocks, "free: large blocks stay mapped after free()")

#define ENUM(name, bug) M_##name,
#define ENTRY(name, bug) { #name, bug },
enum { M_none, MUTANTS(ENUM) M_count };
static const struct { const char *name, *bug; } mutants[] = { { "none", "" }, MUTANTS(ENTRY) };
static int active;

#define IS(m) (active == M_##m)
#define REAL(fn) static __typeof__(fn) *real_##fn; \
	if (!real_##fn) real_##fn = (__typeof__(fn) *)dlsym(RTLD_NEXT, #fn)

/* Names on the command line use dashes; the C names use underscores. */
static int same_name(const char *dashed, const char *c_name)
{
	for (; *dashed && *c_name; dashed++, c_name++)
		if (*dashed != (*c_name == '_' ? '-' : *c_name))
			return 0;
	return *dashed == *c_name;
}

__attribute__((constructor)) static void choose_mutant(void)
{
	const char *want = getenv("MMAPCHECK_MUTANT");
	int i;

	if (!want)
		return;
	for (i = 1; i < M_count; i++) {
		if (strcmp(want, "--list") == 0) {
			const char *c;

			for (c = mutants[i].name; *c; c++)
				putchar(*c == '_' ? '-' : *c);
			printf("\t%s\n", mutants[i].bug);
		} else if (same_name(want, mutants[i].name)) {
			active = i;
		}
	}
	if (strcmp(want, "--list") == 0)
		exit(0);
	if (!active) {
		fprintf(stderr, "inject: unknown mutant '%s'\n", want);
		_exit(99);
	}
}

static size_t page(void) { return (size_t)sysconf(_SC_PAGESIZE); }
static int access_mode(int fd) { int fl = fcntl(fd, F_GETFL); return fl == -1 ? -1 : fl & O_ACCMODE; }
static int is_file(int flags, int fd) { return !(flags & MAP_ANONYMOUS) && fd >= 0; }

/* The same file open for reading and writing (works for its owner and root). */
static int reopen_rw(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_RDWR);
}

/*
 * Writes junk into the last page of a regular file past its end, through the
 * page cache: the documented Linux behaviour of mmap(2) BUGS, made certain.
 */
static void dirty_tail_past_eof(int fd)
{
	size_t pg = page(), tail;
	struct stat st;
	char *q;
	int rw;
	REAL(mmap);

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size % (off_t)pg == 0)
		return;
	tail = (size_t)(st.st_size % (off_t)pg);
	if ((rw = reopen_rw(fd)) < 0)
		return;
	q = real_mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, rw, st.st_size - (off_t)tail);
	if (q != MAP_FAILED) {
		memset(q + tail, 0xa5, pg - tail);
		munmap(q, pg);
	}
	close(rw);
}

/* Mappings per descriptor, for close_unmaps. */
static struct { int fd; void *addr; size_t len; } maps[64];

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t pg = page(), skew = 0;
	int mode = fd >= 0 ? access_mode(fd) : -1;
	void *p;
	REAL(mmap);

	if (IS(offset_unaligned_rounded) && is_file(flags, fd) && off % (off_t)pg) {
		skew = (size_t)(off % (off_t)pg);
		off -= (off_t)skew;
		len += skew;
	}
	if (IS(len_zero_accepted) && len == 0)
		len = pg;
	if (IS(len_rounded_down) && len % pg)
		len -= len % pg;
	if (IS(shared_rdonly_downgraded) && (flags & MAP_SHARED) && (prot & PROT_WRITE) && mode == O_RDONLY)
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	if (IS(private_rdonly_write_refused) && (flags & MAP_PRIVATE) && (prot & PROT_WRITE) &&
	    is_file(flags, fd) && mode == O_RDONLY)
		return errno = EACCES, MAP_FAILED;
	if (IS(append_fd_refused) && (flags & MAP_SHARED) && (prot & PROT_WRITE) && fd >= 0 &&
	    (fcntl(fd, F_GETFL) & O_APPEND))
		return errno = EACCES, MAP_FAILED;
	if (IS(private_file_as_shared) && (flags & MAP_PRIVATE) && is_file(flags, fd) && mode == O_RDWR)
		flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
	if (IS(shared_file_as_private) && (flags & MAP_SHARED) && is_file(flags, fd))
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	if (IS(private_anon_shared) && (flags & MAP_PRIVATE) && (flags & MAP_ANONYMOUS))
		flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
	if (IS(shared_anon_private) && (flags & MAP_SHARED) && (flags & MAP_ANONYMOUS))
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	if (IS(anon_fd_checked) && (flags & MAP_ANONYMOUS) && fd != -1)
		return errno = EINVAL, MAP_FAILED;
	if (IS(fixed_ignored))
		flags &= ~MAP_FIXED;
	if (IS(fixed_unaligned_accepted) && (flags & MAP_FIXED) && (size_t)addr % pg) {
		len += (size_t)addr % pg;
		addr = (char *)addr - (size_t)addr % pg;
	}
	if (IS(fixed_clobbers_next_page) && (flags & MAP_FIXED))
		len = (len + pg - 1) / pg * pg + pg;
#ifdef MAP_FIXED_NOREPLACE
	if (IS(fixed_noreplace_clobbers) && (flags & MAP_FIXED_NOREPLACE))
		flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
#endif
	if (IS(populate_ignored))
		flags &= ~MAP_POPULATE;
	if (IS(locked_ignored))
		flags &= ~MAP_LOCKED;
	if (IS(noreserve_ignored))
		flags &= ~MAP_NORESERVE;
	if (IS(growsdown_ignored))
		flags &= ~MAP_GROWSDOWN;

	if (IS(read_only_writable) && (prot & PROT_READ) && !(prot & PROT_WRITE) &&
	    ((flags & MAP_ANONYMOUS) || (flags & MAP_PRIVATE)))
		prot |= PROT_WRITE;
	if (IS(private_rdonly_writes_through) && (flags & MAP_PRIVATE) && (prot & PROT_WRITE) &&
	    is_file(flags, fd) && mode == O_RDONLY) {
		int rw = reopen_rw(fd);

		if (rw >= 0) {
			p = real_mmap(addr, len, prot, (flags & ~MAP_PRIVATE) | MAP_SHARED, rw, off);
			close(rw);
			return p;
		}
	}
	if (IS(past_eof_tail_stale) && is_file(flags, fd))
		dirty_tail_past_eof(fd);
	if (IS(private_file_eager_copy) && (flags & MAP_PRIVATE) && is_file(flags, fd)) {
		p = real_mmap(addr, len, prot | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
		if (p != MAP_FAILED) {
			ssize_t got = pread(fd, p, len, off);	/* a copy now; later file changes never show */

			(void)got;
			mprotect(p, len, prot);
		}
		return p;
	}

	p = real_mmap(addr, len, prot, flags, fd, off);
	if (p == MAP_FAILED) {
		if (IS(wronly_fd_allowed) && errno == EACCES && mode == O_WRONLY)
			return real_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (IS(einval_as_enomem) && errno == EINVAL)
			errno = ENOMEM;
		if (IS(eacces_as_eperm) && errno == EACCES)
			errno = EPERM;
		return p;
	}
	if (IS(anon_not_zeroed) && (flags & MAP_ANONYMOUS) && (prot & PROT_WRITE))
		memset(p, 0xa5, len);
	if (IS(past_eof_zero_backed) && is_file(flags, fd)) {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			off_t valid = st.st_size > off ? st.st_size - off : 0;
			size_t first = ((size_t)valid + pg - 1) / pg * pg;

			if (first < len)
				real_mmap((char *)p + first, len - first, prot,
					  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		}
	}
	if (IS(close_unmaps) && is_file(flags, fd)) {
		size_t i;

		for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
			if (!maps[i].addr) {
				maps[i].fd = fd, maps[i].addr = p, maps[i].len = len;
				break;
			}
	}
	if (IS(addr_not_page_aligned) && !addr)
		return (char *)p + 64;
	return (char *)p + skew;
}

int close(int fd)
{
	size_t i;
	REAL(close);

	if (IS(close_unmaps))
		for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
			if (maps[i].addr && maps[i].fd == fd) {
				munmap(maps[i].addr, maps[i].len);
				maps[i].addr = NULL;
			}
	return real_close(fd);
}

int munmap(void *addr, size_t len)
{
	size_t pg = page();
	REAL(munmap);

	if (IS(munmap_noop))
		return 0;
	if (IS(munmap_unaligned_accepted) && (size_t)addr % pg) {
		len += (size_t)addr % pg;
		addr = (char *)addr - (size_t)addr % pg;
	}
	return real_munmap(addr, len);
}

int mprotect(void *addr, size_t len, int prot)
{
	int ret;
	REAL(mprotect);

	if (IS(mprotect_noop))
		return 0;
	ret = real_mprotect(addr, len, prot);
	if (IS(mprotect_skips_access_check) && ret == -1 && errno == EACCES)
		return 0;
	return ret;
}

int msync(void *addr, size_t len, int flags)
{
	int ret;
	REAL(msync);

	if (IS(msync_flags_unchecked) && (flags & MS_SYNC) && (flags & MS_ASYNC))
		flags &= ~MS_ASYNC;
	if (IS(msync_invalidate_discards) && (flags & MS_INVALIDATE))
		madvise(addr, len, MADV_REMOVE);	/* the pages and their data are gone */
	ret = real_msync(addr, len, flags);
	if (IS(msync_unmapped_ok) && ret == -1 && errno == ENOMEM)
		return 0;
	return ret;
}

int madvise(void *addr, size_t len, int advice)
{
	REAL(madvise);

	if (IS(madvise_dontneed_noop) && advice == MADV_DONTNEED)
		return 0;
	return real_madvise(addr, len, advice);
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;
	va_list ap;
	REAL(mremap);

	va_start(ap, flags);
	if (flags & MREMAP_FIXED)
		new_addr = va_arg(ap, void *);
	va_end(ap);
	if (IS(mremap_loses_data) && (flags & MREMAP_MAYMOVE) && !(flags & MREMAP_FIXED)) {
		void *p = mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED)
			munmap(old, old_len);
		return p;
	}
	return real_mremap(old, old_len, new_len, flags, new_addr);
}

int mlock(const void *addr, size_t len)
{
	REAL(mlock);

	if (IS(mlock_noop))
		return 0;
	return real_mlock(addr, len);
}

int ftruncate(int fd, off_t length)
{
	struct stat st;
	int ret;
	REAL(ftruncate);

	if (fstat(fd, &st) != 0)
		st.st_size = 0;
	if (IS(ftruncate_shrink_ignored) && length < st.st_size)
		return 0;
	ret = real_ftruncate(fd, length);
	if (IS(ftruncate_rdonly_ok) && ret == -1 && access_mode(fd) == O_RDONLY)
		return 0;
	if (IS(ftruncate_grow_stale) && ret == 0 && length > st.st_size) {
		char junk[4096];
		off_t at;

		memset(junk, 0xa5, sizeof(junk));
		for (at = st.st_size; at < length; at += (off_t)sizeof(junk)) {
			size_t n = (size_t)(length - at) < sizeof(junk) ? (size_t)(length - at) : sizeof(junk);

			if (pwrite(fd, junk, n, at) < 0)
				break;
		}
	}
	return ret;
}

int getpagesize(void)
{
	return (int)page() * (IS(getpagesize_wrong) ? 2 : 1);
}

/* glibc's own entry point: dlsym() may itself call free(), so no REAL() here. */
extern void __libc_free(void *p);

void free(void *p)
{
	if (IS(free_keeps_large_blocks) && p && malloc_usable_size(p) >= (128 << 10))
		return;
	__libc_free(p);
}
