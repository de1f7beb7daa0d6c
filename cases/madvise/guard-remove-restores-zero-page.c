/*
 * Claim: After madvise(MADV_GUARD_INSTALL) and then madvise(MADV_GUARD_REMOVE) over a written page of a private anonymous mapping, the page can be read again and reads zero: installing the guard discarded its data.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_REMOVE: "Remove any lightweight guard regions which exist in the range specified by addr and size."
 * Source: Linux commit 662df3e5c376 "mm: madvise: implement lightweight guard page mechanism" (Linux 6.13): existing mappings in the range "will be zapped ... mimicking the behaviour of MADV_DONTNEED"
 * Tags: madvise anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0) {
		if (errno == EINVAL)
			mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
		mc_broken("madvise(MADV_GUARD_INSTALL) failed: %s", mc_errno_name(errno));
	}

	MC_EXPECT_ERRNO(madvise(p + pg, pg, MADV_GUARD_REMOVE), 0);
	st = mc_probe_read(p + pg);
	mc_observe_status(st);
	mc_observe("byte", "0x%02x", st.signo ? 0 : st.value);
	mc_check(st.signo == 0, "the page still faults (%s) after MADV_GUARD_REMOVE", mc_signal_name(st.signo));
	mc_check(st.signo || st.value == 0, "the page reads 0x%02x, not zero", st.value);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_REMOVE is a Linux interface; not a Linux build");
}
#endif
