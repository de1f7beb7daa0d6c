/*
 * Claim: munmap() of a range that holds no mapping succeeds and has no effect on the mappings around it.
 * Source: Linux man-pages mmap(2), munmap(): "It is not an error if the indicated range does not contain any mapped pages."
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: "If there are no mappings in the specified address range, then munmap() has no effect."
 * Tags: munmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status lo, hi;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Three pages, the middle one unmapped: a hole with a mapping on either side. */
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'A';
	p[2 * pg] = 'C';
	SAFE(munmap(p + pg, pg));
	if (mc_probe_read(p + pg).signo == 0)	/* SIGSEGV here; some systems say SIGBUS */
		mc_broken("the middle page still reads after munmap(): no hole to unmap again");

	/* OpenBSD documents EINVAL when any page of the range is unmapped: the errno line records it. */
	MC_EXPECT_ERRNO(munmap(p + pg, pg), 0);
	lo = mc_probe_read(p);
	hi = mc_probe_read(p + 2 * pg);
	mc_observe("below", "%s/0x%02x", mc_signal_name(lo.signo), lo.value);
	mc_observe("above", "%s/0x%02x", mc_signal_name(hi.signo), hi.value);
	mc_check(lo.signo == 0 && lo.value == 'A' && hi.signo == 0 && hi.value == 'C',
		 "a neighbour of the hole changed: below %s/0x%02x, above %s/0x%02x",
		 mc_signal_name(lo.signo), lo.value, mc_signal_name(hi.signo), hi.value);
	return mc_finish();
}
