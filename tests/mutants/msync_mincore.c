/* Mutants of msync() and mincore(): error paths that succeed, effects not done, wrong results. */
#include "inject.h"

static int msync_noop(void *addr, size_t len, int flags)
{
	(void)addr, (void)len, (void)flags;
	return 0;
}
MUTANT(msync_noop, "msync: returns 0 and writes nothing", .msync = msync_noop);

static int msync_locked_invalidate_ok(void *addr, size_t len, int flags)
{
	int ret = real_msync(addr, len, flags);

	if (ret == -1 && errno == EBUSY)
		return real_msync(addr, len, flags & ~MS_INVALIDATE);
	return ret;
}
MUTANT(msync_locked_invalidate_ok, "msync: MS_INVALIDATE on a locked range succeeds",
       .msync = msync_locked_invalidate_ok);

static int msync_unaligned_rounded(void *addr, size_t len, int flags)
{
	size_t skew = (size_t)addr % page();

	return real_msync((char *)addr - skew, len + skew, flags);
}
MUTANT(msync_unaligned_rounded, "msync: an unaligned addr is rounded down and accepted",
       .msync = msync_unaligned_rounded);

static int msync_unknown_flags_ignored(void *addr, size_t len, int flags)
{
	return real_msync(addr, len, flags & (MS_ASYNC | MS_INVALIDATE | MS_SYNC));
}
MUTANT(msync_unknown_flags_ignored, "msync: undefined flag bits are ignored",
       .msync = msync_unknown_flags_ignored);

/* Checks only that addr is mapped, as a kernel looking up one vma would. */
static int msync_partly_unmapped_ok(void *addr, size_t len, int flags)
{
	int ret = real_msync(addr, len, flags);

	if (ret == -1 && errno == ENOMEM && len > page() && real_msync(addr, page(), flags) == 0)
		return 0;
	return ret;
}
MUTANT(msync_partly_unmapped_ok, "msync: a range whose start is mapped but whose rest is not succeeds",
       .msync = msync_partly_unmapped_ok);

static int msync_len_zero_einval(void *addr, size_t len, int flags)
{
	return len == 0 ? (errno = EINVAL, -1) : real_msync(addr, len, flags);
}
MUTANT(msync_len_zero_einval, "msync: a length of 0 fails with EINVAL", .msync = msync_len_zero_einval);

static int msync_len_rounded_down(void *addr, size_t len, int flags)
{
	len -= len % page();
	return len == 0 ? 0 : real_msync(addr, len, flags);
}
MUTANT(msync_len_rounded_down, "msync: a length that is not a page multiple is rounded down (the partial page is not written)",
       .msync = msync_len_rounded_down);

static int msync_flags_zero_einval(void *addr, size_t len, int flags)
{
	if (!(flags & (MS_SYNC | MS_ASYNC)))
		return errno = EINVAL, -1;
	return real_msync(addr, len, flags);
}
MUTANT(msync_flags_zero_einval, "msync: flags without MS_SYNC or MS_ASYNC fail with EINVAL (Linux accepts them)",
       .msync = msync_flags_zero_einval);

static int msync_async_einval(void *addr, size_t len, int flags)
{
	if (flags & MS_ASYNC)
		return errno = EINVAL, -1;
	return real_msync(addr, len, flags);
}
MUTANT(msync_async_einval, "msync: MS_ASYNC is refused with EINVAL", .msync = msync_async_einval);

/*
 * Stores through a shared mapping never mark the file's st_mtime: the mmap()
 * of a writable shared file mapping records the mtime, msync() puts it back.
 */
static struct { char *start, *end; char path[4096]; struct timespec mtime; } mtime_maps[16];

static void *mtime_kept_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	char *p = real_mmap(addr, len, prot, flags, fd, off), link[64];
	struct stat st;
	unsigned i;
	ssize_t n;

	if (p == MAP_FAILED || !(flags & MAP_SHARED) || !(prot & PROT_WRITE) || !is_file(flags, fd))
		return p;
	for (i = 0; i < 16 && mtime_maps[i].start; i++)
		;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if (i < 16 && fstat(fd, &st) == 0 &&
	    (n = readlink(link, mtime_maps[i].path, sizeof(mtime_maps[i].path) - 1)) > 0) {
		mtime_maps[i].path[n] = '\0';
		mtime_maps[i].mtime = st.st_mtim;
		mtime_maps[i].start = p;
		mtime_maps[i].end = p + len;
	}
	return p;
}

static int mtime_kept_msync(void *addr, size_t len, int flags)
{
	int ret = real_msync(addr, len, flags), saved = errno;
	unsigned i;

	for (i = 0; i < 16 && mtime_maps[i].start; i++)
		if ((char *)addr >= mtime_maps[i].start && (char *)addr < mtime_maps[i].end) {
			struct timespec ts[2] = { { 0, UTIME_OMIT }, mtime_maps[i].mtime };

			utimensat(AT_FDCWD, mtime_maps[i].path, ts, 0);
		}
	errno = saved;
	return ret;
}
MUTANT(msync_mtime_not_updated, "msync: stores through a shared mapping leave the file's st_mtime as it was",
       .mmap = mtime_kept_mmap, .msync = mtime_kept_msync);

/* How many vector bytes mincore() writes for len. */
static size_t vec_len(size_t len)
{
	return len / page() + (len % page() != 0);
}

static int mincore_nothing_resident(void *addr, size_t len, unsigned char *vec)
{
	int ret = real_mincore(addr, len, vec);

	if (ret == 0)
		memset(vec, 0, vec_len(len));
	return ret;
}
MUTANT(mincore_nothing_resident, "mincore: every page reads not resident", .mincore = mincore_nothing_resident);

static int mincore_unaligned_rounded(void *addr, size_t len, unsigned char *vec)
{
	size_t skew = (size_t)addr % page();

	return real_mincore((char *)addr - skew, len + skew, vec);
}
MUTANT(mincore_unaligned_rounded, "mincore: an unaligned addr is rounded down and accepted",
       .mincore = mincore_unaligned_rounded);

static int mincore_vec_fault_ignored(void *addr, size_t len, unsigned char *vec)
{
	int ret = real_mincore(addr, len, vec);

	return ret == -1 && errno == EFAULT ? 0 : ret;
}
MUTANT(mincore_vec_fault_ignored, "mincore: a vec it cannot write to is ignored and the call succeeds",
       .mincore = mincore_vec_fault_ignored);

static int mincore_huge_len_einval(void *addr, size_t len, unsigned char *vec)
{
	int ret = real_mincore(addr, len, vec);

	if (ret == -1 && errno == ENOMEM && (size_t)addr + len < (size_t)addr)
		errno = EINVAL;
	return ret;
}
MUTANT(mincore_huge_len_einval, "mincore: a length past the end of the address space fails with EINVAL (Linux 2.6.11 and earlier)",
       .mincore = mincore_huge_len_einval);

static int mincore_unmapped_not_resident(void *addr, size_t len, unsigned char *vec)
{
	int ret = real_mincore(addr, len, vec);

	if (ret == -1 && errno == ENOMEM && (size_t)addr + len > (size_t)addr && len < ((size_t)1 << 30)) {
		memset(vec, 0, vec_len(len));
		return 0;
	}
	return ret;
}
MUTANT(mincore_unmapped_not_resident, "mincore: unmapped pages in the range read not resident instead of failing with ENOMEM",
       .mincore = mincore_unmapped_not_resident);

static int mincore_len_zero_one_page(void *addr, size_t len, unsigned char *vec)
{
	return real_mincore(addr, len ? len : page(), vec);
}
MUTANT(mincore_len_zero_one_page, "mincore: a length of 0 reports one page", .mincore = mincore_len_zero_one_page);

static int mincore_len_rounded_down(void *addr, size_t len, unsigned char *vec)
{
	len -= len % page();
	return len == 0 ? 0 : real_mincore(addr, len, vec);
}
MUTANT(mincore_len_rounded_down, "mincore: a length that is not a page multiple is rounded down (no entry for the partial page)",
       .mincore = mincore_len_rounded_down);

static int mincore_bits_ored(void *addr, size_t len, unsigned char *vec)
{
	unsigned char tmp[256];
	size_t i, n = vec_len(len);
	int ret;

	if (n > sizeof(tmp))
		return real_mincore(addr, len, vec);
	ret = real_mincore(addr, len, tmp);
	for (i = 0; ret == 0 && i < n; i++)
		vec[i] |= tmp[i];
	return ret;
}
MUTANT(mincore_bits_ored, "mincore: ORs the residency bits into vec and never clears a bit",
       .mincore = mincore_bits_ored);

static int msync_invalidate_needs_sync(void *addr, size_t len, int flags)
{
	if ((flags & MS_INVALIDATE) && !(flags & MS_SYNC))
		return errno = EINVAL, -1;
	return real_msync(addr, len, flags);
}
MUTANT(msync_invalidate_needs_sync, "msync: MS_INVALIDATE is refused with EINVAL unless MS_SYNC is given",
       .msync = msync_invalidate_needs_sync);

/* Looks for a lock on the first page of the range only. */
static int msync_lock_checked_at_start(void *addr, size_t len, int flags)
{
	if ((flags & MS_INVALIDATE) && len > page()) {
		int ret = real_msync(addr, page(), flags);

		if (ret == 0 || errno != EBUSY)
			return real_msync(addr, len, flags & ~MS_INVALIDATE);
		return ret;
	}
	return real_msync(addr, len, flags);
}
MUTANT(msync_lock_checked_at_start, "msync: MS_INVALIDATE checks only the first page of the range for a memory lock",
       .msync = msync_lock_checked_at_start);
