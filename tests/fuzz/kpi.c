/* qk-report on a case set: the KPI counters of each case, every format;
 * then its partial merged twice, which must count everything twice. */
#include <string.h>

#include "briefing.h"
#include "case.h"
#include "date.h"
#include "kpi.h"
#include "replay.h"
#include "report.h"
#include "writer.h"
#include "fuzz.h"

struct run {
	struct qk_kpi *kpi;
	struct qk_replay *replay;
	struct qk_briefing *sheet;
	long as_of;
};

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;

	if (qk_case_malformed(c)) {
		qk_kpi_skip(run->kpi);
		return 0;
	}
	if (qk_briefing_add(run->sheet, run->replay, c) < 0)
		return 2;
	return qk_kpi_add_case(run->kpi, run->replay, qf_ref()->cal, c, -1, -1,
	    run->as_of) < 0 ? 2 : 0;
}

static int on_group(void *arg, struct qk_node *g)
{
	char err[600];

	if (qk_kpi_merge_group(arg, g, err, sizeof err) < 0)
		qf_fail("a partial written by qk-report does not merge");
	return 0;
}

/* The partial of run->kpi as a document. */
static void partial(struct qk_kpi *kpi, struct qf_buf *out)
{
	struct qk_writer *w = qf_writer(out);

	qk_write_decl(w);
	qk_write_open(w, 0, "partial");
	qk_write_attr(w, "version", "1");
	qk_write_attr(w, "as-of", "2026-12-31");
	qk_write_open_end(w, 1);
	qk_report_partial(w, kpi);
	qk_write_close(w, 0, "partial");
	qk_writer_flush(w);
	qk_writer_free(w);
}

static void same_twice(struct qk_kpi *one, struct qk_kpi *two)
{
	const struct qk_kgroup *a, *b;
	size_t i;
	int kind, k;

	for (kind = 0; kind < QK_K_N; kind++) {
		if (qk_kpi_ngroups(one, kind) != qk_kpi_ngroups(two, kind))
			qf_fail("the merged partials have other groups");
		for (i = 0; i < qk_kpi_ngroups(one, kind); i++) {
			a = qk_kpi_group(one, kind, i);
			b = qk_kpi_group(two, kind, i);
			if (strcmp(a->key, b->key) != 0)
				qf_fail("the merged partials have other keys");
			for (k = 0; k < qk_kpi_ncounters(kind); k++)
				if (b->c[k] != 2 * a->c[k])
					qf_fail("two partials do not add up");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct qf_ref *ref = qf_ref();
	struct run run;
	struct qk_kpi *twice = qk_kpi_new();
	struct qk_writer *w = qf_writer(NULL);
	struct qf_buf buf = { 0 };
	const char *path;

	qk_date_parse("2026-12-31", &run.as_of);
	run.kpi = qk_kpi_new();
	run.replay = qk_replay_new(ref->cal);
	run.sheet = qk_briefing_new(ref->cal, run.as_of, 1);
	if (run.kpi == NULL || run.replay == NULL || run.sheet == NULL ||
	    twice == NULL)
		qf_fail("out of memory");
	if (qf_records(qf_file(data, size), "cases", "case", 0, on_case, &run) == 0) {
		qk_briefing_write(run.sheet, w, ref->roster);
		qf_report(run.kpi, NULL);
		partial(run.kpi, &buf);
		path = qf_file2((const uint8_t *)buf.p, buf.n);
		if (qf_records(path, "partial", "group", 0, on_group, twice) != 0 ||
		    qf_records(path, "partial", "group", 0, on_group, twice) != 0)
			qf_fail("a partial written by qk-report does not read");
		same_twice(run.kpi, twice);
	}
	qf_buf_free(&buf);
	qk_writer_free(w);
	qk_briefing_free(run.sheet);
	qk_replay_free(run.replay);
	qk_kpi_free(twice);
	qk_kpi_free(run.kpi);
	return 0;
}
