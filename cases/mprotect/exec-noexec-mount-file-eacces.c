/*
 * Claim: mprotect() adding PROT_EXEC to a private mapping of a file on a filesystem mounted noexec fails with EACCES.
 * Source: Linux man-pages mprotect(2), ERRORS: "EACCES The memory cannot be given the specified access."
 * Source: Linux man-pages mmap(2), ERRORS: "EPERM The prot argument asks for PROT_EXEC but the mapped area belongs to a file on a filesystem that was mounted no-exec." (mmap refuses it; mprotect cannot grant it later)
 * Source: POSIX.1-2017 mprotect(), ERRORS, [EACCES] "The prot argument specifies a protection that violates the access permission the process has to the underlying memory object"
 * Covers: mprotect(2) EACCES
 * Tags: mprotect errno file private
 * Requires: linux
 */
#define _GNU_SOURCE	/* unshare, CLONE_NEWNS, CLONE_NEWUSER */
#include "mmapcheck.h"

#ifdef __linux__
#include <sched.h>
#include <sys/mount.h>

#define SKIPPED 100000	/* + errno: no private mount namespace here */
#define NO_EXEC 200000	/* + errno: PROT_EXEC refused even on the exec mount */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* A mount namespace of our own: as root directly, else inside a new user namespace. */
static int private_mounts(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWNS) == 0)
		return 0;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
		return -1;
	snprintf(map, sizeof(map), "0 %lu 1", (unsigned long)uid);
	if (write_file("/proc/self/setgroups", "deny") || write_file("/proc/self/uid_map", map))
		return -1;
	snprintf(map, sizeof(map), "0 %lu 1", (unsigned long)gid);
	return write_file("/proc/self/gid_map", map);
}

/* In a child: map the file PROT_READ and add PROT_EXEC; returns errno, or 0. */
static int add_exec(const char *path)
{
	size_t pg = mc_page_size();
	int fd = (int)SAFE(open(path, O_RDWR | O_CREAT, 0700)), err;
	char *p;

	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
	err = mprotect(p, pg, PROT_READ | PROT_EXEC) == -1 ? errno : 0;
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return err;
}

static int in_noexec_mount(void *path)
{
	char dir[PATH_MAX];
	int err;

	snprintf(dir, sizeof(dir), "%s", (char *)path);
	*strrchr(dir, '/') = '\0';
	/* Private propagation first: nothing mounted here reaches the real system. */
	if (private_mounts() != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("mmapcheck", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0)
		return SKIPPED + errno;
	if ((err = add_exec(path)) != 0)	/* control: an exec mount grants PROT_EXEC */
		return NO_EXEC + err;
	if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		return SKIPPED + errno;
	return add_exec(path);
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	st = mc_probe(in_noexec_mount, (void *)mc_path("code"));
	if (st.signo || st.exit_code)
		mc_broken("mount namespace child: %s, exit %d", mc_signal_name(st.signo), st.exit_code);
	if (st.value >= NO_EXEC)
		mc_broken("PROT_EXEC refused on an exec tmpfs too: %s", mc_errno_name(st.value - NO_EXEC));
	if (st.value >= SKIPPED)
		mc_skip("cannot mount a noexec tmpfs in a private mount namespace here (%s)",
			mc_errno_name(st.value - SKIPPED));

	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EACCES, "mprotect(PROT_READ|PROT_EXEC) of a file on a noexec mount: %s, expected EACCES",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("the case sets up a noexec mount with Linux mount namespaces");
}
#endif
