/*
 * Claim: madvise(MADV_POPULATE_WRITE) over a range with an unmapped page in the middle fails with ENOMEM.
 * Source: Linux man-pages madvise(2), ERRORS: "ENOMEM Addresses in the specified range are not currently mapped, or are outside the address space of the process."
 * Source: kselftest tools/testing/selftests/mm/madv_populate.c (populating over holes fails with ENOMEM)
 * Covers: madvise(2) ENOMEM "not currently mapped"
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_WRITE */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#endif

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, *probe;

	mc_begin();
	pg = mc_page_size();
	probe = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(probe, pg, MADV_POPULATE_WRITE) != 0)
		mc_skip("MADV_POPULATE_WRITE fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(errno));
	SAFE(munmap(probe, pg));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* the hole */

	MC_EXPECT_ERRNO(madvise(p, 3 * pg, MADV_POPULATE_WRITE), ENOMEM);
	SAFE(munmap(p, pg));
	SAFE(munmap(p + 2 * pg, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_WRITE is a Linux interface; not a Linux build");
}
#endif
