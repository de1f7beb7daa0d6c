/*
 * Claim: /proc/self/maps shows a MAP_SHARED mapping of a file at offset one page with the offset field equal to that offset, the file's inode, and the file's path.
 * Source: Linux man-pages proc(5), /proc/pid/maps: "The offset field is the offset into the file/whatever; dev is the device (major:minor); inode is the inode on that device."; "The pathname field will usually be the file that is backing the mapping."
 * Tags: mmap file shared procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* realpath */
#include "mmapcheck.h"

int main(void)
{
	unsigned long s, e, off = 0, ino = 0;
	char line[PATH_MAX + 128], path[PATH_MAX] = "", perms[5] = "", real[PATH_MAX];
	const char *file;
	struct stat sb;
	size_t pg;
	FILE *f;
	char *p;
	int fd, found = 0;

	mc_begin();
	pg = mc_page_size();
	file = mc_file("data", 3 * pg, 'a');
	fd = (int)SAFE(open(file, O_RDWR));
	SAFE(fstat(fd, &sb));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, (off_t)pg);
	if (!realpath(file, real))	/* the kernel shows the path without symbolic links */
		mc_broken("realpath(%s) failed: %s", file, mc_errno_name(errno));

	/* FreeBSD would use procstat -v / kinfo_getvmmap(3), macOS vmmap(1). */
	if (!(f = fopen("/proc/self/maps", "r")))
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s %lx %*s %lu %4095s", &s, &e, perms, &off, &ino, path) >= 5 &&
		    s <= (uintptr_t)p && (uintptr_t)p < e)
			found = 1;
	fclose(f);

	mc_observe("found", "%d", found);
	mc_observe("offset_pages", "%lu", found ? off / pg : 0);
	mc_observe("same_inode", "%d", found && ino == (unsigned long)sb.st_ino);
	mc_check(found, "no line of /proc/self/maps holds the mapping");
	mc_check(!found || off == pg, "offset field 0x%lx, expected 0x%zx", off, pg);
	mc_check(!found || ino == (unsigned long)sb.st_ino, "inode field %lu, the file's is %lu", ino,
		 (unsigned long)sb.st_ino);
	mc_check(!found || strcmp(path, real) == 0, "pathname field '%s', expected '%s'", path, real);
	return mc_finish();
}
