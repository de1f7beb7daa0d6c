/*
 * Claim: After madvise(MADV_COLD) over a written private anonymous mapping, every byte still reads the data stored before.
 * Source: Linux man-pages madvise(2), MADV_COLD: "Deactivate a given range of pages. ... This is a nondestructive operation."
 * Tags: madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_COLD */
#include "mmapcheck.h"

#ifdef MADV_COLD
#define NPAGES 8

int main(void)
{
	size_t i, len, changed = 0;
	unsigned char *p;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i % 251 + 1);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_COLD), 0);
	for (i = 0; i < len; i++)
		changed += p[i] != (unsigned char)(i % 251 + 1);

	mc_observe("changed_bytes", "%zu", changed);
	mc_check(changed == 0, "%zu of %zu bytes changed by MADV_COLD", changed, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_COLD is not defined on this platform (Linux 5.4 and later)");
}
#endif
