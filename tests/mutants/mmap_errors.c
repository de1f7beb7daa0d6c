/* Mutants of mmap() and munmap() error paths: refusals lost, wrong errnos, effects not done. */
#include "inject.h"

/* A refusal reported with the wrong errno (one errno only, so the kills say which). */
#define ERRORS_WRONG_ERRNO(id, right, wrong, sentence) \
	static void *id(void *addr, size_t len, int prot, int flags, int fd, off_t off) \
	{ \
		void *p = real_mmap(addr, len, prot, flags, fd, off); \
		if (p == MAP_FAILED && errno == (right)) \
			errno = (wrong); \
		return p; \
	} \
	MUTANT(id, sentence, .mmap = id)
ERRORS_WRONG_ERRNO(errors_ebadf_as_einval, EBADF, EINVAL, "mmap: an invalid file descriptor reports EINVAL, not EBADF");
ERRORS_WRONG_ERRNO(errors_enodev_as_einval, ENODEV, EINVAL,
		   "mmap: a file type that cannot be mapped reports EINVAL (as macOS does), not ENODEV");
