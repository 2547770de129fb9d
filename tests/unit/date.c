#include "catalog.h"
#include "date.h"
#include "test.h"
#include "value.h"

/* The day number of a date known to be well formed, or a sentinel. */
static long D(const char *s)
{
	long d;

	return qk_date_parse(s, &d) == 0 ? d : -999999999L;
}

static int time_ok(const char *s)
{
	struct qk_time t;

	return qk_time_parse(s, &t) == 0;
}

QK_TEST(date_epoch_is_day_zero)
{
	CHECK_INT(D("1970-01-01"), 0);
	CHECK_INT(D("1970-01-02"), 1);
	CHECK_INT(D("1969-12-31"), -1);
}

QK_TEST(date_known_day_numbers)
{
	CHECK_INT(D("2000-03-01"), 11017);
	CHECK_INT(D("2026-01-01"), 20454);
	CHECK_INT(D("0000-01-01"), -719528);
	CHECK_INT(D("9999-12-31"), 2932896);
}

QK_TEST(date_days_from_civil_matches_parse)
{
	CHECK_INT(qk_days_from_civil(2026, 11, 24), D("2026-11-24"));
	CHECK_INT(qk_days_from_civil(1900, 2, 28), D("1900-02-28"));
	CHECK_INT(qk_days_from_civil(1600, 1, 1), D("1600-01-01"));
}

QK_TEST(date_days_from_civil_negative_year)
{
	CHECK_INT(qk_days_from_civil(-1, 12, 31), D("0000-01-01") - 1);
}

QK_TEST(date_leap_year_feb29)
{
	CHECK_INT(D("2024-02-29") + 1, D("2024-03-01"));
	CHECK_INT(D("2000-02-29") + 1, D("2000-03-01"));
}

QK_TEST(date_not_leap_feb29_rejected)
{
	long d;

	CHECK_INT(qk_date_parse("2026-02-29", &d), -1);
	CHECK_INT(qk_date_parse("1900-02-29", &d), -1);
	CHECK_INT(qk_date_parse("2100-02-29", &d), -1);
}

QK_TEST(date_month_lengths)
{
	long d;

	CHECK_INT(qk_date_parse("2026-04-30", &d), 0);
	CHECK_INT(qk_date_parse("2026-04-31", &d), -1);
	CHECK_INT(qk_date_parse("2026-12-31", &d), 0);
	CHECK_INT(qk_date_parse("2026-11-31", &d), -1);
	CHECK_INT(qk_date_parse("2026-02-28", &d), 0);
}

QK_TEST(date_bad_month_and_day_rejected)
{
	long d;

	CHECK_INT(qk_date_parse("2026-13-01", &d), -1);
	CHECK_INT(qk_date_parse("2026-00-10", &d), -1);
	CHECK_INT(qk_date_parse("2026-01-00", &d), -1);
	CHECK_INT(qk_date_parse("2026-01-32", &d), -1);
}

QK_TEST(date_shape_is_strict)
{
	long d;

	CHECK_INT(qk_date_parse("2026-1-01", &d), -1);
	CHECK_INT(qk_date_parse("2026-01-1", &d), -1);
	CHECK_INT(qk_date_parse("26-01-01", &d), -1);
	CHECK_INT(qk_date_parse("2026/01/01", &d), -1);
	CHECK_INT(qk_date_parse("2026-01-01 ", &d), -1);
	CHECK_INT(qk_date_parse(" 2026-01-01", &d), -1);
	CHECK_INT(qk_date_parse("2026-01-01T00:00:00Z", &d), -1);
	CHECK_INT(qk_date_parse("+026-01-01", &d), -1);
	CHECK_INT(qk_date_parse("2026-0a-01", &d), -1);
	CHECK_INT(qk_date_parse("", &d), -1);
	CHECK_INT(qk_date_parse(NULL, &d), -1);
}

QK_TEST(date_format_round_trip)
{
	char s[11];

	qk_date_format(D("2026-11-24"), s);
	CHECK_STR(s, "2026-11-24");
	qk_date_format(D("2024-02-29"), s);
	CHECK_STR(s, "2024-02-29");
	qk_date_format(-1, s);
	CHECK_STR(s, "1969-12-31");
	qk_date_format(D("0001-01-01"), s);
	CHECK_STR(s, "0001-01-01");
}

QK_TEST(date_format_every_day_of_a_leap_cycle)
{
	long d;
	char s[11];

	for (d = D("1999-12-01"); d <= D("2004-03-31"); d++) {
		long back;

		qk_date_format(d, s);
		CHECK(qk_date_parse(s, &back) == 0);
		CHECK_INT(back, d);
	}
}

QK_TEST(date_format_clamps_beyond_four_digit_years)
{
	char s[11];

	qk_date_format(D("9999-12-31") + 1000, s);
	CHECK_STR(s, "9999-12-31");
	qk_date_format(-100000000L, s);
	CHECK_STR(s, "0000-01-01");
}

QK_TEST(date_weekday_known_days)
{
	CHECK_INT(qk_weekday(D("1970-01-01")), 3);	/* Thursday */
	CHECK_INT(qk_weekday(D("2026-11-24")), 1);	/* Tuesday */
	CHECK_INT(qk_weekday(D("2026-10-10")), 5);	/* Saturday */
	CHECK_INT(qk_weekday(D("2026-02-15")), 6);	/* Sunday */
	CHECK_INT(qk_weekday(D("2026-11-30")), 0);	/* Monday */
}

QK_TEST(date_weekday_before_epoch)
{
	CHECK_INT(qk_weekday(D("1969-12-29")), 0);	/* Monday */
	CHECK_INT(qk_weekday(D("1969-12-31")), 2);	/* Wednesday */
	CHECK_INT(qk_weekday(D("1949-10-01")), 5);	/* Saturday */
}

QK_TEST(time_parse_zulu)
{
	struct qk_time t;

	CHECK_INT(qk_time_parse("1970-01-01T00:00:00Z", &t), 0);
	CHECK_INT(t.instant, 0);
	CHECK_INT(t.day, 0);
	CHECK_INT(t.offset, 0);
}

QK_TEST(time_parse_plus_eight)
{
	struct qk_time t;

	CHECK_INT(qk_time_parse("2026-11-24T09:13:05+08:00", &t), 0);
	CHECK_INT(t.day, D("2026-11-24"));
	CHECK_INT(t.offset, 480);
	CHECK_INT(t.instant, D("2026-11-24") * 86400LL + 1 * 3600 + 13 * 60 + 5);
}

QK_TEST(time_same_instant_across_offsets)
{
	struct qk_time a, b;

	CHECK_INT(qk_time_parse("2026-11-24T09:13:05+08:00", &a), 0);
	CHECK_INT(qk_time_parse("2026-11-24T01:13:05Z", &b), 0);
	CHECK_INT(a.instant, b.instant);
}

QK_TEST(time_compares_as_instants_not_strings)
{
	struct qk_time a, b;

	/* a reads later as a string, but is an hour earlier. */
	CHECK_INT(qk_time_parse("2026-11-24T08:30:00+08:00", &a), 0);
	CHECK_INT(qk_time_parse("2026-11-24T01:30:00Z", &b), 0);
	CHECK(a.instant < b.instant);
	CHECK_INT(b.instant - a.instant, 3600);
}

QK_TEST(time_local_date_differs_from_utc_date)
{
	struct qk_time t;

	CHECK_INT(qk_time_parse("2026-11-25T07:00:00+08:00", &t), 0);
	CHECK_INT(t.day, D("2026-11-25"));
	CHECK(t.instant < D("2026-11-25") * 86400LL);
}

QK_TEST(time_negative_offset)
{
	struct qk_time t;

	CHECK_INT(qk_time_parse("2026-11-24T20:00:00-05:30", &t), 0);
	CHECK_INT(t.offset, -330);
	CHECK_INT(t.day, D("2026-11-24"));
	CHECK_INT(t.instant, D("2026-11-25") * 86400LL + 1 * 3600 + 30 * 60);
}

QK_TEST(time_offset_limits)
{
	CHECK(time_ok("2026-11-24T00:00:00+23:59"));
	CHECK(time_ok("2026-11-24T00:00:00-23:59"));
	CHECK(time_ok("2026-11-24T00:00:00-00:00"));
	CHECK(!time_ok("2026-11-24T00:00:00+24:00"));
	CHECK(!time_ok("2026-11-24T00:00:00+08:60"));
}

QK_TEST(time_clock_limits)
{
	CHECK(time_ok("2026-11-24T23:59:59Z"));
	CHECK(!time_ok("2026-11-24T24:00:00Z"));
	CHECK(!time_ok("2026-11-24T12:60:00Z"));
	CHECK(!time_ok("2026-11-24T12:00:60Z"));
}

QK_TEST(time_fraction_rejected)
{
	CHECK(!time_ok("2026-11-24T09:13:05.5+08:00"));
	CHECK(!time_ok("2026-11-24T09:13:05.000Z"));
}

QK_TEST(time_missing_offset_rejected)
{
	CHECK(!time_ok("2026-11-24T09:13:05"));
	CHECK(!time_ok("2026-11-24"));
}

QK_TEST(time_invalid_date_rejected)
{
	CHECK(!time_ok("2026-02-29T09:00:00+08:00"));
	CHECK(!time_ok("2026-13-01T09:00:00+08:00"));
	CHECK(time_ok("2024-02-29T09:00:00+08:00"));
}

QK_TEST(time_other_forms_rejected)
{
	CHECK(!time_ok("2026-11-24 09:13:05+08:00"));
	CHECK(!time_ok("2026-11-24t09:13:05+08:00"));
	CHECK(!time_ok("2026-11-24T09:13:05z"));
	CHECK(!time_ok("2026-11-24T09:13:05+0800"));
	CHECK(!time_ok("2026-11-24T09:13:05+08"));
	CHECK(!time_ok("2026-11-24T09:13+08:00"));
	CHECK(!time_ok("2026-11-24T9:13:05+08:00"));
	CHECK(!time_ok("2026-11-24T09:13:05+08:00 "));
	CHECK(!time_ok("2026-11-24T09:13:05Z+08:00"));
	CHECK(!time_ok("2026-11-24T09:13:05 Z"));
	CHECK(!time_ok(""));
	CHECK(!time_ok(NULL));
}

QK_TEST(time_format_plus_eight)
{
	struct qk_time t;
	char s[26];

	CHECK_INT(qk_time_parse("2026-11-24T09:13:05+08:00", &t), 0);
	qk_time_format(t.instant, t.offset, s);
	CHECK_STR(s, "2026-11-24T09:13:05+08:00");
}

QK_TEST(time_format_zero_offset_is_plus_zero)
{
	struct qk_time t;
	char s[26];

	CHECK_INT(qk_time_parse("2026-11-24T01:13:05Z", &t), 0);
	qk_time_format(t.instant, t.offset, s);
	CHECK_STR(s, "2026-11-24T01:13:05+00:00");
}

QK_TEST(time_format_converts_offset)
{
	struct qk_time t;
	char s[26];

	CHECK_INT(qk_time_parse("2026-12-31T20:00:00Z", &t), 0);
	qk_time_format(t.instant, 480, s);
	CHECK_STR(s, "2027-01-01T04:00:00+08:00");
	qk_time_format(t.instant, -330, s);
	CHECK_STR(s, "2026-12-31T14:30:00-05:30");
}

QK_TEST(time_format_before_epoch)
{
	char s[26];

	qk_time_format(-1, 0, s);
	CHECK_STR(s, "1969-12-31T23:59:59+00:00");
}

QK_TEST(parse_uint_takes_any_length_and_saturates)
{
	long v = -1;

	CHECK(qk_value_uint("0042", &v));
	CHECK_INT(v, 42);
	CHECK(qk_value_uint("99999999999999999999999", &v));
	CHECK_INT(v, QK_UINT_CAP);
	CHECK(!qk_value_uint("", &v));
	CHECK(!qk_value_uint("+1", &v));
	CHECK(!qk_value_uint(" 1", &v));
	CHECK(!qk_value_uint("1.0", &v));
	CHECK(!qk_value_uint("１", &v));
	CHECK(!qk_value_uint(NULL, &v));
}

QK_TEST(parse_days_saturates_beyond_any_calendar)
{
	CHECK_INT(qk_value_days("5"), 5);
	CHECK_INT(qk_value_days("99999999"), QK_DAYS_CAP);
	CHECK_INT(qk_value_days("x"), -1);
	CHECK_INT(qk_value_days(""), -1);
}
