/*
 * Claim: After ftruncate() extends an empty file that is already mapped MAP_SHARED, reading the existing mapping's pages inside the new size either raises SIGBUS or gives zero bytes, never other bytes.
 * Source: Linux man-pages truncate(2), DESCRIPTION: "If the file previously was shorter, it is extended, and the extended part reads as null bytes"
 * Source: Linux man-pages mmap(2), Signals: SIGBUS only for pages "beyond the end of the mapped file"; NOTES: the effect of changing the file size under a mapping is unspecified
 * Source: FreeBSD mmap(2), DESCRIPTION: the mapped range must be legitimate for the possible (not necessarily current) offsets in the object (there the grown part is readable)
 * Tags: ftruncate file shared unspecified
 */
#include "mmapcheck.h"

static size_t len;

/* Runs in a child, so a SIGBUS is recorded instead of killing the case. */
static int count_nonzero(void *arg)
{
	const volatile unsigned char *p = arg;
	size_t i;
	int n = 0;

	for (i = 0; i < len; i++)
		n += p[i] != 0;
	return n;
}

int main(void)
{
	struct mc_status st;
	struct stat sb;
	char *p;
	int fd;

	mc_begin();
	len = 2 * mc_page_size();
	fd = (int)SAFE(open(mc_file("empty", 0, 0), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(ftruncate(fd, (off_t)len));
	SAFE(fstat(fd, &sb));	/* the file did grow: SIGBUS below is not the old empty file's */
	if (sb.st_size != (off_t)len)
		mc_broken("ftruncate() to %zu bytes left the file at %lld", len, (long long)sb.st_size);

	st = mc_probe(count_nonzero, p);
	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("nonzero_bytes", "%d", st.value);
	mc_observe("outcome", "%s", st.signo == SIGBUS ? "sigbus" : st.signo == 0 ? "readable" : "other");
	mc_check(st.signo == 0 || st.signo == SIGBUS, "reading the grown file through the old mapping: %s",
		 mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == 0, "%d of %zu bytes are not zero", st.value, len);
	return mc_finish();
}
