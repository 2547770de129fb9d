#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "catalog.h"
#include "date.h"
#include "node.h"
#include "replay.h"
#include "value.h"

/* Integers of formats.md are read with qk_value_days(), saturated where no
 * limit, score or day count of qk comes near, as qk-intake reads them:
 * both derive the same dates, and working-day arithmetic stays in range. */

struct qk_replay {
	struct qk_cal *cal;
	const struct qk_node *app;
	int state;		/* enum qk_state */
	int failed;		/* an allocation failed since begin */
	struct qk_ritem *items;
	unsigned char *mark;	/* scratch, one per item */
	int nitems, capitems;
	struct qk_rmat *mats;
	int nmats, capmats;
	const struct qk_node **events;
	unsigned char *legal;
	int nevents, capevents;
	const struct qk_node *accepted, *correction, *refused, *ready;
	const struct qk_node *issued, *withdrawn, *rated, *supplied;
	int rectified;
	int has_last;
	long long last_instant;
	const char *last_at;
	int has_start;
	long start_day;
};

static const char *const event_names[] = {
	"", "received", "correction", "accepted", "refused", "supplied",
	"routed", "decided", "cancelled", "suspended", "resumed", "extended",
	"ready", "issued", "rated", "rectified", "withdrawn", "closed", NULL
};

static const char *const state_names[] = {
	"received", "correction", "refused", "accepted", "in-progress",
	"ready", "issued", "closed", "withdrawn"
};

static const char *const mat_statuses[] = {
	"provided", "missing", "deferred", "supplied", NULL
};

static const char *const refusal_reasons[] = {
	"item-unknown", "item-unclaimed", "outside-scope", "not-eligible",
	"other", NULL
};

static const char *const suspension_reasons[] = {
	"correction", "hearing", "inspection", "expert", "publicity", NULL
};

static const char *const outcomes[] = { "approved", "rejected", NULL };

static const char *const methods[] = { "window", "post", "electronic", NULL };

/* The index of s in a NULL-terminated list, or -1 (also when s is NULL). */
static int find_name(const char *s, const char *const *list)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; list[i] != NULL; i++)
		if (list[i][0] == s[0] && strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

/* 1 when s is a code of formats.md (NULL is none). */
static int is_code(const char *s)
{
	return s != NULL && qk_value_is_code(s, strlen(s));
}

static int is_date(const char *s)
{
	long day;

	return s != NULL && qk_date_parse(s, &day) == 0;
}

static int is_item_event(int type)
{
	return type >= QK_EV_ROUTED && type <= QK_EV_EXTENDED;
}

/* A capacity of at least need, doubling from 8; -1 when too large. */
static int new_cap(int cap, int need)
{
	if (cap < 8)
		cap = 8;
	while (cap < need) {
		if (cap > (1 << 29))
			return -1;
		cap *= 2;
	}
	return cap;
}

/* Makes room for n items; -1 (and the failed flag) when memory runs out. */
static int reserve_items(struct qk_replay *r, int n)
{
	struct qk_ritem *it;
	unsigned char *mk;
	int cap;

	if (n <= r->capitems)
		return 0;
	if ((cap = new_cap(r->capitems, n)) < 0)
		goto fail;
	if ((it = realloc(r->items, (size_t)cap * sizeof *it)) == NULL)
		goto fail;
	r->items = it;
	if ((mk = realloc(r->mark, (size_t)cap)) == NULL)
		goto fail;
	r->mark = mk;
	r->capitems = cap;
	return 0;
fail:
	r->failed = 1;
	return -1;
}

/* Makes room for n materials; -1 (and the failed flag) when memory runs
 * out. */
static int reserve_mats(struct qk_replay *r, int n)
{
	struct qk_rmat *m;
	int cap;

	if (n <= r->capmats)
		return 0;
	if ((cap = new_cap(r->capmats, n)) < 0)
		goto fail;
	if ((m = realloc(r->mats, (size_t)cap * sizeof *m)) == NULL)
		goto fail;
	r->mats = m;
	r->capmats = cap;
	return 0;
fail:
	r->failed = 1;
	return -1;
}

/* Makes room for one more event; -1 (and the failed flag) when memory runs
 * out. */
static int reserve_event(struct qk_replay *r)
{
	const struct qk_node **ev;
	unsigned char *lg;
	int cap;

	if (r->nevents < r->capevents)
		return 0;
	if ((cap = new_cap(r->capevents, r->nevents + 1)) < 0)
		goto fail;
	if ((ev = realloc(r->events, (size_t)cap * sizeof *ev)) == NULL)
		goto fail;
	r->events = ev;
	if ((lg = realloc(r->legal, (size_t)cap)) == NULL)
		goto fail;
	r->legal = lg;
	r->capevents = cap;
	return 0;
fail:
	r->failed = 1;
	return -1;
}

struct qk_replay *qk_replay_new(struct qk_cal *cal)
{
	struct qk_replay *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->cal = cal;
	qk_replay_begin(r, NULL);
	return r;
}

void qk_replay_free(struct qk_replay *r)
{
	if (r == NULL)
		return;
	free(r->items);
	free(r->mark);
	free(r->mats);
	free(r->events);
	free(r->legal);
	free(r);
}

void qk_replay_begin(struct qk_replay *r, const struct qk_node *application)
{
	r->app = application;
	r->state = QK_ST_RECEIVED;
	r->failed = 0;
	r->nitems = r->nmats = r->nevents = 0;
	r->accepted = r->correction = r->refused = r->ready = NULL;
	r->issued = r->withdrawn = r->rated = r->supplied = NULL;
	r->rectified = 0;
	r->has_last = 0;
	r->last_instant = 0;
	r->last_at = NULL;
	r->has_start = 0;
	r->start_day = 0;
}

/* ---- Sealed facts ---- */

/* The atom at fault in the sealed facts of a correction or accepted event,
 * or QK_NONE: at least one item, each with a code; each material with a
 * code and a known status. */
static int sealed_fault(const struct qk_node *e)
{
	const struct qk_node *s;

	if (qk_child(e, QK_item) == NULL)
		return QK_item;
	for (s = qk_child(e, QK_item); s != NULL; s = qk_next(s, QK_item))
		if (qk_get(s, QK_code) == NULL)
			return QK_item;
	for (s = qk_child(e, QK_material); s != NULL;
	    s = qk_next(s, QK_material))
		if (qk_get(s, QK_code) == NULL ||
		    find_name(qk_get(s, QK_status), mat_statuses) < 0)
			return QK_material;
	return QK_NONE;
}

/* One item from its sealed facts: waiting, no due, no promise yet. */
static void init_item(struct qk_ritem *it, const struct qk_node *s)
{
	long v;

	memset(it, 0, sizeof *it);
	it->code = qk_get(s, QK_code);
	it->dept = qk_get(s, QK_dept);
	it->mode = qk_get(s, QK_mode);
	it->legal = qk_get(s, QK_legal);
	it->promised = qk_get(s, QK_promised);
	it->after = qk_get(s, QK_after);
	it->after_idx = -1;
	it->window = qk_is(s, QK_window, "yes");
	v = qk_value_days(qk_get(s, QK_extend));
	it->extend = v > 0 ? v : 0;
	v = qk_value_days(it->promised);
	it->promised_days = v > 0 ? v : 0;
	it->state = QK_IT_WAITING;
	it->decided_seq_idx = -1;
}

/* 1 when following the prerequisites from item i comes back to it. */
static int on_cycle(const struct qk_replay *r, int i)
{
	int j = r->items[i].after_idx, k;

	for (k = 0; j >= 0 && k < r->nitems; k++) {
		if (j == i)
			return 1;
		j = r->items[j].after_idx;
	}
	return 0;
}

/*
 * Resolves each item's after to an index.  A prerequisite that is not among
 * the items, or an item on an after cycle, gets none: such facts are never
 * sealed (formats.md), and this keeps routing and promises finite.
 */
static void link_after(struct qk_replay *r)
{
	int i;

	for (i = 0; i < r->nitems; i++)
		r->items[i].after_idx =
		    qk_replay_item_index(r, r->items[i].after);
	for (i = 0; i < r->nitems; i++)
		r->mark[i] = (unsigned char)on_cycle(r, i);
	for (i = 0; i < r->nitems; i++)
		if (r->mark[i])
			r->items[i].after_idx = -1;
}

/* Replaces the items with the sealed ones of event e. */
static void seal_items(struct qk_replay *r, const struct qk_node *e)
{
	const struct qk_node *s;

	r->nitems = 0;
	if (reserve_items(r, qk_count_children(e, QK_item)) < 0)
		return;
	for (s = qk_child(e, QK_item); s != NULL; s = qk_next(s, QK_item))
		init_item(&r->items[r->nitems++], s);
	link_after(r);
}

/* 1 when the correction event marks material code missing. */
static int marked_missing(const struct qk_node *corr, const char *code)
{
	const struct qk_node *s;

	if (corr == NULL || code == NULL)
		return 0;
	for (s = qk_child(corr, QK_material); s != NULL;
	    s = qk_next(s, QK_material))
		if (qk_is(s, QK_code, code) && qk_is(s, QK_status, "missing"))
			return 1;
	return 0;
}

/* Replaces the materials with the sealed ones of event e; the last legal
 * correction event must already be recorded. */
static void seal_mats(struct qk_replay *r, const struct qk_node *e)
{
	const struct qk_node *s;

	r->nmats = 0;
	if (reserve_mats(r, qk_count_children(e, QK_material)) < 0)
		return;
	for (s = qk_child(e, QK_material); s != NULL;
	    s = qk_next(s, QK_material)) {
		struct qk_rmat *m = &r->mats[r->nmats++];
		const char *until = qk_get(s, QK_until);
		int st = find_name(qk_get(s, QK_status), mat_statuses);

		memset(m, 0, sizeof *m);
		m->code = qk_get(s, QK_code);
		m->status = st >= 0 ? st : QK_MS_PROVIDED;
		m->has_until = until != NULL &&
		    qk_date_parse(until, &m->until) == 0;
		if (!m->has_until)
			m->until = 0;
		m->blocking = qk_is(s, QK_blocking, "yes");
		m->corr_missing = marked_missing(r->correction, m->code);
	}
}

/* P(item i): add(s, promised), or add(P(prerequisite), promised). */
static long promise(struct qk_replay *r, int i)
{
	struct qk_ritem *it = &r->items[i];

	if (!it->has_p) {
		long base = it->after_idx >= 0 ?
		    promise(r, it->after_idx) : r->start_day;

		it->p = qk_cal_add(r->cal, base, it->promised_days);
		it->has_p = 1;
	}
	return it->p;
}

int qk_replay_seal_due(struct qk_cal *cal, struct qk_node *ev, long start,
    long *due)
{
	struct qk_replay *r = qk_replay_new(cal);
	struct qk_node *n;
	int i = 0;

	if (r == NULL)
		return -1;
	seal_items(r, ev);
	if (r->failed) {
		qk_replay_free(r);
		return -1;
	}
	for (n = qk_child(ev, QK_item); n != NULL; n = qk_next(n, QK_item), i++)
		if (r->mark[i])
			qk_node_unset(n, QK_after);
	r->start_day = start;
	*due = start;
	for (i = 0; i < r->nitems; i++)
		if (promise(r, i) > *due)
			*due = promise(r, i);
	qk_replay_free(r);
	return 0;
}

static int mat_index(const struct qk_replay *r, const char *code)
{
	int i;

	if (code == NULL)
		return -1;
	for (i = 0; i < r->nmats; i++)
		if (r->mats[i].code != NULL &&
		    strcmp(r->mats[i].code, code) == 0)
			return i;
	return -1;
}

/* ---- Checking ---- */

/* The atom at fault among the own attributes of an item event, or
 * QK_NONE (item itself is checked by the caller). */
static int item_attr_fault(const struct qk_node *e, int type)
{
	switch (type) {
	case QK_EV_ROUTED:
		return qk_get(e, QK_to) == NULL ? QK_to : QK_NONE;
	case QK_EV_DECIDED:
		return find_name(qk_get(e, QK_outcome), outcomes) < 0 ?
		    QK_outcome : QK_NONE;
	case QK_EV_CANCELLED:
		return !is_code(qk_get(e, QK_reason)) ? QK_reason : QK_NONE;
	case QK_EV_SUSPENDED:
		return find_name(qk_get(e, QK_reason), suspension_reasons) < 0 ?
		    QK_reason : QK_NONE;
	case QK_EV_EXTENDED:
		return qk_value_days(qk_get(e, QK_days)) < 1 ? QK_days : QK_NONE;
	default:
		return QK_NONE;
	}
}

/* The atom at fault among the own attributes of event e (formats.md,
 * Events), or QK_NONE. */
static int own_attr_fault(const struct qk_node *e, int type)
{
	long score;

	if (is_item_event(type))
		return qk_get(e, QK_item) == NULL ?
		    QK_item : item_attr_fault(e, type);
	switch (type) {
	case QK_EV_CORRECTION:
		return sealed_fault(e);
	case QK_EV_ACCEPTED:
		return !is_date(qk_get(e, QK_due)) ? QK_due : sealed_fault(e);
	case QK_EV_REFUSED:
		return find_name(qk_get(e, QK_reason), refusal_reasons) < 0 ?
		    QK_reason : QK_NONE;
	case QK_EV_SUPPLIED:
		return qk_get(e, QK_material) == NULL ? QK_material : QK_NONE;
	case QK_EV_ISSUED:
		return find_name(qk_get(e, QK_method), methods) < 0 ?
		    QK_method : QK_NONE;
	case QK_EV_RATED:
		score = qk_value_days(qk_get(e, QK_score));
		return score < 1 || score > 5 ? QK_score : QK_NONE;
	case QK_EV_RECTIFIED:
		return qk_get(e, QK_note) == NULL ? QK_note : QK_NONE;
	default:
		return QK_NONE;
	}
}

/* 1 when routed@to names the item's department, or the window for an item
 * delegated to it. */
static int route_target_ok(const struct qk_ritem *it, const char *to)
{
	if (it->dept != NULL && strcmp(to, it->dept) == 0)
		return 1;
	return it->window && strcmp(to, "window") == 0;
}

/* 1 when material code may be supplied now: marked missing by the
 * correction and not yet supplied (in state correction), else missing or
 * deferred (tools.md, material-not-missing); whether the state allows a
 * supplied event at all is the grammar's question. */
static int suppliable(const struct qk_replay *r, const char *code)
{
	int i = mat_index(r, code);
	const struct qk_rmat *m;

	if (i < 0)
		return 0;
	m = &r->mats[i];
	if (r->state == QK_ST_CORRECTION)
		return m->corr_missing && m->status != QK_MS_SUPPLIED;
	return m->status == QK_MS_MISSING || m->status == QK_MS_DEFERRED;
}

/* The verdict on the item and material an event names (after its
 * attributes passed); sets the extension flags. */
static int check_refs(const struct qk_replay *r, const struct qk_node *e,
    struct qk_evcheck *c)
{
	if (is_item_event(c->type)) {
		int i = qk_replay_item_index(r, qk_get(e, QK_item));
		const struct qk_ritem *it;

		if (i < 0)
			return QK_BAD_ITEM;
		it = &r->items[i];
		if (c->type == QK_EV_ROUTED &&
		    !route_target_ok(it, qk_get(e, QK_to))) {
			c->attr = QK_to;
			return QK_BAD_ATTR;
		}
		if (c->type == QK_EV_EXTENDED) {
			c->over_extend =
			    qk_value_days(qk_get(e, QK_days)) > it->extend;
			c->second_extend = it->extended > 0;
		}
	}
	if (c->type == QK_EV_SUPPLIED && !suppliable(r, qk_get(e, QK_material)))
		return QK_BAD_MATERIAL;
	return QK_LEGAL;
}

int qk_replay_blocking_supplied(const struct qk_replay *r)
{
	int i;

	for (i = 0; i < r->nmats; i++)
		if (r->mats[i].blocking &&
		    r->mats[i].status != QK_MS_SUPPLIED &&
		    r->mats[i].status != QK_MS_PROVIDED)
			return 0;
	return 1;
}

int qk_replay_all_done(const struct qk_replay *r)
{
	int i;

	for (i = 0; i < r->nitems; i++)
		if (r->items[i].state != QK_IT_DECIDED &&
		    r->items[i].state != QK_IT_CANCELLED)
			return 0;
	return 1;
}

/* A set of states, for the grammar's "only in state …". */
#define ST(s) (1u << (s))

static int in_states(int state, unsigned set)
{
	return (ST(state) & set) != 0;
}

static int prerequisite_ok(const struct qk_replay *r, const struct qk_ritem *it)
{
	const struct qk_ritem *pre;

	if (it->after_idx < 0)
		return 1;
	pre = &r->items[it->after_idx];
	return pre->state == QK_IT_DECIDED && pre->approved;
}

int qk_replay_prerequisite(const struct qk_replay *r, int i)
{
	const struct qk_ritem *it = &r->items[i], *pre;

	if (prerequisite_ok(r, it))
		return QK_PRE_MET;
	pre = &r->items[it->after_idx];
	if (pre->state == QK_IT_CANCELLED || (pre->state == QK_IT_DECIDED && !pre->approved))
		return QK_PRE_FAILED;
	return QK_PRE_PENDING;
}

/* Rule 4 of the lifecycle: may this item event happen to item it now? */
static int item_grammar_ok(const struct qk_replay *r,
    const struct qk_ritem *it, int type)
{
	int routed = it->state == QK_IT_ROUTED;

	if (!in_states(r->state, ST(QK_ST_ACCEPTED) | ST(QK_ST_IN_PROGRESS)))
		return 0;
	switch (type) {
	case QK_EV_ROUTED:
		return it->state == QK_IT_WAITING && prerequisite_ok(r, it);
	case QK_EV_DECIDED:
	case QK_EV_SUSPENDED:
		return routed && !it->suspended;
	case QK_EV_CANCELLED:
		return routed || it->state == QK_IT_WAITING;
	case QK_EV_RESUMED:
		return routed && it->suspended;
	case QK_EV_EXTENDED:
		return routed && it->extended == 0;
	default:
		return 0;
	}
}

/* Rules 1 to 9 of the lifecycle (rules.md): may event e come now?  "Event
 * n" is the n-th event in document order, legal or not. */
static int grammar_ok(const struct qk_replay *r, const struct qk_node *e,
    int type)
{
	int n = r->nevents, st = r->state;

	if (n == 0 || type == QK_EV_RECEIVED)
		return n == 0 && type == QK_EV_RECEIVED;
	if (is_item_event(type))
		return item_grammar_ok(r, &r->items[qk_replay_item_index(r,
		    qk_get(e, QK_item))], type);
	switch (type) {
	case QK_EV_CORRECTION:
		return n == 1;
	case QK_EV_ACCEPTED:
		return n == 1 ||
		    (st == QK_ST_CORRECTION && qk_replay_blocking_supplied(r));
	case QK_EV_REFUSED:
		return n == 1 || st == QK_ST_CORRECTION;
	case QK_EV_SUPPLIED:
		return st == QK_ST_CORRECTION ||
		    (r->accepted != NULL && st != QK_ST_CLOSED);
	case QK_EV_READY:
		return qk_replay_all_done(r) &&
		    in_states(st, ST(QK_ST_ACCEPTED) | ST(QK_ST_IN_PROGRESS));
	case QK_EV_ISSUED:
		return st == QK_ST_READY;
	case QK_EV_RATED:
		return r->rated == NULL && in_states(st, ST(QK_ST_ISSUED) |
		    ST(QK_ST_REFUSED) | ST(QK_ST_WITHDRAWN) | ST(QK_ST_CLOSED));
	case QK_EV_RECTIFIED:
		return r->rated != NULL &&
		    qk_value_days(qk_get(r->rated, QK_score)) <= 2;
	case QK_EV_WITHDRAWN:
		return in_states(st, ST(QK_ST_CORRECTION) | ST(QK_ST_ACCEPTED) |
		    ST(QK_ST_IN_PROGRESS) | ST(QK_ST_READY));
	case QK_EV_CLOSED:
		return in_states(st, ST(QK_ST_ISSUED) | ST(QK_ST_REFUSED) |
		    ST(QK_ST_WITHDRAWN));
	default:
		return 0;
	}
}

/* The verdict on event e, the first that applies: attributes, item,
 * routed@to, material, grammar (qk_evcheck).  t is its at, NULL when
 * missing or malformed. */
static int verdict(struct qk_replay *r, const struct qk_node *e,
    const struct qk_time *t, struct qk_evcheck *c)
{
	int v;

	if (c->type == QK_EV_UNKNOWN) {
		c->attr = QK_type;
		return QK_BAD_ATTR;
	}
	if (t == NULL) {
		c->attr = QK_at;
		return QK_BAD_ATTR;
	}
	if ((c->attr = own_attr_fault(e, c->type)) != QK_NONE)
		return QK_BAD_ATTR;
	if ((v = check_refs(r, e, c)) != QK_LEGAL)
		return v;
	return grammar_ok(r, e, c->type) ? QK_LEGAL : QK_BAD_GRAMMAR;
}

/* e's at, parsed into t: the at string, or NULL when missing or
 * malformed. */
static const char *event_at(const struct qk_node *e, struct qk_time *t)
{
	const char *at = qk_get(e, QK_at);

	return at != NULL && qk_time_parse(at, t) == 0 ? at : NULL;
}

/* qk_replay_check() on an event whose at is already parsed (t, or NULL). */
static void check(struct qk_replay *r, const struct qk_node *e,
    const struct qk_time *t, struct qk_evcheck *c)
{
	memset(c, 0, sizeof *c);
	c->type = qk_evtype(qk_get(e, QK_type));
	if (t != NULL && r->has_last && t->instant < r->last_instant)
		c->backwards = 1;
	c->verdict = verdict(r, e, t, c);
}

void qk_replay_check(struct qk_replay *r, const struct qk_node *e,
    struct qk_evcheck *c)
{
	struct qk_time t;

	check(r, e, event_at(e, &t) != NULL ? &t : NULL, c);
}

/* ---- Applying ---- */

/* Applies a legal item event at time t to the item it names. */
static void apply_item(struct qk_replay *r, const struct qk_node *e,
    int type, const struct qk_time *t)
{
	struct qk_ritem *it = &r->items[qk_replay_item_index(r,
	    qk_get(e, QK_item))];

	switch (type) {
	case QK_EV_ROUTED:
		it->state = QK_IT_ROUTED;
		it->routed_day = t->day;
		it->routed_window = qk_is(e, QK_to, "window");
		it->due = qk_cal_add(r->cal, qk_cal_start(r->cal, t->day),
		    it->promised_days);
		it->has_due = 1;
		if (r->state == QK_ST_ACCEPTED)
			r->state = QK_ST_IN_PROGRESS;
		break;
	case QK_EV_DECIDED:
		it->state = QK_IT_DECIDED;
		it->approved = qk_is(e, QK_outcome, "approved");
		it->decided_day = t->day;
		it->decided_by = qk_get(e, QK_by);
		it->decided_seq_idx = r->nevents;
		break;
	case QK_EV_CANCELLED:
		it->state = QK_IT_CANCELLED;
		it->suspended = 0;
		break;
	case QK_EV_SUSPENDED:
		it->suspended = 1;
		it->susp_day = t->day;
		break;
	case QK_EV_RESUMED:
		it->due = qk_cal_add(r->cal, it->due,
		    qk_cal_between(r->cal, it->susp_day, t->day));
		it->suspended = 0;
		break;
	default:	/* QK_EV_EXTENDED */
		it->due = qk_cal_add(r->cal, it->due,
		    qk_value_days(qk_get(e, QK_days)));
		it->extended++;
		break;
	}
}

/* Seals items and materials from an accepted event at time t and starts
 * the promise clock. */
static void apply_accepted(struct qk_replay *r, const struct qk_node *e,
    const struct qk_time *t)
{
	int i;

	r->accepted = e;
	r->state = QK_ST_ACCEPTED;
	r->has_start = 1;
	r->start_day = qk_cal_start(r->cal, t->day);
	seal_items(r, e);
	seal_mats(r, e);
	for (i = 0; i < r->nitems; i++)
		promise(r, i);
}

/* Withdrawal cancels every undecided item (rules.md, rule 8). */
static void apply_withdrawn(struct qk_replay *r, const struct qk_node *e)
{
	int i;

	r->withdrawn = e;
	r->state = QK_ST_WITHDRAWN;
	for (i = 0; i < r->nitems; i++)
		if (r->items[i].state == QK_IT_WAITING ||
		    r->items[i].state == QK_IT_ROUTED) {
			r->items[i].state = QK_IT_CANCELLED;
			r->items[i].suspended = 0;
		}
}

/* Applies a legal event of any case-level type. */
static void apply_case(struct qk_replay *r, const struct qk_node *e, int type)
{
	switch (type) {
	case QK_EV_CORRECTION:
		r->correction = e;
		r->state = QK_ST_CORRECTION;
		seal_items(r, e);
		seal_mats(r, e);
		break;
	case QK_EV_REFUSED:
		r->refused = e;
		r->state = QK_ST_REFUSED;
		r->nitems = r->nmats = 0;
		break;
	case QK_EV_SUPPLIED:
		r->supplied = e;
		r->mats[mat_index(r, qk_get(e, QK_material))].status =
		    QK_MS_SUPPLIED;
		break;
	case QK_EV_READY:
		r->ready = e;
		r->state = QK_ST_READY;
		break;
	case QK_EV_ISSUED:
		r->issued = e;
		r->state = QK_ST_ISSUED;
		break;
	case QK_EV_RATED:
		r->rated = e;
		break;
	case QK_EV_RECTIFIED:
		r->rectified = 1;
		break;
	case QK_EV_WITHDRAWN:
		apply_withdrawn(r, e);
		break;
	case QK_EV_CLOSED:
		r->state = QK_ST_CLOSED;
		break;
	default:	/* received: no state of its own */
		break;
	}
}

/* Keeps the latest at (as an instant) among the events seen: at, parsed
 * into t. */
static void note_at(struct qk_replay *r, const char *at, const struct qk_time *t)
{
	if (!r->has_last || t->instant > r->last_instant) {
		r->has_last = 1;
		r->last_instant = t->instant;
		r->last_at = at;
	}
}

int qk_replay_step(struct qk_replay *r, const struct qk_node *e,
    struct qk_evcheck *c)
{
	struct qk_evcheck local;
	struct qk_time t;
	const char *at = event_at(e, &t);

	if (c == NULL)
		c = &local;
	check(r, e, at != NULL ? &t : NULL, c);
	/* A legal event has a well-formed at (verdict). */
	if (c->verdict == QK_LEGAL) {
		if (is_item_event(c->type))
			apply_item(r, e, c->type, &t);
		else if (c->type == QK_EV_ACCEPTED)
			apply_accepted(r, e, &t);
		else
			apply_case(r, e, c->type);
	}
	if (at != NULL)
		note_at(r, at, &t);
	if (reserve_event(r) == 0) {
		r->events[r->nevents] = e;
		r->legal[r->nevents] = c->verdict == QK_LEGAL;
		r->nevents++;
	}
	return c->verdict;
}

int qk_replay_case(struct qk_replay *r, const struct qk_node *casenode)
{
	const struct qk_node *app = qk_child(casenode, QK_application), *e;
	int bad = 0;

	if (app == NULL)
		return -1;
	qk_replay_begin(r, app);
	for (e = qk_child(casenode, QK_event); e != NULL;
	    e = qk_next(e, QK_event))
		if (qk_replay_step(r, e, NULL) != QK_LEGAL)
			bad++;
	return r->failed ? -1 : bad;
}

/* ---- Accessors ---- */

int qk_replay_state(const struct qk_replay *r)
{
	return r->state;
}

const char *qk_state_name(int state)
{
	if (state < 0 || state > QK_ST_WITHDRAWN)
		return "";
	return state_names[state];
}

int qk_evtype(const char *type)
{
	int i = find_name(type, event_names);

	return i > 0 ? i : QK_EV_UNKNOWN;
}

int qk_event_own_attr(int type, int k)
{
	static const unsigned char own[QK_EV_CLOSED + 1][3] = {
		[QK_EV_ACCEPTED] = { QK_due },
		[QK_EV_REFUSED] = { QK_reason, QK_note },
		[QK_EV_SUPPLIED] = { QK_material },
		[QK_EV_ROUTED] = { QK_item, QK_to },
		[QK_EV_DECIDED] = { QK_item, QK_outcome, QK_note },
		[QK_EV_CANCELLED] = { QK_item, QK_reason },
		[QK_EV_SUSPENDED] = { QK_item, QK_reason },
		[QK_EV_RESUMED] = { QK_item },
		[QK_EV_EXTENDED] = { QK_item, QK_days },
		[QK_EV_ISSUED] = { QK_method },
		[QK_EV_RATED] = { QK_score, QK_channel },
		[QK_EV_RECTIFIED] = { QK_note },
	};

	if (type <= QK_EV_UNKNOWN || type > QK_EV_CLOSED || k < 0 || k >= 3)
		return QK_NONE;
	return own[type][k];
}

/* case@due (rules.md, Due dates): the latest item due of the routed and
 * decided items and P of the waiting ones, once accepted. */
int qk_replay_due(const struct qk_replay *r, long *due)
{
	int i, has = 0;
	long best = 0;

	if (r->accepted == NULL || r->state == QK_ST_REFUSED)
		return 0;
	for (i = 0; i < r->nitems; i++) {
		const struct qk_ritem *it = &r->items[i];
		long d;

		if (it->state == QK_IT_WAITING && it->has_p)
			d = it->p;
		else if ((it->state == QK_IT_ROUTED ||
		    it->state == QK_IT_DECIDED) && it->has_due)
			d = it->due;
		else
			continue;
		if (!has || d > best)
			best = d;
		has = 1;
	}
	if (has && due != NULL)
		*due = best;
	return has;
}

int qk_replay_nitems(const struct qk_replay *r)
{
	return r->nitems;
}

const struct qk_ritem *qk_replay_item(const struct qk_replay *r, int i)
{
	return i >= 0 && i < r->nitems ? &r->items[i] : NULL;
}

int qk_replay_item_index(const struct qk_replay *r, const char *code)
{
	int i;

	if (code == NULL)
		return -1;
	for (i = 0; i < r->nitems; i++)
		if (r->items[i].code != NULL &&
		    strcmp(r->items[i].code, code) == 0)
			return i;
	return -1;
}

int qk_replay_nmats(const struct qk_replay *r)
{
	return r->nmats;
}

const struct qk_rmat *qk_replay_mat(const struct qk_replay *r, int i)
{
	return i >= 0 && i < r->nmats ? &r->mats[i] : NULL;
}

int qk_replay_nevents(const struct qk_replay *r)
{
	return r->nevents;
}

const struct qk_node *qk_replay_event(const struct qk_replay *r, int i)
{
	return i >= 0 && i < r->nevents ? r->events[i] : NULL;
}

int qk_replay_event_legal(const struct qk_replay *r, int i)
{
	return i >= 0 && i < r->nevents ? r->legal[i] : 0;
}

const struct qk_node *qk_replay_event2(const struct qk_replay *r)
{
	return qk_replay_event(r, 1);
}

const struct qk_node *qk_replay_accepted(const struct qk_replay *r)
{
	return r->accepted;
}

const struct qk_node *qk_replay_correction(const struct qk_replay *r)
{
	return r->correction;
}

const struct qk_node *qk_replay_refused(const struct qk_replay *r)
{
	return r->refused;
}

const struct qk_node *qk_replay_ready(const struct qk_replay *r)
{
	return r->ready;
}

const struct qk_node *qk_replay_issued(const struct qk_replay *r)
{
	return r->issued;
}

const struct qk_node *qk_replay_withdrawn(const struct qk_replay *r)
{
	return r->withdrawn;
}

const struct qk_node *qk_replay_rated(const struct qk_replay *r)
{
	return r->rated;
}

const struct qk_node *qk_replay_last_supplied(const struct qk_replay *r)
{
	return r->supplied;
}

int qk_replay_rectified(const struct qk_replay *r)
{
	return r->rectified;
}

int qk_replay_last_at(const struct qk_replay *r, long long *instant,
    const char **at)
{
	if (!r->has_last)
		return 0;
	if (instant != NULL)
		*instant = r->last_instant;
	if (at != NULL)
		*at = r->last_at;
	return 1;
}

int qk_replay_start_day(const struct qk_replay *r, long *day)
{
	if (!r->has_start)
		return 0;
	if (day != NULL)
		*day = r->start_day;
	return 1;
}

int qk_replay_failed(const struct qk_replay *r)
{
	return r->failed;
}
