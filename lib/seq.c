#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "seq.h"
#include "value.h"

#define BLOCK 1000

struct entry {
	char *site;
	char ymd[9];
	unsigned long last;	/* recorded in the file */
	unsigned long used;	/* last handed out by this run */
	int touched;		/* this run holds a reservation */
	int fresh;		/* not in the file when it was read */
};

struct qk_seq {
	char *path;
	int lock_fd;
	int loaded, broken;
	char **sites;		/* reserved together for a new day */
	size_t nsites;
	struct entry *e;
	size_t n, cap;
	char err[1200];		/* why the last call failed */
};

/* Keeps why a call failed on the handle; returns -1. */
static int fail(struct qk_seq *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

const char *qk_seq_error(const struct qk_seq *s)
{
	return s->err;
}

struct qk_seq *qk_seq_new(const char *path)
{
	struct qk_seq *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->path = strdup(path);
	s->lock_fd = -1;
	if (s->path == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

static void seq_free(struct qk_seq *s)
{
	size_t i;

	if (s->lock_fd >= 0)
		close(s->lock_fd);	/* releases the flock */
	for (i = 0; i < s->n; i++)
		free(s->e[i].site);
	for (i = 0; i < s->nsites; i++)
		free(s->sites[i]);
	free(s->sites);
	free(s->e);
	free(s->path);
	free(s);
}

static int all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return n > 0;
}

/* The number of digits of p[0..n) after its leading zeros: leading zeros
 * are allowed (formats.md, Integers) and do not count toward the 18
 * digits an unsigned long surely holds. */
static size_t significant(const char *p, size_t n)
{
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	return n;
}

static int cmp_key(const char *site, const char *ymd, const struct entry *e)
{
	int c = strcmp(site, e->site);

	return c != 0 ? c : strcmp(ymd, e->ymd);
}

/* The position of site and day in the sorted entries, or where it goes. */
static size_t position(const struct qk_seq *s, const char *site,
    const char *ymd, int *found)
{
	size_t lo = 0, hi = s->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key(site, ymd, &s->e[mid]);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static struct entry *find(struct qk_seq *s, const char *site, const char *ymd)
{
	int found;
	size_t i = position(s, site, ymd, &found);

	return found ? &s->e[i] : NULL;
}

/* Inserts site and day at its sorted place (the caller checked it is new). */
static struct entry *add(struct qk_seq *s, const char *site, size_t sitelen,
    const char *ymd)
{
	struct entry *e;
	char *copy = strndup(site, sitelen);
	size_t i;
	int found;

	if (copy == NULL)
		return NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap > 0 ? s->cap * 2 : 64;
		struct entry *ne = realloc(s->e, cap * sizeof *ne);

		if (ne == NULL) {
			free(copy);
			return NULL;
		}
		s->e = ne;
		s->cap = cap;
	}
	i = position(s, copy, ymd, &found);
	memmove(&s->e[i + 1], &s->e[i], (s->n - i) * sizeof *s->e);
	e = &s->e[i];
	memset(e, 0, sizeof *e);
	e->site = copy;
	memcpy(e->ymd, ymd, 8);
	s->n++;
	return e;
}

/* Parses one line "SITE SP YYYYMMDD SP LAST". */
static int parse_line(struct qk_seq *s, const char *line, size_t len, long lineno)
{
	const char *sp1 = memchr(line, ' ', len), *sp2;
	struct entry *e;
	char ymd[9], site[256];

	sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', len - (sp1 + 1 - line)) : NULL;
	if (sp1 == NULL || sp2 == NULL || !qk_value_is_code(line, sp1 - line) ||
	    sp2 - sp1 - 1 != 8 || !all_digits(sp1 + 1, 8) ||
	    !all_digits(sp2 + 1, len - (sp2 + 1 - line)) ||
	    significant(sp2 + 1, len - (sp2 + 1 - line)) > 18 ||
	    (size_t)(sp1 - line) >= sizeof site) {
		fail(s, "%s:%ld: malformed sequence line", s->path, lineno);
		return -1;
	}
	memcpy(ymd, sp1 + 1, 8);
	ymd[8] = '\0';
	memcpy(site, line, sp1 - line);
	site[sp1 - line] = '\0';
	if (find(s, site, ymd) != NULL) {
		fail(s, "%s:%ld: repeated site and day '%s %s'",
		    s->path, lineno, site, ymd);
		return -1;
	}
	e = add(s, line, sp1 - line, ymd);
	if (e == NULL) {
		fail(s, "out of memory");
		return -1;
	}
	e->last = strtoul(sp2 + 1, NULL, 10);
	return 0;
}

static int read_file(struct qk_seq *s)
{
	FILE *f = fopen(s->path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int r = 0;

	if (f == NULL) {
		if (errno == ENOENT)
			return 0;
		fail(s, "%s: %s", s->path, strerror(errno));
		return -1;
	}
	while (r == 0 && (len = getline(&buf, &cap, f)) > 0) {
		lineno++;
		if (buf[len - 1] != '\n') {
			fail(s, "%s:%ld: no final line feed", s->path, lineno);
			r = -1;
			break;
		}
		r = parse_line(s, buf, len - 1, lineno);
	}
	if (r == 0 && ferror(f)) {
		fail(s, "%s: %s", s->path, strerror(errno));
		r = -1;
	}
	free(buf);
	fclose(f);
	return r;
}

/* Writes the file atomically: each line records the reservation, or at
 * the end (final) the last number this run used. */
static int write_file(struct qk_seq *s, int final)
{
	struct qk_output_atomic *at;
	char *buf, *p;
	size_t i, size = 1;
	int fd, r;

	for (i = 0; i < s->n; i++)
		size += strlen(s->e[i].site) + 32;
	buf = malloc(size);
	if (buf == NULL) {
		fail(s, "out of memory");
		return -1;
	}
	for (i = 0, p = buf; i < s->n; i++) {
		const struct entry *e = &s->e[i];

		if (final && e->fresh && e->used == 0)
			continue;	/* reserved for a site that had no case */
		p += sprintf(p, "%s %s %lu\n", e->site, e->ymd,
		    final && e->touched ? e->used : e->last);
	}
	at = qk_output_atomic_open(s->path, &fd);
	if (at == NULL) {
		fail(s, "%s: %s", s->path, strerror(errno));
		free(buf);
		return -1;
	}
	r = qk_output_write_all(fd, buf, p - buf);
	free(buf);
	if (r < 0 || qk_output_atomic_commit(at) < 0) {
		if (r < 0)
			qk_output_atomic_abort(at);
		fail(s, "%s: write error: %s", s->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int make_parent(const char *path)
{
	char *p = strdup(path), *slash;

	if (p == NULL)
		return -1;
	for (slash = strchr(p + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*slash = '/';
	}
	free(p);
	return 0;
}

/* Takes the lock and reads the file, on the first number asked for. */
static int load(struct qk_seq *s)
{
	char *lock = malloc(strlen(s->path) + 6);

	if (lock == NULL) {
		fail(s, "out of memory");
		return -1;
	}
	sprintf(lock, "%s.lock", s->path);
	make_parent(s->path);
	s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX) < 0) {
		fail(s, "%s: %s", lock, strerror(errno));
		free(lock);
		return -1;
	}
	free(lock);
	if (read_file(s) < 0)
		return -1;
	s->loaded = 1;
	return 0;
}

/* A site the file can hold: a code of formats.md, short enough for a
 * line. */
static int site_ok(const char *site)
{
	size_t n = strlen(site);

	return n < 256 && qk_value_is_code(site, n);
}

int qk_seq_sites(struct qk_seq *s, const char *const *sites, size_t n)
{
	char **more;
	size_t i;

	if (n == 0)
		return 0;
	more = realloc(s->sites, (s->nsites + n) * sizeof *s->sites);
	if (more == NULL)
		return -1;
	s->sites = more;
	for (i = 0; i < n; i++) {
		if (!site_ok(sites[i]))
			continue;	/* no application of it can get an id */
		if ((s->sites[s->nsites] = strdup(sites[i])) == NULL)
			return -1;
		s->nsites++;
	}
	return 0;
}

/* The entry of site and day, made when missing. */
static struct entry *entry(struct qk_seq *s, const char *site, const char *ymd)
{
	struct entry *e = find(s, site, ymd);

	if (e == NULL && (e = add(s, site, strlen(site), ymd)) != NULL)
		e->fresh = 1;
	return e;
}

/* Gives site and day a block of numbers; 0, or -1 when out of memory. */
static int reserve(struct qk_seq *s, const char *site, const char *ymd)
{
	struct entry *e = entry(s, site, ymd);

	if (e == NULL)
		return -1;
	if (!e->touched) {
		e->touched = 1;
		e->used = e->last;
	}
	if (e->used + 1 > e->last)
		e->last = e->used + BLOCK;
	return 0;
}

int qk_seq_next(struct qk_seq *s, const char *site, const char *ymd,
    unsigned long *n)
{
	struct entry *e;
	size_t i;

	if (s->broken)
		return -1;	/* why is still on the handle */
	if (!site_ok(site)) {
		fail(s, "%s: site '%s' is not a code: no case id can be given",
		    s->path, site);
		return -1;
	}
	if (!s->loaded && load(s) < 0) {
		s->broken = 1;
		return -1;
	}
	e = entry(s, site, ymd);
	if (e == NULL)
		goto nomem;
	if (!e->touched || e->used + 1 > e->last) {
		/* One durable write reserves the day for every site. */
		if (reserve(s, site, ymd) < 0)
			goto nomem;
		for (i = 0; i < s->nsites; i++) {
			struct entry *o = find(s, s->sites[i], ymd);

			if ((o == NULL || !o->touched) && reserve(s, s->sites[i], ymd) < 0)
				goto nomem;
		}
		if (write_file(s, 0) < 0) {
			s->broken = 1;
			return -1;
		}
		e = find(s, site, ymd);
	}
	*n = ++e->used;
	return 0;
nomem:
	fail(s, "out of memory");
	s->broken = 1;
	return -1;
}

int qk_seq_close(struct qk_seq *s)
{
	int r = 0;

	if (s->loaded && !s->broken)
		r = write_file(s, 1);
	s->loaded = 0;
	s->broken = 1;
	if (r == 0)
		fail(s, "%s: closed", s->path);
	return r;
}

void qk_seq_free(struct qk_seq *s)
{
	if (s != NULL)
		seq_free(s);
}
