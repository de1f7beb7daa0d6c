/*
 * Claim: mprotect() adding PROT_WRITE to a MAP_SHARED mapping of a file opened O_RDONLY fails with EACCES.
 * Source: Linux man-pages mprotect(2), ERRORS: EACCES "... if you mmap(2) a file to which you have read-only access, then ask mprotect() to mark it PROT_WRITE"
 * Source: POSIX.1-2017 mprotect(), ERRORS: [EACCES] "The prot argument specifies a protection that violates the access permission the process has to the underlying memory object"
 * Source: FreeBSD mprotect(2), ERRORS: [EACCES] "The calling process was not allowed to change the protection to the value specified by the prot argument"
 * Covers: mprotect(2) EACCES
 * Tags: mprotect errno file shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* Mode 0600 and we are the owner: only the open mode forbids writing. */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);

	MC_EXPECT_ERRNO(mprotect(p, pg, PROT_READ | PROT_WRITE), EACCES);
	return mc_finish();
}
