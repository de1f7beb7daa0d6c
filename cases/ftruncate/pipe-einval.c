/*
 * Claim: ftruncate() of a descriptor that refers to neither a regular file nor a shared memory object (a pipe) fails with EINVAL.
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: "If fildes refers to a regular file ... If fildes refers to a shared memory object ..."; ERRORS: "[EINVAL] The fildes argument does not refer to a file on which this operation is possible."
 * Source: Linux man-pages truncate(2), ERRORS: "EINVAL fd does not reference a regular file or a POSIX shared memory object."
 * Covers: ftruncate(2) EINVAL "POSIX shared memory object"
 * Tags: ftruncate errno
 */
#include "mmapcheck.h"

int main(void)
{
	int fds[2];

	mc_begin();
	SAFE(pipe(fds));
	MC_EXPECT_ERRNO(ftruncate(fds[1], 0), EINVAL);
	SAFE(close(fds[0]));
	SAFE(close(fds[1]));
	return mc_finish();
}
