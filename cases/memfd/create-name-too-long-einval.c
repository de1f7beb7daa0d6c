/*
 * Claim: memfd_create() accepts a name of 249 bytes and fails with EINVAL for a name of 250 bytes.
 * Source: Linux man-pages memfd_create(2), ERRORS: "EINVAL name was too long. (The limit is 249 bytes, excluding the terminating null byte.)"
 * Covers: memfd_create(2) EINVAL "name was too long"
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING)
	char name[251];
	int fd;

	mc_begin();
	memset(name, 'n', sizeof(name));
	name[249] = '\0';
	fd = memfd_create(name, 0);
	mc_observe("len249", "%s", fd == -1 ? mc_errno_name(errno) : "ok");
	mc_check(fd != -1, "a 249-byte name was refused with %s", mc_errno_name(errno));

	name[249] = 'n';
	name[250] = '\0';
	MC_EXPECT_ERRNO(memfd_create(name, 0), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() is not defined on this platform");
#endif
}
