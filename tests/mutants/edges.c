/*
 * Mutants of the edges of ranges: a range walker that starts one page late,
 * stops one page early or runs one page past the end, a hole that stops the
 * walk, and a shrink that insists on one mapping.  Each applies only to a
 * page-aligned addr, so the calls' EINVAL paths behave as the C library's.
 */
#include "inject.h"
#include <stdint.h>

enum walk { FIRST_PAGE_SKIPPED, LAST_PAGE_SKIPPED, SPILLS_NEXT_PAGE };

/* The range [*addr, *addr + *len) rounded up to pages, then bent as the bug does. */
static void bend(enum walk bug, char **addr, size_t *len)
{
	size_t pg = page(), span;

	if ((uintptr_t)*addr % pg != 0 || *len > SIZE_MAX - 2 * pg)
		return;
	span = (*len + pg - 1) / pg * pg;
	if (bug == SPILLS_NEXT_PAGE)
		*len = span + pg;
	else if (span > pg && bug == LAST_PAGE_SKIPPED)
		*len = span - pg;
	else if (span > pg && bug == FIRST_PAGE_SKIPPED)
		*addr += pg, *len = span - pg;
}

/* Whether the page at addr is mapped (mincore() fails with ENOMEM on a hole). */
static int page_mapped(const char *addr)
{
	unsigned char vec;

	return !(real_mincore((void *)addr, page(), &vec) != 0 && errno == ENOMEM);
}

/* Looks at most 1024 pages: a longer range is some other claim's (a huge length), left alone. */
static int has_hole(const char *addr, size_t len)
{
	const char *end = addr + len;

	if ((uintptr_t)addr % page() != 0 || len > 1024 * page())
		return 0;

	for (; addr < end; addr += page())
		if (!page_mapped(addr))
			return 1;
	return 0;
}

#define BENT(bug, fn, T) \
	static int fn##_##bug(T *addr, size_t len, int arg) \
	{ \
		char *p = (char *)addr; \
		bend(bug, &p, &len); \
		return real_##fn(p, len, arg); \
	}
#define BENT_LOCK(bug, fn) \
	static int fn##_##bug(const void *addr, size_t len) \
	{ \
		char *p = (char *)addr; \
		bend(bug, &p, &len); \
		return real_##fn(p, len); \
	}
#define BENT_CALLS(bug) \
	BENT(bug, mprotect, void) BENT(bug, msync, void) BENT(bug, madvise, void) \
	BENT_LOCK(bug, mlock) BENT_LOCK(bug, munlock) \
	static int mlock2_##bug(const void *addr, size_t len, unsigned int flags) \
	{ \
		char *p = (char *)addr; \
		bend(bug, &p, &len); \
		return real_mlock2(p, len, flags); \
	}
#define BENT_OPS(bug) .mprotect = mprotect_##bug, .msync = msync_##bug, .madvise = madvise_##bug, \
	.mlock = mlock_##bug, .mlock2 = mlock2_##bug, .munlock = munlock_##bug

BENT_CALLS(FIRST_PAGE_SKIPPED)
BENT_CALLS(LAST_PAGE_SKIPPED)
BENT_CALLS(SPILLS_NEXT_PAGE)

static int mincore_FIRST_PAGE_SKIPPED(void *addr, size_t len, unsigned char *vec)
{
	char *p = addr;

	bend(FIRST_PAGE_SKIPPED, &p, &len);
	return real_mincore(p, len, p == addr ? vec : vec + 1);
}

static int mincore_LAST_PAGE_SKIPPED(void *addr, size_t len, unsigned char *vec)
{
	char *p = addr;

	bend(LAST_PAGE_SKIPPED, &p, &len);
	return real_mincore(p, len, vec);
}

MUTANT(edge_first_page_skipped,
       "mprotect, msync, madvise, mlock, mlock2, munlock, mincore: the range walk starts one page late, so the first page is neither checked nor changed",
       BENT_OPS(FIRST_PAGE_SKIPPED), .mincore = mincore_FIRST_PAGE_SKIPPED);
MUTANT(edge_last_page_skipped,
       "mprotect, msync, madvise, mlock, mlock2, munlock, mincore: the range walk stops one page early (end rounded down, then one page off)",
       BENT_OPS(LAST_PAGE_SKIPPED), .mincore = mincore_LAST_PAGE_SKIPPED);
MUTANT(edge_spills_next_page,
       "mprotect, msync, madvise, mlock, mlock2, munlock: the range walk runs one page past the rounded-up end",
       BENT_OPS(SPILLS_NEXT_PAGE));

static int munmap_spills(void *addr, size_t len)
{
	char *p = addr;

	bend(SPILLS_NEXT_PAGE, &p, &len);
	return real_munmap(p, len);
}
MUTANT(edge_munmap_spills_next_page, "munmap: the page after the rounded-up range is unmapped too",
       .munmap = munmap_spills);

/* As a kernel that looks up the mapping at addr and, finding none, takes the range for empty. */
static int munmap_first_hole_noop(void *addr, size_t len)
{
	if ((uintptr_t)addr % page() == 0 && len > 0 && !page_mapped(addr))
		return 0;
	return real_munmap(addr, len);
}
MUTANT(edge_munmap_first_page_hole_noop, "munmap: a range whose first page is a hole is taken for empty: nothing is unmapped",
       .munmap = munmap_first_hole_noop);

/* As other systems do: the whole range is checked before any of it is advised. */
static int madvise_hole_applies_nothing(void *addr, size_t len, int advice)
{
	if (has_hole(addr, len))
		return errno = ENOMEM, -1;
	return real_madvise(addr, len, advice);
}
MUTANT(edge_madvise_hole_applies_nothing, "madvise: a range with a hole fails with ENOMEM before any page is advised",
       .madvise = madvise_hole_applies_nothing);

/* As the grow and move paths do: the old range must be one mapping. */
static void *mremap_shrink_one_mapping(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (old_len > new_len && has_hole(old, old_len))
		return errno = EFAULT, MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(edge_mremap_shrink_hole_efault, "mremap: a shrink whose old range holds a hole fails with EFAULT",
       .mremap = mremap_shrink_one_mapping);

/* As a kernel that finds the first mapping at or after old_address (find_vma) instead of the one holding it. */
static void *mremap_start_in_hole_uses_next(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	size_t pg = page();

	if ((uintptr_t)old % pg == 0 && old_len > pg && new_len > pg && !(flags & MREMAP_FIXED) && !page_mapped(old))
		return real_mremap((char *)old + pg, old_len - pg, new_len - pg, flags, new_addr);
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(edge_mremap_old_start_in_hole_uses_next,
       "mremap: an old_address in a hole is taken to mean the next mapping after it",
       .mremap = mremap_start_in_hole_uses_next);

/*
 * Looks for a memory lock only on the first and the last page of the range.
 * The kernel finds the lock anywhere; the mutant forgives the refusal when
 * neither end page alone is refused.
 */
static int ends_refused(void *addr, size_t len, int (*call)(void *, size_t, int), int arg, int err)
{
	size_t pg = page(), span = (len + pg - 1) / pg * pg;

	return (call(addr, pg, arg) == -1 && errno == err) ||
	       (call((char *)addr + span - pg, pg, arg) == -1 && errno == err);
}

static int msync_lock_at_ends(void *addr, size_t len, int flags)
{
	int ret = real_msync(addr, len, flags);

	if (ret == -1 && errno == EBUSY && len > 2 * page() && !ends_refused(addr, len, real_msync, flags, EBUSY))
		return real_msync(addr, len, flags & ~MS_INVALIDATE);
	return ret;
}

static int madvise_lock_at_ends(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (ret == -1 && errno == EINVAL && len > 2 * page() && len <= 1024 * page() &&
	    !ends_refused(addr, len, real_madvise, advice, EINVAL)) {
		for (char *p = addr; p < (char *)addr + len; p += page())
			(void)real_madvise(p, page(), advice);	/* the locked page refuses, as it would */
		return 0;
	}
	return ret;
}
MUTANT(edge_lock_checked_at_ends,
       "msync MS_INVALIDATE and madvise MADV_DONTNEED look for a memory lock only on the first and last page of the range",
       .msync = msync_lock_at_ends, .madvise = madvise_lock_at_ends);
