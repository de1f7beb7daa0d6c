/*
 * Claim: A store through a MAP_PRIVATE file mapping is not visible through a MAP_SHARED mapping of the same file.
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Updates to the mapping are not visible to other processes mapping the same file, and are not carried through to the underlying file."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications to the mapped data by the calling process are visible only to it and do not change the underlying object
 * Tags: mmap file private shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *shr;
	unsigned char c;
	char *prv;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	shr = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	prv = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	c = (unsigned char)shr[7];	/* both mappings have the page before the store */
	c = *(volatile unsigned char *)&prv[7];
	prv[7] = 'Z';
	c = (unsigned char)shr[7];

	mc_observe("shared_saw", "0x%02x", c);
	mc_check(c == 'a', "the shared mapping shows 0x%02x after a private store of 'Z'", c);
	return mc_finish();
}
