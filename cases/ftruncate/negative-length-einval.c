/*
 * Claim: ftruncate() of a mapped file with a negative length fails with EINVAL and leaves the file's size as it was.
 * Source: POSIX.1-2017 ftruncate(), ERRORS: "[EINVAL] The length argument was less than 0."
 * Source: Linux man-pages truncate(2), ERRORS: "EINVAL The argument length is negative or larger than the maximum file size."
 * Source: FreeBSD truncate(2), ERRORS: "[EINVAL] The length argument was less than 0."
 * Covers: ftruncate(2) EINVAL "negative"
 * Tags: ftruncate errno file shared
 */
#include "mmapcheck.h"

int main(void)
{
	struct stat sb;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)-1), EINVAL);
	SAFE(fstat(fd, &sb));
	mc_observe("size_pages", "%lld", (long long)(sb.st_size / (off_t)pg));
	mc_check(sb.st_size == (off_t)(2 * pg), "the file's size changed to %lld bytes", (long long)sb.st_size);
	return mc_finish();
}
