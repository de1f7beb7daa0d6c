/*
 * Claim: After posix_madvise(POSIX_MADV_DONTNEED) over a written private anonymous mapping, every byte still reads the data stored before.
 * Source: POSIX.1-2017 posix_madvise(), DESCRIPTION: "The posix_madvise() function shall have no effect on the semantics of access to memory in the specified range, although it may affect the performance of access."
 * Source: Linux man-pages posix_madvise(3), DESCRIPTION: calling posix_madvise() "shall not affect the semantics of access to memory in the specified range"
 * Tags: madvise anonymous private
 * Noop-satisfies: the claim is that POSIX_MADV_DONTNEED leaves the data alone (no effect on the semantics of access), which a posix_madvise() that does nothing satisfies; glibc's does nothing for this advice
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define NPAGES 4

int main(void)
{
	size_t i, len, changed = 0;
	unsigned char *p;
	int ret;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i % 251 + 1);

	ret = posix_madvise(p, len, POSIX_MADV_DONTNEED);
	for (i = 0; i < len; i++)
		changed += p[i] != (unsigned char)(i % 251 + 1);

	mc_observe("ret", "%s", mc_errno_name(ret));
	mc_observe("changed_bytes", "%zu", changed);
	mc_check(ret == 0, "posix_madvise(POSIX_MADV_DONTNEED) returned %d", ret);
	mc_check(changed == 0, "%zu of %zu bytes changed by posix_madvise(POSIX_MADV_DONTNEED)", changed, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
