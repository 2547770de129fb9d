#include <limits.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "cal.h"
#include "date.h"
#include "node.h"
#include "records.h"

/*
 * Working days are counted by C(d), a non-decreasing function with
 * C(d) - C(d - 1) = 1 exactly when d is a working day, and C(from - 1) = 0.
 * Inside the coverage C is a table of cumulative counts; outside it is the
 * closed-form Monday-to-Friday count F(d), shifted to join the table at
 * both ends.  Then W(a, b) = C(b) - C(a), and add(a, n) is the smallest d
 * with C(d) >= C(a) + n: an index lookup inside, an inverse of F outside.
 */

/* The largest coverage, in days, that qk_cal_build() will tabulate
 * (about 11,000 years: every four-digit year fits). */
#define MAX_SPAN 4000000L

/* A Monday: 1970-01-05. */
#define MONDAY 4L

struct listing {
	long day;
	int workday;
};

struct qk_cal {
	struct listing *list;	/* in the order they were added */
	size_t nlist, caplist;
	int covered;		/* a coverage was declared */
	long from, to;		/* its union range */
	int dirty;		/* listings or coverage changed since the build */
	/* The tables of the last build; tfrom > tto when there are none. */
	long tfrom, tto;
	int32_t *cum;		/* cum[i]: working days in [tfrom, tfrom + i] */
	int32_t *work;		/* work[k]: the (k+1)-th of them, minus tfrom */
	long total;		/* working days in the table */
	atomic_int outside;	/* set by any thread (-j N) */
	struct qk_load_error error;	/* of the last document added */
};

struct qk_cal *qk_cal_new(void)
{
	struct qk_cal *cal = calloc(1, sizeof *cal);

	if (cal == NULL)
		return NULL;
	cal->tfrom = 0;
	cal->tto = -1;
	return cal;
}

static void tables_free(struct qk_cal *cal)
{
	free(cal->cum);
	free(cal->work);
	cal->cum = NULL;
	cal->work = NULL;
	cal->tfrom = 0;
	cal->tto = -1;
	cal->total = 0;
}

void qk_cal_free(struct qk_cal *cal)
{
	if (cal == NULL)
		return;
	tables_free(cal);
	free(cal->list);
	free(cal);
}

int qk_cal_list(struct qk_cal *cal, long day, int workday)
{
	if (cal->nlist == cal->caplist) {
		size_t cap = cal->caplist > 0 ? cal->caplist * 2 : 64;
		struct listing *l = realloc(cal->list, cap * sizeof *l);

		if (l == NULL)
			return -1;
		cal->list = l;
		cal->caplist = cap;
	}
	cal->list[cal->nlist].day = day;
	cal->list[cal->nlist].workday = workday != 0;
	cal->nlist++;
	cal->dirty = 1;
	return 0;
}

void qk_cal_cover(struct qk_cal *cal, long from, long to)
{
	if (from > to)
		return;
	if (!cal->covered || from < cal->from)
		cal->from = from;
	if (!cal->covered || to > cal->to)
		cal->to = to;
	cal->covered = 1;
	cal->dirty = 1;
}

int qk_cal_coverage(const struct qk_cal *cal, long *from, long *to)
{
	if (!cal->covered)
		return -1;
	*from = cal->from;
	*to = cal->to;
	return 0;
}

static long floor_div(long a, long b)
{
	long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* F(d): a count of Monday-to-Friday days that grows by one on each of them. */
static long mf_count(long d)
{
	long q = floor_div(d - MONDAY, 7), r = d - MONDAY - 7 * q;

	return 5 * q + (r < 5 ? r + 1 : 5);
}

/* The smallest d with F(d) >= v: a Monday-to-Friday day. */
static long mf_inverse(long v)
{
	long q = floor_div(v - 1, 5), r = v - 1 - 5 * q;

	return MONDAY + 7 * q + r;
}

static int mf_is_workday(long d)
{
	return qk_weekday(d) < 5;
}

/* Marks each day of the table 1 or 0 by the weekday and the listings. */
static void tables_mark(struct qk_cal *cal, long n)
{
	size_t i;
	long k;

	for (k = 0; k < n; k++)
		cal->cum[k] = mf_is_workday(cal->tfrom + k);
	for (i = 0; i < cal->nlist; i++) {
		long d = cal->list[i].day;

		if (d >= cal->tfrom && d <= cal->tto)
			cal->cum[d - cal->tfrom] = cal->list[i].workday;
	}
}

/* Turns the marks into cumulative counts and indexes the working days. */
static int tables_index(struct qk_cal *cal, long n)
{
	long k, t = 0;

	for (k = 0; k < n; k++)
		t += cal->cum[k];
	cal->work = malloc((t > 0 ? (size_t)t : 1) * sizeof *cal->work);
	if (cal->work == NULL)
		return -1;
	t = 0;
	for (k = 0; k < n; k++) {
		if (cal->cum[k])
			cal->work[t++] = (int32_t)k;
		cal->cum[k] = (int32_t)t;
	}
	cal->total = t;
	return 0;
}

/* Tabulates the coverage.  Listings added later mark the tables stale and
 * the next query rebuilds them; when that rebuild fails for lack of memory
 * the calendar answers by the Monday-to-Friday rule and sets the flag. */
int qk_cal_build(struct qk_cal *cal)
{
	long n;

	tables_free(cal);
	cal->dirty = 0;
	if (!cal->covered)
		return 0;
	if (cal->to - cal->from >= MAX_SPAN)
		return -1;
	n = cal->to - cal->from + 1;
	cal->cum = malloc((size_t)n * sizeof *cal->cum);
	if (cal->cum == NULL)
		return -1;
	cal->tfrom = cal->from;
	cal->tto = cal->to;
	tables_mark(cal, n);
	if (tables_index(cal, n) < 0) {
		tables_free(cal);
		return -1;
	}
	return 0;
}

static void ensure_built(struct qk_cal *cal)
{
	if (cal->dirty)
		(void)qk_cal_build(cal);
}

static int is_outside(const struct qk_cal *cal, long d)
{
	return d < cal->tfrom || d > cal->tto;
}

/* C(d), with C(tfrom - 1) = 0. */
static long count_to(const struct qk_cal *cal, long d)
{
	if (d < cal->tfrom)
		return mf_count(d) - mf_count(cal->tfrom - 1);
	if (d > cal->tto)
		return cal->total + mf_count(d) - mf_count(cal->tto);
	return cal->cum[d - cal->tfrom];
}

/* The smallest d with C(d) >= k. */
static long count_inverse(const struct qk_cal *cal, long k)
{
	if (k <= 0)
		return mf_inverse(k + mf_count(cal->tfrom - 1));
	if (k > cal->total)
		return mf_inverse(k - cal->total + mf_count(cal->tto));
	return cal->tfrom + cal->work[k - 1];
}

/* Sets the flag when the days first..last were not all in the tables. */
static void note_span(struct qk_cal *cal, long first, long last)
{
	if (first <= last && (is_outside(cal, first) || is_outside(cal, last)))
		atomic_store_explicit(&cal->outside, 1, memory_order_relaxed);
}

int qk_cal_is_workday(struct qk_cal *cal, long day)
{
	ensure_built(cal);
	note_span(cal, day, day);
	return count_to(cal, day) != count_to(cal, day - 1);
}

long qk_cal_between(struct qk_cal *cal, long a, long b)
{
	if (b <= a)
		return 0;
	ensure_built(cal);
	note_span(cal, a + 1, b);
	return count_to(cal, b) - count_to(cal, a);
}

/* Dates stay far from LONG_MAX: n is capped at LONG_MAX / 8. */
long qk_cal_add(struct qk_cal *cal, long a, long n)
{
	long d;

	if (n <= 0)
		return a;
	if (n > LONG_MAX / 8)
		n = LONG_MAX / 8;
	ensure_built(cal);
	d = count_inverse(cal, count_to(cal, a) + n);
	note_span(cal, a + 1, d);
	return d;
}

long qk_cal_start(struct qk_cal *cal, long day)
{
	return qk_cal_add(cal, day - 1, 1);
}

int qk_cal_outside(const struct qk_cal *cal)
{
	return atomic_load_explicit(&cal->outside, memory_order_relaxed);
}

/* Sets the error: "calendar: " and the message, at n's line. */
static int fail(struct qk_load_error *e, const struct qk_node *n,
    const char *fmt, ...)
{
	char msg[sizeof e->msg];
	va_list ap;
	int k;

	k = snprintf(msg, sizeof msg, "calendar: ");
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
	va_end(ap);
	e->line = n->line;
	snprintf(e->msg, sizeof e->msg, "%s", msg);
	return -1;
}

/* The date attribute of a listing; the name is not one of qk's atoms. */
static const char *listing_date(const struct qk_node *n)
{
	return qk_get_name(n, "date");
}

static int is_listing(const struct qk_node *n)
{
	return n->atom == QK_holiday || n->atom == QK_workday;
}

struct doc_range {
	long lo, hi;		/* earliest and latest listed dates */
	int nlisted;
};

/* Checks every listing of root and finds the range of its dates. */
static int listings_check(const struct qk_node *root, struct doc_range *r,
    struct qk_load_error *e)
{
	const struct qk_node *c;

	r->nlisted = 0;
	r->lo = r->hi = 0;
	for (c = root->child; c != NULL; c = c->next) {
		const char *v;
		long d;

		if (!is_listing(c))
			continue;
		v = listing_date(c);
		if (v == NULL)
			return fail(e, c, "%s without date",
			    c->atom == QK_holiday ? "holiday" : "workday");
		if (qk_date_parse(v, &d) < 0)
			return fail(e, c, "malformed date '%s'", v);
		if (r->nlisted == 0 || d < r->lo)
			r->lo = d;
		if (r->nlisted == 0 || d > r->hi)
			r->hi = d;
		r->nlisted++;
	}
	return 0;
}

/* The year of a day (of a four-digit year, as every parsed date is). */
static long year_of(long day)
{
	char s[11];

	qk_date_format(day, s);
	return ((s[0] - '0') * 10L + (s[1] - '0')) * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0');
}

/* Reads root's from or to: 0 when absent, 1 when read, -1 when malformed. */
static int read_bound(const struct qk_node *root, int atom, long *day,
    struct qk_load_error *e)
{
	const char *v = qk_get(root, atom);

	if (v == NULL)
		return 0;
	if (qk_date_parse(v, day) < 0)
		return fail(e, root, "malformed %s '%s'",
		    qk_atom_name(atom), v);
	return 1;
}

/*
 * The range a document covers (formats.md, Calendar): 0 with *from and *to,
 * 1 when it covers nothing, -1 on a malformed bound.  A missing bound takes
 * the year of the listed dates; with none listed, the year of the other
 * bound (a file with only to="2027-06-30" covers 2027-01-01 to 2027-06-30).
 */
static int doc_cover(const struct qk_node *root, const struct doc_range *r,
    long *from, long *to, struct qk_load_error *e)
{
	int hf, ht;

	if ((hf = read_bound(root, QK_from, from, e)) < 0 ||
	    (ht = read_bound(root, QK_to, to, e)) < 0)
		return -1;
	if (!hf && !ht && r->nlisted == 0)
		return 1;
	if (!hf)
		*from = qk_days_from_civil(year_of(r->nlisted > 0 ? r->lo : *to),
		    1, 1);
	if (!ht)
		*to = qk_days_from_civil(year_of(r->nlisted > 0 ? r->hi : *from),
		    12, 31);
	if (hf && ht && *from > *to)
		return fail(e, root, "from '%s' is after to '%s'",
		    qk_get(root, QK_from), qk_get(root, QK_to));
	return 0;
}

/* Checks the whole document first, so that a bad one adds nothing. */
static int add_root(struct qk_cal *cal, const struct qk_node *root,
    struct qk_load_error *e)
{
	const struct qk_node *c;
	struct doc_range r;
	size_t before = cal->nlist;
	long from = 0, to = -1;
	int rc;

	if (root->atom != QK_calendar)
		return fail(e, root, "root element '%s' is not calendar",
		    root->name);
	if (listings_check(root, &r, e) < 0)
		return -1;
	rc = doc_cover(root, &r, &from, &to, e);
	if (rc < 0)
		return -1;
	for (c = root->child; c != NULL; c = c->next) {
		long d = 0;

		if (!is_listing(c))
			continue;
		(void)qk_date_parse(listing_date(c), &d);
		if (qk_cal_list(cal, d, c->atom == QK_workday) < 0) {
			cal->nlist = before;
			return fail(e, root, "out of memory");
		}
	}
	if (rc == 0)
		qk_cal_cover(cal, from, to);
	return 0;
}

int qk_cal_add_root(struct qk_cal *cal, const struct qk_node *root)
{
	qk_load_error_set(&cal->error, "", 0, "");
	return add_root(cal, root, &cal->error);
}

int qk_cal_load(struct qk_cal *cal, const char *path)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *root;
	int r = -1;

	qk_load_error_set(&cal->error, path, 0, "");
	if (a == NULL)
		qk_load_error_set(&cal->error, path, 0, "out of memory");
	else if (qk_reader_load(path, "calendar", a, &root, &cal->error) == 0)
		r = add_root(cal, root, &cal->error);
	qk_arena_free(a);
	return r;
}

const char *qk_cal_error(const struct qk_cal *cal, const char **file,
    long *line, long *col)
{
	return qk_load_error_get(&cal->error, file, line, col);
}
