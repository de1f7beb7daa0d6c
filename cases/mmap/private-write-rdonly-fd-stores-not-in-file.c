/*
 * Claim: Stores through a writable MAP_PRIVATE mapping of a descriptor opened O_RDONLY never reach the file, neither while mapped nor after munmap().
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications by the calling process are visible only to it and "shall not change the underlying object"
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: updates "are not carried through to the underlying file"
 * Tags: mmap file private coherence
 */
#include "mmapcheck.h"

/* Bytes of the file's first page that are no longer the original fill. */
static size_t changed_bytes(int fd, unsigned char *buf, size_t pg)
{
	size_t i, n = 0;

	if (pread(fd, buf, pg, 0) != (ssize_t)pg)
		mc_broken("pread(%zu) failed: %s", pg, mc_errno_name(errno));
	for (i = 0; i < pg; i++)
		n += buf[i] != 'f';
	return n;
}

int main(void)
{
	size_t pg, mapped, unmapped;
	unsigned char *p, *buf;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'f'), O_RDONLY));
	if (!(buf = malloc(pg)))
		mc_broken("malloc(%zu) failed", pg);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	memset(p, 'P', pg);
	if (p[0] != 'P' || p[pg - 1] != 'P')
		mc_broken("stores to the private mapping did not stick");
	mapped = changed_bytes(fd, buf, pg);
	SAFE(munmap(p, pg));
	unmapped = changed_bytes(fd, buf, pg);

	mc_observe("changed_while_mapped", "%zu", mapped);
	mc_observe("changed_after_munmap", "%zu", unmapped);
	mc_check(mapped == 0 && unmapped == 0, "private stores reached the file");
	free(buf);
	return mc_finish();
}
