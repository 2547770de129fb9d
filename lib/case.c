#include <string.h>

#include "case.h"
#include "catalog.h"
#include "date.h"
#include "intake.h"
#include "node.h"
#include "replay.h"
#include "writer.h"

int qk_case_derived_child(const struct qk_node *n)
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

static void attr_date(struct qk_writer *w, const char *name, long day)
{
	char buf[11];

	qk_date_format(day, buf);
	qk_write_attr(w, name, buf);
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
	long due;
	int i;

	qk_write_open(w, 1, "case");
	attr_opt(w, "id", qk_get_raw(c, QK_id));
	attr_opt(w, "site", qk_get(app, QK_site));
	attr_opt(w, "staff", qk_get(app, QK_staff));
	attr_opt(w, "channel", qk_get(app, QK_channel));
	attr_opt(w, "received", qk_get(app, QK_received));
	qk_write_attr(w, "state", qk_state_name(qk_replay_state(r)));
	if (qk_replay_due(r, &due))
		attr_date(w, "due", due);
	for (i = 0; i < c->nattr; i++)
		if (!defined_case_attr(c->attr[i].atom))
			qk_write_attr(w, c->attr[i].name, c->attr[i].value);
	qk_write_open_end(w, 1);
}

static void write_item(struct qk_writer *w, const struct qk_ritem *it)
{
	static const char *const states[] = { "waiting", "routed", "decided", "cancelled" };

	qk_write_open(w, 2, "item");
	attr_opt(w, "code", it->code);
	attr_opt(w, "dept", it->dept);
	attr_opt(w, "mode", it->mode);
	attr_opt(w, "legal", it->legal);
	attr_opt(w, "promised", it->promised);
	qk_write_attr(w, "state", states[it->state]);
	if (it->state == QK_IT_DECIDED)
		qk_write_attr(w, "outcome", it->approved ? "approved" : "rejected");
	if (it->has_due)
		attr_date(w, "due", it->due);
	attr_opt(w, "after", it->after);
	if (it->suspended)
		qk_write_attr(w, "suspended", "yes");
	if (it->window)
		qk_write_attr(w, "window", "yes");
	qk_write_open_end(w, 0);
}

static void write_material(struct qk_writer *w, const struct qk_rmat *m)
{
	static const char *const status[] = { "provided", "missing", "deferred", "supplied" };

	qk_write_open(w, 2, "material");
	qk_write_attr(w, "code", m->code);
	qk_write_attr(w, "status", status[m->status]);
	if (m->has_until)
		attr_date(w, "until", m->until);
	qk_write_open_end(w, 0);
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
	if (text != NULL)
		qk_write_text_close(w, "notice", text, strlen(text));
	else
		qk_write_open_end(w, 0);
}

static void write_notices(struct qk_writer *w, const struct qk_replay *r,
    const struct qk_catalog *cat)
{
	const struct qk_node *e2 = qk_replay_event2(r);

	if (e2 != NULL && qk_is(e2, QK_type, "correction") && qk_replay_event_legal(r, 1))
		write_correction_notice(w, e2, cat);
	/* Kept whatever the state after (closed, rated), as the applicant
	 * keeps the paper. */
	if (qk_replay_refused(r) != NULL)
		write_refusal_notice(w, qk_replay_refused(r));
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
		qk_write_node(w, 2, n);
	for (n = c->child; n != NULL; n = n->next)
		if (n->atom != QK_application && n->atom != QK_event &&
		    !qk_case_derived_child(n))
			qk_write_node(w, 2, n);
	qk_write_close(w, 1, "case");
}
