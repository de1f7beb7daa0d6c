/*
 * Claim: After mprotect() adds PROT_WRITE to a PROT_READ MAP_SHARED mapping of a file opened O_RDWR, a store through the mapping succeeds and reaches the file.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_WRITE The memory can be modified."; the EACCES entry is about read-only access, which this descriptor does not have
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "If PROT_WRITE is specified, the application shall ensure that it has opened the mapped objects in the specified address range with write permission"
 * Tags: mprotect file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p, c = 0;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(mprotect(p, pg, PROT_READ | PROT_WRITE));

	st = mc_probe_write(p);	/* the child's store goes to the shared page */
	if (pread(fd, &c, 1, 0) != 1)
		mc_broken("pread() of the file failed: %s", mc_errno_name(errno));
	mc_observe_status(st);
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(st.signo == 0 && c == 0x5a, "store after mprotect(PROT_READ|PROT_WRITE): %s, file byte 0x%02x, expected 0x5a",
		 mc_signal_name(st.signo), (unsigned char)c);
	return mc_finish();
}
