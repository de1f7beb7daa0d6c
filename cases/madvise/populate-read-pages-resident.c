/*
 * Claim: After madvise(MADV_POPULATE_READ) over an untouched private anonymous mapping, every page of the range is resident, before any access.
 * Source: Linux man-pages madvise(2), MADV_POPULATE_READ: "Populate (prefault) page tables readable, faulting-in all pages in the range just as if manually reading from each page"
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each vector byte is set if the page is resident in memory
 * Tags: madvise mincore anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, mc_require_residency_observable, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#define MADV_POPULATE_WRITE 23
#endif

#ifdef MADV_POPULATE_READ
#define NPAGES 8

/* Kernels before 5.14 reject the advice itself with EINVAL: then nothing here can be told. */
static void require_populate(int advice)
{
	size_t pg = mc_page_size();
	void *q = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = madvise(q, pg, advice) == 0 ? 0 : errno;

	SAFE(munmap(q, pg));
	if (err)
		mc_skip("the advice fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(err));
}

int main(void)
{
	long before, after;
	size_t len;
	char *p;

	mc_begin();
	require_populate(MADV_POPULATE_READ);
	mc_require_residency_observable();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	before = SAFE(mc_resident_pages(p, len));

	MC_EXPECT_ERRNO(madvise(p, len, MADV_POPULATE_READ), 0);
	after = SAFE(mc_resident_pages(p, len));

	mc_observe("resident", "before=%ld,after=%ld/%d", before, after, NPAGES);
	mc_check(after == NPAGES, "%ld of %d pages resident after MADV_POPULATE_READ", after, NPAGES);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_READ is not defined on this platform (Linux 5.14 and later)");
}
#endif
