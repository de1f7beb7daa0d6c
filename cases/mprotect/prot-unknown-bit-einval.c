/*
 * Claim: mprotect() with a prot bit that is not a defined protection flag fails with EINVAL.
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL Invalid flags specified in prot."
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "The prot argument should be either PROT_NONE or the bitwise-inclusive OR of one or more of PROT_READ, PROT_WRITE, and PROT_EXEC"
 * Covers: mprotect(2) EINVAL "Invalid flags"
 * Tags: mprotect errno anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

/*
 * Bit 20: no protection flag of any platform here (Linux uses bits 0-5 and
 * 24-25, FreeBSD's PROT_MAX() bits 16-18, macOS bits 0-7).
 */
#define UNKNOWN_PROT 0x100000

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p, pg, PROT_READ));	/* the same call without the bit is fine */

	MC_EXPECT_ERRNO(mprotect(p, pg, PROT_READ | UNKNOWN_PROT), EINVAL);
	return mc_finish();
}
