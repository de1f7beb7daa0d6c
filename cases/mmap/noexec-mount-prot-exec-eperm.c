/*
 * Claim: mmap() with PROT_EXEC of a file on a filesystem mounted noexec fails with EPERM, while the same mapping without PROT_EXEC succeeds.
 * Source: Linux man-pages mmap(2), ERRORS: "EPERM The prot argument asks for PROT_EXEC but the mapped area belongs to a file on a filesystem that was mounted no-exec."
 * Source: Linux man-pages mount(2), MS_NOEXEC: "Do not allow programs to be executed from this filesystem."
 * Covers: mmap(2) EPERM "mounted no-exec"
 * Tags: mmap errno file private privileges extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* unshare, CLONE_NEWNS */
#include "mmapcheck.h"

#ifdef __linux__
#include <sched.h>
#include <sys/mount.h>

#define SETUP_FAILED 10000	/* + 1000 * step + errno: the child could not set up */

/* In a child with its own mount namespace: a noexec tmpfs, a file on it, two mappings. */
static int map_exec_on_noexec(void *arg)
{
	const char *mnt = arg;
	char file[PATH_MAX];
	size_t pg = mc_page_size();
	void *p;
	int fd;

	if (unshare(CLONE_NEWNS) != 0)
		return SETUP_FAILED + 1000 + errno;
	/* Private, so that the mount below never shows outside this namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return SETUP_FAILED + 2000 + errno;
	if (mount("mmapcheck", mnt, "tmpfs", MS_NOEXEC | MS_NOSUID | MS_NODEV, "size=1m") != 0)
		return SETUP_FAILED + 3000 + errno;
	snprintf(file, sizeof(file), "%s/data", mnt);
	fd = (int)SAFE(open(file, O_RDWR | O_CREAT, 0600));
	SAFE(ftruncate(fd, (off_t)pg));
	/* Control: the noexec mount does not refuse a mapping without PROT_EXEC. */
	SAFE(munmap(SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), pg));
	p = mmap(NULL, pg, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	return p == MAP_FAILED ? errno : 0;
}

int main(void)
{
	static const char *steps[] = { "", "unshare(CLONE_NEWNS)", "mount(MS_PRIVATE)", "mount(tmpfs, MS_NOEXEC)" };
	struct mc_status st;
	const char *mnt;
	int err;

	mc_begin();
	mnt = mc_path("mnt");
	SAFE(mkdir(mnt, 0700));
	st = mc_probe(map_exec_on_noexec, (void *)mnt);
	rmdir(mnt);	/* the mount went with the child's namespace */
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	if (st.value >= SETUP_FAILED)
		mc_skip("cannot mount a noexec filesystem in a private mount namespace: %s failed: %s",
			steps[(st.value - SETUP_FAILED) / 1000], mc_errno_name((st.value - SETUP_FAILED) % 1000));
	err = st.value;
	mc_observe("errno", "%s", mc_errno_name(err));
	mc_check(err == EPERM, "mmap(PROT_READ|PROT_EXEC) of a file on a noexec mount: %s, expected EPERM",
		 err ? mc_errno_name(err) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("no private mount namespace to mount a noexec filesystem in on this platform");
}
#endif
