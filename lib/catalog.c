#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "map.h"
#include "node.h"
#include "records.h"

struct qk_catalog {
	struct qk_arena *arena;
	struct qk_node *root;
	struct qk_map *items, *depts, *materials;
	struct qk_load_error error;
};

void qk_catalog_free(struct qk_catalog *c)
{
	if (c == NULL)
		return;
	qk_arena_free(c->arena);
	qk_map_free(c->items);
	qk_map_free(c->depts);
	qk_map_free(c->materials);
	free(c);
}

/* Indexes a row by its code; the first row of a code wins. */
static int index_row(struct qk_map *m, struct qk_node *n)
{
	const char *code = qk_get(n, QK_code);

	if (code == NULL || qk_map_get(m, code) != NULL)
		return 0;
	return qk_map_put(m, code, n);
}

struct qk_catalog *qk_catalog_load(const char *path)
{
	struct qk_catalog *c = calloc(1, sizeof *c);
	struct qk_node *n;

	if (c == NULL)
		return NULL;
	if ((c->arena = qk_arena_new()) == NULL || (c->items = qk_map_new()) == NULL ||
	    (c->depts = qk_map_new()) == NULL || (c->materials = qk_map_new()) == NULL)
		goto nomem;
	if (qk_reader_load(path, "catalog", c->arena, &c->root, &c->error) < 0)
		return c;
	for (n = c->root->child; n != NULL; n = n->next) {
		int r = 0;

		if (n->atom == QK_item)
			r = index_row(c->items, n);
		else if (n->atom == QK_dept)
			r = index_row(c->depts, n);
		else if (n->atom == QK_material)
			r = index_row(c->materials, n);
		if (r < 0)
			goto nomem;
	}
	return c;
nomem:
	qk_load_error_set(&c->error, path, 0, "out of memory");
	return c;
}

const char *qk_catalog_error(const struct qk_catalog *c, const char **file,
    long *line, long *col)
{
	return qk_load_error_get(&c->error, file, line, col);
}

const struct qk_node *qk_catalog_root(const struct qk_catalog *c)
{
	return c->root;
}

const struct qk_node *qk_catalog_item(const struct qk_catalog *c, const char *code)
{
	return qk_map_get(c->items, code);
}

const struct qk_node *qk_catalog_dept(const struct qk_catalog *c, const char *code)
{
	return qk_map_get(c->depts, code);
}

const struct qk_node *qk_catalog_material(const struct qk_catalog *c, const char *code)
{
	return qk_map_get(c->materials, code);
}

const char *qk_catalog_material_name(const struct qk_catalog *c, const char *code)
{
	const struct qk_node *m = qk_map_get(c->materials, code);
	const char *name = m != NULL ? qk_get(m, QK_name) : NULL;

	return name != NULL ? name : "";
}
