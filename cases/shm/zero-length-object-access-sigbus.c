/*
 * Claim: mmap() of a newly created POSIX shared memory object, which has length zero, succeeds with len > 0, and reading the mapping raises SIGBUS.
 * Source: Linux man-pages shm_open(3), O_CREAT: "A new shared memory object initially has zero length"
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: references within the mapped range to whole pages following the end of an object shall result in delivery of a SIGBUS signal
 * Source: Linux man-pages mmap(2), signals: "SIGBUS Attempted access to a page of the buffer that lies beyond the end of the mapped file."
 * Covers: mmap(2) SIGBUS
 * Tags: shm mmap shared signal
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	struct stat sb;
	char name[MC_SHM_NAME_MAX];
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = mc_shm_create(name, "empty");
	SAFE(shm_unlink(name));		/* the descriptor keeps the object */
	SAFE(fstat(fd, &sb));
	if (sb.st_size != 0)
		mc_broken("a new shared memory object has size %lld", (long long)sb.st_size);

	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGBUS, "reading a mapping of a 0-byte shared memory object gave %s, not SIGBUS",
		 mc_signal_name(st.signo));
	return mc_finish();
}
