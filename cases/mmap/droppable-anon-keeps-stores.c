/*
 * Claim: mmap() with the mapping type MAP_DROPPABLE and MAP_ANONYMOUS returns a readable and writable mapping that reads zero at first and then reads back what was stored in it.
 * Source: Linux include/uapi/linux/mman.h (6.11 and later): MAP_DROPPABLE 0x08, "Zero memory under memory pressure.", a value of the MAP_TYPE field beside MAP_SHARED and MAP_PRIVATE
 * Source: Linux commit 9651fcedf7b9 "mm: add MAP_DROPPABLE for designating always lazily freeable mappings" (Linux 6.11)
 * Tags: mmap anonymous extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg, i, zero = 0, kept = 0;
	unsigned char *p;

	mc_begin();
	pg = mc_page_size();
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED && errno == EINVAL)
		mc_skip("mmap(MAP_DROPPABLE) is refused with EINVAL: an unknown mapping type here (Linux added it in 6.11)");
	if (p == MAP_FAILED && errno == 524)	/* ENOTSUPP, which the C library does not name */
		mc_skip("mmap(MAP_DROPPABLE) fails with ENOTSUPP: this kernel has no VM_DROPPABLE (64-bit kernels only)");
	if (!mc_check(p != MAP_FAILED, "mmap(MAP_DROPPABLE|MAP_ANONYMOUS) failed: %s", mc_errno_name(errno)))
		return mc_finish();

	for (i = 0; i < 2 * pg; i++)
		zero += p[i] == 0;
	for (i = 0; i < 2 * pg; i++)
		p[i] = (unsigned char)(i % 251 + 1);
	for (i = 0; i < 2 * pg; i++)
		kept += p[i] == (unsigned char)(i % 251 + 1);
	mc_observe("zero_bytes_first", "%zu", zero);
	mc_observe("kept_bytes", "%zu", kept);
	mc_check(zero == 2 * pg, "only %zu of %zu bytes read zero before any store", zero, 2 * pg);
	mc_check(kept == 2 * pg, "only %zu of %zu stored bytes read back", kept, 2 * pg);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DROPPABLE is a Linux interface; not a Linux build");
}
#endif
