#ifndef QK_FINDING_H
#define QK_FINDING_H

/*
 * One finding of the audit rules (rules.md; formats.md, Findings), as the
 * rules hand it to their caller: qk-audit writes it, qk-report's targets
 * count it.  Every value is a string valid only during the callback; NULL
 * when the finding does not carry that attribute ("" is a value).
 */
enum qk_severity { QK_SEV_ERROR, QK_SEV_WARNING, QK_SEV_INFO };

/* The attributes of a finding, in formats.md's order after rule and
 * severity. */
enum qk_fattr {
	QK_F_CASE, QK_F_ITEM, QK_F_MATERIAL, QK_F_DEPT, QK_F_SITE, QK_F_STAFF,
	QK_F_DECIDER, QK_F_DUE, QK_F_UNTIL, QK_F_DAYS, QK_F_SEQ, QK_F_SCORE,
	QK_F_ATTR, QK_F_EXPECTED, QK_F_FOUND, QK_F_FIELD, QK_F_WORD,
	QK_F_PARENT, QK_F_COUNT, QK_F_TO,
	QK_F_N
};

struct qk_finding {
	const char *rule;		/* the rule id, e.g. "guide-vague" */
	int severity;			/* enum qk_severity */
	const char *v[QK_F_N];		/* values by enum qk_fattr */
};

typedef void qk_finding_fn(void *arg, const struct qk_finding *);

#endif
