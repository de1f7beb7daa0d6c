/*
 * Claim: ftruncate() on a mapped file through a descriptor open only for reading fails with EBADF or EINVAL.
 * Source: POSIX.1-2017 ftruncate(), ERRORS: [EBADF] or [EINVAL] "The fildes argument is not a file descriptor open for writing"
 * Source: Linux man-pages truncate(2), ERRORS: "EINVAL or EBADF The file descriptor fd is not open for writing" (POSIX permits either; Linux produces EINVAL)
 * Source: FreeBSD truncate(2), ERRORS: [EINVAL] "The fd descriptor is not open for writing"
 * Covers: ftruncate(2) EINVAL "not open for writing"
 * Covers: ftruncate(2) EBADF "not open for writing"
 * Tags: ftruncate errno file
 */
#include "mmapcheck.h"

int main(void)
{
	struct stat sb;
	size_t pg;
	int fd, e;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDONLY));
	SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);

	e = ftruncate(fd, (off_t)pg) == -1 ? errno : 0;
	mc_observe("errno", "%s", mc_errno_name(e));
	SAFE(fstat(fd, &sb));
	mc_observe("size_pages", "%lld", (long long)(sb.st_size / (off_t)pg));
	mc_check(e == EBADF || e == EINVAL, "ftruncate() on an O_RDONLY descriptor: %s, expected EBADF or EINVAL",
		 e ? mc_errno_name(e) : "success");
	return mc_finish();
}
