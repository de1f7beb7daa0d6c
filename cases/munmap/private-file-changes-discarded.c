/*
 * Claim: munmap() of a MAP_PRIVATE file mapping discards the stores made through it: a new mapping of the same file shows the file's bytes.
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: "If a mapping to be removed was private, any modifications made in this address range shall be discarded."
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Updates to the mapping are not visible to other processes mapping the same file, and are not carried through to the underlying file."
 * Tags: munmap file private
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg, i, changed = 0;
	unsigned char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memset(p, 'P', pg);
	if (p[0] != 'P')
		mc_broken("a store to the private mapping did not stick");

	SAFE(munmap(p, pg));
	/* Evidence munmap() acted: the address no longer holds a mapping. */
	st = mc_probe_read(p);
	if (st.signo == 0)
		mc_broken("a read of the range succeeded after munmap() returned 0: the mapping is still there");
	/* The same address again (MAP_FIXED: the probe showed it free, and
	 * nothing has mapped since), so that leftover private pages would show. */
	p = SAFE_MMAP(p, pg, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	for (i = 0; i < pg; i++)
		changed += p[i] != 'f';
	mc_observe_status(st);
	mc_observe("first_byte", "0x%02x", p[0]);
	mc_observe("changed_bytes", "%zu", changed);
	mc_check(changed == 0, "%zu bytes of the new mapping are not the file's", changed);
	SAFE(munmap(p, pg));
	return mc_finish();
}
