/*
 * mc_names.h: errno, signal and si_code names, so that platforms with other
 * numbers are compared by name.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_NAMES_H
#define MC_MC_NAMES_H

struct mc_name { int value; const char *name; };
#define MC_NAME(x) { x, #x }

static inline const char *mc_lookup_(const struct mc_name *t, size_t n, int v,
				     const char *fallback_prefix)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	snprintf(buf, sizeof(buf), "%s%d", fallback_prefix, v);
	return buf;
}

static inline const char *mc_errno_name(int e)
{
	static const struct mc_name names[] = {
		{ 0, "0" },
		MC_NAME(EPERM), MC_NAME(ENOENT), MC_NAME(ESRCH), MC_NAME(EINTR),
		MC_NAME(EIO), MC_NAME(ENXIO), MC_NAME(E2BIG), MC_NAME(ENOEXEC),
		MC_NAME(EBADF), MC_NAME(ECHILD), MC_NAME(EAGAIN), MC_NAME(ENOMEM),
		MC_NAME(EACCES), MC_NAME(EFAULT), MC_NAME(EBUSY), MC_NAME(EEXIST),
		MC_NAME(EXDEV), MC_NAME(ENODEV), MC_NAME(ENOTDIR), MC_NAME(EISDIR),
		MC_NAME(EINVAL), MC_NAME(ENFILE), MC_NAME(EMFILE), MC_NAME(ENOTTY),
		MC_NAME(ETXTBSY), MC_NAME(EFBIG), MC_NAME(ENOSPC), MC_NAME(ESPIPE),
		MC_NAME(EROFS), MC_NAME(EMLINK), MC_NAME(EPIPE), MC_NAME(EDOM),
		MC_NAME(ERANGE), MC_NAME(EDEADLK), MC_NAME(ENAMETOOLONG),
		MC_NAME(ENOLCK), MC_NAME(ENOSYS), MC_NAME(ENOTEMPTY), MC_NAME(ELOOP),
		MC_NAME(EOVERFLOW), MC_NAME(EOPNOTSUPP), MC_NAME(ENOTSUP),
		MC_NAME(ETIMEDOUT),
	};
	return mc_lookup_(names, ARRAY_SIZE(names), e, "errno");
}

static inline const char *mc_signal_name(int sig)
{
	static const struct mc_name names[] = {
		{ 0, "none" },
		MC_NAME(SIGHUP), MC_NAME(SIGINT), MC_NAME(SIGQUIT), MC_NAME(SIGILL),
		MC_NAME(SIGTRAP), MC_NAME(SIGABRT), MC_NAME(SIGBUS), MC_NAME(SIGFPE),
		MC_NAME(SIGKILL), MC_NAME(SIGUSR1), MC_NAME(SIGSEGV),
		MC_NAME(SIGUSR2), MC_NAME(SIGPIPE), MC_NAME(SIGALRM),
		MC_NAME(SIGTERM), MC_NAME(SIGCHLD), MC_NAME(SIGSYS),
	};
	return mc_lookup_(names, ARRAY_SIZE(names), sig, "SIG");
}

static inline const char *mc_code_name(int sig, int code)
{
	static const struct mc_name segv[] = {
		MC_NAME(SEGV_MAPERR), MC_NAME(SEGV_ACCERR),
#ifdef SEGV_BNDERR
		MC_NAME(SEGV_BNDERR),
#endif
#ifdef SEGV_PKUERR
		MC_NAME(SEGV_PKUERR),
#endif
	};
	static const struct mc_name bus[] = {
		MC_NAME(BUS_ADRALN), MC_NAME(BUS_ADRERR), MC_NAME(BUS_OBJERR),
#ifdef BUS_MCEERR_AR
		MC_NAME(BUS_MCEERR_AR),
#endif
	};
	static const struct mc_name any[] = {
		MC_NAME(SI_USER), MC_NAME(SI_QUEUE),
#ifdef SI_KERNEL
		MC_NAME(SI_KERNEL),
#endif
#ifdef SI_TKILL
		MC_NAME(SI_TKILL),
#endif
	};
	if (sig == SIGSEGV && code > 0)
		return mc_lookup_(segv, ARRAY_SIZE(segv), code, "code");
	if (sig == SIGBUS && code > 0)
		return mc_lookup_(bus, ARRAY_SIZE(bus), code, "code");
	return mc_lookup_(any, ARRAY_SIZE(any), code, "code");
}

#endif /* MC_MC_NAMES_H */
