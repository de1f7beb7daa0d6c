/*
 * Claim: Under F_SEAL_WRITE, mprotect() cannot make a MAP_SHARED PROT_READ mapping of the memfd writable: it fails with EACCES and the mapping stays read-only.
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "If this seal is set, you cannot modify the contents of the file."; "trying to create new shared, writable memory-mappings via mmap(2) will also fail"
 * Source: Linux man-pages mprotect(2), ERRORS: "EACCES The memory cannot be given the specified access."
 * Covers: mprotect(2) EACCES
 * Tags: memfd mprotect errno shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);

	MC_EXPECT_ERRNO(mprotect(p, pg, PROT_READ | PROT_WRITE), EACCES);
	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "a store to the sealed file's mapping gave %s, not SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}
