/* The catalog loader, its look-ups, qk-audit's catalog rules and
 * qk-report's targets. */
#include "catalog.h"
#include "finding.h"
#include "kpi.h"
#include "lint.h"
#include "node.h"
#include "fuzz.h"

static void on_finding(void *arg, const struct qk_finding *f)
{
	int i;

	(void)arg;
	for (i = 0; i < QK_F_N; i++)
		qf_touch(f->v[i]);
}

static void look_up(const struct qk_catalog *c)
{
	const struct qk_node *n, *row;

	for (n = qk_catalog_root(c)->child; n != NULL; n = n->next) {
		const char *code = qk_get(n, QK_code);

		if (code == NULL)
			continue;
		if ((row = qk_catalog_item(c, code)) != NULL)
			qf_walk(row);
		if ((row = qk_catalog_dept(c, code)) != NULL)
			qf_walk(row);
		qf_touch(qk_catalog_material_name(c, code));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct qf_ref *ref = qf_ref();
	struct qk_catalog *c;
	struct qk_targets t;
	const char *file;
	long line = 0;

	c = qk_catalog_load(qf_file(data, size));
	if (c == NULL)
		qf_fail("out of memory");
	if (qk_catalog_error(c, &file, &line, NULL) != NULL) {
		qk_catalog_free(c);
		return 0;
	}
	look_up(c);
	qk_lint_catalog(c, ref->vague, on_finding, NULL);
	qk_kpi_targets(c, ref->roster, ref->vague, &t);
	qk_catalog_free(c);
	return 0;
}
