/*
 * Claim: After ftruncate() shrinks a file so that a page of a MAP_PRIVATE mapping that the process has stored to lies wholly past the new end, reading that page raises SIGBUS: the private copy is discarded too.
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: if the size of a memory mapped file decreases "and whole pages beyond the new end were previously mapped, then the whole pages beyond the new end shall be discarded. References to discarded pages shall result in the generation of a SIGBUS signal."
 * Source: Linux mm/memory.c, unmap_mapping_range(): "even_cows: 1 when truncating a file, unmap even private COWed pages"; mm/truncate.c truncate_pagecache() passes 1
 * Tags: ftruncate file private signal
 */
#include "mmapcheck.h"

static int read_store(void *arg)
{
	return *(volatile unsigned char *)arg;
}

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 3 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[2 * pg + 5] = 'P';	/* page 2 becomes a private copy */

	SAFE(ftruncate(fd, (off_t)pg));	/* page 2 is now wholly past the end */
	st = mc_probe(read_store, p + 2 * pg + 5);

	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("byte", "0x%02x", st.value);
	mc_check(st.signo == SIGBUS, "the private copy of a page past the new end gave %s (byte 0x%02x), not SIGBUS",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
}
