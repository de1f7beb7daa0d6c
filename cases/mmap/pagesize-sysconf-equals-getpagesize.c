/*
 * Claim: getpagesize() returns the same page size as sysconf(_SC_PAGESIZE).
 * Source: Linux man-pages getpagesize(2), DESCRIPTION and NOTES: getpagesize() gives the size of the page that mmap(2) allocates and maps in, and portable programs should use sysconf(_SC_PAGESIZE) for it instead
 * Source: Linux man-pages sysconf(3): "_SC_PAGESIZE Size of a page in bytes."
 * Tags: mmap
 */
#define _DEFAULT_SOURCE	/* getpagesize */
#include "mmapcheck.h"

int main(void)
{
	long sc;
	int gp;

	mc_begin();
	/* getpagesize() left POSIX in 2001 but remains in every libc this suite targets. */
	sc = sysconf(_SC_PAGESIZE);
	gp = getpagesize();
	mc_observe("sysconf", "%ld", sc);
	mc_observe("getpagesize", "%d", gp);
	if (sc == -1)
		mc_broken("sysconf(_SC_PAGESIZE) failed: %s", mc_errno_name(errno));
	mc_check(sc == (long)gp, "sysconf(_SC_PAGESIZE) = %ld but getpagesize() = %d", sc, gp);
	return mc_finish();
}
