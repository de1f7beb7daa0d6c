/*
 * Claim: A memfd made without MFD_ALLOW_SEALING starts with F_SEAL_SEAL, so fcntl(F_ADD_SEALS) on it fails with EPERM and adds nothing.
 * Source: Linux man-pages memfd_create(2), MFD_ALLOW_SEALING: "If this flag is not set, the initial set of seals will be F_SEAL_SEAL, meaning that no other seals can be set on the file."
 * Source: Linux man-pages fcntl(2), ERRORS: "EPERM cmd was F_ADD_SEALS, but fd was not open for writing or the current set of seals on the file already includes F_SEAL_SEAL."
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst: with vm.memfd_noexec 1 a call without MFD_EXEC "acts like MFD_NOEXEC_SEAL was set", and "MFD_NOEXEC_SEAL implies MFD_ALLOW_SEALING" (the case passes MFD_EXEC there)
 * Covers: fcntl(2) EPERM "F_SEAL_SEAL"
 * Covers: F_ADD_SEALS(2const) EPERM "F_SEAL_SEAL"
 * Claim-call: fcntl_add_seals
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	size_t pg;
	struct stat sb;
	long long scope;
	long seals;
	int fd;

	mc_begin();
	pg = mc_page_size();
	scope = mc_setting_number("/proc/sys/vm/memfd_noexec");
	if (scope >= 2)
		mc_skip("vm.memfd_noexec=%lld here: a memfd without MFD_NOEXEC_SEAL is refused or made as with it, which allows sealing", scope);
	/* At 1 a call without MFD_EXEC would act as MFD_NOEXEC_SEAL (sealable); MFD_EXEC keeps the classic file. */
	fd = (int)SAFE(memfd_create("mmapcheck", scope == 1 ? 0x0010U /* MFD_EXEC, Linux 6.3 */ : 0));
	SAFE(ftruncate(fd, (off_t)pg));
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("initial_seals", "0x%lx", seals);
	mc_check(seals == F_SEAL_SEAL, "the initial seals are 0x%lx, not F_SEAL_SEAL alone", seals);

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	/* Nothing was added: the file still grows. */
	mc_check(ftruncate(fd, (off_t)(2 * pg)) == 0, "ftruncate() to grow the file failed with %s after the refused F_SEAL_GROW",
		 mc_errno_name(errno));
	SAFE(fstat(fd, &sb));
	mc_observe("size_pages", "%lld", (long long)(sb.st_size / (off_t)pg));
	mc_check(sb.st_size == (off_t)(2 * pg), "the file is %lld bytes, not two pages", (long long)sb.st_size);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}
