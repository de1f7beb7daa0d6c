/* Mutants: ftruncate() errors that a C library or kernel could get wrong. */
#include "inject.h"

static int ftruncate_negative_as_zero(int fd, off_t length)
{
	return real_ftruncate(fd, length < 0 ? 0 : length);
}
MUTANT(ftruncate_negative_as_zero, "ftruncate: a negative length is taken as 0 (the file is emptied)",
       .ftruncate = ftruncate_negative_as_zero);

static int ftruncate_any_fd(int fd, off_t length)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
		return 0;
	return real_ftruncate(fd, length);
}
MUTANT(ftruncate_any_fd, "ftruncate: a descriptor of a pipe or socket is accepted (and nothing happens)",
       .ftruncate = ftruncate_any_fd);
