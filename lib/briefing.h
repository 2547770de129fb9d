#ifndef QK_BRIEFING_H
#define QK_BRIEFING_H

/*
 * The morning-meeting sheet (晨会) of qk-report --briefing (tools.md): the
 * intake and output of the last working day before T, the items due on T
 * and on the next working day, every red and yellow card (the deadline
 * rules with --warn 1) and the bad ratings waiting for follow-up.  Lines
 * are spooled to temporary files as the cases go by, so memory does not
 * grow with the input.
 */
struct qk_cal;
struct qk_node;
struct qk_replay;
struct qk_roster;
struct qk_writer;
struct qk_briefing;

/* NULL when memory or a temporary file could not be had. */
struct qk_briefing *qk_briefing_new(struct qk_cal *, long as_of, int mask);
void qk_briefing_free(struct qk_briefing *);
/* Adds a case (not malformed), replayed with its events up to T into r.
 * 0, or -1 on a memory or temporary-file error. */
int qk_briefing_add(struct qk_briefing *, struct qk_replay *r,
    const struct qk_node *casenode);
/* Writes the sheet; staff are named from the roster (may be NULL).
 * 0, or -1 on a temporary-file error. */
int qk_briefing_write(struct qk_briefing *, struct qk_writer *,
    const struct qk_roster *);

#endif
