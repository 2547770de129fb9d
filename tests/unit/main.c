#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define X(name) void test_##name(void);
#include "list.h"
#undef X

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define X(name) { #name, test_##name },
#include "list.h"
#undef X
};

static int failed;

void qk_test_fail(const char *file, int line, const char *what)
{
	printf("# %s:%d: check failed: %s\n", file, line, what);
	failed = 1;
}

void qk_test_failf(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed = 1;
}

const char *qk_test_data(void)
{
	const char *d = getenv("QK_TEST_DATA");

	return d != NULL ? d : QK_SRCDIR "/tests/data";
}

/* With an argument, runs only the tests whose names contain it. */
int main(int argc, char **argv)
{
	size_t i, n = sizeof tests / sizeof tests[0];
	int bad = 0, k = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++)
		if (argc < 2 || strstr(tests[i].name, argv[1]) != NULL)
			k++;
	printf("1..%d\n", k);
	k = 0;
	for (i = 0; i < n; i++) {
		if (argc >= 2 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		failed = 0;
		tests[i].fn();
		printf("%sok %d - %s\n", failed ? "not " : "", ++k, tests[i].name);
		bad |= failed;
	}
	return bad;
}
