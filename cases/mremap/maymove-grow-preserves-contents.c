/*
 * Claim: mremap() with MREMAP_MAYMOVE that grows a private anonymous mapping keeps every byte of the old contents at the same offset from the returned address, also when the mapping has to move.
 * Source: Linux man-pages mremap(2), DESCRIPTION, MREMAP_MAYMOVE: the kernel may "relocate the mapping to a new virtual address"; after that "offsets relative to the starting address of the mapping should be employed"
 * Source: Linux man-pages mremap(2), NOTES: mremap() "changes the mapping between virtual addresses and memory pages", which is what lets it serve as an efficient realloc(3)
 * Tags: mremap anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
#define NPAGES 8

struct range { unsigned char *p; size_t len; };

static unsigned char pattern(size_t i) { return (unsigned char)(i % 251 + 1); }

/* Counts differing bytes in a probe child, so a bad address shows as a signal. */
static int count_changed(void *arg)
{
	struct range *r = arg;
	size_t i;
	int bad = 0;

	for (i = 0; i < r->len; i++)
		bad += r->p[i] != pattern(i);
	return bad;
}

int main(void)
{
	unsigned char *p, *q;
	struct mc_status st;
	int changed;
	struct range r;
	size_t i, pg, len;

	mc_begin();
	pg = mc_page_size();
	len = NPAGES * pg;
	/* One more page, made PROT_NONE: a separate mapping that blocks growth in place. */
	p = SAFE_MMAP(NULL, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + len, pg, PROT_NONE));
	for (i = 0; i < len; i++)
		p[i] = pattern(i);

	MC_EXPECT_MAP_ERRNO(q = mremap(p, len, 2 * len, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("moved", "%s", q == p ? "no" : "yes");
	r.p = q;
	r.len = len;
	st = mc_probe(count_changed, &r);
	mc_observe_status(st);
	changed = st.signo ? -1 : st.value;	/* -1: the range could not be read */
	mc_observe("changed_bytes", "%d", changed);
	mc_check(changed == 0, "at the new address: %s, %d of %zu bytes changed",
		 mc_signal_name(st.signo), changed, len);
	SAFE(munmap(q, 2 * len));
	SAFE(munmap(p + len, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() with MREMAP_MAYMOVE is Linux-only; not available here");
}
#endif
