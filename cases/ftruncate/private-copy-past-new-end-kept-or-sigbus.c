/*
 * Claim: After ftruncate() shrinks a file so that a page of a MAP_PRIVATE mapping that the process has stored to lies wholly past the new end, reading that page either still shows the process's stores or raises SIGBUS, never other bytes.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If the size of the mapped file changes after the call to mmap() ... the effect of references to portions of the mapped region that correspond to added or removed portions of the file is unspecified."
 * Source: Linux man-pages mmap(2), NOTES: "The effect of changing the size of the underlying file of a mapping on the pages that correspond to added or removed regions of the file is unspecified."; MAP_PRIVATE: "Create a private copy-on-write mapping."
 * Tags: ftruncate file private signal unspecified
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
	mc_observe("outcome", "%s", st.signo == SIGBUS ? "sigbus" : st.signo == 0 && st.value == 'P' ? "kept" : "other");
	mc_check(st.signo == SIGBUS || (st.signo == 0 && st.value == 'P'),
		 "the private copy past the new end gave %s, byte 0x%02x: neither SIGBUS nor the stored 'P'",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
}
