/*
 * Claim: posix_madvise() over a range whose second page was unmapped with munmap() returns ENOMEM (the error number itself, not -1).
 * Source: Linux man-pages posix_madvise(3), ERRORS: "ENOMEM Addresses in the specified range are partially or completely outside the caller's address space."; RETURN VALUE: "On failure, it returns a positive error number."
 * Source: POSIX.1-2017 posix_madvise(), ERRORS, may fail: "[ENOMEM] Addresses in the range starting at addr and continuing for len bytes are partly or completely outside the range allowed for the address space of the calling process."
 * Covers: posix_madvise(3) ENOMEM
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
	SAFE(munmap(p + pg, pg));

	ret = posix_madvise(p, 2 * pg, POSIX_MADV_NORMAL);
	mc_observe("ret", "%s", ret == -1 ? "-1" : mc_errno_name(ret));
	mc_check(ret == ENOMEM, "posix_madvise() returned %d (%s), not ENOMEM", ret,
		 ret > 0 ? mc_errno_name(ret) : ret ? "not an error number" : "success");
	SAFE(munmap(p, pg));
	return mc_finish();
}
