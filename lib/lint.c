#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "lint.h"
#include "map.h"
#include "node.h"
#include "roster.h"
#include "value.h"

/*
 * The catalog rules and the roster rules of rules.md.  Each rule walks
 * every row before the next rule starts, so that the findings come in the
 * order of tools.md: the rules' table, then the rows.
 */

struct phrase {
	char *s;		/* NUL-terminated copy of the bytes */
	size_t len;
};

struct qk_vague {
	struct phrase *v;
	size_t n, cap;
	char err[4200];		/* why the list could not be read, or "" */
};

/* What every rule needs: where its findings go. */
struct out {
	qk_finding_fn *fn;
	void *arg;
};

/* The length of the white space character of rules.md (Reading the rules
 * exactly) that starts at s, or 0. */
static size_t space_at(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)	/* U+1680 */
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8A) ||
	    s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))	/* U+2000 … U+202F */
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)	/* U+205F */
		return 3;
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)	/* U+3000 */
		return 3;
	return 0;
}

/* The length of the white space character that ends the n bytes at s, or
 * 0.  UTF-8 being self-synchronising, the shortest match is the one. */
static size_t space_before(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++)
		if (space_at(s + n - k, k) == k)
			return k;
	return 0;
}

/* 1 when the n bytes at s are only white space (none at all included). */
static int only_space(const char *s, size_t n)
{
	size_t k;

	while (n > 0) {
		if ((k = space_at(s, n)) == 0)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

/* The phrase of a line of a vague-word file: the line up to its first '#',
 * white space trimmed at both ends; *len is 0 when nothing remains. */
static const char *line_phrase(const char *s, size_t n, size_t *len)
{
	const char *hash = memchr(s, '#', n);
	size_t k;

	if (hash != NULL)
		n = (size_t)(hash - s);
	while ((k = space_at(s, n)) > 0) {
		s += k;
		n -= k;
	}
	while ((k = space_before(s, n)) > 0)
		n -= k;
	*len = n;
	return s;
}

static int vague_add(struct qk_vague *vw, const char *s, size_t len)
{
	struct phrase *p;

	if (vw->n == vw->cap) {
		size_t cap = vw->cap > 0 ? vw->cap * 2 : 16;

		p = realloc(vw->v, cap * sizeof *p);
		if (p == NULL)
			return -1;
		vw->v = p;
		vw->cap = cap;
	}
	p = &vw->v[vw->n];
	if ((p->s = malloc(len + 1)) == NULL)
		return -1;
	memcpy(p->s, s, len);
	p->s[len] = '\0';
	p->len = len;
	vw->n++;
	return 0;
}

/* Appends the phrases of the file dir/name; a missing file adds none. */
static int vague_read(struct qk_vague *vw, const char *dir, const char *name)
{
	char *err = vw->err;
	size_t errlen = sizeof vw->err;
	char path[4096], *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	FILE *f;
	int r = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
		snprintf(err, errlen, "%s/%s: %s", dir, name, strerror(ENAMETOOLONG));
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (r == 0 && (n = getline(&line, &cap, f)) >= 0) {
		const char *p = line_phrase(line, (size_t)n, &len);

		if (len > 0 && vague_add(vw, p, len) < 0) {
			snprintf(err, errlen, "%s", strerror(ENOMEM));
			r = -1;
		}
	}
	/* getline sets the error indicator when it fails, ENOMEM included. */
	if (r == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno != 0 ? errno : EIO));
		r = -1;
	}
	free(line);
	fclose(f);
	return r;
}

struct qk_vague *qk_vague_load(const char *dir)
{
	struct qk_vague *vw = calloc(1, sizeof *vw);

	if (vw != NULL && vague_read(vw, dir, "vague-words.txt") == 0)
		vague_read(vw, dir, "vague-words.local.txt");
	return vw;
}

const char *qk_vague_error(const struct qk_vague *vw)
{
	return vw->err[0] != '\0' ? vw->err : NULL;
}

void qk_vague_free(struct qk_vague *vw)
{
	size_t i;

	if (vw == NULL)
		return;
	for (i = 0; i < vw->n; i++)
		free(vw->v[i].s);
	free(vw->v);
	free(vw);
}

/* 1 when the len (≥ 1) bytes at p occur in the n bytes at s.  memmem is
 * not POSIX. */
static int contains(const char *s, size_t n, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i + len <= n; i++)
		if (s[i] == p[0] && memcmp(s + i, p, len) == 0)
			return 1;
	return 0;
}

/* The first phrase, in list order, that occurs in the n bytes at s. */
static const char *vague_first(const struct qk_vague *vw, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < vw->n; i++)
		if (contains(s, n, vw->v[i].s, vw->v[i].len))
			return vw->v[i].s;
	return NULL;
}

/*
 * Integers of formats.md ([0-9]+, leading zeros allowed) have no upper
 * bound, so limits are compared as digit strings: qk_value_uint refuses
 * long ones, which are integers all the same.
 */
static const char *integer_digits(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return NULL;
	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	while (s[0] == '0' && s[1] != '\0')
		s++;
	return s;
}

/* <0, 0, >0 as the value of the digits a is below, at, above b's. */
static int integer_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* A row's attribute as written, "" when absent: what a finding says. */
static const char *raw(const struct qk_node *n, int atom)
{
	const char *v = qk_get_raw(n, atom);

	return v != NULL ? v : "";
}

static void finding_start(struct qk_finding *f, const char *rule, int severity)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = severity;
}

/* One finding with one or two attributes (a2 < 0: none). */
static void emit(const struct out *o, const char *rule, int severity,
    int a1, const char *v1, int a2, const char *v2)
{
	struct qk_finding f;

	finding_start(&f, rule, severity);
	f.v[a1] = v1;
	if (a2 >= 0)
		f.v[a2] = v2;
	o->fn(o->arg, &f);
}

/* ---- Catalog rules ---- */

struct cat {
	const struct qk_catalog *c;
	const struct qk_vague *vw;
	struct out o;
	size_t nitems;
};

typedef void cat_item_rule(const struct cat *, const struct qk_node *item);

/* The guide's text elements, in the order of rules.md. */
static const int text_fields[] = {
	QK_basis, QK_conditions, QK_place, QK_contact, QK_complaint, QK_result,
	QK_steps
};

static void missing_field(const struct cat *k, const struct qk_node *item,
    const char *field)
{
	emit(&k->o, "guide-missing-field", QK_SEV_ERROR, QK_F_ITEM,
	    raw(item, QK_code), QK_F_FIELD, field);
}

/* A text element is missing when absent or only white space; the first
 * one of a name is the guide's. */
static int text_missing(const struct qk_node *item, int atom)
{
	const struct qk_node *t = qk_child(item, atom);

	return t == NULL || t->text == NULL || only_space(t->text, t->textlen);
}

/* In the order of rules.md.  fee="" is absent (formats.md, Empty values),
 * fee=" " is written; legal="" is no integer. */
static void guide_missing_field(const struct cat *k, const struct qk_node *item)
{
	size_t i;

	for (i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
		if (text_missing(item, text_fields[i]))
			missing_field(k, item, qk_atom_name(text_fields[i]));
	if (qk_get(item, QK_fee) == NULL)
		missing_field(k, item, "fee");
	if (integer_digits(qk_get_raw(item, QK_legal)) == NULL)
		missing_field(k, item, "legal");
	if (integer_digits(qk_get_raw(item, QK_promised)) == NULL)
		missing_field(k, item, "promised");
	if (qk_child(item, QK_need) == NULL)
		missing_field(k, item, "material");
}

/* 1 when an earlier need of the item (before need) names its material. */
static int need_repeated(const struct qk_node *item, const struct qk_node *need)
{
	const struct qk_node *n;
	const char *code = qk_get(need, QK_material);

	for (n = qk_child(item, QK_need); n != need; n = qk_next(n, QK_need))
		if (qk_is(n, QK_material, code))
			return 1;
	return 0;
}

static void vague_found(const struct cat *k, const struct qk_node *item,
    int attr, const char *value, const char *word)
{
	struct qk_finding f;

	finding_start(&f, "guide-vague", QK_SEV_ERROR);
	f.v[QK_F_ITEM] = raw(item, QK_code);
	f.v[attr] = value;
	f.v[QK_F_WORD] = word;
	k->o.fn(k->o.arg, &f);
}

/* One finding per place: the conditions, then each material the item needs
 * (once, at its first need), by the name of its catalog row. */
static void guide_vague(const struct cat *k, const struct qk_node *item)
{
	const struct qk_node *t = qk_child(item, QK_conditions), *need, *m;
	const char *w, *code, *name;

	if (t != NULL && t->text != NULL &&
	    (w = vague_first(k->vw, t->text, t->textlen)) != NULL)
		vague_found(k, item, QK_F_FIELD, "conditions", w);
	for (need = qk_child(item, QK_need); need != NULL; need = qk_next(need, QK_need))
		if ((code = qk_get(need, QK_material)) != NULL &&
		    !need_repeated(item, need) &&
		    (m = qk_catalog_material(k->c, code)) != NULL &&
		    (name = qk_get(m, QK_name)) != NULL &&
		    (w = vague_first(k->vw, name, strlen(name))) != NULL)
			vague_found(k, item, QK_F_MATERIAL, code, w);
}

/* Only items whose two limits are integers: the others have their
 * guide-missing-field.  A mode other than the two is not checked. */
static void limit_inconsistent(const struct cat *k, const struct qk_node *item)
{
	const char *legal = integer_digits(qk_get_raw(item, QK_legal));
	const char *promised = integer_digits(qk_get_raw(item, QK_promised));
	int zero;

	if (legal == NULL || promised == NULL)
		return;
	zero = strcmp(promised, "0") == 0;
	if (integer_cmp(promised, legal) > 0 ||
	    (qk_is(item, QK_mode, "immediate") && !zero) ||
	    (qk_is(item, QK_mode, "promise") && zero))
		emit(&k->o, "limit-inconsistent", QK_SEV_ERROR, QK_F_ITEM,
		    raw(item, QK_code), -1, NULL);
}

/* The dept first, then every need in order (a need repeated is reported
 * again: the rule is one per reference). */
static void ref_unknown(const struct cat *k, const struct qk_node *item)
{
	const struct qk_node *need;
	const char *code;

	code = raw(item, QK_dept);
	if (qk_catalog_dept(k->c, code) == NULL)
		emit(&k->o, "ref-unknown", QK_SEV_ERROR, QK_F_ITEM, raw(item, QK_code),
		    QK_F_DEPT, code);
	for (need = qk_child(item, QK_need); need != NULL; need = qk_next(need, QK_need)) {
		code = raw(need, QK_material);
		if (qk_catalog_material(k->c, code) == NULL)
			emit(&k->o, "ref-unknown", QK_SEV_ERROR, QK_F_ITEM,
			    raw(item, QK_code), QK_F_MATERIAL, code);
	}
}

/* 1 when following after from the item leads back to its code.  The walk
 * goes through the first row of each code (the one look-ups find) and
 * stops after as many steps as there are items: a longer one is in a
 * cycle the item is not on. */
static int after_cycle(const struct cat *k, const struct qk_node *item)
{
	const char *code = qk_get(item, QK_code), *after = qk_get(item, QK_after);
	const struct qk_node *x;
	size_t steps;

	if (code == NULL)
		return 0;
	for (steps = 0; after != NULL && steps < k->nitems; steps++) {
		if ((x = qk_catalog_item(k->c, after)) == NULL)
			return 0;
		if (qk_is(x, QK_code, code))
			return 1;
		after = qk_get(x, QK_after);
	}
	return 0;
}

/* An empty or absent after names no prerequisite: nothing to check. */
static void prerequisite_invalid(const struct cat *k, const struct qk_node *item)
{
	const char *after = qk_get(item, QK_after);

	if (after == NULL)
		return;
	if (qk_catalog_item(k->c, after) == NULL || after_cycle(k, item))
		emit(&k->o, "prerequisite-invalid", QK_SEV_ERROR, QK_F_ITEM,
		    raw(item, QK_code), -1, NULL);
}

/* Every catalog rule but duplicate-code looks at one item at a time. */
static cat_item_rule *const item_rules[] = {
	guide_missing_field,
	guide_vague,
	limit_inconsistent,
	ref_unknown,
	prerequisite_invalid,
};

/* A row is an extra occurrence of its code when the look-up, which finds
 * the first row of a code, finds another row. */
static void duplicate_code(const struct cat *k)
{
	const struct qk_node *n, *first;
	const char *code;
	int attr;

	for (n = qk_catalog_root(k->c)->child; n != NULL; n = n->next) {
		if ((code = qk_get(n, QK_code)) == NULL)
			continue;
		if (n->atom == QK_item) {
			first = qk_catalog_item(k->c, code);
			attr = QK_F_ITEM;
		} else if (n->atom == QK_dept) {
			first = qk_catalog_dept(k->c, code);
			attr = QK_F_DEPT;
		} else if (n->atom == QK_material) {
			first = qk_catalog_material(k->c, code);
			attr = QK_F_MATERIAL;
		} else
			continue;
		if (first != n)
			emit(&k->o, "duplicate-code", QK_SEV_ERROR, attr, code, -1, NULL);
	}
}

int qk_lint_catalog(const struct qk_catalog *c, const struct qk_vague *vw,
    qk_finding_fn *fn, void *arg)
{
	const struct qk_node *root = qk_catalog_root(c), *item;
	struct cat k = { c, vw, { fn, arg }, 0 };
	size_t i;

	for (item = qk_child(root, QK_item); item != NULL; item = qk_next(item, QK_item))
		k.nitems++;
	for (i = 0; i < sizeof item_rules / sizeof item_rules[0]; i++)
		for (item = qk_child(root, QK_item); item != NULL;
		    item = qk_next(item, QK_item))
			item_rules[i](&k, item);
	duplicate_code(&k);
	return 0;
}

/* ---- Roster rules ---- */

/*
 * A site's count is the number of distinct ids among the staff rows whose
 * role is the one counted and whose site is the site's code: a person
 * with several such rows counts once, and a person is counted at a site
 * only by a row of that role there.  Rows without id count for nobody.
 * -1 when memory ran out.
 */
static long site_count(const struct qk_node *root, const struct qk_node *site,
    const char *role)
{
	static char seen;
	const char *code = qk_get(site, QK_code);
	const struct qk_node *n;
	struct qk_map *ids;
	long count;

	if (code == NULL)
		return 0;
	if ((ids = qk_map_new()) == NULL)
		return -1;
	for (n = qk_child(root, QK_staff); n != NULL; n = qk_next(n, QK_staff))
		if (qk_get(n, QK_id) != NULL && qk_is(n, QK_role, role) &&
		    qk_is(n, QK_site, code) && qk_map_put(ids, qk_get(n, QK_id), &seen) < 0) {
			qk_map_free(ids);
			return -1;
		}
	count = (long)qk_map_count(ids);
	qk_map_free(ids);
	return count;
}

/* The agent minimum of a site's level: 3 at the subdistrict centre, 1 at
 * a community; 0 (no minimum) at any other level. */
static long agent_minimum(const struct qk_node *site)
{
	if (qk_is(site, QK_level, "subdistrict"))
		return 3;
	if (qk_is(site, QK_level, "community"))
		return 1;
	return 0;
}

static long window_minimum(const struct qk_node *site)
{
	return qk_is(site, QK_level, "community") ? 2 : 0;
}

/* The two rules that count people of one role at each site. */
static const struct site_rule {
	const char *id;
	int severity;
	const char *role;
	long (*minimum)(const struct qk_node *site);
} site_rules[] = {
	{ "agents-too-few", QK_SEV_ERROR, "agent", agent_minimum },
	{ "window-staff-too-few", QK_SEV_WARNING, "window", window_minimum },
};

static int site_rule_run(const struct out *o, const struct qk_node *root,
    const struct site_rule *r)
{
	const struct qk_node *site;
	char buf[24];
	long min, count;

	for (site = qk_child(root, QK_site); site != NULL; site = qk_next(site, QK_site)) {
		if ((min = r->minimum(site)) == 0)
			continue;
		if ((count = site_count(root, site, r->role)) < 0)
			return -1;
		if (count >= min)
			continue;
		snprintf(buf, sizeof buf, "%ld", count);
		emit(o, r->id, r->severity, QK_F_SITE, raw(site, QK_code), QK_F_COUNT, buf);
	}
	return 0;
}

/* One finding per row, staff and site rows in document order. */
static void site_unknown(const struct out *o, const struct qk_roster *r)
{
	const struct qk_node *n;
	const char *site;

	for (n = qk_roster_root(r)->child; n != NULL; n = n->next) {
		if (n->atom == QK_staff) {
			site = qk_get(n, QK_site);
			if (site == NULL || qk_roster_site(r, site) == NULL)
				emit(o, "site-unknown", QK_SEV_ERROR, QK_F_STAFF,
				    raw(n, QK_id), QK_F_SITE, raw(n, QK_site));
		} else if (n->atom == QK_site) {
			site = qk_get(n, QK_parent);
			if (site != NULL && qk_roster_site(r, site) == NULL)
				emit(o, "site-unknown", QK_SEV_ERROR, QK_F_SITE,
				    raw(n, QK_code), QK_F_PARENT, site);
		}
	}
}

int qk_lint_roster(const struct qk_roster *r, qk_finding_fn *fn, void *arg)
{
	const struct out o = { fn, arg };
	size_t i;

	for (i = 0; i < sizeof site_rules / sizeof site_rules[0]; i++)
		if (site_rule_run(&o, qk_roster_root(r), &site_rules[i]) < 0)
			return -1;
	site_unknown(&o, r);
	return 0;
}
