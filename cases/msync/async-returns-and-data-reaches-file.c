/*
 * Claim: msync() with MS_ASYNC on a MAP_SHARED file mapping returns 0, and a read() of the file through another descriptor afterwards returns the bytes stored through the mapping.
 * Source: Linux man-pages msync(2), DESCRIPTION: MS_ASYNC "Specifies that an update be scheduled, but the call returns immediately"; NOTES: since Linux 2.6.19 MS_ASYNC is a no-op, "the kernel properly tracks dirty pages and flushes them to storage as necessary"
 * Source: POSIX.1-2017 msync(), DESCRIPTION: with MS_ASYNC, msync() "shall return immediately once all the write operations are initiated or queued for servicing"
 * Tags: msync file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char got = 0;
	const char *path;
	size_t pg;
	char *p;
	int fd, rfd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[7] = 'Q';

	MC_EXPECT_ERRNO(msync(p, pg, MS_ASYNC), 0);
	/* Linux's MS_ASYNC only has to leave the pages queued; a read() sees the file as it is. */
	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got, 1, 7)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("file", "0x%02x", got);
	mc_check(got == 'Q', "file holds 0x%02x after msync(MS_ASYNC), expected 'Q'", got);
	return mc_finish();
}
