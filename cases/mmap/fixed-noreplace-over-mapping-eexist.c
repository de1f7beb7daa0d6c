/*
 * Claim: mmap() with MAP_FIXED_NOREPLACE over a range that overlaps an existing mapping fails with EEXIST and leaves the existing mapping and its contents intact.
 * Source: Linux man-pages mmap(2), MAP_FIXED_NOREPLACE (since Linux 4.17): it "never clobbers a preexisting mapped range"; if the range "would collide with an existing mapping, then this call fails with the error EEXIST"
 * Source: Linux man-pages mmap(2), ERRORS: EEXIST "MAP_FIXED_NOREPLACE was specified in flags, and the range covered by addr and length clashes with an existing mapping"
 * Source: FreeBSD mmap(2), MAP_FIXED: "if MAP_EXCL is specified, the request will fail if a mapping already exists within the range" (its spelling)
 * Covers: mmap(2) EEXIST
 * Tags: mmap errno anonymous extension
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#ifdef MAP_FIXED_NOREPLACE
struct range { unsigned char *p; size_t len; };

/* Runs in a probe child, so an unmapped old range shows as a signal. */
static int count_not_a(void *arg)
{
	struct range *r = arg;
	size_t i;
	int bad = 0;

	for (i = 0; i < r->len; i++)
		bad += r->p[i] != 'A';
	return bad;
}

int main(void)
{
	struct mc_status st;
	int changed;
	struct range r;
	unsigned char *p, *q;
	size_t pg;

	mc_begin();
	mc_observe("spelling", MC_NOREPLACE_SPELLING);
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'A', 3 * pg);

	/* Ask for the middle page; kernels before 4.17 ignore the flag and treat addr as a hint. */
	MC_EXPECT_MAP_ERRNO(q = mmap(p + pg, pg, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	mc_observe("placed", "%s", q == MAP_FAILED ? "nowhere" : q == p + pg ? "at-addr" : "elsewhere");
	if (q != MAP_FAILED && q != p + pg)
		SAFE(munmap(q, pg));

	r.p = p;
	r.len = 3 * pg;
	st = mc_probe(count_not_a, &r);
	mc_observe_status(st);
	changed = st.signo ? -1 : st.value;	/* -1: the range could not be read */
	mc_observe("changed_bytes", "%d", changed);
	mc_check(changed == 0, "old mapping: %s, %d of %zu bytes no longer 'A'",
		 mc_signal_name(st.signo), changed, r.len);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_FIXED_NOREPLACE: not provided by this system (nor FreeBSD's MAP_EXCL)");
}
#endif
