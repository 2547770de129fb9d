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

#endif
