#ifndef QK_MAP_H
#define QK_MAP_H

#include <stddef.h>

/*
 * A hash map from strings to pointers.  Keys are copied into the map; values
 * are the caller's.  Grows as needed; lookups are O(1).
 */
struct qk_map;

struct qk_map *qk_map_new(void);
void qk_map_free(struct qk_map *);
/* The value of key, or NULL. */
void *qk_map_get(const struct qk_map *, const char *key);
/* Sets key to value (replacing).  0, or -1 when out of memory. */
int qk_map_put(struct qk_map *, const char *key, void *value);
size_t qk_map_count(const struct qk_map *);
/* The stored copy of key (stable until the map is freed), or NULL. */
const char *qk_map_key(const struct qk_map *, const char *key);

#endif
