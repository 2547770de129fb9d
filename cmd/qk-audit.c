/* qk-audit: the audit rules over the reference data and the cases. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "cal.h"
#include "catalog.h"
#include "cli.h"
#include "data.h"
#include "findings.h"
#include "input.h"
#include "jobs.h"
#include "lint.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "value.h"
#include "writer.h"

enum {
	OPT_CATALOG_ONLY = QK_OPT_TOOL, OPT_FAIL_ON, OPT_LIST_RULES,
	OPT_RECTIFY_DAYS, OPT_ROSTER_ONLY, OPT_RULE, OPT_SKIP, OPT_WARN
};

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "catalog-only", no_argument, NULL, OPT_CATALOG_ONLY },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "jobs", required_argument, NULL, 'j' },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "rectify-days", required_argument, NULL, OPT_RECTIFY_DAYS },
	{ "roster-only", no_argument, NULL, OPT_ROSTER_ONLY },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "skip", required_argument, NULL, OPT_SKIP },
	{ "warn", required_argument, NULL, OPT_WARN },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct qk_common opt;
	struct qk_audit_opts ao;
	unsigned char enabled[64];
	int only;			/* QK_RULE_CATALOG, _ROSTER, or -1 */
	int fail_on;			/* the lowest severity that fails; -1 never */
	int text;
	struct qk_output *out;		/* -f xml */
	struct qk_output_atomic *atomic;	/* -f text -o FILE */
	int fd;
	struct qk_writer *w;
	struct qk_fsink *sink;		/* the order of the findings */
	struct qk_reader *reader;
	struct qk_audit *audit;
	long read, audited, malformed;
	int jobs;			/* -j */
	struct qk_audit **worker_audit;	/* -j N: one per worker */
};

static _Noreturn void usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: qk-audit [--catalog-only | --roster-only] [--warn N] [--rectify-days N]\n"
	    "                [--rule ID]... [--skip ID]... [--fail-on error|warning|info|never]\n"
	    "                [-f xml|text] [--list-rules] [-j N] [-o FILE] [-q] [-v]\n"
	    "                [--catalog FILE] [--roster FILE] [--calendar FILE]...\n"
	    "                [--as-of DATE] [--at TIME] [--max-record N] [CASES...]\n");
	if (status == 0)
		qk_exit_written();
	exit(status);
}

static _Noreturn void list_rules(void)
{
	int i;

	for (i = 0; i < qk_audit_nrules(); i++) {
		const struct qk_audit_rule *r = qk_audit_rule_at(i);

		printf("%s\t%s\t%s\n", r->id, qk_severity_name(r->severity), r->label);
	}
	qk_exit_written();
}

static _Noreturn void fail(struct run *run);

/* A catalog or roster finding, when its rule was chosen. */
static void on_lint(void *arg, const struct qk_finding *f)
{
	struct run *run = arg;
	int i = qk_audit_rule_find(f->rule);

	if (i >= 0 && run->enabled[i])
		qk_fsink_add(run->sink, f);
}

/* 1 when some rule of this kind was chosen. */
static int any_rule(const struct run *run, int kind)
{
	int i;

	for (i = 0; i < qk_audit_nrules(); i++)
		if (run->enabled[i] && qk_audit_rule_at(i)->kind == kind)
			return 1;
	return 0;
}

/* The catalog rules, then the roster rules, before any case. */
static void lint_reference(struct run *run)
{
	struct qk_vague *vague;
	char *dir;

	qk_fsink_phase(run->sink, QK_PHASE_REF);
	if (run->opt.catalog != NULL && any_rule(run, QK_RULE_CATALOG)) {
		if ((dir = qk_data_dir()) == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
		if ((vague = qk_vague_load(dir)) == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
		if (qk_vague_error(vague) != NULL) {
			qk_error("%s", qk_vague_error(vague));
			fail(run);
		}
		free(dir);
		if (qk_lint_catalog(run->opt.catalog, vague, on_lint, run) < 0) {
			qk_error("out of memory");
			fail(run);
		}
		qk_vague_free(vague);
	}
	if (run->opt.roster != NULL && any_rule(run, QK_RULE_ROSTER) &&
	    qk_lint_roster(run->opt.roster, on_lint, run) < 0) {
		qk_error("out of memory");
		fail(run);
	}
	qk_fsink_phase(run->sink, QK_PHASE_CASES);
}

static int fd_sink(void *arg, const char *buf, size_t len)
{
	const int *fd = arg;
	ssize_t n;

	while (len > 0) {
		if ((n = write(*fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* <findings version="1" as-of="T">. */
static void open_xml(struct run *run)
{
	struct qk_attr attrs[2] = {
		{ "version", "1", QK_version }, { "as-of", NULL, QK_as_of }
	};
	struct qk_node root = { 0 };
	char asof[11], err[600];

	qk_date_format(run->opt.as_of, asof);
	attrs[1].value = asof;
	root.name = "findings";
	root.attr = attrs;
	root.nattr = 2;
	if ((run->out = qk_output_open(run->opt.output, &root, err, sizeof err)) == NULL)
		qk_die(2, "%s", err);
	run->w = qk_output_writer(run->out);
}

/* The output, XML or lines of text, and the order of its findings. */
static void open_output(struct run *run)
{
	if (run->text) {
		run->fd = 1;
		if (run->opt.output != NULL && strcmp(run->opt.output, "-") != 0 &&
		    (run->atomic = qk_output_atomic_open(run->opt.output, &run->fd)) == NULL)
			qk_die(2, "%s: %s", run->opt.output, strerror(errno));
		if ((run->w = qk_writer_new(fd_sink, &run->fd)) == NULL)
			qk_die(2, "%s", strerror(ENOMEM));
	} else {
		open_xml(run);
	}
	if ((run->sink = qk_fsink_new(run->w, run->text, getenv("TMPDIR"))) == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
}

static _Noreturn void fail(struct run *run)
{
	if (run->out != NULL)
		qk_output_abort(run->out);
	if (run->atomic != NULL)
		qk_output_atomic_abort(run->atomic);
	else if (run->text && run->w != NULL)
		qk_writer_flush(run->w);	/* the errors written so far stay */
	exit(2);
}

static void write_failed(struct run *run)
{
	int e = qk_writer_error(run->w);

	if (e != EPIPE)
		qk_error("%s: write error: %s", run->out != NULL ?
		    qk_output_name(run->out) : run->opt.output != NULL ?
		    run->opt.output : "-", strerror(e));
	fail(run);
}

static void close_output(struct run *run)
{
	if (qk_writer_error(run->w) != 0)
		write_failed(run);
	if (run->out != NULL) {
		if (qk_common_finish(run->out) < 0)
			fail(run);
		if (qk_common_commit(&run->out) < 0)
			exit(2);
		return;
	}
	if (qk_writer_flush(run->w) < 0)
		write_failed(run);
	if (run->atomic != NULL && qk_output_atomic_commit(run->atomic) < 0) {
		run->atomic = NULL;
		qk_die(2, "%s: %s", run->opt.output, strerror(errno));
	}
	run->atomic = NULL;
	qk_writer_free(run->w);
}

/* The calendar rule, between the warnings of the reference data and the
 * cases'. */
static void calendar(void *arg, qk_finding_fn *fn, void *sink)
{
	struct run *run = arg;

	if (run->audit != NULL)
		qk_audit_calendar(run->audit, fn, sink);
}

static void write_spooled(struct run *run)
{
	if (qk_fsink_end(run->sink, calendar, run) < 0) {
		qk_error("spool in %s: %s", getenv("TMPDIR") != NULL ?
		    getenv("TMPDIR") : "/tmp", strerror(errno));
		fail(run);
	}
}

/* 1 when a finding at or above --fail-on was made. */
static int failing(const struct run *run)
{
	int s;

	for (s = QK_SEV_ERROR; s <= run->fail_on; s++)
		if (qk_fsink_count(run->sink, s) > 0)
			return 1;
	return 0;
}

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;
	int r;

	run->read++;
	qk_common_progress(&run->opt, run->read, "cases");
	r = qk_audit_case(run->audit, c, qk_fsink_add, run->sink);
	if (r < 0) {
		qk_error("out of memory");
		return 2;
	}
	if (r == 0)
		run->malformed++;
	else
		run->audited++;
	/* Text on standard output streams: a case's errors go out with it. */
	if (qk_fsink_wrote_error(run->sink) && run->text && run->atomic == NULL)
		qk_writer_flush(run->w);
	return qk_writer_error(run->w) != 0 ? 3 : 0;
}

/* One stream: the cases as the reader hands them (parsed ahead on a
 * thread of their own with QK_THREADS=2, unless -j 1). */
static void audit_in_order(struct run *run, char **paths, int npaths, int may_pipeline)
{
	struct qk_input *in;
	int r;

	run->reader = qk_common_reader(&run->opt, &in, (const char *const *)paths,
	    npaths, "cases", "case");
	if (run->out != NULL)	/* XML on standard output streams its errors */
		qk_common_stream(run->reader, run->out);
	if (!may_pipeline)
		qk_reader_pipeline(run->reader, 0);
	r = qk_reader_run(run->reader, on_case, run);
	if (r == -1)
		qk_report_input_error(run->reader);
	if (r == 3)
		write_failed(run);
	if (r != 0)
		fail(run);
	qk_reader_free(run->reader);
	run->reader = NULL;
	qk_input_free(in);
}

/*
 * -j N: a worker audits each case of its document but the whole-input
 * rules, and hands on its findings and its key as frames; the main thread
 * writes them in input order and runs the whole-input rules on the key.
 */
enum { FRAME_FINDING = QK_FRAME_TOOL, FRAME_CASE };
#define FINDING_STRINGS (2 + QK_F_N)	/* rule, severity, attributes */

struct worker {
	struct qk_job *job;
	struct qk_audit *audit;
	int failed;			/* a frame could not be written */
};

static void put_finding(void *arg, const struct qk_finding *f)
{
	struct worker *w = arg;
	const char *s[FINDING_STRINGS];
	char sev[2] = { (char)('0' + f->severity), '\0' };

	s[0] = f->rule;
	s[1] = sev;
	memcpy(s + 2, f->v, sizeof f->v);
	if (qk_job_put_strings(w->job, FRAME_FINDING, s, FINDING_STRINGS) < 0)
		w->failed = errno;
}

static int worker_case(void *arg, struct qk_node *c)
{
	struct worker *w = arg;
	struct qk_audit_key k;
	const char *s[7];

	if (qk_audit_case_local(w->audit, c, put_finding, w, &k) < 0) {
		(void)qk_job_message(w->job, QK_FRAME_ERROR, NULL, 0, 0, "out of memory");
		return 2;
	}
	s[0] = k.audited ? "1" : "0";
	s[1] = k.id;
	s[2] = k.site;
	s[3] = k.staff;
	s[4] = k.app_site;
	s[5] = k.ref;
	s[6] = k.received;
	if (qk_job_put_strings(w->job, FRAME_CASE, s, 7) < 0 && w->failed == 0)
		w->failed = errno;
	if (w->failed != 0) {
		(void)qk_job_message(w->job, QK_FRAME_ERROR, NULL, 0, 0, strerror(w->failed));
		return 2;
	}
	return 0;
}

static int audit_document(void *arg, int worker, struct qk_reader *r,
    struct qk_job *job)
{
	struct run *run = arg;
	struct worker w = { job, run->worker_audit[worker], 0 };

	return qk_reader_run(r, worker_case, &w);
}

static void merge_finding(struct run *run, const char *data, size_t len)
{
	const char *s[FINDING_STRINGS];
	struct qk_finding f;

	if (qk_jobs_strings(data, len, s, FINDING_STRINGS) < 0)
		return;
	f.rule = s[0];
	f.severity = s[1][0] - '0';
	memcpy(f.v, s + 2, sizeof f.v);
	qk_fsink_add(run->sink, &f);
}

/* A case's end: the whole-input rules, and what on_case does. */
static void merge_case(struct run *run, const char *data, size_t len)
{
	const char *s[7];
	struct qk_audit_key k;

	if (qk_jobs_strings(data, len, s, 7) < 0)
		return;
	run->read++;
	qk_common_progress(&run->opt, run->read, "cases");
	k.audited = s[0][0] == '1';
	k.id = s[1];
	k.site = s[2];
	k.staff = s[3];
	k.app_site = s[4];
	k.ref = s[5];
	k.received = s[6];
	if (!k.audited) {
		run->malformed++;
	} else if (qk_audit_case_whole(run->audit, &k, qk_fsink_add, run->sink) < 0) {
		qk_error("out of memory");
		fail(run);
	} else {
		run->audited++;
	}
	if (qk_fsink_wrote_error(run->sink)) {
		if (run->text && run->atomic == NULL)
			qk_writer_flush(run->w);
		else if (run->out != NULL)
			qk_output_flush(run->out);	/* standard output only */
	}
	if (qk_writer_error(run->w) != 0)
		write_failed(run);
}

static void audit_in_parallel(struct run *run, char **paths, int npaths)
{
	struct qk_jobs_conf conf = {
		run->jobs, (const char *const *)paths, npaths, "cases", "case",
		run->opt.max_record, NULL, audit_document, run
	};
	struct qk_jobs *jobs;
	const char *data;
	size_t len;
	int i, type, r;

	run->worker_audit = qk_xrealloc(NULL, (size_t)run->jobs * sizeof *run->worker_audit);
	for (i = 0; i < run->jobs; i++)
		if ((run->worker_audit[i] = qk_audit_new(run->opt.cal, run->opt.catalog,
		    run->opt.roster, &run->ao)) == NULL)
			qk_die(2, "out of memory");
	if ((jobs = qk_jobs_start(&conf)) == NULL)
		qk_die(2, "%s", strerror(errno));
	while ((r = qk_jobs_next(jobs, &type, &data, &len)) > 0) {
		if (type == FRAME_FINDING)
			merge_finding(run, data, len);
		else if (type == FRAME_CASE)
			merge_case(run, data, len);
		else if (qk_common_job_message(type, data, len))
			fail(run);
	}
	if (r < 0) {
		qk_error("spool in %s: %s", getenv("TMPDIR") != NULL ?
		    getenv("TMPDIR") : "/tmp", strerror(errno));
		fail(run);
	}
	qk_jobs_free(jobs);
	for (i = 0; i < run->jobs; i++) {
		qk_audit_merge_open(run->audit, run->worker_audit[i]);
		qk_audit_free(run->worker_audit[i]);
	}
	free(run->worker_audit);
}

static void audit_cases(struct run *run, char **paths, int npaths)
{
	int plan = qk_jobs_plan(run->jobs, (const char *const *)paths, npaths);

	run->audit = qk_audit_new(run->opt.cal, run->opt.catalog, run->opt.roster, &run->ao);
	if (run->audit == NULL)
		qk_die(2, "out of memory");
	if (plan == QK_JOBS_PARALLEL)
		audit_in_parallel(run, paths, npaths);
	else
		audit_in_order(run, paths, npaths, plan == QK_JOBS_STREAM);
}

static int severity_named(const char *s)
{
	int i;

	for (i = QK_SEV_ERROR; i <= QK_SEV_INFO; i++)
		if (strcmp(s, qk_severity_name(i)) == 0)
			return i;
	return strcmp(s, "never") == 0 ? -1 : -2;
}

static int rule_named(const char *id)
{
	int i = qk_audit_rule_find(id);

	if (i < 0) {
		qk_error("unknown rule '%s' (qk-audit --list-rules lists them)", id);
		usage(2);
	}
	return i;
}

/* --rule (when given) chooses the rules, --skip then removes some;
 * --catalog-only and --roster-only keep only their kind. */
static void choose_rules(struct run *run, char **rule, int nrule, char **skip,
    int nskip)
{
	int i;

	for (i = 0; i < qk_audit_nrules(); i++)
		run->enabled[i] = nrule == 0 && (run->only < 0 ||
		    qk_audit_rule_at(i)->kind == run->only);
	for (i = 0; i < nrule; i++) {
		int k = rule_named(rule[i]);

		run->enabled[k] = run->only < 0 || qk_audit_rule_at(k)->kind == run->only;
	}
	for (i = 0; i < nskip; i++)
		run->enabled[rule_named(skip[i])] = 0;
	run->ao.enabled = run->enabled;
}

/* --catalog-only and --roster-only: one or the other (tools.md). */
static void only(struct run *run, int kind)
{
	if (run->only >= 0 && run->only != kind) {
		qk_error("--catalog-only and --roster-only cannot be used together");
		usage(2);
	}
	run->only = kind;
}

static long count_arg(struct run *run, const char *opt, const char *arg)
{
	long v;

	if (!qk_value_uint(arg, &v)) {
		qk_error("invalid %s '%s': expected an integer >= 0", opt, arg);
		run->opt.usage(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	char **rule = NULL, **skip = NULL;
	const char *format = NULL;
	int nrule = 0, nskip = 0, list = 0, c, status;

	qk_common_init(&run.opt, argc, argv, usage);
	run.only = -1;
	run.ao.warn = 1;
	run.ao.rectify_days = 15;
	run.jobs = qk_jobs_default();
	while ((c = getopt_long(argc, argv, "f:j:" QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run.opt, c, optarg))
			continue;
		switch (c) {
		case 'f':
			if (strcmp(optarg, "xml") != 0 && strcmp(optarg, "text") != 0) {
				qk_error("invalid -f '%s': expected xml or text", optarg);
				usage(2);
			}
			format = optarg;
			break;
		case 'j':
			run.jobs = qk_common_jobs(&run.opt, optarg);
			break;
		case OPT_CATALOG_ONLY:
			only(&run, QK_RULE_CATALOG);
			break;
		case OPT_FAIL_ON:
			if ((run.fail_on = severity_named(optarg)) < -1) {
				qk_error("invalid --fail-on '%s': expected error, warning, info or never", optarg);
				usage(2);
			}
			break;
		case OPT_LIST_RULES:
			list = 1;
			break;
		case OPT_RECTIFY_DAYS:
			run.ao.rectify_days = count_arg(&run, "--rectify-days", optarg);
			break;
		case OPT_ROSTER_ONLY:
			only(&run, QK_RULE_ROSTER);
			break;
		case OPT_RULE:
			rule = qk_xrealloc(rule, (nrule + 1) * sizeof *rule);
			rule[nrule++] = optarg;
			break;
		case OPT_SKIP:
			skip = qk_xrealloc(skip, (nskip + 1) * sizeof *skip);
			skip[nskip++] = optarg;
			break;
		case OPT_WARN:
			run.ao.warn = count_arg(&run, "--warn", optarg);
			break;
		default:
			usage(2);
		}
	}
	choose_rules(&run, rule, nrule, skip, nskip);
	if (list)
		list_rules();
	qk_common_dates(&run.opt);
	run.ao.as_of = run.opt.as_of;
	run.text = format != NULL ? strcmp(format, "text") == 0 :
	    run.opt.output == NULL && isatty(1);
	qk_common_load(&run.opt, run.only == QK_RULE_CATALOG ? QK_NEED_CATALOG :
	    run.only == QK_RULE_ROSTER ? QK_NEED_ROSTER :
	    QK_NEED_CATALOG | QK_NEED_ROSTER | QK_NEED_CALENDAR);
	open_output(&run);
	lint_reference(&run);
	if (run.only < 0)
		audit_cases(&run, argv + optind, argc - optind);
	write_spooled(&run);
	close_output(&run);
	if (run.opt.cal != NULL && qk_cal_outside(run.opt.cal))
		qk_warn("a date lies outside the calendar's coverage: Monday to Friday assumed");
	if (run.opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected",
		    run.read, run.audited, run.malformed);
	status = failing(&run);
	qk_fsink_free(run.sink);
	qk_audit_free(run.audit);
	free(rule);
	free(skip);
	qk_common_free(&run.opt);
	return status;
}
