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
struct qk_ritem;
struct qk_rmat;
struct qk_writer;

/* Writes casenode at depth 1.  Derived children of casenode (item,
 * material, notice) are ignored: r, the replay of its truth, gives them;
 * notice material names come from the catalog in use. */
void qk_case_write(struct qk_writer *, const struct qk_node *casenode,
    const struct qk_replay *r, const struct qk_catalog *);
/*
 * The derived values as qk_case_write() writes them, for writing and for
 * qk-audit's state-mismatch: NULL where no attribute is written.  Dates
 * are formatted into date, which must outlive the values.
 */
enum { QK_ITEM_NATTR = 11, QK_MAT_NATTR = 3 };
/* The attribute names, in formats.md's order. */
extern const char *const qk_case_item_attr[QK_ITEM_NATTR];
extern const char *const qk_case_mat_attr[QK_MAT_NATTR];
void qk_case_state_values(const struct qk_replay *, char date[11],
    const char **state, const char **due);
void qk_case_item_values(const struct qk_ritem *, char date[11],
    const char *v[QK_ITEM_NATTR]);
void qk_case_mat_values(const struct qk_rmat *, char date[11],
    const char *v[QK_MAT_NATTR]);
/* The event whose notice the case carries, or NULL: the correction (event
 * 2, legal) and the legal refused event, whatever the state after it. */
const struct qk_node *qk_case_correction_notice(const struct qk_replay *);
const struct qk_node *qk_case_refusal_notice(const struct qk_replay *);
/* A case record is malformed when it lacks id or <application>. */
int qk_case_malformed(const struct qk_node *casenode);

#endif
