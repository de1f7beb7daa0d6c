/* Mutants of munmap, mprotect, msync, madvise, mremap and mlock. */
#include "inject.h"

static int munmap_noop(void *addr, size_t len) { (void)addr, (void)len; return 0; }
MUTANT(munmap_noop, "munmap: returns 0 and unmaps nothing", .munmap = munmap_noop);

static int munmap_unaligned_accepted(void *addr, size_t len)
{
	size_t skew = (size_t)addr % page();

	return real_munmap((char *)addr - skew, len + skew);
}
MUTANT(munmap_unaligned_accepted, "munmap: an unaligned addr is rounded down and accepted",
       .munmap = munmap_unaligned_accepted);

static int mprotect_noop(void *addr, size_t len, int prot) { (void)addr, (void)len, (void)prot; return 0; }
MUTANT(mprotect_noop, "mprotect: returns 0 and changes nothing", .mprotect = mprotect_noop);

static int mprotect_skips_access_check(void *addr, size_t len, int prot)
{
	int ret = real_mprotect(addr, len, prot);

	return ret == -1 && errno == EACCES ? 0 : ret;
}
MUTANT(mprotect_skips_access_check, "mprotect: adding PROT_WRITE to a shared mapping of an O_RDONLY fd succeeds",
       .mprotect = mprotect_skips_access_check);

static int msync_flags_unchecked(void *addr, size_t len, int flags)
{
	if ((flags & MS_SYNC) && (flags & MS_ASYNC))
		flags &= ~MS_ASYNC;
	return real_msync(addr, len, flags);
}
MUTANT(msync_flags_unchecked, "msync: MS_SYNC|MS_ASYNC is accepted", .msync = msync_flags_unchecked);

static int msync_unmapped_ok(void *addr, size_t len, int flags)
{
	int ret = real_msync(addr, len, flags);

	return ret == -1 && errno == ENOMEM ? 0 : ret;
}
MUTANT(msync_unmapped_ok, "msync: a range that is not mapped is accepted", .msync = msync_unmapped_ok);

static int msync_invalidate_discards(void *addr, size_t len, int flags)
{
	if (flags & MS_INVALIDATE)
		real_madvise(addr, len, MADV_REMOVE);	/* the pages and their data are gone */
	return real_msync(addr, len, flags);
}
MUTANT(msync_invalidate_discards, "msync: MS_INVALIDATE throws away the stores made through the mapping",
       .msync = msync_invalidate_discards);

static int madvise_dontneed_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DONTNEED ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_dontneed_noop, "madvise: MADV_DONTNEED returns 0 and drops nothing",
       .madvise = madvise_dontneed_noop);

static void *mremap_loses_data(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p;

	if (!(flags & MREMAP_MAYMOVE) || (flags & MREMAP_FIXED))
		return real_mremap(old, old_len, new_len, flags, new_addr);
	p = real_mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		real_munmap(old, old_len);
	return p;
}
MUTANT(mremap_loses_data, "mremap: a moved mapping arrives without its contents", .mremap = mremap_loses_data);

static int mlock_noop(const void *addr, size_t len) { (void)addr, (void)len; return 0; }
MUTANT(mlock_noop, "mlock: returns 0 and locks nothing", .mlock = mlock_noop);
