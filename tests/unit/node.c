/* Atoms, attributes and the node tree. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "test.h"

/* The C spellings of the atoms, from the same list as node.h. */
static const char *const spelled[] = {
#define X(n) #n,
	QK_ATOMS(X)
#undef X
};

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

QK_TEST(atom_names_round_trip)
{
	int i;

	CHECK_INT(sizeof spelled / sizeof spelled[0], QK_NATOMS - 1);
	for (i = 1; i < QK_NATOMS; i++) {
		const char *name = qk_atom_name(i);
		char want[32];
		size_t k;

		/* The XML name is the C one with '-' for '_'. */
		for (k = 0; spelled[i - 1][k] != '\0' && k < sizeof want - 1; k++)
			want[k] = spelled[i - 1][k] == '_' ? '-' : spelled[i - 1][k];
		want[k] = '\0';
		CHECK_STR(name, want);
		CHECK_INT(qk_atom(name, strlen(name)), i);
		CHECK_INT(qk_atom_len[i], strlen(name));
	}
}

QK_TEST(atom_of_hyphenated_names)
{
	CHECK_INT(qk_atom("defer-days", 10), QK_defer_days);
	CHECK_STR(qk_atom_name(QK_defer_days), "defer-days");
	CHECK_INT(qk_atom("as-of", 5), QK_as_of);
	CHECK_STR(qk_atom_name(QK_as_of), "as-of");
	CHECK_INT(qk_atom_len[QK_defer_days], 10);
	/* The C spelling is not an XML name qk defines. */
	CHECK_INT(qk_atom("defer_days", 10), QK_NONE);
	CHECK_INT(qk_atom("as_of", 5), QK_NONE);
}

QK_TEST(atom_of_unknown_names_is_none)
{
	CHECK_INT(qk_atom("", 0), QK_NONE);
	CHECK_INT(qk_atom("Case", 4), QK_NONE);
	CHECK_INT(qk_atom("cas", 3), QK_NONE);
	CHECK_INT(qk_atom("casex", 5), QK_NONE);
	CHECK_INT(qk_atom("applicationsapplications", 24), QK_NONE);
	CHECK_INT(qk_atom("unheard-of", 10), QK_NONE);
	CHECK_STR(qk_atom_name(QK_NONE), "");
	CHECK_STR(qk_atom_name(QK_NATOMS), "");
	CHECK_STR(qk_atom_name(-1), "");
}

QK_TEST(atom_reads_only_len_bytes)
{
	CHECK_INT(qk_atom("cases", 4), QK_case);
	CHECK_INT(qk_atom("cases\"/>", 5), QK_cases);
	CHECK_INT(qk_atom("id=\"x\"", 2), QK_id);
	CHECK_INT(qk_atom("defer-days", 5), QK_defer);
}

QK_TEST(atom_rank_is_the_byte_order_of_names)
{
	int i, j;

	(void)qk_atom_name(1);
	for (i = 1; i < QK_NATOMS; i++)
		for (j = 1; j < QK_NATOMS; j++)
			if (sign((int)qk_atom_rank[i] - (int)qk_atom_rank[j]) !=
			    sign(strcmp(qk_atom_name(i), qk_atom_name(j)))) {
				qk_test_failf(__FILE__, __LINE__, "rank of %s and %s",
				    qk_atom_name(i), qk_atom_name(j));
				return;
			}
}

static struct qk_attr attr(const char *name)
{
	struct qk_attr a;

	a.name = name;
	a.value = "";
	a.atom = qk_atom(name, strlen(name));
	return a;
}

/* qk_attr_cmp agrees in sign with strcmp for the names. */
static int cmp_agrees(const char *x, const char *y)
{
	struct qk_attr a = attr(x), b = attr(y);

	return sign(qk_attr_cmp(&a, &b)) == sign(strcmp(x, y)) &&
	    sign(qk_attr_cmp(&b, &a)) == sign(strcmp(y, x));
}

QK_TEST(attr_cmp_is_byte_order_for_known_and_unknown_names)
{
	struct qk_attr a = attr("defer"), b = attr("defer-days"), c = attr("dept");

	CHECK(qk_attr_cmp(&a, &b) < 0);
	CHECK(qk_attr_cmp(&b, &c) < 0);
	CHECK(qk_attr_cmp(&c, &a) > 0);
	CHECK_INT(qk_attr_cmp(&b, &b), 0);
	CHECK(cmp_agrees("defer-days", "deferred"));	/* '-' < 'r' */
	CHECK(cmp_agrees("Zeta", "at"));		/* upper case first */
	CHECK(cmp_agrees("x-extra", "year"));
	CHECK(cmp_agrees("a", "after"));
	CHECK(cmp_agrees("h", "histogram"));
	CHECK(cmp_agrees("zz", "zzz"));
	CHECK(cmp_agrees("\xC3\xA9t\xC3\xA9", "window"));	/* bytes, not code points */
}

QK_TEST(node_new_knows_its_atom)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n, *u;

	CHECK(a != NULL);
	n = qk_node_new(a, "case");
	u = qk_node_new(a, "casefile");
	CHECK(n != NULL && u != NULL);
	CHECK_INT(n->atom, QK_case);
	CHECK_STR(n->name, "case");
	CHECK_INT(u->atom, QK_NONE);
	CHECK_STR(u->name, "casefile");
	CHECK(n->child == NULL && n->parent == NULL && n->text == NULL);
	CHECK_INT(n->nattr, 0);
	CHECK_INT(n->line, 0);
	qk_arena_free(a);
}

QK_TEST(node_set_appends_and_replaces)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n = qk_node_new(a, "event");
	char name[16];
	int i;

	CHECK(n != NULL);
	CHECK_INT(qk_node_set(a, n, "type", "routed"), 0);
	CHECK_INT(qk_node_set(a, n, "at", "2026-11-24T09:00:00+08:00"), 0);
	CHECK_INT(qk_node_set(a, n, "type", "done"), 0);
	CHECK_INT(n->nattr, 2);
	CHECK_STR(n->attr[0].name, "type");
	CHECK_INT(n->attr[0].atom, QK_type);
	CHECK_STR(qk_get(n, QK_type), "done");
	CHECK_STR(qk_get(n, QK_at), "2026-11-24T09:00:00+08:00");
	/* Many attributes, in the order set. */
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "x%d", i);
		CHECK_INT(qk_node_set(a, n, qk_arena_strdup(a, name), "v"), 0);
	}
	CHECK_INT(n->nattr, 42);
	CHECK_STR(n->attr[41].name, "x39");
	CHECK_INT(n->attr[41].atom, QK_NONE);
	CHECK_STR(qk_get_name(n, "x17"), "v");
	CHECK_STR(qk_get(n, QK_type), "done");
	qk_arena_free(a);
}

QK_TEST(node_get_reads_empty_as_absent_and_get_raw_does_not)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n = qk_node_new(a, "application");

	CHECK(n != NULL);
	qk_node_set(a, n, "agent", "");
	qk_node_set(a, n, "site", "XG");
	qk_node_set(a, n, "x-note", "");
	CHECK(qk_get(n, QK_agent) == NULL);
	CHECK_STR(qk_get_raw(n, QK_agent), "");
	CHECK(qk_get_raw(n, QK_staff) == NULL);
	CHECK(qk_get(n, QK_staff) == NULL);
	CHECK_STR(qk_get(n, QK_site), "XG");
	CHECK_STR(qk_get_raw(n, QK_site), "XG");
	CHECK(qk_get_name(n, "x-note") == NULL);
	CHECK(qk_get_name(n, "x-other") == NULL);
	CHECK_STR(qk_get_name(n, "site"), "XG");
	CHECK(qk_is(n, QK_agent, ""));
	CHECK(qk_is(n, QK_staff, ""));
	CHECK(qk_is(n, QK_site, "XG"));
	CHECK(!qk_is(n, QK_site, "X"));
	CHECK(!qk_is(n, QK_staff, "XG"));
	qk_arena_free(a);
}

QK_TEST(node_add_and_unset)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n = qk_node_new(a, "event");

	CHECK(n != NULL);
	CHECK_INT(qk_node_add(a, n, QK_seq, "1"), 0);
	CHECK_INT(qk_node_add(a, n, QK_defer_days, "5"), 0);
	CHECK_INT(qk_node_add(a, n, QK_h, "ab"), 0);
	CHECK_STR(n->attr[1].name, "defer-days");
	CHECK_STR(qk_get_name(n, "defer-days"), "5");
	qk_node_unset(n, QK_defer_days);
	CHECK_INT(n->nattr, 2);
	CHECK(qk_get(n, QK_defer_days) == NULL);
	CHECK_STR(n->attr[0].name, "seq");
	CHECK_STR(n->attr[1].name, "h");
	qk_node_unset(n, QK_type);	/* absent: nothing changes */
	CHECK_INT(n->nattr, 2);
	qk_node_set(a, n, "x-a", "1");
	qk_node_unset(n, QK_NONE);	/* never removes names qk does not define */
	CHECK_INT(n->nattr, 3);
	qk_arena_free(a);
}

QK_TEST(node_children_in_order_with_child_next_and_count)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *c = qk_node_new(a, "case");
	struct qk_node *e1 = qk_node_new(a, "event"), *app = qk_node_new(a, "application");
	struct qk_node *e2 = qk_node_new(a, "event"), *it = qk_node_new(a, "item");

	CHECK(c != NULL && e1 != NULL && app != NULL && e2 != NULL && it != NULL);
	CHECK(qk_child(c, QK_event) == NULL);
	CHECK_INT(qk_count_children(c, QK_event), 0);
	qk_node_append(c, app);
	qk_node_append(c, e1);
	qk_node_append(c, it);
	qk_node_append(c, e2);
	CHECK(c->child == app && c->last == e2);
	CHECK(e1->parent == c && e2->next == NULL);
	CHECK(qk_child(c, QK_event) == e1);
	CHECK(qk_next(e1, QK_event) == e2);
	CHECK(qk_next(e2, QK_event) == NULL);
	CHECK(qk_child(c, QK_item) == it);
	CHECK(qk_next(app, QK_item) == it);
	CHECK(qk_child(c, QK_request) == NULL);
	CHECK_INT(qk_count_children(c, QK_event), 2);
	CHECK_INT(qk_count_children(c, QK_application), 1);
	CHECK_INT(qk_count_children(c, QK_events), 0);
	qk_arena_free(a);
}

QK_TEST(node_text_is_copied)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n = qk_node_new(a, "note");
	char s[] = "张伟 & co";

	CHECK(n != NULL);
	CHECK_INT(qk_node_text(a, n, s), 0);
	s[0] = 'x';
	CHECK_STR(n->text, "张伟 & co");
	CHECK_INT(n->textlen, strlen("张伟 & co"));
	qk_arena_free(a);
}

/* <case id="XG-1" x-note="n"><application site="XG"><request item="A"/>
 * </application><notice>text</notice></case> */
static struct qk_node *sample(struct qk_arena *a)
{
	struct qk_node *c = qk_node_new(a, "case");
	struct qk_node *app = qk_node_new(a, "application");
	struct qk_node *rq = qk_node_new(a, "request");
	struct qk_node *no = qk_node_new(a, "notice");

	if (c == NULL || app == NULL || rq == NULL || no == NULL)
		return NULL;
	qk_node_set(a, c, "id", "XG-1");
	qk_node_set(a, c, "x-note", "n");
	qk_node_set(a, app, "site", "XG");
	qk_node_set(a, rq, "item", "A");
	qk_node_text(a, no, "text");
	qk_node_append(c, app);
	qk_node_append(app, rq);
	qk_node_append(c, no);
	return c;
}

QK_TEST(node_copy_is_deep_and_outlives_its_source)
{
	struct qk_arena *a = qk_arena_new(), *b = qk_arena_new();
	struct qk_node *src, *cp, *app;
	char name[] = "x-own", value[] = "mine";

	CHECK(a != NULL && b != NULL);
	src = sample(a);
	CHECK(src != NULL);
	qk_node_set(a, src, name, value);	/* kept by pointer, not copied */
	src->line = 12;
	cp = qk_node_copy(b, src);
	CHECK(cp != NULL);
	CHECK(qk_node_equal(src, cp, NULL));
	CHECK_INT(cp->line, 12);
	memset(name, 'z', sizeof name - 1);
	memset(value, 'z', sizeof value - 1);
	qk_arena_free(a);	/* the copy needs nothing of a */
	CHECK(cp->parent == NULL && cp->next == NULL);
	CHECK_STR(cp->name, "case");
	CHECK_INT(cp->atom, QK_case);
	CHECK_STR(qk_get(cp, QK_id), "XG-1");
	CHECK_STR(qk_get_name(cp, "x-note"), "n");
	CHECK_STR(qk_get_name(cp, "x-own"), "mine");
	app = qk_child(cp, QK_application);
	CHECK(app != NULL && app->parent == cp);
	CHECK_STR(qk_get(qk_child(app, QK_request), QK_item), "A");
	CHECK(cp->last == qk_child(cp, QK_notice));
	CHECK_STR(cp->last->text, "text");
	CHECK_INT(cp->last->textlen, 4);
	/* The copy's attributes can grow. */
	CHECK_INT(qk_node_set(b, cp, "x-more", "1"), 0);
	CHECK_STR(qk_get_name(cp, "x-more"), "1");
	CHECK_STR(qk_get(cp, QK_id), "XG-1");
	qk_arena_free(b);
}

QK_TEST(node_equal_ignores_attribute_order_and_skipped_atoms)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *x = qk_node_new(a, "event"), *y = qk_node_new(a, "event");
	static const int skip[] = { QK_seq, QK_h, QK_NONE };

	CHECK(x != NULL && y != NULL);
	qk_node_set(a, x, "seq", "3");
	qk_node_set(a, x, "type", "routed");
	qk_node_set(a, x, "to", "D1");
	qk_node_set(a, x, "h", "aa");
	qk_node_set(a, y, "to", "D1");
	qk_node_set(a, y, "type", "routed");
	CHECK(!qk_node_equal(x, y, NULL));
	CHECK(qk_node_equal(x, y, skip));
	CHECK(qk_node_equal(y, x, skip));
	qk_node_set(a, y, "to", "D2");
	CHECK(!qk_node_equal(x, y, skip));
	qk_node_set(a, y, "to", "D1");
	qk_node_set(a, y, "by", "S1");
	CHECK(!qk_node_equal(x, y, skip));
	CHECK(!qk_node_equal(y, x, skip));
	qk_arena_free(a);
}

QK_TEST(node_equal_compares_names_and_children)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *x, *y, *z;

	CHECK(a != NULL);
	x = sample(a);
	y = sample(a);
	CHECK(x != NULL && y != NULL);
	CHECK(qk_node_equal(x, y, NULL));
	/* A child's attribute differs. */
	qk_node_set(a, qk_child(y, QK_application)->child, "item", "B");
	CHECK(!qk_node_equal(x, y, NULL));
	/* One more child. */
	y = sample(a);
	qk_node_append(y, qk_node_new(a, "notice"));
	CHECK(!qk_node_equal(x, y, NULL));
	CHECK(!qk_node_equal(y, x, NULL));
	/* Another name. */
	z = qk_node_new(a, "cases");
	CHECK(!qk_node_equal(qk_node_new(a, "case"), z, NULL));
	CHECK(qk_node_equal(qk_node_new(a, "case"), qk_node_new(a, "case"), NULL));
	qk_arena_free(a);
}
