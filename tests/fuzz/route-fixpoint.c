/*
 * The differential harness: qk-route --no-dispatch on a case set, run
 * again on its own output, writes the same bytes (a fixed point); every
 * case it wrote passes qk-audit's state-mismatch, and chain-broken when
 * its chain verified on input.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "chain.h"
#include "date.h"
#include "node.h"
#include "fuzz.h"

struct run {
	struct qk_audit *audit;
	int chain, state;		/* rule indexes */
	int broken;			/* chain-broken found for the case */
	int checking;			/* 0: on input; 1: on output */
	char bad[64][300];		/* ids broken on input */
	int nbad;
};

static void on_finding(void *arg, const struct qk_finding *f)
{
	struct run *run = arg;

	if (strcmp(f->rule, "chain-broken") == 0)
		run->broken = 1;
	else if (run->checking)
		qf_fail("a case qk-route wrote fails state-mismatch");
}

static int broken_in(const struct run *run, const char *id)
{
	int i;

	for (i = 0; i < run->nbad; i++)
		if (strcmp(run->bad[i], id) == 0)
			return 1;
	return 0;
}

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;
	const char *id = qk_get(c, QK_id);

	if (qk_case_malformed(c))
		return 0;
	run->broken = 0;
	if (qk_audit_case(run->audit, c, on_finding, run) < 0)
		return 1;
	if (!run->checking && run->broken) {
		if (run->nbad == 64)
			return 1;
		snprintf(run->bad[run->nbad++], sizeof run->bad[0], "%s", id);
	} else if (run->checking && run->broken && !broken_in(run, id)) {
		qf_fail("a case whose chain verified fails chain-broken after qk-route");
	}
	return 0;
}

static struct qk_audit *audit_of(unsigned char *enabled, size_t n)
{
	struct qk_audit_opts ao;
	const struct qf_ref *ref = qf_ref();
	int i;

	memset(enabled, 0, n);
	for (i = 0; i < qk_audit_nrules(); i++)
		if (strcmp(qk_audit_rule_at(i)->id, "chain-broken") == 0 ||
		    strcmp(qk_audit_rule_at(i)->id, "state-mismatch") == 0)
			enabled[i] = 1;
	qk_date_parse("2026-12-31", &ao.as_of);
	ao.warn = 3;
	ao.rectify_days = 5;
	ao.enabled = enabled;
	return qk_audit_new(ref->cal, ref->catalog, ref->roster, &ao);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qf_buf one = { 0 }, two = { 0 };
	const char *in = qf_file(data, size), *out;
	unsigned char enabled[128];
	struct run run = { 0 };
	int overflow;

	if (!qf_route(in, NULL, 0, &one))
		goto done;
	out = qf_file2((const uint8_t *)one.p, one.n);
	if (!qf_route(out, NULL, 0, &two))
		qf_fail("qk-route refuses its own output");
	if (one.n != two.n || memcmp(one.p, two.p, one.n) != 0)
		qf_fail("qk-route --no-dispatch is not a fixed point");
	if ((run.audit = audit_of(enabled, sizeof enabled)) == NULL)
		qf_fail("out of memory");
	overflow = qf_records(in, "cases", "case", 0, on_case, &run) != 0;
	run.checking = 1;
	if (!overflow && qf_records(out, "cases", "case", 0, on_case, &run) != 0)
		qf_fail("qk-route's output does not read");
	qk_audit_free(run.audit);
done:
	qf_buf_free(&one);
	qf_buf_free(&two);
	return 0;
}
