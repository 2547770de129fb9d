#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "findings.h"
#include "writer.h"

static const char *const attr_names[QK_F_N] = {
	"case", "item", "material", "dept", "site", "staff", "decider", "due",
	"until", "days", "seq", "score", "attr", "expected", "found", "field",
	"word", "parent", "count", "to"
};

const char *qk_finding_attr_name(int attr)
{
	return attr >= 0 && attr < QK_F_N ? attr_names[attr] : "";
}

static const char *label(const char *rule)
{
	int i = qk_audit_rule_find(rule);

	return i >= 0 ? qk_audit_rule_at(i)->label : rule;
}

/* The text: the label, then " N 个工作日" when the finding has days. */
static void finding_text(const struct qk_finding *f, char *buf, size_t len)
{
	if (f->v[QK_F_DAYS] != NULL)
		snprintf(buf, len, "%s %s 个工作日", label(f->rule), f->v[QK_F_DAYS]);
	else
		snprintf(buf, len, "%s", label(f->rule));
}

void qk_finding_write_xml(struct qk_writer *w, const struct qk_finding *f)
{
	char text[256];
	int i;

	qk_write_open(w, 1, "finding");
	qk_write_attr(w, "rule", f->rule);
	qk_write_attr(w, "severity", qk_severity_name(f->severity));
	for (i = 0; i < QK_F_N; i++)
		if (f->v[i] != NULL)
			qk_write_attr(w, attr_names[i], f->v[i]);
	finding_text(f, text, sizeof text);
	qk_write_text_close(w, "finding", text);
}

/* A value on one line: TAB, CR and LF written as a space. */
static void write_field(struct qk_writer *w, const char *s)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, "\t\r\n");
		qk_write_raw(w, s, n);
		s += n;
		if (*s != '\0') {
			qk_write_raw(w, " ", 1);
			s++;
		}
	}
}

void qk_finding_write_text(struct qk_writer *w, const struct qk_finding *f)
{
	char text[256];
	int i, any = 0;

	write_field(w, qk_severity_name(f->severity));
	qk_write_raw(w, "\t", 1);
	write_field(w, f->rule);
	qk_write_raw(w, "\t", 1);
	write_field(w, f->v[QK_F_CASE] != NULL ? f->v[QK_F_CASE] : "-");
	qk_write_raw(w, "\t", 1);
	write_field(w, f->v[QK_F_ITEM] != NULL ? f->v[QK_F_ITEM] : "-");
	qk_write_raw(w, "\t", 1);
	for (i = 0; i < QK_F_N; i++) {
		if (i == QK_F_CASE || i == QK_F_ITEM || f->v[i] == NULL)
			continue;
		if (any++)
			qk_write_raw(w, " ", 1);
		write_field(w, attr_names[i]);
		qk_write_raw(w, "=", 1);
		write_field(w, f->v[i]);
	}
	if (!any)
		qk_write_raw(w, "-", 1);
	qk_write_raw(w, "\t", 1);
	finding_text(f, text, sizeof text);
	write_field(w, text);
	qk_write_raw(w, "\n", 1);
}

/*
 * The spool holds each finding as: the rule id and NUL, the severity as
 * one byte, then per attribute one byte 'A' + attr, its value and NUL,
 * then the byte 0x01.  Parsed XML values never hold NUL or 0x01.
 */
struct qk_spool {
	FILE *f;
	char *buf;
	size_t cap;
};

struct qk_spool *qk_spool_new(const char *dir)
{
	struct qk_spool *s = calloc(1, sizeof *s);
	char *path = NULL;
	int fd = -1;

	if (s == NULL)
		return NULL;
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((path = malloc(strlen(dir) + 32)) == NULL)
		goto fail;
	sprintf(path, "%s/qk-audit.XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		goto fail;
	unlink(path);
	if ((s->f = fdopen(fd, "w+")) == NULL)
		goto fail;
	free(path);
	return s;
fail:
	if (fd >= 0)
		close(fd);
	free(path);
	free(s);
	return NULL;
}

void qk_spool_free(struct qk_spool *s)
{
	if (s == NULL)
		return;
	if (s->f != NULL)
		fclose(s->f);
	free(s->buf);
	free(s);
}

int qk_spool_add(struct qk_spool *s, const struct qk_finding *f)
{
	int i;

	fputs(f->rule, s->f);
	putc('\0', s->f);
	putc('0' + f->severity, s->f);
	for (i = 0; i < QK_F_N; i++) {
		if (f->v[i] == NULL)
			continue;
		putc('A' + i, s->f);
		fputs(f->v[i], s->f);
		putc('\0', s->f);
	}
	putc('\1', s->f);
	return ferror(s->f) ? -1 : 0;
}

/* Reads one spooled finding into s->buf, without its final 0x01; 1, 0 at
 * the end, -1 on error. */
static int read_one(struct qk_spool *s, size_t *len)
{
	ssize_t n = getdelim(&s->buf, &s->cap, '\1', s->f);

	if (n < 0)
		return ferror(s->f) || !feof(s->f) ? -1 : 0;
	if (s->buf[n - 1] != '\1')
		return 0;	/* a record cut short ends the spool */
	*len = (size_t)n - 1;
	return 1;
}

/* Points a finding into a record read by read_one. */
static void parse_one(char *p, size_t len, struct qk_finding *f)
{
	char *end = p + len;

	memset(f, 0, sizeof *f);
	f->rule = p;
	p += strlen(p) + 1;
	f->severity = *p++ - '0';
	while (p < end) {
		int i = *p++ - 'A';

		f->v[i] = p;
		p += strlen(p) + 1;
	}
}

int qk_spool_each(struct qk_spool *s, qk_finding_fn *fn, void *arg)
{
	struct qk_finding f;
	size_t len;
	int r;

	if (fflush(s->f) != 0 || fseek(s->f, 0, SEEK_SET) != 0)
		return -1;
	while ((r = read_one(s, &len)) == 1) {
		parse_one(s->buf, len, &f);
		fn(arg, &f);
	}
	return r;
}

struct qk_fsink {
	struct qk_writer *w;
	int text;
	char *tmpdir;
	int phase;
	struct qk_spool *spool[2][3];	/* by phase, severity */
	int error;			/* errno of the first spool failure */
	int wrote_error;
	long count[3];
};

struct qk_fsink *qk_fsink_new(struct qk_writer *w, int text, const char *tmpdir)
{
	struct qk_fsink *k = calloc(1, sizeof *k);

	if (k == NULL)
		return NULL;
	k->w = w;
	k->text = text;
	k->phase = QK_PHASE_CASES;
	if (tmpdir != NULL && (k->tmpdir = strdup(tmpdir)) == NULL) {
		free(k);
		return NULL;
	}
	return k;
}

void qk_fsink_free(struct qk_fsink *k)
{
	int i;

	if (k == NULL)
		return;
	for (i = 0; i < 6; i++)
		qk_spool_free(k->spool[i / 3][i % 3]);
	free(k->tmpdir);
	free(k);
}

void qk_fsink_phase(struct qk_fsink *k, int phase)
{
	k->phase = phase;
}

static void write_now(struct qk_fsink *k, const struct qk_finding *f)
{
	if (k->text)
		qk_finding_write_text(k->w, f);
	else
		qk_finding_write_xml(k->w, f);
}

static int severity_index(int severity)
{
	return severity >= QK_SEV_ERROR && severity <= QK_SEV_INFO ? severity : QK_SEV_ERROR;
}

void qk_fsink_add(void *sink, const struct qk_finding *f)
{
	struct qk_fsink *k = sink;
	int sev = severity_index(f->severity);
	struct qk_spool **sp = &k->spool[k->phase][sev];

	k->count[sev]++;
	if (sev == QK_SEV_ERROR) {
		write_now(k, f);
		k->wrote_error = 1;
		return;
	}
	if (k->error != 0)
		return;
	if (*sp == NULL && (*sp = qk_spool_new(k->tmpdir)) == NULL)
		k->error = errno;
	else if (qk_spool_add(*sp, f) < 0)
		k->error = errno;
}

int qk_fsink_wrote_error(struct qk_fsink *k)
{
	int r = k->wrote_error;

	k->wrote_error = 0;
	return r;
}

/* Written at the end without a spool: counted, then written. */
static void add_late(void *sink, const struct qk_finding *f)
{
	struct qk_fsink *k = sink;

	k->count[severity_index(f->severity)]++;
	write_now(k, f);
}

static void write_cb(void *sink, const struct qk_finding *f)
{
	write_now(sink, f);
}

static int flush_spool(struct qk_fsink *k, int phase, int severity)
{
	struct qk_spool *sp = k->spool[phase][severity];

	k->spool[phase][severity] = NULL;
	if (sp == NULL)
		return 0;
	if (qk_spool_each(sp, write_cb, k) < 0) {
		k->error = errno;
		qk_spool_free(sp);
		return -1;
	}
	qk_spool_free(sp);
	return 0;
}

int qk_fsink_end(struct qk_fsink *k,
    void (*between)(void *arg, qk_finding_fn *fn, void *sink), void *arg)
{
	if (k->error != 0) {
		errno = k->error;
		return -1;
	}
	if (flush_spool(k, QK_PHASE_REF, QK_SEV_WARNING) < 0)
		return -1;
	if (between != NULL)
		between(arg, add_late, k);
	if (flush_spool(k, QK_PHASE_CASES, QK_SEV_WARNING) < 0 ||
	    flush_spool(k, QK_PHASE_REF, QK_SEV_INFO) < 0 ||
	    flush_spool(k, QK_PHASE_CASES, QK_SEV_INFO) < 0)
		return -1;
	return 0;
}

long qk_fsink_count(const struct qk_fsink *k, int severity)
{
	return k->count[severity_index(severity)];
}
