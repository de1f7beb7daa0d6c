/*
 * Claim: After fork(), a store the child makes through an inherited MAP_PRIVATE file mapping is seen neither by the parent's copy of the mapping nor in the file.
 * Source: POSIX.1-2017 fork(), DESCRIPTION: "Any modifications that are made to MAP_PRIVATE mappings by the child after fork() returns shall be visible only to the child."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object."
 * Tags: mmap file private fork
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char parent_saw, file_byte = 0;
	struct mc_turns t;
	volatile char *p;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	(void)p[0];	/* the parent has the file page mapped before the fork */

	if (mc_turns_fork(&t) == 0) {
		p[0] = 'c';
		mc_turns_send(&t, 's');
		mc_turns_recv(&t);	/* keep the child's copy alive while the parent looks */
		_exit(0);
	}
	mc_turns_recv(&t);
	parent_saw = (unsigned char)p[0];
	if (pread(fd, &file_byte, 1, 0) != 1)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	mc_turns_send(&t, 'g');
	mc_wait(t.pid);

	mc_observe("parent_saw", "0x%02x", parent_saw);
	mc_observe("file_byte", "0x%02x", file_byte);
	mc_check(parent_saw == 'a', "parent sees 0x%02x after the child's store of 'c'", parent_saw);
	mc_check(file_byte == 'a', "the file holds 0x%02x after the child's store of 'c'", file_byte);
	SAFE(close(fd));
	return mc_finish();
}
