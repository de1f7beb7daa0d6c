/*
 * Claim: A page of a MAP_PRIVATE file mapping that the process has read but not yet written shows a later store made by another process through a MAP_SHARED mapping of the same file.
 * Source: NetBSD mmap(2), MAP_PRIVATE: "Modifications made by this process are private, however modifications made by other processes using MAP_SHARED will be seen."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: it is unspecified whether modifications to the underlying object made after a MAP_PRIVATE mapping is established are visible through it (Linux man-pages mmap(2), MAP_PRIVATE, says the same)
 * Tags: mmap file private shared coherence fork unspecified
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *prv;
	unsigned char c;
	size_t pg;
	char *shr;
	pid_t pid;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	shr = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	prv = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	c = (unsigned char)prv[7];	/* the private page is read (mapped), never written */
	pid = mc_fork();
	if (pid == 0) {
		shr[7] = 'Z';		/* another process stores through MAP_SHARED */
		_exit(0);
	}
	mc_wait(pid);
	c = (unsigned char)prv[7];

	mc_observe("private_saw", "0x%02x", c);
	mc_check(c == 'Z', "the unwritten private page shows 0x%02x, not the shared store 'Z'", c);
	return mc_finish();
}
