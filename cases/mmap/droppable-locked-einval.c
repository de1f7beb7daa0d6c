/*
 * Claim: mmap(MAP_DROPPABLE|MAP_ANONYMOUS|MAP_LOCKED) fails with EINVAL: a droppable mapping cannot be locked.
 * Source: Linux include/uapi/linux/mman.h (6.11 and later): MAP_DROPPABLE 0x08, "Zero memory under memory pressure.", a value of the MAP_TYPE field beside MAP_SHARED and MAP_PRIVATE
 * Source: Linux mm/mmap.c do_mmap() (6.11 and later), case MAP_DROPPABLE: "A locked or stack area makes no sense to be droppable." followed by "if (flags & MAP_LOCKED) return -EINVAL;"
 * Covers: MAP_DROPPABLE(kernel) EINVAL "locked"
 * Tags: mmap errno extension anonymous mlock
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MAP_LOCKED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	int fd = -1;

	mc_begin();
	pg = mc_page_size();
	mc_require_droppable();	/* control: the mapping type is known here */

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED, fd, 0), EINVAL);
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
