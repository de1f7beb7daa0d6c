/*
 * Claim: A page of a MAP_PRIVATE file mapping that the process has read but not written shows, after another process stores through a MAP_SHARED mapping of the same file, either the file's old byte or the newly stored one, never anything else.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: it is unspecified whether modifications to the underlying object made after a MAP_PRIVATE mapping is established are visible through it
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "It is unspecified whether changes made to the file after the mmap() call are visible in the mapped region."
 * Source: NetBSD mmap(2), MAP_PRIVATE: "modifications made by other processes using MAP_SHARED will be seen" (one system's choice)
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
	if (c != 'a')
		mc_broken("the private mapping shows 0x%02x before the store, not the file's 'a'", c);
	pid = mc_fork();
	if (pid == 0) {
		shr[7] = 'Z';		/* another process stores through MAP_SHARED */
		_exit(0);
	}
	mc_wait(pid);
	c = (unsigned char)prv[7];

	mc_observe("private_saw", "0x%02x", c);
	mc_observe("visible", "%s", c == 'Z' ? "new" : c == 'a' ? "old" : "neither");
	mc_check(c == 'Z' || c == 'a', "the unwritten private page shows 0x%02x, neither the old 'a' nor the stored 'Z'", c);
	return mc_finish();
}
