/*
 * Claim: posix_madvise() with an invalid advice value returns the error number EINVAL itself, not -1.
 * Source: POSIX.1-2017 posix_madvise(), RETURN VALUE: "Upon successful completion, posix_madvise() shall return zero; otherwise, an error number shall be returned to indicate the error."; ERRORS: "[EINVAL] The value of advice is invalid."
 * Source: Linux man-pages posix_madvise(3), RETURN VALUE: "On success, posix_madvise() returns 0. On failure, it returns a positive error number."
 * Covers: posix_madvise(3) EINVAL "advice is invalid"
 * Tags: madvise errno anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define NOT_AN_ADVICE 999

int main(void)
{
	size_t len;
	char *p;
	int ret;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	errno = 0;
	ret = posix_madvise(p, len, NOT_AN_ADVICE);
	mc_observe("ret", "%s", ret == -1 ? "-1" : mc_errno_name(ret));
	mc_observe("errno", "%s", mc_errno_name(errno));
	mc_check(ret == EINVAL, "posix_madvise() returned %d (%s), not EINVAL", ret,
		 ret > 0 ? mc_errno_name(ret) : "not an error number");
	SAFE(munmap(p, len));
	return mc_finish();
}
