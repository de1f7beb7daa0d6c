/*
 * Claim: A reference to a page of a file mapping that lies wholly beyond the end of the file raises SIGBUS.
 * Source: Linux man-pages mmap(2), ERRORS (signals): SIGBUS "Attempted access to a page of the buffer that lies beyond the end of the mapped file."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: references within the mapped range to whole pages following the end of an object shall result in delivery of a SIGBUS signal
 * Covers: mmap(2) SIGBUS
 * Tags: mmap file signal
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* Half a page of file, two pages of mapping: the second page is past EOF. */
	fd = (int)SAFE(open(mc_file("data", pg / 2, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);

	st = mc_probe_read(p + pg);
	mc_observe_status(st);
	mc_check(st.signo == SIGBUS, "reading a page past EOF gave %s, not SIGBUS",
		 mc_signal_name(st.signo));
	return mc_finish();
}
