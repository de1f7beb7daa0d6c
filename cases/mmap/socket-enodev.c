/*
 * Claim: mmap() of a UNIX-domain stream socket fails with ENODEV, a socket being a file type that cannot be mapped.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[ENODEV] The fildes argument refers to a file whose type is not supported by mmap()."
 * Source: Linux man-pages mmap(2), ERRORS: "ENODEV The underlying filesystem of the specified file does not support memory mapping." (sockfs maps only protocols with their own mmap, such as TCP zero-copy receive and packet rings; AF_UNIX has none)
 * Source: FreeBSD mmap(2), ERRORS: "[ENODEV] MAP_ANON has not been specified and fd did not reference a regular or character special file."
 * Covers: mmap(2) ENODEV
 * Tags: mmap errno file
 */
#include "mmapcheck.h"
#include <sys/socket.h>

int main(void)
{
	size_t pg;
	int sv[2];

	mc_begin();
	pg = mc_page_size();
	SAFE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	if (write(sv[1], "data", 4) != 4)
		mc_broken("write() to the socket failed: %s", mc_errno_name(errno));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, sv[0], 0), ENODEV);
	return mc_finish();
}
