#include <string.h>

#include "catalog.h"
#include "kpi.h"
#include "lint.h"
#include "map.h"
#include "node.h"
#include "roster.h"
#include "value.h"

enum { T_CLAIM, T_NFTF, T_ONLINE, T_COMPRESSION, T_IMMEDIATE, T_GUIDE, T_AGENTS };

/* What the lint callbacks collect: the codes their findings name. */
struct named {
	struct qk_map *codes;
	const char *rule;	/* only findings of this rule, or NULL */
	int failed;
};

static void on_finding(void *arg, const struct qk_finding *f)
{
	struct named *n = arg;
	const char *code;

	if (n->rule != NULL ? strcmp(f->rule, n->rule) != 0 : f->severity != QK_SEV_ERROR)
		return;
	code = f->v[n->rule != NULL ? QK_F_SITE : QK_F_ITEM];
	if (code != NULL && qk_map_put(n->codes, code, n) < 0)
		n->failed = 1;
}

static long attr_uint(const struct qk_node *n, int atom, long dflt)
{
	long v;

	return qk_value_uint(qk_get(n, atom), &v) ? v : dflt;
}

static void count_item(struct qk_targets *t, const struct qk_node *it,
    const struct qk_map *bad)
{
	long online = attr_uint(it, QK_online, 0), legal, promised;
	const char *code = qk_get_raw(it, QK_code);

	t->den[T_CLAIM]++;
	if (qk_is(it, QK_claimed, "no"))
		return;
	t->num[T_CLAIM]++;
	t->den[T_NFTF]++;
	t->den[T_ONLINE]++;
	t->den[T_IMMEDIATE]++;
	t->den[T_GUIDE]++;
	t->num[T_NFTF] += online == 4 || (qk_is(it, QK_delivery, "post") && online >= 3);
	t->num[T_ONLINE] += online >= 1;
	t->num[T_IMMEDIATE] += qk_is(it, QK_mode, "immediate");
	t->num[T_GUIDE] += qk_map_get(bad, code != NULL ? code : "") == NULL;
	if (qk_value_uint(qk_get(it, QK_legal), &legal) && legal > 0 &&
	    qk_value_uint(qk_get(it, QK_promised), &promised)) {
		t->num[T_COMPRESSION] += legal - promised;
		t->den[T_COMPRESSION] += legal;
	}
}

static void count_site(struct qk_targets *t, const struct qk_node *site,
    const struct qk_map *few)
{
	const char *code = qk_get_raw(site, QK_code);

	if (!qk_is(site, QK_level, "subdistrict") && !qk_is(site, QK_level, "community"))
		return;
	t->den[T_AGENTS]++;
	t->num[T_AGENTS] += qk_map_get(few, code != NULL ? code : "") == NULL;
}

int qk_kpi_targets(const struct qk_catalog *cat, const struct qk_roster *ros,
    const struct qk_vague *vague, struct qk_targets *t)
{
	struct named bad = { qk_map_new(), NULL, 0 };
	struct named few = { qk_map_new(), "agents-too-few", 0 };
	const struct qk_node *n;
	int r = -1;

	memset(t, 0, sizeof *t);
	if (bad.codes == NULL || few.codes == NULL ||
	    qk_lint_catalog(cat, vague, on_finding, &bad) < 0 ||
	    qk_lint_roster(ros, on_finding, &few) < 0 || bad.failed || few.failed)
		goto done;
	for (n = qk_child(qk_catalog_root(cat), QK_item); n != NULL; n = qk_next(n, QK_item))
		count_item(t, n, bad.codes);
	for (n = qk_child(qk_roster_root(ros), QK_site); n != NULL; n = qk_next(n, QK_site))
		count_site(t, n, few.codes);
	r = 0;
done:
	qk_map_free(bad.codes);
	qk_map_free(few.codes);
	return r;
}
