#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

static const char *prog = "qk";
static int quiet;

void qk_msg_init(const char *argv0)
{
	const char *slash = argv0 != NULL ? strrchr(argv0, '/') : NULL;

	if (argv0 != NULL && *argv0 != '\0')
		prog = slash != NULL ? slash + 1 : argv0;
}

const char *qk_prog(void)
{
	return prog;
}

void qk_msg_quiet(int q)
{
	quiet = q;
}

static void vmsg(const char *file, long line, long col, const char *fmt,
    va_list ap)
{
	char buf[4096];
	int n;

	n = snprintf(buf, sizeof buf, "%s: ", prog);
	if (file != NULL && line > 0 && col > 0)
		n += snprintf(buf + n, sizeof buf - n, "%s:%ld:%ld: ", file, line, col);
	else if (file != NULL && line > 0)
		n += snprintf(buf + n, sizeof buf - n, "%s:%ld: ", file, line);
	else if (file != NULL)
		n += snprintf(buf + n, sizeof buf - n, "%s: ", file);
	if (n >= (int)sizeof buf)
		n = sizeof buf - 1;
	vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	/* One write per message, so that lines from two tools do not mix. */
	fprintf(stderr, "%s\n", buf);
}

void qk_warn_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(file, line, col, fmt, ap);
	va_end(ap);
}

void qk_error_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, col, fmt, ap);
	va_end(ap);
}

void qk_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void qk_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void qk_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void qk_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}
