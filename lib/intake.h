#ifndef QK_INTAKE_H
#define QK_INTAKE_H

/*
 * Front-desk decisions (tools.md, qk-intake) and the sealing of catalog
 * facts into correction and accepted events (formats.md, Sealed catalog
 * facts), shared by qk-intake and qk-route's acceptance after correction.
 */
struct qk_arena;
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_replay;
struct qk_roster;

/* The first reject code that applies to an application, or NULL. */
const char *qk_intake_reject(const struct qk_node *app, const struct qk_roster *);
/* The meaning of a reject code of qk-intake or qk-route (tools.md). */
const char *qk_reject_meaning(const char *code);
/* The label of a refusal reason (formats.md, Notices), or NULL. */
const char *qk_refusal_label(const char *reason);

/*
 * The case of an application that passed qk_intake_reject(): a <case>
 * with the id, the application itself (linked in as its first child, not
 * copied: it must outlive the case), and its events (received, then
 * refused, correction or accepted), chained.  The derived parts are left
 * to the replay.  NULL when the arena is exhausted.
 */
struct qk_node *qk_intake_case(struct qk_arena *, struct qk_node *app,
    const char *id, const struct qk_catalog *, struct qk_cal *);

/*
 * Fills an accepted event made by qk_event_new() for a case in correction
 * whose replay is r: its due and its sealed facts from the catalog in use
 * (an item the catalog no longer has keeps the facts the correction
 * sealed), materials provided, supplied or deferred.  at is the event's
 * time.  0, or -1 when the arena is exhausted.
 */
int qk_accept_after_correction(struct qk_arena *, struct qk_node *ev,
    const struct qk_node *app, const struct qk_replay *r, const char *at,
    const struct qk_catalog *, struct qk_cal *);

/* A new event node: seq and type; the caller adds the rest.  NULL when
 * the arena is exhausted. */
struct qk_node *qk_event_new(struct qk_arena *, long seq, const char *type);

#endif
