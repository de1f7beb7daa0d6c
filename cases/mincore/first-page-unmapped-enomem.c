/*
 * Claim: mincore() on a range whose first page is not mapped fails with ENOMEM, although the pages after it are mapped.
 * Source: Linux man-pages mincore(2), ERRORS: "ENOMEM addr to addr + length contained unmapped memory."
 * Source: FreeBSD mincore(2), ERRORS: [ENOMEM] "The virtual address range specified by the addr and len arguments is not fully mapped."
 * Covers: mincore(2) ENOMEM "contained unmapped memory"
 * Tags: mincore errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[3];
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[pg] = 1;
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */
	/* Control: the mapped rest alone is reported, so only the first page can refuse. */
	SAFE(mincore(p + pg, 2 * pg, (void *)vec));

	MC_EXPECT_ERRNO(mincore(p, 3 * pg, (void *)vec), ENOMEM);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif
