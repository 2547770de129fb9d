#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cal.h"
#include "catalog.h"
#include "node.h"
#include "records.h"
#include "roster.h"
#include "test.h"

#define X(name) void test_##name(void);
#include "list.h"
#undef X

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define X(name) { #name, test_##name },
#include "list.h"
#undef X
};

static int failed;

void qk_test_fail(const char *file, int line, const char *what)
{
	printf("# %s:%d: check failed: %s\n", file, line, what);
	failed = 1;
}

void qk_test_failf(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed = 1;
}

const char *qk_test_data(void)
{
	const char *d = getenv("QK_TEST_DATA");

	return d != NULL ? d : QK_SRCDIR "/tests/data";
}

struct qk_node *qk_test_doc(struct qk_arena *a, const char *path,
    const char *rootname)
{
	char full[1024];
	struct qk_node *root = NULL;
	struct qk_load_error e = { "", "", 0, 0 };

	snprintf(full, sizeof full, "%s/%s", qk_test_data(), path);
	if (qk_reader_load(full, rootname, a, &root, &e) < 0) {
		printf("# %s:%ld: %s\n", e.file, e.line, e.msg);
		return NULL;
	}
	return root;
}

struct qk_node *qk_test_node(struct qk_arena *a, struct qk_node *parent,
    const char *spec)
{
	const char *p, *end = strchr(spec, ' ');
	struct qk_node *n = NULL;
	char *name;

	if (end == NULL)
		end = spec + strlen(spec);
	if ((name = qk_arena_strndup(a, spec, end - spec)) != NULL)
		n = qk_node_new(a, name);
	if (n == NULL)
		return NULL;
	for (p = end; *p == ' '; p = end) {
		const char *eq;

		p++;
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', end - p);
		if (eq == NULL || qk_node_set(a, n, qk_arena_strndup(a, p, eq - p),
		    qk_arena_strndup(a, eq + 1, end - eq - 1)) < 0)
			return NULL;
	}
	if (parent != NULL)
		qk_node_append(parent, n);
	return n;
}

static struct {
	int tried, ok;
	struct qk_catalog *cat;
	struct qk_roster *ros;
	struct qk_cal *cal;
} ref;

static int ref_load(void)
{
	const char *err = NULL, *file = "";
	long line = 0;

	ref.cat = qk_catalog_load(QK_SRCDIR "/share/qk/catalog.xml");
	ref.ros = qk_roster_load(QK_SRCDIR "/share/qk/roster.xml");
	ref.cal = qk_cal_new();
	if (ref.cat == NULL || ref.ros == NULL || ref.cal == NULL)
		return -1;
	if ((err = qk_catalog_error(ref.cat, &file, &line, NULL)) != NULL ||
	    (err = qk_roster_error(ref.ros, &file, &line, NULL)) != NULL)
		goto fail;
	if (qk_cal_load(ref.cal, QK_SRCDIR "/share/qk/calendar.xml") < 0) {
		err = qk_cal_error(ref.cal, &file, &line, NULL);
		goto fail;
	}
	return qk_cal_build(ref.cal);
fail:
	printf("# %s:%ld: %s\n", file, line, err);
	return -1;
}

int qk_test_ref(const struct qk_catalog **cat, const struct qk_roster **ros,
    struct qk_cal **cal)
{
	if (!ref.tried) {
		ref.tried = 1;
		ref.ok = ref_load() == 0;
	}
	if (cat != NULL)
		*cat = ref.cat;
	if (ros != NULL)
		*ros = ref.ros;
	if (cal != NULL)
		*cal = ref.cal;
	return ref.ok ? 0 : -1;
}

int qk_test_tmp_make(struct qk_test_tmp *t)
{
	const char *base = getenv("TMPDIR");

	snprintf(t->dir, sizeof t->dir, "%s/qk-unit-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	return mkdtemp(t->dir) != NULL ? 0 : -1;
}

int qk_test_tmp_write(const struct qk_test_tmp *t, const char *name,
    const char *text, char *path, size_t pathlen)
{
	char buf[512];
	FILE *f;
	int r;

	snprintf(buf, sizeof buf, "%s/%s", t->dir, name);
	if (path != NULL)
		snprintf(path, pathlen, "%s", buf);
	if ((f = fopen(buf, "w")) == NULL)
		return -1;
	r = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) != 0 ? -1 : r;
}

void qk_test_tmp_remove(const struct qk_test_tmp *t)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(t->dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", t->dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(t->dir);
}

/* With an argument, runs only the tests whose names contain it. */
int main(int argc, char **argv)
{
	size_t i, n = sizeof tests / sizeof tests[0];
	int bad = 0, k = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++)
		if (argc < 2 || strstr(tests[i].name, argv[1]) != NULL)
			k++;
	printf("1..%d\n", k);
	k = 0;
	for (i = 0; i < n; i++) {
		if (argc >= 2 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		failed = 0;
		tests[i].fn();
		printf("%sok %d - %s\n", failed ? "not " : "", ++k, tests[i].name);
		bad |= failed;
	}
	qk_catalog_free(ref.cat);
	qk_roster_free(ref.ros);
	qk_cal_free(ref.cal);
	return bad;
}
