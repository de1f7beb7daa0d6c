/*
 * Claim: mremap() that shrinks in place an old range whose cut-off tail holds a hole and a mapped page succeeds, unmaps that page, and leaves the kept page and the page after the old range alone.
 * Source: Linux man-pages 6.20 mremap(2), DESCRIPTION: "if the operation performs a shrink, that is, if old_size is greater than new_size, then old_size may also span multiple mappings, which do not have to be adjacent to one another."
 * Tags: mremap anonymous private signal extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	struct mc_status tail, after;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	/* Kept page, hole, mapped tail page (the old range ends here), the page after it. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 4 * pg);
	SAFE(munmap(p + pg, pg));

	MC_EXPECT_MAP_ERRNO(q = mremap(p, 3 * pg, pg, 0), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	tail = mc_probe_read(p + 2 * pg);
	after = mc_probe_read(p + 3 * pg);
	mc_observe_status(tail);
	mc_observe("next_page", "%s/0x%02x", mc_signal_name(after.signo), after.value);
	mc_check(q == p, "shrinking returned %p, not the old address %p", (void *)q, (void *)p);
	mc_check(tail.signo == SIGSEGV, "the mapped page of the cut-off tail gave %s, not SIGSEGV: it stayed mapped",
		 mc_signal_name(tail.signo));
	mc_check(after.signo == 0 && after.value == 'a', "the page after the old range gave %s/0x%02x: it was touched",
		 mc_signal_name(after.signo), after.value);
	mc_check(p[0] == 'a', "the kept page changed: 0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, pg));
	SAFE(munmap(p + 3 * pg, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif
