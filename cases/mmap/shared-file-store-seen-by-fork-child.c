/*
 * Claim: After fork(), a store the parent makes through an inherited MAP_SHARED file mapping is visible to the child through its copy of that mapping.
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"; NOTES: "Memory mapped by mmap() is preserved across fork(2), with the same attributes."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_SHARED, write references change the underlying object; fork(), DESCRIPTION: memory mappings created in the parent are retained in the child
 * Tags: mmap file shared fork coherence
 */
#include "mmapcheck.h"

int main(void)
{
	int go[2], back[2], fd;
	unsigned char c = 0;
	size_t pg;
	char *p;
	pid_t pid;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(pipe(go));
	SAFE(pipe(back));

	pid = mc_fork();
	if (pid == 0) {
		/* Touch the page first so that it is mapped in the child before the store. */
		c = *(volatile char *)&p[pg / 2];
		if (read(go[0], &c, 1) != 1)
			_exit(MC_CHILD_BROKEN);
		c = *(volatile char *)&p[pg / 2];
		if (write(back[1], &c, 1) != 1)
			_exit(MC_CHILD_BROKEN);
		_exit(0);
	}
	close(back[1]);		/* so that a child that dies gives EOF, not a hang */
	p[pg / 2] = 'Z';	/* after fork, while the child waits */
	SAFE(write(go[1], "g", 1));
	if (read(back[0], &c, 1) != 1)
		c = 0;		/* the child broke; mc_wait says so */
	mc_wait(pid);

	mc_observe("child_saw", "0x%02x", c);
	mc_check(c == 'Z', "child read '%c' (0x%02x) after the parent stored 'Z'", c, c);
	return mc_finish();
}
