/*
 * Claim: mmap() of a regular file with the mapping type MAP_DROPPABLE fails with EINVAL: droppable mappings are anonymous only.
 * Source: Linux include/uapi/linux/mman.h (6.11 and later): MAP_DROPPABLE 0x08, "Zero memory under memory pressure.", a value of the MAP_TYPE field beside MAP_SHARED and MAP_PRIVATE
 * Source: Linux mm/mmap.c do_mmap() (6.11 and later): a mapping of a file accepts only the types MAP_SHARED, MAP_SHARED_VALIDATE and MAP_PRIVATE ("default: return -EINVAL;"); commit 9651fcedf7b9 "mm: add MAP_DROPPABLE for designating always lazily freeable mappings" (Linux 6.11)
 * Covers: MAP_DROPPABLE(kernel) EINVAL "file"
 * Tags: mmap errno extension file
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	int fd = -1;

	mc_begin();
	pg = mc_page_size();
	mc_require_droppable();	/* control: the mapping type is known here */
	fd = SAFE(open(mc_file("data", pg, 0xa5), O_RDWR));
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE, fd, 0), EINVAL);
	if (fd >= 0)
		SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DROPPABLE is a Linux interface; not a Linux build");
}
#endif
