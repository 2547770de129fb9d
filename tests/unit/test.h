#ifndef QK_TEST_H
#define QK_TEST_H

#include <string.h>

/*
 * Unit tests: each QK_TEST(name) at the start of a line is found by the
 * Makefile and run by main.c, which prints TAP for prove.
 */
#define QK_TEST(name) void test_##name(void)

void qk_test_fail(const char *file, int line, const char *what);
void qk_test_failf(const char *file, int line, const char *fmt, ...);
/* The folder of the test data (tests/data) of the source tree. */
const char *qk_test_data(void);

#define CHECK(cond) do { \
	if (!(cond)) { qk_test_fail(__FILE__, __LINE__, #cond); return; } \
} while (0)
#define CHECK_INT(a, b) do { \
	long long a_ = (a), b_ = (b); \
	if (a_ != b_) { qk_test_failf(__FILE__, __LINE__, \
	    "%s == %lld, expected %lld", #a, a_, b_); return; } \
} while (0)
#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || strcmp(a_, b_) != 0) { qk_test_failf(__FILE__, \
	    __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
	    a_ != NULL ? a_ : "(null)", b_); return; } \
} while (0)

#endif
