#ifndef QK_ARENA_H
#define QK_ARENA_H

#include <stddef.h>

/*
 * A bump allocator: one record's nodes (reset for every record), or a
 * reference document held whole (catalog, roster).  Everything allocated
 * from an arena is released at once by qk_arena_reset() or qk_arena_free().
 * Allocation failure is reported by a NULL return and a sticky flag.
 */
struct qk_arena;

struct qk_arena *qk_arena_new(void);
void qk_arena_free(struct qk_arena *);
/* Releases every allocation; keeps one chunk for reuse. */
void qk_arena_reset(struct qk_arena *);
void *qk_arena_alloc(struct qk_arena *, size_t);
/* Copies n bytes of s and appends a NUL. */
char *qk_arena_strndup(struct qk_arena *, const char *s, size_t n);
char *qk_arena_strdup(struct qk_arena *, const char *s);
/* 1 once an allocation has failed since the last reset. */
int qk_arena_failed(const struct qk_arena *);

#endif
