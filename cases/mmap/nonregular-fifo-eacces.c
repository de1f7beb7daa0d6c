/*
 * Claim: mmap() of a descriptor that refers to a non-regular file (a FIFO, opened for reading and writing) fails with EACCES.
 * Source: Linux man-pages mmap(2), ERRORS: "EACCES A file descriptor refers to a non-regular file."
 * Covers: mmap(2) EACCES
 * Not-mutated: the claim does not hold on Linux (ENODEV, see expected/linux), so no injected bug can turn a pass into a fail here; errors-enodev-as-einval-style mutants apply where it passes
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	const char *path;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	path = mc_path("fifo");
	SAFE(mkfifo(path, 0600));
	/* O_RDWR: open mode is not the reason; only the file's type is. (POSIX leaves O_RDWR on a FIFO undefined; Linux and the BSDs allow it.) */
	fd = (int)SAFE(open(path, O_RDWR | O_NONBLOCK));

	/* POSIX and the BSDs say ENODEV for a type mmap() does not support: the errno line records which. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
	return mc_finish();
}
