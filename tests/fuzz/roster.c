/* The roster loader, its look-ups, qk-audit's roster rules and
 * qk-report's targets. */
#include "finding.h"
#include "kpi.h"
#include "lint.h"
#include "node.h"
#include "roster.h"
#include "fuzz.h"

static void on_finding(void *arg, const struct qk_finding *f)
{
	int i;

	(void)arg;
	for (i = 0; i < QK_F_N; i++)
		qf_touch(f->v[i]);
}

static void look_up(const struct qk_roster *r)
{
	const struct qk_node *n, *site;
	long day;
	int role;

	for (n = qk_roster_root(r)->child; n != NULL; n = n->next) {
		const char *id = qk_get(n, QK_id), *code = qk_get(n, QK_code);

		if (code != NULL && (site = qk_roster_site(r, code)) != NULL)
			qf_walk(site);
		if (id == NULL)
			continue;
		for (role = 1; role <= QK_ROLE_LEAD; role *= 2)
			qk_roster_has_role(r, id, role);
		qk_roster_in_dept(r, id, qk_get(n, QK_dept) != NULL ?
		    qk_get(n, QK_dept) : "CL");
		qk_roster_registered(r, id, &day);
		qk_roster_known(r, id);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct qf_ref *ref = qf_ref();
	struct qk_roster *r;
	struct qk_targets t;
	const char *file;
	long line = 0;

	r = qk_roster_load(qf_file(data, size));
	if (r == NULL)
		qf_fail("out of memory");
	if (qk_roster_error(r, &file, &line, NULL) != NULL) {
		qk_roster_free(r);
		return 0;
	}
	look_up(r);
	qk_lint_roster(r, on_finding, NULL);
	qk_kpi_targets(ref->catalog, r, ref->vague, &t);
	qk_roster_free(r);
	return 0;
}
