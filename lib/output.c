#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "node.h"
#include "output.h"
#include "writer.h"

#define MAX_TEMPS 256

/* Temporary files to remove on SIGINT or SIGTERM. */
static char *volatile temps[MAX_TEMPS];
static mode_t file_mode = 0644;

static void remove_temps(void)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
}

static void on_signal(int sig)
{
	remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

void qk_output_init(void)
{
	struct sigaction sa;
	mode_t old = umask(0);

	umask(old);
	file_mode = 0666 & ~old;
	/* Every exit path, exit(2) deep in an option check included, leaves
	 * no temporary file: a committed output is no longer registered. */
	atexit(remove_temps);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
}

static int register_temp(char *path)
{
	sigset_t old;
	int i;

	block_signals(&old);
	for (i = 0; i < MAX_TEMPS && temps[i] != NULL; i++)
		;
	if (i < MAX_TEMPS)
		temps[i] = path;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return i < MAX_TEMPS ? i : -1;
}

static void unregister_temp(int slot)
{
	sigset_t old;

	if (slot < 0)
		return;
	block_signals(&old);
	temps[slot] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

struct qk_output_atomic {
	char *path, *tmp;
	int fd, slot;
	int direct;	/* the target is no regular file: written in place */
};

/* A device or FIFO (-o /dev/null, a named pipe) cannot be replaced by a
 * rename, and must not be: it is written in place. */
static struct qk_output_atomic *open_direct(const char *path, int *fd)
{
	struct qk_output_atomic *at = calloc(1, sizeof *at);

	if (at == NULL)
		return NULL;
	at->fd = open(path, O_WRONLY | O_CLOEXEC);
	at->slot = -1;
	at->direct = 1;
	if (at->fd < 0) {
		free(at);
		return NULL;
	}
	*fd = at->fd;
	return at;
}

struct qk_output_atomic *qk_output_atomic_open(const char *path, int *fd)
{
	struct qk_output_atomic *at;
	char *copy;
	const char *dir;
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return open_direct(path, fd);
	at = calloc(1, sizeof *at);
	copy = strdup(path);
	if (at == NULL || copy == NULL)
		goto fail;
	dir = dirname(copy);
	at->path = strdup(path);
	at->tmp = malloc(strlen(dir) + 32);
	if (at->path == NULL || at->tmp == NULL)
		goto fail;
	sprintf(at->tmp, "%s/.qk-tmp-XXXXXX", dir);
	at->fd = mkstemp(at->tmp);
	if (at->fd < 0)
		goto fail;
	at->slot = register_temp(at->tmp);
	free(copy);
	*fd = at->fd;
	return at;
fail:
	if (at != NULL) {
		free(at->path);
		free(at->tmp);
	}
	free(at);
	free(copy);
	return NULL;
}

static void fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (copy == NULL)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

static void atomic_free(struct qk_output_atomic *at)
{
	unregister_temp(at->slot);
	free(at->path);
	free(at->tmp);
	free(at);
}

int qk_output_atomic_commit(struct qk_output_atomic *at)
{
	int e = 0;

	if (at->direct) {
		e = close(at->fd) < 0 ? errno : 0;
		atomic_free(at);
		errno = e;
		return e == 0 ? 0 : -1;
	}
	if (fsync(at->fd) < 0 || fchmod(at->fd, file_mode) < 0)
		e = errno;
	if (close(at->fd) < 0 && e == 0)
		e = errno;
	if (e == 0 && rename(at->tmp, at->path) < 0)
		e = errno;
	if (e != 0)
		unlink(at->tmp);
	else
		fsync_dir(at->path);
	atomic_free(at);
	errno = e;
	return e == 0 ? 0 : -1;
}

void qk_output_atomic_abort(struct qk_output_atomic *at)
{
	if (at == NULL)
		return;
	close(at->fd);
	if (!at->direct)
		unlink(at->tmp);
	atomic_free(at);
}

/* The compression a name's ending asks for: "gzip", "xz", "bzip2",
 * "zstd", or NULL for none. */
static const char *output_filter(const char *path)
{
	static const struct {
		const char *end, *filter;
	} ends[] = {
		{ ".gz", "gzip" }, { ".tgz", "gzip" }, { ".xz", "xz" },
		{ ".bz2", "bzip2" }, { ".zst", "zstd" },
	};
	size_t n = strlen(path), i;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t k = strlen(ends[i].end);

		if (n > k && strcmp(path + n - k, ends[i].end) == 0)
			return ends[i].filter;
	}
	return NULL;
}

struct qk_output {
	int to_stdout;
	char *name;
	struct qk_writer *w;
	/* The root: its start tag is written before the first record. */
	char *root_tag;		/* "<name a=\"v\"…" without the end */
	char *root_name;
	char *head;		/* the declaration and the root's start tag */
	/* File output (fd is 1 for standard output). */
	struct qk_output_atomic *at;
	int fd;
	struct archive *a;
};

int qk_output_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

static int sink_fd(void *arg, const char *buf, size_t len)
{
	struct qk_output *o = arg;

	return qk_output_write_all(o->fd, buf, len);
}

static int sink_archive(void *arg, const char *buf, size_t len)
{
	struct qk_output *o = arg;

	while (len > 0) {
		la_ssize_t n = archive_write_data(o->a, buf, len);

		if (n <= 0) {
			errno = archive_errno(o->a) != 0 ? archive_errno(o->a) : EIO;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/* The root's start tag without its end, escaped like any element. */
static char *root_tag(const struct qk_node *root)
{
	struct qk_membuf m = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(qk_membuf_sink, &m);
	int i;

	if (w == NULL)
		return NULL;
	qk_write_open(w, 0, root->name);
	for (i = 0; i < root->nattr; i++)
		qk_write_attr(w, root->attr[i].name, root->attr[i].value);
	if (qk_writer_flush(w) < 0) {
		free(m.s);
		m.s = NULL;
	}
	qk_writer_free(w);
	return m.s;
}

static int open_archive_filter(struct qk_output *o, const char *filter)
{
	struct archive_entry *e;
	int r;

	o->a = archive_write_new();
	if (o->a == NULL)
		return -1;
	archive_write_set_format_raw(o->a);
	if (strcmp(filter, "gzip") == 0) {
		archive_write_add_filter_gzip(o->a);
		archive_write_set_options(o->a, "gzip:!timestamp");
	} else if (strcmp(filter, "xz") == 0) {
		archive_write_add_filter_xz(o->a);
	} else if (strcmp(filter, "bzip2") == 0) {
		archive_write_add_filter_bzip2(o->a);
	} else {
		archive_write_add_filter_zstd(o->a);
	}
	archive_write_set_bytes_in_last_block(o->a, 1);
	if (archive_write_open_fd(o->a, o->fd) != ARCHIVE_OK)
		return -1;
	e = archive_entry_new();
	if (e == NULL)
		return -1;
	archive_entry_set_pathname(e, "data");
	archive_entry_set_filetype(e, AE_IFREG);
	r = archive_write_header(o->a, e);
	archive_entry_free(e);
	return r == ARCHIVE_OK ? 0 : -1;
}

static void output_free(struct qk_output *o)
{
	if (o == NULL)
		return;
	qk_writer_free(o->w);
	if (o->a != NULL)
		archive_write_free(o->a);
	free(o->root_tag);
	free(o->root_name);
	free(o->head);
	free(o->name);
	free(o);
}

/* Writes the declaration and the root's start tag to w. */
static void write_head(struct qk_writer *w, const struct qk_output *o,
    int children)
{
	qk_write_decl(w);
	qk_write_raw(w, o->root_tag, strlen(o->root_tag));
	qk_write_open_end(w, children);
}

/* The head goes out with the first record: a document without one is
 * <root/>, and standard output shows nothing before a record is done. */
static int set_head(struct qk_output *o)
{
	struct qk_membuf m = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(qk_membuf_sink, &m);

	if (w == NULL)
		return -1;
	write_head(w, o, 1);
	if (qk_writer_flush(w) < 0) {
		free(m.s);
		m.s = NULL;
	}
	qk_writer_free(w);
	o->head = m.s;
	if (o->head == NULL)
		return -1;
	qk_writer_set_prefix(o->w, o->head, m.len);
	return 0;
}

struct qk_output *qk_output_open(const char *path, const struct qk_node *root,
    char *err, size_t errlen)
{
	struct qk_output *o = calloc(1, sizeof *o);
	const char *filter;

	if (o == NULL)
		goto nomem;
	o->fd = -1;
	o->to_stdout = path == NULL || strcmp(path, "-") == 0;
	o->name = strdup(o->to_stdout ? "-" : path);
	o->root_tag = root_tag(root);
	o->root_name = strdup(root->name);
	if (o->name == NULL || o->root_tag == NULL || o->root_name == NULL)
		goto nomem;
	if (o->to_stdout) {
		o->fd = 1;
		o->w = qk_writer_new(sink_fd, o);
		if (o->w == NULL || set_head(o) < 0)
			goto nomem;
		return o;
	}
	o->at = qk_output_atomic_open(path, &o->fd);
	if (o->at == NULL) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", path,
		    strerror(errno));
		output_free(o);
		return NULL;
	}
	filter = output_filter(path);
	if (filter != NULL && open_archive_filter(o, filter) < 0) {
		snprintf(err, errlen, "%s: %s", path, o->a != NULL &&
		    archive_error_string(o->a) != NULL ? archive_error_string(o->a) :
		    "cannot set up compression");
		qk_output_atomic_abort(o->at);
		output_free(o);
		return NULL;
	}
	o->w = qk_writer_new(filter != NULL ? sink_archive : sink_fd, o);
	if (o->w == NULL || set_head(o) < 0) {
		qk_output_atomic_abort(o->at);
		goto nomem;
	}
	return o;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
	output_free(o);
	return NULL;
}

const char *qk_output_name(const struct qk_output *o)
{
	return o->name;
}

struct qk_writer *qk_output_writer(struct qk_output *o)
{
	return o->w;
}

int qk_output_flush(struct qk_output *o)
{
	return o->to_stdout ? qk_writer_flush(o->w) : 0;
}

static void write_tail(struct qk_writer *w, const struct qk_output *o)
{
	qk_write_close(w, 0, o->root_name);
}

int qk_output_finish(struct qk_output *o, char *err, size_t errlen)
{
	int e;

	if (qk_writer_count(o->w) > 0) {
		write_tail(o->w, o);
	} else {
		qk_writer_set_prefix(o->w, NULL, 0);
		write_head(o->w, o, 0);
	}
	if (qk_writer_flush(o->w) < 0)
		goto fail;
	if (o->to_stdout)
		return 0;
	if (o->a != NULL) {
		if (archive_write_close(o->a) != ARCHIVE_OK) {
			errno = archive_errno(o->a) != 0 ? archive_errno(o->a) : EIO;
			goto fail;
		}
	}
	if (!o->at->direct && fsync(o->fd) < 0)
		goto fail;
	return 0;
fail:
	e = qk_writer_error(o->w) != 0 ? qk_writer_error(o->w) : errno;
	snprintf(err, errlen, "%s: write error: %s",
	    o->to_stdout ? "standard output" : o->name, strerror(e));
	errno = e;
	return -1;
}

int qk_output_commit(struct qk_output *o, char *err, size_t errlen)
{
	int r, e = 0;

	if (o->to_stdout) {
		r = 0;	/* written as it went, and finished */
	} else {
		r = qk_output_atomic_commit(o->at);
		e = errno;
		o->at = NULL;
		if (r < 0)
			snprintf(err, errlen, "%s: %s", o->name, strerror(e));
	}
	output_free(o);
	errno = e;	/* EPIPE tells the tool to stop without a message */
	return r;
}

void qk_output_abort(struct qk_output *o)
{
	if (o == NULL)
		return;
	if (o->to_stdout) {
		qk_writer_flush(o->w);	/* what was written stays, unclosed */
	} else {
		if (o->a != NULL)
			archive_write_free(o->a);
		o->a = NULL;
		qk_output_atomic_abort(o->at);
	}
	output_free(o);
}
