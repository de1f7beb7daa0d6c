/*
 * Claim: Under F_SEAL_SHRINK, ftruncate() to a smaller size fails with EPERM, and every page of an existing MAP_SHARED mapping of the memfd stays readable (no SIGBUS).
 * Source: Linux man-pages fcntl(2), F_SEAL_SHRINK: "the file in question cannot be reduced in size. This affects open(2) with the O_TRUNC flag as well as truncate(2) and ftruncate(2). Those calls fail with EPERM"
 * Source: Linux man-pages memfd_create(2), NOTES: sealing spares a process "SIGBUS signals when an attempt is made to access a now-nonexistent location in the shared memory region"
 * Covers: ftruncate(2) EPERM "file seal"
 * Tags: memfd ftruncate shared signal extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

static size_t pg;

/* In a child, so a SIGBUS is recorded: reads the last page. */
static int read_last_page(void *arg)
{
	return ((volatile char *)arg)[2 * pg + 1];
}

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct mc_status st;
	struct stat sb;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)(3 * pg)));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[2 * pg + 1] = 'z';
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)pg), EPERM);
	SAFE(fstat(fd, &sb));
	st = mc_probe(read_last_page, p);
	mc_observe("size_pages", "%lld", (long long)(sb.st_size / (off_t)pg));
	mc_observe_status(st);
	mc_check(st.signo == 0 && st.value == 'z', "the last page after the refused shrink gave %s, byte 0x%02x",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}
