#ifndef QK_CASE_H
#define QK_CASE_H

/*
 * Writing a case record (formats.md, Cases): its attributes, the
 * application as read, the derived items, materials and notices of the
 * replay, its events, then the extension elements it carries.
 */
struct qk_catalog;
struct qk_node;
struct qk_replay;
struct qk_writer;

/* Writes casenode at depth 1.  Derived children of casenode (item,
 * material, notice) are ignored: r, the replay of its truth, gives them;
 * notice material names come from the catalog in use. */
void qk_case_write(struct qk_writer *, const struct qk_node *casenode,
    const struct qk_replay *r, const struct qk_catalog *);
/* 1 when a child of a case is one qk derives (item, material, notice). */
int qk_case_derived_child(const struct qk_node *);
/* A case record is malformed when it lacks id or <application>. */
int qk_case_malformed(const struct qk_node *casenode);

#endif
