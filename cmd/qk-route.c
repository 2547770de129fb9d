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

struct run {
	struct qk_common opt;
	struct qk_route_opts ro;
	struct qk_route *route;
	struct qk_reader *reader;
	struct qk_output *out, *rejects, *closed;
	struct qk_output *last_out;	/* where the last case went */
	struct qk_replay *replay;
	struct qk_arena *arena;
	struct qk_idset *ids;
	const char *split;
	struct qk_queues *queues;
	long read, written, malformed;
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
	struct run *run = arg;

	if (qk_route_add_event(run->route, ev, qk_reader_doc(run->reader), ev->line) < 0) {
		qk_error("out of memory");
		return 2;
	}
	return 0;
}

/* Reads every --apply PATH (a folder: its *.xml files in name order). */
static void load_events(struct run *run, char **apply, int napply)
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
	run->reader = qk_common_reader(&run->opt, &in, (const char *const *)paths, n,
	    "events", "event");
	if (qk_reader_run(run->reader, on_event, run) != 0) {
		qk_report_input_error(run->reader);
		exit(2);
	}
	qk_reader_free(run->reader);
	run->reader = NULL;
	qk_input_free(in);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;
	struct qk_writer *w = qk_output_writer(run->out);
	const char *id = qk_get(c, QK_id);

	run->read++;
	qk_common_progress(&run->opt, run->read, "cases");
	if (id != NULL && qk_idset_add(run->ids, id) == 0) {
		qk_error_at(qk_reader_doc(run->reader), c->line, 0,
		    "case id '%s' appears twice in the input", id);
		return 2;
	}
	if (qk_case_malformed(c)) {
		qk_error_at(qk_reader_doc(run->reader), c->line, 0,
		    "case record malformed: no id or no application; copied unchanged");
		qk_route_malformed(run->route, id);
		qk_write_node(w, 1, c);
		run->malformed++;
		run->written++;
		return 0;
	}
	qk_arena_reset(run->arena);
	if (qk_route_case(run->route, c, run->arena, run->replay, &run->ro) < 0) {
		qk_error_at(qk_reader_doc(run->reader), c->line, 0, "case '%s': %s", id,
		    qk_route_error(run->route));
		return 2;
	}
	if (run->closed != NULL && qk_replay_state(run->replay) == QK_ST_CLOSED) {
		run->last_out = run->closed;
		w = qk_output_writer(run->closed);
	} else {
		run->last_out = run->out;
	}
	qk_case_write(w, c, run->replay, run->opt.catalog);
	if (run->queues != NULL)
		qk_queues_add(run->queues, c, run->replay, run->opt.catalog);
	run->written++;
	return qk_writer_error(w) != 0 ? 3 : 0;
}

/* Rejected events, in input order: a message each, and --rejects. */
static int write_rejects(struct run *run)
{
	int i, n = qk_route_nevents(run->route);

	for (i = 0; i < n; i++) {
		const struct qk_node *ev;
		const char *doc, *code;
		long line;
		struct qk_node *err;

		code = qk_route_result(run->route, i, &ev, &doc, &line);
		if (code == NULL)
			continue;
		qk_error_at(doc, line, 0, "event '%s' of case '%s' rejected: %s (%s)",
		    qk_get_raw(ev, QK_type) != NULL ? qk_get_raw(ev, QK_type) : "",
		    qk_get_raw(ev, QK_case) != NULL ? qk_get_raw(ev, QK_case) : "",
		    qk_reject_meaning(code), code);
		if (run->rejects == NULL)
			continue;
		qk_arena_reset(run->arena);
		err = qk_node_new(run->arena, "error");
		if (err == NULL || qk_node_set(run->arena, err, "code", code) < 0 ||
		    qk_node_text(run->arena, err, qk_reject_meaning(code)) < 0)
			return -1;
		qk_write_node_plus(qk_output_writer(run->rejects), 1, ev, err);
	}
	return 0;
}

static _Noreturn void fail(struct run *run)
{
	qk_queues_abort(run->queues);
	qk_output_abort(run->rejects);
	qk_output_abort(run->closed);
	qk_output_abort(run->out);
	exit(2);
}

/* Main output complete, side outputs committed, then the main renamed. */
static void commit_all(struct run *run)
{
	char err[600];
	struct qk_queues *qs = run->queues;

	if (qk_common_finish(run->out) < 0 || qk_common_finish(run->rejects) < 0 ||
	    qk_common_finish(run->closed) < 0)
		fail(run);
	if (qs != NULL && qk_queues_finish(qs, err, sizeof err) < 0) {
		qk_error("%s", err);
		fail(run);
	}
	run->queues = NULL;
	if (qs != NULL && qk_queues_commit(qs, run->ro.at.instant, err, sizeof err) < 0) {
		qk_error("%s", err);
		fail(run);
	}
	if (qk_common_commit(&run->rejects) < 0 || qk_common_commit(&run->closed) < 0 ||
	    qk_common_commit(&run->out) < 0)
		fail(run);
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	const char *rejects_path = NULL, *closed_path = NULL;
	char **apply = NULL;
	int napply = 0, c, r;
	long v, applied, dup, rejected;
	char err[600];
	struct qk_input *in;

	qk_common_init(&run.opt, argc, argv, usage);
	run.ro.dispatch = 1;
	run.ro.close_after = 10;
	while ((c = getopt_long(argc, argv, QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run.opt, c, optarg))
			continue;
		switch (c) {
		case OPT_APPLY:
			apply = qk_xrealloc(apply, (napply + 1) * sizeof *apply);
			apply[napply++] = optarg;
			break;
		case OPT_CLOSE_AFTER:
			if (!qk_parse_uint(optarg, &v)) {
				qk_error("invalid --close-after '%s': expected a number of working days", optarg);
				usage(2);
			}
			run.ro.close_after = v;
			break;
		case OPT_CLOSED:
			closed_path = optarg;
			break;
		case OPT_NO_DISPATCH:
			run.ro.dispatch = 0;
			break;
		case OPT_REJECTS:
			rejects_path = optarg;
			break;
		case OPT_SPLIT:
			run.split = optarg;
			break;
		default:
			usage(2);
		}
	}
	qk_common_dates(&run.opt);
	run.ro.at = run.opt.at;
	run.ro.at_text = run.opt.at_text;
	qk_common_load(&run.opt, QK_NEED_CATALOG | QK_NEED_CALENDAR);
	run.route = qk_route_new(run.opt.cal, run.opt.catalog);
	run.replay = qk_replay_new(run.opt.cal);
	run.arena = qk_arena_new();
	run.ids = qk_idset_new();
	if (run.route == NULL || run.replay == NULL || run.arena == NULL || run.ids == NULL)
		qk_die(2, "out of memory");
	load_events(&run, apply, napply);
	run.reader = qk_common_reader(&run.opt, &in, (const char *const *)argv + optind,
	    argc - optind, "cases", "case");
	run.out = run.last_out = qk_common_output(run.opt.output, "cases");
	if (rejects_path != NULL)
		run.rejects = qk_common_output(rejects_path, "rejects");
	if (closed_path != NULL)
		run.closed = qk_common_output(closed_path, "cases");
	if (run.split != NULL && (run.queues = qk_queues_open(run.split,
	    run.opt.catalog, err, sizeof err)) == NULL)
		qk_die(2, "%s", err);
	qk_common_stream(run.reader, run.out);
	r = qk_reader_run(run.reader, on_case, &run);
	if (r == -1)
		qk_report_input_error(run.reader);
	if (r == 3)
		qk_common_write_failed(run.last_out);
	if (r != 0)
		fail(&run);
	if (write_rejects(&run) < 0) {
		qk_error("out of memory");
		fail(&run);
	}
	commit_all(&run);
	if (qk_cal_outside(run.opt.cal))
		qk_warn("a due date lies outside the calendar's coverage: Monday to Friday assumed");
	qk_route_counts(run.route, &applied, &dup, &rejected);
	if (run.opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected, %ld events applied, %ld duplicate events",
		    run.read, run.written, rejected, applied, dup);
	qk_reader_free(run.reader);
	qk_input_free(in);
	qk_route_free(run.route);
	qk_replay_free(run.replay);
	qk_arena_free(run.arena);
	qk_idset_free(run.ids);
	free(apply);
	qk_common_free(&run.opt);
	return rejected > 0 || run.malformed > 0 ? 1 : 0;
}
