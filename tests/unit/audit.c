/* The rule table of the audit and the spool of findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "findings.h"
#include "test.h"

QK_TEST(audit_table_has_the_36_rules_of_the_tables_in_order)
{
	CHECK_INT(qk_audit_nrules(), 36);
	CHECK_STR(qk_audit_rule_at(0)->id, "overdue");
	CHECK_STR(qk_audit_rule_at(25)->id, "case-malformed");
	CHECK_STR(qk_audit_rule_at(26)->id, "calendar-ends");
	CHECK_INT(qk_audit_rule_at(26)->kind, QK_RULE_CALENDAR);
	CHECK_STR(qk_audit_rule_at(27)->id, "guide-missing-field");
	CHECK_INT(qk_audit_rule_at(32)->kind, QK_RULE_CATALOG);
	CHECK_STR(qk_audit_rule_at(33)->id, "agents-too-few");
	CHECK_INT(qk_audit_rule_at(35)->kind, QK_RULE_ROSTER);
	CHECK(qk_audit_rule_at(36) == NULL);
	CHECK_INT(qk_audit_rule_find("state-mismatch"), 12);
	CHECK_INT(qk_audit_rule_find("state"), -1);
}

QK_TEST(audit_case_rules_precede_the_others_and_ids_are_unique)
{
	int i, j;

	for (i = 0; i < qk_audit_nrules(); i++) {
		CHECK((qk_audit_rule_at(i)->kind == QK_RULE_CASE) == (i < 26));
		for (j = 0; j < i; j++)
			CHECK(strcmp(qk_audit_rule_at(i)->id, qk_audit_rule_at(j)->id) != 0);
	}
}

struct got {
	int n;
	char line[4][200];
};

static void collect(void *arg, const struct qk_finding *f)
{
	struct got *g = arg;

	if (g->n < 4)
		snprintf(g->line[g->n++], sizeof g->line[0], "%s %d %s %s %s",
		    f->rule, f->severity, f->v[QK_F_CASE] ? f->v[QK_F_CASE] : "-",
		    f->v[QK_F_STAFF] ? f->v[QK_F_STAFF] : "-",
		    f->v[QK_F_DAYS] ? f->v[QK_F_DAYS] : "-");
}

QK_TEST(spool_gives_back_findings_in_order_with_empty_values)
{
	struct qk_spool *s = qk_spool_new(getenv("TMPDIR"));
	struct qk_finding f = { 0 };
	struct got g = { 0 };

	CHECK(s != NULL);
	f.rule = "due-soon";
	f.severity = QK_SEV_WARNING;
	f.v[QK_F_CASE] = "XG-20261124-0001";
	f.v[QK_F_STAFF] = "";
	f.v[QK_F_DAYS] = "0";
	CHECK_INT(qk_spool_add(s, &f), 0);
	f.rule = "unknown-staff";
	f.v[QK_F_DAYS] = NULL;
	f.v[QK_F_STAFF] = "Z\t9";
	CHECK_INT(qk_spool_add(s, &f), 0);
	CHECK_INT(qk_spool_each(s, collect, &g), 0);
	qk_spool_free(s);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.line[0], "due-soon 1 XG-20261124-0001  0");
	CHECK_STR(g.line[1], "unknown-staff 1 XG-20261124-0001 Z\t9 -");
}
