/*
 * Claim: madvise(MADV_DONTNEED) on a sealed writable private anonymous range succeeds and drops its pages: the range then reads zeros.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": the destructive madvise behaviors are prohibited "when applied to anonymous memory by threads lacking write permissions"; a writable range is outside that condition
 * Source: Linux mm/madvise.c can_madvise_modify(): a sealed anonymous VMA that is VM_WRITE may be discarded ("If the user could write to the mapping anyway, then this is fine")
 * Covers: mseal(kernel) ALLOWED "write permission"
 * Tags: mseal madvise anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 's', pg);
	mc_seal(p, pg, "p, 1 page");
	/* The seal is in force: even a protection change to the same one is refused. */
	if (mprotect(p, pg, PROT_READ | PROT_WRITE) == 0)
		mc_broken("mprotect() of the sealed page succeeded: the seal is not in force");
	if (errno != EPERM)
		mc_broken("mprotect() of the sealed page failed with %s, not EPERM", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_DONTNEED), 0);
	mc_observe("byte_after", "0x%02x", (unsigned char)p[0]);
	mc_check(p[0] == 0, "the page still holds 0x%02x after MADV_DONTNEED", (unsigned char)p[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif
