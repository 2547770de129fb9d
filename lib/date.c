#include <stddef.h>
#include <string.h>

#include "date.h"

#define SECS_PER_DAY 86400LL

/* The lowest and highest day numbers that have a four-digit year. */
#define DAY_MIN (-719528L)	/* 0000-01-01 */
#define DAY_MAX 2932896L	/* 9999-12-31 */

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(long y, unsigned m)
{
	static const unsigned char len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Floor division, so that days before 1970 and negative offsets work. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar. */
long qk_days_from_civil(long y, unsigned m, unsigned d)
{
	long era, yoe, doy, doe, mp = m > 2 ? (long)m - 3 : (long)m + 9;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * mp + 2) / 5 + (long)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of qk_days_from_civil (Hinnant's civil_from_days). */
static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int qk_weekday(long day)
{
	long r = day % 7;

	/* 1970-01-01 was a Thursday (3). */
	return (int)((r < 0 ? r + 7 : r) + 3) % 7;
}

/* The value of n ASCII digits at s, or -1 when one is not a digit. */
static long digits(const char *s, int n)
{
	long v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/* Reads YYYY-MM-DD at s (no terminator required) into a day number. */
static int date_read(const char *s, long *day)
{
	long y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || s[4] != '-' || m < 1 || m > 12 || s[7] != '-' || d < 1 ||
	    d > (long)days_in_month(y, (unsigned)m))
		return -1;
	*day = qk_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* Reads hh:mm:ss at s into seconds since midnight. */
static int clock_read(const char *s, long *secs)
{
	long h = digits(s, 2), m = digits(s + 3, 2), sec = digits(s + 6, 2);

	if (h < 0 || h > 23 || s[2] != ':' || m < 0 || m > 59 ||
	    s[5] != ':' || sec < 0 || sec > 59)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

/* Reads the offset at s: Z, or +hh:mm / -hh:mm, then the end of s. */
static int offset_read(const char *s, int *minutes)
{
	long h, m;

	if (s[0] == 'Z' && s[1] == '\0') {
		*minutes = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	h = digits(s + 1, 2);
	m = digits(s + 4, 2);
	if (h < 0 || h > 23 || s[3] != ':' || m < 0 || m > 59 || s[6] != '\0')
		return -1;
	*minutes = (int)(s[0] == '-' ? -(h * 60 + m) : h * 60 + m);
	return 0;
}

/* The length of s, or max + 1 when longer: no read past the terminator. */
static size_t bounded_len(const char *s, size_t max)
{
	return strnlen(s, max + 1);
}

int qk_date_parse(const char *s, long *day)
{
	if (s == NULL || bounded_len(s, 10) != 10)
		return -1;
	return date_read(s, day);
}

/* The last time read well by this thread: the replay reads an event's
 * time twice (check, then step), and events of a case share their days. */
struct last_time {
	char s[26];
	struct qk_time t;
};
static _Thread_local struct last_time last;

/* The day of s (its date already known to be YYYY-MM-DD-shaped): the
 * last one's when the date is the same. */
static int day_read(const char *s, long *day)
{
	if (last.s[0] != '\0' && memcmp(s, last.s, 10) == 0) {
		*day = last.t.day;
		return 0;
	}
	return date_read(s, day);
}

int qk_time_parse(const char *s, struct qk_time *t)
{
	size_t n;
	long day, secs;
	int off;

	if (s == NULL)
		return -1;
	n = bounded_len(s, 25);
	if (n != 20 && n != 25)
		return -1;
	if (memcmp(s, last.s, n + 1) == 0) {
		*t = last.t;
		return 0;
	}
	if (day_read(s, &day) < 0 || s[10] != 'T' ||
	    clock_read(s + 11, &secs) < 0 || offset_read(s + 19, &off) < 0)
		return -1;
	t->day = day;
	t->offset = off;
	t->instant = day * SECS_PER_DAY + secs - off * 60LL;
	memcpy(last.s, s, n + 1);
	last.t = *t;
	return 0;
}

/* Writes v as n decimal digits, most significant first. */
static void put_digits(char *out, long v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void qk_date_format(long day, char out[11])
{
	long y;
	unsigned m, d;

	if (day < DAY_MIN)
		day = DAY_MIN;
	if (day > DAY_MAX)
		day = DAY_MAX;
	civil_from_days(day, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, (long)m, 2);
	out[7] = '-';
	put_digits(out + 8, (long)d, 2);
	out[10] = '\0';
}

void qk_time_format(long long instant, int offset, char out[26])
{
	long long local, day, secs;
	long a;

	if (offset > 23 * 60 + 59 || offset < -(23 * 60 + 59))
		offset = 0;
	local = instant + offset * 60LL;
	day = floor_div(local, SECS_PER_DAY);
	if (day < DAY_MIN)
		day = DAY_MIN;
	if (day > DAY_MAX)
		day = DAY_MAX;
	secs = local - day * SECS_PER_DAY;
	if (secs < 0 || secs >= SECS_PER_DAY)
		secs = secs < 0 ? 0 : SECS_PER_DAY - 1;
	qk_date_format((long)day, out);
	out[10] = 'T';
	put_digits(out + 11, (long)(secs / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (long)(secs / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (long)(secs % 60), 2);
	a = offset < 0 ? -offset : offset;
	out[19] = offset < 0 ? '-' : '+';
	put_digits(out + 20, a / 60, 2);
	out[22] = ':';
	put_digits(out + 23, a % 60, 2);
	out[25] = '\0';
}
