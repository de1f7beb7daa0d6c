/*
 * Claim: madvise(MADV_REMOVE) over a written MAP_SHARED mapping of a memfd frees the backing store: the mapping and read() of the file both give zero afterwards.
 * Source: Linux man-pages madvise(2), MADV_REMOVE: "Free up a given range of pages and its associated backing store. This is equivalent to punching a hole in the corresponding range of the backing store"; "Subsequent accesses in the specified address range will see data with a value of zero."
 * Tags: madvise memfd shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_CLOEXEC */
#include "mmapcheck.h"

#if defined(MADV_REMOVE) && defined(MFD_CLOEXEC)
#define NPAGES 4

int main(void)
{
	size_t i, len, map_nonzero = 0, file_nonzero = 0;
	unsigned char *p, *buf;
	int fd;

	mc_begin();
	len = NPAGES * mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck-madvise-remove", MFD_CLOEXEC));
	SAFE(ftruncate(fd, (off_t)len));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p, 0xa5, len);
	if (!(buf = malloc(len)))
		mc_broken("malloc(%zu) failed", len);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_REMOVE), 0);
	for (i = 0; i < len; i++)
		map_nonzero += p[i] != 0;
	if (pread(fd, buf, len, 0) != (ssize_t)len)
		mc_broken("pread() of the memfd failed: %s", mc_errno_name(errno));
	for (i = 0; i < len; i++)
		file_nonzero += buf[i] != 0;

	mc_observe("map_nonzero_bytes", "%zu", map_nonzero);
	mc_observe("file_nonzero_bytes", "%zu", file_nonzero);
	mc_check(map_nonzero == 0, "%zu of %zu mapped bytes nonzero after MADV_REMOVE", map_nonzero, len);
	mc_check(file_nonzero == 0, "%zu of %zu bytes read() from the memfd nonzero after MADV_REMOVE", file_nonzero, len);
	free(buf);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_REMOVE or memfd_create() is not available on this platform");
}
#endif
