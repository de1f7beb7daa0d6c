/*
 * Claim: mmap() with MAP_POPULATE of a file shorter than the mapping succeeds without a signal, and the page holding the file's data reads it.
 * Source: Linux man-pages mmap(2), MAP_POPULATE: "The mmap() call doesn't fail if the mapping cannot be populated"
 * Source: Linux man-pages mmap(2), ERRORS, SIGBUS: raised on an "Attempted access to a page of the buffer that lies beyond the end of the mapped file" (an access, not the mmap() call)
 * Source: FreeBSD mmap(2), MAP_PREFAULT_READ: maps "every memory resident page within the region" at mmap() time (its spelling: prefaulting, no read-ahead)
 * Tags: mmap file shared signal extension
 */
#define _DEFAULT_SOURCE	/* MAP_POPULATE */
#include "mmapcheck.h"

#if defined(MAP_POPULATE)
#define SPELLING "MAP_POPULATE"
#elif defined(MAP_PREFAULT_READ)	/* FreeBSD */
#define MAP_POPULATE MAP_PREFAULT_READ
#define SPELLING "MAP_PREFAULT_READ"
#endif

#ifdef MAP_POPULATE
static int fd;

/* In a child: the populating mmap() itself; returns the first byte, or 256 + errno. */
static int map_populated(void *arg)
{
	size_t len = 4 * mc_page_size();
	char *p = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);

	(void)arg;
	if (p == MAP_FAILED)
		return 256 + errno;
	return (unsigned char)p[0];
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	mc_observe("spelling", SPELLING);
	/* One page of file under a four-page mapping. */
	fd = (int)SAFE(open(mc_file("data", mc_page_size(), 's'), O_RDONLY));
	st = mc_probe(map_populated, NULL);
	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("errno", "%s", mc_errno_name(st.value >= 256 ? st.value - 256 : 0));
	mc_check(st.signo == 0, "mmap(MAP_POPULATE) over a short file raised %s", mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == 's', "mmap(MAP_POPULATE) over a short file: %s",
		 st.value >= 256 ? mc_errno_name(st.value - 256) : "first byte wrong");
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_POPULATE: not provided by this system (nor MAP_PREFAULT_READ)");
}
#endif
