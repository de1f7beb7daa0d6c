/*
 * Claim: After mremap(MREMAP_MAYMOVE|MREMAP_FIXED) moves a private anonymous mapping holding a guard page, the page at the same offset of the new address faults with SIGSEGV while the page before it kept its data.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "If a mapping is moved using mremap(2), lightweight guard regions are moved with it."
 * Tags: madvise mremap anonymous private signal extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_FIXED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_FIXED)
int main(void)
{
	struct mc_status guard, data;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = SAFE_MMAP(NULL, 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);	/* the destination */
	memset(p, 0xa5, 2 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	if (mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, q) != q)
		mc_broken("mremap(MREMAP_MAYMOVE|MREMAP_FIXED) failed: %s", mc_errno_name(errno));
	data = mc_probe_read(q);	/* control: the mapping was moved, with its data */
	guard = mc_probe_read(q + pg);
	mc_observe_status(guard);
	mc_observe("moved_byte", "0x%02x", data.signo ? 0 : data.value);
	mc_check(data.signo == 0 && data.value == 0xa5, "the first page at the new address lost its data");
	mc_check(guard.signo == SIGSEGV, "the guard page at the new address gave %s, not SIGSEGV",
		 guard.signo ? mc_signal_name(guard.signo) : "no signal");
	SAFE(munmap(q, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL and MREMAP_FIXED are Linux interfaces; not provided here");
}
#endif
