/* Mutants of the calls around mappings: close, ftruncate, getpagesize, free. */
#include "inject.h"
#include <malloc.h>

/* Mappings per descriptor, for close_unmaps. */
static struct { int fd; void *addr; size_t len; } maps[64];

static void *close_unmaps_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);
	size_t i;

	for (i = 0; p != MAP_FAILED && is_file(flags, fd) && i < sizeof(maps) / sizeof(maps[0]); i++)
		if (!maps[i].addr) {
			maps[i].fd = fd, maps[i].addr = p, maps[i].len = len;
			break;
		}
	return p;
}

static int close_unmaps_close(int fd)
{
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (maps[i].addr && maps[i].fd == fd) {
			real_munmap(maps[i].addr, maps[i].len);
			maps[i].addr = NULL;
		}
	return real_close(fd);
}
MUTANT(close_unmaps, "close: closing a descriptor unmaps its mappings",
       .mmap = close_unmaps_mmap, .close = close_unmaps_close);

static int ftruncate_rdonly_ok(int fd, off_t length)
{
	int ret = real_ftruncate(fd, length);

	return ret == -1 && access_mode(fd) == O_RDONLY ? 0 : ret;
}
MUTANT(ftruncate_rdonly_ok, "ftruncate: a descriptor not open for writing is accepted (and nothing happens)",
       .ftruncate = ftruncate_rdonly_ok);

static int ftruncate_shrink_ignored(int fd, off_t length)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && length < st.st_size)
		return 0;
	return real_ftruncate(fd, length);
}
MUTANT(ftruncate_shrink_ignored, "ftruncate: shrinking a file returns 0 and keeps its size",
       .ftruncate = ftruncate_shrink_ignored);

static int ftruncate_grow_stale(int fd, off_t length)
{
	struct stat st;
	char junk[4096];
	off_t at;
	int ret;

	if (fstat(fd, &st) != 0)
		st.st_size = 0;
	ret = real_ftruncate(fd, length);
	memset(junk, 0xa5, sizeof(junk));
	for (at = st.st_size; ret == 0 && at < length; at += (off_t)sizeof(junk)) {
		size_t n = (size_t)(length - at) < sizeof(junk) ? (size_t)(length - at) : sizeof(junk);

		if (real_pwrite(fd, junk, n, at) < 0)
			break;
	}
	return ret;
}
MUTANT(ftruncate_grow_stale, "ftruncate: growing a file exposes stale bytes instead of zeroes",
       .ftruncate = ftruncate_grow_stale);

static int getpagesize_wrong(void) { return (int)page() * 2; }
MUTANT(getpagesize_wrong, "getpagesize: disagrees with sysconf(_SC_PAGESIZE)", .getpagesize = getpagesize_wrong);

static void free_keeps_large_blocks(void *p)
{
	if (p && malloc_usable_size(p) >= (128 << 10))
		return;
	real_free(p);
}
MUTANT(free_keeps_large_blocks, "free: large blocks stay mapped after free()", .free = free_keeps_large_blocks);
