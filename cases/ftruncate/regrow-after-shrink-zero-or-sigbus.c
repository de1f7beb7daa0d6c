/*
 * Claim: After ftruncate() shrinks a file mapped MAP_SHARED and then grows it back, reading the regrown part through the existing mapping either raises SIGBUS or gives zero bytes, never the data cut off by the shrink.
 * Source: Linux man-pages truncate(2), DESCRIPTION: "If the file previously was larger than this size, the extra data is lost. If the file previously was shorter, it is extended, and the extended part reads as null bytes"
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: "If the file size is increased, the extended area shall appear as if it were zero-filled."
 * Source: Linux man-pages mmap(2), NOTES: "The effect of changing the size of the underlying file of a mapping on the pages that correspond to added or removed regions of the file is unspecified." (POSIX.1-2017 mmap() says the same)
 * Source: FreeBSD mmap(2), DESCRIPTION: the mapped range must be legitimate for the possible (not necessarily current) offsets in the object (there the regrown part is readable)
 * Tags: ftruncate file shared unspecified
 */
#include "mmapcheck.h"

static size_t from, len;

/* Runs in a child, so a SIGBUS is recorded instead of killing the case. */
static int count_nonzero(void *arg)
{
	const volatile unsigned char *p = arg;
	size_t i;
	int n = 0;

	for (i = from; i < len; i++)
		n += p[i] != 0;
	return n;
}

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	len = 2 * pg;
	from = pg / 2;		/* the new end, in the middle of page 0 */
	fd = (int)SAFE(open(mc_file("data", len, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p[len - 1] != 'a')
		mc_broken("the mapping does not show the file");

	SAFE(ftruncate(fd, (off_t)from));
	SAFE(ftruncate(fd, (off_t)len));
	st = mc_probe(count_nonzero, p);

	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("nonzero_bytes", "%d", st.value);
	mc_observe("outcome", "%s", st.signo == SIGBUS ? "sigbus" : st.signo == 0 ? "readable" : "other");
	mc_check(st.signo == 0 || st.signo == SIGBUS, "reading the regrown part through the old mapping: %s",
		 mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == 0, "%d of the %zu regrown bytes are not zero", st.value, len - from);
	return mc_finish();
}
