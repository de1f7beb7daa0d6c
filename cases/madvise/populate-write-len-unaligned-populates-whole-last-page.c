/*
 * Claim: madvise(MADV_POPULATE_WRITE) with a length one byte past a page boundary makes both pages of the range resident and leaves the untouched page after it not resident.
 * Source: Linux man-pages madvise(2), DESCRIPTION: "The value of size is rounded up to a multiple of page size."; MADV_POPULATE_WRITE: "Populate (prefault) page tables writable, faulting-in all pages in the range just as if manually writing to each page"
 * Tags: madvise mincore anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* mc_require_residency_observable, MAP_ANONYMOUS, madvise, MADV_NOHUGEPAGE, MADV_POPULATE_WRITE */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#endif

#ifdef MADV_POPULATE_WRITE
int main(void)
{
	long range, after;
	size_t pg;
	char *p;
	int err;

	mc_begin();
	mc_require_residency_observable();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#ifdef MADV_NOHUGEPAGE
	/* A large folio (THP, mTHP) would fault in the page after the range with the rest: not here.
	 * A kernel without transparent huge pages refuses the advice, and has no such folios. */
	(void)madvise(p, 3 * pg, MADV_NOHUGEPAGE);
#endif

	err = madvise(p, pg + 1, MADV_POPULATE_WRITE) == 0 ? 0 : errno;
	if (err == EINVAL && madvise(p, pg, MADV_POPULATE_WRITE) != 0)
		mc_skip("MADV_POPULATE_WRITE fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(errno));
	if (!mc_expect_errno(err, 0, "madvise(p, pg + 1, MADV_POPULATE_WRITE)"))
		return mc_finish();
	range = SAFE(mc_resident_pages(p, 2 * pg));
	after = SAFE(mc_resident_pages(p + 2 * pg, pg));
	mc_observe("resident", "range=%ld/2,next=%ld/1", range, after);
	mc_check(range == 2, "%ld of the 2 pages of the range resident: the partly named page was not populated", range);
	mc_check(after == 0, "the untouched page after the range is resident: the advice spilled onto it");
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_WRITE is Linux-only; not a Linux build");
}
#endif
