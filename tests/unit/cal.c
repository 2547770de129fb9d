#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "cal.h"
#include "date.h"
#include "node.h"
#include "test.h"

/* The listings of spec/examples/calendar.xml (2026), in document order. */
static const struct {
	const char *date;
	int workday;
} listings_2026[] = {
	{ "2026-01-01", 0 }, { "2026-01-02", 0 }, { "2026-01-03", 0 },
	{ "2026-01-04", 1 },
	{ "2026-02-14", 1 },
	{ "2026-02-15", 0 }, { "2026-02-16", 0 }, { "2026-02-17", 0 },
	{ "2026-02-18", 0 }, { "2026-02-19", 0 }, { "2026-02-20", 0 },
	{ "2026-02-21", 0 }, { "2026-02-22", 0 }, { "2026-02-23", 0 },
	{ "2026-02-28", 1 },
	{ "2026-04-04", 0 }, { "2026-04-05", 0 }, { "2026-04-06", 0 },
	{ "2026-05-01", 0 }, { "2026-05-02", 0 }, { "2026-05-03", 0 },
	{ "2026-05-04", 0 }, { "2026-05-05", 0 },
	{ "2026-05-09", 1 },
	{ "2026-06-19", 0 }, { "2026-06-20", 0 }, { "2026-06-21", 0 },
	{ "2026-09-20", 1 },
	{ "2026-09-25", 0 }, { "2026-09-26", 0 }, { "2026-09-27", 0 },
	{ "2026-10-01", 0 }, { "2026-10-02", 0 }, { "2026-10-03", 0 },
	{ "2026-10-04", 0 }, { "2026-10-05", 0 }, { "2026-10-06", 0 },
	{ "2026-10-07", 0 },
	{ "2026-10-10", 1 },
};

#define NLISTINGS (sizeof listings_2026 / sizeof listings_2026[0])

static long D(const char *s)
{
	long d;

	return qk_date_parse(s, &d) == 0 ? d : -999999999L;
}

/* The 2026 calendar through the lower-level calls. */
static struct qk_cal *cal_2026(void)
{
	struct qk_cal *cal = qk_cal_new();
	size_t i;

	if (cal == NULL)
		return NULL;
	for (i = 0; i < NLISTINGS; i++)
		if (qk_cal_list(cal, D(listings_2026[i].date),
		    listings_2026[i].workday) < 0)
			goto fail;
	qk_cal_cover(cal, D("2026-01-01"), D("2026-12-31"));
	if (qk_cal_build(cal) < 0)
		goto fail;
	return cal;
fail:
	qk_cal_free(cal);
	return NULL;
}

/* Checks add(a, n) and returns 1 when it is the expected date. */
static int add_is(struct qk_cal *cal, const char *a, long n, const char *want)
{
	char s[11];

	qk_date_format(qk_cal_add(cal, D(a), n), s);
	if (strcmp(s, want) != 0)
		printf("# add(%s, %ld) = %s, expected %s\n", a, n, s, want);
	return strcmp(s, want) == 0;
}

static int start_is(struct qk_cal *cal, const char *a, const char *want)
{
	char s[11];

	qk_date_format(qk_cal_start(cal, D(a)), s);
	if (strcmp(s, want) != 0)
		printf("# S(%s) = %s, expected %s\n", a, s, want);
	return strcmp(s, want) == 0;
}

QK_TEST(cal_spec_accepted_plus_five)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-11-24", 5, "2026-12-01"));
	CHECK_INT(qk_cal_outside(cal), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_spec_plus_ten_from_dec_1)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-12-01", 10, "2026-12-15"));
	qk_cal_free(cal);
}

QK_TEST(cal_spec_ten_after_friday_nov_27)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-11-27", 10, "2026-12-11"));
	qk_cal_free(cal);
}

QK_TEST(cal_spring_festival_2026)
{
	struct qk_cal *cal = cal_2026();
	long d;

	CHECK(cal != NULL);
	for (d = D("2026-02-15"); d <= D("2026-02-23"); d++)
		CHECK_INT(qk_cal_is_workday(cal, d), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-02-24")), 1);
	CHECK(add_is(cal, "2026-02-13", 2, "2026-02-24"));
	qk_cal_free(cal);
}

QK_TEST(cal_spring_festival_working_saturdays)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-02-14")), 1);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-02-28")), 1);
	CHECK(add_is(cal, "2026-02-13", 1, "2026-02-14"));
	qk_cal_free(cal);
}

QK_TEST(cal_start_during_spring_festival)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(start_is(cal, "2026-02-15", "2026-02-24"));
	CHECK(start_is(cal, "2026-02-20", "2026-02-24"));
	qk_cal_free(cal);
}

QK_TEST(cal_national_day_2026_working_saturday)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_weekday(D("2026-10-10")), 5);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-10")), 1);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-11")), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_national_day_2026_holidays)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-09-30", 1, "2026-10-08"));
	CHECK(start_is(cal, "2026-10-03", "2026-10-08"));
	CHECK_INT(qk_cal_between(cal, D("2026-09-30"), D("2026-10-10")), 3);
	qk_cal_free(cal);
}

QK_TEST(cal_working_sunday_sep_20)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_weekday(D("2026-09-20")), 6);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-09-20")), 1);
	CHECK(start_is(cal, "2026-09-19", "2026-09-20"));
	qk_cal_free(cal);
}

QK_TEST(cal_new_year_holiday_on_weekdays)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-01-01")), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-01-02")), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-01-04")), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_online_saturday_starts_monday)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(start_is(cal, "2026-11-28", "2026-11-30"));
	CHECK(start_is(cal, "2026-11-29", "2026-11-30"));
	qk_cal_free(cal);
}

QK_TEST(cal_start_on_working_day_is_that_day)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(start_is(cal, "2026-11-24", "2026-11-24"));
	CHECK(start_is(cal, "2026-10-10", "2026-10-10"));
	qk_cal_free(cal);
}

QK_TEST(cal_add_zero)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-11-28", 0, "2026-11-28"));
	CHECK(add_is(cal, "2026-10-01", 0, "2026-10-01"));
	CHECK(add_is(cal, "2030-06-01", 0, "2030-06-01"));
	CHECK_INT(qk_cal_outside(cal), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_add_from_weekend)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-11-28", 1, "2026-11-30"));
	CHECK(add_is(cal, "2026-11-29", 5, "2026-12-04"));
	qk_cal_free(cal);
}

QK_TEST(cal_between_empty)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_between(cal, D("2026-11-24"), D("2026-11-24")), 0);
	CHECK_INT(qk_cal_between(cal, D("2026-12-01"), D("2026-11-24")), 0);
	CHECK_INT(qk_cal_between(cal, D("2026-11-27"), D("2026-11-29")), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_between_excludes_start_includes_end)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_between(cal, D("2026-11-23"), D("2026-11-24")), 1);
	CHECK_INT(qk_cal_between(cal, D("2026-11-24"), D("2026-12-01")), 5);
	CHECK_INT(qk_cal_between(cal, D("2026-11-27"), D("2026-12-11")), 10);
	qk_cal_free(cal);
}

QK_TEST(cal_working_days_in_2026)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	/* 261 Monday-to-Friday days, 19 of them holidays, 6 weekend workdays. */
	CHECK_INT(qk_cal_between(cal, D("2025-12-31"), D("2026-12-31")), 248);
	qk_cal_free(cal);
}

QK_TEST(cal_add_and_between_agree_with_day_by_day_count)
{
	struct qk_cal *cal = cal_2026();
	long a, b, lo = D("2025-11-01"), hi = D("2027-02-28");

	CHECK(cal != NULL);
	for (a = lo; a <= hi; a += 3) {
		long n = 0;

		for (b = a + 1; b <= hi; b++) {
			n += qk_cal_is_workday(cal, b);
			CHECK_INT(qk_cal_between(cal, a, b), n);
			if (qk_cal_is_workday(cal, b))
				CHECK_INT(qk_cal_add(cal, a, n), b);
		}
	}
	qk_cal_free(cal);
}

QK_TEST(cal_start_is_first_working_day_on_or_after)
{
	struct qk_cal *cal = cal_2026();
	long d, e;

	CHECK(cal != NULL);
	for (d = D("2025-12-01"); d <= D("2027-01-31"); d++) {
		for (e = d; !qk_cal_is_workday(cal, e); e++)
			;
		CHECK_INT(qk_cal_start(cal, d), e);
	}
	qk_cal_free(cal);
}

QK_TEST(cal_inside_coverage_leaves_flag_clear)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	qk_cal_is_workday(cal, D("2026-01-01"));
	qk_cal_is_workday(cal, D("2026-12-31"));
	qk_cal_between(cal, D("2025-12-31"), D("2026-12-31"));
	qk_cal_add(cal, D("2026-12-01"), 20);
	qk_cal_start(cal, D("2026-01-01"));
	CHECK_INT(qk_cal_outside(cal), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_outside_coverage_weekdays_and_flag)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_outside(cal), 0);
	/* 2027-01-01 is a Friday; no 2027 listing is loaded. */
	CHECK_INT(qk_cal_is_workday(cal, D("2027-01-01")), 1);
	CHECK_INT(qk_cal_outside(cal), 1);
	CHECK_INT(qk_cal_is_workday(cal, D("2027-01-02")), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2025-12-31")), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_outside_flag_is_sticky)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	qk_cal_is_workday(cal, D("2030-01-01"));
	qk_cal_is_workday(cal, D("2026-06-01"));
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_add_past_coverage_end_sets_flag)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2026-12-30", 1, "2026-12-31"));
	CHECK_INT(qk_cal_outside(cal), 0);
	CHECK(add_is(cal, "2026-12-30", 2, "2027-01-01"));
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_between_across_coverage_end)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_between(cal, D("2026-12-25"), D("2027-01-08")), 10);
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_between_across_coverage_start)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	/* 12-26, 12-29..31, then the working Sunday 01-04 and 01-05..09. */
	CHECK_INT(qk_cal_between(cal, D("2025-12-25"), D("2026-01-09")), 10);
	CHECK(add_is(cal, "2025-12-31", 1, "2026-01-04"));
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_add_before_coverage_stays_before)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "2025-11-21", 5, "2025-11-28"));
	CHECK(add_is(cal, "2025-12-26", 3, "2025-12-31"));
	qk_cal_free(cal);
}

QK_TEST(cal_empty_calendar_is_monday_to_friday)
{
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), -1);
	CHECK(add_is(cal, "2026-11-27", 1, "2026-11-30"));
	CHECK_INT(qk_cal_between(cal, D("2026-09-30"), D("2026-10-10")), 7);
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_far_future_without_coverage)
{
	struct qk_cal *cal = qk_cal_new();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_build(cal), 0);
	/* Day 0 is a Thursday: five million working days are a million weeks. */
	CHECK_INT(qk_cal_add(cal, 0, 5000000), 7000000);
	CHECK_INT(qk_cal_add(cal, -7000000, 5000000), 0);
	CHECK_INT(qk_cal_between(cal, -7000000, 7000000), 10000000);
	qk_cal_free(cal);
}

QK_TEST(cal_far_future_joins_table)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	/* 2026 has 13 fewer working days than Monday to Friday would give. */
	CHECK_INT(qk_cal_between(cal, 0, 7000000), 5000000 - 13);
	CHECK_INT(qk_cal_add(cal, 0, 5000000), 7000019);
	CHECK_INT(qk_cal_between(cal, -7000000, 0), 5000000);
	CHECK_INT(qk_cal_add(cal, -7000000, 5000000), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_far_past_dates)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK(add_is(cal, "1900-01-05", 1, "1900-01-08"));
	CHECK(start_is(cal, "1066-10-14", "1066-10-15"));
	CHECK_INT(qk_cal_between(cal, D("1900-01-01"), D("1900-01-08")), 5);
	qk_cal_free(cal);
}

QK_TEST(cal_last_listing_decides)
{
	struct qk_cal *cal = qk_cal_new();

	CHECK(cal != NULL);
	qk_cal_cover(cal, D("2026-01-01"), D("2026-12-31"));
	CHECK_INT(qk_cal_list(cal, D("2026-11-24"), 0), 0);
	CHECK_INT(qk_cal_list(cal, D("2026-11-24"), 1), 0);
	CHECK_INT(qk_cal_list(cal, D("2026-11-28"), 1), 0);
	CHECK_INT(qk_cal_list(cal, D("2026-11-28"), 0), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-24")), 1);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-28")), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_listing_outside_coverage_is_ignored)
{
	struct qk_cal *cal = qk_cal_new();

	CHECK(cal != NULL);
	qk_cal_cover(cal, D("2026-01-01"), D("2026-12-31"));
	CHECK_INT(qk_cal_list(cal, D("2027-01-01"), 0), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2027-01-01")), 1);
	CHECK_INT(qk_cal_outside(cal), 1);
	qk_cal_free(cal);
}

QK_TEST(cal_coverage_is_union_range)
{
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	qk_cal_cover(cal, D("2026-01-01"), D("2026-12-31"));
	qk_cal_cover(cal, D("2021-01-01"), D("2021-12-31"));
	qk_cal_cover(cal, D("2023-03-01"), D("2023-04-01"));
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2021-01-01"));
	CHECK_INT(to, D("2026-12-31"));
	/* A year between two files is covered, by the weekday rule. */
	CHECK_INT(qk_cal_is_workday(cal, D("2024-06-01")), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2024-06-03")), 1);
	CHECK_INT(qk_cal_outside(cal), 0);
	qk_cal_free(cal);
}

QK_TEST(cal_listing_after_build_rebuilds)
{
	struct qk_cal *cal = cal_2026();

	CHECK(cal != NULL);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-24")), 1);
	CHECK_INT(qk_cal_list(cal, D("2026-11-24"), 0), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-24")), 0);
	CHECK(add_is(cal, "2026-11-23", 1, "2026-11-25"));
	qk_cal_free(cal);
}

QK_TEST(cal_free_accepts_null)
{
	qk_cal_free(NULL);
	CHECK(1);
}

/* A calendar document built as nodes, as the input layer would give it. */
struct doc {
	struct qk_arena *arena;
	struct qk_node *root;
};

static int doc_begin(struct doc *doc, const char *from, const char *to)
{
	doc->arena = qk_arena_new();
	if (doc->arena == NULL)
		return -1;
	doc->root = qk_node_new(doc->arena, "calendar");
	if (doc->root == NULL || qk_node_set(doc->arena, doc->root, "version", "1") < 0)
		return -1;
	doc->root->line = 2;
	if (from != NULL && qk_node_set(doc->arena, doc->root, "from", from) < 0)
		return -1;
	if (to != NULL && qk_node_set(doc->arena, doc->root, "to", to) < 0)
		return -1;
	return 0;
}

/* Appends a child (holiday, workday, source, …) with a date, at a line. */
static int doc_add(struct doc *doc, const char *name, const char *date,
    long line)
{
	struct qk_node *n = qk_node_new(doc->arena, name);

	if (n == NULL)
		return -1;
	if (date != NULL && qk_node_set(doc->arena, n, "date", date) < 0)
		return -1;
	n->line = line;
	qk_node_append(doc->root, n);
	return 0;
}

/* The example document, its listings on lines 4 onwards. */
static int doc_2026(struct doc *doc)
{
	size_t i;

	if (doc_begin(doc, "2026-01-01", "2026-12-31") < 0 ||
	    doc_add(doc, "source", NULL, 3) < 0)
		return -1;
	for (i = 0; i < NLISTINGS; i++)
		if (doc_add(doc, listings_2026[i].workday ? "workday" : "holiday",
		    listings_2026[i].date, (long)i + 4) < 0)
			return -1;
	return 0;
}

/* The message of the last document added, or "" when none failed. */
static const char *cal_err(const struct qk_cal *cal, long *line)
{
	const char *file, *msg = qk_cal_error(cal, &file, line, NULL);

	return msg != NULL ? msg : "";
}

QK_TEST(cal_root_loads_example_2026)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_2026(&doc), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2026-01-01"));
	CHECK_INT(to, D("2026-12-31"));
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-10")), 1);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-01")), 0);
	CHECK(add_is(cal, "2026-11-24", 5, "2026-12-01"));
	CHECK_INT(qk_cal_between(cal, D("2025-12-31"), D("2026-12-31")), 248);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_malformed_date_is_error_with_line)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-12-31"), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-10-01", 3), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-13-01", 4), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: malformed date '2026-13-01'");
	CHECK_INT(line, 4);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_missing_date_is_error)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-12-31"), 0);
	CHECK_INT(doc_add(&doc, "workday", NULL, 7), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: workday without date");
	CHECK_INT(line, 7);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_empty_date_is_missing)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-12-31"), 0);
	CHECK_INT(doc_add(&doc, "holiday", "", 5), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: holiday without date");
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_malformed_from_is_error)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-1-1", "2026-12-31"), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: malformed from '2026-1-1'");
	CHECK_INT(line, 2);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_malformed_to_is_error)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-02-30"), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: malformed to '2026-02-30'");
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_from_after_to_is_error)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-12-31", "2026-01-01"), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: from '2026-12-31' is after to '2026-01-01'");
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_error_adds_nothing)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-12-31"), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-11-24", 3), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-11-25x", 4), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), -1);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), -1);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-24")), 1);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_defaults_cover_years_of_listings)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, NULL, NULL), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2027-10-01", 3), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-02-17", 4), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2026-01-01"));
	CHECK_INT(to, D("2027-12-31"));
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_missing_to_defaults_to_year_end)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-07-01", NULL), 0);
	CHECK_INT(doc_add(&doc, "holiday", "2026-10-01", 3), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2026-07-01"));
	CHECK_INT(to, D("2026-12-31"));
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_only_to_and_no_listing_covers_its_year)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, NULL, "2027-06-30"), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2027-01-01"));
	CHECK_INT(to, D("2027-06-30"));
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_neither_bound_nor_listing_covers_nothing)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, NULL, NULL), 0);
	CHECK_INT(doc_add(&doc, "source", NULL, 3), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), -1);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_ignores_other_children)
{
	struct doc doc;
	struct qk_cal *cal = qk_cal_new();

	CHECK(cal != NULL);
	CHECK_INT(doc_begin(&doc, "2026-01-01", "2026-12-31"), 0);
	CHECK_INT(doc_add(&doc, "source", "not a date", 3), 0);
	CHECK_INT(doc_add(&doc, "festival", "2026-11-24", 4), 0);
	CHECK_INT(qk_cal_add_root(cal, doc.root), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-11-24")), 1);
	qk_arena_free(doc.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_later_file_decides)
{
	struct doc a, b;
	struct qk_cal *cal = qk_cal_new();

	CHECK(cal != NULL);
	CHECK_INT(doc_2026(&a), 0);
	CHECK_INT(doc_begin(&b, NULL, NULL), 0);
	CHECK_INT(doc_add(&b, "holiday", "2026-10-10", 3), 0);
	CHECK_INT(doc_add(&b, "workday", "2026-10-01", 4), 0);
	CHECK_INT(qk_cal_add_root(cal, a.root), 0);
	CHECK_INT(qk_cal_add_root(cal, b.root), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-10")), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-01")), 1);
	qk_arena_free(a.arena);
	qk_arena_free(b.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_two_files_union_coverage)
{
	struct doc a, b;
	struct qk_cal *cal = qk_cal_new();
	long from, to;

	CHECK(cal != NULL);
	CHECK_INT(doc_2026(&a), 0);
	CHECK_INT(doc_begin(&b, "2027-01-01", "2027-12-31"), 0);
	CHECK_INT(doc_add(&b, "holiday", "2027-01-01", 3), 0);
	CHECK_INT(qk_cal_add_root(cal, a.root), 0);
	CHECK_INT(qk_cal_add_root(cal, b.root), 0);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_coverage(cal, &from, &to), 0);
	CHECK_INT(from, D("2026-01-01"));
	CHECK_INT(to, D("2027-12-31"));
	CHECK(add_is(cal, "2026-12-31", 1, "2027-01-04"));
	CHECK_INT(qk_cal_outside(cal), 0);
	qk_arena_free(a.arena);
	qk_arena_free(b.arena);
	qk_cal_free(cal);
}

QK_TEST(cal_root_wrong_element_is_error)
{
	struct qk_arena *arena = qk_arena_new();
	struct qk_node *root;
	struct qk_cal *cal = qk_cal_new();
	long line = 0;

	CHECK(arena != NULL && cal != NULL);
	root = qk_node_new(arena, "roster");
	CHECK(root != NULL);
	CHECK_INT(qk_cal_add_root(cal, root), -1);
	CHECK_STR(cal_err(cal, &line), "calendar: root element 'roster' is not calendar");
	qk_arena_free(arena);
	qk_cal_free(cal);
}

QK_TEST(cal_load_reports_the_file_and_line_and_clears_after_success)
{
	char path[] = "/tmp/qk-cal-XXXXXX";
	struct qk_cal *cal = qk_cal_new();
	const char *file, *msg;
	long line = 0;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(cal != NULL && fd >= 0);
	f = fdopen(fd, "w");
	CHECK(f != NULL);
	fputs("<calendar version=\"1\" from=\"2026-01-01\" to=\"2026-12-31\">\n"
	    "<holiday date=\"2026-10-01\"/>\n<holiday date=\"2026-10-32\"/>\n"
	    "</calendar>\n", f);
	fclose(f);
	CHECK_INT(qk_cal_load(cal, path), -1);
	msg = qk_cal_error(cal, &file, &line, NULL);
	CHECK_STR(msg != NULL ? msg : "", "calendar: malformed date '2026-10-32'");
	CHECK_STR(file, path);
	CHECK_INT(line, 3);
	CHECK_INT(qk_cal_load(cal, "/nonexistent/calendar.xml"), -1);
	CHECK(qk_cal_error(cal, &file, &line, NULL) != NULL);
	CHECK_STR(file, "/nonexistent/calendar.xml");
	f = fopen(path, "w");
	CHECK(f != NULL);
	fputs("<calendar version=\"1\"><holiday date=\"2026-10-01\"/></calendar>\n", f);
	fclose(f);
	CHECK_INT(qk_cal_load(cal, path), 0);
	CHECK(qk_cal_error(cal, &file, &line, NULL) == NULL);
	CHECK_INT(qk_cal_build(cal), 0);
	CHECK_INT(qk_cal_is_workday(cal, D("2026-10-01")), 0);
	unlink(path);
	qk_cal_free(cal);
}
