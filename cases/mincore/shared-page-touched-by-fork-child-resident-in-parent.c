/*
 * Claim: A page of a MAP_SHARED anonymous mapping that only a fork() child wrote to is reported resident by mincore() in the parent, while a page nobody touched is not.
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each byte is set "if the corresponding page is currently resident in memory"
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"; NOTES: mappings are "preserved across fork(2), with the same attributes"
 * Tags: mincore anonymous shared fork
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[2] = { 0x00, 0x00 };	/* a mincore() that writes nothing leaves "not resident" */
	size_t pg;
	pid_t pid;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = mc_fork();
	if (pid == 0) {
		p[pg] = 'c';	/* page 1 only, in the child only */
		_exit(0);
	}
	mc_wait(pid);

	MC_EXPECT_ERRNO(mincore(p, 2 * pg, (void *)vec), 0);
	mc_observe("vec", "0x%02x,0x%02x", vec[0], vec[1]);
	mc_check(vec[1] & 1, "the page the child wrote reads not resident in the parent (0x%02x)", vec[1]);
	mc_check(!(vec[0] & 1), "the page nobody touched reads resident (0x%02x)", vec[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif
