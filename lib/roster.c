#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "date.h"
#include "map.h"
#include "node.h"
#include "records.h"
#include "roster.h"

struct person {
	int roles;
	int registered;
	long reg_day;
	const struct qk_node *first;	/* first row, for the dept rows */
};

struct qk_roster {
	struct qk_arena *arena;
	struct qk_node *root;
	struct qk_map *sites, *people;
	struct qk_load_error error;
};

void qk_roster_free(struct qk_roster *r)
{
	if (r == NULL)
		return;
	qk_arena_free(r->arena);
	qk_map_free(r->sites);
	qk_map_free(r->people);
	free(r);
}

static int role_bit(const char *role)
{
	if (role == NULL)
		return 0;
	if (strcmp(role, "window") == 0)
		return QK_ROLE_WINDOW;
	if (strcmp(role, "dept") == 0)
		return QK_ROLE_DEPT;
	if (strcmp(role, "agent") == 0)
		return QK_ROLE_AGENT;
	if (strcmp(role, "lead") == 0)
		return QK_ROLE_LEAD;
	return 0;
}

/* Adds a staff row to its person. */
static int add_staff(struct qk_roster *r, const struct qk_node *n)
{
	const char *id = qk_get(n, QK_id), *reg;
	struct person *p;
	int bit = role_bit(qk_get(n, QK_role));
	long day;

	if (id == NULL)
		return 0;
	p = qk_map_get(r->people, id);
	if (p == NULL) {
		p = qk_arena_alloc(r->arena, sizeof *p);
		if (p == NULL)
			return -1;
		memset(p, 0, sizeof *p);
		p->first = n;
		if (qk_map_put(r->people, id, p) < 0)
			return -1;
	}
	p->roles |= bit;
	reg = qk_get(n, QK_registered);
	if (bit == QK_ROLE_AGENT && reg != NULL && qk_date_parse(reg, &day) == 0 &&
	    (!p->registered || day < p->reg_day)) {
		p->registered = 1;
		p->reg_day = day;
	}
	return 0;
}

struct qk_roster *qk_roster_load(const char *path)
{
	struct qk_roster *r = calloc(1, sizeof *r);
	struct qk_node *n;

	if (r == NULL)
		return NULL;
	if ((r->arena = qk_arena_new()) == NULL || (r->sites = qk_map_new()) == NULL ||
	    (r->people = qk_map_new()) == NULL)
		goto nomem;
	if (qk_reader_load(path, "roster", r->arena, &r->root, &r->error) < 0)
		return r;
	for (n = r->root->child; n != NULL; n = n->next) {
		const char *code = qk_get(n, QK_code);

		if (n->atom == QK_site && code != NULL && qk_map_get(r->sites, code) == NULL &&
		    qk_map_put(r->sites, code, n) < 0)
			goto nomem;
		if (n->atom == QK_staff && add_staff(r, n) < 0)
			goto nomem;
	}
	return r;
nomem:
	qk_load_error_set(&r->error, path, 0, "out of memory");
	return r;
}

const char *qk_roster_error(const struct qk_roster *r, const char **file,
    long *line, long *col)
{
	return qk_load_error_get(&r->error, file, line, col);
}

const struct qk_node *qk_roster_root(const struct qk_roster *r)
{
	return r->root;
}

const struct qk_node *qk_roster_site(const struct qk_roster *r, const char *code)
{
	return qk_map_get(r->sites, code);
}

int qk_roster_has_role(const struct qk_roster *r, const char *id, int role)
{
	const struct person *p = id != NULL ? qk_map_get(r->people, id) : NULL;

	return p != NULL && (p->roles & role) != 0;
}

int qk_roster_known(const struct qk_roster *r, const char *id)
{
	return id != NULL && qk_map_get(r->people, id) != NULL;
}

int qk_roster_in_dept(const struct qk_roster *r, const char *id, const char *dept)
{
	const struct person *p = id != NULL ? qk_map_get(r->people, id) : NULL;
	const struct qk_node *n;

	if (p == NULL || dept == NULL)
		return 0;
	for (n = p->first; n != NULL; n = qk_next(n, QK_staff))
		if (qk_is(n, QK_id, id) && qk_is(n, QK_role, "dept") && qk_is(n, QK_dept, dept))
			return 1;
	return 0;
}

int qk_roster_registered(const struct qk_roster *r, const char *id, long *day)
{
	const struct person *p = id != NULL ? qk_map_get(r->people, id) : NULL;

	if (p == NULL || !p->registered)
		return 0;
	*day = p->reg_day;
	return 1;
}
