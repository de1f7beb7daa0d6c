/*
 * Claim: After fork(), a store the child makes through an inherited MAP_SHARED file mapping is seen by the parent through its copy of the mapping.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If MAP_SHARED is specified, write references shall change the underlying object."; fork(), DESCRIPTION: memory mappings created in the parent are retained in the child
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"
 * Tags: mmap file shared fork coherence
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char parent_saw;
	struct mc_turns t;
	volatile char *p;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	(void)p[pg / 3];	/* the parent has the page mapped before the child's store */

	if (mc_turns_fork(&t) == 0) {
		p[pg / 3] = 'c';
		mc_turns_send(&t, 's');
		_exit(0);
	}
	mc_turns_recv(&t);
	parent_saw = (unsigned char)p[pg / 3];
	mc_wait(t.pid);

	mc_observe("parent_saw", "0x%02x", parent_saw);
	mc_check(parent_saw == 'c', "parent sees 0x%02x after the child's store of 'c'", parent_saw);
	SAFE(close(fd));
	return mc_finish();
}
