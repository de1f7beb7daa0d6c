/*
 * Claim: mmap() with MAP_SHARED|MAP_DROPPABLE|MAP_ANONYMOUS fails with EINVAL: MAP_DROPPABLE is a mapping type of its own, not a flag to combine with MAP_SHARED.
 * Source: Linux include/uapi/linux/mman.h (6.11 and later): MAP_DROPPABLE 0x08, "Zero memory under memory pressure.", a value of the MAP_TYPE field beside MAP_SHARED and MAP_PRIVATE
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL flags contained none of MAP_PRIVATE, MAP_SHARED, or MAP_SHARED_VALIDATE." (MAP_SHARED|MAP_DROPPABLE is the MAP_TYPE value 0x09, which is none of them and not MAP_DROPPABLE)
 * Covers: mmap(2) EINVAL "none of MAP_PRIVATE, MAP_SHARED"
 * Tags: mmap errno extension anonymous shared
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

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_DROPPABLE | MAP_ANONYMOUS, fd, 0), EINVAL);
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
