/*
 * Claim: mprotect() adding PROT_WRITE to a MAP_PRIVATE mapping of a file opened O_RDONLY succeeds, and a store then succeeds without reaching the file.
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "If PROT_WRITE is specified, the application shall ensure that it has opened the mapped objects ... with write permission, unless MAP_PRIVATE was specified in the original mapping"
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Create a private copy-on-write mapping.  Updates to the mapping are not visible to other processes mapping the same file, and are not carried through to the underlying file."
 * Tags: mprotect file private
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
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);

	MC_EXPECT_ERRNO(mprotect(p, pg, PROT_READ | PROT_WRITE), 0);
	st = mc_probe_write(p);
	if (pread(fd, &c, 1, 0) != 1)
		mc_broken("pread() of the file failed: %s", mc_errno_name(errno));
	mc_observe_status(st);
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(st.signo == 0, "store after mprotect(PROT_READ|PROT_WRITE): %s, expected none", mc_signal_name(st.signo));
	mc_check(c == 'a', "the file's byte is 0x%02x after the private store, expected 'a'", (unsigned char)c);
	return mc_finish();
}
