/*
 * Claim: madvise(MADV_POPULATE_READ) over a PROT_NONE private anonymous mapping fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, but the specified address range includes ranges with insufficient permissions"
 * Covers: madvise(2) EINVAL "MADV_POPULATE_READ or MADV_POPULATE_WRITE"
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#define MADV_POPULATE_WRITE 23
#endif

#ifdef MADV_POPULATE_READ
/* Kernels before 5.14 reject the advice itself with EINVAL: then nothing here can be told. */
static void require_populate(int advice)
{
	size_t pg = mc_page_size();
	void *q = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = madvise(q, pg, advice) == 0 ? 0 : errno;

	SAFE(munmap(q, pg));
	if (err)
		mc_skip("the advice fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(err));
}

int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	require_populate(MADV_POPULATE_READ);
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_POPULATE_READ), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_READ is not defined on this platform (Linux 5.14 and later)");
}
#endif
