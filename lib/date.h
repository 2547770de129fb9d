#ifndef QK_DATE_H
#define QK_DATE_H

/*
 * Dates are day numbers: days since 1970-01-01 (negative before it).
 * Times are parsed into the date written in them and the instant they
 * denote (formats.md, Dates and Times).
 */
struct qk_time {
	long day;		/* date(t): the local date as written */
	long long instant;	/* seconds since 1970-01-01T00:00:00Z */
	int offset;		/* minutes east of UTC */
};

/* Strict YYYY-MM-DD with a valid month and day.  0, or -1 when malformed. */
int qk_date_parse(const char *s, long *day);
/* Writes YYYY-MM-DD and a NUL into out (11 bytes); a day before
 * 0000-01-01 or after 9999-12-31 is written as that bound. */
void qk_date_format(long day, char out[11]);
/* Strict YYYY-MM-DDThh:mm:ss followed by Z or +hh:mm / -hh:mm (no
 * fractions, no other form).  0, or -1 when malformed. */
int qk_time_parse(const char *s, struct qk_time *t);
/* Writes YYYY-MM-DDThh:mm:ss+hh:mm and a NUL into out (26 bytes): the
 * instant as seen at offset (minutes east of UTC, within +-23:59; +00:00
 * for 0, never Z).  Dates are clamped as by qk_date_format. */
void qk_time_format(long long instant, int offset, char out[26]);
/* 0 = Monday … 6 = Sunday. */
int qk_weekday(long day);
/* The day number of y-m-d (proleptic Gregorian; m 1-12, d 1-31). */
long qk_days_from_civil(long y, unsigned m, unsigned d);

#endif
