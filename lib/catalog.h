#ifndef QK_CATALOG_H
#define QK_CATALOG_H

#include <stddef.h>

/*
 * The catalog of service guides (formats.md, Catalog), held whole in
 * memory: it is small and every record needs it.  Where a code is used
 * twice (a fault qk-audit reports), look-ups find the first row.
 */
struct qk_node;
struct qk_catalog;

/* The catalog of the file at path (NULL only when out of memory); when it
 * could not be read, qk_catalog_error() says why and nothing else may be
 * asked of it. */
struct qk_catalog *qk_catalog_load(const char *path);
/* NULL when the catalog was loaded; else the message, with its place. */
const char *qk_catalog_error(const struct qk_catalog *, const char **file,
    long *line);
void qk_catalog_free(struct qk_catalog *);
/* The <catalog> element with every row. */
const struct qk_node *qk_catalog_root(const struct qk_catalog *);
/* The <item>, <dept> or <material> row of a code, or NULL. */
const struct qk_node *qk_catalog_item(const struct qk_catalog *, const char *code);
const struct qk_node *qk_catalog_dept(const struct qk_catalog *, const char *code);
const struct qk_node *qk_catalog_material(const struct qk_catalog *, const char *code);
/* A material's name, or "" when the catalog lacks it. */
const char *qk_catalog_material_name(const struct qk_catalog *, const char *code);

/* 1 when s is an integer of formats.md ([0-9]+, any length, leading
 * zeros allowed), with its value in *v saturated at QK_UINT_CAP; 0 when
 * it is not one.  The one integer parser of qk. */
#define QK_UINT_CAP 1000000000L
int qk_parse_uint(const char *s, long *v);
/* An integer as a number of (working) days, saturated at QK_DAYS_CAP,
 * beyond any calendar, so that every tool derives the same dates from
 * an absurd limit; -1 when s is not an integer. */
#define QK_DAYS_CAP 1000000L
long qk_parse_days(const char *s);

#endif
