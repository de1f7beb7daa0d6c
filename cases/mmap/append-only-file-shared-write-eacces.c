/*
 * Claim: mmap() with MAP_SHARED and PROT_WRITE of a file that has the append-only attribute (FS_APPEND_FL), through a descriptor opened O_RDWR|O_APPEND, fails with EACCES.
 * Source: Linux man-pages mmap(2), ERRORS: "EACCES ... Or PROT_WRITE is set, but the file is append-only."
 * Source: Linux man-pages ioctl_iflags(2), FS_APPEND_FL: "The file can be opened only with the O_APPEND flag." (setting it needs CAP_LINUX_IMMUTABLE)
 * Covers: mmap(2) EACCES
 * Tags: mmap errno file shared privileges extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef __linux__
#include <sys/ioctl.h>
/* From <linux/fs.h>, which musl's headers do not carry. */
#ifndef FS_IOC_GETFLAGS
#define FS_IOC_GETFLAGS _IOR('f', 1, long)
#define FS_IOC_SETFLAGS _IOW('f', 2, long)
#endif
#ifndef FS_APPEND_FL
#define FS_APPEND_FL 0x00000020
#endif

static const char *path;
static int attrs;

/* An append-only file cannot be unlinked: take the attribute off before the harness removes it. */
static void clear_append_only(void)
{
	int fd = open(path, O_RDONLY), a = attrs & ~FS_APPEND_FL;

	if (fd >= 0) {
		ioctl(fd, FS_IOC_SETFLAGS, &a);
		close(fd);
	}
}

int main(void)
{
	int fd, wfd, a;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", pg, 'a');
	fd = (int)SAFE(open(path, O_RDONLY));
	if (ioctl(fd, FS_IOC_GETFLAGS, &attrs) != 0)
		mc_skip("the scratch filesystem has no inode flags (FS_IOC_GETFLAGS: %s)", mc_errno_name(errno));
	a = attrs | FS_APPEND_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &a) != 0)
		mc_skip("cannot make the file append-only (FS_IOC_SETFLAGS: %s; needs CAP_LINUX_IMMUTABLE and a filesystem with the attribute)",
			mc_errno_name(errno));
	atexit(clear_append_only);
	/* An append-only file opens for writing only with O_APPEND. */
	wfd = (int)SAFE(open(path, O_RDWR | O_APPEND));

	/* OpenBSD documents EPERM for an append-only file: the errno line records it. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0), EACCES);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("FS_IOC_SETFLAGS (the Linux append-only attribute) is not available on this platform");
}
#endif
