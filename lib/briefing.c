#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"
#include "cal.h"
#include "catalog.h"
#include "date.h"
#include "deadline.h"
#include "kpi.h"
#include "mask.h"
#include "node.h"
#include "replay.h"
#include "roster.h"
#include "text.h"
#include "value.h"
#include "writer.h"

/* The spooled lists of the sheet, in the order they are written. */
enum { L_DUE_TODAY, L_DUE_NEXT, L_RED, L_YELLOW, L_BAD, L_N };

struct qk_briefing {
	struct qk_cal *cal;
	long today, last, next;		/* T, the working days before and after */
	int mask;
	long received, ready, issued;	/* on the last working day */
	FILE *list[L_N];
	long count[L_N];
};

/* An anonymous spool file in $TMPDIR (tools.md, Memory and streaming). */
static FILE *spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/qk-briefing.XXXXXX", dir) >= sizeof path)
		return NULL;
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL)
		close(fd);
	return f;
}

struct qk_briefing *qk_briefing_new(struct qk_cal *cal, long as_of, int mask)
{
	struct qk_briefing *b = calloc(1, sizeof *b);
	int i;

	if (b == NULL)
		return NULL;
	b->cal = cal;
	b->today = as_of;
	b->mask = mask;
	b->last = as_of - 1;
	while (!qk_cal_is_workday(cal, b->last) && b->last > as_of - 400)
		b->last--;
	b->next = qk_cal_add(cal, as_of, 1);
	for (i = 0; i < L_N; i++)
		if ((b->list[i] = spool_open()) == NULL) {
			qk_briefing_free(b);
			return NULL;
		}
	return b;
}

void qk_briefing_free(struct qk_briefing *b)
{
	int i;

	if (b == NULL)
		return;
	for (i = 0; i < L_N; i++)
		if (b->list[i] != NULL)
			fclose(b->list[i]);
	free(b);
}

static long event_day(const struct qk_node *e)
{
	struct qk_time t;
	const char *at = e != NULL ? qk_get(e, QK_at) : NULL;

	return at != NULL && qk_time_parse(at, &t) == 0 ? t.day : -1;
}

/* The applicant as the sheet shows it: name, masked with --mask. */
static void applicant(const struct qk_briefing *b, const struct qk_node *app,
    char *name, size_t nlen, char *phone, size_t plen)
{
	const struct qk_node *a = qk_child(app, QK_applicant);
	const char *n = a != NULL && qk_get(a, QK_name) ? qk_get(a, QK_name) : "";
	const char *p = a != NULL && qk_get(a, QK_phone) ? qk_get(a, QK_phone) : "";

	if (b->mask) {
		qk_mask_into(n, 1, 0, name, nlen);
		qk_mask_into(p, 3, 4, phone, plen);
	} else {
		snprintf(name, nlen, "%s", n);
		snprintf(phone, plen, "%s", p);
	}
}

/* One line of an item list: case, item, dept, due, staff, applicant, and
 * a remark. */
static void item_line(struct qk_briefing *b, int list, const char *id,
    const struct qk_ritem *it, const char *staff, const char *name,
    const char *remark)
{
	char due[11];

	qk_date_format(it->due, due);
	fprintf(b->list[list], "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id,
	    it->code ? it->code : "", it->dept ? it->dept : "", due, staff, name, remark);
	b->count[list]++;
}

static void add_items(struct qk_briefing *b, const struct qk_replay *r,
    const char *id, const char *staff, const char *name)
{
	int i, n = qk_replay_nitems(r), card;
	long days;
	char remark[64];

	if (qk_replay_withdrawn(r) != NULL)
		return;		/* a withdrawn case has no due item and no card */
	for (i = 0; i < n; i++) {
		const struct qk_ritem *it = qk_replay_item(r, i);

		if (it->state != QK_IT_ROUTED || it->suspended || !it->has_due)
			continue;
		if (it->due == b->today)
			item_line(b, L_DUE_TODAY, id, it, staff, name, "");
		else if (it->due == b->next)
			item_line(b, L_DUE_NEXT, id, it, staff, name, "");
		card = qk_deadline_item(r, i, b->cal, b->today, 1, &days);
		snprintf(remark, sizeof remark, "%ld 个工作日", days);
		if (card == QK_DL_OVERDUE)
			item_line(b, L_RED, id, it, staff, name, remark);
		else if (card == QK_DL_DUE_SOON)
			item_line(b, L_YELLOW, id, it, staff, name, remark);
	}
}

static void add_bad_rating(struct qk_briefing *b, const struct qk_replay *r,
    const char *id, const char *staff, const char *name, const char *phone)
{
	const struct qk_node *rated = qk_replay_rated(r);
	long score;
	char day[11];

	if (rated == NULL || !qk_value_uint(qk_get(rated, QK_score), &score) ||
	    score > 2 || qk_replay_rectified(r))
		return;
	qk_date_format(event_day(rated), day);
	fprintf(b->list[L_BAD], "%s\t%ld\t%s\t%s\t%s\t%s\n", id, score, day, staff, name, phone);
	b->count[L_BAD]++;
}

int qk_briefing_add(struct qk_briefing *b, struct qk_replay *r,
    const struct qk_node *casenode)
{
	const struct qk_node *app = qk_child(casenode, QK_application);
	const char *id = qk_get(casenode, QK_id), *staff;
	char name[256], phone[128];
	struct qk_time t;
	const char *received = qk_get(app, QK_received);

	if (qk_kpi_replay(r, casenode, b->today) < 0)
		return -1;
	if (received != NULL && qk_time_parse(received, &t) == 0 && t.day == b->last)
		b->received++;
	b->ready += qk_replay_ready(r) != NULL && event_day(qk_replay_ready(r)) == b->last;
	b->issued += qk_replay_issued(r) != NULL && event_day(qk_replay_issued(r)) == b->last;
	staff = qk_kpi_first_responsible(r, app);
	applicant(b, app, name, sizeof name, phone, sizeof phone);
	add_items(b, r, id, staff, name);
	add_bad_rating(b, r, id, staff, name, phone);
	return ferror(b->list[L_BAD]) || ferror(b->list[L_RED]) ? -1 : 0;
}

static void raw(struct qk_writer *w, const char *s)
{
	qk_write_raw(w, s, strlen(s));
}

static const char *person(const struct qk_roster *ros, const char *id)
{
	const struct qk_node *n;

	for (n = ros != NULL ? qk_child(qk_roster_root(ros), QK_staff) : NULL; n != NULL;
	    n = qk_next(n, QK_staff))
		if (qk_is(n, QK_id, id) && qk_get(n, QK_name) != NULL)
			return qk_get(n, QK_name);
	return "";
}

/* Writes one field, padded to width unless it is the last of its line. */
static void field(struct qk_writer *w, const char *s, const char *name,
    unsigned width, int last)
{
	size_t have = qk_text_width(s);

	raw(w, s);
	if (name != NULL) {
		raw(w, " ");
		raw(w, name);
		have += 1 + qk_text_width(name);
	}
	if (last)
		return;
	for (; have < width; have++)
		raw(w, " ");
	raw(w, "  ");
}

/* Copies a spooled list, one field per column, padded to widths (East
 * Asian Width counted); the staff field gets the person's name. */
static int copy_list(struct qk_writer *w, FILE *f, const unsigned *width,
    int staff_col, const struct qk_roster *ros)
{
	char line[2048], *p, *cell[8];
	int col, n;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (n = 0, p = line; n < 8 && p != NULL; n++) {
			cell[n] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		while (n > 1 && cell[n - 1][0] == '\0')
			n--;	/* no trailing blanks */
		raw(w, "  ");
		for (col = 0; col < n; col++)
			field(w, cell[col], col == staff_col ? person(ros, cell[col]) : NULL,
			    width[col], col == n - 1);
		raw(w, "\n");
	}
	return ferror(f) ? -1 : 0;
}

static void heading(struct qk_writer *w, const char *title, long n)
{
	char buf[160];

	snprintf(buf, sizeof buf, "\n%s（%ld）\n", title, n);
	raw(w, buf);
}

int qk_briefing_write(struct qk_briefing *b, struct qk_writer *w,
    const struct qk_roster *ros)
{
	static const unsigned item_w[8] = { 20, 8, 4, 10, 16, 8, 0, 0 };
	static const unsigned bad_w[8] = { 20, 1, 10, 16, 8, 0, 0, 0 };
	static const char *const titles[L_N] = {
		"今日到期事项", "下一工作日到期事项", "红牌：逾期事项",
		"黄牌：临近到期事项", "差评待整改"
	};
	static const char *const week[7] = { "一", "二", "三", "四", "五", "六", "日" };
	char today[11], last[11], next[11], buf[300];
	int i;

	qk_date_format(b->today, today);
	qk_date_format(b->last, last);
	qk_date_format(b->next, next);
	snprintf(buf, sizeof buf, "晨会 %s（星期%s）\n\n上一工作日 %s：收件 %ld，办结 %ld，出件 %ld\n",
	    today, week[qk_weekday(b->today)], last, b->received, b->ready, b->issued);
	raw(w, buf);
	for (i = 0; i < L_N; i++) {
		heading(w, titles[i], b->count[i]);
		if (i == L_DUE_NEXT) {
			snprintf(buf, sizeof buf, "  (%s)\n", next);
			raw(w, buf);
		}
		if (copy_list(w, b->list[i], i == L_BAD ? bad_w : item_w,
		    i == L_BAD ? 3 : 4, ros) < 0)
			return -1;
	}
	return 0;
}
