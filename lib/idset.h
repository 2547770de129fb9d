#ifndef QK_IDSET_H
#define QK_IDSET_H

/*
 * The set of case ids seen in a run, stored compactly (tools.md, Memory):
 * an id of the form SITE-YYYYMMDD-NNNN as a site index, a day number and a
 * sequence number packed in 64 bits, any other id as its string.
 */
struct qk_idset;

struct qk_idset *qk_idset_new(void);
void qk_idset_free(struct qk_idset *);
/* Adds id: 1 when it was new, 0 when already present, -1 on ENOMEM. */
int qk_idset_add(struct qk_idset *, const char *id);

#endif
