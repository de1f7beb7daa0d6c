/*
 * Claim: A store to a page of a file mapping made with PROT_READ raises SIGSEGV with si_code SEGV_ACCERR, and the file is unchanged.
 * Source: Linux man-pages mmap(2), signals: "SIGSEGV Attempted write into a region mapped as read-only."; sigaction(2): "SEGV_ACCERR Invalid permissions for mapped object."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: the implementation "shall not permit a write to succeed where PROT_WRITE has not been set"; <signal.h>: SEGV_ACCERR
 * Covers: mmap(2) SIGSEGV
 * Tags: mmap file shared signal
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char c = 0;
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	if (p[3] != 'a')
		mc_broken("the mapping does not show the file");

	st = mc_probe_write(p + 3);
	SAFE(pread(fd, &c, 1, 3));
	mc_observe_status(st);
	mc_observe("file_byte", "0x%02x", c);
	mc_check(st.signo == SIGSEGV, "a store to a PROT_READ page gave %s, not SIGSEGV", mc_signal_name(st.signo));
	mc_check(st.signo != SIGSEGV || st.code == SEGV_ACCERR, "si_code is %s, not SEGV_ACCERR",
		 mc_code_name(st.signo, st.code));
	mc_check(c == 'a', "the file's byte is 0x%02x after the refused store", c);
	return mc_finish();
}
