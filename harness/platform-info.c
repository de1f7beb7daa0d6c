/*
 * platform-info: what the runner records about the platform the cases run on.
 * It is built and run like a case, so that under emulation or another libc it
 * reports the target's facts (page size, libc), not the host's.
 * Prints "key=value" lines.
 */
#include <sys/utsname.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

int main(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		return 1;
	printf("os=%s\nrelease=%s\nmachine=%s\n", u.sysname, u.release, u.machine);
	printf("page_size=%ld\n", sysconf(_SC_PAGESIZE));
#if defined(__GLIBC__)
	printf("libc=glibc-%s\n", gnu_get_libc_version());
#elif defined(__linux__)
	printf("libc=musl\n");	/* musl defines no version macro */
#elif defined(__APPLE__)
	printf("libc=libSystem\n");
#else
	printf("libc=%s-libc\n", u.sysname);
#endif
	printf("uid=%ld\n", (long)getuid());
	return 0;
}
