#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cal.h"
#include "catalog.h"
#include "cli.h"
#include "data.h"
#include "input.h"
#include "jobs.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "roster.h"
#include "value.h"
#include "writer.h"

void qk_common_init(struct qk_common *c, int argc, char **argv,
    void (*usage)(int))
{
	memset(c, 0, sizeof *c);
	c->max_record = 1024 * 1024;
	c->usage = usage;
	/* Member names of archives come as libarchive converts them to the
	 * locale's charset: in the C locale of cron a name flagged UTF-8
	 * (bsdtar, Python, 7-Zip) cannot be converted and is lost.  Only
	 * LC_CTYPE changes: qk's messages and formats are the same in every
	 * locale. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.utf8");
	qk_msg_init(argv[0]);
	/* getopt_long names the program by argv[0]: the same PROG as every
	 * other message, not the path it was run by. */
	if (argc > 0)
		argv[0] = (char *)qk_prog();
	qk_output_init();
}

void *qk_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (q == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	return q;
}

_Noreturn void qk_usage(int status, const struct qk_help *h)
{
	FILE *f = status == 0 ? stdout : stderr;

	fprintf(f, "usage: %s", h->synopsis);
	if (status != 0) {
		fprintf(f, "Try '%s --help' for more.\n", qk_prog());
		exit(status);
	}
	fprintf(f, "\n%s\n\n%s", h->purpose, h->options);
	fprintf(f, "\nCommon options:\n"
	    "  -o FILE            write FILE atomically instead of standard output\n"
	    "  -q                 no warnings (errors are always shown)\n"
	    "  -v                 progress, and the counts at exit\n"
	    "  --catalog FILE, --roster FILE, --calendar FILE (repeatable)\n"
	    "                     reference data instead of the data folder's\n"
	    "  --as-of DATE, --at TIME\n"
	    "                     today (YYYY-MM-DD) and now (YYYY-MM-DDThh:mm:ss+hh:mm)\n"
	    "  --max-record N     largest record in bytes (default 1048576)\n"
	    "  --help, --version\n"
	    "\nInputs are read in order; '-' or none is standard input.  Plain, gzip,\n"
	    "xz, lzma, bzip2 or zstd, or a tar, zip or cpio of .xml members.\n"
	    "\nExit status:\n"
	    "  0  every record processed\n"
	    "  1  %s\n"
	    "  2  usage error, or fatal input error\n"
	    "\nSee %s(1).\n", h->exit1, qk_prog());
	qk_exit_written();
}

_Noreturn void qk_version(void)
{
	printf("%s (qk) %s\n", qk_prog(), QK_VERSION);
	qk_exit_written();
}

_Noreturn void qk_exit_written(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		exit(0);
	if (errno != EPIPE)
		qk_error("standard output: write error: %s", strerror(errno));
	exit(2);
}

static void bad_value(struct qk_common *c, const char *opt, const char *arg,
    const char *want)
{
	qk_error("invalid %s '%s': %s", opt, arg, want);
	c->usage(2);
}

int qk_common_option(struct qk_common *c, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case 'o':
		c->output = arg;
		return 1;
	case 'q':
		c->quiet = 1;
		qk_msg_quiet(1);
		return 1;
	case 'v':
		c->verbose = 1;
		return 1;
	case QK_OPT_AS_OF:
		if (qk_date_parse(arg, &v) < 0)
			bad_value(c, "--as-of", arg, "expected YYYY-MM-DD");
		c->as_of_arg = arg;
		c->as_of = v;
		return 1;
	case QK_OPT_AT:
		if (qk_time_parse(arg, &c->at) < 0)
			bad_value(c, "--at", arg, "expected YYYY-MM-DDThh:mm:ss+hh:mm");
		c->at_arg = arg;
		return 1;
	case QK_OPT_CALENDAR:
		c->calendars = qk_xrealloc(c->calendars, (c->ncalendars + 1) * sizeof *c->calendars);
		c->calendars[c->ncalendars++] = arg;
		return 1;
	case QK_OPT_CATALOG:
		c->catalog_path = arg;
		return 1;
	case QK_OPT_ROSTER:
		c->roster_path = arg;
		return 1;
	case QK_OPT_MAX_RECORD:
		if (!qk_value_uint(arg, &v) || v == 0)
			bad_value(c, "--max-record", arg, "expected a number of bytes");
		c->max_record = (size_t)v;
		return 1;
	case QK_OPT_HELP:
		c->usage(0);
		return 1;
	case QK_OPT_VERSION:
		qk_version();
	}
	return 0;
}

/* Now, in the local zone, with that zone's offset. */
static void now(struct qk_common *c)
{
	time_t t = time(NULL);
	struct tm tm;
	long off;
	char buf[64];

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	if (qk_time_parse(buf, &c->at) < 0)
		qk_die(2, "cannot read the clock");
	snprintf(c->at_text, sizeof c->at_text, "%s", buf);
}

void qk_common_dates(struct qk_common *c)
{
	if (c->at_arg != NULL)
		snprintf(c->at_text, sizeof c->at_text, "%s", c->at_arg);
	else
		now(c);
	if (c->as_of_arg == NULL)
		c->as_of = c->at.day;
}

/* Exits 2 with the message of a failed load, at its place, freeing path
 * (the caller's copy of the file name) once the message is out.  The place
 * is read through pointers: the getter that sets it is an argument, and
 * the order in which arguments are evaluated is unspecified. */
static void check_loaded(const char *err, const char *const *file,
    const long *line, const long *col, char *path)
{
	if (err == NULL)
		return;
	qk_error_at(**file != '\0' ? *file : NULL, *line, *col, "%s", err);
	free(path);
	exit(2);
}

/* Loads a calendar file; owned, when not NULL, is path as our own copy,
 * freed once loaded. */
static void load_calendar(struct qk_common *c, const char *path, int optional,
    char *owned)
{
	const char *file;
	long line, col;

	int missing = optional && access(path, F_OK) != 0 && errno == ENOENT;

	if (!missing && qk_cal_load(c->cal, path) < 0)
		check_loaded(qk_cal_error(c->cal, &file, &line, &col),
		    &file, &line, &col, owned);
	free(owned);
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	return p;
}

static char *data_path(const char *name)
{
	char *p = qk_data_file(name);

	if (p == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	return p;
}

void qk_common_load(struct qk_common *c, int need)
{
	const char *file;
	long line, col;
	char *p;
	int i;

	/* What the command line names is read even where the tool has no use
	 * for it: reference data that cannot be read is fatal (tools.md). */
	if (c->catalog_path != NULL)
		need |= QK_NEED_CATALOG;
	if (c->roster_path != NULL)
		need |= QK_NEED_ROSTER;
	if (c->ncalendars > 0)
		need |= QK_NEED_CALENDAR;
	if (need & QK_NEED_CATALOG) {
		p = c->catalog_path != NULL ? xstrdup(c->catalog_path) : data_path("catalog.xml");
		if ((c->catalog = qk_catalog_load(p)) == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
		check_loaded(qk_catalog_error(c->catalog, &file, &line, &col),
		    &file, &line, &col, p);
		free(p);
	}
	if (need & QK_NEED_ROSTER) {
		p = c->roster_path != NULL ? xstrdup(c->roster_path) : data_path("roster.xml");
		if ((c->roster = qk_roster_load(p)) == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
		check_loaded(qk_roster_error(c->roster, &file, &line, &col),
		    &file, &line, &col, p);
		free(p);
	}
	if (need & QK_NEED_CALENDAR) {
		c->cal = qk_cal_new();
		if (c->cal == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
		for (i = 0; i < c->ncalendars; i++)
			load_calendar(c, c->calendars[i], 0, NULL);
		if (c->ncalendars == 0) {
			p = data_path("calendar.xml");
			load_calendar(c, p, 0, p);
			p = data_path("calendar.local.xml");
			load_calendar(c, p, 1, p);
		}
		if (qk_cal_build(c->cal) < 0)
			qk_die(2, "%s", strerror(ENOMEM));
	}
}

struct qk_output *qk_common_output(const char *path, const char *root)
{
	struct qk_attr version = { "version", "1", QK_version };
	struct qk_node n = { 0 };
	struct qk_output *o;
	char err[600];

	n.name = root;
	n.attr = &version;
	n.nattr = 1;
	o = qk_output_open(path, &n, err, sizeof err);
	if (o == NULL)
		qk_die(2, "%s", err);
	return o;
}

int qk_common_finish(struct qk_output *o)
{
	char err[600];

	if (o == NULL || qk_output_finish(o, err, sizeof err) == 0)
		return 0;
	if (errno != EPIPE)
		qk_error("%s", err);
	return -1;
}

int qk_common_commit(struct qk_output **o)
{
	char err[600];
	int r;

	if (*o == NULL)
		return 0;
	r = qk_output_commit(*o, err, sizeof err);
	*o = NULL;
	if (r < 0 && errno != EPIPE)	/* a closed pipe ends the run quietly */
		qk_error("%s", err);
	return r;
}

static int flush_output(void *arg)
{
	return qk_output_flush(arg);
}

void qk_common_stream(struct qk_reader *r, struct qk_output *o)
{
	qk_reader_before_read(r, flush_output, o);
}

void qk_common_write_failed(struct qk_output *o)
{
	int e = qk_writer_error(qk_output_writer(o));

	if (e != EPIPE)
		qk_error("%s: write error: %s", qk_output_name(o), strerror(e));
}

struct qk_reader *qk_common_reader(struct qk_common *c, struct qk_input **in,
    const char *const *paths, int npaths, const char *root,
    const char *record)
{
	struct qk_reader *r;

	*in = qk_input_new(paths, npaths, -1);
	r = *in != NULL ? qk_reader_new(*in, root, record) : NULL;
	if (r == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	qk_input_on_skip(*in, qk_warn_skip, NULL);
	qk_reader_on_warning(r, qk_warn_record, NULL);
	qk_reader_max_record(r, c->max_record);
	qk_reader_pipeline(r, qk_input_threaded(*in) && qk_input_threads() == 2);
	return r;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qk_common_progress(struct qk_common *c, long records, const char *what)
{
	long long now;

	if (!c->verbose || (records & 4095) != 0)
		return;
	now = now_ms();
	if (c->progress_at == 0) {
		c->progress_at = now + 10000;
		return;
	}
	if (now < c->progress_at)
		return;
	c->progress_at = now + 10000;
	qk_note("%ld %s read", records, what);
}

void qk_common_progress_shared(struct qk_common *c, const char *what)
{
	long records;
	long long now, due;

	if (!c->verbose)
		return;
	records = atomic_fetch_add(&c->shared_read, 1) + 1;
	if ((records & 4095) != 0)
		return;
	now = now_ms();
	due = atomic_load(&c->shared_at);
	if (due == 0) {
		atomic_compare_exchange_strong(&c->shared_at, &due, now + 10000);
		return;
	}
	/* Of the threads that see the line due, the one that moves it on
	 * prints it. */
	if (now >= due && atomic_compare_exchange_strong(&c->shared_at, &due, now + 10000))
		qk_note("%ld %s read", records, what);
}

void qk_common_free(struct qk_common *c)
{
	qk_catalog_free(c->catalog);
	qk_roster_free(c->roster);
	qk_cal_free(c->cal);
	free(c->calendars);
}

void qk_report_input_error(struct qk_reader *r)
{
	const char *file;
	long line, col;
	const char *msg = qk_reader_error(r, &file, &line, &col);

	qk_error_at(file, line, col, "%s", msg);
}

void qk_warn_skip(void *arg, const char *name, const char *why)
{
	(void)arg;
	qk_warn_at(name, 0, 0, "%s", why);
}

void qk_warn_record(void *arg, const char *file, long line, const char *msg)
{
	(void)arg;
	qk_warn_at(file, line, 0, "%s", msg);
}

int qk_common_jobs(struct qk_common *c, const char *arg)
{
	long n;

	if (!qk_value_uint(arg, &n) || n < 1 || n > 1024) {
		qk_error("invalid -j '%s': expected an integer from 1 to 1024", arg);
		c->usage(2);
	}
	return (int)n;
}

int qk_common_job_message(int type, const char *data, size_t len)
{
	const char *s[4];
	long line, col;

	if (qk_jobs_strings(data, len, s, 4) < 0 || s[0] == NULL || s[3] == NULL)
		return 0;
	line = strtol(s[1], NULL, 10);
	col = strtol(s[2], NULL, 10);
	if (type == QK_FRAME_WARN) {
		qk_warn_at(*s[0] != '\0' ? s[0] : NULL, line, 0, "%s", s[3]);
		return 0;
	}
	qk_error_at(*s[0] != '\0' ? s[0] : NULL, line, col, "%s", s[3]);
	return 1;
}
