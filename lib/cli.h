#ifndef QK_CLI_H
#define QK_CLI_H

#include <stdatomic.h>
#include <getopt.h>
#include <stddef.h>

#include "date.h"

/*
 * Front-end helpers shared by the tools in cmd/ (like msg.c, never called
 * by the rest of lib/): the common options of tools.md, the reference
 * data, and the messages for input errors.  These may print and exit.
 */
struct qk_catalog;
struct qk_roster;
struct qk_cal;
struct qk_reader;

enum {
	QK_OPT_CATALOG = 1000, QK_OPT_ROSTER, QK_OPT_CALENDAR, QK_OPT_AS_OF,
	QK_OPT_AT, QK_OPT_MAX_RECORD, QK_OPT_HELP, QK_OPT_VERSION,
	QK_OPT_TOOL		/* first code of a tool's own options */
};

#define QK_COMMON_LONGOPTS \
	{ "as-of", required_argument, NULL, QK_OPT_AS_OF }, \
	{ "at", required_argument, NULL, QK_OPT_AT }, \
	{ "calendar", required_argument, NULL, QK_OPT_CALENDAR }, \
	{ "catalog", required_argument, NULL, QK_OPT_CATALOG }, \
	{ "help", no_argument, NULL, QK_OPT_HELP }, \
	{ "max-record", required_argument, NULL, QK_OPT_MAX_RECORD }, \
	{ "roster", required_argument, NULL, QK_OPT_ROSTER }, \
	{ "version", no_argument, NULL, QK_OPT_VERSION }
#define QK_COMMON_SHORTOPTS "o:qv"

struct qk_common {
	const char *output;
	const char *catalog_path, *roster_path;
	const char **calendars;
	int ncalendars;
	const char *as_of_arg, *at_arg;
	long as_of;			/* day */
	struct qk_time at;
	char at_text[64];		/* --at as written, or now */
	size_t max_record;
	int quiet, verbose;
	long long progress_at;		/* when the next progress line is due */
	atomic_long shared_read;	/* qk_common_progress_shared() */
	atomic_llong shared_at;
	void (*usage)(int status);	/* the tool's usage() */
	struct qk_catalog *catalog;
	struct qk_roster *roster;
	struct qk_cal *cal;
};

void qk_common_init(struct qk_common *, int argc, char **argv,
    void (*usage)(int));
/* Handles a common option: 1 when it was one. */
int qk_common_option(struct qk_common *, int opt, const char *arg);
/* Resolves --as-of and --at (defaults: now in TZ). */
void qk_common_dates(struct qk_common *);
/* Loads the reference data the tool needs (QK_NEED_*) and whatever the
 * command line names; exits 2 on error. */
enum { QK_NEED_CATALOG = 1, QK_NEED_ROSTER = 2, QK_NEED_CALENDAR = 4 };
void qk_common_load(struct qk_common *, int need);
void qk_common_free(struct qk_common *);

/* A document output (-o FILE, or standard output for NULL) whose root is
 * <ROOT version="1">; exits 2 when it cannot be opened. */
struct qk_output;
struct qk_input;
struct qk_output *qk_common_output(const char *path, const char *root);
/* Finishes, or commits, an output (NULL is skipped): 0, or -1 after the
 * message was printed.  Commit sets *o to NULL. */
int qk_common_finish(struct qk_output *o);
int qk_common_commit(struct qk_output **o);
/* Standard output streams: what the records read so far made is written
 * out whenever the reader is about to read more input. */
void qk_common_stream(struct qk_reader *, struct qk_output *);
/* Reports a failed write to an output's writer, unless it was EPIPE (a
 * closed pipe ends the run without a message: tools.md, Exit status). */
void qk_common_write_failed(struct qk_output *o);
/* The input of the operands (standard input when none) and its record
 * reader, with the warnings, threads (QK_THREADS) and --max-record of the
 * tool; exits 2
 * when memory runs out. */
struct qk_reader *qk_common_reader(struct qk_common *, struct qk_input **in,
    const char *const *paths, int npaths, const char *root,
    const char *record);
/* With -v, a progress line ("PROG: N WHAT read") every 10 seconds of a
 * long run; cheap enough to call for every record. */
void qk_common_progress(struct qk_common *, long records, const char *what);
/* The same from the threads of -j N, each calling it once per record: one
 * count of the records all have read. */
void qk_common_progress_shared(struct qk_common *, const char *what);
/* Reports a reader's fatal error in the message format of tools.md. */
void qk_report_input_error(struct qk_reader *);
/* Warning callbacks for qk_input_on_skip and qk_reader_on_warning. */
void qk_warn_skip(void *arg, const char *name, const char *why);
void qk_warn_record(void *arg, const char *file, long line, const char *msg);
/* realloc, or exit 2 with a message when memory runs out. */
void *qk_xrealloc(void *p, size_t size);
/* What --help says of a tool. */
struct qk_help {
	const char *synopsis;	/* after "usage: ", each line ending in LF */
	const char *purpose;	/* one line */
	const char *options;	/* the tool's own options, a line each */
	const char *exit1;	/* what exit status 1 means */
};
/* --help (status 0: everything, on standard output) or a usage error (the
 * synopsis on standard error); exits with status. */
_Noreturn void qk_usage(int status, const struct qk_help *);
/* Prints the version line and exits 0. */
_Noreturn void qk_version(void);
/* Exits 0 once standard output is written, or 2 on a write error (with
 * its message, except for EPIPE): the end of --help, --version and
 * qk-audit --list-rules. */
_Noreturn void qk_exit_written(void);
/* -j N: N (1 to 1024), or a usage error. */
int qk_common_jobs(struct qk_common *, const char *arg);
/* Prints a QK_FRAME_WARN or QK_FRAME_ERROR frame of qk_jobs as the reader
 * would have; 1 when it was an error (the run then exits 2). */
int qk_common_job_message(int type, const char *data, size_t len);

#endif
