/*
 * Claim: A read-only mapping that mremap() moves stays read-only at its new address: reading works, a store raises SIGSEGV.
 * Source: Linux man-pages mremap(2), NOTES: "Each virtual memory segment has its own protection (access rights), which may cause a segmentation violation (SIGSEGV) if the memory is accessed incorrectly (e.g., writing to a read-only segment)."
 * Source: Linux man-pages mremap(2), MREMAP_MAYMOVE: the kernel may "relocate the mapping"; the segment is moved, not made anew
 * Tags: mremap anonymous private signal extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_FIXED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_FIXED)
int main(void)
{
	struct mc_status rd, wr;
	size_t pg;
	char *p, *t, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	SAFE(mprotect(p, pg, PROT_READ));
	t = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* Onto a read-write mapping: the moved segment must bring its own protection. */
	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, t), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_check(q == t, "MREMAP_FIXED returned %p, not the new address %p", (void *)q, (void *)t);
	rd = mc_probe_read(q);
	wr = mc_probe_write(q);
	mc_observe_status(wr);
	mc_check(rd.signo == 0 && rd.value == 'a', "reading the moved page: %s, 0x%02x",
		 mc_signal_name(rd.signo), rd.value);
	mc_check(wr.signo == SIGSEGV, "a store to the moved read-only page gave %s, not SIGSEGV",
		 mc_signal_name(wr.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif
