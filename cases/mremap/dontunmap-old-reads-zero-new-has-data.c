/*
 * Claim: mremap() with MREMAP_DONTUNMAP on a private anonymous mapping moves the data to the new address and leaves the old range mapped, reading zero.
 * Source: Linux man-pages mremap(2), MREMAP_DONTUNMAP: "remaps a mapping to a new address but does not unmap the mapping at old_address"; without a userfaultfd(2) handler "the kernel allocates a zero-filled page to handle the fault"
 * Tags: mremap anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_DONTUNMAP */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 2 * pg);

	/* Linux reads new_address as a hint with MREMAP_DONTUNMAP: pass NULL, not garbage. */
	MC_EXPECT_MAP_ERRNO(q = mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("new_byte", "0x%02x", (unsigned char)q[pg]);
	mc_check(q != p && q[0] == 'a' && q[2 * pg - 1] == 'a', "the new range at %p (old %p) lacks the data",
		 (void *)q, (void *)p);
	st = mc_probe_read(p + pg);	/* in a child: a signal if the old range was unmapped */
	mc_observe_status(st);
	mc_observe("old_byte", "0x%02x", st.value);
	mc_check(st.signo == 0 && st.value == 0, "the old range: %s, byte 0x%02x; expected mapped and zero",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif
