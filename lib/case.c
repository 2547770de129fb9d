#include <pthread.h>
#include <string.h>

#include "case.h"
#include "catalog.h"
#include "date.h"
#include "intake.h"
#include "node.h"
#include "replay.h"
#include "writer.h"

/* 1 when a child of a case is one qk derives (item, material, notice). */
static int derived_child(const struct qk_node *n)
{
	return n->atom == QK_item || n->atom == QK_material || n->atom == QK_notice;
}

int qk_case_malformed(const struct qk_node *c)
{
	return qk_get(c, QK_id) == NULL || qk_child(c, QK_application) == NULL;
}

static void attr_opt(struct qk_writer *w, const char *name, const char *v)
{
	if (v != NULL)
		qk_write_attr(w, name, v);
}

static int defined_case_attr(int atom)
{
	return atom == QK_id || atom == QK_site || atom == QK_staff ||
	    atom == QK_channel || atom == QK_received || atom == QK_state ||
	    atom == QK_due;
}

static void write_case_tag(struct qk_writer *w, const struct qk_node *c,
    const struct qk_node *app, const struct qk_replay *r)
{
	const char *state, *due;
	char date[11];
	int i;

	qk_case_state_values(r, date, &state, &due);
	qk_write_open(w, 1, "case");
	attr_opt(w, "id", qk_get_raw(c, QK_id));
	attr_opt(w, "site", qk_get(app, QK_site));
	attr_opt(w, "staff", qk_get(app, QK_staff));
	attr_opt(w, "channel", qk_get(app, QK_channel));
	attr_opt(w, "received", qk_get(app, QK_received));
	qk_write_attr(w, "state", state);
	attr_opt(w, "due", due);
	for (i = 0; i < c->nattr; i++)
		if (!defined_case_attr(c->attr[i].atom))
			qk_write_attr(w, c->attr[i].name, c->attr[i].value);
	qk_write_open_end(w, 1);
}

const char *const qk_case_item_attr[QK_ITEM_NATTR] = {
	"code", "dept", "mode", "legal", "promised", "state", "outcome",
	"due", "after", "suspended", "window"
};

const char *const qk_case_mat_attr[QK_MAT_NATTR] = { "code", "status", "until" };

void qk_case_state_values(const struct qk_replay *r, char date[11],
    const char **state, const char **due)
{
	long d;

	*state = qk_state_name(qk_replay_state(r));
	*due = NULL;
	if (qk_replay_due(r, &d)) {
		qk_date_format(d, date);
		*due = date;
	}
}

void qk_case_item_values(const struct qk_ritem *it, char date[11],
    const char *v[QK_ITEM_NATTR])
{
	static const char *const states[] = { "waiting", "routed", "decided", "cancelled" };

	v[0] = it->code;
	v[1] = it->dept;
	v[2] = it->mode;
	v[3] = it->legal;
	v[4] = it->promised;
	v[5] = states[it->state];
	v[6] = it->state != QK_IT_DECIDED ? NULL :
	    it->approved ? "approved" : "rejected";
	v[7] = NULL;
	if (it->has_due) {
		qk_date_format(it->due, date);
		v[7] = date;
	}
	v[8] = it->after;
	v[9] = it->suspended ? "yes" : NULL;
	v[10] = it->window ? "yes" : NULL;
}

void qk_case_mat_values(const struct qk_rmat *m, char date[11],
    const char *v[QK_MAT_NATTR])
{
	static const char *const status[] = { "provided", "missing", "deferred", "supplied" };

	v[0] = m->code;
	v[1] = status[m->status];
	v[2] = NULL;
	if (m->has_until) {
		qk_date_format(m->until, date);
		v[2] = date;
	}
}

/* A derived <item> or <material>: the attributes that have a value, in
 * their order. */
static void write_derived(struct qk_writer *w, const char *name,
    const char *const *names, const char *const *v, int n)
{
	int i;

	qk_write_open(w, 2, name);
	for (i = 0; i < n; i++)
		attr_opt(w, names[i], v[i]);
	qk_write_open_end(w, 0);
}

static void write_item(struct qk_writer *w, const struct qk_ritem *it)
{
	const char *v[QK_ITEM_NATTR];
	char date[11];

	qk_case_item_values(it, date, v);
	write_derived(w, "item", qk_case_item_attr, v, QK_ITEM_NATTR);
}

static void write_material(struct qk_writer *w, const struct qk_rmat *m)
{
	const char *v[QK_MAT_NATTR];
	char date[11];

	qk_case_mat_values(m, date, v);
	write_derived(w, "material", qk_case_mat_attr, v, QK_MAT_NATTR);
}

/* The correction notice of a case whose event 2 is a correction. */
static void write_correction_notice(struct qk_writer *w,
    const struct qk_node *corr, const struct qk_catalog *cat)
{
	const struct qk_node *m;
	int any = 0;

	for (m = qk_child(corr, QK_material); m != NULL; m = qk_next(m, QK_material))
		any |= qk_is(m, QK_status, "missing");
	qk_write_open(w, 2, "notice");
	qk_write_attr(w, "kind", "correction");
	qk_write_open_end(w, any);
	if (!any)
		return;
	for (m = qk_child(corr, QK_material); m != NULL; m = qk_next(m, QK_material)) {
		const char *code = qk_get_raw(m, QK_code);

		if (!qk_is(m, QK_status, "missing"))
			continue;
		qk_write_open(w, 3, "missing");
		qk_write_attr(w, "material", code != NULL ? code : "");
		qk_write_attr(w, "name", code != NULL ? qk_catalog_material_name(cat, code) : "");
		qk_write_open_end(w, 0);
	}
	qk_write_close(w, 2, "notice");
}

static void write_refusal_notice(struct qk_writer *w, const struct qk_node *ref)
{
	const char *reason = qk_get_raw(ref, QK_reason), *note = qk_get(ref, QK_note);
	const char *text = note != NULL ? note : qk_refusal_label(reason);

	qk_write_open(w, 2, "notice");
	qk_write_attr(w, "kind", "refusal");
	qk_write_attr(w, "reason", reason != NULL ? reason : "");
	/* Text that is only white space is not written (formats.md,
	 * Output bytes). */
	if (text != NULL && text[strspn(text, " \t\n\r")] != '\0')
		qk_write_text_close(w, "notice", text);
	else
		qk_write_open_end(w, 0);
}

const struct qk_node *qk_case_correction_notice(const struct qk_replay *r)
{
	const struct qk_node *e2 = qk_replay_event2(r);

	if (e2 != NULL && qk_is(e2, QK_type, "correction") && qk_replay_event_legal(r, 1))
		return e2;
	return NULL;
}

const struct qk_node *qk_case_refusal_notice(const struct qk_replay *r)
{
	return qk_replay_refused(r);
}

static void write_notices(struct qk_writer *w, const struct qk_replay *r,
    const struct qk_catalog *cat)
{
	const struct qk_node *corr = qk_case_correction_notice(r);
	const struct qk_node *ref = qk_case_refusal_notice(r);

	if (corr != NULL)
		write_correction_notice(w, corr, cat);
	if (ref != NULL)
		write_refusal_notice(w, ref);
}

/* The place of attribute atom a in the order (atoms, QK_NONE-ended): its
 * index when listed, then the extensions, then h when it goes last. */
static int attr_rank(int a, const int *order, int h_last)
{
	int k;

	for (k = 0; order[k] != QK_NONE; k++)
		if (order[k] == a && a != QK_NONE)
			return k;
	return h_last && a == QK_h ? k + 1 : k;
}

static const int sealed_item[] = { QK_code, QK_dept, QK_mode, QK_legal,
    QK_promised, QK_window, QK_extend, QK_after, QK_NONE };
static const int sealed_mat[] = { QK_code, QK_status, QK_blocking, QK_until,
    QK_NONE };

/* attr_rank as tables, made once for every thread: of each event type
 * (seq, type, its own attributes, at, by; h last), of a sealed item and
 * of a sealed material.  No rank exceeds RANK_MAX. */
#define RANK_MAX 9
static unsigned char event_rank[QK_EV_CLOSED + 1][QK_NATOMS];
static unsigned char item_rank[QK_NATOMS], mat_rank[QK_NATOMS];
static pthread_once_t ranks_once = PTHREAD_ONCE_INIT;

static void make_ranks(void)
{
	int order[8], t, a, n, k, own;

	for (t = 0; t <= QK_EV_CLOSED; t++) {
		n = 0;
		order[n++] = QK_seq;
		order[n++] = QK_type;
		for (k = 0; (own = qk_event_own_attr(t, k)) != QK_NONE; k++)
			order[n++] = own;
		order[n++] = QK_at;
		order[n++] = QK_by;
		order[n] = QK_NONE;
		for (a = 0; a < QK_NATOMS; a++)
			event_rank[t][a] = (unsigned char)attr_rank(a, order, 1);
	}
	for (a = 0; a < QK_NATOMS; a++) {
		item_rank[a] = (unsigned char)attr_rank(a, sealed_item, 0);
		mat_rank[a] = (unsigned char)attr_rank(a, sealed_mat, 0);
	}
}

/* 1 when n's attributes already come in rank order (as every tool writes
 * them), so that n is written as it is. */
static int attrs_in_order(const struct qk_node *n, const unsigned char *rank)
{
	int i, prev = 0;

	for (i = 0; i < n->nattr; i++) {
		if (rank[n->attr[i].atom] < prev)
			return 0;
		prev = rank[n->attr[i].atom];
	}
	return 1;
}

/* The rank table of a sealed fact, or NULL for another child of an event. */
static const unsigned char *sealed_rank(const struct qk_node *c)
{
	return c->atom == QK_item ? item_rank : c->atom == QK_material ? mat_rank : NULL;
}

static int in_order(const struct qk_node *ev, const unsigned char *rank)
{
	const struct qk_node *c;

	if (!attrs_in_order(ev, rank))
		return 0;
	for (c = ev->child; c != NULL; c = c->next)
		if (sealed_rank(c) != NULL && !attrs_in_order(c, sealed_rank(c)))
			return 0;
	return 1;
}

/* Writes n at depth with its attributes in rank order (equal ranks, the
 * extensions, in input order); a sealed fact among its children likewise,
 * any other child as read. */
static void write_ranked(struct qk_writer *w, int depth,
    const struct qk_node *n, const unsigned char *rank)
{
	const struct qk_node *c;
	int r, i;

	qk_write_open(w, depth, n->name);
	for (r = 0; r <= RANK_MAX; r++)
		for (i = 0; i < n->nattr; i++)
			if (rank[n->attr[i].atom] == r)
				qk_write_attr(w, n->attr[i].name, n->attr[i].value);
	if (n->child == NULL) {
		qk_write_open_end(w, 0);
		return;
	}
	qk_write_open_end(w, 1);
	for (c = n->child; c != NULL; c = c->next)
		if (sealed_rank(c) != NULL)
			write_ranked(w, depth + 1, c, sealed_rank(c));
		else
			qk_write_node(w, depth + 1, c);
	qk_write_close(w, depth, n->name);
}

/*
 * An event is made by a tool, not copied (formats.md, Output bytes 5):
 * seq, type, the type's own attributes, at, by, then the extensions in
 * input order, h last; its sealed facts likewise; other children (kept
 * extension elements) as read.  An event written so already comes out as
 * it was read.
 */
static void write_event(struct qk_writer *w, const struct qk_node *ev)
{
	const unsigned char *rank;

	pthread_once(&ranks_once, make_ranks);
	rank = event_rank[qk_evtype(qk_get_raw(ev, QK_type))];
	if (in_order(ev, rank))
		qk_write_node(w, 2, ev);
	else
		write_ranked(w, 2, ev, rank);
}

void qk_case_write(struct qk_writer *w, const struct qk_node *c,
    const struct qk_replay *r, const struct qk_catalog *cat)
{
	const struct qk_node *app = qk_child(c, QK_application), *n;
	int i;

	write_case_tag(w, c, app, r);
	qk_write_node(w, 2, app);
	for (i = 0; i < qk_replay_nitems(r); i++)
		write_item(w, qk_replay_item(r, i));
	for (i = 0; i < qk_replay_nmats(r); i++)
		write_material(w, qk_replay_mat(r, i));
	write_notices(w, r, cat);
	for (n = qk_child(c, QK_event); n != NULL; n = qk_next(n, QK_event))
		write_event(w, n);
	for (n = c->child; n != NULL; n = n->next)
		if (n->atom != QK_application && n->atom != QK_event &&
		    !derived_child(n))
			qk_write_node(w, 2, n);
	qk_write_close(w, 1, "case");
}
