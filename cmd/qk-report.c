/* qk-report: the KPIs of the plan, the staff assessment, the morning
 * briefing and the dashboard, from cases or from merged partials. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"
#include "cal.h"
#include "case.h"
#include "cli.h"
#include "data.h"
#include "date.h"
#include "input.h"
#include "jobs.h"
#include "kpi.h"
#include "lint.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "replay.h"
#include "report.h"
#include "writer.h"

enum { F_XML, F_CSV, F_TEXT, F_HTML, F_PARTIAL };

enum { OPT_BRIEFING = QK_OPT_TOOL, OPT_FROM, OPT_MASK, OPT_MERGE, OPT_TABLE, OPT_TO };

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "briefing", no_argument, NULL, OPT_BRIEFING },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "jobs", required_argument, NULL, 'j' },
	{ "mask", no_argument, NULL, OPT_MASK },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "to", required_argument, NULL, OPT_TO },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct qk_common opt;
	int format, place, briefing, merge, mask;
	long from, to;			/* -1 when open */
	char from_s[11], to_s[11], as_of_s[11];
	int merged_from_open, merged_to_open, have_as_of;
	struct qk_reader *reader;
	struct qk_replay *replay;
	struct qk_kpi *kpi;
	struct qk_briefing *sheet;
	long read, counted, skipped;
	int jobs;			/* -j */
};

/* What counts the cases: the run's own reader and counters (one core), or
 * a worker's (-j N), whose messages go out as frames. */
struct counter {
	struct run *run;
	struct qk_reader *reader;
	struct qk_job *job;
	struct qk_kpi *kpi;
	struct qk_replay *replay;
	long read, counted, skipped;
};

static _Noreturn void usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: qk-report [--from DATE] [--to DATE] [-f text|csv|xml|html|partial]\n"
	    "                 [--table NAME] [--briefing] [--merge] [--mask] [-j N] [-o FILE]\n"
	    "                 [-q] [-v] [--catalog FILE] [--roster FILE]\n"
	    "                 [--calendar FILE]... [--as-of DATE] [--at TIME]\n"
	    "                 [--max-record N] [CASES... | PARTIALS...]\n");
	if (status == 0)
		qk_exit_written();
	exit(status);
}

static int parse_format(const char *s)
{
	static const char *const names[] = { "xml", "csv", "text", "html", "partial" };
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return i;
	qk_error("invalid -f '%s': expected text, csv, xml, html or partial", s);
	usage(2);
}

static int parse_table(const char *s)
{
	int p;

	if (!strcmp(s, "summary"))
		return QK_P_CASES;
	for (p = 0; p < QK_P_N; p++)
		if (!strcmp(s, qk_kpi_place_name(p)))
			return p;
	qk_error("invalid --table '%s': expected cases, summary, targets, departments, sites, staff or agents", s);
	usage(2);
}

static long parse_day(const char *opt, const char *s, char out[11])
{
	long day;

	if (qk_date_parse(s, &day) < 0) {
		qk_error("invalid %s '%s': expected YYYY-MM-DD", opt, s);
		usage(2);
	}
	qk_date_format(day, out);
	return day;
}

static void warn_case(struct counter *k, const struct qk_node *c, const char *msg)
{
	if (k->job != NULL)
		(void)qk_job_message(k->job, QK_FRAME_WARN, qk_reader_doc(k->reader),
		    c->line, 0, msg);
	else
		qk_warn_at(qk_reader_doc(k->reader), c->line, 0, "%s", msg);
}

static int out_of_memory(struct counter *k)
{
	if (k->job != NULL)
		(void)qk_job_message(k->job, QK_FRAME_ERROR, NULL, 0, 0, "out of memory");
	else
		qk_error("out of memory");
	return 2;
}

static int on_case(void *arg, struct qk_node *c)
{
	struct counter *k = arg;
	struct run *run = k->run;
	int r;

	k->read++;
	if (k->job == NULL)
		qk_common_progress(&run->opt, k->read, "cases");
	else
		qk_common_progress_shared(&run->opt, "cases");
	if (qk_case_malformed(c)) {
		warn_case(k, c, "case record malformed: no id or no application; skipped");
		qk_kpi_skip(k->kpi);
		k->skipped++;
		return 0;
	}
	if (run->sheet != NULL) {
		if (qk_briefing_add(run->sheet, k->replay, c) < 0) {
			qk_error("briefing: %s", strerror(errno ? errno : ENOMEM));
			return 2;
		}
		return 0;
	}
	r = qk_kpi_add_case(k->kpi, k->replay, run->opt.cal, c, run->from, run->to,
	    run->opt.as_of);
	if (r < 0)
		return out_of_memory(k);
	if (r == 2) {
		warn_case(k, c, "case without a valid received time; skipped");
		k->skipped++;
	}
	k->counted += r == 1;
	return 0;
}

/* The root of a partial: its as-of must be that of the others; its from
 * and to widen the merged ones (absent if any is absent). */
static int merge_root(struct run *run, const struct qk_node *root)
{
	const char *as_of = qk_get(root, QK_as_of);
	const char *from = qk_get(root, QK_from), *to = qk_get(root, QK_to);
	const char *doc = qk_reader_doc(run->reader);
	long day;
	char s[11];

	if (as_of == NULL || qk_date_parse(as_of, &day) < 0) {
		qk_error_at(doc, 0, 0, "partial without a valid as-of");
		return 2;
	}
	qk_date_format(day, s);
	if (run->have_as_of && strcmp(s, run->as_of_s) != 0) {
		qk_error_at(doc, 0, 0, "partial as-of %s differs from %s", s, run->as_of_s);
		return 2;
	}
	memcpy(run->as_of_s, s, sizeof s);
	run->opt.as_of = day;
	run->have_as_of = 1;
	if ((from != NULL && qk_date_parse(from, &day) < 0) ||
	    (to != NULL && qk_date_parse(to, &day) < 0)) {
		qk_error_at(doc, 0, 0, "partial with an invalid from or to");
		return 2;
	}
	if (from == NULL)
		run->merged_from_open = 1;
	else if (run->from_s[0] == '\0' || strcmp(from, run->from_s) < 0)
		snprintf(run->from_s, sizeof run->from_s, "%s", from);
	if (to == NULL)
		run->merged_to_open = 1;
	else if (run->to_s[0] == '\0' || strcmp(to, run->to_s) > 0)
		snprintf(run->to_s, sizeof run->to_s, "%s", to);
	return 0;
}

static int on_group(void *arg, struct qk_node *g)
{
	struct run *run = arg;
	char err[300];
	int r;

	run->read++;
	if ((r = merge_root(run, qk_reader_root(run->reader))) != 0)
		return r;
	if (qk_kpi_merge_group(run->kpi, g, err, sizeof err) < 0) {
		qk_error_at(qk_reader_doc(run->reader), g->line, 0, "%s", err);
		return 2;
	}
	return 0;
}

/* ---- Output ---- */

static int sink_fd(void *arg, const char *buf, size_t len)
{
	int fd = *(int *)arg;
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* An XML document whose root carries version, from, to and as-of. */
static void write_xml(struct run *run, const struct qk_report *rp, const char *root)
{
	struct qk_attr attr[4];
	struct qk_node n = { 0 };
	struct qk_output *o;
	char err[600];

	n.name = root;
	n.attr = attr;
	attr[n.nattr++] = (struct qk_attr){ "version", "1", QK_version };
	if (rp->from != NULL)
		attr[n.nattr++] = (struct qk_attr){ "from", rp->from, QK_from };
	if (rp->to != NULL)
		attr[n.nattr++] = (struct qk_attr){ "to", rp->to, QK_to };
	attr[n.nattr++] = (struct qk_attr){ "as-of", rp->as_of, QK_as_of };
	if ((o = qk_output_open(run->opt.output, &n, err, sizeof err)) == NULL)
		qk_die(2, "%s", err);
	if (run->format == F_PARTIAL)
		qk_report_partial(qk_output_writer(o), rp->kpi);
	else
		qk_report_xml(qk_output_writer(o), rp);
	if (qk_writer_error(qk_output_writer(o)) != 0) {
		qk_common_write_failed(o);
		qk_output_abort(o);
		exit(2);
	}
	if (qk_common_finish(o) < 0) {
		qk_output_abort(o);
		exit(2);
	}
	if (qk_common_commit(&o) < 0)
		exit(2);
}

/* Text for people (text, csv, html, the briefing): to standard output, or
 * atomically to -o FILE. */
static void write_text(struct run *run, const struct qk_report *rp)
{
	const char *path = run->opt.output;
	struct qk_output_atomic *at = NULL;
	struct qk_writer *w;
	int fd = 1, r = 0;

	if (path != NULL && strcmp(path, "-") != 0 &&
	    (at = qk_output_atomic_open(path, &fd)) == NULL)
		qk_die(2, "%s: %s", path, strerror(errno));
	if ((w = qk_writer_new(sink_fd, &fd)) == NULL)
		qk_die(2, "out of memory");
	if (run->sheet != NULL)
		r = qk_briefing_write(run->sheet, w, run->opt.roster);
	else if (run->format == F_CSV)
		qk_report_csv(w, rp, run->place < 0 ? QK_P_CASES : run->place);
	else if (run->format == F_HTML)
		qk_report_html(w, rp);
	else
		r = qk_report_text(w, rp, run->place);
	if (r < 0 || qk_writer_flush(w) < 0 || qk_writer_error(w) != 0) {
		int e = r < 0 ? ENOMEM : qk_writer_error(w);

		if (e != EPIPE)
			qk_error("%s: write error: %s", path ? path : "-", strerror(e));
		qk_output_atomic_abort(at);
		exit(2);
	}
	qk_writer_free(w);
	if (at != NULL && qk_output_atomic_commit(at) < 0)
		qk_die(2, "%s: %s", path, strerror(errno));
}

static void write_result(struct run *run)
{
	struct qk_targets targets;
	struct qk_report rp = { 0 };
	struct qk_vague *vague;
	char *dir;

	rp.kpi = run->kpi;
	rp.targets = &targets;
	rp.catalog = run->opt.catalog;
	rp.roster = run->opt.roster;
	if (run->merge) {
		rp.from = run->merged_from_open || run->from_s[0] == '\0' ? NULL : run->from_s;
		rp.to = run->merged_to_open || run->to_s[0] == '\0' ? NULL : run->to_s;
	} else {
		rp.from = run->from >= 0 ? run->from_s : NULL;
		rp.to = run->to >= 0 ? run->to_s : NULL;
	}
	rp.as_of = run->as_of_s;
	if ((dir = qk_data_dir()) == NULL)
		qk_die(2, "out of memory");
	if ((vague = qk_vague_load(dir)) == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	if (qk_vague_error(vague) != NULL)
		qk_die(2, "%s", qk_vague_error(vague));
	free(dir);
	if (qk_kpi_targets(run->opt.catalog, run->opt.roster, vague, &targets) < 0)
		qk_die(2, "out of memory");
	qk_vague_free(vague);
	if (run->sheet == NULL && (run->format == F_XML || run->format == F_PARTIAL))
		write_xml(run, &rp, run->format == F_XML ? "report" : "partial");
	else
		write_text(run, &rp);
}

static void parse_options(struct run *run, int argc, char **argv)
{
	int c, format = -1;

	run->jobs = qk_jobs_default();
	while ((c = getopt_long(argc, argv, "f:j:" QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run->opt, c, optarg))
			continue;
		switch (c) {
		case 'f':
			format = parse_format(optarg);
			break;
		case 'j':
			run->jobs = qk_common_jobs(&run->opt, optarg);
			break;
		case OPT_BRIEFING:
			run->briefing = 1;
			break;
		case OPT_FROM:
			run->from = parse_day("--from", optarg, run->from_s);
			break;
		case OPT_MASK:
			run->mask = 1;
			break;
		case OPT_MERGE:
			run->merge = 1;
			break;
		case OPT_TABLE:
			run->place = parse_table(optarg);
			break;
		case OPT_TO:
			run->to = parse_day("--to", optarg, run->to_s);
			break;
		default:
			usage(2);
		}
	}
	if (run->briefing && run->merge) {
		qk_error("--briefing reads cases, not partials: it cannot be used with --merge");
		usage(2);
	}
	/* The merged from and to are the partials' alone (tools.md,
	 * qk-report, --merge): --from and --to select no case here. */
	if (run->merge)
		run->from_s[0] = run->to_s[0] = '\0';
	if (format < 0)
		format = run->opt.output != NULL || !isatty(1) ? F_XML : F_TEXT;
	run->format = format;
}

/* One stream: the cases or partials as the reader hands them (parsed
 * ahead on a thread of their own with QK_THREADS=2, unless -j 1). */
static void read_in_order(struct run *run, char **paths, int npaths, int may_pipeline)
{
	struct counter k = { run, NULL, NULL, run->kpi, run->replay, 0, 0, 0 };
	struct qk_input *in;
	int r;

	run->reader = qk_common_reader(&run->opt, &in, (const char *const *)paths,
	    npaths, run->merge ? "partial" : "cases", run->merge ? "group" : "case");
	k.reader = run->reader;
	if (!may_pipeline)
		qk_reader_pipeline(run->reader, 0);
	r = qk_reader_run(run->reader, run->merge ? on_group : on_case,
	    run->merge ? (void *)run : (void *)&k);
	if (r == -1)
		qk_report_input_error(run->reader);
	if (r != 0)
		exit(2);
	if (!run->merge) {
		run->read = k.read;
		run->counted = k.counted;
		run->skipped = k.skipped;
	}
	qk_reader_free(run->reader);
	run->reader = NULL;
	qk_input_free(in);
}

/* -j N: each worker counts the cases of its documents into its own
 * counters; its messages come back in input order; the counters add up. */
static int count_document(void *arg, int worker, struct qk_reader *r,
    struct qk_job *job)
{
	struct counter *k = (struct counter *)arg + worker;

	k->reader = r;
	k->job = job;
	return qk_reader_run(r, on_case, k);
}

static void count_in_parallel(struct run *run, char **paths, int npaths)
{
	struct counter *k = qk_xrealloc(NULL, (size_t)run->jobs * sizeof *k);
	struct qk_jobs_conf conf = {
		run->jobs, (const char *const *)paths, npaths, "cases", "case",
		run->opt.max_record, NULL, count_document, k
	};
	struct qk_jobs *jobs;
	const char *data;
	size_t len;
	int i, type, r;

	memset(k, 0, (size_t)run->jobs * sizeof *k);
	for (i = 0; i < run->jobs; i++) {
		k[i].run = run;
		if ((k[i].kpi = qk_kpi_new()) == NULL ||
		    (k[i].replay = qk_replay_new(run->opt.cal)) == NULL)
			qk_die(2, "out of memory");
	}
	if ((jobs = qk_jobs_start(&conf)) == NULL)
		qk_die(2, "%s", strerror(errno));
	while ((r = qk_jobs_next(jobs, &type, &data, &len)) > 0)
		if (qk_common_job_message(type, data, len))
			exit(2);
	if (r < 0)
		qk_die(2, "spool in %s: %s", getenv("TMPDIR") != NULL ?
		    getenv("TMPDIR") : "/tmp", strerror(errno));
	qk_jobs_free(jobs);
	for (i = 0; i < run->jobs; i++) {
		if (qk_kpi_merge(run->kpi, k[i].kpi) < 0)
			qk_die(2, "out of memory");
		run->read += k[i].read;
		run->counted += k[i].counted;
		run->skipped += k[i].skipped;
		qk_kpi_free(k[i].kpi);
		qk_replay_free(k[i].replay);
	}
	free(k);
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	int need = QK_NEED_CATALOG | QK_NEED_ROSTER, plan;

	qk_common_init(&run.opt, argc, argv, usage);
	run.from = run.to = -1;
	run.place = -1;
	parse_options(&run, argc, argv);
	qk_common_dates(&run.opt);
	qk_date_format(run.opt.as_of, run.as_of_s);
	if (!run.merge)
		need |= QK_NEED_CALENDAR;
	qk_common_load(&run.opt, need);
	if ((run.kpi = qk_kpi_new()) == NULL)
		qk_die(2, "out of memory");
	if (!run.merge && (run.replay = qk_replay_new(run.opt.cal)) == NULL)
		qk_die(2, "out of memory");
	if (run.briefing && (run.sheet = qk_briefing_new(run.opt.cal, run.opt.as_of,
	    run.mask)) == NULL)
		qk_die(2, "cannot make the briefing's temporary files: %s", strerror(errno));
	plan = qk_jobs_plan(run.jobs, (const char *const *)argv + optind, argc - optind);
	if (plan == QK_JOBS_PARALLEL && !run.merge && !run.briefing)
		count_in_parallel(&run, argv + optind, argc - optind);
	else
		read_in_order(&run, argv + optind, argc - optind, plan != QK_JOBS_ONE);
	write_result(&run);
	if (run.opt.cal != NULL && qk_cal_outside(run.opt.cal))
		qk_warn("a date lies outside the calendar's coverage: Monday to Friday assumed");
	if (run.opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected", run.read,
		    run.merge ? run.read : run.counted, run.skipped);
	qk_briefing_free(run.sheet);
	qk_replay_free(run.replay);
	qk_kpi_free(run.kpi);
	qk_common_free(&run.opt);
	return 0;
}
