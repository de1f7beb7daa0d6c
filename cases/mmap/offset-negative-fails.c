/*
 * Claim: mmap() of a regular file at a negative (page-aligned) offset fails and maps nothing; which errno is recorded (EINVAL on FreeBSD, EOVERFLOW on Linux).
 * Source: FreeBSD mmap(2), ERRORS: "[EINVAL] An invalid (negative) value was passed in the offset argument, when fd referenced a regular file or shared memory."
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL We don't like addr, length, or offset (e.g., they are too large, or not aligned on a page boundary)."; mm/mmap.c file_mmap_ok() refuses an offset beyond the largest file offset with EOVERFLOW
 * Source: POSIX.1-2017 mmap(): off is an off_t offset into the file; no file position is negative (lseek(): "[EINVAL] ... the resulting file offset would be negative")
 * Tags: mmap errno file unspecified
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	void *p;
	int fd, err;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));

	errno = 0;
	p = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, -(off_t)pg);
	err = p == MAP_FAILED ? errno : 0;
	mc_observe("errno", "%s", mc_errno_name(err));
	mc_check(p == MAP_FAILED && err != 0, "mmap() at offset -%zu: %p, errno %s", pg, p, mc_errno_name(err));
	if (p != MAP_FAILED)
		munmap(p, pg);
	return mc_finish();
}
