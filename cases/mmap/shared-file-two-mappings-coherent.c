/*
 * Claim: Two MAP_SHARED mappings of the same file page in one process are coherent: a store through one is read at once through the other.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If MAP_SHARED is specified, write references shall change the underlying object."
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"
 * Tags: mmap file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *a, *b;
	unsigned char seen;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	a = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)pg);
	if (a == b)
		mc_broken("two mmap() calls returned the same address");

	seen = (unsigned char)b[9];	/* both mappings have the page before the store */
	a[pg + 9] = 'Z';
	seen = (unsigned char)b[9];
	b[10] = 'Y';

	mc_observe("second_saw", "0x%02x", seen);
	mc_observe("first_saw", "0x%02x", (unsigned char)a[pg + 10]);
	mc_check(seen == 'Z', "the second mapping shows 0x%02x after a store of 'Z' through the first", seen);
	mc_check(a[pg + 10] == 'Y', "the first mapping shows 0x%02x after a store of 'Y' through the second",
		 (unsigned char)a[pg + 10]);
	return mc_finish();
}
