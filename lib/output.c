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
#define SPOOL_MEM (1024 * 1024)

/* Temporary files to remove on SIGINT or SIGTERM. */
static char *volatile temps[MAX_TEMPS];
static mode_t file_mode = 0644;

static void on_signal(int sig)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void qk_output_init(void)
{
	struct sigaction sa;
	mode_t old = umask(0);

	umask(old);
	file_mode = 0666 & ~old;
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

struct qk_atomic {
	char *path, *tmp;
	int fd, slot;
	int direct;	/* the target is no regular file: written in place */
};

/* A device or FIFO (-o /dev/null, a named pipe) cannot be replaced by a
 * rename, and must not be: it is written in place. */
static struct qk_atomic *open_direct(const char *path, int *fd)
{
	struct qk_atomic *at = calloc(1, sizeof *at);

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

struct qk_atomic *qk_atomic_open(const char *path, int *fd)
{
	struct qk_atomic *at;
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

static void atomic_free(struct qk_atomic *at)
{
	unregister_temp(at->slot);
	free(at->path);
	free(at->tmp);
	free(at);
}

int qk_atomic_commit(struct qk_atomic *at)
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

void qk_atomic_abort(struct qk_atomic *at)
{
	if (at == NULL)
		return;
	close(at->fd);
	if (!at->direct)
		unlink(at->tmp);
	atomic_free(at);
}

const char *qk_output_filter(const char *path)
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
	int started;
	/* File output. */
	struct qk_atomic *at;
	int fd;
	struct archive *a;
	/* Standard output spool. */
	char *mem;
	size_t memlen;
	int spool_fd;
};

static int write_all(int fd, const char *buf, size_t len)
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

	return write_all(o->fd, buf, len);
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

static int spool_to_file(struct qk_output *o)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc((dir != NULL ? strlen(dir) : 4) + 24);

	if (path == NULL)
		return -1;
	sprintf(path, "%s/qk-spool-XXXXXX", dir != NULL && *dir != '\0' ? dir : "/tmp");
	o->spool_fd = mkstemp(path);
	if (o->spool_fd >= 0)
		unlink(path);
	free(path);
	if (o->spool_fd < 0)
		return -1;
	if (write_all(o->spool_fd, o->mem, o->memlen) < 0)
		return -1;
	o->memlen = 0;
	return 0;
}

static int sink_spool(void *arg, const char *buf, size_t len)
{
	struct qk_output *o = arg;

	if (o->spool_fd < 0 && o->memlen + len > SPOOL_MEM && spool_to_file(o) < 0)
		return -1;
	if (o->spool_fd >= 0)
		return write_all(o->spool_fd, buf, len);
	memcpy(o->mem + o->memlen, buf, len);
	o->memlen += len;
	return 0;
}

/* The root's start tag without its end, escaped like any element. */
static char *root_tag(const struct qk_node *root)
{
	struct qk_output tmp;
	struct qk_writer *w;
	char *s;
	int i;

	memset(&tmp, 0, sizeof tmp);
	tmp.spool_fd = -1;
	tmp.mem = malloc(SPOOL_MEM);
	w = tmp.mem != NULL ? qk_writer_new(sink_spool, &tmp) : NULL;
	if (w == NULL) {
		free(tmp.mem);
		return NULL;
	}
	qk_write_open(w, 0, root->name);
	for (i = 0; i < root->nattr; i++)
		qk_write_attr(w, root->attr[i].name, root->attr[i].value);
	s = qk_writer_flush(w) == 0 && tmp.spool_fd < 0 ? strndup(tmp.mem, tmp.memlen) : NULL;
	qk_writer_free(w);
	free(tmp.mem);
	return s;
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
	if (o->spool_fd >= 0)
		close(o->spool_fd);
	free(o->mem);
	free(o->root_tag);
	free(o->root_name);
	free(o->name);
	free(o);
}

struct qk_output *qk_output_open(const char *path, const struct qk_node *root,
    char *err, size_t errlen)
{
	struct qk_output *o = calloc(1, sizeof *o);
	const char *filter;

	if (o == NULL)
		goto nomem;
	o->spool_fd = -1;
	o->fd = -1;
	o->to_stdout = path == NULL || strcmp(path, "-") == 0;
	o->name = strdup(o->to_stdout ? "-" : path);
	o->root_tag = root_tag(root);
	o->root_name = strdup(root->name);
	if (o->name == NULL || o->root_tag == NULL || o->root_name == NULL)
		goto nomem;
	if (o->to_stdout) {
		o->mem = malloc(SPOOL_MEM);
		o->w = o->mem != NULL ? qk_writer_new(sink_spool, o) : NULL;
		if (o->w == NULL)
			goto nomem;
		return o;
	}
	o->at = qk_atomic_open(path, &o->fd);
	if (o->at == NULL) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", path,
		    strerror(errno));
		output_free(o);
		return NULL;
	}
	filter = qk_output_filter(path);
	if (filter != NULL && open_archive_filter(o, filter) < 0) {
		snprintf(err, errlen, "%s: %s", path, o->a != NULL &&
		    archive_error_string(o->a) != NULL ? archive_error_string(o->a) :
		    "cannot set up compression");
		qk_atomic_abort(o->at);
		output_free(o);
		return NULL;
	}
	o->w = qk_writer_new(filter != NULL ? sink_archive : sink_fd, o);
	if (o->w == NULL) {
		qk_atomic_abort(o->at);
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

/* Writes the declaration and the root's start tag to w. */
static void write_head(struct qk_writer *w, const struct qk_output *o,
    int children, int incomplete)
{
	qk_write_decl(w);
	qk_write_raw(w, o->root_tag, strlen(o->root_tag));
	if (incomplete)
		qk_write_attr(w, "incomplete", "yes");
	qk_write_open_end(w, children);
}

struct qk_writer *qk_output_writer(struct qk_output *o)
{
	if (!o->started && !o->to_stdout)
		write_head(o->w, o, 1, 0);
	o->started = 1;
	return o->w;
}

static void write_tail(struct qk_writer *w, const struct qk_output *o)
{
	qk_write_close(w, 0, o->root_name);
}

int qk_output_finish(struct qk_output *o, char *err, size_t errlen)
{
	int e;

	if (o->to_stdout) {
		if (qk_writer_flush(o->w) < 0)
			goto fail;
		return 0;
	}
	if (o->started)
		write_tail(o->w, o);
	else
		write_head(o->w, o, 0, 0);
	if (qk_writer_flush(o->w) < 0)
		goto fail;
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
	snprintf(err, errlen, "%s: write error: %s", o->name, strerror(e));
	errno = e;
	return -1;
}

static int stdout_sink(void *arg, const char *buf, size_t len)
{
	(void)arg;
	return write_all(1, buf, len);
}

/* Copies the spool to standard output between the head and the tail. */
static int emit_stdout(struct qk_output *o, int incomplete)
{
	struct qk_writer *w = qk_writer_new(stdout_sink, NULL);
	int children = o->started && (o->memlen > 0 || o->spool_fd >= 0);
	int r = -1;

	if (w == NULL)
		return -1;
	write_head(w, o, children, incomplete);
	if (qk_writer_flush(w) < 0)
		goto done;
	if (o->spool_fd >= 0) {
		char buf[64 * 1024];
		ssize_t n;

		if (lseek(o->spool_fd, 0, SEEK_SET) < 0)
			goto done;
		while ((n = read(o->spool_fd, buf, sizeof buf)) > 0)
			if (write_all(1, buf, n) < 0)
				goto done;
		if (n < 0)
			goto done;
	} else if (write_all(1, o->mem, o->memlen) < 0) {
		goto done;
	}
	if (children)
		write_tail(w, o);
	r = qk_writer_flush(w);
done:
	if (r < 0 && errno == 0)
		errno = qk_writer_error(w);
	qk_writer_free(w);
	return r;
}

int qk_output_commit(struct qk_output *o, char *err, size_t errlen)
{
	int r, e = 0;

	if (o->to_stdout) {
		r = emit_stdout(o, 0);
		e = errno;
		if (r < 0)
			snprintf(err, errlen, "standard output: write error: %s", strerror(e));
	} else {
		r = qk_atomic_commit(o->at);
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
		qk_writer_flush(o->w);
		emit_stdout(o, 1);
	} else {
		if (o->a != NULL)
			archive_write_free(o->a);
		o->a = NULL;
		qk_atomic_abort(o->at);
	}
	output_free(o);
}
