/*
 * Claim: One mprotect() over a range covering the end of one mapping and the start of the adjacent next mapping changes the pages of both.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "changes the access protections for the calling process's memory pages containing any part of the address range in the interval [addr, addr+len-1]"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "for those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Tags: mprotect signal file anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status first, second;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* An anonymous page, then a file page put right after it: two distinct mappings. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = (int)SAFE(open(mc_file("data", pg, 'f'), O_RDWR));
	if (mmap(p + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) != p + pg)
		mc_broken("mmap(MAP_FIXED) of the file page after the anonymous one failed: %s", mc_errno_name(errno));

	SAFE(mprotect(p, 2 * pg, PROT_READ));

	first = mc_probe_write(p);
	second = mc_probe_write(p + pg);
	mc_observe("anonymous", "%s", mc_signal_name(first.signo));
	mc_observe("file", "%s", mc_signal_name(second.signo));
	mc_check(first.signo == SIGSEGV && second.signo == SIGSEGV,
		 "stores after mprotect(PROT_READ) over both: anonymous page %s, file page %s, expected SIGSEGV",
		 mc_signal_name(first.signo), mc_signal_name(second.signo));
	return mc_finish();
}
