#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "catalog.h"
#include "date.h"
#include "deadline.h"
#include "kpi.h"
#include "map.h"
#include "node.h"
#include "replay.h"
#include "value.h"

struct kindset {
	struct qk_kgroup **g;
	size_t n, cap;
	struct qk_map *map;
	int sorted;
};

struct qk_kpi {
	struct qk_kgroup all;
	struct kindset k[QK_K_N];
};

static const char *const case_counters[QK_KC_N] = {
	"received", "accepted", "deferred", "correction", "refused",
	"withdrawn", "accepted-after-correction", "online", "immediate",
	"non-face-to-face", "issued", "items-decided", "items-on-time",
	"overdue-now", "ready", "ratings", "rating-1", "rating-2", "rating-3",
	"rating-4", "rating-5", "bad-ratings", "rectified", "good-ratings",
	"skipped"
};

static const char *const dept_counters[QK_KD_N] = {
	"items", "decided", "approved", "rejected", "cancelled",
	"items-decided", "items-on-time", "overdue-now"
};

static const char *const kind_names[QK_K_N] = {
	"all", "site", "dept", "staff", "agent"
};

struct qk_kpi *qk_kpi_new(void)
{
	struct qk_kpi *k = calloc(1, sizeof *k);
	int i;

	if (k == NULL)
		return NULL;
	k->all.kind = QK_K_ALL;
	k->all.key = "";
	for (i = 1; i < QK_K_N; i++)
		if ((k->k[i].map = qk_map_new()) == NULL) {
			qk_kpi_free(k);
			return NULL;
		}
	return k;
}

void qk_kpi_free(struct qk_kpi *k)
{
	size_t j;
	int i;

	if (k == NULL)
		return;
	free(k->all.bins);
	for (i = 1; i < QK_K_N; i++) {
		for (j = 0; j < k->k[i].n; j++) {
			free(k->k[i].g[j]->bins);
			free(k->k[i].g[j]);
		}
		free(k->k[i].g);
		qk_map_free(k->k[i].map);
	}
	free(k);
}

/* The group of a key, made on first use; NULL when memory ran out. */
static struct qk_kgroup *group_get(struct qk_kpi *k, int kind, const char *key)
{
	struct kindset *ks = &k->k[kind];
	struct qk_kgroup *g;

	if (kind == QK_K_ALL)
		return &k->all;
	g = qk_map_get(ks->map, key);
	if (g != NULL)
		return g;
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 16;
		struct qk_kgroup **p = realloc(ks->g, cap * sizeof *p);

		if (p == NULL)
			return NULL;
		ks->g = p;
		ks->cap = cap;
	}
	if ((g = calloc(1, sizeof *g)) == NULL)
		return NULL;
	if (qk_map_put(ks->map, key, g) < 0) {
		free(g);
		return NULL;
	}
	g->kind = kind;
	g->key = qk_map_key(ks->map, key);
	ks->g[ks->n++] = g;
	ks->sorted = 0;
	return g;
}

/* Adds count values of days to the histogram.  0 or -1. */
static int bin_add(struct qk_kgroup *g, long days, unsigned long long count)
{
	size_t lo = 0, hi = g->nbins;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->bins[mid].days < days)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->nbins && g->bins[lo].days == days) {
		g->bins[lo].count += count;
		return 0;
	}
	if (g->nbins == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 8;
		struct qk_kbin *p = realloc(g->bins, cap * sizeof *p);

		if (p == NULL)
			return -1;
		g->bins = p;
		g->cap = cap;
	}
	memmove(g->bins + lo + 1, g->bins + lo, (g->nbins - lo) * sizeof *g->bins);
	g->bins[lo].days = days;
	g->bins[lo].count = count;
	g->nbins++;
	return 0;
}

void qk_kpi_skip(struct qk_kpi *k)
{
	k->all.c[QK_KC_SKIPPED]++;
}

/* date(at) of an event, or -1 when its at is malformed or absent. */
static long event_day(const struct qk_node *e)
{
	struct qk_time t;
	const char *at = e != NULL ? qk_get(e, QK_at) : NULL;

	if (at == NULL || qk_time_parse(at, &t) < 0)
		return -1;
	return t.day;
}

int qk_kpi_replay(struct qk_replay *r, const struct qk_node *casenode,
    long as_of)
{
	const struct qk_node *app = qk_child(casenode, QK_application), *e;
	struct qk_time t;
	const char *at;

	if (app == NULL)
		return -1;
	qk_replay_begin(r, app);
	for (e = qk_child(casenode, QK_event); e != NULL; e = qk_next(e, QK_event)) {
		at = qk_get(e, QK_at);
		if (at != NULL && qk_time_parse(at, &t) == 0 && t.day > as_of)
			continue;
		qk_replay_step(r, e, NULL);
	}
	return qk_replay_failed(r) ? -1 : 0;
}

/* The facts of one replayed case that the case groups count. */
struct casefacts {
	unsigned long long c[QK_KC_N];
	int has_ready_days;
	long ready_days;
};

static int event_type(const struct qk_node *e)
{
	return e != NULL ? qk_evtype(qk_get(e, QK_type) ? qk_get(e, QK_type) : "") : QK_EV_UNKNOWN;
}

static int marks_deferred(const struct qk_node *accepted)
{
	const struct qk_node *m;

	for (m = qk_child(accepted, QK_material); m != NULL; m = qk_next(m, QK_material))
		if (qk_is(m, QK_status, "deferred"))
			return 1;
	return 0;
}

/* Every item not cancelled decided by S(accepted@at), and one at least. */
static int immediate(const struct qk_replay *r)
{
	long s;
	int i, n = qk_replay_nitems(r), kept = 0;

	if (qk_replay_accepted(r) == NULL || !qk_replay_start_day(r, &s))
		return 0;
	for (i = 0; i < n; i++) {
		const struct qk_ritem *it = qk_replay_item(r, i);

		if (it->state == QK_IT_CANCELLED)
			continue;
		if (it->state != QK_IT_DECIDED || it->decided_day > s)
			return 0;
		kept++;
	}
	return kept > 0;
}

static int on_time(const struct qk_ritem *it)
{
	return it->state == QK_IT_DECIDED && it->has_due && it->decided_day <= it->due;
}

static void count_items(struct casefacts *f, const struct qk_replay *r,
    struct qk_cal *cal, long as_of)
{
	int i, n = qk_replay_nitems(r);
	long days;

	for (i = 0; i < n; i++) {
		const struct qk_ritem *it = qk_replay_item(r, i);

		if (it->state == QK_IT_DECIDED) {
			f->c[QK_KC_ITEMS_DECIDED]++;
			f->c[QK_KC_ITEMS_ON_TIME] += on_time(it);
		}
		if (qk_deadline_item(r, i, cal, as_of, 0, &days) == QK_DL_OVERDUE)
			f->c[QK_KC_OVERDUE_NOW]++;
	}
}

static void count_rating(struct casefacts *f, const struct qk_replay *r)
{
	const struct qk_node *rated = qk_replay_rated(r);
	long score;

	if (rated == NULL || !qk_value_uint(qk_get(rated, QK_score), &score) ||
	    score < 1 || score > 5)
		return;
	f->c[QK_KC_RATINGS]++;
	f->c[QK_KC_RATING1 + score - 1]++;
	if (score <= 2) {
		f->c[QK_KC_BAD]++;
		f->c[QK_KC_RECTIFIED] += qk_replay_rectified(r) != 0;
	}
	if (score >= 4)
		f->c[QK_KC_GOOD]++;
}

static void case_facts(struct casefacts *f, const struct qk_node *app,
    const struct qk_replay *r, struct qk_cal *cal, long as_of)
{
	const struct qk_node *ev2 = qk_replay_event2(r), *issued;
	int type2 = event_type(ev2);
	const char *channel = qk_get(app, QK_channel);
	int remote = channel != NULL && (!strcmp(channel, "online") || !strcmp(channel, "post"));
	long s, ready;

	memset(f, 0, sizeof *f);
	f->c[QK_KC_RECEIVED] = 1;
	f->c[QK_KC_ACCEPTED] = type2 == QK_EV_ACCEPTED;
	f->c[QK_KC_DEFERRED] = type2 == QK_EV_ACCEPTED && marks_deferred(ev2);
	f->c[QK_KC_CORRECTION] = type2 == QK_EV_CORRECTION;
	f->c[QK_KC_REFUSED] = qk_replay_refused(r) != NULL;
	f->c[QK_KC_WITHDRAWN] = qk_replay_withdrawn(r) != NULL;
	f->c[QK_KC_AAC] = type2 == QK_EV_CORRECTION && qk_replay_accepted(r) != NULL;
	f->c[QK_KC_ONLINE] = channel != NULL && !strcmp(channel, "online");
	f->c[QK_KC_IMMEDIATE] = immediate(r);
	issued = qk_replay_issued(r);
	f->c[QK_KC_ISSUED] = issued != NULL;
	f->c[QK_KC_NFTF] = issued != NULL && remote && !qk_is(issued, QK_method, "window");
	count_items(f, r, cal, as_of);
	if (qk_replay_ready(r) != NULL) {
		f->c[QK_KC_READY] = 1;
		ready = event_day(qk_replay_ready(r));
		if (ready >= 0 && qk_replay_start_day(r, &s)) {
			f->has_ready_days = 1;
			f->ready_days = qk_cal_between(cal, s, ready);
		}
	}
	count_rating(f, r);
}

static int add_facts(struct qk_kpi *k, int kind, const char *key,
    const struct casefacts *f)
{
	struct qk_kgroup *g = group_get(k, kind, key);
	int i;

	if (g == NULL)
		return -1;
	for (i = 0; i < QK_KC_SKIPPED; i++)
		g->c[i] += f->c[i];
	return f->has_ready_days ? bin_add(g, f->ready_days, 1) : 0;
}

/* The department counters of the items of a case with an accepted event. */
static int add_depts(struct qk_kpi *k, const struct qk_replay *r,
    struct qk_cal *cal, long as_of)
{
	int i, n = qk_replay_nitems(r);
	long days;

	if (qk_replay_accepted(r) == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		const struct qk_ritem *it = qk_replay_item(r, i);
		struct qk_kgroup *g = group_get(k, QK_K_DEPT, it->dept ? it->dept : "");

		if (g == NULL)
			return -1;
		g->c[QK_KD_ITEMS]++;
		if (it->state == QK_IT_DECIDED) {
			g->c[QK_KD_DECIDED]++;
			g->c[it->approved ? QK_KD_APPROVED : QK_KD_REJECTED]++;
			g->c[QK_KD_ITEMS_DECIDED]++;
			g->c[QK_KD_ITEMS_ON_TIME] += on_time(it);
		}
		if (it->state == QK_IT_CANCELLED)
			g->c[QK_KD_CANCELLED]++;
		if (qk_deadline_item(r, i, cal, as_of, 0, &days) == QK_DL_OVERDUE)
			g->c[QK_KD_OVERDUE_NOW]++;
	}
	return 0;
}

/* The first responsible (rules.md, Reading the rules exactly). */
const char *qk_kpi_first_responsible(const struct qk_replay *r,
    const struct qk_node *app)
{
	const struct qk_node *ev2 = qk_replay_event2(r);
	const char *by = ev2 != NULL ? qk_get(ev2, QK_by) : NULL;

	if (by == NULL)
		by = qk_get(app, QK_staff);
	return by != NULL ? by : "";
}

int qk_kpi_add_case(struct qk_kpi *k, struct qk_replay *r, struct qk_cal *cal,
    const struct qk_node *casenode, long from, long to, long as_of)
{
	const struct qk_node *app = qk_child(casenode, QK_application);
	const char *received = app != NULL ? qk_get(app, QK_received) : NULL;
	const char *site, *agent;
	struct casefacts f;
	struct qk_time t;

	if (received == NULL || qk_time_parse(received, &t) < 0) {
		qk_kpi_skip(k);
		return 2;
	}
	if ((from >= 0 && t.day < from) || (to >= 0 && t.day > to) || t.day > as_of)
		return 0;
	if (qk_kpi_replay(r, casenode, as_of) < 0)
		return -1;
	case_facts(&f, app, r, cal, as_of);
	site = qk_get(app, QK_site);
	agent = qk_is(app, QK_channel, "agent") ? qk_get(app, QK_agent) : NULL;
	if (add_facts(k, QK_K_ALL, "", &f) < 0 ||
	    add_facts(k, QK_K_SITE, site ? site : "", &f) < 0 ||
	    add_facts(k, QK_K_STAFF, qk_kpi_first_responsible(r, app), &f) < 0 ||
	    (agent != NULL && add_facts(k, QK_K_AGENT, agent, &f) < 0) ||
	    add_depts(k, r, cal, as_of) < 0)
		return -1;
	return 1;
}

/* ---- Partials ---- */

const char *qk_kpi_counter_name(int kind, int i)
{
	return kind == QK_K_DEPT ? dept_counters[i] : case_counters[i];
}

int qk_kpi_ncounters(int kind)
{
	if (kind == QK_K_DEPT)
		return QK_KD_N;
	return kind == QK_K_ALL ? QK_KC_N : QK_KC_SKIPPED;
}

/* An integer of formats.md that fits 64 bits. */
static int parse_count(const char *s, unsigned long long *v)
{
	unsigned long long x = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || x > (~0ULL - 9) / 10)
			return 0;
		x = x * 10 + (unsigned)(*s - '0');
	}
	*v = x;
	return 1;
}

static int counter_index(int kind, const char *name)
{
	int i, n = qk_kpi_ncounters(kind);

	for (i = 0; i < n; i++)
		if (!strcmp(qk_kpi_counter_name(kind, i), name))
			return i;
	return -1;
}

static int merge_histogram(struct qk_kgroup *g, const struct qk_node *h,
    char *err, size_t errlen)
{
	const struct qk_node *b;
	unsigned long long days, count;

	for (b = qk_child(h, QK_bin); b != NULL; b = qk_next(b, QK_bin)) {
		if (!parse_count(qk_get(b, QK_days), &days) || days > 100000000 ||
		    !parse_count(qk_get(b, QK_count), &count)) {
			snprintf(err, errlen, "histogram bin without integer days and count");
			return -1;
		}
		if (count > 0 && g != NULL && bin_add(g, (long)days, count) < 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int qk_kpi_merge_group(struct qk_kpi *k, const struct qk_node *group,
    char *err, size_t errlen)
{
	const char *kindname = qk_get(group, QK_kind), *key = qk_get_raw(group, QK_key);
	const struct qk_node *c;
	struct qk_kgroup *g = NULL;
	unsigned long long v, vals[QK_KC_N] = { 0 };
	int kind, i;

	for (kind = 0; kind < QK_K_N; kind++)
		if (kindname != NULL && !strcmp(kindname, kind_names[kind]))
			break;
	if (kind == QK_K_N || (kind != QK_K_ALL && key == NULL)) {
		snprintf(err, errlen, "group without a known kind and its key");
		return -1;
	}
	for (c = qk_child(group, QK_counter); c != NULL; c = qk_next(c, QK_counter)) {
		if (!parse_count(qk_get(c, QK_value), &v)) {
			snprintf(err, errlen, "counter '%s' without an integer value",
			    qk_get(c, QK_name) ? qk_get(c, QK_name) : "");
			return -1;
		}
		i = qk_get(c, QK_name) != NULL ? counter_index(kind, qk_get(c, QK_name)) : -1;
		if (i >= 0)
			vals[i] += v;
	}
	/* A key without a case (without an item, for a department) has no
	 * row (rules.md, Tables): its group adds nothing, its bins are only
	 * checked. QK_KC_RECEIVED and QK_KD_ITEMS are both counter 0. */
	if ((kind == QK_K_ALL || vals[0] > 0) &&
	    (g = group_get(k, kind, kind == QK_K_ALL ? "" : key)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; g != NULL && i < QK_KC_N; i++)
		g->c[i] += vals[i];
	c = qk_child(group, QK_histogram);
	if (kind != QK_K_DEPT && c != NULL)
		return merge_histogram(g, c, err, errlen);
	return 0;
}

/* Adds the counters and bins of g to those of its key in k. */
static int merge_one(struct qk_kpi *k, const struct qk_kgroup *g)
{
	struct qk_kgroup *to = group_get(k, g->kind, g->key);
	size_t b;
	int i;

	if (to == NULL)
		return -1;
	for (i = 0; i < QK_KC_N; i++)
		to->c[i] += g->c[i];
	for (b = 0; b < g->nbins; b++)
		if (bin_add(to, g->bins[b].days, g->bins[b].count) < 0)
			return -1;
	return 0;
}

int qk_kpi_merge(struct qk_kpi *to, const struct qk_kpi *from)
{
	size_t j;
	int kind;

	if (merge_one(to, &from->all) < 0)
		return -1;
	for (kind = 1; kind < QK_K_N; kind++)
		for (j = 0; j < from->k[kind].n; j++)
			if (merge_one(to, from->k[kind].g[j]) < 0)
				return -1;
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp((*(struct qk_kgroup *const *)a)->key,
	    (*(struct qk_kgroup *const *)b)->key);
}

size_t qk_kpi_ngroups(struct qk_kpi *k, int kind)
{
	struct kindset *ks = &k->k[kind];

	if (kind == QK_K_ALL)
		return 1;
	if (!ks->sorted) {
		if (ks->n > 1)
			qsort(ks->g, ks->n, sizeof *ks->g, cmp_group);
		ks->sorted = 1;
	}
	return ks->n;
}

const struct qk_kgroup *qk_kpi_group(struct qk_kpi *k, int kind, size_t i)
{
	if (kind == QK_K_ALL)
		return &k->all;
	qk_kpi_ngroups(k, kind);
	return k->k[kind].g[i];
}

/* ---- Numbers ---- */

/* floor(a / b) for b > 0. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The next decimal of r / d (0 <= r < d): *digit = floor(10 r / d);
 * returns 10 r mod d, without forming 10 r. */
static unsigned long long next_digit(unsigned long long r, unsigned long long d,
    int *digit)
{
	unsigned long long acc = 0;
	int i;

	*digit = 0;
	for (i = 0; i < 10; i++) {
		if (acc >= d - r) {
			acc -= d - r;
			(*digit)++;
		} else {
			acc += r;
		}
	}
	return acc;
}

void qk_kpi_decimal4(long long num, long long den, char *out)
{
	/* num / den = i + r / den with 0 <= r < den; four decimals f of
	 * r / den by long division, then half up on the rest (a tie toward
	 * +inf): no product that could overflow, whatever num and den. */
	long long i = floor_div(num, den), rem = num % den;
	unsigned long long r = (unsigned long long)(rem < 0 ? rem + den : rem);
	int k, digit, f = 0;

	for (k = 0; k < 4; k++) {
		r = next_digit(r, (unsigned long long)den, &digit);
		f = f * 10 + digit;
	}
	if (r >= (unsigned long long)den - r)
		f++;
	if (f == 10000) {
		i++;
		f = 0;
	}
	/* f < 10000 here; "% 10000" says so to the compiler */
	if (i >= 0)
		snprintf(out, 32, "%lld.%04d", i, f % 10000);
	else if (f == 0)
		snprintf(out, 32, "-%llu.0000", 0ULL - (unsigned long long)i);
	else	/* i + f / 10000 = -((-i - 1) + (10000 - f) / 10000) */
		snprintf(out, 32, "-%llu.%04d", 0ULL - (unsigned long long)(i + 1),
		    (10000 - f) % 10000);
}

int qk_kpi_rank(const struct qk_kgroup *g, int pct, long *v)
{
	unsigned long long n = 0, need, seen = 0;
	size_t i;

	for (i = 0; i < g->nbins; i++)
		n += g->bins[i].count;
	if (n == 0)
		return 0;
	need = (n * (unsigned)pct + 99) / 100;
	for (i = 0; i < g->nbins; i++) {
		seen += g->bins[i].count;
		if (seen >= need) {
			*v = g->bins[i].days;
			return 1;
		}
	}
	return 0;
}

/* ---- Metrics ---- */

enum { NONE = -1 };

struct mdef {
	const char *name;
	int kind;		/* enum qk_mkind */
	int a, b, c;		/* count: a; ratio: a / (b + c); rank: a = pct */
};

#define COUNT(n, i) { n, QK_M_COUNT, i, NONE, NONE }
#define RATIO(n, a, b) { n, QK_M_RATIO, a, b, NONE }

/* The counts of the front desk, first in both tables. */
#define INTAKE_COUNTS \
	COUNT("received", QK_KC_RECEIVED), \
	COUNT("accepted", QK_KC_ACCEPTED), \
	COUNT("deferred", QK_KC_DEFERRED), \
	COUNT("correction", QK_KC_CORRECTION), \
	COUNT("refused", QK_KC_REFUSED), \
	COUNT("withdrawn", QK_KC_WITHDRAWN), \
	COUNT("accepted-after-correction", QK_KC_AAC)

static const struct mdef cases_metrics[] = {
	INTAKE_COUNTS,
	RATIO("on-time-rate", QK_KC_ITEMS_ON_TIME, QK_KC_ITEMS_DECIDED),
	{ "immediate-rate", QK_M_RATIO, QK_KC_IMMEDIATE, QK_KC_ACCEPTED, QK_KC_AAC },
	RATIO("non-face-to-face-rate", QK_KC_NFTF, QK_KC_ISSUED),
	RATIO("online-rate", QK_KC_ONLINE, QK_KC_RECEIVED),
	COUNT("ready", QK_KC_READY),
	{ "days-to-ready-mean", QK_M_MEAN, NONE, NONE, NONE },
	{ "days-to-ready-median", QK_M_RANK, 50, NONE, NONE },
	{ "days-to-ready-p90", QK_M_RANK, 90, NONE, NONE },
	COUNT("overdue-now", QK_KC_OVERDUE_NOW),
	COUNT("ratings", QK_KC_RATINGS),
	COUNT("rating-1", QK_KC_RATING1),
	COUNT("rating-2", QK_KC_RATING2),
	COUNT("rating-3", QK_KC_RATING3),
	COUNT("rating-4", QK_KC_RATING4),
	COUNT("rating-5", QK_KC_RATING5),
	COUNT("bad-ratings", QK_KC_BAD),
	COUNT("rectified", QK_KC_RECTIFIED),
	RATIO("satisfaction", QK_KC_GOOD, QK_KC_RATINGS),
	COUNT("skipped", QK_KC_SKIPPED),
};

static const struct mdef staff_metrics[] = {
	INTAKE_COUNTS,
	{ "immediate-rate", QK_M_RATIO, QK_KC_IMMEDIATE, QK_KC_ACCEPTED, QK_KC_AAC },
	COUNT("ratings", QK_KC_RATINGS),
	COUNT("bad-ratings", QK_KC_BAD),
	COUNT("rectified", QK_KC_RECTIFIED),
	RATIO("satisfaction", QK_KC_GOOD, QK_KC_RATINGS),
};

static const struct mdef dept_metrics[] = {
	COUNT("items", QK_KD_ITEMS),
	COUNT("decided", QK_KD_DECIDED),
	COUNT("approved", QK_KD_APPROVED),
	COUNT("rejected", QK_KD_REJECTED),
	COUNT("cancelled", QK_KD_CANCELLED),
	RATIO("on-time-rate", QK_KD_ITEMS_ON_TIME, QK_KD_ITEMS_DECIDED),
	COUNT("overdue-now", QK_KD_OVERDUE_NOW),
};

static const struct {
	const char *name;
	const char *target;	/* four decimals */
	long long t;		/* the same in ten-thousandths */
} target_defs[7] = {
	{ "claim-rate", "1.0000", 10000 },
	{ "non-face-to-face-items", "0.9000", 9000 },
	{ "online-service", "0.9500", 9500 },
	{ "time-compression", "0.7500", 7500 },
	{ "immediate-items", "0.4500", 4500 },
	{ "guide-correctness", "1.0000", 10000 },
	{ "agents", "1.0000", 10000 },
};

static const char *const place_names[QK_P_N] = {
	"cases", "targets", "departments", "sites", "staff", "agents"
};

const char *qk_kpi_place_name(int place)
{
	return place_names[place];
}

int qk_kpi_place_kind(int place)
{
	static const int kinds[QK_P_N] = {
		QK_K_ALL, QK_K_ALL, QK_K_DEPT, QK_K_SITE, QK_K_STAFF, QK_K_AGENT
	};

	return kinds[place];
}

static void set_ratio(struct qk_metric *m, long long num, long long den)
{
	snprintf(m->numerator, sizeof m->numerator, "%lld", num);
	snprintf(m->denominator, sizeof m->denominator, "%lld", den);
	if (den > 0)
		qk_kpi_decimal4(num, den, m->value);
}

static void fill(struct qk_metric *m, const struct mdef *d, const struct qk_kgroup *g)
{
	long long sum = 0, n = 0;
	size_t i;
	long v;

	memset(m, 0, sizeof *m);
	m->name = d->name;
	m->kind = d->kind;
	m->met = "";
	switch (d->kind) {
	case QK_M_COUNT:
		snprintf(m->value, sizeof m->value, "%llu", g->c[d->a]);
		break;
	case QK_M_RATIO:
		set_ratio(m, (long long)g->c[d->a], (long long)(g->c[d->b] +
		    (d->c != NONE ? g->c[d->c] : 0)));
		break;
	case QK_M_MEAN:
		for (i = 0; i < g->nbins; i++) {
			sum += g->bins[i].days * (long long)g->bins[i].count;
			n += (long long)g->bins[i].count;
		}
		set_ratio(m, sum, n);
		break;
	case QK_M_RANK:
		if (qk_kpi_rank(g, d->a, &v))
			snprintf(m->value, sizeof m->value, "%ld", v);
		break;
	}
}

static int fill_targets(const struct qk_targets *t, struct qk_metric *out)
{
	int i;

	for (i = 0; i < 7; i++) {
		struct qk_metric *m = &out[i];

		memset(m, 0, sizeof *m);
		m->name = target_defs[i].name;
		m->kind = QK_M_RATIO;
		m->met = "";
		set_ratio(m, t->num[i], t->den[i]);
		snprintf(m->target, sizeof m->target, "%s", target_defs[i].target);
		if (t->den[i] > 0)
			m->met = t->num[i] * 10000 >= target_defs[i].t * t->den[i] ? "yes" : "no";
	}
	return 7;
}

int qk_kpi_metrics(int place, const struct qk_kgroup *g,
    const struct qk_targets *t, struct qk_metric *out)
{
	const struct mdef *defs;
	int i, n;

	switch (place) {
	case QK_P_TARGETS:
		return fill_targets(t, out);
	case QK_P_CASES:
	case QK_P_SITES:
		defs = cases_metrics;
		n = (int)(sizeof cases_metrics / sizeof *cases_metrics);
		if (place == QK_P_SITES)
			n--;	/* every metric but skipped */
		break;
	case QK_P_DEPARTMENTS:
		defs = dept_metrics;
		n = (int)(sizeof dept_metrics / sizeof *dept_metrics);
		break;
	default:
		defs = staff_metrics;
		n = (int)(sizeof staff_metrics / sizeof *staff_metrics);
		break;
	}
	for (i = 0; i < n; i++)
		fill(&out[i], &defs[i], g);
	return n;
}
