/*
 * Claim: mprotect() with an addr that is not a multiple of the page size fails with EINVAL.
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL addr is not a valid pointer, or not a multiple of the system page size."
 * Source: POSIX.1-2017 mprotect(), ERRORS, [EINVAL] (may fail) "The addr argument is not a multiple of the page size as returned by sysconf()"
 * Covers: mprotect(2) EINVAL "not a multiple of the system page size"
 * Tags: mprotect errno anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/*
	 * One byte into a mapped page: only the alignment is wrong.  musl's
	 * mprotect() rounds addr down before the system call (src/mman/mprotect.c),
	 * so built with musl the call succeeds and this case fails.
	 */
	MC_EXPECT_ERRNO(mprotect(p + 1, pg, PROT_READ), EINVAL);
	return mc_finish();
}
