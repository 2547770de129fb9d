/* qk-audit on each case: every rule of the table, the chain included,
 * then the calendar rule over the cases audited. */
#include <stdlib.h>

#include "audit.h"
#include "date.h"
#include "findings.h"
#include "writer.h"
#include "fuzz.h"

struct run {
	struct qk_audit *audit;
	struct qk_writer *w;
};

static void on_finding(void *arg, const struct qk_finding *f)
{
	struct run *run = arg;
	int i;

	if (qk_audit_rule_find(f->rule) < 0)
		qf_fail("a finding of a rule not in the table");
	for (i = 0; i < QK_F_N; i++)
		qf_touch(f->v[i]);
	qk_finding_write_xml(run->w, f);
	qk_finding_write_text(run->w, f);
}

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;

	return qk_audit_case(run->audit, c, on_finding, run) < 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct qf_ref *ref = qf_ref();
	unsigned char enabled[128];
	struct qk_audit_opts ao;
	struct run run;
	int i;

	for (i = 0; i < qk_audit_nrules() && i < (int)sizeof enabled; i++)
		enabled[i] = 1;
	qk_date_parse("2026-12-31", &ao.as_of);
	ao.warn = 3;
	ao.rectify_days = 5;
	ao.enabled = enabled;
	run.audit = qk_audit_new(ref->cal, ref->catalog, ref->roster, &ao);
	run.w = qf_writer(NULL);
	if (run.audit == NULL)
		qf_fail("out of memory");
	qf_records(qf_file(data, size), "cases", "case", 0, on_case, &run);
	qk_audit_calendar(run.audit, on_finding, &run);
	qk_writer_free(run.w);
	qk_audit_free(run.audit);
	return 0;
}
