/*
 * Claim: Two processes that each shm_open() and mmap() the same POSIX shared memory object with MAP_SHARED share its memory: a store by one is read by the other.
 * Source: Linux man-pages shm_open(3), DESCRIPTION: "A POSIX shared memory object is in effect a handle which can be used by unrelated processes to mmap(2) the same region of shared memory."
 * Source: POSIX.1-2017 shm_open(), DESCRIPTION: the descriptor is used by other functions to refer to the shared memory object; mmap(): with MAP_SHARED, write references shall change the underlying object
 * Tags: shm mmap shared coherence fork
 */
#include "mmapcheck.h"

static char name[MC_SHM_NAME_MAX];
static pid_t creator;

static void unlink_name(void)
{
	if (getpid() == creator)
		shm_unlink(name);
}

int main(void)
{
	struct mc_turns t;
	volatile char *p;
	unsigned char c;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	creator = getpid();
	fd = mc_shm_create(name, "shared");
	atexit(unlink_name);
	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	c = (unsigned char)p[9];	/* mapped here before the other process stores */

	if (mc_turns_fork(&t) == 0) {
		/* The child opens the object by name and maps it itself. */
		int cfd = shm_open(name, O_RDWR, 0);
		volatile char *q = cfd == -1 ? MAP_FAILED : mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);

		if (q == MAP_FAILED)
			_exit(MC_CHILD_BROKEN);
		q[9] = 'c';
		mc_turns_send(&t, 'c');
		_exit(0);
	}
	mc_turns_recv(&t);
	c = (unsigned char)p[9];
	mc_wait(t.pid);

	mc_observe("creator_saw", "0x%02x", c);
	mc_check(c == 'c', "the creator reads 0x%02x after the other process stored 'c'", c);
	return mc_finish();
}
