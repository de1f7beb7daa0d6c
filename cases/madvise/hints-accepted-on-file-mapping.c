/*
 * Claim: madvise() with each of MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL and MADV_WILLNEED over a shared mapping of a regular file succeeds.
 * Source: Linux man-pages madvise(2), Conventional advice values: MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED; RETURN VALUE: "On success, madvise() returns zero."
 * Source: POSIX.1-2017 posix_madvise(), DESCRIPTION: POSIX_MADV_NORMAL, POSIX_MADV_SEQUENTIAL, POSIX_MADV_RANDOM, POSIX_MADV_WILLNEED
 * Tags: madvise file shared
 * Noop-satisfies: the claim is that these hints are accepted (return 0); they may change only how the kernel reads the file in, never the data, so a madvise() that does nothing is a conforming one
 */
#define _DEFAULT_SOURCE	/* MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, madvise */
#include "mmapcheck.h"

int main(void)
{
	static const struct { int advice; const char *name; } hints[] = {
		{ MADV_NORMAL, "normal" }, { MADV_RANDOM, "random" },
		{ MADV_SEQUENTIAL, "sequential" }, { MADV_WILLNEED, "willneed" },
	};
	size_t i, len;
	char *p;
	int fd, err;

	mc_begin();
	len = 4 * mc_page_size();
	fd = (int)SAFE(open(mc_file("f", len, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		err = madvise(p, len, hints[i].advice) == 0 ? 0 : errno;
		mc_observe(hints[i].name, "%s", mc_errno_name(err));
		mc_check(err == 0, "madvise(%s) failed with %s", hints[i].name, mc_errno_name(err));
	}
	mc_check(p[len - 1] == 'f', "the mapping no longer reads the file after the hints");
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
