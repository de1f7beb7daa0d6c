/* Mutants of mremap(): plausible kernel bugs in its checks, its errno values and its effects. */
#include "inject.h"

#define MREMAP_KNOWN (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)

/* ---- checks that are skipped or done wrong ---- */

static void *locked_growth_enomem(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p == MAP_FAILED && errno == EAGAIN)
		errno = ENOMEM;
	return p;
}
MUTANT(mremap_memlock_enomem, "mremap: growing a locked mapping over RLIMIT_MEMLOCK fails with ENOMEM, not EAGAIN",
       .mremap = locked_growth_enomem);

static void *efault_as_einval(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p == MAP_FAILED && errno == EFAULT)
		errno = EINVAL;
	return p;
}
MUTANT(mremap_efault_as_einval, "mremap: an old range not covered by one mapping fails with EINVAL, not EFAULT",
       .mremap = efault_as_einval);

static void *old_unaligned_rounded(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	size_t skew = (size_t)old % page();

	return real_mremap((char *)old - skew, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_old_unaligned_rounded, "mremap: an unaligned old_address is rounded down and accepted",
       .mremap = old_unaligned_rounded);

static void *unknown_flags_ignored(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return real_mremap(old, old_len, new_len, flags & MREMAP_KNOWN, new_addr);
}
MUTANT(mremap_unknown_flags_ignored, "mremap: unknown flag bits are ignored", .mremap = unknown_flags_ignored);

static void *new_size_zero_unmaps(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (new_len == 0 && old_len > 0)
		return real_munmap(old, old_len) == 0 ? old : MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_new_size_zero_unmaps, "mremap: a new_size of 0 unmaps the old range and succeeds",
       .mremap = new_size_zero_unmaps);

static void *fixed_unaligned_rounded(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (flags & MREMAP_FIXED)
		new_addr = (char *)new_addr - (size_t)new_addr % page();
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_fixed_unaligned_rounded, "mremap: an unaligned MREMAP_FIXED new_address is rounded down and accepted",
       .mremap = fixed_unaligned_rounded);

/* An overlapping move done in two steps, through a free range elsewhere. */
static void *fixed_overlap_allowed(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	char *o = old, *n = new_addr, *tmp;

	if ((flags & MREMAP_FIXED) && (flags & MREMAP_MAYMOVE) && o + old_len > n && n + new_len > o) {
		tmp = real_mremap(old, old_len, new_len, MREMAP_MAYMOVE, NULL);
		if (tmp == MAP_FAILED || tmp == old)
			return tmp;
		return real_mremap(tmp, new_len, new_len, flags, new_addr);
	}
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_fixed_overlap_allowed, "mremap: a MREMAP_FIXED target overlapping the old range is accepted",
       .mremap = fixed_overlap_allowed);

static void *fixed_implies_maymove(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (flags & MREMAP_FIXED)
		flags |= MREMAP_MAYMOVE;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_fixed_implies_maymove, "mremap: MREMAP_FIXED without MREMAP_MAYMOVE is accepted",
       .mremap = fixed_implies_maymove);

static void *dontunmap_implies_maymove(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (flags & MREMAP_DONTUNMAP)
		flags |= MREMAP_MAYMOVE;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_dontunmap_implies_maymove, "mremap: MREMAP_DONTUNMAP without MREMAP_MAYMOVE is accepted",
       .mremap = dontunmap_implies_maymove);

/* Moves old_len with MREMAP_DONTUNMAP, then resizes the new mapping. */
static void *dontunmap_resizes(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p;

	if (!(flags & MREMAP_DONTUNMAP) || old_len == new_len)
		return real_mremap(old, old_len, new_len, flags, new_addr);
	p = real_mremap(old, old_len, old_len, flags, new_addr);
	return p == MAP_FAILED ? p : real_mremap(p, old_len, new_len, MREMAP_MAYMOVE, NULL);
}
MUTANT(mremap_dontunmap_resizes, "mremap: MREMAP_DONTUNMAP with new_size != old_size moves and resizes",
       .mremap = dontunmap_resizes);

/* The behaviour before Linux 4.14 (mremap(2), BUGS). */
static void *old_size_zero_private_fresh(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p == MAP_FAILED && errno == EINVAL && old_len == 0 && new_len > 0 && (flags & MREMAP_MAYMOVE) &&
	    !((size_t)old % page()) && !(flags & ~MREMAP_MAYMOVE))
		p = real_mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p;
}
MUTANT(mremap_old_size_zero_private_fresh, "mremap: old_size 0 on a private mapping makes a new unrelated mapping (before 4.14)",
       .mremap = old_size_zero_private_fresh);

static void *maymove_implied(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (new_len > old_len && old_len > 0)
		flags |= MREMAP_MAYMOVE;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_maymove_implied, "mremap: growth that cannot happen in place moves even without MREMAP_MAYMOVE",
       .mremap = maymove_implied);

/*
 * RLIMIT_AS kept by the injector instead of the kernel (the process may not be
 * able to raise a hard limit again), enforced by mmap() and by mremap() in the
 * cases the bug does not forget: as if the kernel's mremap() skipped the check.
 */
static rlim_t as_limit = RLIM_INFINITY;

static int as_would_exceed(size_t more)
{
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	int ok = f && fscanf(f, "%lu", &pages) == 1;

	if (f)
		fclose(f);
	return ok && as_limit != RLIM_INFINITY && pages * page() + more > as_limit;
}

static int as_setrlimit(__rlimit_resource_t resource, const struct rlimit *rl)
{
	if (resource != RLIMIT_AS)
		return real_setrlimit(resource, rl);
	as_limit = rl->rlim_cur;
	return 0;
}

static void *as_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (!(flags & MAP_FIXED) && as_would_exceed(len))
		return errno = ENOMEM, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}

static void *growth_ignores_rlimit_as(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if ((flags & MREMAP_DONTUNMAP) && as_would_exceed(new_len))
		return errno = ENOMEM, MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_growth_ignores_rlimit_as, "mremap: growing a mapping is not checked against RLIMIT_AS",
       .mremap = growth_ignores_rlimit_as, .mmap = as_mmap, .setrlimit = as_setrlimit);

static void *dontunmap_ignores_rlimit_as(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (new_len > old_len && as_would_exceed(new_len - old_len))
		return errno = ENOMEM, MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_dontunmap_ignores_rlimit_as, "mremap: the new mapping of MREMAP_DONTUNMAP is not counted against RLIMIT_AS",
       .mremap = dontunmap_ignores_rlimit_as, .mmap = as_mmap, .setrlimit = as_setrlimit);

/* ---- effects that are not done, or done wrong ---- */

static void *shrink_noop(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (new_len > 0 && new_len < old_len && !(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return old;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_shrink_noop, "mremap: shrinking returns the old address and unmaps nothing",
       .mremap = shrink_noop);

static void *grow_in_place_refused(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (new_len > old_len && old_len > 0 && !(flags & MREMAP_MAYMOVE))
		return errno = ENOMEM, MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_grow_in_place_refused, "mremap: growth without MREMAP_MAYMOVE fails even when the next pages are free",
       .mremap = grow_in_place_refused);

static void *move_leaves_old_mapped(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p != MAP_FAILED && p != old && old_len > 0 && !(flags & MREMAP_DONTUNMAP))
		real_mmap(old, old_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	return p;
}
MUTANT(mremap_move_leaves_old_mapped, "mremap: a moved mapping leaves the old range mapped",
       .mremap = move_leaves_old_mapped);

static void *fixed_ignored(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	(void)new_addr;
	return real_mremap(old, old_len, new_len, flags & ~MREMAP_FIXED, NULL);
}
MUTANT(mremap_fixed_ignored, "mremap: MREMAP_FIXED is ignored; the mapping goes wherever the kernel likes",
       .mremap = fixed_ignored);

/* A copy to a fresh mapping: the old range keeps its data. */
static void *dontunmap_copies(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p;

	if (!(flags & MREMAP_DONTUNMAP) || !(flags & MREMAP_MAYMOVE) || old_len != new_len || (flags & MREMAP_FIXED))
		return real_mremap(old, old_len, new_len, flags, new_addr);
	p = real_mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		memcpy(p, old, old_len);
	return p;
}
MUTANT(mremap_dontunmap_copies, "mremap: MREMAP_DONTUNMAP copies the pages and leaves the old range holding them",
       .mremap = dontunmap_copies);

/* A private copy of the first page instead of a second mapping of the same pages. */
static void *old_size_zero_private_copy(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p;

	if (old_len != 0 || !(flags & MREMAP_MAYMOVE) || (flags & MREMAP_FIXED) || new_len == 0)
		return real_mremap(old, old_len, new_len, flags, new_addr);
	p = real_mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		memcpy(p, old, page());
	return p;
}
MUTANT(mremap_old_size_zero_private_copy, "mremap: old_size 0 on a shared mapping makes a private copy, not a second mapping",
       .mremap = old_size_zero_private_copy);

static void *grown_tail_anonymous(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	char *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p != MAP_FAILED && old_len > 0 && new_len > old_len)
		real_mmap(p + old_len, new_len - old_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p;
}
MUTANT(mremap_grown_tail_anonymous, "mremap: the grown part of a file mapping is zero-filled anonymous memory",
       .mremap = grown_tail_anonymous);

static void *move_resets_protection(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p != MAP_FAILED && p != old)
		real_mprotect(p, new_len, PROT_READ | PROT_WRITE);
	return p;
}
MUTANT(mremap_move_resets_protection, "mremap: a moved mapping arrives read-write whatever its protection was",
       .mremap = move_resets_protection);

static void *dontunmap_enomem_plain_move(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p == MAP_FAILED && errno == ENOMEM && (flags & MREMAP_DONTUNMAP))
		p = real_mremap(old, old_len, new_len, flags & ~MREMAP_DONTUNMAP, new_addr);
	return p;
}
MUTANT(mremap_dontunmap_enomem_fallback, "mremap: MREMAP_DONTUNMAP out of mappings or address space falls back to a plain mremap",
       .mremap = dontunmap_enomem_plain_move);

static void *oversized_clamped(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if ((flags & MREMAP_FIXED) && new_len > ((size_t)1 << 48) && old_len > 0)
		new_len = old_len;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}
MUTANT(mremap_oversized_clamped, "mremap: a new_size larger than the address space is clamped to old_size",
       .mremap = oversized_clamped);

static void *drops_lock(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p != MAP_FAILED && p != old)
		real_munlock(p, new_len);
	return p;
}
MUTANT(mremap_move_drops_lock, "mremap: a moved locked mapping arrives unlocked", .mremap = drops_lock);

/* Every MREMAP_MAYMOVE growth goes to a fresh place found by mmap(), even with room in place. */
static void *maymove_always_moves(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *hole;

	if (flags != MREMAP_MAYMOVE || new_len <= old_len || old_len == 0)
		return real_mremap(old, old_len, new_len, flags, new_addr);
	hole = real_mmap(NULL, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hole == MAP_FAILED)
		return hole;
	return real_mremap(old, old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, hole);
}
MUTANT(mremap_maymove_always_moves, "mremap: MREMAP_MAYMOVE relocates the mapping even when it could grow in place",
       .mremap = maymove_always_moves);
