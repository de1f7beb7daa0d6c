/*
 * Claim: madvise(MADV_DONTNEED_LOCKED) over a written private anonymous page locked with mlock(), where MADV_DONTNEED fails with EINVAL, succeeds and the page then reads zero.
 * Source: Linux include/uapi/asm-generic/mman-common.h (5.18 and later): "#define MADV_DONTNEED_LOCKED 24", "like DONTNEED, but drop locked pages too"
 * Source: Linux commit 9457056ac426 "mm: madvise: MADV_DONTNEED_LOCKED" (Linux 5.18)
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_DONTNEED or MADV_REMOVE and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Covers: MADV_DONTNEED_LOCKED(kernel) DROPPED
 * Tags: madvise mlock anonymous private extension privileges
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, pg);
	if (mlock(p, pg) != 0)	/* one page: fits any RLIMIT_MEMLOCK but 0 */
		mc_skip("mlock() of one page failed (%s): RLIMIT_MEMLOCK forbids locking here", mc_errno_name(errno));
	/* control: the page is locked as MADV_DONTNEED sees it */
	if (madvise(p, pg, MADV_DONTNEED) != -1 || errno != EINVAL)
		mc_broken("MADV_DONTNEED on the locked page did not fail with EINVAL (%s)", mc_errno_name(errno));

	ret = madvise(p, pg, MADV_DONTNEED_LOCKED);
	if (ret != 0 && errno == EINVAL && p[0] == (char)0xa5)
		mc_skip("MADV_DONTNEED_LOCKED is an invalid advice here (EINVAL): not provided (Linux added it in 5.18)");
	mc_observe("errno", "%s", ret == 0 ? "0" : mc_errno_name(errno));
	mc_observe("byte", "0x%02x", (unsigned char)p[0]);
	mc_check(ret == 0, "MADV_DONTNEED_LOCKED on the locked page failed");
	mc_check(p[0] == 0 && p[pg - 1] == 0, "the page reads 0x%02x, not zero, after MADV_DONTNEED_LOCKED", (unsigned char)p[0]);
	SAFE(munmap(p, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED_LOCKED is a Linux interface; not a Linux build");
}
#endif
