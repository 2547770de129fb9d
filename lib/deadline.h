#ifndef QK_DEADLINE_H
#define QK_DEADLINE_H

/*
 * The lateness of an item on day T, as the deadline rules overdue and
 * due-soon of rules.md define it (the red and yellow cards): qk-report's
 * overdue-now and its briefing ask here.
 */
struct qk_cal;
struct qk_replay;

enum { QK_DL_NONE, QK_DL_OVERDUE, QK_DL_DUE_SOON };

/* Item i of the replay on day T: QK_DL_OVERDUE with *days = W(due, T) >= 1
 * (routed, undecided, not suspended), QK_DL_DUE_SOON with *days =
 * W(T, due) <= warn when not overdue, else QK_DL_NONE.  Never on a case
 * with a legal withdrawn event. */
int qk_deadline_item(const struct qk_replay *, int i, struct qk_cal *,
    long T, long warn, long *days);

#endif
