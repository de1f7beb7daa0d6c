/*
 * Claim: After mprotect(PROT_READ) of a private anonymous mapping holding a guard page, the guard page still faults with SIGSEGV on a read while the other page reads its data and refuses a store.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "If the mapping has its attributes changed, or is split or partially unmapped, any existing guard regions remain in place (except if they are unmapped)."
 * Tags: madvise mprotect anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status read_other, store_other, guard;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	SAFE(mprotect(p, 2 * pg, PROT_READ));
	store_other = mc_probe_write(p);	/* control: the protection changed */
	read_other = mc_probe_read(p);
	guard = mc_probe_read(p + pg);
	mc_observe_status(guard);
	mc_observe("other_page", "%s,%s", read_other.signo ? mc_signal_name(read_other.signo) : "readable",
		   store_other.signo ? mc_signal_name(store_other.signo) : "stored");
	mc_check(store_other.signo == SIGSEGV, "a store to the read-only page did not fault: mprotect() did not act");
	mc_check(read_other.signo == 0 && read_other.value == 0xa5, "the other page lost its data or faults on a read");
	mc_check(guard.signo == SIGSEGV, "the guard page gave %s on a read after mprotect(), not SIGSEGV",
		 guard.signo ? mc_signal_name(guard.signo) : "no signal");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif
