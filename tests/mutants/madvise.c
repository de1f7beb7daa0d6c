/* Mutants of madvise() and posix_madvise(): checks skipped, advice ignored or misapplied. */
#include "inject.h"

#define FAILED_WITH(ret, e) ((ret) == -1 && errno == (e))

static int remove_private_as_dontneed(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (advice == MADV_REMOVE && FAILED_WITH(ret, EACCES))
		return real_madvise(addr, len, MADV_DONTNEED);
	return ret;
}
MUTANT(madvise_remove_private_as_dontneed,
       "madvise: MADV_REMOVE on a mapping that is not shared and writable drops the pages as MADV_DONTNEED",
       .madvise = remove_private_as_dontneed);

static int remove_unchecked(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return advice == MADV_REMOVE && FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(madvise_remove_unchecked, "madvise: MADV_REMOVE skips the locked and special-mapping checks and returns 0",
       .madvise = remove_unchecked);

static int remove_keeps_backing(void *addr, size_t len, int advice)
{
	return real_madvise(addr, len, advice == MADV_REMOVE ? MADV_DONTNEED : advice);
}
MUTANT(madvise_remove_keeps_backing, "madvise: MADV_REMOVE only unmaps the pages and keeps the backing store",
       .madvise = remove_keeps_backing);

#ifdef MADV_POPULATE_READ
static int is_populate(int advice)
{
	return advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE;
}

static int populate_past_eof_ok(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return is_populate(advice) && FAILED_WITH(ret, EFAULT) ? 0 : ret;
}
MUTANT(madvise_populate_past_eof_ok, "madvise: MADV_POPULATE_* stops quietly at the end of the file instead of EFAULT",
       .madvise = populate_past_eof_ok);

static int populate_prot_unchecked(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return is_populate(advice) && FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(madvise_populate_prot_unchecked, "madvise: MADV_POPULATE_* skips the permission check and succeeds",
       .madvise = populate_prot_unchecked);

static int populate_noop(void *addr, size_t len, int advice)
{
	return is_populate(advice) ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_populate_noop, "madvise: MADV_POPULATE_* returns 0 and faults in nothing", .madvise = populate_noop);
#endif

static int addr_rounded_down(void *addr, size_t len, int advice)
{
	size_t skew = (size_t)addr % page();

	return real_madvise((char *)addr - skew, len + skew, advice);
}
MUTANT(madvise_addr_rounded_down, "madvise: an unaligned address is rounded down to its page and accepted",
       .madvise = addr_rounded_down);

static int len_negative_enomem(void *addr, size_t len, int advice)
{
	if ((ssize_t)len < 0)
		return errno = ENOMEM, -1;	/* walked off the end of the address space */
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_len_negative_enomem, "madvise: a negative length is not rejected and fails later with ENOMEM",
       .madvise = len_negative_enomem);

static int unknown_advice_ignored(void *addr, size_t len, int advice)
{
	int known = (advice >= 0 && advice <= 25) || advice == 100 || advice == 101;

	return known ? real_madvise(addr, len, advice) : 0;
}
MUTANT(madvise_unknown_advice_ignored, "madvise: an unknown advice value is ignored and returns 0",
       .madvise = unknown_advice_ignored);

static int locked_range_unchecked(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (!FAILED_WITH(ret, EINVAL))
		return ret;
	if (advice == MADV_DONTNEED)
		return 0;
#ifdef MADV_COLD
	if (advice == MADV_COLD || advice == MADV_PAGEOUT)
		return 0;
#endif
	return ret;
}
MUTANT(madvise_locked_range_unchecked,
       "madvise: MADV_DONTNEED, MADV_COLD and MADV_PAGEOUT skip the locked-range check and return 0",
       .madvise = locked_range_unchecked);

#ifdef MADV_FREE
static int free_as_dontneed(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (advice == MADV_FREE && FAILED_WITH(ret, EINVAL)) {
		real_madvise(addr, len, MADV_DONTNEED);
		return 0;
	}
	return ret;
}
MUTANT(madvise_free_as_dontneed,
       "madvise: MADV_FREE on a range it cannot free lazily falls back to MADV_DONTNEED and returns 0",
       .madvise = free_as_dontneed);

static int free_poisons(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (advice == MADV_FREE && ret == 0)
		memset(addr, 0x6b, len);	/* freed pages handed back with a poison pattern */
	return ret;
}
MUTANT(madvise_free_poisons, "madvise: pages given MADV_FREE read a poison pattern, neither old data nor zero",
       .madvise = free_poisons);
#endif

#ifdef MADV_WIPEONFORK
static int wipeonfork_any_mapping(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return advice == MADV_WIPEONFORK && FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(madvise_wipeonfork_any_mapping, "madvise: MADV_WIPEONFORK on a file or shared mapping returns 0",
       .madvise = wipeonfork_any_mapping);

static int wipeonfork_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_WIPEONFORK ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_wipeonfork_noop, "madvise: MADV_WIPEONFORK returns 0 and the child still inherits the data",
       .madvise = wipeonfork_noop);

static int keeponfork_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_KEEPONFORK ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_keeponfork_noop, "madvise: MADV_KEEPONFORK returns 0 and the range is still wiped in the child",
       .madvise = keeponfork_noop);
#endif

static int dontfork_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DONTFORK ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_dontfork_noop, "madvise: MADV_DONTFORK returns 0 and the child still inherits the range",
       .madvise = dontfork_noop);

static int dofork_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DOFORK ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_dofork_noop, "madvise: MADV_DOFORK returns 0 and the range stays absent in the child",
       .madvise = dofork_noop);

static int dontneed_discards_shared(void *addr, size_t len, int advice)
{
	if (advice == MADV_DONTNEED)
		real_madvise(addr, len, MADV_REMOVE);	/* shared pages lose their data too */
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_dontneed_discards_shared, "madvise: MADV_DONTNEED on a shared mapping throws its contents away",
       .madvise = dontneed_discards_shared);

static int unmapped_ok(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return FAILED_WITH(ret, ENOMEM) ? 0 : ret;
}
MUTANT(madvise_unmapped_ok, "madvise: a range that is not (wholly) mapped is accepted", .madvise = unmapped_ok);

static int hole_aborts(void *addr, size_t len, int advice)
{
	size_t n = (len + page() - 1) / page();
	unsigned char *vec = malloc(n ? n : 1);
	int hole = vec && real_mincore(addr, len, vec) == -1 && errno == ENOMEM;

	free(vec);
	if (hole)
		return errno = ENOMEM, -1;	/* nothing applied */
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_hole_aborts, "madvise: a range with a hole fails with ENOMEM before advising the mapped parts",
       .madvise = hole_aborts);

#ifdef MADV_DONTDUMP
static int dontdump_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DONTDUMP ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_dontdump_noop, "madvise: MADV_DONTDUMP returns 0 and the range stays in core dumps",
       .madvise = dontdump_noop);

static int dodump_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DODUMP ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_dodump_noop, "madvise: MADV_DODUMP returns 0 and the range stays out of core dumps",
       .madvise = dodump_noop);
#endif

static int willneed_file_ebadf(void *addr, size_t len, int advice)
{
	if (advice == MADV_WILLNEED)
		return errno = EBADF, -1;	/* the file test inverted */
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_willneed_file_ebadf, "madvise: MADV_WILLNEED fails with EBADF even on a file mapping",
       .madvise = willneed_file_ebadf);

static int posix_madvise_sets_errno(void *addr, size_t len, int advice)
{
	int ret = real_posix_madvise(addr, len, advice);

	return ret ? (errno = ret, -1) : 0;
}
MUTANT(posix_madvise_sets_errno, "posix_madvise: returns -1 and sets errno, as madvise() does",
       .posix_madvise = posix_madvise_sets_errno);

static int eagain_as_enomem(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (FAILED_WITH(ret, EAGAIN))
		errno = ENOMEM;	/* the failed split's own error, not converted */
	return ret;
}
MUTANT(madvise_eagain_as_enomem, "madvise: a mapping that cannot be split reports ENOMEM, not EAGAIN",
       .madvise = eagain_as_enomem);

#ifdef __linux__
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102	/* Linux 6.13 */
#define MADV_GUARD_REMOVE 103
#endif
static int guard_install_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_GUARD_INSTALL ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_guard_install_noop, "madvise: MADV_GUARD_INSTALL returns 0 and installs no guard",
       .madvise = guard_install_noop);

static int guard_remove_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_GUARD_REMOVE ? 0 : real_madvise(addr, len, advice);
}
MUTANT(madvise_guard_remove_noop, "madvise: MADV_GUARD_REMOVE returns 0 and the guard stays",
       .madvise = guard_remove_noop);
#endif

static int posix_dontneed_destroys(void *addr, size_t len, int advice)
{
	if (advice == POSIX_MADV_DONTNEED)
		return real_madvise(addr, len, MADV_DONTNEED) == 0 ? 0 : errno;	/* Linux's, which discards */
	return real_posix_madvise(addr, len, advice);
}
MUTANT(posix_madvise_dontneed_destroys,
       "posix_madvise: POSIX_MADV_DONTNEED is passed on as Linux's MADV_DONTNEED and discards the data",
       .posix_madvise = posix_dontneed_destroys);

#ifdef MADV_COLD
static int reclaim_discards(void *addr, size_t len, int advice)
{
	if (advice == MADV_COLD || advice == MADV_PAGEOUT)
		real_madvise(addr, len, MADV_DONTNEED);	/* dropped instead of deactivated or swapped out */
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_reclaim_discards, "madvise: MADV_COLD and MADV_PAGEOUT drop anonymous pages instead of keeping their data",
       .madvise = reclaim_discards);
#endif

#if defined(MADV_HUGEPAGE) && defined(MADV_MERGEABLE)
static int hint_flags_noop(void *addr, size_t len, int advice)
{
	if (advice == MADV_HUGEPAGE || advice == MADV_NOHUGEPAGE || advice == MADV_MERGEABLE)
		return 0;
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_hint_flags_noop, "madvise: MADV_HUGEPAGE, MADV_NOHUGEPAGE and MADV_MERGEABLE return 0 and mark nothing",
       .madvise = hint_flags_noop);
#endif
