/*
 * Claim: After ftruncate() shrinks a file mapped MAP_SHARED, reading a mapped page wholly past the new end raises SIGBUS, while the page holding the new end stays readable.
 * Source: FreeBSD mmap(2), DESCRIPTION: "If the object is truncated and the process later accesses a page that is wholly within the truncated region, the access is aborted and a SIGBUS signal is delivered"
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: if the size of a memory mapped file decreases, "the whole pages beyond the new end shall be discarded. References to discarded pages shall result in the generation of a SIGBUS signal."
 * Source: Linux man-pages mmap(2), Signals: SIGBUS "Attempted access to a page of the buffer that lies beyond the end of the mapped file"
 * Covers: mmap(2) SIGBUS
 * Tags: ftruncate signal file shared
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status past, last;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 3 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (p[2 * pg] != 'a')	/* page 2 was readable before the shrink */
		mc_broken("mapping does not show the file");

	/* New end in the middle of page 1: page 2 is wholly past it. */
	SAFE(ftruncate(fd, (off_t)(pg + pg / 2)));
	past = mc_probe_read(p + 2 * pg);
	last = mc_probe_read(p + pg + pg / 2 - 1);

	mc_observe_status(past);
	mc_observe("before_end", "%s", last.signo ? mc_signal_name(last.signo) : "readable");
	mc_check(past.signo == SIGBUS, "page wholly past the new end: %s, expected SIGBUS",
		 mc_signal_name(past.signo));
	mc_check(last.signo == 0 && last.value == 'a', "last byte before the new end: %s, value 0x%02x",
		 mc_signal_name(last.signo), last.value);
	return mc_finish();
}
