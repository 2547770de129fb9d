/* What the fuzz harnesses share (tests/fuzz/fuzz.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "case.h"
#include "catalog.h"
#include "idset.h"
#include "input.h"
#include "intake.h"
#include "kpi.h"
#include "lint.h"
#include "replay.h"
#include "route.h"
#include "arena.h"
#include "records.h"
#include "report.h"
#include "roster.h"
#include "node.h"
#include "writer.h"
#include "fuzz.h"

static char paths[2][64];

static void remove_files(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (paths[i][0] != '\0')
			unlink(paths[i]);
}

static const char *write_file(int k, const uint8_t *data, size_t size)
{
	FILE *f;

	if (paths[k][0] == '\0') {
		const char *tmp = getenv("TMPDIR");
		int fd;

		snprintf(paths[k], sizeof paths[k], "%s/qk-fuzz-XXXXXX.xml",
		    tmp != NULL && strlen(tmp) < 30 ? tmp : "/tmp");
		if ((fd = mkstemps(paths[k], 4)) < 0)
			qf_fail("cannot make a temporary file");
		close(fd);
		if (k == 0)
			atexit(remove_files);
	}
	if ((f = fopen(paths[k], "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		qf_fail("cannot write the temporary file");
	return paths[k];
}

const char *qf_file(const uint8_t *data, size_t size)
{
	return write_file(0, data, size);
}

const char *qf_file2(const uint8_t *data, size_t size)
{
	if (paths[0][0] == '\0')
		write_file(0, NULL, 0);
	return write_file(1, data, size);
}

const char *qf_src(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", QK_SRCDIR, rel);
	return path;
}

static struct qk_cal *load_calendar(const char *path)
{
	struct qk_cal *cal = qk_cal_new();

	if (cal == NULL || qk_cal_load(cal, path) < 0 || qk_cal_build(cal) < 0)
		qf_fail("cannot load the example calendar");
	return cal;
}

static struct qf_ref ref;

static void free_ref(void)
{
	qk_catalog_free(ref.catalog);
	qk_roster_free(ref.roster);
	qk_cal_free(ref.cal);
	qk_vague_free(ref.vague);
}

const struct qf_ref *qf_ref(void)
{
	const char *file;
	long line;

	if (ref.cal != NULL)
		return &ref;
	ref.catalog = qk_catalog_load(qf_src("tests/data/example/catalog.xml"));
	ref.roster = qk_roster_load(qf_src("tests/data/example/roster.xml"));
	if (ref.catalog == NULL || ref.roster == NULL ||
	    qk_catalog_error(ref.catalog, &file, &line, NULL) != NULL ||
	    qk_roster_error(ref.roster, &file, &line, NULL) != NULL)
		qf_fail("cannot load the example catalog or roster");
	ref.cal = load_calendar(qf_src("tests/data/example/calendar.xml"));
	ref.vague = qk_vague_load(qf_src("share/qk"));
	if (ref.vague == NULL || qk_vague_error(ref.vague) != NULL)
		qf_fail("cannot load the vague words");
	atexit(free_ref);
	return &ref;
}

static int sink(void *arg, const char *buf, size_t len)
{
	struct qf_buf *b = arg;

	if (b == NULL)
		return 0;
	if (b->n + len > b->cap) {
		size_t cap = (b->n + len) * 2;
		char *p = realloc(b->p, cap);

		if (p == NULL) {
			errno = ENOMEM;
			return -1;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, buf, len);
	b->n += len;
	return 0;
}

struct qk_writer *qf_writer(struct qf_buf *buf)
{
	struct qk_writer *w = qk_writer_new(sink, buf);

	if (w == NULL)
		qf_fail("out of memory");
	return w;
}

void qf_buf_free(struct qf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

int qf_records(const char *path, const char *root, const char *record,
    size_t max, int (*fn)(void *arg, struct qk_node *), void *arg)
{
	struct qk_input *in = qk_input_new(&path, 1, 0);
	struct qk_reader *r = in != NULL ? qk_reader_new(in, root, record) : NULL;
	const char *file, *msg;
	long line, col;
	int rc = -2;

	if (r != NULL) {
		if (max > 0)
			qk_reader_max_record(r, max);
		rc = qk_reader_run(r, fn, arg);
		if (rc == -1) {
			msg = qk_reader_error(r, &file, &line, &col);
			qf_touch(msg);
			qf_touch(file);
		}
		qk_reader_free(r);
	}
	qk_input_free(in);
	return rc;
}

struct route_run {
	struct qk_route *route;
	struct qk_replay *replay;
	struct qk_arena *arena;
	struct qk_idset *ids;
	struct qk_writer *w;
	struct qk_route_opts ro;
	const struct qf_ref *ref;
};

static int on_event(void *arg, struct qk_node *ev)
{
	struct route_run *run = arg;

	return qk_route_add_event(run->route, ev, "events.xml", ev->line) < 0;
}

static int on_case(void *arg, struct qk_node *c)
{
	struct route_run *run = arg;
	const char *id = qk_get(c, QK_id);

	if (id != NULL && qk_idset_add(run->ids, id) == 0)
		return 2;
	if (qk_case_malformed(c)) {
		qk_route_malformed(run->route, id);
		qk_write_node(run->w, 1, c);
		return 0;
	}
	qk_arena_reset(run->arena);
	if (qk_route_case(run->route, c, run->arena, run->replay, &run->ro) < 0) {
		qf_touch(qk_route_error(run->route));
		return 2;
	}
	qk_case_write(run->w, c, run->replay, run->ref->catalog);
	return 0;
}

static void route_results(struct route_run *run)
{
	int i, n = qk_route_nevents(run->route);
	const struct qk_node *ev;
	const char *doc, *code;
	long line, applied, dup, rejected;

	for (i = 0; i < n; i++) {
		code = qk_route_result(run->route, i, &ev, &doc, &line);
		if (code != NULL)
			qf_touch(qk_reject_meaning(code));
		qf_walk(ev);
	}
	qk_route_counts(run->route, &applied, &dup, &rejected);
	if (applied + dup + rejected != n)
		qf_fail("an input event is neither applied, duplicate nor rejected");
}

int qf_route(const char *cases, const char *events, int dispatch,
    struct qf_buf *out)
{
	struct route_run run;
	int ok = 1;

	run.ref = qf_ref();
	run.route = qk_route_new(run.ref->cal, run.ref->catalog);
	run.replay = qk_replay_new(run.ref->cal);
	run.arena = qk_arena_new();
	run.ids = qk_idset_new();
	run.w = qf_writer(out);
	if (run.route == NULL || run.replay == NULL || run.arena == NULL ||
	    run.ids == NULL)
		qf_fail("out of memory");
	run.ro.dispatch = dispatch;
	run.ro.close_after = 10;
	run.ro.at_text = "2026-12-31T18:00:00+08:00";
	qk_time_parse(run.ro.at_text, &run.ro.at);
	if (events != NULL && qf_records(events, "events", "event", 0, on_event,
	    &run) != 0)
		ok = 0;
	qk_write_decl(run.w);
	qk_write_open(run.w, 0, "cases");
	qk_write_attr(run.w, "version", "1");
	qk_write_open_end(run.w, 1);
	if (ok && qf_records(cases, "cases", "case", 0, on_case, &run) != 0)
		ok = 0;
	qk_write_close(run.w, 0, "cases");
	qk_writer_flush(run.w);
	if (ok)
		route_results(&run);
	qk_writer_free(run.w);
	qk_idset_free(run.ids);
	qk_arena_free(run.arena);
	qk_replay_free(run.replay);
	qk_route_free(run.route);
	return ok;
}

void qf_report(struct qk_kpi *kpi, struct qf_buf *out)
{
	const struct qf_ref *r = qf_ref();
	struct qk_writer *w = qf_writer(out);
	struct qk_targets targets;
	struct qk_report rp = { 0 };
	int place;

	if (qk_kpi_targets(r->catalog, r->roster, r->vague, &targets) < 0)
		return;
	rp.kpi = kpi;
	rp.targets = &targets;
	rp.as_of = "2026-12-31";
	rp.catalog = r->catalog;
	rp.roster = r->roster;
	qk_report_xml(w, &rp);
	qk_report_partial(w, kpi);
	for (place = 0; place < QK_P_N; place++)
		qk_report_csv(w, &rp, place);
	qk_report_text(w, &rp, -1);
	qk_report_html(w, &rp);
	qk_writer_flush(w);
	qk_writer_free(w);
}

size_t qf_touch(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

size_t qf_walk(const struct qk_node *n)
{
	const struct qk_node *c;
	size_t k = qf_touch(n->name), i;

	for (i = 0; i < n->textlen && n->text != NULL; i++)
		k += (unsigned char)n->text[i] == 0;
	for (i = 0; i < (size_t)n->nattr; i++)
		k += qf_touch(n->attr[i].name) + qf_touch(n->attr[i].value);
	for (c = n->child; c != NULL; c = c->next)
		k += qf_walk(c);
	return k;
}

_Noreturn void qf_fail(const char *what)
{
	fprintf(stderr, "qk fuzz: %s\n", what);
	abort();
}
