/*
 * Claim: After shm_unlink() of a mapped POSIX shared memory object (and close() of its descriptor), the mapping keeps its contents and stays writable, while the name is gone.
 * Source: POSIX.1-2017 shm_unlink(), DESCRIPTION: "the removal of the memory object contents shall be postponed until all open and map references to the shared memory object have been removed"
 * Source: Linux man-pages shm_open(3), DESCRIPTION: "After a call to mmap(2) the file descriptor may be closed without affecting the memory mapping."
 * Tags: shm mmap shared
 * Claim-call: shm_unlink
 */
#include "mmapcheck.h"

static size_t pg;

/* In a child, so a SIGBUS is recorded: 1 = old byte kept, 2 = new page zero, 4 = store kept. */
static int use_mapping(void *arg)
{
	volatile char *p = arg;
	int ok = 0;

	ok |= p[0] == 'a' ? 1 : 0;
	ok |= p[pg] == 0 ? 2 : 0;	/* a page never touched before the unlink */
	p[pg + 1] = 'Z';
	ok |= p[pg + 1] == 'Z' ? 4 : 0;
	return ok;
}

int main(void)
{
	struct mc_status st;
	volatile char *p;
	char name[MC_SHM_NAME_MAX];
	int fd, again;

	mc_begin();
	pg = mc_page_size();
	fd = mc_shm_create(name, "unlink");
	if (ftruncate(fd, (off_t)(2 * pg)) == -1 ||
	    (p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		shm_unlink(name);
		mc_broken("ftruncate() or mmap() of the new object failed: %s", mc_errno_name(errno));
	}
	p[0] = 'a';
	SAFE(shm_unlink(name));
	SAFE(close(fd));

	again = shm_open(name, O_RDWR, 0);
	mc_observe("reopen", "%s", again == -1 ? mc_errno_name(errno) : "opened");
	if (again != -1)
		shm_unlink(name);	/* leave nothing behind */
	st = mc_probe(use_mapping, (void *)p);
	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("kept", "%s,%s,%s", st.value & 1 ? "old" : "-", st.value & 2 ? "zero" : "-",
			   st.value & 4 ? "store" : "-");

	mc_check(again == -1, "the name still opens after shm_unlink()");
	mc_check(st.signo == 0, "using the mapping after shm_unlink() raised %s", mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == 7, "after shm_unlink(): old byte %s, untouched page %s, new store %s",
		 st.value & 1 ? "kept" : "lost", st.value & 2 ? "zero" : "not zero", st.value & 4 ? "kept" : "lost");
	return mc_finish();
}
