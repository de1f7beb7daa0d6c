/*
 * Claim: A mapping of a memfd_secret() file is locked as with mlock(2) (smaps VmFlags "lo"), where the same mapping of an ordinary memfd is not.
 * Source: Linux man-pages memfd_secret(2): "The memory region is locked into memory in the same way as with mlock(2), so that it will never be written into swap"
 * Source: Linux man-pages proc_pid_smaps(5), VmFlags: "lo - pages are locked in memory"
 * Claim-call: memfd_secret
 * Tags: secretmem mlock procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* memfd_create */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	char *secret, *plain;
	int fd, pfd, locked;
	size_t pg;

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
	/* The control: an ordinary memory file's mapping is not locked here. */
	pfd = (int)SAFE(memfd_create("mmapcheck", 0));
	SAFE(ftruncate(pfd, (off_t)pg));
	plain = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, pfd, 0);
	plain[0] = 'p';
	if (mc_smaps_has_flag(plain, "lo") != 0)
		mc_skip("an ordinary memfd mapping is locked here too, so \"lo\" cannot tell the secret one apart");

	locked = mc_smaps_has_flag(secret, "lo");
	mc_observe("locked", "%d", locked);
	mc_check(locked == 1, "the memfd_secret() mapping has no \"lo\" in its smaps VmFlags (%d)", locked);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}
