/*
 * Claim: The contents of pages made PROT_NONE by mprotect() survive and read back unchanged after mprotect() restores PROT_READ.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "mprotect() changes the access protections for the calling process's memory pages" (only the protections)
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "The mprotect() function shall change the access protections to be that specified by prot"
 * Tags: mprotect anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define NPAGES 4

int main(void)
{
	struct mc_status st;
	size_t pg, i, bad = 0;
	unsigned char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Non-zero and different per page: a lost page would read back as zeros. */
	for (i = 0; i < NPAGES * pg; i++)
		p[i] = (unsigned char)(1 + i % 251 + i / pg);
	SAFE(mprotect(p, NPAGES * pg, PROT_NONE));
	/* Evidence PROT_NONE was in force: a read of the last page faults. */
	st = mc_probe_read(p + (NPAGES - 1) * pg);
	mc_observe("read_while_none", "%s", st.signo ? mc_signal_name(st.signo) : "succeeded");
	if (st.signo == 0)
		mc_broken("a read of the range succeeded after mprotect(PROT_NONE) returned 0: PROT_NONE was not in force");
	SAFE(mprotect(p, NPAGES * pg, PROT_READ));

	for (i = 0; i < NPAGES * pg; i++)
		bad += p[i] != (unsigned char)(1 + i % 251 + i / pg);
	mc_observe("changed_bytes", "%zu/%zu", bad, (size_t)NPAGES * pg);
	mc_check(bad == 0, "%zu of %zu bytes differ after PROT_NONE and back to PROT_READ",
		 bad, (size_t)NPAGES * pg);
	return mc_finish();
}
