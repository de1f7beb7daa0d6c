/*
 * Claim: After fork(), a store the parent makes through an inherited MAP_SHARED file mapping is visible to the child through its copy of that mapping.
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"; NOTES: "Memory mapped by mmap() is preserved across fork(2), with the same attributes."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_SHARED, write references change the underlying object; fork(), DESCRIPTION: memory mappings created in the parent are retained in the child
 * Tags: mmap file shared fork coherence
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_turns t;
	unsigned char c;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (mc_turns_fork(&t) == 0) {
		/* Touch the page first so that it is mapped in the child before the store. */
		(void)*(volatile char *)&p[pg / 2];
		mc_turns_recv(&t);
		mc_turns_send(&t, (unsigned char)*(volatile char *)&p[pg / 2]);
		_exit(0);
	}
	p[pg / 2] = 'Z';	/* after fork, while the child waits */
	mc_turns_send(&t, 'g');
	c = mc_turns_recv(&t);
	mc_wait(t.pid);

	mc_observe("child_saw", "0x%02x", c);
	mc_check(c == 'Z', "child read '%c' (0x%02x) after the parent stored 'Z'", c, c);
	return mc_finish();
}
