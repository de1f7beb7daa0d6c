/*
 * Claim: msync() with MS_SYNC on a MAP_SHARED file mapping returns 0 only after writing the stored pages to the file: the mapping's dirty pages are clean afterwards and the file holds the bytes.
 * Source: POSIX.1-2017 msync(), DESCRIPTION: msync() "shall write all modified data to permanent storage locations"; with MS_SYNC it "shall not return until all write operations are completed"
 * Source: Linux man-pages msync(2), DESCRIPTION: msync() "flushes changes made to the in-core copy of a file ... back to the filesystem"; MS_SYNC "Requests an update and waits for it to complete"
 * Source: FreeBSD msync(2), DESCRIPTION: msync() "writes any modified pages back to the file system"; MS_SYNC "Perform synchronous writes"
 * Tags: msync file shared procfs
 */
#include "mmapcheck.h"

/*
 * kB of dirty pages (Private_Dirty + Shared_Dirty) of the mapping holding
 * addr in /proc/self/smaps, or -1 where there is no such file (the BSDs and
 * macOS: mincore()'s MINCORE_MODIFIED bit would say it there).
 */
static long dirty_kb(const void *addr)
{
	long long private = mc_smaps_kb(addr, "Private_Dirty"), shared = mc_smaps_kb(addr, "Shared_Dirty");

	return private < 0 || shared < 0 ? -1 : (long)(private + shared);
}

int main(void)
{
	unsigned char got[2] = { 0, 0 };
	long before, after;
	const char *path;
	size_t pg;
	char *p;
	int fd, rfd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 2 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[5] = 'Y';
	p[pg + 9] = 'Z';
	before = dirty_kb(p);
	if (before < 0)
		mc_skip("no /proc/self/smaps: cannot see whether msync() cleaned the pages");
	if (before == 0)
		mc_broken("smaps shows no dirty page right after the stores: nothing to observe");

	MC_EXPECT_ERRNO(msync(p, 2 * pg, MS_SYNC), 0);
	after = dirty_kb(p);

	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got[0], 1, 5)) != 1 || SAFE(pread(rfd, &got[1], 1, (off_t)pg + 9)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("dirty_kb", "%ld->%ld", before, after);
	mc_observe("file", "0x%02x,0x%02x", got[0], got[1]);
	mc_check(after == 0, "%ld kB of the mapping still dirty after msync(MS_SYNC) returned", after);
	mc_check(got[0] == 'Y' && got[1] == 'Z', "file holds 0x%02x,0x%02x, expected 'Y','Z'",
		 got[0], got[1]);
	return mc_finish();
}
