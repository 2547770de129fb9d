/* The run of a record-to-record tool: inputs, outputs, rejects, status. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "input.h"
#include "intake.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "run.h"
#include "writer.h"

void qk_run_init(struct qk_run *run, int argc, char **argv,
    void (*usage)(int))
{
	memset(run, 0, sizeof *run);
	qk_common_init(&run->opt, argc, argv, usage);
}

void qk_run_load(struct qk_run *run, int need)
{
	qk_common_dates(&run->opt);
	qk_common_load(&run->opt, need);
}

void qk_run_open(struct qk_run *run, const char *const *paths, int npaths,
    const char *root, const char *record, const char *out_root)
{
	run->what = root;
	run->arena = qk_arena_new();
	if (run->arena == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	run->reader = qk_common_reader(&run->opt, &run->in, paths, npaths, root,
	    record);
	run->out = run->last_out = qk_common_output(run->opt.output, out_root);
	qk_common_stream(run->reader, run->out);
}

struct qk_output *qk_run_side(struct qk_run *run, const char *path,
    const char *root, int flags)
{
	struct qk_output *o;

	if (path == NULL)
		return NULL;
	if (run->nside == QK_RUN_MAX_SIDES)
		qk_die(2, "more than %d side outputs", QK_RUN_MAX_SIDES);
	o = qk_common_output(path, root);
	run->side[run->nside++] = o;
	if (flags & QK_SIDE_REJECTS)
		run->rejects = o;
	return o;
}

static char *format_subject(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

enum qk_record_verdict qk_run_reject(struct qk_run *run, const char *doc,
    long line, const struct qk_node *record, const char *code,
    const char *fmt, ...)
{
	const char *meaning = qk_reject_meaning(code);
	struct qk_attr code_attr = { "code", code, QK_code };
	struct qk_node err = { 0 };
	struct qk_writer *w;
	char *subject;
	va_list ap;

	va_start(ap, fmt);
	subject = format_subject(fmt, ap);
	va_end(ap);
	qk_error_at(doc, line, 0, "%s rejected: %s (%s)", subject, meaning, code);
	free(subject);
	run->rejected++;
	run->status = 1;
	if (run->rejects == NULL)
		return QK_RECORD_NEXT;
	err.name = "error";
	err.atom = QK_error;
	err.attr = &code_attr;
	err.nattr = err.cap = 1;
	err.text = meaning;
	err.textlen = strlen(meaning);
	w = qk_output_writer(run->rejects);
	qk_write_node_plus(w, 1, record, &err);
	run->last_out = run->rejects;
	return qk_writer_error(w) != 0 ? QK_RECORD_WRITE_FAILED : QK_RECORD_NEXT;
}

static int count_and_call(void *arg, struct qk_node *record)
{
	struct qk_run *run = arg;

	run->read++;
	qk_common_progress(&run->opt, run->read, run->what);
	return run->on_record(run->tool, record);
}

void qk_run_records(struct qk_run *run,
    enum qk_record_verdict (*on_record)(void *, struct qk_node *), void *tool)
{
	int r;

	run->on_record = on_record;
	run->tool = tool;
	r = qk_reader_run(run->reader, count_and_call, run);

	if (r == -1)
		qk_report_input_error(run->reader);
	if (r == QK_RECORD_WRITE_FAILED)
		qk_common_write_failed(run->last_out);
	if (r != 0)
		qk_run_fail(run);
}

void qk_run_commit(struct qk_run *run)
{
	int i;

	if (qk_common_finish(run->out) < 0)
		qk_run_fail(run);
	for (i = 0; i < run->nside; i++)
		if (qk_common_finish(run->side[i]) < 0)
			qk_run_fail(run);
	if (run->before_commit != NULL && run->before_commit(run->tool) < 0)
		qk_run_fail(run);
	for (i = 0; i < run->nside; i++)
		if (qk_common_commit(&run->side[i]) < 0)
			qk_run_fail(run);
	run->rejects = NULL;
	if (qk_common_commit(&run->out) < 0)
		qk_run_fail(run);
}

_Noreturn void qk_run_fail(struct qk_run *run)
{
	int i;

	if (run->on_fail != NULL)
		run->on_fail(run->tool);
	for (i = 0; i < run->nside; i++)
		qk_output_abort(run->side[i]);
	qk_output_abort(run->out);
	exit(2);
}

int qk_run_end(struct qk_run *run, const char *detail)
{
	if (qk_cal_outside(run->opt.cal))
		qk_warn("a due date lies outside the calendar's coverage: Monday to Friday assumed");
	if (run->opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected%s", run->read,
		    run->written, run->rejected, detail);
	qk_reader_free(run->reader);
	qk_input_free(run->in);
	qk_arena_free(run->arena);
	qk_common_free(&run->opt);
	return run->status;
}
