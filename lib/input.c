#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "input.h"

#define BLOCK_SIZE (64 * 1024)
#define NBLOCKS 16
/* The producer, once the ring is full, sleeps until the consumer has
 * emptied it down to LOW_WATER blocks: one wake-up for every NBLOCKS -
 * LOW_WATER blocks rather than one per block (a wake-up per 64 KiB cost
 * 7.7 % of qk-route's time in the kernel, on plain input too). */
#define LOW_WATER (NBLOCKS / 4)
#define NAME_MAX_LEN 1024
#define FULL_NAME_LEN (2 * NAME_MAX_LEN + 8)

enum btype { B_DATA, B_DOC, B_END, B_SKIP, B_ERROR, B_EOF };

struct block {
	enum btype type;
	ssize_t len;
	char name[FULL_NAME_LEN];	/* B_DOC, B_SKIP, B_ERROR: place */
	char msg[512];			/* B_SKIP, B_ERROR */
	char data[BLOCK_SIZE];
};

struct qk_input {
	const char *const *paths;
	int npaths;
	/* Producer state: owned by the producer (thread or caller). */
	int ipath;
	struct archive *a;
	struct stdin_source *stdin_src;	/* standard input through callbacks */
	int in_doc, ndocs, finished;
	char path_name[NAME_MAX_LEN];
	char doc_name[FULL_NAME_LEN];	/* the document being read, for errors */
	/* The current data block of libarchive, not yet handed on, and the
	 * hole before it (a sparse member reads as zeros). */
	const char *pend;
	size_t pend_len;
	long long doc_off, gap;
	/* The ring, for the threaded mode. */
	int threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t can_put, can_get;
	struct block *ring;
	int head, count, cancel;
	int put_waits, get_waits;	/* a side sleeps on can_put, can_get */
	/* Consumer state. */
	struct block *cur;		/* block being consumed */
	int held;			/* cur is a ring slot not yet released */
	int doc_open;
	char name[FULL_NAME_LEN];
	char err[512], where[FULL_NAME_LEN];
	void (*on_skip)(void *, const char *, const char *);
	void *skip_arg;
	/* A relay (qk_input_new_relay): one document fed by relay(). */
	qk_input_relay_fn *relay;
	void *relay_arg;
	char *relay_name;
};

void qk_input_escape(const char *name, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t o = 0;

	while (*s != '\0' && o + 5 < outlen) {
		int n = 0, i;

		if (*s < 0x80)
			n = 1;
		else if ((*s & 0xE0) == 0xC0 && *s >= 0xC2)
			n = 2;
		else if ((*s & 0xF0) == 0xE0)
			n = 3;
		else if ((*s & 0xF8) == 0xF0 && *s <= 0xF4)
			n = 4;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				n = 0;
		if (n == 0) {
			o += snprintf(out + o, outlen - o, "\\x%02X", *s);
			s++;
			continue;
		}
		while (n-- > 0)
			out[o++] = (char)*s++;
	}
	out[o] = '\0';
}

static int ends_xml(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

static void set_block(struct block *b, enum btype t, const char *name,
    const char *msg)
{
	b->type = t;
	b->len = 0;
	b->name[0] = b->msg[0] = '\0';
	if (name != NULL)
		snprintf(b->name, sizeof b->name, "%s", name);
	if (msg != NULL)
		snprintf(b->msg, sizeof b->msg, "%s", msg);
}

/* One by one, never _all: lrzip, lzop and grzip run external programs and
 * mtree reads any "#mtree" file as an empty archive. */
void qk_input_formats(struct archive *a, int raw)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_cpio(a);
	if (raw)
		archive_read_support_format_raw(a);
}

/* Standard input through callbacks without a seek callback: libarchive's
 * own fd reader offers seeking, and on a pipe the zip bidder's seek fails
 * ("Error seeking in stdin"). */
struct stdin_source {
	unsigned long long total;	/* bytes read so far */
	char buf[BLOCK_SIZE];
};

static la_ssize_t read_stdin(struct archive *a, void *arg, const void **out)
{
	struct stdin_source *src = arg;
	ssize_t n;

	do
		n = read(0, src->buf, sizeof src->buf);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		archive_set_error(a, errno, "read error on standard input");
	else
		src->total += n;
	*out = src->buf;
	return n;
}

/* The source is the input's, freed with it: it must outlive a failed
 * open, to tell an empty input from an unknown format. */
static int close_stdin(struct archive *a, void *arg)
{
	(void)a;
	(void)arg;
	return ARCHIVE_OK;
}

/* Opens path ("-": standard input) with the filters and formats of
 * tools.md; *status is what the open returned, *empty whether the input
 * had no byte at all. */
static struct archive *open_archive(const char *path, int *status, int *empty,
    struct stdin_source **stdin_src)
{
	struct archive *a = archive_read_new();
	struct stat st;

	if (a == NULL)
		return NULL;
	qk_input_formats(a, 1);
	if (strcmp(path, "-") != 0) {
		*empty = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
		*status = archive_read_open_filename(a, path, BLOCK_SIZE);
	} else if (fstat(0, &st) == 0 && S_ISREG(st.st_mode)) {
		*empty = st.st_size == 0;
		*status = archive_read_open_fd(a, 0, BLOCK_SIZE);
	} else {
		if (*stdin_src == NULL && (*stdin_src = malloc(sizeof **stdin_src)) == NULL) {
			archive_read_free(a);
			return NULL;
		}
		(*stdin_src)->total = 0;
		*status = archive_read_open(a, *stdin_src, NULL, read_stdin, close_stdin);
		*empty = (*stdin_src)->total == 0;
	}
	return a;
}

static void close_archive(struct qk_input *in)
{
	if (in->a != NULL)
		archive_read_free(in->a);
	in->a = NULL;
}

/* libarchive stacks no more filters (its "none" counted): a gzip of a gzip
 * of … deeper fails the open with its own message. */
enum { LIBARCHIVE_FILTERS = 25 };

/*
 * Why an input could not be opened, in the reader's words: the system's
 * reason for a file that cannot be opened (libarchive says only "Failed
 * to open"), and "empty" for what no format bids on: with raw among the
 * formats, that is an input (or a decompressed stream) without a byte.
 */
static const char *open_error(struct archive *a, const char *path, int empty)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && stat(path, &st) < 0)
		return strerror(errno);
	if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode))
		return strerror(EISDIR);
	if (empty)
		return "no document in input (it is empty)";
	/* libarchive's file-format errno (not public): EFTYPE where it
	 * exists, else EILSEQ; also when there are too many filters. */
	if (archive_errno(a) == EILSEQ && archive_filter_count(a) <= LIBARCHIVE_FILTERS)
		return archive_filter_count(a) > 1 ?
		    "no document in input (it decompresses to nothing)" :
		    "no document in input (it is empty)";
	return archive_error_string(a) != NULL ? archive_error_string(a) :
	    "cannot be read";
}

/* Opens the next input path, or makes the end or an error block. */
static int open_next(struct qk_input *in, struct block *b)
{
	const char *path;
	int status, empty = 0;

	if (in->ipath >= in->npaths) {
		set_block(b, B_EOF, NULL, NULL);
		in->finished = 1;
		return 1;
	}
	path = in->paths[in->ipath];
	qk_input_escape(path, in->path_name, sizeof in->path_name);
	in->ndocs = 0;
	in->a = open_archive(path, &status, &empty, &in->stdin_src);
	if (in->a == NULL) {
		set_block(b, B_ERROR, in->path_name, strerror(ENOMEM));
		in->finished = 1;
		return 1;
	}
	if (status != ARCHIVE_OK) {
		set_block(b, B_ERROR, in->path_name, open_error(in->a, path, empty));
		in->finished = 1;
		return 1;
	}
	return 0;
}

/* Why a member (name p, or NULL) is not a document, or NULL when it is
 * one: a link or special file is never read, whatever its name. */
static const char *skip_reason(struct archive_entry *e, const char *p)
{
	if (archive_entry_symlink(e) != NULL)
		return "skipping member: a symbolic link, not a document";
	if (archive_entry_hardlink(e) != NULL)
		return "skipping member: a hard link, not a document";
	if (archive_entry_filetype(e) != AE_IFREG && p != NULL && ends_xml(p))
		return "skipping member: not a regular file";
	if (p == NULL || !ends_xml(p) || archive_entry_filetype(e) != AE_IFREG)
		return "skipping member: not an .xml file";
	return NULL;
}

/* Moves to the next entry; makes a document, skip or error block, or 0. */
static int next_entry(struct qk_input *in, struct block *b)
{
	struct archive_entry *e;
	char member[NAME_MAX_LEN], name[FULL_NAME_LEN];
	int r = archive_read_next_header(in->a, &e);

	if (r == ARCHIVE_EOF) {
		close_archive(in);
		in->ipath++;
		if (in->ndocs == 0) {
			set_block(b, B_ERROR, in->path_name, "no document in input");
			in->finished = 1;
			return 1;
		}
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		set_block(b, B_ERROR, in->path_name, archive_error_string(in->a));
		in->finished = 1;
		return 1;
	}
	if (archive_format(in->a) == ARCHIVE_FORMAT_RAW) {
		set_block(b, B_DOC, in->path_name, NULL);
	} else {
		/* In the C locale archive_entry_pathname() is NULL for a name
		 * flagged UTF-8 that the locale cannot spell; an unflagged name
		 * (GBK from a Chinese Windows tool) comes as raw bytes. */
		const char *p = archive_entry_pathname_utf8(e);

		if (p == NULL)
			p = archive_entry_pathname(e);

		qk_input_escape(p != NULL ? p : "", member, sizeof member);
		snprintf(name, sizeof name, "%s(%s)", in->path_name, member);
		if (skip_reason(e, p) != NULL) {
			set_block(b, B_SKIP, name, skip_reason(e, p));
			return 1;
		}
		set_block(b, B_DOC, name, NULL);
	}
	snprintf(in->doc_name, sizeof in->doc_name, "%s", b->name);
	in->ndocs++;
	in->in_doc = 1;
	in->pend_len = 0;
	in->doc_off = in->gap = 0;
	return 1;
}

/*
 * The next bytes of the current member, at most cap: what libarchive has
 * at hand, never waiting to fill cap (archive_read_data() loops until its
 * buffer is full, so a record read from a pipe would wait for 64 KiB more
 * input before it could be written).  0 at its end, -1 on error.
 */
static ssize_t read_member(struct qk_input *in, char *out, size_t cap)
{
	const void *buf;
	size_t size, n;
	la_int64_t off;
	int r;

	while (in->pend_len == 0 && in->gap == 0) {
		r = archive_read_data_block(in->a, &buf, &size, &off);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK)
			return -1;
		if (off > in->doc_off)
			in->gap = off - in->doc_off;
		in->pend = buf;
		in->pend_len = size;
	}
	if (in->gap > 0) {
		n = in->gap < (long long)cap ? (size_t)in->gap : cap;
		memset(out, 0, n);
		in->gap -= n;
	} else {
		n = in->pend_len < cap ? in->pend_len : cap;
		memcpy(out, in->pend, n);
		in->pend += n;
		in->pend_len -= n;
	}
	in->doc_off += n;
	return (ssize_t)n;
}

/* The next block of a relay: its document, its bytes, then the end. */
static void produce_relay(struct qk_input *in, struct block *b)
{
	const char *msg = NULL, *where = NULL;

	if (in->finished) {
		set_block(b, B_EOF, NULL, NULL);
		return;
	}
	if (!in->in_doc) {
		set_block(b, B_DOC, in->relay_name, NULL);
		in->in_doc = 1;
		return;
	}
	b->len = in->relay(in->relay_arg, b->data, sizeof b->data, &msg, &where);
	if (b->len > 0) {
		b->type = B_DATA;
		return;
	}
	in->finished = 1;
	if (b->len == 0)
		set_block(b, B_END, NULL, NULL);
	else
		set_block(b, B_ERROR, where, msg);
}

/* Produces the next block: the whole producer state machine. */
static void produce(struct qk_input *in, struct block *b)
{
	if (in->relay != NULL) {
		produce_relay(in, b);
		return;
	}
	for (;;) {
		if (in->finished) {
			set_block(b, B_EOF, NULL, NULL);
			return;
		}
		if (in->a == NULL) {
			if (open_next(in, b))
				return;
			continue;
		}
		if (!in->in_doc) {
			if (next_entry(in, b))
				return;
			continue;
		}
		b->len = read_member(in, b->data, sizeof b->data);
		if (b->len > 0) {
			b->type = B_DATA;
			return;
		}
		in->in_doc = 0;
		if (b->len == 0) {
			set_block(b, B_END, NULL, NULL);
			return;
		}
		set_block(b, B_ERROR, in->doc_name, archive_error_string(in->a));
		in->finished = 1;
		return;
	}
}

static void *producer(void *arg)
{
	struct qk_input *in = arg;
	int done = 0;

	while (!done) {
		struct block *b;

		pthread_mutex_lock(&in->lock);
		if (in->count == NBLOCKS) {
			in->put_waits = 1;
			while (in->count > LOW_WATER && !in->cancel)
				pthread_cond_wait(&in->can_put, &in->lock);
			in->put_waits = 0;
		}
		if (in->cancel) {
			pthread_mutex_unlock(&in->lock);
			break;
		}
		b = &in->ring[(in->head + in->count) % NBLOCKS];
		pthread_mutex_unlock(&in->lock);
		/* The slot is ours until count covers it. */
		produce(in, b);
		done = b->type == B_EOF || b->type == B_ERROR;
		pthread_mutex_lock(&in->lock);
		in->count++;
		if (in->get_waits)
			pthread_cond_signal(&in->can_get);
		pthread_mutex_unlock(&in->lock);
	}
	close_archive(in);
	return NULL;
}

struct qk_input *qk_input_new(const char *const *paths, int npaths,
    int threaded)
{
	static const char *const std_in[] = { "-" };
	struct qk_input *in = calloc(1, sizeof *in);

	if (in == NULL)
		return NULL;
	if (npaths == 0) {
		paths = std_in;
		npaths = 1;
	}
	in->paths = paths;
	in->npaths = npaths;
	if (threaded < 0)
		threaded = qk_input_threads() >= 1;
	in->threaded = threaded;
	in->ring = malloc((threaded ? NBLOCKS : 1) * sizeof *in->ring);
	if (in->ring == NULL) {
		free(in);
		return NULL;
	}
	if (threaded) {
		pthread_mutex_init(&in->lock, NULL);
		pthread_cond_init(&in->can_put, NULL);
		pthread_cond_init(&in->can_get, NULL);
		if (pthread_create(&in->thread, NULL, producer, in) != 0) {
			in->threaded = 0;
			pthread_mutex_destroy(&in->lock);
			pthread_cond_destroy(&in->can_put);
			pthread_cond_destroy(&in->can_get);
		}
	}
	return in;
}

int qk_input_threads(void)
{
	const char *t = getenv("QK_THREADS");

	if (t == NULL || *t == '\0')
		return 1;
	if (strcmp(t, "0") == 0)
		return 0;
	return strcmp(t, "2") == 0 ? 2 : 1;
}

int qk_input_threaded(const struct qk_input *in)
{
	return in->threaded;
}

int qk_input_ready(struct qk_input *in)
{
	int ready;

	if (!in->threaded)
		return 0;
	pthread_mutex_lock(&in->lock);
	ready = in->count - in->held > 0;
	pthread_mutex_unlock(&in->lock);
	return ready;
}

struct qk_input *qk_input_new_relay(const char *name, qk_input_relay_fn *relay,
    void *arg)
{
	struct qk_input *in = qk_input_new(NULL, 0, 0);

	if (in == NULL)
		return NULL;
	if ((in->relay_name = strdup(name)) == NULL) {
		qk_input_free(in);
		return NULL;
	}
	in->relay = relay;
	in->relay_arg = arg;
	return in;
}

/* Gives back the block the consumer holds. */
static void release(struct qk_input *in)
{
	if (!in->held)
		return;
	in->held = 0;
	if (!in->threaded)
		return;
	pthread_mutex_lock(&in->lock);
	in->head = (in->head + 1) % NBLOCKS;
	in->count--;
	if (in->put_waits && in->count <= LOW_WATER)
		pthread_cond_signal(&in->can_put);
	pthread_mutex_unlock(&in->lock);
}

/* The next block, from the ring or made on the spot. */
static struct block *take(struct qk_input *in)
{
	release(in);
	if (!in->threaded) {
		in->cur = in->ring;
		produce(in, in->cur);
	} else {
		pthread_mutex_lock(&in->lock);
		in->get_waits = 1;
		while (in->count == 0)
			pthread_cond_wait(&in->can_get, &in->lock);
		in->get_waits = 0;
		in->cur = &in->ring[in->head];
		pthread_mutex_unlock(&in->lock);
	}
	in->held = 1;
	return in->cur;
}

static void set_error(struct qk_input *in, const struct block *b)
{
	snprintf(in->err, sizeof in->err, "%s",
	    b->msg[0] != '\0' ? b->msg : "read error");
	snprintf(in->where, sizeof in->where, "%s", b->name);
}

int qk_input_next(struct qk_input *in, const char **name)
{
	struct block *b;

	if (in->err[0] != '\0')
		return -1;
	for (;;) {
		/* A block already taken (EOF or error) stays the answer. */
		if (in->held && (in->cur->type == B_EOF || in->cur->type == B_ERROR))
			b = in->cur;
		else
			b = take(in);
		switch (b->type) {
		case B_DOC:
			snprintf(in->name, sizeof in->name, "%s", b->name);
			*name = in->name;
			in->doc_open = 1;
			return 1;
		case B_SKIP:
			if (in->on_skip != NULL)
				in->on_skip(in->skip_arg, b->name, b->msg);
			break;
		case B_ERROR:
			set_error(in, b);
			return -1;
		case B_EOF:
			return 0;
		case B_DATA:
		case B_END:
			break;	/* the rest of a document not read to its end */
		}
	}
}

ssize_t qk_input_read(struct qk_input *in, const char **buf)
{
	struct block *b;

	if (!in->doc_open)
		return 0;
	b = take(in);
	switch (b->type) {
	case B_DATA:
		*buf = b->data;
		return b->len;
	case B_END:
		in->doc_open = 0;
		return 0;
	case B_ERROR:
		set_error(in, b);
		in->doc_open = 0;
		return -1;
	default:
		/* cannot happen: a document ends with B_END or B_ERROR */
		in->doc_open = 0;
		snprintf(in->err, sizeof in->err, "internal error: block %d", b->type);
		return -1;
	}
}

const char *qk_input_error(const struct qk_input *in, const char **where)
{
	if (where != NULL)
		*where = in->where[0] != '\0' ? in->where : NULL;
	return in->err;
}

void qk_input_on_skip(struct qk_input *in,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	in->on_skip = fn;
	in->skip_arg = arg;
}

void qk_input_free(struct qk_input *in)
{
	if (in == NULL)
		return;
	if (in->threaded) {
		pthread_mutex_lock(&in->lock);
		in->cancel = 1;
		pthread_cond_signal(&in->can_put);
		pthread_mutex_unlock(&in->lock);
		pthread_join(in->thread, NULL);
		pthread_mutex_destroy(&in->lock);
		pthread_cond_destroy(&in->can_put);
		pthread_cond_destroy(&in->can_get);
	}
	close_archive(in);
	free(in->stdin_src);
	free(in->relay_name);
	free(in->ring);
	free(in);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int qk_input_dir(const char *dir, char ***list, int *n,
    void (*on_skip)(void *arg, const char *name, const char *why), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int first = *n;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char **l, *p, shown[FULL_NAME_LEN], raw[FULL_NAME_LEN];
		struct stat st;
		int folder;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(raw, sizeof raw, "%s/%s", dir, e->d_name);
		/* Not recursive: a folder named *.xml is not one of the files. */
		folder = ends_xml(e->d_name) && stat(raw, &st) == 0 && S_ISDIR(st.st_mode);
		if (!ends_xml(e->d_name) || folder) {
			if (on_skip != NULL) {
				qk_input_escape(raw, shown, sizeof shown);
				on_skip(arg, shown, folder ? "skipping: a folder" :
				    "skipping: not an .xml file");
			}
			continue;
		}
		l = realloc(*list, (*n + 1) * sizeof *l);
		p = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (l == NULL || p == NULL) {
			if (l != NULL)
				*list = l;
			free(p);
			closedir(d);
			errno = ENOMEM;
			return -1;
		}
		sprintf(p, "%s/%s", dir, e->d_name);
		*list = l;
		(*list)[(*n)++] = p;
	}
	closedir(d);
	qsort(*list + first, *n - first, sizeof **list, cmp_str);
	return 0;
}
