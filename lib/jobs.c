#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "jobs.h"
#include "pack.h"
#include "records.h"

#define BLOCK (64 * 1024)
#define AHEAD (64LL * 1024 * 1024)	/* a document's spool ahead of its reader */
#define HEADER 5			/* a frame: 4 bytes of length, 1 of type */

/* The frames of a document's spool. */
enum { IN_DATA, IN_ERROR };

/*
 * A spool: an unlinked file one thread writes frames to and another reads
 * them from as it grows.  The writer buffers whole frames and publishes
 * them; the reader reads what was published.  The fields marked "lock" are
 * shared under the jobs' lock.
 */
struct spool {
	int fd;
	int refs;			/* lock: writer and reader not done */
	long long published;		/* lock: bytes the reader may read */
	long long consumed;		/* lock: bytes the reader has taken */
	int closed;			/* lock: nothing more comes */
	int error;			/* lock: errno of a failed write */
	int abandoned;			/* lock: the reader stopped early */
	/* Writer. */
	char *wbuf;
	size_t wlen, wcap;
	long long wpos;
	/* Reader: rbuf[roff, rlen) holds the file's bytes up to rpos. */
	char *rbuf;
	size_t roff, rlen, rcap;
	long long rpos;
};

/* One document (or, with no name, only the reading thread's frames: the
 * skipped members before the end, or an input error). */
struct job {
	char *name;
	char *path;			/* a whole file its worker opens, or NULL */
	struct spool *in;		/* its bytes, for the worker */
	struct spool *out;		/* its frames, for the caller */
	struct job *next;		/* in the order list or the work queue */
	struct job *next_work;
	struct qk_jobs *jobs;
};

struct qk_jobs {
	struct qk_jobs_conf c;
	char *tmpdir;
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* broadcast on every change */
	int running;			/* lock: threads not yet ended */
	/* Under lock. */
	struct job *order, *order_tail;	/* made, not yet read back */
	struct job *work, *work_tail;	/* waiting for a worker */
	int inflight, reading_done, cancel, error;
	/* The reading thread's job being made, and the caller's. */
	struct job *pending;
	struct job *cur;
};

int qk_jobs_plan(int workers, const char *const *paths, int npaths)
{
	if (workers <= 1)
		return QK_JOBS_ONE;
	if (npaths == 0 || (npaths == 1 && !qk_pack_is_archive(paths[0])))
		return QK_JOBS_STREAM;
	return QK_JOBS_PARALLEL;
}

int qk_jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

/* ---- Spools ---- */

static struct spool *spool_new(const char *tmpdir)
{
	struct spool *s = calloc(1, sizeof *s);
	char *path = malloc(strlen(tmpdir) + 32);

	if (s == NULL || path == NULL)
		goto fail;
	sprintf(path, "%s/qk-jobs.XXXXXX", tmpdir);
	if ((s->fd = mkstemp(path)) < 0)
		goto fail;
	unlink(path);
	free(path);
	s->refs = 2;
	return s;
fail:
	free(path);
	free(s);
	return NULL;
}

static void spool_free(struct spool *s)
{
	if (s == NULL)
		return;
	close(s->fd);
	free(s->wbuf);
	free(s->rbuf);
	free(s);
}

/* The writer or the reader is done with s: the last frees it. */
static void spool_drop(struct qk_jobs *j, struct spool *s)
{
	int last;

	if (s == NULL)
		return;
	pthread_mutex_lock(&j->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (last)
		spool_free(s);
}

static int grow(char **buf, size_t *cap, size_t need)
{
	size_t c = *cap < BLOCK ? BLOCK : *cap;
	char *b;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if ((b = realloc(*buf, c)) == NULL)
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len, long long off)
{
	ssize_t n;

	while (len > 0) {
		if ((n = pwrite(fd, buf, len, off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Hands the frames written so far to the reader; with ahead, waits while
 * the reader is more than AHEAD behind. */
static int spool_publish(struct qk_jobs *j, struct spool *s, int ahead)
{
	int e = 0;

	if (s->wlen == 0 && !ahead)
		return 0;	/* nothing new: no one to wake */
	if (s->wlen > 0) {
		if (write_all(s->fd, s->wbuf, s->wlen, s->wpos) < 0)
			e = errno;
		s->wpos += (long long)s->wlen;
		s->wlen = 0;
	}
	pthread_mutex_lock(&j->lock);
	if (e != 0 && s->error == 0)
		s->error = e;
	s->published = s->wpos;
	pthread_cond_broadcast(&j->cond);
	while (ahead && s->published - s->consumed > AHEAD && !s->abandoned &&
	    !j->cancel)
		pthread_cond_wait(&j->cond, &j->lock);
	if (ahead && j->cancel && e == 0)
		e = ECANCELED;
	pthread_mutex_unlock(&j->lock);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

/* Room for a frame of len bytes: its payload's place, or NULL. */
static char *spool_frame(struct spool *s, int type, size_t len)
{
	uint32_t n = (uint32_t)len;
	char *p;

	if (len > UINT32_MAX || grow(&s->wbuf, &s->wcap, s->wlen + HEADER + len) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	p = s->wbuf + s->wlen;
	memcpy(p, &n, 4);
	p[4] = (char)type;
	s->wlen += HEADER + len;
	return p + HEADER;
}

static int spool_put(struct qk_jobs *j, struct spool *s, int type,
    const void *data, size_t len)
{
	char *p = spool_frame(s, type, len);

	if (p == NULL)
		return -1;
	if (len > 0)
		memcpy(p, data, len);
	return s->wlen >= BLOCK ? spool_publish(j, s, 0) : 0;
}

static void spool_close(struct qk_jobs *j, struct spool *s)
{
	(void)spool_publish(j, s, 0);
	free(s->wbuf);
	s->wbuf = NULL;
	s->wlen = s->wcap = 0;
	/* Once closed, the reader may free s. */
	pthread_mutex_lock(&j->lock);
	s->closed = 1;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

/* Reads more of the file into rbuf, at least need bytes in all, waiting
 * for the writer: 1, 0 when nothing more comes, -1 with errno set. */
static int spool_fill(struct qk_jobs *j, struct spool *s, size_t need)
{
	size_t have = s->rlen - s->roff, want;
	long long avail;
	ssize_t n;
	int e;

	if (have > 0 && s->roff > 0)
		memmove(s->rbuf, s->rbuf + s->roff, have);
	s->rlen = have;
	s->roff = 0;
	if (grow(&s->rbuf, &s->rcap, need) < 0)
		return -1;
	pthread_mutex_lock(&j->lock);
	while (s->published == s->rpos && !s->closed && s->error == 0 && !j->cancel)
		pthread_cond_wait(&j->cond, &j->lock);
	avail = s->published - s->rpos;
	e = s->error != 0 ? s->error : j->cancel ? ECANCELED : 0;
	pthread_mutex_unlock(&j->lock);
	if (avail == 0) {
		errno = e;
		return e != 0 ? -1 : 0;
	}
	want = s->rcap - s->rlen;
	if ((long long)want > avail)
		want = (size_t)avail;
	do
		n = pread(s->fd, s->rbuf + s->rlen, want, s->rpos);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		if (n == 0)
			errno = EIO;
		return -1;
	}
	s->rlen += (size_t)n;
	s->rpos += n;
	pthread_mutex_lock(&j->lock);
	s->consumed = s->rpos;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return 1;
}

/* The next frame: 1, 0 at the end, -1 with errno set. */
static int spool_get(struct qk_jobs *j, struct spool *s, int *type,
    const char **data, size_t *len)
{
	for (;;) {
		size_t have = s->rlen - s->roff, need = HEADER;
		uint32_t n;
		int r;

		if (have >= HEADER) {
			memcpy(&n, s->rbuf + s->roff, 4);
			need = HEADER + n;
			if (have >= need) {
				*type = (unsigned char)s->rbuf[s->roff + 4];
				*data = s->rbuf + s->roff + HEADER;
				*len = n;
				s->roff += need;
				return 1;
			}
		}
		if ((r = spool_fill(j, s, need)) <= 0) {
			if (r == 0 && have > 0) {
				errno = EIO;	/* a frame cut short: cannot happen */
				return -1;
			}
			return r;
		}
	}
}

/* ---- Frames of strings ---- */

static int spool_put_strings(struct qk_jobs *j, struct spool *sp, int type,
    const char *const *s, int n)
{
	size_t len = 0, k;
	char *p;
	int i;

	for (i = 0; i < n; i++)
		len += 1 + (s[i] != NULL ? strlen(s[i]) + 1 : 0);
	if ((p = spool_frame(sp, type, len)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		*p++ = s[i] != NULL;
		if (s[i] == NULL)
			continue;
		k = strlen(s[i]) + 1;
		memcpy(p, s[i], k);
		p += k;
	}
	return sp->wlen >= BLOCK ? spool_publish(j, sp, 0) : 0;
}

int qk_job_put(struct qk_job *job, int type, const void *data, size_t len)
{
	struct job *jb = (struct job *)job;

	return spool_put(jb->jobs, jb->out, type, data, len);
}

int qk_job_put_strings(struct qk_job *job, int type, const char *const *s, int n)
{
	struct job *jb = (struct job *)job;

	return spool_put_strings(jb->jobs, jb->out, type, s, n);
}

int qk_jobs_strings(const char *data, size_t len, const char **s, int n)
{
	const char *end = data + len;
	int i;

	for (i = 0; i < n; i++) {
		if (data >= end)
			return -1;
		if (*data++ == 0) {
			s[i] = NULL;
			continue;
		}
		s[i] = data;
		if ((data = memchr(data, '\0', (size_t)(end - data))) == NULL)
			return -1;
		data++;
	}
	return 0;
}

int qk_job_message(struct qk_job *job, int type, const char *file, long line,
    long col, const char *msg)
{
	char l[24], c[24];
	const char *s[4];

	snprintf(l, sizeof l, "%ld", line);
	snprintf(c, sizeof c, "%ld", col);
	s[0] = file != NULL ? file : "";
	s[1] = l;
	s[2] = c;
	s[3] = msg;
	return qk_job_put_strings(job, type, s, 4);
}

/* ---- Jobs ---- */

static struct job *job_new(struct qk_jobs *j)
{
	struct job *jb = calloc(1, sizeof *jb);

	if (jb == NULL)
		return NULL;
	if ((jb->out = spool_new(j->tmpdir)) == NULL) {
		free(jb);
		return NULL;
	}
	jb->jobs = j;
	return jb;
}

static void job_free(struct job *jb)
{
	if (jb == NULL)
		return;
	free(jb->name);
	free(jb->path);
	spool_free(jb->out);	/* its writer is done: it was closed */
	free(jb);
}

/* The reading thread's job being made (its skipped members so far). */
static struct job *pending(struct qk_jobs *j)
{
	if (j->pending == NULL)
		j->pending = job_new(j);
	return j->pending;
}

/* Puts the pending job in the order list, and in the work queue when it
 * has a document. */
static void add_job(struct qk_jobs *j, struct job *jb)
{
	j->pending = NULL;
	pthread_mutex_lock(&j->lock);
	if (j->order_tail != NULL)
		j->order_tail->next = jb;
	else
		j->order = jb;
	j->order_tail = jb;
	j->inflight++;
	if (jb->name != NULL) {
		if (j->work_tail != NULL)
			j->work_tail->next_work = jb;
		else
			j->work = jb;
		j->work_tail = jb;
	}
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

/* The reading thread failed (memory, spool): the run ends with errno. */
static void set_error(struct qk_jobs *j, int e)
{
	pthread_mutex_lock(&j->lock);
	if (j->error == 0)
		j->error = e != 0 ? e : EIO;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

static void on_skip(void *arg, const char *name, const char *why)
{
	struct qk_jobs *j = arg;
	struct job *jb = pending(j);

	if (jb == NULL || qk_job_message((struct qk_job *)jb, QK_FRAME_WARN, name,
	    0, 0, why) < 0)
		set_error(j, errno);
}

/* Copies the document's blocks into s: 0 at its end, -1 after an input
 * error (written as a frame, as the reader will report it) or a spool
 * error. */
static int copy_document(struct qk_jobs *j, struct qk_input *in, struct spool *s)
{
	const char *buf, *e[2];
	ssize_t n;
	int r = 0;

	while ((n = qk_input_read(in, &buf)) > 0)
		if (spool_put(j, s, IN_DATA, buf, (size_t)n) < 0 ||
		    spool_publish(j, s, 1) < 0)
			break;
	if (n < 0) {
		e[0] = qk_input_error(in, &e[1]);
		if (spool_put_strings(j, s, IN_ERROR, e, 2) < 0)
			set_error(j, errno);
		r = -1;
	} else if (n > 0) {
		set_error(j, errno);
		r = -1;
	}
	spool_close(j, s);
	spool_drop(j, s);
	return r;
}

/* Waits until fewer than 2 N + 2 jobs are in flight: 0, or -1 on cancel. */
static int wait_room(struct qk_jobs *j)
{
	int r;

	pthread_mutex_lock(&j->lock);
	while (j->inflight >= 2 * j->c.workers + 2 && !j->cancel)
		pthread_cond_wait(&j->cond, &j->lock);
	r = j->cancel ? -1 : 0;
	pthread_mutex_unlock(&j->lock);
	return r;
}

/* Ends the pending job with an input error, as the reader reports one. */
static void input_error(struct qk_jobs *j, struct qk_input *in)
{
	struct job *jb = pending(j);
	const char *where, *msg = qk_input_error(in, &where);

	if (jb == NULL ||
	    qk_job_message((struct qk_job *)jb, QK_FRAME_ERROR, where, 0, 0, msg) < 0) {
		set_error(j, errno);
		return;
	}
	spool_close(j, jb->out);
	add_job(j, jb);
}

/* One document: a job for the workers, its bytes copied as they come. */
static int start_document(struct qk_jobs *j, struct qk_input *in, const char *name)
{
	struct job *jb = pending(j);
	struct spool *s;

	if (jb == NULL || (jb->name = strdup(name)) == NULL ||
	    (jb->in = spool_new(j->tmpdir)) == NULL) {
		set_error(j, errno);
		return -1;
	}
	s = jb->in;
	add_job(j, jb);
	return copy_document(j, in, s);
}

/* A whole file that is one document (not an archive, not standard
 * input): its worker opens it itself, decompressing it on its own. */
static int start_file(struct qk_jobs *j, const char *path, const char *name)
{
	struct job *jb = pending(j);

	if (jb == NULL || (jb->name = strdup(name)) == NULL ||
	    (jb->path = strdup(path)) == NULL) {
		set_error(j, errno);
		return -1;
	}
	add_job(j, jb);
	return 0;
}

/* 1 when the document name is that of the whole input path, a regular
 * file its worker can open again: a pipe or a fifo (bash's <(…)) would
 * give it nothing, its bytes already read here. */
static int whole_file(const char *path, const char *name)
{
	char buf[2100];
	struct stat st;

	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	qk_input_escape(path, buf, sizeof buf);
	return strcmp(buf, name) == 0;
}

/* The documents of one operand, as jobs: 0, or -1 to stop (an input
 * error, a failure or the end of the run). */
static int read_operand(struct qk_jobs *j, const char *path)
{
	struct qk_input *in = qk_input_new(&path, 1, -1);
	const char *name;
	int k, r = 0;

	if (in == NULL) {
		set_error(j, ENOMEM);
		return -1;
	}
	qk_input_on_skip(in, on_skip, j);
	while (r == 0 && (r = wait_room(j)) == 0) {
		if ((k = qk_input_next(in, &name)) == 0)
			break;
		if (k < 0) {
			input_error(j, in);
			r = -1;
		} else if (whole_file(path, name)) {
			r = start_file(j, path, name);
			break;
		} else {
			r = start_document(j, in, name);
		}
	}
	qk_input_free(in);
	return r;
}

static void *read_inputs(void *arg)
{
	struct qk_jobs *j = arg;
	const char *std_in = "-";
	int i;

	for (i = 0; i < (j->c.npaths > 0 ? j->c.npaths : 1); i++)
		if (read_operand(j, j->c.npaths > 0 ? j->c.paths[i] : std_in) < 0)
			break;
	if (i == (j->c.npaths > 0 ? j->c.npaths : 1) && j->pending != NULL) {
		spool_close(j, j->pending->out);
		add_job(j, j->pending);
	}
	if (j->pending != NULL)
		job_free(j->pending);
	j->pending = NULL;
	pthread_mutex_lock(&j->lock);
	j->reading_done = 1;
	j->running--;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* ---- Workers ---- */

struct worker {
	struct qk_jobs *jobs;
	int index;
};

static ssize_t relay_read(void *arg, char *out, size_t cap, const char **msg,
    const char **where)
{
	struct job *jb = arg;
	struct qk_jobs *j = jb->jobs;
	const char *data, *e[2];
	size_t len;
	int type, r;

	r = spool_get(j, jb->in, &type, &data, &len);
	if (r == 0)
		return 0;
	if (r > 0 && type == IN_DATA && len <= cap) {
		memcpy(out, data, len);
		return (ssize_t)len;
	}
	if (r > 0 && type == IN_ERROR && qk_jobs_strings(data, len, e, 2) == 0) {
		*msg = e[0];
		*where = e[1];
		return -1;
	}
	*msg = strerror(r < 0 ? errno : EIO);
	*where = jb->name;
	return -1;
}

static void on_warning(void *arg, const char *file, long line, const char *msg)
{
	(void)qk_job_message(arg, QK_FRAME_WARN, file, line, 0, msg);
}

static int before_read(void *arg)
{
	struct job *jb = arg;

	return spool_publish(jb->jobs, jb->out, 0);
}

static void run_job(struct qk_jobs *j, int index, struct job *jb)
{
	struct qk_input *in = jb->path != NULL ?
	    qk_input_new((const char *const *)&jb->path, 1, -1) :
	    qk_input_new_relay(jb->name, relay_read, jb);
	struct qk_reader *r = in != NULL ?
	    qk_reader_new(in, j->c.root, j->c.record) : NULL;
	const char *file, *msg;
	long line, col;

	if (r == NULL) {
		(void)qk_job_message((struct qk_job *)jb, QK_FRAME_ERROR, NULL, 0, 0,
		    strerror(ENOMEM));
	} else {
		qk_reader_max_record(r, j->c.max_record);
		qk_reader_on_warning(r, on_warning, jb);
		qk_reader_before_read(r, before_read, jb);
		if (j->c.fn(j->c.arg, index, r, (struct qk_job *)jb) == -1) {
			msg = qk_reader_error(r, &file, &line, &col);
			(void)qk_job_message((struct qk_job *)jb, QK_FRAME_ERROR, file,
			    line, col, msg);
		}
	}
	qk_reader_free(r);
	qk_input_free(in);
	if (jb->in != NULL) {
		pthread_mutex_lock(&j->lock);
		jb->in->abandoned = 1;
		pthread_cond_broadcast(&j->cond);
		pthread_mutex_unlock(&j->lock);
		spool_drop(j, jb->in);
		jb->in = NULL;
	}
	spool_close(j, jb->out);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct qk_jobs *j = w->jobs;
	struct job *jb;

	for (;;) {
		pthread_mutex_lock(&j->lock);
		while (j->work == NULL && !j->reading_done && !j->cancel)
			pthread_cond_wait(&j->cond, &j->lock);
		jb = j->cancel ? NULL : j->work;
		if (jb != NULL && (j->work = jb->next_work) == NULL)
			j->work_tail = NULL;
		pthread_mutex_unlock(&j->lock);
		if (jb == NULL)
			break;
		run_job(j, w->index, jb);
	}
	free(w);
	pthread_mutex_lock(&j->lock);
	j->running--;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* ---- The caller's side ---- */

/* Starts a detached thread: a tool that exits on a fatal error leaves it
 * running (it may wait on standard input), as exit() allows. */
static int start_thread(struct qk_jobs *j, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	int e;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_mutex_lock(&j->lock);
	if ((e = pthread_create(&t, &attr, fn, arg)) == 0)
		j->running++;
	pthread_mutex_unlock(&j->lock);
	pthread_attr_destroy(&attr);
	return e;
}

struct qk_jobs *qk_jobs_start(const struct qk_jobs_conf *c)
{
	struct qk_jobs *j = calloc(1, sizeof *j);
	const char *t = c->tmpdir != NULL ? c->tmpdir : getenv("TMPDIR");
	int i;

	if (j == NULL)
		return NULL;
	j->c = *c;
	if ((j->tmpdir = strdup(t != NULL && *t != '\0' ? t : "/tmp")) == NULL) {
		free(j);
		errno = ENOMEM;
		return NULL;
	}
	qk_xml_init();
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	if ((errno = start_thread(j, read_inputs, j)) != 0)
		goto fail;
	for (i = 0; i < c->workers; i++) {
		struct worker *w = malloc(sizeof *w);

		if (w == NULL) {
			errno = ENOMEM;
			goto fail;
		}
		w->jobs = j;
		w->index = i;
		if ((errno = start_thread(j, work, w)) != 0) {
			free(w);
			goto fail;
		}
	}
	return j;
fail:
	i = errno;
	qk_jobs_free(j);
	errno = i;
	return NULL;
}

int qk_jobs_next(struct qk_jobs *j, int *type, const char **data, size_t *len)
{
	int r;

	for (;;) {
		if (j->cur == NULL) {
			pthread_mutex_lock(&j->lock);
			while (j->order == NULL && !j->reading_done && j->error == 0)
				pthread_cond_wait(&j->cond, &j->lock);
			if ((j->cur = j->order) != NULL &&
			    (j->order = j->cur->next) == NULL)
				j->order_tail = NULL;
			r = j->cur == NULL && j->error != 0 ? j->error : 0;
			pthread_mutex_unlock(&j->lock);
			if (j->cur == NULL) {
				errno = r;
				return r != 0 ? -1 : 0;
			}
		}
		if ((r = spool_get(j, j->cur->out, type, data, len)) != 0)
			return r;
		job_free(j->cur);
		j->cur = NULL;
		pthread_mutex_lock(&j->lock);
		j->inflight--;
		pthread_cond_broadcast(&j->cond);
		pthread_mutex_unlock(&j->lock);
	}
}

void qk_jobs_free(struct qk_jobs *j)
{
	struct job *jb;

	if (j == NULL)
		return;
	pthread_mutex_lock(&j->lock);
	j->cancel = 1;
	pthread_cond_broadcast(&j->cond);
	while (j->running > 0)
		pthread_cond_wait(&j->cond, &j->lock);
	pthread_mutex_unlock(&j->lock);
	job_free(j->cur);
	while ((jb = j->order) != NULL) {
		j->order = jb->next;
		if (jb->in != NULL) {
			spool_drop(j, jb->in);	/* never run: the worker's part */
			jb->in = NULL;
		}
		job_free(jb);
	}
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j->tmpdir);
	free(j);
}
