/*
 * Claim: After fork(), a MAP_PRIVATE mapping of /dev/zero is a separate copy in each process: a store by the child is not seen by the parent, nor the parent's by the child.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications to the mapped data by the calling process shall be visible only to the calling process
 * Source: Linux man-pages fork(2), DESCRIPTION: "The child process and the parent process run in separate memory spaces."
 * Source: Linux man-pages zero(4), DESCRIPTION: reads from /dev/zero return zero bytes
 * Tags: mmap private fork extension
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char parent_saw, child_saw;
	struct mc_turns t;
	volatile char *p;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = open("/dev/zero", O_RDWR);
	if (fd == -1)
		mc_skip("/dev/zero cannot be opened here: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[0] = 'i';		/* the page exists before fork */

	if (mc_turns_fork(&t) == 0) {
		p[1] = 'c';	/* the child's store */
		mc_turns_send(&t, 'c');
		mc_turns_recv(&t);
		mc_turns_send(&t, (unsigned char)p[2]);
		_exit(0);
	}
	mc_turns_recv(&t);
	parent_saw = (unsigned char)p[1];
	p[2] = 'p';		/* the parent's store */
	mc_turns_send(&t, 'g');
	child_saw = mc_turns_recv(&t);
	mc_wait(t.pid);

	mc_observe("parent_saw", "0x%02x", parent_saw);
	mc_observe("child_saw", "0x%02x", child_saw);
	mc_check(parent_saw == 0, "the parent sees 0x%02x where the child stored 'c'", parent_saw);
	mc_check(child_saw == 0, "the child sees 0x%02x where the parent stored 'p'", child_saw);
	return mc_finish();
}
