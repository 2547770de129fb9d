#ifndef QK_CAL_H
#define QK_CAL_H

struct qk_node;

/*
 * The working-day calendar of rules.md.  Listings are added in order (the
 * last listing of a date decides), then qk_cal_build() makes the tables
 * that answer W(), add() and S() in constant time.  A computation that
 * needs a date outside the coverage follows the Monday-to-Friday rule and
 * sets a sticky flag (qk_cal_outside()) for the tool to warn once.
 */
struct qk_cal;

struct qk_cal *qk_cal_new(void);
void qk_cal_free(struct qk_cal *);

/* Adds one calendar document (its root element, children included):
 * from/to (or their defaults), holiday and workday listings; other
 * children are ignored.  0, or -1 with the reason in qk_cal_error(); a
 * rejected document adds nothing. */
int qk_cal_add_root(struct qk_cal *, const struct qk_node *root);
/* The same for the calendar document of the file at path. */
int qk_cal_load(struct qk_cal *, const char *path);
/* NULL when the last document was added; else why not, with its place
 * (file is "" for qk_cal_add_root, line and col 0 when unknown; col may be
 * NULL). */
const char *qk_cal_error(const struct qk_cal *, const char **file,
    long *line, long *col);
/* Lower-level: one listing (0, or -1 on allocation failure), and a
 * declared coverage (widens the union range; ignored when from > to). */
int qk_cal_list(struct qk_cal *, long day, int workday);
void qk_cal_cover(struct qk_cal *, long from, long to);
/* Builds the lookup tables; -1 on allocation failure or a coverage of
 * more than 4,000,000 days (the calendar then answers every date by the
 * Monday-to-Friday rule and sets the flag).  Listings or coverage added
 * after it mark the tables stale: the next query rebuilds them. */
int qk_cal_build(struct qk_cal *);

/* Coverage: 0 with *from and *to set, or -1 when it covers nothing. */
int qk_cal_coverage(const struct qk_cal *, long *from, long *to);
int qk_cal_is_workday(struct qk_cal *, long day);
/* W(a, b): working days d with a < d <= b; 0 when b <= a. */
long qk_cal_between(struct qk_cal *, long a, long b);
/* add(a, n): the n-th working day after a (n >= 0; add(a, 0) = a). */
long qk_cal_add(struct qk_cal *, long a, long n);
/* S(day): day if it is a working day, else the next working day. */
long qk_cal_start(struct qk_cal *, long day);
/* 1 once a computation needed a date outside the coverage. */
int qk_cal_outside(const struct qk_cal *);

#endif
