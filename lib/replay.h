#ifndef QK_REPLAY_H
#define QK_REPLAY_H

/*
 * The replay of rules.md: the one place where the case lifecycle lives.
 * It derives a case's state, due date, items and materials from its truth
 * (the application and the events, in document order), the sealed facts of
 * its last accepted or correction event and the calendar.  qk-intake,
 * qk-route, qk-audit and qk-report all derive through it.
 *
 * Use: qk_replay_begin() with the application, then qk_replay_step() for
 * each event in document order (or qk_replay_case() for a whole record).
 * qk_replay_check() says whether an event would be legal now, and why not.
 * The replay keeps pointers into the nodes it was given: they must stay
 * valid while the replay is used.  Its own memory is reused from case to
 * case and grows only with the largest case seen.
 */
struct qk_cal;
struct qk_node;

enum qk_state {
	QK_ST_RECEIVED, QK_ST_CORRECTION, QK_ST_REFUSED, QK_ST_ACCEPTED,
	QK_ST_IN_PROGRESS, QK_ST_READY, QK_ST_ISSUED, QK_ST_CLOSED,
	QK_ST_WITHDRAWN
};

enum qk_item_state { QK_IT_WAITING, QK_IT_ROUTED, QK_IT_DECIDED, QK_IT_CANCELLED };

enum qk_mat_status { QK_MS_PROVIDED, QK_MS_MISSING, QK_MS_DEFERRED, QK_MS_SUPPLIED };

/* Event types, in formats.md's order; QK_EV_UNKNOWN for anything else. */
enum qk_evtype {
	QK_EV_UNKNOWN, QK_EV_RECEIVED, QK_EV_CORRECTION, QK_EV_ACCEPTED,
	QK_EV_REFUSED, QK_EV_SUPPLIED, QK_EV_ROUTED, QK_EV_DECIDED,
	QK_EV_CANCELLED, QK_EV_SUSPENDED, QK_EV_RESUMED, QK_EV_EXTENDED,
	QK_EV_READY, QK_EV_ISSUED, QK_EV_RATED, QK_EV_RECTIFIED,
	QK_EV_WITHDRAWN, QK_EV_CLOSED
};

enum qk_verdict {
	QK_LEGAL = 0,
	QK_BAD_ATTR,		/* unknown type; at missing or malformed; an own
				 * attribute missing or invalid (routed@to
				 * included, judged after the item) */
	QK_BAD_ITEM,		/* item is not one of the case's items */
	QK_BAD_MATERIAL,	/* supplied for a material neither missing nor
				 * deferred (or not needed at all) */
	QK_BAD_GRAMMAR		/* the lifecycle grammar does not allow it */
};

struct qk_evcheck {
	int verdict;		/* enum qk_verdict: the first that applies */
	int type;		/* enum qk_evtype */
	int attr;		/* with QK_BAD_ATTR: the atom of the attribute
				 * at fault (QK_type, QK_at, QK_reason, QK_days,
				 * …) */
	int over_extend;	/* extended by more than the sealed extend
				 * (legal for the replay) */
	int backwards;		/* at earlier than the latest at before it
				 * (legal for the replay) */
	int second_extend;	/* an extended after one for the same item */
};

struct qk_ritem {
	/* The sealed facts as written; NULL when absent or empty. */
	const char *code, *dept, *mode, *legal, *promised;
	const char *after;	/* sealed prerequisite code, or NULL */
	int after_idx;		/* its index in the items, or -1 */
	int window;		/* sealed window="yes" */
	long extend;		/* sealed extend (0 when not an integer) */
	long promised_days;	/* promised as an integer (0 when not one) */
	int state;		/* enum qk_item_state */
	int approved;		/* when decided: 1 approved, 0 rejected */
	int has_due;
	long due;		/* item@due (rules.md, Due dates) */
	int suspended;		/* clock stopped now */
	long susp_day;		/* date(at) of the current suspension */
	int extended;		/* legal extended events seen */
	int has_p;
	long p;			/* P(item) from the last accepted event */
	int routed_window;	/* routed to="window" */
	long routed_day;	/* date(routed@at) */
	long decided_day;	/* date(decided@at) */
	const char *decided_by;	/* by of the decided event, or NULL */
	int decided_seq_idx;	/* index (0-based, document order) of the decided event, or -1 */
};

struct qk_rmat {
	const char *code;
	int status;		/* enum qk_mat_status */
	int has_until;
	long until;		/* a deferred material's promised date */
	int blocking;		/* marked blocking="yes" by the correction */
	int corr_missing;	/* marked missing by the correction event */
};

struct qk_replay;

struct qk_replay *qk_replay_new(struct qk_cal *);
void qk_replay_free(struct qk_replay *);

/* Starts a case from its application (no event yet: state received). */
void qk_replay_begin(struct qk_replay *, const struct qk_node *application);
/* Would event e be legal now?  Fills c; changes nothing. */
void qk_replay_check(struct qk_replay *, const struct qk_node *e,
    struct qk_evcheck *c);
/* Checks e, then applies it when legal.  Returns c->verdict.  An illegal
 * event is skipped: the case stays as it was (rules.md, The replay).
 * c may be NULL when only the verdict is wanted. */
int qk_replay_step(struct qk_replay *, const struct qk_node *e,
    struct qk_evcheck *c);
/* begin + step over every <event> child of a <case>, in document order.
 * Returns the number of illegal events.  -1 when the case is malformed
 * (no <application>), or when memory ran out (qk_replay_failed()). */
int qk_replay_case(struct qk_replay *, const struct qk_node *casenode);
/* 1 once an allocation failed since qk_replay_begin(): the derived state
 * is then incomplete and must not be written. */
int qk_replay_failed(const struct qk_replay *);

/* The derived state. */
int qk_replay_state(const struct qk_replay *);
const char *qk_state_name(int state);
int qk_evtype(const char *type);	/* enum qk_evtype of a type name */
/* The k-th own attribute of an event type (formats.md, Events), as an
 * atom, in the table's order; QK_NONE past the last. */
int qk_event_own_attr(int type, int k);
/* case@due: 1 and *due set, or 0 when the case has none. */
int qk_replay_due(const struct qk_replay *, long *due);
int qk_replay_nitems(const struct qk_replay *);
const struct qk_ritem *qk_replay_item(const struct qk_replay *, int i);
int qk_replay_item_index(const struct qk_replay *, const char *code);
int qk_replay_nmats(const struct qk_replay *);
const struct qk_rmat *qk_replay_mat(const struct qk_replay *, int i);

/* Events seen so far (legal or not), and facts the tools need. */
int qk_replay_nevents(const struct qk_replay *);
/* The i-th event seen (document order) and whether it was legal. */
const struct qk_node *qk_replay_event(const struct qk_replay *, int i);
int qk_replay_event_legal(const struct qk_replay *, int i);
/* Event 2 (the first decision: the second event in document order, legal
 * or not; see qk_replay_event_legal(r, 1)), the last legal accepted,
 * correction, refused, ready, issued, withdrawn, the first legal rated and
 * the last legal supplied event, or NULL. */
const struct qk_node *qk_replay_event2(const struct qk_replay *);
const struct qk_node *qk_replay_accepted(const struct qk_replay *);
const struct qk_node *qk_replay_correction(const struct qk_replay *);
const struct qk_node *qk_replay_refused(const struct qk_replay *);
const struct qk_node *qk_replay_ready(const struct qk_replay *);
const struct qk_node *qk_replay_issued(const struct qk_replay *);
const struct qk_node *qk_replay_withdrawn(const struct qk_replay *);
const struct qk_node *qk_replay_rated(const struct qk_replay *);
const struct qk_node *qk_replay_last_supplied(const struct qk_replay *);
/* 1 when a legal rectified follows the case's rating. */
int qk_replay_rectified(const struct qk_replay *);
/* The latest at (as an instant) among all events seen, and that event's
 * at string; 0 when there is none. */
int qk_replay_last_at(const struct qk_replay *, long long *instant,
    const char **at);
/*
 * The replay's rules on a decision event being sealed (qk-intake's and
 * qk-route's sealing), so that they live here only: the after of every
 * <item> on a prerequisite cycle is removed (never sealed: formats.md),
 * and *due is set: the latest P(item) from start (rules.md), or start
 * when there is no item.  0, or -1 when out of memory (a day before
 * 1970-01-01 is negative, so the status is apart from the day).
 */
int qk_replay_seal_due(struct qk_cal *, struct qk_node *ev, long start,
    long *due);
/* The lifecycle's predicates, for dispatch and the rules that judge it.
 * 1 when every material the correction marks blocking is handed in
 * (provided or supplied): acceptance after correction may follow. */
int qk_replay_blocking_supplied(const struct qk_replay *);
/* 1 when every item is decided or cancelled: ready may follow. */
int qk_replay_all_done(const struct qk_replay *);
/* Item i's prerequisite: none, or approved (it may be routed), not yet
 * decided, or rejected or cancelled (it is cancelled in turn). */
enum { QK_PRE_MET, QK_PRE_PENDING, QK_PRE_FAILED };
int qk_replay_prerequisite(const struct qk_replay *, int i);
/* S(accepted@at) of the last legal accepted event; 0 when none. */
int qk_replay_start_day(const struct qk_replay *, long *day);

#endif
