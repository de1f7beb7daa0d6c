/*
 * mc_shm.h: POSIX shared memory objects under names no other process can
 * guess, so that another user cannot take a case's name first.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_SHM_H
#define MC_MC_SHM_H

#define MC_SHM_NAME_MAX 32	/* macOS allows 31 characters (PSHMNAMLEN) */
#define MC_SHM_TRIES 16
#define MC_SHM_MAX 4

static char mc_shm_names_[MC_SHM_MAX][MC_SHM_NAME_MAX];
static int mc_shm_count_;

/* At exit, the names a case made and did not unlink (it broke half-way):
 * unlinked again, ENOENT when the case did it itself. */
static inline void mc_shm_cleanup_(void)
{
	int i;

	if (!mc_is_owner())
		return;
	for (i = 0; i < mc_shm_count_; i++)
		shm_unlink(mc_shm_names_[i]);
}

/*
 * Creates a new shared memory object, O_RDWR | O_CREAT | O_EXCL, mode 0600,
 * named "/mmapcheck-<tag>-<48 random bits>" (name: MC_SHM_NAME_MAX bytes)
 * and returns its descriptor; the caller unlinks it (what it leaves, broken
 * half-way, is unlinked at exit).  The shared namespace
 * (/dev/shm) is writable by every user: a name made from the pid could be
 * created first by anyone and the case would break with EEXIST, so the name
 * is drawn from /dev/urandom and drawn again while it is taken.  Broken after
 * MC_SHM_TRIES taken names, or on any other error.
 */
static inline int mc_shm_create(char *name, const char *tag)
{
	unsigned char r[6];
	int i, fd, rnd;

	for (i = 0; i < MC_SHM_TRIES; i++) {
		if ((rnd = open("/dev/urandom", O_RDONLY)) == -1 ||
		    read(rnd, r, sizeof(r)) != (ssize_t)sizeof(r))
			mc_broken("reading /dev/urandom for a shared memory object's name failed: %s",
				  mc_errno_name(errno));
		close(rnd);
		snprintf(name, MC_SHM_NAME_MAX, "/mmapcheck-%.6s-%02x%02x%02x%02x%02x%02x",
			 tag, r[0], r[1], r[2], r[3], r[4], r[5]);
		if (mc_shm_count_ == MC_SHM_MAX)
			mc_broken("more than %d shared memory objects", MC_SHM_MAX);
		if ((fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) != -1) {
			if (mc_shm_count_ == 0)
				atexit(mc_shm_cleanup_);
			memcpy(mc_shm_names_[mc_shm_count_++], name, MC_SHM_NAME_MAX);
			return fd;
		}
		if (errno != EEXIST)
			mc_broken("shm_open(%s, O_RDWR | O_CREAT | O_EXCL) failed: %s", name, mc_errno_name(errno));
		mc_note("%s is taken by another process: drawing another name", name);
	}
	mc_broken("%d random shared memory object names were all taken", MC_SHM_TRIES);
}

#endif /* MC_MC_SHM_H */
