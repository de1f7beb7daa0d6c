/*
 * Claim: madvise(MADV_REMOVE) over the middle pages of a shared writable file mapping punches a hole in the file: those pages read zero through read(), the file keeps its size and occupies fewer blocks.
 * Source: Linux man-pages madvise(2), MADV_REMOVE: "Free up a given range of pages and its associated backing store. This is equivalent to punching a hole in the corresponding range of the backing store (see fallocate(2))."
 * Tags: madvise file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_REMOVE */
#include "mmapcheck.h"

#ifdef MADV_REMOVE
#define NPAGES 4

int main(void)
{
	size_t i, pg, len, nonzero = 0;
	struct stat before, after;
	unsigned char *p, *buf;
	int fd, err;

	mc_begin();
	pg = mc_page_size();
	len = NPAGES * pg;
	fd = (int)SAFE(open(mc_file("f", len, 0xa5), O_RDWR));
	SAFE(fsync(fd));	/* blocks allocated on disk */
	SAFE(fstat(fd, &before));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!(buf = malloc(2 * pg)))
		mc_broken("malloc() failed");

	err = madvise(p + pg, 2 * pg, MADV_REMOVE) == 0 ? 0 : errno;
	if (err == EOPNOTSUPP)
		mc_skip("the scratch directory's filesystem cannot punch holes (EOPNOTSUPP)");
	mc_observe("errno", "%s", mc_errno_name(err));
	mc_check(err == 0, "madvise(MADV_REMOVE) failed with %s", mc_errno_name(err));
	SAFE(fstat(fd, &after));
	if (pread(fd, buf, 2 * pg, (off_t)pg) != (ssize_t)(2 * pg))
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	for (i = 0; i < 2 * pg; i++)
		nonzero += buf[i] != 0;

	mc_observe("blocks", "before=%lld,after=%lld", (long long)before.st_blocks, (long long)after.st_blocks);
	mc_observe("nonzero_bytes_in_hole", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of %zu bytes of the removed range read back nonzero", nonzero, 2 * pg);
	mc_check(after.st_size == before.st_size, "size changed from %lld to %lld",
		 (long long)before.st_size, (long long)after.st_size);
	mc_check(after.st_blocks < before.st_blocks, "blocks did not shrink (%lld, then %lld)",
		 (long long)before.st_blocks, (long long)after.st_blocks);
	mc_check(p[0] == 0xa5 && p[len - 1] == 0xa5, "the pages around the hole changed");
	free(buf);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_REMOVE is not defined on this platform");
}
#endif
