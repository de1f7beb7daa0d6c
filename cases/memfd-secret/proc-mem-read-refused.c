/*
 * Claim: A read through /proc/self/mem of a page of a memfd_secret() mapping fails instead of returning its contents, where the same read of an ordinary anonymous page succeeds.
 * Source: Linux man-pages memfd_secret(2), NOTES: "The memory pages in this region cannot be accessed via the direct map and they are disallowed in get_user_pages."
 * Source: Linux man-pages memfd_secret(2): "The memory areas backing the file created with memfd_secret(2) are visible only to the processes that have access to the file descriptor."
 * Claim-call: memfd_secret
 * Tags: secretmem procfs extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	char *secret, *plain, c = 0;
	ssize_t n;
	size_t pg;
	int fd, mem;

	mc_begin();
	pg = mc_page_size();
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));
	mc_require_lock_room(1);
	SAFE(ftruncate(fd, (off_t)pg));
	secret = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	secret[0] = 's';
	plain = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	plain[0] = 'p';
	if ((mem = open("/proc/self/mem", O_RDONLY)) == -1)
		mc_skip("/proc/self/mem cannot be opened here: %s", mc_errno_name(errno));
	/* The control: this way of reading memory works here. */
	if (pread(mem, &c, 1, (off_t)(uintptr_t)plain) != 1 || c != 'p')
		mc_skip("/proc/self/mem does not read this process's own anonymous memory here");

	c = 0;
	n = pread(mem, &c, 1, (off_t)(uintptr_t)secret);
	mc_observe("errno", "%s", n == -1 ? mc_errno_name(errno) : "0");
	mc_observe("read", "%zd", n);
	mc_check(n != 1, "/proc/self/mem gave the secret page's byte: 0x%02x", (unsigned char)c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}
