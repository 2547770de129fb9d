#ifndef QK_FINDINGS_H
#define QK_FINDINGS_H

#include "finding.h"

/*
 * Writing findings (formats.md, Findings; tools.md, qk-audit -f text), and
 * the spool that holds warnings and infos until the end of a run.
 */
struct qk_writer;
struct qk_spool;

/* The name of an attribute of enum qk_fattr ("case", "item", …). */
const char *qk_finding_attr_name(int attr);
/* <finding …>TEXT</finding> at depth 1. */
void qk_finding_write_xml(struct qk_writer *, const struct qk_finding *);
/* One line: SEVERITY TAB RULE TAB CASE TAB ITEM TAB ATTRS TAB TEXT. */
void qk_finding_write_text(struct qk_writer *, const struct qk_finding *);

/* An unlinked temporary file in dir ($TMPDIR); NULL with errno set. */
struct qk_spool *qk_spool_new(const char *dir);
/* Both return 0, or -1 with errno set (ENOSPC, EIO, ENOMEM). */
int qk_spool_add(struct qk_spool *, const struct qk_finding *);
/* Calls fn for each finding spooled, in order. */
int qk_spool_each(struct qk_spool *, qk_finding_fn *fn, void *arg);
void qk_spool_free(struct qk_spool *);

/*
 * The order of tools.md (qk-audit, Order): errors are written as they
 * come; warnings and infos wait in spools, one per phase (the reference
 * data's findings, then the cases'), and are written by qk_fsink_end():
 * the warnings of each phase with the calendar's between them, then the
 * infos.
 */
enum { QK_PHASE_REF, QK_PHASE_CASES };
struct qk_fsink;

/* Writes to w, as text or XML; spools in tmpdir ($TMPDIR; NULL: /tmp).
 * NULL when memory runs out. */
struct qk_fsink *qk_fsink_new(struct qk_writer *w, int text, const char *tmpdir);
void qk_fsink_free(struct qk_fsink *);
void qk_fsink_phase(struct qk_fsink *, int phase);
/* A qk_finding_fn: arg is the sink. */
void qk_fsink_add(void *sink, const struct qk_finding *);
/* 1 once an error was written since the last call (and resets). */
int qk_fsink_wrote_error(struct qk_fsink *);
/* Writes the spooled findings; between(arg, fn, sink) is called after the
 * reference data's warnings to hand over the calendar's.  0, or -1 with
 * errno set when a spool failed. */
int qk_fsink_end(struct qk_fsink *,
    void (*between)(void *arg, qk_finding_fn *fn, void *sink), void *arg);
/* The findings made, of one severity. */
long qk_fsink_count(const struct qk_fsink *, int severity);

#endif
