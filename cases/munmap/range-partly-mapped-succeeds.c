/*
 * Claim: munmap() of a range that is partly mapped and partly a hole succeeds and removes the mapped part.
 * Source: Linux man-pages mmap(2), munmap(): "All pages containing a part of the indicated range are unmapped"; "It is not an error if the indicated range does not contain any mapped pages."
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: "The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes."
 * Tags: munmap anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Two pages: the first stays mapped, the second becomes a hole. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'A';
	SAFE(munmap(p + pg, pg));

	/* OpenBSD's kernel refuses a range with unmapped pages: the errno line records it. */
	MC_EXPECT_ERRNO(munmap(p, 2 * pg), 0);
	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "the mapped page of the range gave %s after munmap(), not SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}
