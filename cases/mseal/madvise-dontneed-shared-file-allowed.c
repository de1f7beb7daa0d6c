/*
 * Claim: madvise(MADV_DONTNEED) on a sealed read-only shared file mapping succeeds and the mapping still reads the file's bytes.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": the destructive madvise behaviors are refused "when applied to anonymous memory"; a file mapping loses no data (its pages are read again from the file)
 * Source: Linux mm/madvise.c can_madvise_modify(): "We explicitly permit all file-backed mappings, whether MAP_SHARED or MAP_PRIVATE."
 * Tags: mseal madvise file shared extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* madvise, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'f'), O_RDONLY));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(close(fd));
	mc_seal(p, pg, "p, 1 page");
	/* The seal is in force: even a protection change to the same one is refused. */
	if (mprotect(p, pg, PROT_READ) == 0)
		mc_broken("mprotect() of the sealed page succeeded: the seal is not in force");
	if (errno != EPERM)
		mc_broken("mprotect() of the sealed page failed with %s, not EPERM", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_DONTNEED), 0);
	mc_observe("byte_after", "0x%02x", (unsigned char)p[0]);
	mc_check(p[0] == 'f', "the page reads 0x%02x after MADV_DONTNEED, not the file's 'f'", (unsigned char)p[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif
