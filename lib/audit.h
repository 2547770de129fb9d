#ifndef QK_AUDIT_H
#define QK_AUDIT_H

#include "finding.h"

/*
 * The audit rules of rules.md, once: the rule table (id, severity, label,
 * and for a case rule its function) and the case and calendar rules.  The
 * catalog and roster rules live in lint.c; their ids are in the table so
 * that --list-rules, --rule and --skip know every rule.
 */
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_roster;

enum qk_rule_kind { QK_RULE_CASE, QK_RULE_CALENDAR, QK_RULE_CATALOG, QK_RULE_ROSTER };

struct qk_audit_rule {
	const char *id;
	int severity;		/* enum qk_severity */
	const char *label;
	int kind;		/* enum qk_rule_kind */
};

/* The rules in the order of rules.md's tables. */
int qk_audit_nrules(void);
const struct qk_audit_rule *qk_audit_rule_at(int i);
/* The index of a rule id, or -1. */
int qk_audit_rule_find(const char *id);
/* "error", "warning" or "info". */
const char *qk_severity_name(int severity);

struct qk_audit_opts {
	long as_of;			/* T, a day */
	long warn;			/* --warn */
	long rectify_days;		/* --rectify-days */
	const unsigned char *enabled;	/* one flag per rule of the table */
};

struct qk_audit;

/* NULL when memory runs out.  The reference data must outlive it. */
struct qk_audit *qk_audit_new(struct qk_cal *, const struct qk_catalog *,
    const struct qk_roster *, const struct qk_audit_opts *);
void qk_audit_free(struct qk_audit *);
/*
 * Runs every enabled case rule on one <case> record, calling fn for each
 * finding in the order of tools.md (rule, then item or material, then
 * seq).  Returns 1 when the case was audited, 0 when it is malformed
 * (case-malformed, no other rule), -1 when memory ran out.
 */
int qk_audit_case(struct qk_audit *, const struct qk_node *casenode,
    qk_finding_fn *fn, void *arg);
/*
 * The same in two steps, for -j N: a worker runs the rules of one case but
 * the whole-input ones (duplicate-id, duplicate-application, the last of
 * the table) and fills key; the thread that holds the whole input's sets
 * then runs those on key, in input order.  key's strings are the case's.
 */
struct qk_audit_key {
	int audited;			/* 0: malformed, no whole-input rule */
	const char *id, *site, *staff;	/* the finding's case attributes */
	const char *app_site, *ref, *received;	/* the application's key */
};
int qk_audit_case_local(struct qk_audit *, const struct qk_node *casenode,
    qk_finding_fn *fn, void *arg, struct qk_audit_key *key);
/* 0, or -1 when memory ran out. */
int qk_audit_case_whole(struct qk_audit *, const struct qk_audit_key *key,
    qk_finding_fn *fn, void *arg);
/* Adds the open items seen by from to those of to (calendar-ends). */
void qk_audit_merge_open(struct qk_audit *to, const struct qk_audit *from);
/* The calendar rule, over the open items of the cases audited so far. */
void qk_audit_calendar(struct qk_audit *, qk_finding_fn *fn, void *arg);

#endif
