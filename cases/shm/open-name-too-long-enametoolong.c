/*
 * Claim: shm_open() of a name longer than PATH_MAX fails with ENAMETOOLONG.
 * Source: Linux man-pages shm_open(3), ERRORS: "ENAMETOOLONG The length of name exceeds PATH_MAX."
 * Covers: shm_open(3) ENAMETOOLONG
 * Tags: shm errno
 * Requires: linux
 * Claim-call: shm_open
 * Not-mutated: glibc fails it (EINVAL, expected/linux) and make mutants runs on glibc only, so no mutant can turn a pass into a fail
 */
#include "mmapcheck.h"

int main(void)
{
	static char name[PATH_MAX + 2];
	char base[MC_SHM_NAME_MAX];
	size_t len;
	int fd, bad, err;

	mc_begin();
	/* An unguessable name of PATH_MAX + 1 characters: "/" then one component. */
	fd = mc_shm_create(base, "long");
	SAFE(shm_unlink(base));
	SAFE(close(fd));
	len = strlen(base);
	memcpy(name, base, len);
	memset(name + len, 'n', sizeof(name) - 1 - len);
	name[sizeof(name) - 1] = '\0';
	bad = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	err = bad == -1 ? errno : 0;
	if (bad != -1) {
		close(bad);
		shm_unlink(name);
	}
	mc_observe("name_length", "%zu", strlen(name));
	mc_expect_errno(err, ENAMETOOLONG, "shm_open(name of PATH_MAX + 1 characters, O_CREAT | O_EXCL)");
	return mc_finish();
}
