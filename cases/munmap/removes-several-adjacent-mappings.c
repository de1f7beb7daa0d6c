/*
 * Claim: One munmap() call over a range holding several adjacent mappings removes all of them: afterwards every page of the range raises SIGSEGV.
 * Source: Linux man-pages mmap(2), munmap(): "The munmap() system call deletes the mappings for the specified address range"; "All pages containing a part of the indicated range are unmapped, and subsequent references to these pages will generate SIGSEGV."
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: removes any mappings for the entire pages containing any part of the range; further references generate SIGSEGV
 * Tags: munmap file anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	char *base, key[16];
	int fa, fb, i;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	fa = (int)SAFE(open(mc_file("a", pg, 'a'), O_RDONLY));
	fb = (int)SAFE(open(mc_file("b", pg, 'b'), O_RDONLY));
	/* Reserve three pages, then place three different mappings in them, so
	 * that no system can merge them into one. */
	base = SAFE_MMAP(NULL, 3 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE_MMAP(base, pg, PROT_READ, MAP_SHARED | MAP_FIXED, fa, 0);
	SAFE_MMAP(base + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	SAFE_MMAP(base + 2 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_FIXED, fb, 0);
	base[pg] = 'x';
	if (base[0] != 'a' || base[2 * pg] != 'b')
		mc_broken("the file mappings do not show the files' bytes");

	MC_EXPECT_ERRNO(munmap(base, 3 * pg), 0);
	for (i = 0; i < 3; i++) {
		st = mc_probe_read(base + i * pg);
		snprintf(key, sizeof(key), "page%d", i);
		mc_observe(key, "%s/%s", mc_signal_name(st.signo),
			   st.signo ? mc_code_name(st.signo, st.code) : "none");
		mc_check(st.signo == SIGSEGV, "page %d after munmap gave %s, not SIGSEGV",
			 i, mc_signal_name(st.signo));
	}
	return mc_finish();
}
