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
#include "run.h"
#include "seq.h"
#include "writer.h"

enum { OPT_REJECTS = QK_OPT_TOOL, OPT_SEQ };

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "seq", required_argument, NULL, OPT_SEQ },
	{ NULL, 0, NULL, 0 }
};

struct intake {
	struct qk_run run;
	struct qk_seq *seq;
	struct qk_replay *replay;
	const char *seq_path;
	long accepted, correction, refused;
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

static enum qk_record_verdict reject(struct intake *t, struct qk_node *app,
    const char *code)
{
	const char *ref = qk_get_raw(app, QK_ref);

	return qk_run_reject(&t->run, qk_reader_doc(t->run.reader), app->line,
	    app, code, "application%s%s%s", ref != NULL ? " '" : "",
	    ref != NULL ? ref : "", ref != NULL ? "'" : "");
}

/* The sequence file, reserving each new day for every site at once. */
static int open_seq(struct intake *t)
{
	const struct qk_node *root = qk_roster_root(t->run.opt.roster), *n;
	const char **sites = NULL;
	size_t k = 0;
	int r;

	t->seq = qk_seq_new(t->seq_path);
	if (t->seq == NULL)
		return -1;
	for (n = qk_child(root, QK_site); n != NULL; n = qk_next(n, QK_site))
		if (qk_get(n, QK_code) != NULL) {
			sites = qk_xrealloc(sites, (k + 1) * sizeof *sites);
			sites[k++] = qk_get(n, QK_code);
		}
	r = qk_seq_sites(t->seq, sites, k);
	free(sites);
	return r;
}

/* SITE-YYYYMMDD-NNNN from the sequence file. */
static int case_id(struct intake *t, const struct qk_node *app, char *id,
    size_t idlen)
{
	const char *site = qk_get(app, QK_site);
	struct qk_time tm;
	char day[11], ymd[9];
	unsigned long n;

	qk_time_parse(qk_get(app, QK_received), &tm);
	qk_date_format(tm.day, day);
	memcpy(ymd, day, 4);
	memcpy(ymd + 4, day + 5, 2);
	memcpy(ymd + 6, day + 8, 3);	/* with the NUL */
	if (t->seq == NULL && open_seq(t) < 0)
		qk_die(2, "out of memory");
	if (qk_seq_next(t->seq, site, ymd, &n) < 0) {
		qk_error("%s", qk_seq_error(t->seq));
		return -1;
	}
	snprintf(id, idlen, "%s-%s-%04lu", site, ymd, n);
	return 0;
}

static void count(struct intake *t)
{
	switch (qk_replay_state(t->replay)) {
	case QK_ST_ACCEPTED: t->accepted++; break;
	case QK_ST_CORRECTION: t->correction++; break;
	case QK_ST_REFUSED: t->refused++; break;
	}
}

/* One application: a reject, or a case. */
static enum qk_record_verdict on_application(void *arg, struct qk_node *app)
{
	struct intake *t = arg;
	struct qk_run *run = &t->run;
	struct qk_writer *w = qk_output_writer(run->out);
	const char *code;
	struct qk_node *c;
	char id[300];

	qk_arena_reset(run->arena);
	code = qk_intake_reject(app, run->opt.roster);
	if (code != NULL)
		return reject(t, app, code);
	if (case_id(t, app, id, sizeof id) < 0)
		return QK_RECORD_FAIL;
	c = qk_intake_case(run->arena, app, id, run->opt.catalog, run->opt.cal);
	if (c == NULL) {
		qk_error("out of memory");
		return QK_RECORD_FAIL;
	}
	qk_replay_case(t->replay, c);
	qk_case_write(w, c, t->replay, run->opt.catalog);
	run->written++;
	run->last_out = run->out;
	count(t);
	return qk_writer_error(w) != 0 ? QK_RECORD_WRITE_FAILED : QK_RECORD_NEXT;
}

/* The sequence file records the last number handed out, so that no id
 * that reached standard output is ever given again, even when the run
 * fails.  Its lock is held until the process ends (qk_seq_free at the
 * end of main, or exit). */
static int close_seq(void *arg)
{
	struct intake *t = arg;
	int r = t->seq != NULL ? qk_seq_close(t->seq) : 0;

	if (r < 0)
		qk_error("%s", qk_seq_error(t->seq));
	return r;
}

static void fail_seq(void *arg)
{
	close_seq(arg);
}

int main(int argc, char **argv)
{
	struct intake t = { 0 };
	struct qk_run *run = &t.run;
	const char *rejects_path = NULL;
	char *seq_default = NULL, detail[200];
	int c, status;

	qk_run_init(run, argc, argv, usage);
	while ((c = getopt_long(argc, argv, QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run->opt, c, optarg))
			continue;
		switch (c) {
		case OPT_REJECTS:
			rejects_path = optarg;
			break;
		case OPT_SEQ:
			t.seq_path = optarg;
			break;
		default:
			usage(2);
		}
	}
	qk_run_load(run, QK_NEED_CATALOG | QK_NEED_ROSTER | QK_NEED_CALENDAR);
	if (t.seq_path == NULL)
		t.seq_path = seq_default = default_seq();
	t.replay = qk_replay_new(run->opt.cal);
	if (t.replay == NULL)
		qk_die(2, "out of memory");
	qk_run_open(run, (const char *const *)argv + optind, argc - optind,
	    "applications", "application", "cases");
	qk_run_side(run, rejects_path, "rejects", QK_SIDE_REJECTS);
	run->before_commit = close_seq;
	run->on_fail = fail_seq;
	qk_run_records(run, on_application, &t);
	qk_run_commit(run);
	snprintf(detail, sizeof detail, " (%ld accepted, %ld correction, %ld refused)",
	    t.accepted, t.correction, t.refused);
	status = qk_run_end(run, detail);
	qk_seq_free(t.seq);
	qk_replay_free(t.replay);
	free(seq_default);
	return status;
}
