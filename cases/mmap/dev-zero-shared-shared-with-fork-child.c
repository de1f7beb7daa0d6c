/*
 * Claim: A MAP_SHARED mapping of /dev/zero made before fork() is shared memory: a store the child makes after fork() is seen by the parent.
 * Source: Linux drivers/char/mem.c, mmap_zero(): a shared mapping is set up by shmem_zero_setup(), as for MAP_SHARED|MAP_ANONYMOUS (shared anonymous memory)
 * Source: Linux man-pages mmap(2), NOTES: "Memory mapped by mmap() is preserved across fork(2), with the same attributes."; MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"
 * Tags: mmap shared fork extension
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_turns t;
	volatile char *p;
	unsigned char c;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = open("/dev/zero", O_RDWR);
	if (fd == -1)
		mc_skip("/dev/zero cannot be opened here: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(close(fd));
	c = (unsigned char)p[5];	/* mapped in the parent before fork */

	if (mc_turns_fork(&t) == 0) {
		p[5] = 'c';
		mc_turns_send(&t, 'c');
		_exit(0);
	}
	mc_turns_recv(&t);
	c = (unsigned char)p[5];
	mc_wait(t.pid);

	mc_observe("parent_saw", "0x%02x", c);
	mc_check(c == 'c', "the parent sees 0x%02x after the child stored 'c'", c);
	return mc_finish();
}
