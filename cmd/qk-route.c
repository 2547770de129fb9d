/* qk-route: apply events to cases, dispatch, and split department queues. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cal.h"
#include "case.h"
#include "catalog.h"
#include "cli.h"
#include "idset.h"
#include "input.h"
#include "intake.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "queues.h"
#include "records.h"
#include "replay.h"
#include "route.h"
#include "run.h"
#include "value.h"
#include "writer.h"

enum { OPT_APPLY = QK_OPT_TOOL, OPT_CLOSE_AFTER, OPT_CLOSED, OPT_NO_DISPATCH, OPT_REJECTS, OPT_SPLIT };

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "apply", required_argument, NULL, OPT_APPLY },
	{ "close-after", required_argument, NULL, OPT_CLOSE_AFTER },
	{ "closed", required_argument, NULL, OPT_CLOSED },
	{ "no-dispatch", no_argument, NULL, OPT_NO_DISPATCH },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "split", required_argument, NULL, OPT_SPLIT },
	{ NULL, 0, NULL, 0 }
};

struct route {
	struct qk_run run;
	struct qk_route_opts ro;
	struct qk_route *route;
	struct qk_output *closed;
	struct qk_replay *replay;
	struct qk_idset *ids;
	struct qk_queues *queues;
};

static const struct qk_help help = {
	"qk-route [--apply PATH]... [--no-dispatch] [--close-after N]\n"
	"                [--split DEST] [--closed FILE] [--rejects FILE] [-o FILE]\n"
	"                [-q] [-v]\n"
	"                [--catalog FILE] [--roster FILE] [--calendar FILE]...\n"
	"                [--as-of DATE] [--at TIME] [--max-record N] [CASES...]\n",
	"Applies events to cases, dispatches items to their departments and\n"
	"moves cases along their lifecycle; writes every case back.",
	"Options:\n"
	"  --apply PATH       events to apply: a document, an archive, or a folder\n"
	"                     of .xml files (repeatable)\n"
	"  --no-dispatch      apply events only; no routing, ready or closing\n"
	"  --close-after N    close unrated finished cases after N working days\n"
	"                     (default 10)\n"
	"  --split DEST       also write one work queue per department into the\n"
	"                     folder or archive DEST\n"
	"  --closed FILE      move the cases closed at the end of the run out of\n"
	"                     the output into FILE\n"
	"  --rejects FILE     write the rejected events to FILE\n",
	"some events were rejected, or a case record is malformed",
};

static _Noreturn void usage(int status)
{
	qk_usage(status, &help);
}

static int on_event(void *arg, struct qk_node *ev)
{
	struct route *t = arg;

	if (qk_route_add_event(t->route, ev, qk_reader_doc(t->run.reader), ev->line) < 0) {
		qk_error("out of memory");
		return 2;
	}
	return 0;
}

/* Reads every --apply PATH (a folder: its *.xml files in name order). */
static void load_events(struct route *t, char **apply, int napply)
{
	char **paths = NULL;
	int n = 0, i;
	struct qk_input *in;
	struct stat st;

	for (i = 0; i < napply; i++) {
		if (stat(apply[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (qk_input_dir(apply[i], &paths, &n, qk_warn_skip, NULL) < 0)
				qk_die(2, "%s: %s", apply[i], strerror(errno));
			continue;
		}
		paths = qk_xrealloc(paths, (n + 1) * sizeof *paths);
		if ((paths[n++] = strdup(apply[i])) == NULL)
			qk_die(2, "out of memory");
	}
	if (n == 0)
		return;
	t->run.reader = qk_common_reader(&t->run.opt, &in, (const char *const *)paths, n,
	    "events", "event");
	if (qk_reader_run(t->run.reader, on_event, t) != 0) {
		qk_report_input_error(t->run.reader);
		exit(2);
	}
	qk_reader_free(t->run.reader);
	t->run.reader = NULL;
	qk_input_free(in);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* A case record without id or application is copied unchanged. */
static enum qk_record_verdict copy_malformed(struct route *t, struct qk_node *c,
    const char *id)
{
	struct qk_run *run = &t->run;

	qk_error_at(qk_reader_doc(run->reader), c->line, 0,
	    "case record malformed: no id or no application; copied unchanged");
	qk_route_malformed(t->route, id);
	qk_write_node(qk_output_writer(run->out), 1, c);
	run->status = 1;
	run->written++;
	run->last_out = run->out;
	return qk_writer_error(qk_output_writer(run->out)) != 0 ?
	    QK_RECORD_WRITE_FAILED : QK_RECORD_NEXT;
}

static enum qk_record_verdict on_case(void *arg, struct qk_node *c)
{
	struct route *t = arg;
	struct qk_run *run = &t->run;
	const char *id = qk_get(c, QK_id);
	struct qk_writer *w;

	if (id != NULL && qk_idset_add(t->ids, id) == 0) {
		qk_error_at(qk_reader_doc(run->reader), c->line, 0,
		    "case id '%s' appears twice in the input", id);
		return QK_RECORD_FAIL;
	}
	if (qk_case_malformed(c))
		return copy_malformed(t, c, id);
	qk_arena_reset(run->arena);
	if (qk_route_case(t->route, c, run->arena, t->replay, &t->ro) < 0) {
		qk_error_at(qk_reader_doc(run->reader), c->line, 0, "case '%s': %s", id,
		    qk_route_error(t->route));
		return QK_RECORD_FAIL;
	}
	run->last_out = t->closed != NULL && qk_replay_state(t->replay) == QK_ST_CLOSED ?
	    t->closed : run->out;
	w = qk_output_writer(run->last_out);
	qk_case_write(w, c, t->replay, run->opt.catalog);
	if (t->queues != NULL)
		qk_queues_add(t->queues, c, t->replay, run->opt.catalog);
	run->written++;
	return qk_writer_error(w) != 0 ? QK_RECORD_WRITE_FAILED : QK_RECORD_NEXT;
}

/* Rejected events, in input order: a message each, and --rejects. */
static void write_rejects(struct route *t)
{
	int i, n = qk_route_nevents(t->route);

	for (i = 0; i < n; i++) {
		const struct qk_node *ev;
		const char *doc, *code, *type, *id;
		long line;

		code = qk_route_result(t->route, i, &ev, &doc, &line);
		if (code == NULL)
			continue;
		type = qk_get_raw(ev, QK_type);
		id = qk_get_raw(ev, QK_case);
		if (qk_run_reject(&t->run, doc, line, ev, code,
		    "event '%s' of case '%s'", type != NULL ? type : "",
		    id != NULL ? id : "") == QK_RECORD_WRITE_FAILED) {
			qk_common_write_failed(t->run.rejects);
			qk_run_fail(&t->run);
		}
	}
}

/* The department queues are committed after the other outputs are
 * complete and before any is renamed into place. */
static int commit_queues(void *arg)
{
	struct route *t = arg;
	struct qk_queues *qs = t->queues;
	char err[600];

	if (qs == NULL)
		return 0;
	if (qk_queues_finish(qs, err, sizeof err) < 0) {
		qk_error("%s", err);
		return -1;
	}
	t->queues = NULL;
	if (qk_queues_commit(qs, t->ro.at.instant, err, sizeof err) < 0) {
		qk_error("%s", err);
		return -1;
	}
	return 0;
}

static void abort_queues(void *arg)
{
	struct route *t = arg;

	qk_queues_abort(t->queues);
	t->queues = NULL;
}

int main(int argc, char **argv)
{
	struct route t = { 0 };
	struct qk_run *run = &t.run;
	const char *rejects_path = NULL, *closed_path = NULL, *split = NULL;
	char **apply = NULL;
	int napply = 0, c, status;
	long v, applied, dup, rejected;
	char err[600], detail[200];

	qk_run_init(run, argc, argv, usage);
	t.ro.dispatch = 1;
	t.ro.close_after = 10;
	while ((c = getopt_long(argc, argv, QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run->opt, c, optarg))
			continue;
		switch (c) {
		case OPT_APPLY:
			apply = qk_xrealloc(apply, (napply + 1) * sizeof *apply);
			apply[napply++] = optarg;
			break;
		case OPT_CLOSE_AFTER:
			if (!qk_value_uint(optarg, &v)) {
				qk_error("invalid --close-after '%s': expected a number of working days", optarg);
				usage(2);
			}
			t.ro.close_after = v;
			break;
		case OPT_CLOSED:
			closed_path = optarg;
			break;
		case OPT_NO_DISPATCH:
			t.ro.dispatch = 0;
			break;
		case OPT_REJECTS:
			rejects_path = optarg;
			break;
		case OPT_SPLIT:
			split = optarg;
			break;
		default:
			usage(2);
		}
	}
	qk_run_load(run, QK_NEED_CATALOG | QK_NEED_CALENDAR);
	t.ro.at = run->opt.at;
	t.ro.at_text = run->opt.at_text;
	t.route = qk_route_new(run->opt.cal, run->opt.catalog);
	t.replay = qk_replay_new(run->opt.cal);
	t.ids = qk_idset_new();
	if (t.route == NULL || t.replay == NULL || t.ids == NULL)
		qk_die(2, "out of memory");
	load_events(&t, apply, napply);
	qk_run_open(run, (const char *const *)argv + optind, argc - optind,
	    "cases", "case", "cases");
	qk_run_side(run, rejects_path, "rejects", QK_SIDE_REJECTS);
	t.closed = qk_run_side(run, closed_path, "cases", 0);
	if (split != NULL && (t.queues = qk_queues_open(split,
	    run->opt.catalog, err, sizeof err)) == NULL)
		qk_die(2, "%s", err);
	run->before_commit = commit_queues;
	run->on_fail = abort_queues;
	run->tool = &t;
	qk_run_records(run, on_case, &t);
	write_rejects(&t);
	qk_run_commit(run);
	qk_route_counts(t.route, &applied, &dup, &rejected);
	snprintf(detail, sizeof detail, ", %ld events applied, %ld duplicate events",
	    applied, dup);
	status = qk_run_end(run, detail);
	qk_route_free(t.route);
	qk_replay_free(t.replay);
	qk_idset_free(t.ids);
	free(apply);
	return status;
}
