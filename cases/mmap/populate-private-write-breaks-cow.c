/*
 * Claim: On Linux, MAP_POPULATE on a writable MAP_PRIVATE file mapping makes private copies of the pages up front: a later write() to the file is not seen through the mapping, though nothing was stored through it.
 * Source: Linux mm/gup.c populate_vma_page_range(): "We want to touch writable mappings with a write fault in order to break COW, except for shared mappings"
 * Source: Linux man-pages mmap(2), MAP_POPULATE: "Populate (prefault) page tables for a mapping"; MAP_PRIVATE: "It is unspecified whether changes made to the file after the mmap() call are visible in the mapped region."
 * Tags: mmap file private coherence extension unspecified
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_POPULATE */
#include "mmapcheck.h"

#ifdef MAP_POPULATE
int main(void)
{
	volatile char *p;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	/* Without the copy, this write shows through (private-file-sees-shared-store-before-cow). */
	if (pwrite(fd, "W", 1, 0) != 1)
		mc_broken("pwrite() failed: %s", mc_errno_name(errno));
	mc_observe("mapped_byte", "0x%02x", (unsigned char)p[0]);
	mc_check(p[0] == 'a', "the populated private mapping shows 0x%02x after write() of 'W' to the file",
		 (unsigned char)p[0]);
	SAFE(munmap((void *)p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_POPULATE is not defined on this platform");
}
#endif
