#ifndef QK_LINT_H
#define QK_LINT_H

#include <stddef.h>

#include "finding.h"

/*
 * The catalog rules and the roster rules of rules.md, run on the reference
 * data in use: qk-audit reports their findings, qk-report's targets count
 * them (guide-correctness, agents).  One implementation for both.
 */
struct qk_catalog;
struct qk_roster;
struct qk_vague;

/* The vague-word list of formats.md (Catalog): the data folder's
 * vague-words.txt, then vague-words.local.txt (a missing file counts as
 * empty).  NULL only when memory runs out; when a file cannot be read,
 * qk_vague_error() says why and the list may not be used. */
struct qk_vague *qk_vague_load(const char *dir);
/* NULL when the list was read; else why not. */
const char *qk_vague_error(const struct qk_vague *);
void qk_vague_free(struct qk_vague *);

/* Calls fn for each finding of the catalog rules, in the order of
 * tools.md (the rules' table, then the rows; within one item the order of
 * rules.md, Reading the rules exactly).  0, or -1 when memory ran out. */
int qk_lint_catalog(const struct qk_catalog *, const struct qk_vague *,
    qk_finding_fn *fn, void *arg);
/* The same for the roster rules. */
int qk_lint_roster(const struct qk_roster *, qk_finding_fn *fn, void *arg);

#endif
