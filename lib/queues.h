#ifndef QK_QUEUES_H
#define QK_QUEUES_H

#include <stddef.h>

/*
 * Department work queues (tools.md, qk-route --split DEST): one <cases>
 * document DEPT.xml per <dept> of the catalog, in catalog order, empty ones
 * included, holding the cases with an item routed to that department.  DEST
 * is a folder (created when missing; each file atomic) or, with an archive
 * ending, an archive whose members are spooled first and written whole.
 */
struct qk_catalog;
struct qk_node;
struct qk_queues;
struct qk_replay;

/* NULL with a message in err. */
struct qk_queues *qk_queues_open(const char *dest, const struct qk_catalog *,
    char *err, size_t errlen);
/* Adds the case to the queue of each department it has a routed item of. */
void qk_queues_add(struct qk_queues *, const struct qk_node *casenode,
    const struct qk_replay *, const struct qk_catalog *);
/* Completes every queue (not yet visible): 0, or -1 with err. */
int qk_queues_finish(struct qk_queues *, char *err, size_t errlen);
/* Makes them visible; archive entries get mtime.  Frees.  0 or -1. */
int qk_queues_commit(struct qk_queues *, long long mtime, char *err,
    size_t errlen);
/* Removes everything not yet committed; frees (NULL is fine). */
void qk_queues_abort(struct qk_queues *);

#endif
