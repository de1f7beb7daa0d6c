/*
 * Claim: mmap() of a file with flags that name neither MAP_SHARED nor MAP_PRIVATE fails with EINVAL.
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL flags contained none of MAP_PRIVATE, MAP_SHARED, or MAP_SHARED_VALIDATE."
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EINVAL] The value of flags is invalid (neither MAP_PRIVATE nor MAP_SHARED is set)."
 * Covers: mmap(2) EINVAL "none of MAP_PRIVATE, MAP_SHARED"
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));

	/* OpenBSD documents a silent default to MAP_PRIVATE here: the errno line records it. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, 0, fd, 0), EINVAL);
	return mc_finish();
}
