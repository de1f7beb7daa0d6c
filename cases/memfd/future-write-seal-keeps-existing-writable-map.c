/*
 * Claim: F_SEAL_FUTURE_WRITE can be added to a memfd while a MAP_SHARED PROT_WRITE mapping of it exists, and stores through that mapping still change the file.
 * Source: Linux man-pages fcntl(2), F_SEAL_FUTURE_WRITE: "the contents of the file can still be modified via shared writable mappings that were created prior to the seal being set."
 * Source: Linux man-pages memfd_create(2), NOTES: F_SEAL_FUTURE_WRITE "will prevent future writes via mmap(2) and write(2) from succeeding while keeping existing shared writable mappings"
 * Tags: memfd mmap shared coherence extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, F_SEAL_FUTURE_WRITE, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS) && defined(F_SEAL_FUTURE_WRITE)
	unsigned char c = 0;
	volatile char *p;
	size_t pg;
	int fd, e;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'a';

	e = fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1 ? errno : 0;
	if (e == EINVAL)
		mc_skip("this kernel does not accept F_SEAL_FUTURE_WRITE (added in Linux 5.1)");
	mc_observe("errno", "%s", mc_errno_name(e));
	/* The seal is in force: write() is refused, as the mapping is not. */
	mc_check(e != 0 || (pwrite(fd, "x", 1, 2) == -1 && errno == EPERM),
		 "after F_ADD_SEALS(F_SEAL_FUTURE_WRITE) returned 0, write() is not refused with EPERM");
	p[1] = 'Z';	/* through the mapping made before the seal */
	SAFE(pread(fd, &c, 1, 1));
	mc_observe("pread", "0x%02x", c);
	mc_check(e == 0, "adding F_SEAL_FUTURE_WRITE with a writable mapping in place failed with %s", mc_errno_name(e));
	mc_check(c == 'Z', "pread() gives 0x%02x after a store of 'Z' through the earlier mapping", c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("F_SEAL_FUTURE_WRITE is not defined on this platform");
#endif
}
