/*
 * Claim: An anonymous mmap() with flags that name neither MAP_SHARED nor MAP_PRIVATE (only MAP_ANONYMOUS) fails with EINVAL.
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL flags contained none of MAP_PRIVATE, MAP_SHARED, or MAP_SHARED_VALIDATE."; DESCRIPTION: the behaviour "is determined by including exactly one of the following values in flags" (MAP_SHARED, MAP_SHARED_VALIDATE, MAP_PRIVATE)
 * Covers: mmap(2) EINVAL "none of MAP_PRIVATE, MAP_SHARED"
 * Tags: mmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;

	mc_begin();
	pg = mc_page_size();

	/* FreeBSD accepts this for anonymous memory, OpenBSD defaults to private: the errno line records it. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_ANONYMOUS, -1, 0), EINVAL);
	return mc_finish();
}
