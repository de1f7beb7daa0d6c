/*
 * Claim: An anonymous mmap() accepts a length that is not a multiple of the page size and maps every page the range touches, so the last byte of the last partial page can be read and written.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "The system performs mapping operations over whole pages. Thus, while the parameter len need not meet a size or alignment constraint, the system shall include, in any mapping operation, any partial page specified by the address range starting at pa and continuing for len bytes."
 * Source: Linux man-pages mmap(2), DESCRIPTION: "The length argument specifies the length of the mapping (which must be greater than 0)" (no alignment asked of length, unlike addr and offset); munmap(): "addr must be a multiple of the page size (but length need not be)"
 * Source: FreeBSD mmap(2), DESCRIPTION: if len is not a page multiple "the mapped region may extend past the specified range"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

/* Stores at the end of the rounded-up range, then reads the byte back. */
static int store_and_load(void *addr)
{
	volatile unsigned char *p = addr;

	*p = 0xa5;
	return *p;
}

int main(void)
{
	struct mc_status st;
	unsigned char *reserve, *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/*
	 * Inside a 3-page PROT_NONE reserve, so that whatever lies after the
	 * mapping is known: a probe past it faults instead of hitting a neighbour.
	 */
	reserve = SAFE_MMAP(NULL, 3 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* One byte into a second page: the whole second page must be mapped. */
	p = MC_EXPECT_MAP(reserve, pg + 1, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	st = mc_probe(store_and_load, p + 2 * pg - 1);
	mc_observe_status(st);
	mc_observe("value", "0x%02x", st.value);
	mc_check(st.signo == 0 && st.exit_code == 0 && st.value == 0xa5,
		 "last byte of the second page not usable after mmap(len = page + 1)");
	SAFE(munmap(reserve, 3 * pg));
	return mc_finish();
}
