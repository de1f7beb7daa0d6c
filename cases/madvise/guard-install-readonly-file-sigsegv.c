/*
 * Claim: madvise(MADV_GUARD_INSTALL) over the middle page of a read-only shared mapping of a file succeeds, a read of that page raises SIGSEGV and the next page still reads the file's data.
 * Source: Linux man-pages madvise(2) (6.15 and later), MADV_GUARD_INSTALL: "Since Linux 6.15, both anonymous and file-backed mappings are supported, including read-only mappings."
 * Tags: madvise file shared signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status guard, next;
	size_t pg;
	char *p, *anon;
	int fd;

	mc_begin();
	pg = mc_page_size();
	anon = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(anon, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	fd = SAFE(open(mc_file("data", 3 * pg, 0xa5), O_RDONLY));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);

	if (!MC_EXPECT_ERRNO(madvise(p + pg, pg, MADV_GUARD_INSTALL), 0))
		return mc_finish();
	guard = mc_probe_read(p + pg);
	next = mc_probe_read(p + 2 * pg);
	mc_observe_status(guard);
	mc_observe("next_byte", "0x%02x", next.signo ? 0 : next.value);
	mc_check(guard.signo == SIGSEGV, "the guarded file page gave %s, not SIGSEGV",
		 guard.signo ? mc_signal_name(guard.signo) : "no signal");
	mc_check(next.signo == 0 && next.value == 0xa5, "the next page no longer reads the file's data");
	SAFE(munmap(p, 3 * pg));
	SAFE(munmap(anon, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif
