/*
 * Claim: A MAP_FIXED mapping over the middle page of an existing mapping replaces exactly that page: it gets the new mapping's contents while the pages on either side keep theirs.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: a MAP_FIXED mapping "shall replace any previous mappings for those whole pages containing any part of" [pa, pa+len)
 * Source: Linux man-pages mmap(2), MAP_FIXED: "the overlapped part of the existing mapping(s) will be discarded"
 * Source: FreeBSD mmap(2), MAP_FIXED: a successful request "replaces any previous mappings for the process' pages in the range from addr to addr + len"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *p, *q;
	size_t pg, i, bad = 0;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < 3; i++)
		memset(p + i * pg, 'A' + (int)i, pg);

	/* Fresh anonymous memory is zero, so the middle page must now read 0. */
	q = MC_EXPECT_MAP(p + pg, pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mc_check(q == p + pg, "MAP_FIXED returned %p, asked for %p", (void *)q, (void *)(p + pg));
	for (i = 0; i < 3 * pg; i++) {
		unsigned char want = i / pg == 1 ? 0 : 'A' + i / pg;

		bad += p[i] != want;
	}
	mc_observe("pages", "0x%02x,0x%02x,0x%02x", p[0], p[pg], p[2 * pg]);
	mc_observe("bad_bytes", "%zu", bad);
	mc_check(bad == 0, "%zu bytes differ from 'A' page, zero page, 'C' page", bad);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
