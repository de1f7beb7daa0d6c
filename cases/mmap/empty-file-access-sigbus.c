/*
 * Claim: A MAP_SHARED mapping of a newly created empty file with len > 0 succeeds, and reading its first page raises SIGBUS.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: references within the mapped range to whole pages following the end of the object shall result in delivery of a SIGBUS signal
 * Source: Linux man-pages mmap(2), Signals: SIGBUS "Attempted access to a page of the buffer that lies beyond the end of the mapped file"
 * Source: FreeBSD mmap(2), DESCRIPTION: the range must be legitimate for the possible (not necessarily current) offsets in the object
 * Covers: mmap(2) SIGBUS
 * Tags: mmap signal file shared
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	struct stat sb;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("empty", 0, 0), O_RDWR));
	SAFE(fstat(fd, &sb));
	if (sb.st_size != 0)
		mc_broken("new file has size %lld", (long long)sb.st_size);

	/* The mapping itself is part of the claim: an empty file is mappable. */
	p = MC_EXPECT_MAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGBUS, "reading page 0 of a 0-byte file: %s, expected SIGBUS",
		 mc_signal_name(st.signo));
	return mc_finish();
}
