/*
 * Claim: posix_madvise() with an address that is not a multiple of the page size returns EINVAL (the error number itself, not -1).
 * Source: Linux man-pages posix_madvise(3), ERRORS: "EINVAL addr is not a multiple of the system page size or len is negative."; RETURN VALUE: "On failure, it returns a positive error number."
 * Source: POSIX.1-2017 posix_madvise(), DESCRIPTION: "The implementation may require that addr be a multiple of the page size"
 * Covers: posix_madvise(3) EINVAL "not a multiple of the system page size"
 * Tags: madvise errno anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;
	int ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);


	ret = posix_madvise(p + 1, pg, POSIX_MADV_NORMAL);
	mc_observe("ret", "%s", ret == -1 ? "-1" : mc_errno_name(ret));
	mc_check(ret == EINVAL, "posix_madvise() returned %d (%s), not EINVAL", ret,
		 ret > 0 ? mc_errno_name(ret) : ret ? "not an error number" : "success");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
