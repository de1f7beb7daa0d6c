/*
 * Claim: A page of a MAP_PRIVATE file mapping that the process has stored to (its private copy) keeps the process's stores after ftruncate() shrinks the file to an end inside that page.
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Create a private copy-on-write mapping. Updates to the mapping are not visible to other processes mapping the same file"
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object
 * Source: Linux man-pages mmap(2), NOTES: the effect of a size change on the pages for removed regions is unspecified (the bytes checked here lie before the new end)
 * Tags: ftruncate file private
 */
#include "mmapcheck.h"

static int read_stores(void *arg)
{
	const volatile char *p = arg;

	return (p[0] == 'P') + (p[1] == 'Q');
}

int main(void)
{
	struct mc_status st;
	struct stat sb;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[pg + 10] = 'P';	/* page 1 becomes a private copy */
	p[pg + 11] = 'Q';

	SAFE(ftruncate(fd, (off_t)(pg + pg / 2)));	/* the new end is inside page 1 */
	SAFE(fstat(fd, &sb));	/* evidence the file did shrink */
	mc_observe("size", "%lld", (long long)sb.st_size);
	if (sb.st_size != (off_t)(pg + pg / 2))
		mc_broken("ftruncate() returned 0 but the file is %lld bytes, not %zu", (long long)sb.st_size, pg + pg / 2);
	st = mc_probe(read_stores, p + pg + 10);

	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("stores_kept", "%d/2", st.value);
	mc_check(st.signo == 0, "reading the private copy after the shrink: %s", mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == 2, "%d of the 2 private stores survive the shrink", st.value);
	return mc_finish();
}
