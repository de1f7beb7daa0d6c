/*
 * Claim: When a free huge page is reserved, a MAP_HUGETLB mapping whose length is one base page covers a whole huge page: its last byte can be stored to.
 * Source: Linux man-pages mmap(2), NOTES, Huge page (Huge TLB) mappings: "The system automatically aligns length to be a multiple of the underlying huge page size."
 * Tags: mmap hugetlb anonymous shared extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MAP_HUGETLB */
#include "mmapcheck.h"

#ifdef MAP_HUGETLB
int main(void)
{
	struct mc_status st;
	size_t hps;
	char *p;

	mc_begin();
	hps = mc_free_huge_page();
	/* Shared, so the probe child faults the page from the mapping's own reservation. */
	p = MC_EXPECT_MAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	st = mc_probe_write(p + hps - 1);
	mc_observe_status(st);
	mc_check(st.signo == 0, "a store to the last byte of the huge page raised %s", mc_signal_name(st.signo));
	/* The child's store shows here only if that byte is in this shared mapping, not a neighbour. */
	if (st.signo == 0)
		mc_observe("last_byte", "0x%02x", (unsigned char)p[hps - 1]);
	mc_check(st.signo != 0 || p[hps - 1] == 0x5a, "the child's store to the last byte is not seen (0x%02x)",
		 (unsigned char)p[hps - 1]);
	SAFE(munmap(p, hps));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB is not defined on this platform");
}
#endif
