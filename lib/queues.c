#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "catalog.h"
#include "node.h"
#include "output.h"
#include "pack.h"
#include "queues.h"
#include "replay.h"
#include "value.h"

struct queue {
	const char *dept;
	char *path;		/* where its document is written */
	struct qk_output *out;
};

struct qk_queues {
	char *dest;
	char *tmpdir;		/* member files of an archive */
	struct queue *q;
	int n;
};

/* An output whose root is <cases version="1">. */
static struct qk_output *open_cases(const char *path, char *err, size_t errlen)
{
	struct qk_attr version = { "version", "1", QK_version };
	struct qk_node root = { 0 };

	root.name = "cases";
	root.attr = &version;
	root.nattr = 1;
	return qk_output_open(path, &root, err, errlen);
}

static char *member_path(const char *dir, const char *dept)
{
	char *p = malloc(strlen(dir) + strlen(dept) + 6);

	if (p != NULL)
		sprintf(p, "%s/%s.xml", dir, dept);
	return p;
}

/* The folder the documents go to: DEST, or a new one in $TMPDIR. */
static const char *folder(struct qk_queues *qs, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	if (!qk_pack_is_archive(qs->dest)) {
		if (mkdir(qs->dest, 0777) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", qs->dest, strerror(errno));
			return NULL;
		}
		return qs->dest;
	}
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	qs->tmpdir = malloc(strlen(tmp) + 20);
	if (qs->tmpdir == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	sprintf(qs->tmpdir, "%s/qk-split-XXXXXX", tmp);
	if (mkdtemp(qs->tmpdir) == NULL) {
		snprintf(err, errlen, "%s: %s", qs->tmpdir, strerror(errno));
		free(qs->tmpdir);
		qs->tmpdir = NULL;
		return NULL;
	}
	return qs->tmpdir;
}

static int add_queue(struct qk_queues *qs, const char *dir, const char *dept,
    char *err, size_t errlen)
{
	struct queue *q;

	/* A queue is named by its code: anything else could name a path
	 * outside DEST (formats.md: codes are [A-Za-z0-9_-]+). */
	if (!qk_value_is_code(dept, strlen(dept))) {
		snprintf(err, errlen, "catalog department '%s' is not a code: "
		    "no work queue can be named after it", dept);
		return -1;
	}
	if ((q = realloc(qs->q, (qs->n + 1) * sizeof *q)) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	qs->q = q;
	q = &qs->q[qs->n];
	q->dept = dept;
	q->out = NULL;
	q->path = member_path(dir, dept);
	if (q->path == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	qs->n++;
	q->out = open_cases(q->path, err, errlen);
	return q->out != NULL ? 0 : -1;
}

struct qk_queues *qk_queues_open(const char *dest, const struct qk_catalog *cat,
    char *err, size_t errlen)
{
	struct qk_queues *qs = calloc(1, sizeof *qs);
	const struct qk_node *d;
	const char *dir;

	if (qs == NULL || (qs->dest = strdup(dest)) == NULL) {
		free(qs);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	dir = folder(qs, err, errlen);
	if (dir == NULL) {
		qk_queues_abort(qs);
		return NULL;
	}
	for (d = qk_child(qk_catalog_root(cat), QK_dept); d != NULL; d = qk_next(d, QK_dept))
		if (qk_get(d, QK_code) != NULL &&
		    add_queue(qs, dir, qk_get(d, QK_code), err, errlen) < 0) {
			qk_queues_abort(qs);
			return NULL;
		}
	return qs;
}

static int routed_to(const struct qk_replay *r, const char *dept)
{
	int i;

	for (i = 0; i < qk_replay_nitems(r); i++) {
		const struct qk_ritem *it = qk_replay_item(r, i);

		if (it->state == QK_IT_ROUTED && !it->routed_window && it->dept != NULL &&
		    strcmp(it->dept, dept) == 0)
			return 1;
	}
	return 0;
}

void qk_queues_add(struct qk_queues *qs, const struct qk_node *c,
    const struct qk_replay *r, const struct qk_catalog *cat)
{
	int i;

	for (i = 0; i < qs->n; i++)
		if (routed_to(r, qs->q[i].dept))
			qk_case_write(qk_output_writer(qs->q[i].out), c, r, cat);
}

int qk_queues_finish(struct qk_queues *qs, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < qs->n; i++)
		if (qk_output_finish(qs->q[i].out, err, errlen) < 0)
			return -1;
	return 0;
}

static void free_queues(struct qk_queues *qs)
{
	int i;

	for (i = 0; i < qs->n; i++)
		free(qs->q[i].path);
	free(qs->q);
	free(qs->dest);
	free(qs->tmpdir);
	free(qs);
}

/* Removes the member files and the folder of an archive's spool. */
static void remove_spool(struct qk_queues *qs)
{
	int i;

	if (qs->tmpdir == NULL)
		return;
	for (i = 0; i < qs->n; i++)
		unlink(qs->q[i].path);
	rmdir(qs->tmpdir);
}

/* Writes the spooled members as the archive DEST. */
static int write_archive(struct qk_queues *qs, long long mtime, char *err,
    size_t errlen)
{
	const char **names = calloc(qs->n + 1, sizeof *names);
	const char **files = calloc(qs->n + 1, sizeof *files);
	int i, r = -1;

	if (names == NULL || files == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
	} else {
		for (i = 0; i < qs->n; i++) {
			files[i] = qs->q[i].path;
			names[i] = strrchr(qs->q[i].path, '/') + 1;
		}
		r = qk_pack_write(qs->dest, names, files, qs->n, mtime, err, errlen);
	}
	free(names);
	free(files);
	return r;
}

int qk_queues_commit(struct qk_queues *qs, long long mtime, char *err,
    size_t errlen)
{
	int i, r = 0;

	for (i = 0; i < qs->n; i++) {
		struct qk_output *o = qs->q[i].out;

		qs->q[i].out = NULL;
		if (r == 0 && qk_output_commit(o, err, errlen) < 0)
			r = -1;
		else if (r < 0)
			qk_output_abort(o);
	}
	if (r == 0 && qs->tmpdir != NULL)
		r = write_archive(qs, mtime, err, errlen);
	remove_spool(qs);
	free_queues(qs);
	return r;
}

void qk_queues_abort(struct qk_queues *qs)
{
	int i;

	if (qs == NULL)
		return;
	for (i = 0; i < qs->n; i++)
		qk_output_abort(qs->q[i].out);
	remove_spool(qs);
	free_queues(qs);
}
