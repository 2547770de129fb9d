#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "catalog.h"
#include "chain.h"
#include "date.h"
#include "intake.h"
#include "map.h"
#include "node.h"
#include "replay.h"
#include "route.h"
#include "value.h"

enum { PENDING, APPLIED, DUPLICATE, REJECTED };

struct pending {
	struct qk_node *ev;
	const char *doc;
	long line;
	long index;
	int status;
	const char *code;
	int has_at;
	long long instant;
	struct pending *next;	/* next event of the same case */
};

struct qk_route {
	struct qk_cal *cal;
	const struct qk_catalog *cat;
	struct qk_arena *arena;		/* the held events, for the whole run */
	struct qk_map *by_case;		/* id -> first struct pending */
	struct qk_map *docs;		/* interned document names */
	struct pending **all;
	long n, cap;
	long applied, duplicate, rejected;
	struct pending **sorted;	/* scratch for one case */
	long nsorted;
	char h0[QK_HEX_LEN];
	const char *prev;		/* h of the case's last event, as written */
	const char *err;		/* why qk_route_case() failed */
};

struct qk_route *qk_route_new(struct qk_cal *cal, const struct qk_catalog *cat)
{
	struct qk_route *rt = calloc(1, sizeof *rt);

	if (rt == NULL)
		return NULL;
	rt->cal = cal;
	rt->cat = cat;
	rt->arena = qk_arena_new();
	rt->by_case = qk_map_new();
	rt->docs = qk_map_new();
	if (rt->arena == NULL || rt->by_case == NULL || rt->docs == NULL) {
		qk_route_free(rt);
		return NULL;
	}
	return rt;
}

void qk_route_free(struct qk_route *rt)
{
	if (rt == NULL)
		return;
	qk_arena_free(rt->arena);
	qk_map_free(rt->by_case);
	qk_map_free(rt->docs);
	free(rt->all);
	free(rt->sorted);
	free(rt);
}

static struct pending *new_pending(struct qk_route *rt)
{
	struct pending *p;

	if (rt->n == rt->cap) {
		long cap = rt->cap > 0 ? rt->cap * 2 : 1024;
		struct pending **all = realloc(rt->all, cap * sizeof *all);

		if (all == NULL)
			return NULL;
		rt->all = all;
		rt->cap = cap;
	}
	p = qk_arena_alloc(rt->arena, sizeof *p);
	if (p == NULL)
		return NULL;
	memset(p, 0, sizeof *p);
	p->index = rt->n;
	rt->all[rt->n++] = p;
	return p;
}

int qk_route_add_event(struct qk_route *rt, const struct qk_node *ev,
    const char *doc, long line)
{
	struct pending *p = new_pending(rt), *q;
	const char *id = qk_get(ev, QK_case), *d;
	struct qk_time t;

	if (p == NULL || (p->ev = qk_node_copy(rt->arena, ev)) == NULL)
		return -1;
	d = qk_map_key(rt->docs, doc);
	if (d == NULL && (qk_map_put(rt->docs, doc, (void *)1) < 0 ||
	    (d = qk_map_key(rt->docs, doc)) == NULL))
		return -1;
	p->doc = d;
	p->line = line;
	p->has_at = qk_get(ev, QK_at) != NULL && qk_time_parse(qk_get(ev, QK_at), &t) == 0;
	p->instant = p->has_at ? t.instant : 0;
	if (id == NULL) {
		p->status = REJECTED;
		p->code = "case-unknown";
		return 0;
	}
	q = qk_map_get(rt->by_case, id);
	if (q == NULL)
		return qk_map_put(rt->by_case, id, p);
	while (q->next != NULL)
		q = q->next;
	q->next = p;
	return 0;
}

void qk_route_malformed(struct qk_route *rt, const char *id)
{
	struct pending *p = id != NULL ? qk_map_get(rt->by_case, id) : NULL;

	for (; p != NULL; p = p->next) {
		p->status = REJECTED;
		p->code = "case-malformed";
	}
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = *(struct pending *const *)a;
	const struct pending *y = *(struct pending *const *)b;

	if (x->instant != y->instant)
		return x->instant < y->instant ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The case's events in order of at, ties in input order. */
static int sort_events(struct qk_route *rt, struct pending *p)
{
	long n = 0;
	struct pending *q;

	for (q = p; q != NULL; q = q->next)
		n++;
	if (n > rt->nsorted) {
		struct pending **s = realloc(rt->sorted, n * sizeof *s);

		if (s == NULL)
			return -1;
		rt->sorted = s;
		rt->nsorted = n;
	}
	n = 0;
	for (q = p; q != NULL; q = q->next)
		rt->sorted[n++] = q;
	qsort(rt->sorted, n, sizeof *rt->sorted, cmp_pending);
	return (int)n;
}

static int is_duplicate(const struct qk_node *c, const struct qk_node *ev)
{
	static const int skip[] = { QK_seq, QK_h, QK_case, QK_NONE };
	const struct qk_node *e;

	for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
		if (qk_node_equal(e, ev, skip))
			return 1;
	return 0;
}

const char *qk_route_judge(struct qk_replay *r, const struct qk_node *ev)
{
	struct qk_evcheck c;
	int type;

	/* Only qk-intake makes these: whatever they carry, the sender is
	 * told the transition is not allowed (tools.md, Applying events). */
	type = qk_evtype(qk_get_raw(ev, QK_type));
	if (type == QK_EV_RECEIVED || type == QK_EV_CORRECTION || type == QK_EV_ACCEPTED)
		return "transition-illegal";
	qk_replay_check(r, ev, &c);
	if (c.verdict == QK_BAD_ATTR && c.attr != QK_to)
		return "attribute-invalid";
	if (qk_get(ev, QK_seq) != NULL || qk_get(ev, QK_h) != NULL ||
	    (qk_get(ev, QK_by) == NULL && type != QK_EV_RATED))
		return "attribute-invalid";
	if (c.verdict == QK_BAD_ITEM)
		return "item-unknown";
	if (c.verdict == QK_BAD_ATTR)
		return "attribute-invalid";
	if (c.verdict == QK_BAD_MATERIAL)
		return "material-not-missing";
	if (c.over_extend)
		return "extension-invalid";
	if (c.backwards)
		return "time-backwards";
	if (c.verdict == QK_BAD_GRAMMAR)
		return "transition-illegal";
	return NULL;
}

/* The replay has seen every event of the case, appended ones included. */
static long next_seq(const struct qk_replay *r)
{
	return qk_replay_nevents(r) + 1L;
}

/* The h the next event chains from: the one written on the case's last
 * event (qk-route does not verify the chain), or h0 when it has none. */
static void last_h(struct qk_route *rt, const struct qk_node *c)
{
	const struct qk_node *e, *last = NULL;
	const char *h;

	for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
		last = e;
	if (last != NULL) {
		h = qk_get_raw(last, QK_h);
		rt->prev = h != NULL ? h : "";
		return;
	}
	qk_chain_h0(qk_get(c, QK_id), qk_child(c, QK_application), rt->h0);
	rt->prev = rt->h0;
}

/* An input event as appended: its seq, without case and h (h comes when
 * it is sealed).  Its strings are copied into a, so that it outlives the
 * route that held the input. */
static struct qk_node *rewrite(struct qk_arena *a, const struct qk_node *held,
    long seq)
{
	struct qk_node *in = qk_node_copy(a, held), *ev, *c, *next;
	int i;

	if (in == NULL || (ev = qk_event_new(a, seq, qk_get(in, QK_type))) == NULL)
		return NULL;
	/* The rest as sent; qk_case_write puts it in formats.md's order. */
	for (i = 0; i < in->nattr; i++) {
		const struct qk_attr *at = &in->attr[i];

		if (at->atom == QK_case || at->atom == QK_type ||
		    at->atom == QK_seq || at->atom == QK_h)
			continue;
		if (qk_node_set(a, ev, at->name, at->value) < 0)
			return NULL;
	}
	for (c = in->child; c != NULL; c = next) {	/* already copies in a */
		next = c->next;
		qk_node_append(ev, c);
	}
	return ev;
}

/* Seals ev with h, appends it to the case and steps the replay. */
static int append(struct qk_route *rt, struct qk_arena *a, struct qk_node *c,
    struct qk_node *ev, struct qk_replay *r)
{
	char hex[QK_HEX_LEN];
	char *h;
	struct qk_evcheck chk;

	qk_node_unset(ev, QK_h);
	qk_chain_next(rt->prev, ev, hex);
	h = qk_arena_strdup(a, hex);
	if (h == NULL || qk_node_add(a, ev, QK_h, h) < 0)
		return -1;
	rt->prev = h;
	qk_node_append(c, ev);
	/* Every event appended was judged legal, or made legal by dispatch:
	 * one the replay refuses would be written yet not derived. */
	if (qk_replay_step(r, ev, &chk) != QK_LEGAL) {
		rt->err = "an event made by qk-route is illegal for the replay "
		    "(a defect of qk-route)";
		return -1;
	}
	return 0;
}

static int apply_input(struct qk_route *rt, struct qk_node *c,
    struct qk_arena *a, struct qk_replay *r, struct pending *p)
{
	const char *code;
	struct qk_node *ev;

	if (is_duplicate(c, p->ev)) {
		p->status = DUPLICATE;
		return 0;
	}
	code = qk_route_judge(r, p->ev);
	if (code != NULL) {
		p->status = REJECTED;
		p->code = code;
		return 0;
	}
	ev = rewrite(a, p->ev, next_seq(r));
	if (ev == NULL || append(rt, a, c, ev, r) < 0)
		return -1;
	p->status = APPLIED;
	return 0;
}

/* The later of two times, as written. */
static const char *later(const char *a, long long ia, const char *b, long long ib)
{
	return ib > ia ? b : a;
}

/* at for automatic steps: the later of --at and the case's latest at. */
static const char *auto_at(const struct qk_replay *r, const struct qk_route_opts *o)
{
	long long last;
	const char *at;

	if (!qk_replay_last_at(r, &last, &at))
		return o->at_text;
	return later(o->at_text, o->at.instant, at, last);
}

/* at for the window's own steps: the later of accepted@at and the latest. */
static const char *window_at(const struct qk_replay *r)
{
	const struct qk_node *acc = qk_replay_accepted(r);
	long long last;
	const char *at;
	struct qk_time t;

	qk_replay_last_at(r, &last, &at);
	if (acc == NULL || qk_time_parse(qk_get(acc, QK_at), &t) < 0)
		return at;
	return later(qk_get(acc, QK_at), t.instant, at, last);
}

static struct qk_node *auto_event(struct qk_arena *a,
    const struct qk_replay *r, const char *type)
{
	return qk_event_new(a, next_seq(r), type);
}

/* Stamps a dispatch event and appends it: 1, or 0 when the replay would
 * not take it.  Only an odd record gets there (a correction case whose
 * application requests no item): that step is not taken, and the case
 * stays as it is, for qk-audit to see. */
static int stamp_add(struct qk_route *rt, struct qk_arena *a,
    struct qk_node *c, struct qk_node *ev, const char *at, const char *by,
    struct qk_replay *r)
{
	struct qk_evcheck chk;

	if (ev == NULL || qk_node_add(a, ev, QK_at, at) < 0 ||
	    (by != NULL && qk_node_add(a, ev, QK_by, by) < 0))
		return -1;
	qk_replay_check(r, ev, &chk);
	if (chk.verdict != QK_LEGAL)
		return 0;
	return append(rt, a, c, ev, r) < 0 ? -1 : 1;
}

/* Step 1: a case in correction whose blocking materials are supplied. */
static int accept_after_correction(struct qk_route *rt, struct qk_arena *a,
    struct qk_node *c, struct qk_replay *r)
{
	const struct qk_node *sup = qk_replay_last_supplied(r), *corr;
	struct qk_node *ev;
	const char *at;

	if (qk_replay_state(r) != QK_ST_CORRECTION || sup == NULL ||
	    !qk_replay_blocking_supplied(r))
		return 0;
	corr = qk_replay_correction(r);
	at = qk_get(sup, QK_at);
	ev = auto_event(a, r, "accepted");
	if (ev == NULL || qk_accept_after_correction(a, ev, qk_child(c, QK_application),
	    r, at, rt->cat, rt->cal) < 0)
		return -1;
	return stamp_add(rt, a, c, ev, at, corr != NULL ? qk_get(corr, QK_by) : NULL, r);
}

static int all_provided(const struct qk_replay *r)
{
	int i;

	for (i = 0; i < qk_replay_nmats(r); i++) {
		int s = qk_replay_mat(r, i)->status;

		if (s != QK_MS_PROVIDED && s != QK_MS_SUPPLIED)
			return 0;
	}
	return 1;
}

static const char *acceptor(const struct qk_replay *r)
{
	const struct qk_node *acc = qk_replay_accepted(r);

	return acc != NULL ? qk_get(acc, QK_by) : NULL;
}

/* 1 when item i has somewhere to go: its department, or the window.  A
 * routed event without to is illegal, so an item sealed without dept and
 * not decided at the window stays waiting. */
static int routable(const struct qk_replay *r, int i)
{
	const struct qk_ritem *it = qk_replay_item(r, i);

	return it->dept != NULL || (it->window && all_provided(r));
}

/* Routes item i: to its department, or decided at the window (1; 0 when
 * not taken, see stamp_add). */
static int route_item(struct qk_route *rt, struct qk_arena *a,
    struct qk_node *c, struct qk_replay *r, int i, const struct qk_route_opts *o)
{
	const struct qk_ritem *it = qk_replay_item(r, i);
	int window = it->window && all_provided(r);
	const char *at = window ? window_at(r) : auto_at(r, o);
	const char *by = window ? acceptor(r) : "qk-route";
	struct qk_node *ev = auto_event(a, r, "routed");
	const char *code = it->code;

	int res;

	if (ev == NULL || qk_node_add(a, ev, QK_item, code) < 0 ||
	    qk_node_add(a, ev, QK_to, window ? "window" : it->dept) < 0)
		return -1;
	if ((res = stamp_add(rt, a, c, ev, at, by, r)) <= 0 || !window)
		return res;
	ev = auto_event(a, r, "decided");
	if (ev == NULL || qk_node_add(a, ev, QK_item, code) < 0 ||
	    qk_node_add(a, ev, QK_outcome, "approved") < 0)
		return -1;
	return stamp_add(rt, a, c, ev, window_at(r), by, r) < 0 ? -1 : 1;
}

static int cancel_item(struct qk_route *rt, struct qk_arena *a,
    struct qk_node *c, struct qk_replay *r, int i, const struct qk_route_opts *o)
{
	struct qk_node *ev = auto_event(a, r, "cancelled");

	if (ev == NULL || qk_node_add(a, ev, QK_item, qk_replay_item(r, i)->code) < 0 ||
	    qk_node_add(a, ev, QK_reason, "prerequisite-rejected") < 0)
		return -1;
	return stamp_add(rt, a, c, ev, auto_at(r, o), "qk-route", r);
}

static int open_for_routing(const struct qk_replay *r)
{
	int s = qk_replay_state(r);

	return s == QK_ST_ACCEPTED || s == QK_ST_IN_PROGRESS;
}

/* Step 2: scan the items in case order until nothing changes. */
static int route_items(struct qk_route *rt, struct qk_arena *a,
    struct qk_node *c, struct qk_replay *r, const struct qk_route_opts *o)
{
	int changed = 1, i;

	while (changed && open_for_routing(r)) {
		changed = 0;
		for (i = 0; i < qk_replay_nitems(r); i++) {
			int res;

			if (qk_replay_item(r, i)->state != QK_IT_WAITING)
				continue;
			switch (qk_replay_prerequisite(r, i)) {
			case QK_PRE_MET:
				if (!routable(r, i))
					continue;
				res = route_item(rt, a, c, r, i, o);
				break;
			case QK_PRE_FAILED:
				res = cancel_item(rt, a, c, r, i, o);
				break;
			default:
				continue;
			}
			if (res < 0)
				return -1;
			changed |= res > 0;
		}
	}
	return 0;
}

/* Step 4: the event that ended the case's work, for --close-after. */
static const struct qk_node *ending_event(const struct qk_replay *r)
{
	switch (qk_replay_state(r)) {
	case QK_ST_ISSUED: return qk_replay_issued(r);
	case QK_ST_REFUSED: return qk_replay_refused(r);
	case QK_ST_WITHDRAWN: return qk_replay_withdrawn(r);
	}
	return NULL;
}

static int should_close(struct qk_route *rt, const struct qk_replay *r,
    const struct qk_route_opts *o)
{
	const struct qk_node *e = ending_event(r), *rated = qk_replay_rated(r);
	struct qk_time t;
	long score;

	if (e == NULL)
		return 0;
	if (rated != NULL && qk_value_uint(qk_get(rated, QK_score), &score))
		return score >= 3 || qk_replay_rectified(r);
	if (qk_time_parse(qk_get(e, QK_at), &t) < 0)
		return 0;
	return qk_cal_between(rt->cal, t.day, o->at.day) > o->close_after;
}

static int dispatch(struct qk_route *rt, struct qk_arena *a, struct qk_node *c,
    struct qk_replay *r, const struct qk_route_opts *o)
{
	if (accept_after_correction(rt, a, c, r) < 0 || route_items(rt, a, c, r, o) < 0)
		return -1;
	if (open_for_routing(r) && qk_replay_all_done(r) &&
	    stamp_add(rt, a, c, auto_event(a, r, "ready"), auto_at(r, o), "qk-route", r) < 0)
		return -1;
	if (should_close(rt, r, o) &&
	    stamp_add(rt, a, c, auto_event(a, r, "closed"), auto_at(r, o), "qk-route", r) < 0)
		return -1;
	return 0;
}

const char *qk_route_error(const struct qk_route *rt)
{
	return rt->err != NULL ? rt->err : "out of memory";
}

int qk_route_case(struct qk_route *rt, struct qk_node *c, struct qk_arena *a,
    struct qk_replay *r, const struct qk_route_opts *o)
{
	struct pending *p = qk_map_get(rt->by_case, qk_get(c, QK_id));
	int i, n;

	rt->err = NULL;
	qk_replay_case(r, c);
	last_h(rt, c);
	if (p != NULL) {
		n = sort_events(rt, p);
		if (n < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (rt->sorted[i]->status == PENDING &&
			    apply_input(rt, c, a, r, rt->sorted[i]) < 0)
				return -1;
	}
	return o->dispatch ? dispatch(rt, a, c, r, o) : 0;
}

int qk_route_nevents(const struct qk_route *rt)
{
	return (int)rt->n;
}

const char *qk_route_result(const struct qk_route *rt, int i,
    const struct qk_node **ev, const char **doc, long *line)
{
	const struct pending *p = rt->all[i];

	*ev = p->ev;
	*doc = p->doc;
	*line = p->line;
	if (p->status == PENDING)
		return "case-unknown";
	return p->status == REJECTED ? p->code : NULL;
}

void qk_route_counts(const struct qk_route *rt, long *applied,
    long *duplicate, long *rejected)
{
	long i;

	*applied = *duplicate = *rejected = 0;
	for (i = 0; i < rt->n; i++) {
		int s = rt->all[i]->status;

		if (s == APPLIED)
			++*applied;
		else if (s == DUPLICATE)
			++*duplicate;
		else
			++*rejected;
	}
}
