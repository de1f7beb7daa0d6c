/*
 * Claim: Once a process has stored to a page of its MAP_PRIVATE file mapping, that page is a private copy: a later store by another process through a MAP_SHARED mapping of the file is not seen on it.
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Create a private copy-on-write mapping."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: it is unspecified whether modifications to the underlying object made after a MAP_PRIVATE mapping is established are visible through it
 * Tags: mmap file private shared coherence fork unspecified
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *prv;
	unsigned char c, own;
	size_t pg;
	char *shr;
	pid_t pid;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	shr = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	prv = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	prv[0] = 'p';		/* the first private store: this page is now a copy */
	pid = mc_fork();
	if (pid == 0) {
		shr[7] = 'Z';	/* another byte of the same page, via MAP_SHARED */
		shr[0] = 'Z';
		_exit(0);
	}
	mc_wait(pid);
	c = (unsigned char)prv[7];
	own = (unsigned char)prv[0];

	mc_observe("private_saw", "0x%02x", c);
	mc_observe("private_own", "0x%02x", own);
	mc_check(c == 'a', "the copied private page shows 0x%02x, not the file's old 'a'", c);
	mc_check(own == 'p', "the private store 'p' became 0x%02x", own);
	return mc_finish();
}
