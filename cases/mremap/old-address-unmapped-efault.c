/*
 * Claim: mremap() with MREMAP_MAYMOVE whose old range starts on an unmapped page fails with EFAULT, although the pages after it are mapped, and leaves them in place.
 * Source: Linux man-pages mremap(2), ERRORS: "EFAULT Some address in the range old_address to old_address+old_size is an invalid virtual memory address for this process."
 * Source: Linux man-pages 6.20 mremap(2), DESCRIPTION: "while old_address must be mapped, old_size may span multiple mappings"
 * Covers: mremap(2) EFAULT
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	struct mc_status rest;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 3 * pg);
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */

	MC_EXPECT_MAP_ERRNO(q = mremap(p, 3 * pg, 4 * pg, MREMAP_MAYMOVE), EFAULT);
	if (q != MAP_FAILED)
		return mc_finish();
	rest = mc_probe_read(p + pg);
	mc_observe("rest", "%s/0x%02x", mc_signal_name(rest.signo), rest.value);
	mc_check(rest.signo == 0 && rest.value == 'a', "the mapped page after the hole gave %s/0x%02x: the call moved it",
		 mc_signal_name(rest.signo), rest.value);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif
