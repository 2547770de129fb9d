#ifndef QK_RUN_H
#define QK_RUN_H

#include "cli.h"

/*
 * The run of a record-to-record tool (qk-intake, qk-route), a front-end
 * helper like cli.c: it owns the input and its reader, the main output and
 * the side outputs (committed in tools.md's order, aborted together), the
 * reject writer, the counts of -v, the end-of-run warnings and the exit
 * status.  A tool supplies its options, an on_record and, when it has more
 * to clean up or commit, the hooks below:
 *
 *	qk_run_init(&run, argc, argv, usage);
 *	...getopt_long with qk_common_option(&run.opt, ...)...
 *	qk_run_load(&run, QK_NEED_CATALOG | QK_NEED_CALENDAR);
 *	qk_run_open(&run, paths, npaths, "applications", "application", "cases");
 *	qk_run_side(&run, rejects_path, "rejects", QK_SIDE_REJECTS);
 *	qk_run_records(&run, on_application, tool);
 *	qk_run_commit(&run);
 *	return qk_run_end(&run, "");
 */
struct qk_arena;
struct qk_node;
struct qk_output;

/* What an on_record callback returns. */
enum qk_record_verdict {
	QK_RECORD_NEXT = 0,	/* go on with the next record */
	QK_RECORD_FAIL = 2,	/* its message printed: end the run, exit 2 */
	QK_RECORD_WRITE_FAILED = 3	/* an output's writer failed */
};

enum { QK_SIDE_REJECTS = 1 };	/* the side output that qk_run_reject writes */
enum { QK_RUN_MAX_SIDES = 4 };

struct qk_run {
	struct qk_common opt;
	struct qk_input *in;
	struct qk_reader *reader;
	struct qk_output *out;		/* the main output */
	struct qk_output *side[QK_RUN_MAX_SIDES];	/* committed in this order */
	int nside;
	struct qk_output *rejects;	/* one of side[], or NULL */
	struct qk_output *last_out;	/* where the last record was written */
	struct qk_arena *arena;		/* reset for every record by the tool */
	long read, written, rejected;	/* the counts of -v */
	int status;			/* 1 once something was rejected */
	const char *what;		/* what a record is, for -v: "cases" */
	/* Called after the outputs are finished and before they are committed
	 * (-1: the message printed, the run fails), and when the run fails. */
	int (*before_commit)(void *tool);
	void (*on_fail)(void *tool);
	void *tool;
	enum qk_record_verdict (*on_record)(void *tool, struct qk_node *);
};

void qk_run_init(struct qk_run *, int argc, char **argv, void (*usage)(int));
/* The reference data, as qk_common_load. */
void qk_run_load(struct qk_run *, int need);
/* The input of the operands and the main output whose root is OUT_ROOT. */
void qk_run_open(struct qk_run *, const char *const *paths, int npaths,
    const char *root, const char *record, const char *out_root);
/* A side output (nothing when path is NULL), committed before the main
 * output, in the order they were added. */
struct qk_output *qk_run_side(struct qk_run *, const char *path,
    const char *root, int flags);
/* A rejected record: "SUBJECT rejected: MEANING (CODE)" at the record's
 * place, the subject formatted from FMT, and the record with
 * <error code="CODE">MEANING</error> appended on the rejects output. */
enum qk_record_verdict qk_run_reject(struct qk_run *, const char *doc,
    long line, const struct qk_node *record, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Streams the records to on_record, counting them; a fatal input error, a failed write
 * or QK_RECORD_FAIL ends the run with exit status 2. */
void qk_run_records(struct qk_run *,
    enum qk_record_verdict (*on_record)(void *tool, struct qk_node *),
    void *tool);
/* Finishes every output, then commits the side outputs and, last, the
 * main one (tools.md, Output); on any error the run fails. */
void qk_run_commit(struct qk_run *);
/* Removes every output not yet committed, and exits 2. */
_Noreturn void qk_run_fail(struct qk_run *);
/* The end-of-run warnings, -v's counts (with the tool's DETAIL after
 * them), frees the run, and returns the exit status. */
int qk_run_end(struct qk_run *, const char *detail);

#endif
