#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cal.h"
#include "deadline.h"
#include "case.h"
#include "catalog.h"
#include "chain.h"
#include "date.h"
#include "idno.h"
#include "idset.h"
#include "keyset.h"
#include "node.h"
#include "replay.h"
#include "roster.h"
#include "value.h"

/* One event of the case being audited, with the replay's verdict on it
 * and the attributes the rules read, looked up once. */
struct ev {
	const struct qk_node *e;
	struct qk_evcheck c;	/* c.type is the event's type */
	const char *seq;	/* as written ("" included), or NULL */
	const char *by, *item;	/* as qk_get() reads them */
	int ext_bad;		/* an extended that extension-invalid reports */
};

/* An event's place in seq order: "then by seq" (rules.md) orders by the
 * numeric value of seq, its position when it is not an integer, ties by
 * position. */
struct seqkey {
	long key;
	int pos;		/* 0-based position in document order */
};

struct qk_audit {
	struct qk_cal *cal;
	const struct qk_catalog *cat;
	const struct qk_roster *roster;
	struct qk_audit_opts o;
	struct qk_replay *r;
	struct qk_idset *ids;
	struct qk_keyset *keys;
	/* Per atom: its position among the derived item or material
	 * attributes (state-mismatch), or -1. */
	signed char item_pos[QK_NATOMS], mat_pos[QK_NATOMS];
	/* The case being audited. */
	const struct qk_node *c, *app;
	const char *id, *site, *staff;
	int withdrawn;		/* a legal withdrawn event */
	struct ev *ev;
	struct seqkey *order;	/* the events by seq */
	int nev, capev, caporder;
	int *ext_first;		/* per item: the first extension-invalid event */
	int capitems;
	const char **seen;	/* codes already reported (unknown-item) */
	const struct qk_node **kids;	/* record children of one kind */
	unsigned char *mark;	/* record children already matched */
	int capseen, capkids, capmark;
	int rule;		/* the rule running */
	int local;		/* the whole-input rules left to the caller */
	qk_finding_fn *fn;
	void *arg;
	int failed;
	/* Open items' latest due, for calendar-ends. */
	int has_open;
	long open_due;
};

typedef void rule_fn(struct qk_audit *);

struct rule {
	struct qk_audit_rule r;
	rule_fn *fn;
};

static rule_fn r_overdue, r_due_soon, r_decided_late, r_deferred_overdue,
    r_correction_stale, r_ready_not_issued, r_bad_rating_open,
    r_suspension_long, r_chain_broken, r_seq_gap, r_time_backwards,
    r_illegal_transition, r_state_mismatch, r_separation_of_duties,
    r_decider_not_in_dept, r_first_responsible_missing,
    r_agent_unregistered, r_unknown_item, r_unknown_staff,
    r_refusal_without_reason, r_notice_incomplete, r_extension_invalid,
    r_idno_invalid, r_duplicate_id, r_duplicate_application;

#define E QK_SEV_ERROR
#define W QK_SEV_WARNING
#define I QK_SEV_INFO

/* rules.md's tables, in their order: case rules, the calendar rule, the
 * catalog rules, the roster rules. */
static const struct rule rules[] = {
	{ { "overdue", E, "逾期", QK_RULE_CASE }, r_overdue },
	{ { "due-soon", W, "临近到期", QK_RULE_CASE }, r_due_soon },
	{ { "decided-late", I, "超期办结", QK_RULE_CASE }, r_decided_late },
	{ { "deferred-overdue", W, "容缺材料逾期未补", QK_RULE_CASE }, r_deferred_overdue },
	{ { "correction-stale", I, "补正久未办结", QK_RULE_CASE }, r_correction_stale },
	{ { "ready-not-issued", W, "办结未出件", QK_RULE_CASE }, r_ready_not_issued },
	{ { "bad-rating-open", W, "差评未整改", QK_RULE_CASE }, r_bad_rating_open },
	{ { "suspension-long", W, "中止时间过长", QK_RULE_CASE }, r_suspension_long },
	{ { "chain-broken", E, "哈希链断裂", QK_RULE_CASE }, r_chain_broken },
	{ { "seq-gap", E, "序号不连续", QK_RULE_CASE }, r_seq_gap },
	{ { "time-backwards", E, "时间倒流", QK_RULE_CASE }, r_time_backwards },
	{ { "illegal-transition", E, "非法流转", QK_RULE_CASE }, r_illegal_transition },
	{ { "state-mismatch", E, "派生状态不符", QK_RULE_CASE }, r_state_mismatch },
	{ { "separation-of-duties", E, "受审未分离", QK_RULE_CASE }, r_separation_of_duties },
	{ { "decider-not-in-dept", W, "审批人不属于本部门", QK_RULE_CASE }, r_decider_not_in_dept },
	{ { "first-responsible-missing", E, "首问责任人缺失", QK_RULE_CASE }, r_first_responsible_missing },
	{ { "agent-unregistered", E, "代办员未登记", QK_RULE_CASE }, r_agent_unregistered },
	{ { "unknown-item", E, "事项未知", QK_RULE_CASE }, r_unknown_item },
	{ { "unknown-staff", W, "人员未知", QK_RULE_CASE }, r_unknown_staff },
	{ { "refusal-without-reason", E, "不予受理无理由", QK_RULE_CASE }, r_refusal_without_reason },
	{ { "notice-incomplete", E, "一次性告知不全", QK_RULE_CASE }, r_notice_incomplete },
	{ { "extension-invalid", E, "延期不合规", QK_RULE_CASE }, r_extension_invalid },
	{ { "idno-invalid", E, "证件号码无效", QK_RULE_CASE }, r_idno_invalid },
	{ { "duplicate-id", E, "案件编号重复", QK_RULE_CASE }, r_duplicate_id },
	{ { "duplicate-application", W, "重复申请", QK_RULE_CASE }, r_duplicate_application },
	{ { "case-malformed", E, "案件记录残缺", QK_RULE_CASE }, NULL },
	{ { "calendar-ends", W, "工作日历即将到期", QK_RULE_CALENDAR }, NULL },
	{ { "guide-missing-field", E, "办事指南要素缺失", QK_RULE_CATALOG }, NULL },
	{ { "guide-vague", E, "办事指南用语模糊", QK_RULE_CATALOG }, NULL },
	{ { "limit-inconsistent", E, "时限不一致", QK_RULE_CATALOG }, NULL },
	{ { "ref-unknown", E, "引用未知", QK_RULE_CATALOG }, NULL },
	{ { "prerequisite-invalid", E, "前置事项无效", QK_RULE_CATALOG }, NULL },
	{ { "duplicate-code", E, "编码重复", QK_RULE_CATALOG }, NULL },
	{ { "agents-too-few", E, "代办员不足", QK_RULE_ROSTER }, NULL },
	{ { "window-staff-too-few", W, "全科窗口人员不足", QK_RULE_ROSTER }, NULL },
	{ { "site-unknown", E, "站点未知", QK_RULE_ROSTER }, NULL },
};

#undef E
#undef W
#undef I

#define NRULES ((int)(sizeof rules / sizeof rules[0]))
#define RULE_DUPLICATE_ID 23
#define RULE_DUPLICATE_APP 24
#define RULE_MALFORMED 25
#define RULE_CALENDAR 26

/* The five tool names, which are not staff (unknown-staff). */
static const char *const tools[] = {
	"qk-intake", "qk-route", "qk-audit", "qk-report", "qk-pack", NULL
};

int qk_audit_nrules(void)
{
	return NRULES;
}

const struct qk_audit_rule *qk_audit_rule_at(int i)
{
	return i >= 0 && i < NRULES ? &rules[i].r : NULL;
}

int qk_audit_rule_find(const char *id)
{
	int i;

	for (i = 0; i < NRULES; i++)
		if (strcmp(rules[i].r.id, id) == 0)
			return i;
	return -1;
}

const char *qk_severity_name(int severity)
{
	static const char *const names[] = { "error", "warning", "info" };

	return severity >= 0 && severity <= QK_SEV_INFO ? names[severity] : "";
}

struct qk_audit *qk_audit_new(struct qk_cal *cal, const struct qk_catalog *cat,
    const struct qk_roster *roster, const struct qk_audit_opts *o)
{
	struct qk_audit *a = calloc(1, sizeof *a);
	int i;

	if (a == NULL)
		return NULL;
	a->cal = cal;
	a->cat = cat;
	a->roster = roster;
	a->o = *o;
	a->r = qk_replay_new(cal);
	a->ids = qk_idset_new();
	a->keys = qk_keyset_new();
	if (a->r == NULL || a->ids == NULL || a->keys == NULL) {
		qk_audit_free(a);
		return NULL;
	}
	memset(a->item_pos, -1, sizeof a->item_pos);
	memset(a->mat_pos, -1, sizeof a->mat_pos);
	for (i = 0; i < QK_ITEM_NATTR; i++)
		a->item_pos[qk_atom(qk_case_item_attr[i], strlen(qk_case_item_attr[i]))] = (signed char)i;
	for (i = 0; i < QK_MAT_NATTR; i++)
		a->mat_pos[qk_atom(qk_case_mat_attr[i], strlen(qk_case_mat_attr[i]))] = (signed char)i;
	return a;
}

void qk_audit_free(struct qk_audit *a)
{
	if (a == NULL)
		return;
	qk_replay_free(a->r);
	qk_idset_free(a->ids);
	qk_keyset_free(a->keys);
	free(a->ev);
	free(a->order);
	free(a->ext_first);
	free(a->seen);
	free(a->kids);
	free(a->mark);
	free(a);
}

/* ---- Helpers ---- */

/* realloc to at least n elements of size, doubling; -1 when memory runs
 * out (the audit is then failed). */
static int reserve(struct qk_audit *a, void **p, int *cap, int n, size_t size)
{
	int c = *cap < 16 ? 16 : *cap;
	void *q;

	if (n <= *cap && *p != NULL)	/* even for n == 0: no NULL + 0 */
		return 0;
	while (c < n)
		c *= 2;
	if ((q = realloc(*p, (size_t)c * size)) == NULL) {
		a->failed = 1;
		return -1;
	}
	*p = q;
	*cap = c;
	return 0;
}

/* A finding of the running rule with the case attributes. */
static void start(const struct qk_audit *a, struct qk_finding *f)
{
	memset(f, 0, sizeof *f);
	f->rule = rules[a->rule].r.id;
	f->severity = rules[a->rule].r.severity;
	f->v[QK_F_CASE] = a->id;
	f->v[QK_F_SITE] = a->site;
	f->v[QK_F_STAFF] = a->staff;
}

/* The same for an item rule: also item and dept from the sealed facts. */
static void start_item(const struct qk_audit *a, struct qk_finding *f,
    const struct qk_ritem *it)
{
	start(a, f);
	f->v[QK_F_ITEM] = it->code != NULL ? it->code : "";
	f->v[QK_F_DEPT] = it->dept;
}

static void emit(struct qk_audit *a, const struct qk_finding *f)
{
	a->fn(a->arg, f);
}

static long W(struct qk_audit *a, long from, long to)
{
	return qk_cal_between(a->cal, from, to);
}

/* date(at) of an event: 0 when its at is missing or malformed. */
static int event_day(const struct qk_node *e, long *day)
{
	struct qk_time t;
	const char *at = e != NULL ? qk_get(e, QK_at) : NULL;

	if (at == NULL || qk_time_parse(at, &t) != 0)
		return 0;
	*day = t.day;
	return 1;
}

/* An item finding with due and days (the red and yellow cards). */
static void emit_due_days(struct qk_audit *a, const struct qk_ritem *it,
    long days)
{
	struct qk_finding f;
	char due[11], d[24];

	start_item(a, &f, it);
	qk_date_format(it->due, due);
	snprintf(d, sizeof d, "%ld", days);
	f.v[QK_F_DUE] = due;
	f.v[QK_F_DAYS] = d;
	emit(a, &f);
}

/* A finding with days: of item it, or of the case when it is NULL. */
static void emit_item_days(struct qk_audit *a, const struct qk_ritem *it,
    long days)
{
	struct qk_finding f;
	char d[24];

	if (it != NULL)
		start_item(a, &f, it);
	else
		start(a, &f);
	snprintf(d, sizeof d, "%ld", days);
	f.v[QK_F_DAYS] = d;
	emit(a, &f);
}

/* A finding with seq (an event's seq attribute as written; none when
 * absent). */
static void emit_seq(struct qk_audit *a, const struct ev *v)
{
	struct qk_finding f;

	start(a, &f);
	f.v[QK_F_SEQ] = v->seq;
	emit(a, &f);
}

/* ---- The deadline rules (never on a withdrawn case) ---- */

/* The items on the card kind (the red or yellow cards, lib/deadline.c:
 * the same lateness qk-report's overdue-now and briefing count). */
static void cards(struct qk_audit *a, int kind)
{
	int i;
	long days;

	for (i = 0; i < qk_replay_nitems(a->r); i++)
		if (qk_deadline_item(a->r, i, a->cal, a->o.as_of, a->o.warn, &days) == kind)
			emit_due_days(a, qk_replay_item(a->r, i), days);
}

static void r_overdue(struct qk_audit *a)
{
	cards(a, QK_DL_OVERDUE);
}

static void r_due_soon(struct qk_audit *a)
{
	cards(a, QK_DL_DUE_SOON);
}

static void r_decided_late(struct qk_audit *a)
{
	int i;

	for (i = 0; !a->withdrawn && i < qk_replay_nitems(a->r); i++) {
		const struct qk_ritem *it = qk_replay_item(a->r, i);

		if (it->state == QK_IT_DECIDED && it->has_due &&
		    it->decided_day > it->due)
			emit_due_days(a, it, W(a, it->due, it->decided_day));
	}
}

static void r_deferred_overdue(struct qk_audit *a)
{
	int i;

	for (i = 0; !a->withdrawn && i < qk_replay_nmats(a->r); i++) {
		const struct qk_rmat *m = qk_replay_mat(a->r, i);
		struct qk_finding f;
		char until[11];

		if (m->status != QK_MS_DEFERRED || !m->has_until ||
		    a->o.as_of <= m->until)
			continue;
		start(a, &f);
		qk_date_format(m->until, until);
		f.v[QK_F_MATERIAL] = m->code;
		f.v[QK_F_UNTIL] = until;
		emit(a, &f);
	}
}

static void r_suspension_long(struct qk_audit *a)
{
	int i;

	for (i = 0; !a->withdrawn && i < qk_replay_nitems(a->r); i++) {
		const struct qk_ritem *it = qk_replay_item(a->r, i);
		long days;

		if (it->state == QK_IT_ROUTED && it->suspended &&
		    (days = W(a, it->susp_day, a->o.as_of)) > 30)
			emit_item_days(a, it, days);
	}
}

/* ---- Other time rules ---- */

static void r_correction_stale(struct qk_audit *a)
{
	long day, days;

	if (qk_replay_state(a->r) != QK_ST_CORRECTION || a->nev == 0 ||
	    !event_day(a->ev[a->nev - 1].e, &day))
		return;
	if ((days = W(a, day, a->o.as_of)) >= 20)
		emit_item_days(a, NULL, days);
}

static void r_ready_not_issued(struct qk_audit *a)
{
	long day, days;

	if (qk_replay_state(a->r) != QK_ST_READY ||
	    !event_day(qk_replay_ready(a->r), &day))
		return;
	if ((days = W(a, day, a->o.as_of)) > 5)
		emit_item_days(a, NULL, days);
}

static void r_bad_rating_open(struct qk_audit *a)
{
	const struct qk_node *rated = qk_replay_rated(a->r);
	struct qk_finding f;
	char d[24], s[24];
	long score, day, days;

	if (rated == NULL || qk_replay_rectified(a->r) ||
	    !qk_value_uint(qk_get(rated, QK_score), &score) || score > 2 ||
	    !event_day(rated, &day) ||
	    (days = W(a, day, a->o.as_of)) <= a->o.rectify_days)
		return;
	start(a, &f);
	snprintf(d, sizeof d, "%ld", days);
	snprintf(s, sizeof s, "%ld", score);
	f.v[QK_F_SEQ] = qk_get_raw(rated, QK_seq);
	f.v[QK_F_SCORE] = s;
	f.v[QK_F_DAYS] = d;
	emit(a, &f);
}

/* ---- Tamper evidence ---- */

static void r_chain_broken(struct qk_audit *a)
{
	int bad = qk_chain_verify(a->c, NULL, NULL);

	if (bad >= 0 && bad < a->nev)
		emit_seq(a, &a->ev[bad]);
}

/* 1 when s is n written in decimal, as "%d" writes it (n >= 1). */
static int is_decimal(const char *s, int n)
{
	char buf[24], *p = buf + sizeof buf - 1;

	*p = '\0';
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	return strcmp(s, p) == 0;
}

static void r_seq_gap(struct qk_audit *a)
{
	struct qk_finding f;
	int i;

	for (i = 0; i < a->nev; i++) {
		const char *seq = a->ev[i].seq;

		if (seq != NULL && is_decimal(seq, i + 1))
			continue;
		start(a, &f);
		f.v[QK_F_SEQ] = seq != NULL ? seq : "";
		emit(a, &f);
		return;
	}
}

/* ---- Events ---- */

static void r_time_backwards(struct qk_audit *a)
{
	int i;

	for (i = 0; i < a->nev; i++)
		if (a->ev[a->order[i].pos].c.backwards)
			emit_seq(a, &a->ev[a->order[i].pos]);
}

/* A refused event without reason (refusal-without-reason). */
static int refusal_without_reason(const struct ev *v)
{
	return v->c.type == QK_EV_REFUSED && qk_get(v->e, QK_reason) == NULL;
}

static void r_illegal_transition(struct qk_audit *a)
{
	int i;

	for (i = 0; i < a->nev; i++) {
		const struct ev *v = &a->ev[a->order[i].pos];

		if (v->c.verdict != QK_LEGAL && !v->c.backwards &&
		    !refusal_without_reason(v) && !v->ext_bad)
			emit_seq(a, v);
	}
}

static void r_refusal_without_reason(struct qk_audit *a)
{
	int i;

	for (i = 0; i < a->nev; i++)
		if (refusal_without_reason(&a->ev[a->order[i].pos]))
			emit_seq(a, &a->ev[a->order[i].pos]);
}

static int is_tool(const char *by)
{
	int i;

	for (i = 0; tools[i] != NULL; i++)
		if (strcmp(by, tools[i]) == 0)
			return 1;
	return 0;
}

static void r_unknown_staff(struct qk_audit *a)
{
	struct qk_finding f;
	int i;

	for (i = 0; i < a->nev; i++) {
		const struct ev *v = &a->ev[a->order[i].pos];
		const char *by = v->by;

		if (by == NULL && v->c.type == QK_EV_RATED)
			continue;
		if (by != NULL && (qk_roster_known(a->roster, by) || is_tool(by)))
			continue;
		start(a, &f);
		f.v[QK_F_SEQ] = v->seq;
		f.v[QK_F_STAFF] = by != NULL ? by : "";
		emit(a, &f);
	}
}

/* ---- state-mismatch ---- */

static void mismatch(struct qk_audit *a, int which, const char *code,
    const char *attr, const char *expected, const char *found)
{
	struct qk_finding f;

	start(a, &f);
	if (which != QK_F_N)
		f.v[which] = code;
	f.v[QK_F_ATTR] = attr;
	f.v[QK_F_EXPECTED] = expected;
	f.v[QK_F_FOUND] = found;
	emit(a, &f);
}

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* Compares one attribute literally (absent reads as empty). */
static void compare(struct qk_audit *a, int which, const char *code,
    const char *attr, const char *expected, const char *found)
{
	if (strcmp(or_empty(expected), or_empty(found)) != 0)
		mismatch(a, which, code, attr, or_empty(expected), or_empty(found));
}

/* The first child of c with atom and code not yet matched, or -1. */
static int match_child(struct qk_audit *a, const struct qk_node *const *kids,
    int n, const char *code)
{
	int i;

	for (i = 0; i < n; i++)
		if (!a->mark[i] && strcmp(or_empty(qk_get_raw(kids[i], QK_code)),
		    or_empty(code)) == 0) {
			a->mark[i] = 1;
			return i;
		}
	return -1;
}

/* The derived children of one kind (item or material) as found, into
 * a->kids, none matched yet. */
static int found_children(struct qk_audit *a, int atom)
{
	const struct qk_node *n;
	int count = 0;

	for (n = qk_child(a->c, atom); n != NULL; n = qk_next(n, atom)) {
		if (reserve(a, (void **)&a->kids, &a->capkids, count + 1, sizeof *a->kids) < 0)
			return 0;
		a->kids[count++] = n;
	}
	if (reserve(a, (void **)&a->mark, &a->capmark, count, 1) < 0)
		return 0;
	memset(a->mark, 0, (size_t)count);
	return count;
}

/* One kind of derived child (item or material): how the replay gives it. */
struct derived_kind {
	int atom, field;		/* QK_item, QK_F_ITEM … */
	const char *name;		/* "item" */
	int nattr;
	const char *const *attr;	/* its attributes, formats.md's order */
	int (*count)(const struct qk_replay *);
	const char *(*values)(const struct qk_replay *, int i, char date[11],
	    const char **v);	/* fills v, returns the code */
};

static const char *item_values(const struct qk_replay *r, int i, char date[11],
    const char **v)
{
	const struct qk_ritem *it = qk_replay_item(r, i);

	qk_case_item_values(it, date, v);
	return it->code;
}

static const char *mat_values(const struct qk_replay *r, int i, char date[11],
    const char **v)
{
	const struct qk_rmat *m = qk_replay_mat(r, i);

	qk_case_mat_values(m, date, v);
	return m->code;
}

static const struct derived_kind item_kind = {
	QK_item, QK_F_ITEM, "item", QK_ITEM_NATTR, qk_case_item_attr,
	qk_replay_nitems, item_values
};
static const struct derived_kind mat_kind = {
	QK_material, QK_F_MATERIAL, "material", QK_MAT_NATTR, qk_case_mat_attr,
	qk_replay_nmats, mat_values
};

/* The values of n's attributes of a kind by their position in it (pos),
 * in one pass: the first of each, as qk_get_raw() finds it. */
static void found_values(const struct qk_node *n, const signed char *pos,
    const char **v, int nattr)
{
	int i;

	for (i = 0; i < nattr; i++)
		v[i] = NULL;
	for (i = 0; i < n->nattr; i++) {
		int x = pos[n->attr[i].atom];

		if (x >= 0 && v[x] == NULL)
			v[x] = n->attr[i].value;
	}
}

/* Each of the replay's children of kind k (presence, then attributes, by
 * their positions pos), then those found only in the record. */
static void mismatch_children(struct qk_audit *a, const struct derived_kind *k,
    const signed char *pos)
{
	int n = found_children(a, k->atom), i, j, x;
	const struct qk_node *const *kids = a->kids;

	if (a->failed)
		return;
	for (i = 0; i < k->count(a->r); i++) {
		/* Sized for the larger kind. */
		const char *v[QK_ITEM_NATTR], *found[QK_ITEM_NATTR], *code;
		char date[11];

		code = k->values(a->r, i, date, v);
		if ((j = match_child(a, kids, n, code)) < 0) {
			mismatch(a, k->field, or_empty(code), k->name, "yes", "no");
			continue;
		}
		found_values(kids[j], pos, found, k->nattr);
		for (x = 0; x < k->nattr; x++)
			compare(a, k->field, or_empty(code), k->attr[x], v[x], found[x]);
	}
	for (j = 0; j < n; j++)
		if (!a->mark[j])
			mismatch(a, k->field, or_empty(qk_get_raw(kids[j], QK_code)),
			    k->name, "no", "yes");
}

static void mismatch_items(struct qk_audit *a)
{
	mismatch_children(a, &item_kind, a->item_pos);
}

static void mismatch_materials(struct qk_audit *a)
{
	mismatch_children(a, &mat_kind, a->mat_pos);
}

/* 1 when some <missing> of a notice of this kind names code. */
static int found_missing(const struct qk_node *c, const char *kind,
    const char *code)
{
	const struct qk_node *n, *m;

	for (n = qk_child(c, QK_notice); n != NULL; n = qk_next(n, QK_notice)) {
		if (!qk_is(n, QK_kind, kind))
			continue;
		for (m = qk_child(n, QK_missing); m != NULL; m = qk_next(m, QK_missing))
			if (strcmp(or_empty(qk_get_raw(m, QK_material)), code) == 0)
				return 1;
	}
	return 0;
}

/* 1 when the correction event e marks code missing. */
static int marks_missing(const struct qk_node *e, const char *code)
{
	const struct qk_node *m;

	for (m = qk_child(e, QK_material); m != NULL; m = qk_next(m, QK_material))
		if (qk_is(m, QK_status, "missing") &&
		    strcmp(or_empty(qk_get_raw(m, QK_code)), code) == 0)
			return 1;
	return 0;
}

/* 1 when the notices of a kind as found match the expected one: present
 * alike, same reason, same set of missing materials (those the
 * correction event corr marks missing; none without it). */
static int notice_matches(const struct qk_node *c, const char *kind,
    int expected, const char *reason, const struct qk_node *corr)
{
	const struct qk_node *n, *first = NULL, *m;

	for (n = qk_child(c, QK_notice); n != NULL && first == NULL; n = qk_next(n, QK_notice))
		if (qk_is(n, QK_kind, kind))
			first = n;
	if ((first != NULL) != expected)
		return 0;
	if (first == NULL)
		return 1;
	if (strcmp(or_empty(reason), or_empty(qk_get_raw(first, QK_reason))) != 0)
		return 0;
	for (n = first; n != NULL; n = qk_next(n, QK_notice)) {
		if (!qk_is(n, QK_kind, kind))
			continue;
		for (m = qk_child(n, QK_missing); m != NULL; m = qk_next(m, QK_missing))
			if (corr == NULL || !marks_missing(corr, or_empty(qk_get_raw(m, QK_material))))
				return 0;
	}
	for (m = corr != NULL ? qk_child(corr, QK_material) : NULL; m != NULL;
	    m = qk_next(m, QK_material))
		if (qk_is(m, QK_status, "missing") &&
		    !found_missing(c, kind, or_empty(qk_get_raw(m, QK_code))))
			return 0;
	return 1;
}

/* 1 when an earlier notice than n has the same kind. */
static int kind_seen_before(const struct qk_node *c, const struct qk_node *n)
{
	const struct qk_node *p;
	const char *kind = or_empty(qk_get_raw(n, QK_kind));

	for (p = qk_child(c, QK_notice); p != n; p = qk_next(p, QK_notice))
		if (qk_is(p, QK_kind, kind))
			return 1;
	return 0;
}

static void mismatch_notices(struct qk_audit *a)
{
	const struct qk_node *corr = qk_case_correction_notice(a->r);
	const struct qk_node *ref = qk_case_refusal_notice(a->r), *n;

	if (!notice_matches(a->c, "correction", corr != NULL, NULL, corr))
		mismatch(a, QK_F_N, NULL, "notice", NULL, NULL);
	if (!notice_matches(a->c, "refusal", ref != NULL,
	    ref != NULL ? qk_get_raw(ref, QK_reason) : NULL, NULL))
		mismatch(a, QK_F_N, NULL, "notice", NULL, NULL);
	for (n = qk_child(a->c, QK_notice); n != NULL; n = qk_next(n, QK_notice))
		if (!qk_is(n, QK_kind, "correction") && !qk_is(n, QK_kind, "refusal") &&
		    !kind_seen_before(a->c, n))
			mismatch(a, QK_F_N, NULL, "notice", NULL, NULL);
}

static void r_state_mismatch(struct qk_audit *a)
{
	const char *state, *due;
	char date[11];

	qk_case_state_values(a->r, date, &state, &due);
	compare(a, QK_F_N, NULL, "state", state, qk_get_raw(a->c, QK_state));
	compare(a, QK_F_N, NULL, "due", due, qk_get_raw(a->c, QK_due));
	mismatch_items(a);
	mismatch_materials(a);
	mismatch_notices(a);
}

/* ---- Duties and people ---- */

static void emit_decider(struct qk_audit *a, const struct qk_ritem *it)
{
	struct qk_finding f;

	start_item(a, &f, it);
	f.v[QK_F_DECIDER] = it->decided_by;
	emit(a, &f);
}

static void r_separation_of_duties(struct qk_audit *a)
{
	const struct qk_node *acc = qk_replay_accepted(a->r);
	const char *acceptor = acc != NULL ? qk_get(acc, QK_by) : NULL;
	int i;

	for (i = 0; acceptor != NULL && i < qk_replay_nitems(a->r); i++) {
		const struct qk_ritem *it = qk_replay_item(a->r, i);

		if (it->state == QK_IT_DECIDED && !it->window &&
		    it->decided_by != NULL && strcmp(it->decided_by, acceptor) == 0)
			emit_decider(a, it);
	}
}

static void r_decider_not_in_dept(struct qk_audit *a)
{
	int i;

	for (i = 0; i < qk_replay_nitems(a->r); i++) {
		const struct qk_ritem *it = qk_replay_item(a->r, i);

		if (it->state == QK_IT_DECIDED && !it->window &&
		    !qk_roster_in_dept(a->roster, it->decided_by, it->dept))
			emit_decider(a, it);
	}
}

static void r_first_responsible_missing(struct qk_audit *a)
{
	const char *by = a->nev >= 2 ? a->ev[1].by : NULL;
	struct qk_finding f;

	if (by != NULL && qk_roster_has_role(a->roster, by, QK_ROLE_WINDOW))
		return;
	start(a, &f);
	emit(a, &f);
}

static void r_agent_unregistered(struct qk_audit *a)
{
	const char *agent = qk_get(a->app, QK_agent);
	struct qk_finding f;
	struct qk_time t;
	long reg;

	if (!qk_is(a->app, QK_channel, "agent"))
		return;
	if (agent != NULL && qk_roster_has_role(a->roster, agent, QK_ROLE_AGENT) &&
	    qk_roster_registered(a->roster, agent, &reg) &&
	    qk_time_parse(or_empty(qk_get(a->app, QK_received)), &t) == 0 &&
	    reg <= t.day)
		return;
	start(a, &f);
	emit(a, &f);
}

/* ---- Items, materials, notices, extensions ---- */

/* The last accepted or correction event in document order, legal or
 * not: the sealed facts unknown-item takes. */
static const struct qk_node *last_sealed(const struct qk_audit *a)
{
	int i;

	for (i = a->nev - 1; i >= 0; i--)
		if (a->ev[i].c.type == QK_EV_ACCEPTED ||
		    a->ev[i].c.type == QK_EV_CORRECTION)
			return a->ev[i].e;
	return NULL;
}

static int sealed_has(const struct qk_node *sealed, const char *code)
{
	const struct qk_node *s;

	for (s = sealed != NULL ? qk_child(sealed, QK_item) : NULL; s != NULL;
	    s = qk_next(s, QK_item))
		if (qk_is(s, QK_code, code))
			return 1;
	return 0;
}

/* Reports code once per case (unknown-item is one per code). */
static void unknown_item(struct qk_audit *a, const char *code, int *nseen)
{
	struct qk_finding f;
	int i;

	for (i = 0; i < *nseen; i++)
		if (strcmp(a->seen[i], code) == 0)
			return;
	if (reserve(a, (void **)&a->seen, &a->capseen, *nseen + 1, sizeof *a->seen) < 0)
		return;
	a->seen[(*nseen)++] = code;
	start(a, &f);
	f.v[QK_F_ITEM] = code;
	emit(a, &f);
}

static void r_unknown_item(struct qk_audit *a)
{
	const struct qk_node *sealed = last_sealed(a), *q;
	int i, nseen = 0;

	if (qk_replay_refused(a->r) == NULL)
		for (q = qk_child(a->app, QK_request); q != NULL; q = qk_next(q, QK_request)) {
			const char *code = qk_get(q, QK_item);

			if (code != NULL && qk_catalog_item(a->cat, code) == NULL &&
			    !sealed_has(sealed, code))
				unknown_item(a, code, &nseen);
		}
	for (i = 0; i < a->nev; i++) {
		const char *code = a->ev[a->order[i].pos].item;

		if (code != NULL && !sealed_has(sealed, code))
			unknown_item(a, code, &nseen);
	}
}

/* One finding for a material the correction marks missing, unless a
 * correction notice lists it. */
static void notice_lacks(struct qk_audit *a, const char *code)
{
	struct qk_finding f;

	if (found_missing(a->c, "correction", code))
		return;
	start(a, &f);
	f.v[QK_F_MATERIAL] = code;
	emit(a, &f);
}

/* 1 when code is one of the case's materials (the replay's). */
static int case_material(const struct qk_audit *a, const char *code)
{
	int i;

	for (i = 0; i < qk_replay_nmats(a->r); i++)
		if (strcmp(or_empty(qk_replay_mat(a->r, i)->code), code) == 0)
			return 1;
	return 0;
}

/* In the case's material order (tools.md, Order), then the materials the
 * case no longer has, in the correction event's order. */
static void r_notice_incomplete(struct qk_audit *a)
{
	const struct qk_node *corr = NULL, *m;
	int i;

	for (i = 0; i < a->nev && corr == NULL; i++)
		if (a->ev[i].c.type == QK_EV_CORRECTION)
			corr = a->ev[i].e;
	if (corr == NULL)
		return;
	for (i = 0; i < qk_replay_nmats(a->r); i++) {
		const char *code = or_empty(qk_replay_mat(a->r, i)->code);

		if (marks_missing(corr, code))
			notice_lacks(a, code);
	}
	for (m = qk_child(corr, QK_material); m != NULL;
	    m = qk_next(m, QK_material)) {
		const char *code = or_empty(qk_get_raw(m, QK_code));

		if (qk_is(m, QK_status, "missing") && !case_material(a, code))
			notice_lacks(a, code);
	}
}

static void r_extension_invalid(struct qk_audit *a)
{
	struct qk_finding f;
	int i;

	for (i = 0; i < qk_replay_nitems(a->r); i++) {
		if (a->ext_first[i] < 0)
			continue;
		start_item(a, &f, qk_replay_item(a->r, i));
		f.v[QK_F_SEQ] = a->ev[a->ext_first[i]].seq;
		emit(a, &f);
	}
}

static void r_idno_invalid(struct qk_audit *a)
{
	const struct qk_node *p = qk_child(a->app, QK_applicant);
	const char *idno = p != NULL ? qk_get(p, QK_idno) : NULL;
	struct qk_finding f;

	if (idno != NULL && qk_idno_check(qk_get(p, QK_kind), qk_get(p, QK_idtype),
	    idno) == 1)
		return;
	start(a, &f);
	emit(a, &f);
}

/* ---- Whole-input rules ---- */

/* The finding of a set's add that found the key already there (0); -1
 * is out of memory. */
static void emit_if_seen(struct qk_audit *a, int added)
{
	struct qk_finding f;

	if (added < 0)
		a->failed = 1;
	if (added != 0)
		return;
	start(a, &f);
	emit(a, &f);
}

static void r_duplicate_id(struct qk_audit *a)
{
	emit_if_seen(a, qk_idset_add(a->ids, a->id));
}

/* The key of an application: site, ref (as strings, each NUL-ended) and
 * received as an instant, zigzag LEB128 (5 bytes for this century's). */
static void duplicate_application(struct qk_audit *a, const char *site,
    const char *ref, const char *received)
{
	size_t ls = strlen(site) + 1, lr, n;
	struct qk_time t;
	char small[256], *key = small;
	uint64_t z;
	int r;

	if (ref == NULL || qk_time_parse(or_empty(received), &t) != 0)
		return;
	lr = strlen(ref) + 1;
	if (ls + lr + 10 > sizeof small && (key = malloc(ls + lr + 10)) == NULL) {
		a->failed = 1;
		return;
	}
	memcpy(key, site, ls);
	memcpy(key + ls, ref, lr);
	n = ls + lr;
	z = (uint64_t)t.instant << 1 ^ (uint64_t)(t.instant < 0 ? -1 : 0);
	for (; z >= 0x80; z >>= 7)
		key[n++] = (char)(z | 0x80);
	key[n++] = (char)z;
	r = qk_keyset_add(a->keys, key, n);
	if (key != small)
		free(key);
	emit_if_seen(a, r);
}

static void r_duplicate_application(struct qk_audit *a)
{
	duplicate_application(a, or_empty(qk_get_raw(a->app, QK_site)),
	    qk_get(a->app, QK_ref), qk_get(a->app, QK_received));
}

/* ---- The run over one case ---- */

static int cmp_seq(const void *x, const void *y)
{
	const struct seqkey *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->pos - b->pos;
}

/* Events mostly come in seq order already, and a case has a handful: an
 * insertion sort then does one comparison per event.  A long case goes
 * to qsort, which keeps a hostile order from costing n * n. */
static void sort_by_seq(struct seqkey *k, int n)
{
	int i, j;

	if (n > 32) {
		qsort(k, (size_t)n, sizeof *k, cmp_seq);
		return;
	}
	for (i = 1; i < n; i++) {
		struct seqkey x = k[i];

		for (j = i; j > 0 && cmp_seq(&x, &k[j - 1]) < 0; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

/* Marks the extended events extension-invalid reports and each item's
 * first one: a second extended naming the item (legal or not), days not
 * an integer >= 1, or days above the sealed extend. */
static void judge_extensions(struct qk_audit *a)
{
	int n = qk_replay_nitems(a->r), i, k;
	int *count;

	if (reserve(a, (void **)&a->ext_first, &a->capitems, 2 * n, sizeof *a->ext_first) < 0)
		return;
	count = a->ext_first + n;
	for (k = 0; k < n; k++)
		a->ext_first[k] = -1, count[k] = 0;
	for (i = 0; i < a->nev; i++) {
		const struct ev *v = &a->ev[i];
		long days;

		if (v->c.type != QK_EV_EXTENDED ||
		    (k = qk_replay_item_index(a->r, v->item)) < 0)
			continue;
		a->ev[i].ext_bad = count[k]++ > 0 ||
		    !qk_value_uint(qk_get(v->e, QK_days), &days) || days < 1 ||
		    days > qk_replay_item(a->r, k)->extend;
		if (a->ev[i].ext_bad && a->ext_first[k] < 0)
			a->ext_first[k] = i;
	}
}

/* seq, by and item of an event in one pass over its attributes: the first
 * of each, as qk_get_raw() finds it; by and item empty read as absent. */
static void read_event(struct ev *x, const struct qk_node *e)
{
	int i, seen = 0;

	x->seq = x->by = x->item = NULL;
	for (i = 0; i < e->nattr && seen != 7; i++) {
		const struct qk_attr *at = &e->attr[i];

		if (at->atom == QK_seq && !(seen & 1))
			x->seq = at->value, seen |= 1;
		else if (at->atom == QK_by && !(seen & 2))
			x->by = at->value, seen |= 2;
		else if (at->atom == QK_item && !(seen & 4))
			x->item = at->value, seen |= 4;
	}
	if (x->by != NULL && *x->by == '\0')
		x->by = NULL;
	if (x->item != NULL && *x->item == '\0')
		x->item = NULL;
}

/* Replays the case event by event, keeping the replay's verdict on each,
 * and orders the events by seq. */
static int replay(struct qk_audit *a)
{
	const struct qk_node *e;
	int n = 0;
	long v;

	for (e = qk_child(a->c, QK_event); e != NULL; e = qk_next(e, QK_event))
		n++;
	if (reserve(a, (void **)&a->ev, &a->capev, n, sizeof *a->ev) < 0)
		return -1;
	if (reserve(a, (void **)&a->order, &a->caporder, n, sizeof *a->order) < 0)
		return -1;
	qk_replay_begin(a->r, a->app);
	a->nev = 0;
	for (e = qk_child(a->c, QK_event); e != NULL; e = qk_next(e, QK_event)) {
		struct ev *x = &a->ev[a->nev];

		x->e = e;
		x->ext_bad = 0;
		read_event(x, e);
		qk_replay_step(a->r, e, &x->c);
		a->order[a->nev].key = qk_value_uint(x->seq, &v) ? v : a->nev + 1;
		a->order[a->nev].pos = a->nev;
		a->nev++;
	}
	sort_by_seq(a->order, a->nev);
	if (qk_replay_failed(a->r))
		a->failed = 1;
	return a->failed ? -1 : 0;
}

/* The first responsible: the non-empty by of event 2, else the
 * application's staff. */
static const char *first_responsible(const struct qk_node *c,
    const struct qk_node *app)
{
	const struct qk_node *e = qk_child(c, QK_event);
	const char *by = e != NULL && (e = qk_next(e, QK_event)) != NULL ?
	    qk_get(e, QK_by) : NULL;

	if (by != NULL)
		return by;
	return app != NULL ? qk_get(app, QK_staff) : NULL;
}

/* Keeps the latest due of the case's open items (calendar-ends). */
static void note_open(struct qk_audit *a)
{
	int st = qk_replay_state(a->r), i;

	for (i = 0; i < qk_replay_nitems(a->r); i++) {
		const struct qk_ritem *it = qk_replay_item(a->r, i);
		long d;

		if (it->state == QK_IT_ROUTED && it->has_due)
			d = it->due;
		else if (it->state == QK_IT_WAITING && it->has_p &&
		    (st == QK_ST_ACCEPTED || st == QK_ST_IN_PROGRESS))
			d = it->p;
		else
			continue;
		if (!a->has_open || d > a->open_due)
			a->open_due = d;
		a->has_open = 1;
	}
}

int qk_audit_case(struct qk_audit *a, const struct qk_node *c,
    qk_finding_fn *fn, void *arg)
{
	struct qk_finding f;

	a->c = c;
	a->app = qk_child(c, QK_application);
	a->id = qk_get(c, QK_id);	/* id="" is no id (case-malformed) */
	a->site = a->app != NULL ? qk_get(a->app, QK_site) : NULL;
	a->staff = first_responsible(c, a->app);
	a->fn = fn;
	a->arg = arg;
	a->failed = 0;
	if (qk_case_malformed(c)) {
		a->rule = RULE_MALFORMED;
		if (a->o.enabled[RULE_MALFORMED]) {
			start(a, &f);
			emit(a, &f);
		}
		return 0;
	}
	if (replay(a) < 0)
		return -1;
	a->withdrawn = qk_replay_withdrawn(a->r) != NULL;
	judge_extensions(a);
	for (a->rule = 0; a->rule < RULE_MALFORMED && !a->failed; a->rule++)
		if (a->o.enabled[a->rule] && !(a->local && a->rule >= RULE_DUPLICATE_ID))
			rules[a->rule].fn(a);
	if (a->o.enabled[RULE_CALENDAR])
		note_open(a);
	return a->failed ? -1 : 1;
}

int qk_audit_case_local(struct qk_audit *a, const struct qk_node *c,
    qk_finding_fn *fn, void *arg, struct qk_audit_key *key)
{
	int r;

	a->local = 1;
	r = qk_audit_case(a, c, fn, arg);
	a->local = 0;
	memset(key, 0, sizeof *key);
	key->audited = r == 1;
	if (r != 1)
		return r;
	key->id = a->id;
	key->site = a->site;
	key->staff = a->staff;
	key->app_site = or_empty(qk_get_raw(a->app, QK_site));
	key->ref = qk_get(a->app, QK_ref);
	key->received = qk_get(a->app, QK_received);
	return r;
}

int qk_audit_case_whole(struct qk_audit *a, const struct qk_audit_key *key,
    qk_finding_fn *fn, void *arg)
{
	a->c = a->app = NULL;
	a->id = key->id;
	a->site = key->site;
	a->staff = key->staff;
	a->fn = fn;
	a->arg = arg;
	a->failed = 0;
	a->rule = RULE_DUPLICATE_ID;
	if (a->o.enabled[RULE_DUPLICATE_ID])
		r_duplicate_id(a);
	a->rule = RULE_DUPLICATE_APP;
	if (a->o.enabled[RULE_DUPLICATE_APP] && !a->failed)
		duplicate_application(a, or_empty(key->app_site), key->ref,
		    key->received);
	return a->failed ? -1 : 0;
}

void qk_audit_merge_open(struct qk_audit *to, const struct qk_audit *from)
{
	if (from->has_open && (!to->has_open || from->open_due > to->open_due))
		to->open_due = from->open_due;
	to->has_open |= from->has_open;
}

void qk_audit_calendar(struct qk_audit *a, qk_finding_fn *fn, void *arg)
{
	struct qk_finding f;
	long from, to;
	char tobuf[11], duebuf[11];
	int late;

	if (!a->o.enabled[RULE_CALENDAR] || qk_cal_coverage(a->cal, &from, &to) < 0)
		return;
	late = a->has_open && a->open_due > to;
	if (to > a->o.as_of + 30 && !late)
		return;
	memset(&f, 0, sizeof f);
	f.rule = rules[RULE_CALENDAR].r.id;
	f.severity = rules[RULE_CALENDAR].r.severity;
	qk_date_format(to, tobuf);
	f.v[QK_F_TO] = tobuf;
	if (late) {
		qk_date_format(a->open_due, duebuf);
		f.v[QK_F_DUE] = duebuf;
	}
	fn(arg, &f);
}
