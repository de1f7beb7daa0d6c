/*
 * Claim: cachestat() of a hugetlbfs file fails with EOPNOTSUPP.
 * Source: Linux man-pages 6.20 cachestat(2), ERRORS: "EOPNOTSUPP The file descriptor refers to a hugetlbfs file, which is unsupported."
 * Source: Linux man-pages memfd_create(2), MFD_HUGETLB: "The memfd file will be created in the hugetlbfs filesystem using huge pages."
 * Covers: cachestat(2) EOPNOTSUPP
 * Tags: cachestat errno extension hugetlb
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_HUGETLB */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_HUGETLB)
	struct mc_cachestat_range r = { 0, 0 };
	struct mc_cachestat cs;
	int fd, plain;

	mc_begin();
	/* Control: an ordinary file is accepted. */
	plain = (int)SAFE(open(mc_file("plain", mc_page_size(), 'p'), O_RDONLY));
	if (mc_cachestat(plain, &r, &cs, 0) == -1) {
		mc_require_call(-1, "cachestat", "6.5");
		mc_broken("cachestat() of an ordinary file failed: %s", mc_errno_name(errno));
	}
	SAFE(close(plain));
	/* Creating the file reserves no huge page; a kernel without hugetlbfs refuses it. */
	fd = memfd_create("mmapcheck-hugetlb", MFD_HUGETLB);
	if (fd == -1)
		mc_skip("memfd_create(MFD_HUGETLB) failed (%s): no hugetlbfs in this kernel", mc_errno_name(errno));
	MC_EXPECT_ERRNO(mc_cachestat(fd, &r, &cs, 0), EOPNOTSUPP);
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() and MFD_HUGETLB are Linux interfaces");
#endif
}
