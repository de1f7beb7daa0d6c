/* Mutants of mmap(): plausible kernel bugs in its checks, flags and placement. */
#include "inject.h"

/* The offset-rounding bug returns the mapping shifted by the dropped part. */
static void *offset_unaligned_rounded(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t skew = is_file(flags, fd) ? (size_t)(off % (off_t)page()) : 0;
	char *p = real_mmap(addr, len + skew, prot, flags, fd, off - (off_t)skew);

	return p == MAP_FAILED ? p : p + skew;
}
MUTANT(offset_unaligned_rounded, "mmap: an unaligned file offset is rounded down and accepted",
       .mmap = offset_unaligned_rounded);

static void *len_zero_accepted(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len ? len : page(), prot, flags, fd, off);
}
MUTANT(len_zero_accepted, "mmap: a length of 0 maps one page instead of failing", .mmap = len_zero_accepted);

static void *len_rounded_down(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len - len % page(), prot, flags, fd, off);
}
MUTANT(len_rounded_down, "mmap: a length that is not a page multiple is rounded down", .mmap = len_rounded_down);

static void *addr_not_page_aligned(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	char *p = real_mmap(addr, len, prot, flags, fd, off);

	return p == MAP_FAILED || addr ? p : p + 64;
}
MUTANT(addr_not_page_aligned, "mmap: with addr NULL, returns an address inside a page",
       .mmap = addr_not_page_aligned);

static void *shared_rdonly_downgraded(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && fd >= 0 && access_mode(fd) == O_RDONLY)
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(shared_rdonly_downgraded, "mmap: MAP_SHARED|PROT_WRITE on an O_RDONLY fd quietly becomes MAP_PRIVATE",
       .mmap = shared_rdonly_downgraded);

static void *private_rdonly_write_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_PRIVATE) && (prot & PROT_WRITE) && is_file(flags, fd) && access_mode(fd) == O_RDONLY)
		return errno = EACCES, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(private_rdonly_write_refused, "mmap: MAP_PRIVATE|PROT_WRITE on an O_RDONLY fd fails with EACCES",
       .mmap = private_rdonly_write_refused);

static void *wronly_fd_allowed(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED && errno == EACCES && fd >= 0 && access_mode(fd) == O_WRONLY)
		return real_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p;
}
MUTANT(wronly_fd_allowed, "mmap: a file mapping of an O_WRONLY fd succeeds (with anonymous memory)",
       .mmap = wronly_fd_allowed);

static void *append_fd_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && fd >= 0 && (real_fcntl(fd, F_GETFL, 0) & O_APPEND))
		return errno = EACCES, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(append_fd_refused, "mmap: MAP_SHARED|PROT_WRITE on an O_APPEND fd fails with EACCES",
       .mmap = append_fd_refused);

static void *private_file_as_shared(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_PRIVATE) && is_file(flags, fd) && access_mode(fd) == O_RDWR)
		flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(private_file_as_shared, "mmap: MAP_PRIVATE file mappings of a writable fd behave as MAP_SHARED",
       .mmap = private_file_as_shared);

static void *private_file_eager_copy(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if (!(flags & MAP_PRIVATE) || !is_file(flags, fd))
		return real_mmap(addr, len, prot, flags, fd, off);
	p = real_mmap(addr, len, prot | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
	if (p != MAP_FAILED) {
		ssize_t got = real_pread(fd, p, len, off);	/* a copy now; later file changes never show */

		(void)got;
		real_mprotect(p, len, prot);
	}
	return p;
}
MUTANT(private_file_eager_copy, "mmap: MAP_PRIVATE file mappings copy the file at mmap time",
       .mmap = private_file_eager_copy);

static void *shared_file_as_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_SHARED) && is_file(flags, fd))
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(shared_file_as_private, "mmap: MAP_SHARED file mappings behave as MAP_PRIVATE",
       .mmap = shared_file_as_private);

static void *private_anon_shared(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_PRIVATE) && (flags & MAP_ANONYMOUS))
		flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(private_anon_shared, "mmap: MAP_PRIVATE|MAP_ANONYMOUS memory is shared across fork",
       .mmap = private_anon_shared);

static void *shared_anon_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_SHARED) && (flags & MAP_ANONYMOUS))
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(shared_anon_private, "mmap: MAP_SHARED|MAP_ANONYMOUS memory is copied, not shared, across fork",
       .mmap = shared_anon_private);

static void *anon_not_zeroed(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (prot & PROT_WRITE))
		memset(p, 0xa5, len);
	return p;
}
MUTANT(anon_not_zeroed, "mmap: anonymous memory is handed out without being cleared", .mmap = anon_not_zeroed);

static void *read_only_writable(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((prot & PROT_READ) && !(prot & PROT_WRITE) && ((flags & MAP_ANONYMOUS) || (flags & MAP_PRIVATE)))
		prot |= PROT_WRITE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(read_only_writable, "mmap: PROT_READ private and anonymous mappings are writable too",
       .mmap = read_only_writable);

static void *private_rdonly_writes_through(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int rw;
	void *p;

	if (!(flags & MAP_PRIVATE) || !(prot & PROT_WRITE) || !is_file(flags, fd) ||
	    access_mode(fd) != O_RDONLY || (rw = reopen_rw(fd)) < 0)
		return real_mmap(addr, len, prot, flags, fd, off);
	p = real_mmap(addr, len, prot, (flags & ~MAP_PRIVATE) | MAP_SHARED, rw, off);
	real_close(rw);
	return p;
}
MUTANT(private_rdonly_writes_through, "mmap: stores to a MAP_PRIVATE mapping of an O_RDONLY fd reach the file",
       .mmap = private_rdonly_writes_through);

/*
 * Writes junk into the last page of a regular file past its end, through the
 * page cache: the documented Linux behaviour of mmap(2) BUGS, made certain.
 */
static void *past_eof_tail_stale(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t pg = page(), tail;
	struct stat st;
	char *q;
	int rw;

	if (is_file(flags, fd) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size % (off_t)pg &&
	    (rw = reopen_rw(fd)) >= 0) {
		tail = (size_t)(st.st_size % (off_t)pg);
		q = real_mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, rw, st.st_size - (off_t)tail);
		if (q != MAP_FAILED) {
			memset(q + tail, 0xa5, pg - tail);
			real_munmap(q, pg);
		}
		real_close(rw);
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(past_eof_tail_stale, "mmap: the part of the last page past EOF shows stale bytes, not zeroes",
       .mmap = past_eof_tail_stale);

static void *anon_fd_checked(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_ANONYMOUS) && fd != -1)
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(anon_fd_checked, "mmap: MAP_ANONYMOUS with an fd other than -1 fails with EINVAL",
       .mmap = anon_fd_checked);

static void *fixed_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len, prot, flags & ~MAP_FIXED, fd, off);
}
MUTANT(fixed_ignored, "mmap: MAP_FIXED is treated as a hint", .mmap = fixed_ignored);

static void *fixed_unaligned_accepted(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t skew = (flags & MAP_FIXED) ? (size_t)addr % page() : 0;

	return real_mmap((char *)addr - skew, len + skew, prot, flags, fd, off);
}
MUTANT(fixed_unaligned_accepted, "mmap: MAP_FIXED with an unaligned addr is rounded down and accepted",
       .mmap = fixed_unaligned_accepted);

static void *fixed_clobbers_next_page(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t pg = page();

	if (flags & MAP_FIXED)
		len = (len + pg - 1) / pg * pg + pg;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(fixed_clobbers_next_page, "mmap: MAP_FIXED also replaces the page after the range",
       .mmap = fixed_clobbers_next_page);

static void *fixed_noreplace_clobbers(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (flags & MAP_FIXED_NOREPLACE)
		flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(fixed_noreplace_clobbers, "mmap: MAP_FIXED_NOREPLACE replaces an existing mapping like MAP_FIXED",
       .mmap = fixed_noreplace_clobbers);

static void *past_eof_zero_backed(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	char *p = real_mmap(addr, len, prot, flags, fd, off);
	struct stat st;

	if (p != MAP_FAILED && is_file(flags, fd) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t valid = st.st_size > off ? st.st_size - off : 0;
		size_t first = ((size_t)valid + page() - 1) / page() * page();

		if (first < len)
			real_mmap(p + first, len - first, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	}
	return p;
}
MUTANT(past_eof_zero_backed, "mmap: whole pages past EOF are backed by zeroes instead of raising SIGBUS",
       .mmap = past_eof_zero_backed);

/* A flag the kernel ignores: mmap() succeeds as if it had not been given. */
#define FLAG_IGNORED(id, flag, sentence) \
	static void *id(void *addr, size_t len, int prot, int flags, int fd, off_t off) \
	{ return real_mmap(addr, len, prot, flags & ~(flag), fd, off); } \
	MUTANT(id, sentence, .mmap = id)
FLAG_IGNORED(populate_ignored, MAP_POPULATE, "mmap: MAP_POPULATE is ignored");
FLAG_IGNORED(locked_ignored, MAP_LOCKED, "mmap: MAP_LOCKED is ignored");
FLAG_IGNORED(noreserve_ignored, MAP_NORESERVE, "mmap: MAP_NORESERVE is ignored");
FLAG_IGNORED(growsdown_ignored, MAP_GROWSDOWN, "mmap: MAP_GROWSDOWN is ignored");

MMAP_WRONG_ERRNO(einval_as_enomem, EINVAL, ENOMEM, "mmap: refusals that should be EINVAL report ENOMEM");
MMAP_WRONG_ERRNO(eacces_as_eperm, EACCES, EPERM, "mmap: refusals that should be EACCES report EPERM");
