#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "catalog.h"
#include "chain.h"
#include "date.h"
#include "idno.h"
#include "intake.h"
#include "node.h"
#include "replay.h"
#include "roster.h"
#include "value.h"


static const struct {
	const char *code, *meaning;
} meanings[] = {
	{ "received-missing", "received is missing" },
	{ "received-malformed", "received is not a time with an offset" },
	{ "site-missing", "site is missing" },
	{ "site-unknown", "site is not in the roster" },
	{ "staff-missing", "staff is missing" },
	{ "staff-unknown", "staff has no window row in the roster" },
	{ "channel-invalid", "channel is missing or not one of window, online, post, agent, selfservice" },
	{ "agent-missing", "agent channel without agent" },
	{ "agent-unknown", "agent has no agent row in the roster" },
	{ "agent-unregistered", "agent is not registered on the day received" },
	{ "applicant-missing", "no applicant, or more than one" },
	{ "applicant-malformed", "applicant kind, or idtype for kind other, is missing or unknown" },
	{ "idno-invalid", "applicant id number is missing or fails its check" },
	{ "request-missing", "no request" },
	{ "request-malformed", "a request without item" },
	{ "request-duplicate", "an item requested twice" },
	{ "case-unknown", "no case with this id in the input, or no case attribute" },
	{ "case-malformed", "the case record is malformed" },
	{ "attribute-invalid", "unknown type, seq or h present, at missing or malformed, by missing (except on rated), or an own attribute missing or invalid" },
	{ "item-unknown", "the item is not one of the case's items" },
	{ "material-not-missing", "supplied for a material that is not missing or deferred" },
	{ "extension-invalid", "days above the item's sealed extend" },
	{ "time-backwards", "at is earlier than the latest at among the case's events" },
	{ "transition-illegal", "the lifecycle grammar does not allow the event here; received, correction and accepted are never accepted from input" },
};

static const struct {
	const char *reason, *label;
} labels[] = {
	{ "item-unknown", "申请事项不在本中心事项目录中" },
	{ "item-unclaimed", "申请事项本中心尚未认领" },
	{ "outside-scope", "申请事项不属于本中心受理范围" },
	{ "not-eligible", "申请人不符合受理条件" },
	{ "other", "其他原因不予受理" },
};

const char *qk_reject_meaning(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof meanings / sizeof meanings[0]; i++)
		if (strcmp(meanings[i].code, code) == 0)
			return meanings[i].meaning;
	return code;
}

const char *qk_refusal_label(const char *reason)
{
	size_t i;

	for (i = 0; reason != NULL && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].reason, reason) == 0)
			return labels[i].label;
	return NULL;
}

static const char *reject_agent(const struct qk_node *app,
    const struct qk_roster *ros, long day)
{
	const char *agent = qk_get(app, QK_agent);
	long reg;

	if (agent == NULL)
		return "agent-missing";
	if (!qk_roster_has_role(ros, agent, QK_ROLE_AGENT))
		return "agent-unknown";
	if (!qk_roster_registered(ros, agent, &reg) || reg > day)
		return "agent-unregistered";
	return NULL;
}

static const char *reject_requests(const struct qk_node *app)
{
	const struct qk_node *r, *s;

	if (qk_child(app, QK_request) == NULL)
		return "request-missing";
	for (r = qk_child(app, QK_request); r != NULL; r = qk_next(r, QK_request))
		if (qk_get(r, QK_item) == NULL)
			return "request-malformed";
	for (r = qk_child(app, QK_request); r != NULL; r = qk_next(r, QK_request))
		for (s = qk_next(r, QK_request); s != NULL; s = qk_next(s, QK_request))
			if (strcmp(qk_get(r, QK_item), qk_get(s, QK_item)) == 0)
				return "request-duplicate";
	return NULL;
}

const char *qk_intake_reject(const struct qk_node *app, const struct qk_roster *ros)
{
	static const char *const channels[] = { "window", "online", "post", "agent", "selfservice" };
	const char *received = qk_get(app, QK_received), *site = qk_get(app, QK_site);
	const char *staff = qk_get(app, QK_staff), *channel = qk_get(app, QK_channel);
	const struct qk_node *who;
	struct qk_time t;
	size_t i;
	int ok = 0, check;

	if (received == NULL)
		return "received-missing";
	if (qk_time_parse(received, &t) < 0)
		return "received-malformed";
	if (site == NULL)
		return "site-missing";
	if (qk_roster_site(ros, site) == NULL)
		return "site-unknown";
	if (staff == NULL)
		return "staff-missing";
	if (!qk_roster_has_role(ros, staff, QK_ROLE_WINDOW))
		return "staff-unknown";
	for (i = 0; channel != NULL && i < sizeof channels / sizeof channels[0]; i++)
		ok |= strcmp(channel, channels[i]) == 0;
	if (!ok)
		return "channel-invalid";
	if (strcmp(channel, "agent") == 0 && reject_agent(app, ros, t.day) != NULL)
		return reject_agent(app, ros, t.day);
	if (qk_count_children(app, QK_applicant) != 1)
		return "applicant-missing";
	who = qk_child(app, QK_applicant);
	check = qk_idno_check(qk_get(who, QK_kind), qk_get(who, QK_idtype),
	    qk_get(who, QK_idno));
	if (check < 0)
		return "applicant-malformed";
	if (check == 0)
		return "idno-invalid";
	return reject_requests(app);
}

struct qk_node *qk_event_new(struct qk_arena *a, long seq, const char *type)
{
	struct qk_node *ev = qk_node_new(a, "event");
	char buf[24], *p = buf + sizeof buf - 1;
	char *s;

	/* Decimal digits by hand: this runs for every event made. */
	*p = '\0';
	do
		*--p = (char)('0' + seq % 10);
	while ((seq /= 10) > 0);
	s = qk_arena_strdup(a, p);
	if (ev == NULL || s == NULL || qk_node_add(a, ev, QK_seq, s) < 0 ||
	    qk_node_add(a, ev, QK_type, type) < 0)
		return NULL;
	return ev;
}

/* Adds at, by (when not NULL) and h chained from prev (64 hex). */
static int event_stamp(struct qk_arena *a, struct qk_node *ev, const char *at,
    const char *by, const char *prev)
{
	char hex[QK_HEX_LEN];
	char *h;

	if (qk_node_add(a, ev, QK_at, at) < 0 ||
	    (by != NULL && qk_node_add(a, ev, QK_by, by) < 0))
		return -1;
	qk_chain_next(prev, ev, hex);
	h = qk_arena_strdup(a, hex);
	return h != NULL ? qk_node_add(a, ev, QK_h, h) : -1;
}

/* One requested item while sealing. */
struct sitem {
	const char *code;
	const struct qk_node *cat;	/* the catalog row, or NULL */
	const struct qk_node *old;	/* the fact sealed earlier, or NULL */
};

struct smat {
	const char *code;
	int handed, supplied, blocking;
	long defer_days;		/* smallest defer-days of the items needing it */
};

/* The items and materials of one decision, in the record's arena: as many
 * as the application has, no cap. */
struct seal {
	struct qk_arena *a;
	struct sitem *item;
	int nitems, capitems;
	struct smat *mat;
	int nmats, capmats;
};

/* Makes room for one more element of size sz in *arr (in the arena; the
 * old block stays there until the arena is reset).  0, or -1. */
static int grow(struct qk_arena *a, void **arr, int n, int *cap, size_t sz)
{
	void *p;

	if (n < *cap)
		return 0;
	p = qk_arena_alloc(a, (size_t)(*cap > 0 ? 2 * *cap : 8) * sz);
	if (p == NULL)
		return -1;
	if (n > 0)
		memcpy(p, *arr, (size_t)n * sz);
	*arr = p;
	*cap = *cap > 0 ? 2 * *cap : 8;
	return 0;
}

static int find_item(const struct seal *s, const char *code)
{
	int i;

	for (i = 0; code != NULL && i < s->nitems; i++)
		if (strcmp(s->item[i].code, code) == 0)
			return i;
	return -1;
}

static const char *fact(const struct sitem *it, int atom)
{
	return it->cat != NULL ? qk_get(it->cat, atom) :
	    it->old != NULL ? qk_get(it->old, atom) : NULL;
}

static const struct qk_node *old_fact(const struct qk_node *ev, int atom,
    const char *code)
{
	const struct qk_node *c;

	for (c = ev != NULL ? qk_child(ev, atom) : NULL; c != NULL; c = qk_next(c, atom))
		if (qk_is(c, QK_code, code))
			return c;
	return NULL;
}

static int handed_in(const struct qk_node *app, const char *code)
{
	const struct qk_node *m;

	for (m = qk_child(app, QK_material); m != NULL; m = qk_next(m, QK_material))
		if (qk_is(m, QK_code, code))
			return 1;
	return 0;
}

static struct smat *need_material(struct seal *s, const char *code)
{
	int i;

	for (i = 0; i < s->nmats; i++)
		if (strcmp(s->mat[i].code, code) == 0)
			return &s->mat[i];
	if (grow(s->a, (void **)&s->mat, s->nmats, &s->capmats, sizeof *s->mat) < 0)
		return NULL;
	memset(&s->mat[s->nmats], 0, sizeof s->mat[0]);
	s->mat[s->nmats].code = code;
	s->mat[s->nmats].defer_days = -1;
	return &s->mat[s->nmats++];
}

/* The needs of each item, in order; blocking and defer-days per rules.
 * 0, or -1 when the arena is exhausted. */
static int collect_materials(struct seal *s, const struct qk_node *app,
    const struct qk_replay *r, const struct qk_node *corr)
{
	int i, j;

	for (i = 0; i < s->nitems; i++) {
		const struct qk_node *it = s->item[i].cat, *nd;
		long dd = 5;

		if (it == NULL)
			continue;
		if ((dd = qk_value_days(qk_get(it, QK_defer_days))) < 0)
			dd = 5;
		for (nd = qk_child(it, QK_need); nd != NULL; nd = qk_next(nd, QK_need)) {
			const char *code = qk_get(nd, QK_material);
			struct smat *m;

			if (code == NULL)
				continue;
			if ((m = need_material(s, code)) == NULL)
				return -1;
			if (qk_is(nd, QK_key, "yes") || !qk_is(it, QK_defer, "yes"))
				m->blocking = 1;
			if (m->defer_days < 0 || dd < m->defer_days)
				m->defer_days = dd;
		}
	}
	/* Materials of items the catalog no longer has, as sealed before. */
	for (i = 0; corr != NULL && i < s->nitems; i++) {
		const struct qk_node *m;

		if (s->item[i].cat != NULL)
			continue;
		for (m = qk_child(corr, QK_material); m != NULL; m = qk_next(m, QK_material)) {
			struct smat *sm;

			if (qk_get(m, QK_code) == NULL)
				continue;
			if ((sm = need_material(s, qk_get(m, QK_code))) == NULL)
				return -1;
			if (sm->defer_days < 0)
				sm->defer_days = 5;
		}
	}
	for (j = 0; j < s->nmats; j++) {
		s->mat[j].handed = handed_in(app, s->mat[j].code);
		if (r != NULL) {
			int k;

			for (k = 0; k < qk_replay_nmats(r); k++)
				if (strcmp(qk_replay_mat(r, k)->code, s->mat[j].code) == 0 &&
				    qk_replay_mat(r, k)->status == QK_MS_SUPPLIED)
					s->mat[j].supplied = 1;
		}
		if (s->mat[j].handed || s->mat[j].supplied)
			s->mat[j].blocking = 0;
	}
	return 0;
}

/* The requested items, distinct, in request order, with their facts. */
static int collect_items(struct seal *s, const struct qk_node *app,
    const struct qk_catalog *cat, const struct qk_node *corr)
{
	const struct qk_node *rq;

	s->nitems = s->nmats = 0;
	for (rq = qk_child(app, QK_request); rq != NULL; rq = qk_next(rq, QK_request)) {
		const char *code = qk_get(rq, QK_item);
		struct sitem *it;

		if (code == NULL || find_item(s, code) >= 0)
			continue;
		if (grow(s->a, (void **)&s->item, s->nitems, &s->capitems, sizeof *s->item) < 0)
			return -1;
		it = &s->item[s->nitems++];
		memset(it, 0, sizeof *it);
		it->code = code;
		it->cat = qk_catalog_item(cat, code);
		it->old = it->cat == NULL ? old_fact(corr, QK_item, code) : NULL;
	}
	return 0;
}

static int set(struct qk_arena *a, struct qk_node *n, int atom, const char *v)
{
	return v != NULL ? qk_node_add(a, n, atom, v) : 0;
}

/* <item code dept mode legal promised window extend after/>, after when
 * the prerequisite is requested too (a cycle is cut by the replay). */
static int add_sealed_item(struct qk_arena *a, struct qk_node *ev,
    const struct seal *s, int i)
{
	const struct sitem *it = &s->item[i];
	struct qk_node *n = qk_node_new(a, "item");
	const char *window = fact(it, QK_window), *extend = fact(it, QK_extend);
	int pre = find_item(s, fact(it, QK_after));

	if (n == NULL)
		return -1;
	if (set(a, n, QK_code, it->code) < 0 || set(a, n, QK_dept, fact(it, QK_dept)) < 0 ||
	    set(a, n, QK_mode, fact(it, QK_mode)) < 0 ||
	    set(a, n, QK_legal, fact(it, QK_legal)) < 0 ||
	    set(a, n, QK_promised, fact(it, QK_promised)) < 0 ||
	    set(a, n, QK_window, window != NULL && strcmp(window, "yes") == 0 ? "yes" : "no") < 0 ||
	    set(a, n, QK_extend, qk_value_days(extend) >= 0 ? extend : "0") < 0 ||
	    (pre >= 0 && set(a, n, QK_after, s->item[pre].code) < 0))
		return -1;
	qk_node_append(ev, n);
	return 0;
}

static char *date_text(struct qk_arena *a, long day)
{
	char buf[11];

	qk_date_format(day, buf);
	return qk_arena_strdup(a, buf);
}

/* The sealed children and, for accepted, the due of a decision event. */
static int seal_into(struct qk_arena *a, struct qk_node *ev, struct seal *s,
    int accepted, struct qk_cal *cal, long start)
{
	long due;
	int i;

	for (i = 0; i < s->nitems; i++)
		if (add_sealed_item(a, ev, s, i) < 0)
			return -1;
	if (qk_replay_seal_due(cal, ev, start, &due) < 0 ||
	    (accepted && qk_node_add(a, ev, QK_due, date_text(a, due)) < 0))
		return -1;
	for (i = 0; i < s->nmats; i++) {
		const struct smat *m = &s->mat[i];
		struct qk_node *n = qk_node_new(a, "material");
		const char *status = m->handed ? "provided" : m->supplied ? "supplied" :
		    accepted ? "deferred" : "missing";

		if (n == NULL || qk_node_add(a, n, QK_code, m->code) < 0 ||
		    qk_node_add(a, n, QK_status, status) < 0)
			return -1;
		if (!accepted && m->blocking && qk_node_add(a, n, QK_blocking, "yes") < 0)
			return -1;
		if (accepted && !m->handed && !m->supplied &&
		    qk_node_add(a, n, QK_until, date_text(a, qk_cal_add(cal, start,
		    m->defer_days >= 0 ? m->defer_days : 5))) < 0)
			return -1;
		qk_node_append(ev, n);
	}
	return 0;
}

static int any_blocking(const struct seal *s)
{
	int i;

	for (i = 0; i < s->nmats; i++)
		if (s->mat[i].blocking && !s->mat[i].handed && !s->mat[i].supplied)
			return 1;
	return 0;
}

/* The refusal note: every unknown or unclaimed item, CODE：LABEL joined by
 * "；"; the reason is that of the first.  NULL when nothing is refused. */
static const char *refusal(struct qk_arena *a, const struct seal *s,
    const char **note)
{
	const char *reason = NULL;
	size_t len = 0;
	char *buf = NULL;
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < s->nitems; i++) {
			const struct qk_node *c = s->item[i].cat;
			const char *why = c == NULL ? "item-unknown" :
			    qk_is(c, QK_claimed, "no") ? "item-unclaimed" : NULL;
			const char *label = why != NULL ? qk_refusal_label(why) : NULL;

			if (why == NULL)
				continue;
			if (reason == NULL)
				reason = why;
			if (pass == 0) {
				len += strlen(s->item[i].code) + strlen(label) + 6;
			} else {
				if (buf[0] != '\0')
					strcat(buf, "；");
				strcat(buf, s->item[i].code);
				strcat(buf, "：");
				strcat(buf, label);
			}
		}
		if (reason == NULL)
			return NULL;
		if (pass == 0) {
			buf = qk_arena_alloc(a, len + 1);
			if (buf == NULL)
				return NULL;
			buf[0] = '\0';
		}
	}
	*note = buf;
	return reason;
}

/* Appends an event (stamped at, by, chained) and advances prev. */
static int append_event(struct qk_arena *a, struct qk_node *c,
    struct qk_node *ev, const char *at, const char *by, char *prev)
{
	if (ev == NULL || event_stamp(a, ev, at, by, prev) < 0)
		return -1;
	memcpy(prev, qk_get(ev, QK_h), QK_HEX_LEN);
	qk_node_append(c, ev);
	return 0;
}

static int set_case_attrs(struct qk_arena *a, struct qk_node *c,
    const struct qk_node *app, const char *id)
{
	static const int copied[] = { QK_site, QK_staff, QK_channel, QK_received };
	size_t i;

	if (qk_node_add(a, c, QK_id, id) < 0)
		return -1;
	for (i = 0; i < sizeof copied / sizeof copied[0]; i++)
		if (set(a, c, copied[i], qk_get(app, copied[i])) < 0)
			return -1;
	return 0;
}

struct qk_node *qk_intake_case(struct qk_arena *a, struct qk_node *app,
    const char *id, const struct qk_catalog *cat, struct qk_cal *cal)
{
	struct seal s = { a, NULL, 0, 0, NULL, 0, 0 };
	struct qk_node *c = qk_node_new(a, "case"), *ev;
	const char *at = qk_get(app, QK_received), *by = qk_get(app, QK_staff);
	const char *reason, *note = NULL;
	char prev[QK_HEX_LEN];
	struct qk_time t;

	if (c == NULL || set_case_attrs(a, c, app, id) < 0 ||
	    qk_time_parse(at, &t) < 0 || collect_items(&s, app, cat, NULL) < 0)
		return NULL;
	qk_node_append(c, app);
	qk_chain_h0(id, app, prev);
	if (append_event(a, c, qk_event_new(a, 1, "received"), at, by, prev) < 0)
		return NULL;
	reason = refusal(a, &s, &note);
	if (reason != NULL) {
		ev = qk_event_new(a, 2, "refused");
		if (ev == NULL || qk_node_add(a, ev, QK_reason, reason) < 0 ||
		    qk_node_add(a, ev, QK_note, note) < 0)
			return NULL;
	} else {
		if (collect_materials(&s, app, NULL, NULL) < 0)
			return NULL;
		ev = qk_event_new(a, 2, any_blocking(&s) ? "correction" : "accepted");
		if (ev == NULL || seal_into(a, ev, &s, !any_blocking(&s), cal,
		    qk_cal_start(cal, t.day)) < 0)
			return NULL;
	}
	if (append_event(a, c, ev, at, by, prev) < 0)
		return NULL;
	return c;
}

int qk_accept_after_correction(struct qk_arena *a, struct qk_node *ev,
    const struct qk_node *app, const struct qk_replay *r, const char *at,
    const struct qk_catalog *cat, struct qk_cal *cal)
{
	struct seal s = { a, NULL, 0, 0, NULL, 0, 0 };
	const struct qk_node *corr = qk_replay_correction(r);
	struct qk_time t;

	if (qk_time_parse(at, &t) < 0 || collect_items(&s, app, cat, corr) < 0 ||
	    collect_materials(&s, app, r, corr) < 0)
		return -1;
	return seal_into(a, ev, &s, 1, cal, qk_cal_start(cal, t.day));
}
