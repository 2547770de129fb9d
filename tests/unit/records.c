/* The record reader's pipeline (qk_reader_pipeline): the same records,
 * warnings, stops and errors as one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "node.h"
#include "records.h"
#include "test.h"

/* What a run hands to its callbacks, as text. */
struct transcript {
	struct qk_reader *r;
	char *text;
	size_t len, cap;
	int records, stop_at, before_reads;
};

static void say(struct transcript *t, const char *fmt, const char *doc,
    const char *s, long n)
{
	char line[512];
	int k = snprintf(line, sizeof line, fmt, doc, s, n);

	if (t->len + (size_t)k + 1 > t->cap) {
		t->cap = (t->len + k + 1) * 2;
		t->text = realloc(t->text, t->cap);
	}
	memcpy(t->text + t->len, line, (size_t)k + 1);
	t->len += k;
}

static int on_record(void *arg, struct qk_node *rec)
{
	struct transcript *t = arg;
	const char *id = qk_get(rec, QK_id);
	const struct qk_node *c;
	long text = 0;

	for (c = rec->child; c != NULL; c = c->next)
		text += (long)c->textlen;
	say(t, "%s %s %ld\n", qk_reader_doc(t->r), id != NULL ? id : "-", text);
	if (++t->records == t->stop_at)
		return 7;
	return 0;
}

static void on_warning(void *arg, const char *file, long line, const char *msg)
{
	say(arg, "warning %s %s %ld\n", file, msg, line);
}

static int before_read(void *arg)
{
	((struct transcript *)arg)->before_reads++;
	return 0;
}

/* Runs the reader over the files, pipelined or not: its result. */
static int run(const char *const *paths, int n, int pipelined, int stop_at,
    struct transcript *t, char *err, size_t errlen)
{
	struct qk_input *in = qk_input_new(paths, n, 1);
	int r;

	memset(t, 0, sizeof *t);
	t->stop_at = stop_at;
	t->r = qk_reader_new(in, "cases", "case");
	if (t->r == NULL)
		return -2;
	qk_reader_on_warning(t->r, on_warning, t);
	qk_reader_before_read(t->r, before_read, t);
	qk_reader_pipeline(t->r, pipelined);
	r = qk_reader_run(t->r, on_record, t);
	snprintf(err, errlen, "%s", r == -1 ? qk_reader_error(t->r, NULL, NULL, NULL) : "");
	qk_reader_free(t->r);
	qk_input_free(in);
	if (t->text == NULL)
		t->text = calloc(1, 1);
	return r;
}

/* A document of n cases; case big (when > 0) has a text of 100 000 bytes,
 * a <note/> follows case junk (when > 0), and tail ends it. */
static char *cases_doc(int n, int big, int junk, const char *tail)
{
	size_t cap = (size_t)n * 200 + 200000 + strlen(tail), len = 0;
	char *s = malloc(cap);
	int i;

	len += sprintf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cases version=\"1\">\n");
	for (i = 1; i <= n; i++) {
		len += sprintf(s + len, "<case id=\"C-%d\"><application ref=\"%d\"/>", i, i);
		if (i == big) {
			len += sprintf(s + len, "<note>");
			memset(s + len, 'x', 100000);
			len += 100000;
			len += sprintf(s + len, "</note>");
		}
		len += sprintf(s + len, "<x>text %d</x></case>\n", i);
		if (i == junk)
			len += sprintf(s + len, "<note/>\n");
	}
	sprintf(s + len, "%s", tail);
	return s;
}

static int write_doc(struct qk_test_tmp *tmp, const char *name, char *text,
    char *path, size_t pathlen)
{
	int r = qk_test_tmp_write(tmp, name, text, path, pathlen);

	free(text);
	return r;
}

QK_TEST(reader_pipeline_hands_over_the_same_records_and_warnings_in_order)
{
	struct qk_test_tmp tmp = { "" };
	char a[1024], b[1024], err[512];
	const char *paths[2] = { a, b };
	struct transcript one, two;

	CHECK(qk_test_tmp_make(&tmp) == 0);
	CHECK(write_doc(&tmp, "a.xml", cases_doc(300, 120, 40, "</cases>\n"), a, sizeof a) == 0);
	CHECK(write_doc(&tmp, "b.xml", cases_doc(5, 0, 0, "</cases>\n"), b, sizeof b) == 0);
	CHECK_INT(run(paths, 2, 0, 0, &one, err, sizeof err), 0);
	CHECK_INT(run(paths, 2, 1, 0, &two, err, sizeof err), 0);
	qk_test_tmp_remove(&tmp);
	CHECK_INT(one.records, 305);
	CHECK_INT(two.records, 305);
	CHECK(strstr(two.text, " C-40 7\nwarning ") != NULL);
	CHECK(strstr(two.text, "skipping element 'note'") != NULL);
	CHECK(strstr(two.text, " C-120 100008\n") != NULL);
	CHECK(strstr(two.text, "b.xml C-5 6\n") != NULL);
	CHECK_STR(two.text, one.text);
	CHECK(two.before_reads > 0);
	free(one.text);
	free(two.text);
}

QK_TEST(reader_pipeline_stops_when_the_callback_says_so)
{
	struct qk_test_tmp tmp = { "" };
	char a[1024], err[512];
	const char *paths[1] = { a };
	struct transcript t;

	CHECK(qk_test_tmp_make(&tmp) == 0);
	CHECK(write_doc(&tmp, "a.xml", cases_doc(2000, 0, 0, "</cases>\n"), a, sizeof a) == 0);
	CHECK_INT(run(paths, 1, 1, 100, &t, err, sizeof err), 7);
	qk_test_tmp_remove(&tmp);
	CHECK_INT(t.records, 100);
	free(t.text);
}

QK_TEST(reader_pipeline_hands_over_the_records_before_a_fatal_error)
{
	struct qk_test_tmp tmp = { "" };
	char a[1024], err1[512], err2[512];
	const char *paths[1] = { a };
	struct transcript one, two;

	CHECK(qk_test_tmp_make(&tmp) == 0);
	CHECK(write_doc(&tmp, "a.xml", cases_doc(500, 0, 0, "<case id=\"bad\"><a></case>\n</cases>\n"),
	    a, sizeof a) == 0);
	CHECK_INT(run(paths, 1, 0, 0, &one, err1, sizeof err1), -1);
	CHECK_INT(run(paths, 1, 1, 0, &two, err2, sizeof err2), -1);
	qk_test_tmp_remove(&tmp);
	CHECK_INT(one.records, 500);
	CHECK_INT(two.records, 500);
	CHECK_STR(two.text, one.text);
	CHECK_STR(err2, err1);
	CHECK(err1[0] != '\0');
	free(one.text);
	free(two.text);
}

QK_TEST(reader_pipeline_bounds_a_record_by_max_record_as_one_thread_does)
{
	struct qk_test_tmp tmp = { "" };
	char a[1024], err[512];
	const char *paths[1] = { a };
	struct transcript t;
	struct qk_input *in;

	CHECK(qk_test_tmp_make(&tmp) == 0);
	CHECK(write_doc(&tmp, "a.xml", cases_doc(50, 30, 0, "</cases>\n"), a, sizeof a) == 0);
	in = qk_input_new(paths, 1, 1);
	memset(&t, 0, sizeof t);
	t.r = qk_reader_new(in, "cases", "case");
	CHECK(t.r != NULL);
	qk_reader_max_record(t.r, 50000);
	qk_reader_pipeline(t.r, 1);
	CHECK_INT(qk_reader_run(t.r, on_record, &t), -1);
	snprintf(err, sizeof err, "%s", qk_reader_error(t.r, NULL, NULL, NULL));
	qk_reader_free(t.r);
	qk_input_free(in);
	qk_test_tmp_remove(&tmp);
	CHECK_INT(t.records, 29);
	CHECK(strstr(err, "--max-record") != NULL);
	free(t.text);
}
