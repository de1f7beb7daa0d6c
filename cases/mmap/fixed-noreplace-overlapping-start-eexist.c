/*
 * Claim: mmap() with MAP_FIXED_NOREPLACE over a range that begins in free space and ends inside an existing mapping fails with EEXIST, maps nothing in the free part and leaves the existing mapping's contents intact.
 * Source: Linux man-pages mmap(2), MAP_FIXED_NOREPLACE (since Linux 4.17): "If the requested range would collide with an existing mapping, then this call fails with the error EEXIST"; it "never clobbers a preexisting mapped range"
 * Source: Linux man-pages mmap(2), ERRORS: "EEXIST MAP_FIXED_NOREPLACE was specified in flags, and the range covered by addr and length clashes with an existing mapping."
 * Source: FreeBSD mmap(2), MAP_FIXED: "if MAP_EXCL is specified, the request will fail if a mapping already exists within the range" (its spelling)
 * Covers: mmap(2) EEXIST
 * Tags: mmap errno anonymous extension
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#ifdef MAP_FIXED_NOREPLACE
/* Runs in a probe child, so that an unmapped old page shows as a signal. */
static int count_not_a(void *arg)
{
	unsigned char *p = arg;
	size_t i, pg = mc_page_size();
	int bad = 0;

	for (i = 0; i < 2 * pg; i++)
		bad += p[i] != 'A';
	return bad;
}

int main(void)
{
	struct mc_status old, gap;
	unsigned char *p, *q, *o, *want;
	size_t pg, len;

	mc_begin();
	mc_observe("spelling", MC_NOREPLACE_SPELLING);
	pg = mc_page_size();
	/* Layout in a 4-page window: free page, then the first page of a 2-page mapping. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, 4 * pg));
	o = SAFE_MMAP(p + pg, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	memset(o, 'A', 2 * pg);
	want = p;
	len = 2 * pg;

	MC_EXPECT_MAP_ERRNO(q = mmap(want, len, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	if (q != MAP_FAILED && q != want)
		SAFE(munmap(q, len));	/* a kernel that took the flag as a hint placed it elsewhere */

	old = mc_probe(count_not_a, o);
	gap = mc_probe_read(p);
	mc_observe("old_mapping", "%s/%d", mc_signal_name(old.signo), old.value);
	mc_observe("free_page", "%s", mc_signal_name(gap.signo));
	mc_check(old.signo == 0 && old.value == 0, "old mapping: %s, %d bytes no longer 'A'",
		 mc_signal_name(old.signo), old.value);
	mc_check(gap.signo == SIGSEGV, "the free page gave %s after the refusal, not SIGSEGV (something was mapped)",
		 mc_signal_name(gap.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_FIXED_NOREPLACE: not provided by this system (nor FreeBSD's MAP_EXCL)");
}
#endif
