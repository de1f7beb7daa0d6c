/*
 * Claim: Under F_SEAL_SHRINK, open() of the memfd with O_TRUNC fails with EPERM and the file keeps its size.
 * Source: Linux man-pages fcntl(2), F_SEAL_SHRINK: "the file in question cannot be reduced in size. This affects open(2) with the O_TRUNC flag as well as truncate(2) and ftruncate(2). Those calls fail with EPERM if you try to shrink the file in question."
 * Tags: memfd errno procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	char path[64];
	struct stat sb;
	size_t pg;
	int fd, again;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	/* The memfd has no other name: it is opened again through /proc. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((again = open(path, O_RDWR)) == -1)
		mc_skip("%s cannot be opened (%s): no other way to open the memfd", path, mc_errno_name(errno));
	SAFE(close(again));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));

	MC_EXPECT_ERRNO(open(path, O_RDWR | O_TRUNC), EPERM);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)pg, "the file is %lld bytes after the refused O_TRUNC, not %zu", (long long)sb.st_size, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}
