#ifndef QK_ROUTE_H
#define QK_ROUTE_H

#include "date.h"

/*
 * qk-route's work on one case (tools.md, qk-route): the input events held
 * in memory keyed by case, applied in order of at (ties in input order),
 * each checked by the replay; then dispatch (acceptance after correction,
 * routing, ready, closing).  Every event appended gets the next seq and
 * its chained h.
 */
struct qk_arena;
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_replay;
struct qk_route;

struct qk_route_opts {
	int dispatch;
	long close_after;	/* --close-after N */
	const char *at_text;	/* --at as written */
	struct qk_time at;
};

struct qk_route *qk_route_new(struct qk_cal *, const struct qk_catalog *);
void qk_route_free(struct qk_route *);
/* Holds a copy of an input event (doc and line for messages).  0, -1. */
int qk_route_add_event(struct qk_route *, const struct qk_node *ev,
    const char *doc, long line);

/* Applies a case's events and dispatches, appending the new events to
 * casenode (their nodes in work); r is left with the replay of the
 * result.  0, or -1 (qk_route_error() says why). */
int qk_route_case(struct qk_route *, struct qk_node *casenode,
    struct qk_arena *work, struct qk_replay *r, const struct qk_route_opts *);
/* Why the last qk_route_case() failed. */
const char *qk_route_error(const struct qk_route *);
/* The events of a malformed case record are rejected (case-malformed). */
void qk_route_malformed(struct qk_route *, const char *id);

/* The reject code of tools.md that an input event (with its case
 * attribute or without it) gets in the case whose replay is r, or NULL
 * when it applies.  Changes nothing. */
const char *qk_route_judge(struct qk_replay *r, const struct qk_node *ev);

/* After every case: the input events in input order, with what happened
 * to each.  Events never claimed by a case are case-unknown. */
int qk_route_nevents(const struct qk_route *);
/* NULL when event i was applied or a duplicate, else its reject code;
 * *ev, *doc and *line describe it. */
const char *qk_route_result(const struct qk_route *, int i,
    const struct qk_node **ev, const char **doc, long *line);
void qk_route_counts(const struct qk_route *, long *applied, long *duplicate,
    long *rejected);

#endif
