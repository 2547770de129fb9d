/* qk-intake: front-desk acceptance of applications into cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "case.h"
#include "cli.h"
#include "date.h"
#include "input.h"
#include "intake.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "replay.h"
#include "roster.h"
#include "seq.h"
#include "writer.h"

enum { OPT_REJECTS = QK_OPT_TOOL, OPT_SEQ };

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "seq", required_argument, NULL, OPT_SEQ },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct qk_common opt;
	struct qk_reader *reader;
	struct qk_output *out, *rejects;
	struct qk_seq *seq;
	struct qk_replay *replay;
	struct qk_arena *arena;
	const char *seq_path;
	long read, written, rejected, accepted, correction, refused;
};

static const struct qk_help help = {
	"qk-intake [--seq FILE] [--rejects FILE] [-o FILE] [-q] [-v]\n"
	"                 [--catalog FILE] [--roster FILE] [--calendar FILE]...\n"
	"                 [--as-of DATE] [--at TIME] [--max-record N]\n"
	"                 [APPLICATIONS...]\n",
	"Accepts applications at the front desk: each becomes a case (accepted,\n"
	"correction or refused) with its id and due date, or a reject.",
	"Options:\n"
	"  --seq FILE         the sequence file of case ids\n"
	"                     (default $QK_STATE/seq, ~/.local/state/qk/seq)\n"
	"  --rejects FILE     write the rejected applications to FILE\n",
	"some applications were rejected",
};

static _Noreturn void usage(int status)
{
	qk_usage(status, &help);
}

static char *default_seq(void)
{
	const char *state = getenv("QK_STATE"), *home = getenv("HOME");
	char *p;

	if (state != NULL && *state != '\0') {
		p = malloc(strlen(state) + 5);
		if (p != NULL)
			sprintf(p, "%s/seq", state);
	} else {
		p = malloc((home != NULL ? strlen(home) : 0) + 24);
		if (p != NULL)
			sprintf(p, "%s/.local/state/qk/seq", home != NULL ? home : "");
	}
	if (p == NULL)
		qk_die(2, "out of memory");
	return p;
}

static int reject(struct run *run, struct qk_node *app, const char *code)
{
	const char *meaning = qk_reject_meaning(code);

	const char *ref = qk_get_raw(app, QK_ref);

	qk_error_at(qk_reader_doc(run->reader), app->line, 0,
	    "application%s%s%s rejected: %s (%s)", ref != NULL ? " '" : "",
	    ref != NULL ? ref : "", ref != NULL ? "'" : "", meaning, code);
	run->rejected++;
	if (run->rejects != NULL) {
		struct qk_node *err = qk_node_new(run->arena, "error");

		if (err == NULL || qk_node_set(run->arena, err, "code", code) < 0 ||
		    qk_node_text(run->arena, err, meaning) < 0)
			return -1;
		qk_write_node_plus(qk_output_writer(run->rejects), 1, app, err);
	}
	return 0;
}

/* The sequence file, reserving each new day for every site at once. */
static int open_seq(struct run *run)
{
	const struct qk_node *root = qk_roster_root(run->opt.roster), *n;
	const char **sites = NULL;
	size_t k = 0;
	int r;

	run->seq = qk_seq_new(run->seq_path);
	if (run->seq == NULL)
		return -1;
	for (n = qk_child(root, QK_site); n != NULL; n = qk_next(n, QK_site))
		if (qk_get(n, QK_code) != NULL) {
			sites = qk_xrealloc(sites, (k + 1) * sizeof *sites);
			sites[k++] = qk_get(n, QK_code);
		}
	r = qk_seq_sites(run->seq, sites, k);
	free(sites);
	return r;
}

/* SITE-YYYYMMDD-NNNN from the sequence file. */
static int case_id(struct run *run, const struct qk_node *app, char *id,
    size_t idlen)
{
	const char *site = qk_get(app, QK_site);
	struct qk_time t;
	char day[11], ymd[9], err[600];
	unsigned long n;

	qk_time_parse(qk_get(app, QK_received), &t);
	qk_date_format(t.day, day);
	memcpy(ymd, day, 4);
	memcpy(ymd + 4, day + 5, 2);
	memcpy(ymd + 6, day + 8, 3);	/* with the NUL */
	if (run->seq == NULL && open_seq(run) < 0)
		qk_die(2, "out of memory");
	if (qk_seq_next(run->seq, site, ymd, &n, err, sizeof err) < 0) {
		qk_error("%s", err);
		return -1;
	}
	snprintf(id, idlen, "%s-%s-%04lu", site, ymd, n);
	return 0;
}

static void count(struct run *run)
{
	switch (qk_replay_state(run->replay)) {
	case QK_ST_ACCEPTED: run->accepted++; break;
	case QK_ST_CORRECTION: run->correction++; break;
	case QK_ST_REFUSED: run->refused++; break;
	}
}

/* One application: a reject, or a case. */
static int on_application(void *arg, struct qk_node *app)
{
	struct run *run = arg;
	const char *code;
	struct qk_node *c;
	char id[300];

	run->read++;
	qk_common_progress(&run->opt, run->read, "applications");
	qk_arena_reset(run->arena);
	code = qk_intake_reject(app, run->opt.roster);
	if (code != NULL)
		return reject(run, app, code) < 0 ? 2 : 0;
	if (case_id(run, app, id, sizeof id) < 0)
		return 2;
	c = qk_intake_case(run->arena, app, id, run->opt.catalog, run->opt.cal);
	if (c == NULL) {
		qk_error("out of memory");
		return 2;
	}
	qk_replay_case(run->replay, c);
	qk_case_write(qk_output_writer(run->out), c, run->replay, run->opt.catalog);
	run->written++;
	count(run);
	if (qk_writer_error(qk_output_writer(run->out)) != 0)
		return 3;
	return 0;
}

/* Side outputs first, then the main output (tools.md, Output). */
static int commit_all(struct run *run)
{
	if (qk_common_finish(run->out) < 0 || qk_common_finish(run->rejects) < 0 ||
	    qk_common_commit(&run->rejects) < 0)
		return -1;
	return qk_common_commit(&run->out);
}

/* Exit 2.  The sequence file records the last number handed out, so that
 * no id that reached standard output is ever given again. */
static _Noreturn void fail(struct run *run)
{
	char err[600];

	qk_output_abort(run->rejects);
	qk_output_abort(run->out);
	if (qk_seq_close(run->seq, err, sizeof err) < 0)
		qk_error("%s", err);
	exit(2);
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	const char *rejects_path = NULL;
	char *seq_default = NULL, err[600];
	struct qk_input *in;
	int c, r;

	qk_common_init(&run.opt, argc, argv, usage);
	while ((c = getopt_long(argc, argv, QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run.opt, c, optarg))
			continue;
		switch (c) {
		case OPT_REJECTS:
			rejects_path = optarg;
			break;
		case OPT_SEQ:
			run.seq_path = optarg;
			break;
		default:
			usage(2);
		}
	}
	qk_common_dates(&run.opt);
	qk_common_load(&run.opt, QK_NEED_CATALOG | QK_NEED_ROSTER | QK_NEED_CALENDAR);
	if (run.seq_path == NULL)
		run.seq_path = seq_default = default_seq();
	run.reader = qk_common_reader(&run.opt, &in, (const char *const *)argv + optind,
	    argc - optind, "applications", "application");
	run.replay = qk_replay_new(run.opt.cal);
	run.arena = qk_arena_new();
	if (run.replay == NULL || run.arena == NULL)
		qk_die(2, "out of memory");
	run.out = qk_common_output(run.opt.output, "cases");
	if (rejects_path != NULL)
		run.rejects = qk_common_output(rejects_path, "rejects");
	qk_common_stream(run.reader, run.out);
	r = qk_reader_run(run.reader, on_application, &run);
	if (r == -1)
		qk_report_input_error(run.reader);
	if (r == 3)
		qk_common_write_failed(run.out);
	if (r != 0)
		fail(&run);
	if (qk_seq_close(run.seq, err, sizeof err) < 0) {
		run.seq = NULL;
		qk_error("%s", err);
		fail(&run);
	}
	run.seq = NULL;
	if (commit_all(&run) < 0)
		fail(&run);
	if (qk_cal_outside(run.opt.cal))
		qk_warn("a due date lies outside the calendar's coverage: Monday to Friday assumed");
	if (run.opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected (%ld accepted, %ld correction, %ld refused)",
		    run.read, run.written, run.rejected, run.accepted, run.correction, run.refused);
	qk_replay_free(run.replay);
	qk_arena_free(run.arena);
	qk_reader_free(run.reader);
	qk_input_free(in);
	qk_common_free(&run.opt);
	free(seq_default);
	return run.rejected > 0 ? 1 : 0;
}
