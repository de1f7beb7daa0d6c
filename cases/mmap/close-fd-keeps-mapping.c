/*
 * Claim: Closing the file descriptor after mmap() leaves the mapping in place: its pages still read the file's data afterwards.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: mmap() adds a reference to the file "which is not removed by a subsequent close() on that file descriptor"
 * Source: Linux man-pages mmap(2), DESCRIPTION: "the file descriptor, fd, can be closed immediately without invalidating the mapping"
 * Source: FreeBSD mmap(2), DESCRIPTION: "The close(2) system call does not unmap pages"
 * Tags: mmap file shared
 */
#include "mmapcheck.h"

static size_t len;

/* Counts the bytes that hold the file's fill; runs in a child in case it faults. */
static int count_file_bytes(void *addr)
{
	const volatile unsigned char *p = addr;
	size_t i;
	int n = 0;

	for (i = 0; i < len; i++)
		n += p[i] == 'c';
	return n;
}

int main(void)
{
	struct mc_status st;
	void *p;
	int fd;

	mc_begin();
	len = 2 * mc_page_size();
	fd = (int)SAFE(open(mc_file("data", len, 'c'), O_RDONLY));
	p = SAFE_MMAP(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	/* Close before the first access, so every page is faulted in with no descriptor open. */
	SAFE(close(fd));

	st = mc_probe(count_file_bytes, p);
	mc_observe_status(st);
	mc_observe("file_bytes", "%d", st.value);
	mc_check(st.signo == 0 && st.exit_code == 0 && (size_t)st.value == len,
		 "%d of %zu bytes read the file's data after close()", st.value, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
