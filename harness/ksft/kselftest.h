/*
 * kselftest.h: a portable implementation of the interface of the Linux
 * kernel's tools/testing/selftests/kselftest.h (print, plan, result and exit
 * functions, KSFT_* exit codes), written for mmapcheck so that cases build on
 * the BSDs and macOS as well.  The output format follows the kernel's, except
 * that the header line is KTAP's ("KTAP version 1").
 *
 * `make KSFT_DIR=<linux>/tools/testing/selftests` builds the cases against the
 * kernel's own header instead; the runner accepts both outputs.
 */
#ifndef MMAPCHECK_KSELFTEST_H
#define MMAPCHECK_KSELFTEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif

#define KSFT_PASS  0
#define KSFT_FAIL  1
#define KSFT_XFAIL 2
#define KSFT_XPASS 3
#define KSFT_SKIP  4

struct ksft_count {
	unsigned int ksft_pass;
	unsigned int ksft_fail;
	unsigned int ksft_xfail;
	unsigned int ksft_xpass;
	unsigned int ksft_xskip;
	unsigned int ksft_error;
};

static struct ksft_count ksft_cnt;
static unsigned int ksft_plan;

static inline unsigned int ksft_test_num(void)
{
	return ksft_cnt.ksft_pass + ksft_cnt.ksft_fail + ksft_cnt.ksft_xfail +
	       ksft_cnt.ksft_xpass + ksft_cnt.ksft_xskip + ksft_cnt.ksft_error;
}

static inline void ksft_inc_pass_cnt(void) { ksft_cnt.ksft_pass++; }
static inline void ksft_inc_fail_cnt(void) { ksft_cnt.ksft_fail++; }
static inline void ksft_inc_xfail_cnt(void) { ksft_cnt.ksft_xfail++; }
static inline void ksft_inc_xpass_cnt(void) { ksft_cnt.ksft_xpass++; }
static inline void ksft_inc_xskip_cnt(void) { ksft_cnt.ksft_xskip++; }
static inline void ksft_inc_error_cnt(void) { ksft_cnt.ksft_error++; }

static inline int ksft_get_pass_cnt(void) { return (int)ksft_cnt.ksft_pass; }
static inline int ksft_get_fail_cnt(void) { return (int)ksft_cnt.ksft_fail; }
static inline int ksft_get_xfail_cnt(void) { return (int)ksft_cnt.ksft_xfail; }
static inline int ksft_get_xpass_cnt(void) { return (int)ksft_cnt.ksft_xpass; }
static inline int ksft_get_xskip_cnt(void) { return (int)ksft_cnt.ksft_xskip; }
static inline int ksft_get_error_cnt(void) { return (int)ksft_cnt.ksft_error; }

static inline void ksft_print_header(void)
{
	/* A parent runner that nests our output sets KSFT_TAP_LEVEL. */
	if (!getenv("KSFT_TAP_LEVEL"))
		printf("KTAP version 1\n");
}

static inline void ksft_set_plan(unsigned int plan)
{
	ksft_plan = plan;
	printf("1..%u\n", plan);
}

static inline void ksft_print_cnts(void)
{
	if (ksft_plan != ksft_test_num())
		printf("# Planned tests != run tests (%u != %u)\n",
		       ksft_plan, ksft_test_num());
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n",
	       ksft_cnt.ksft_pass, ksft_cnt.ksft_fail, ksft_cnt.ksft_xfail,
	       ksft_cnt.ksft_xpass, ksft_cnt.ksft_xskip, ksft_cnt.ksft_error);
}

/* Prints prefix, then msg formatted with the caller's errno intact (%m). */
static inline void ksft_vprint_(const char *prefix, const char *msg, va_list ap)
{
	int saved_errno = errno;

	fputs(prefix, stdout);
	errno = saved_errno;
	vprintf(msg, ap);
}

#define KSFT_PRINT_(prefix, msg) do {			\
		va_list ap_;				\
		va_start(ap_, msg);			\
		ksft_vprint_(prefix, msg, ap_);		\
		va_end(ap_);				\
	} while (0)

static inline void ksft_print_msg(const char *msg, ...)
{
	KSFT_PRINT_("# ", msg);
}

/* Result lines carry the number of the test they report, as in the kernel. */
static inline void ksft_result_line_(const char *status, unsigned int *counter,
				     const char *directive)
{
	(*counter)++;
	printf("%s %u %s", status, ksft_test_num(), directive);
}

static inline void ksft_test_result_pass(const char *msg, ...)
{
	ksft_result_line_("ok", &ksft_cnt.ksft_pass, "");
	KSFT_PRINT_("", msg);
}

static inline void ksft_test_result_fail(const char *msg, ...)
{
	ksft_result_line_("not ok", &ksft_cnt.ksft_fail, "");
	KSFT_PRINT_("", msg);
}

static inline void ksft_test_result_xfail(const char *msg, ...)
{
	ksft_result_line_("ok", &ksft_cnt.ksft_xfail, "# XFAIL ");
	KSFT_PRINT_("", msg);
}

static inline void ksft_test_result_skip(const char *msg, ...)
{
	ksft_result_line_("ok", &ksft_cnt.ksft_xskip, "# SKIP ");
	KSFT_PRINT_("", msg);
}

static inline void ksft_test_result_error(const char *msg, ...)
{
	ksft_result_line_("not ok", &ksft_cnt.ksft_error, "# error ");
	KSFT_PRINT_("", msg);
}

#define ksft_test_result(condition, fmt, ...) do {		\
		if (condition)					\
			ksft_test_result_pass(fmt, ##__VA_ARGS__);	\
		else						\
			ksft_test_result_fail(fmt, ##__VA_ARGS__);	\
	} while (0)

static inline int ksft_exit_with_(int code)
{
	ksft_print_cnts();
	exit(code);
}

static inline int ksft_exit_pass(void) { return ksft_exit_with_(KSFT_PASS); }
static inline int ksft_exit_fail(void) { return ksft_exit_with_(KSFT_FAIL); }
static inline int ksft_exit_xfail(void) { return ksft_exit_with_(KSFT_XFAIL); }
static inline int ksft_exit_xpass(void) { return ksft_exit_with_(KSFT_XPASS); }

#define ksft_exit(condition) do {		\
		if (condition)			\
			ksft_exit_pass();	\
		else				\
			ksft_exit_fail();	\
	} while (0)

#define ksft_finished()						\
	ksft_exit(ksft_plan == ksft_cnt.ksft_pass +		\
		  ksft_cnt.ksft_xfail + ksft_cnt.ksft_xskip)

static inline int ksft_exit_fail_msg(const char *msg, ...)
{
	KSFT_PRINT_("Bail out! ", msg);
	return ksft_exit_with_(KSFT_FAIL);
}

static inline int ksft_exit_skip(const char *msg, ...)
{
	if (ksft_plan || ksft_test_num()) {
		ksft_cnt.ksft_xskip++;
		printf("ok %u # SKIP ", ksft_test_num());
	} else {
		printf("1..0 # SKIP ");
	}
	if (msg)
		KSFT_PRINT_("", msg);
	if (ksft_test_num())
		ksft_print_cnts();
	exit(KSFT_SKIP);
}

#endif /* MMAPCHECK_KSELFTEST_H */
