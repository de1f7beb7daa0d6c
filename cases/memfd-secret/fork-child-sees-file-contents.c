/*
 * Claim: A child made by fork() inherits the memfd_secret() descriptor, and a mapping it makes of it shows what the parent stored.
 * Source: Linux man-pages memfd_secret(2): "A copy of the file descriptor is inherited by the child produced by fork(2) and refers to the same file."
 * Source: Linux man-pages memfd_secret(2): "The memory areas backing the file created with memfd_secret(2) are visible only to the processes that have access to the file descriptor."
 * Claim-call: memfd_secret
 * Tags: secretmem fork shared extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef __linux__
static int fd;
static size_t pg;

/* In a child: maps the inherited descriptor afresh and reads its first byte. */
static int read_through_new_mapping(void *arg)
{
	char *p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);

	(void)arg;
	return p == MAP_FAILED ? 256 + errno : (unsigned char)p[0];
}
#endif

int main(void)
{
#ifdef __linux__
	struct mc_status st;
	char *p;

	mc_begin();
	pg = mc_page_size();
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));
	mc_require_lock_room(2);
	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'k';

	st = mc_probe(read_through_new_mapping, NULL);
	mc_observe_status(st);
	if (st.signo)
		mc_check(0, "the child died of %s reading its mapping", mc_signal_name(st.signo));
	else if (st.value > 255)
		mc_check(0, "the child's mmap() of the inherited descriptor failed with %s", mc_errno_name(st.value - 256));
	else
		mc_check(st.value == 'k', "the child read 0x%02x, not the parent's 'k'", st.value);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}
