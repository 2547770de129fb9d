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
/* NULL when the catalog was loaded; else the message, with its place (col
 * may be NULL). */
const char *qk_catalog_error(const struct qk_catalog *, const char **file,
    long *line, long *col);
void qk_catalog_free(struct qk_catalog *);
/* The <catalog> element with every row. */
const struct qk_node *qk_catalog_root(const struct qk_catalog *);
/* The <item>, <dept> or <material> row of a code, or NULL. */
const struct qk_node *qk_catalog_item(const struct qk_catalog *, const char *code);
const struct qk_node *qk_catalog_dept(const struct qk_catalog *, const char *code);
const struct qk_node *qk_catalog_material(const struct qk_catalog *, const char *code);
/* A material's name, or "" when the catalog lacks it. */
const char *qk_catalog_material_name(const struct qk_catalog *, const char *code);


#endif
