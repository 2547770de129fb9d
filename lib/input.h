#ifndef QK_INPUT_H
#define QK_INPUT_H

#include <sys/types.h>

/*
 * The one input layer: every input goes through libarchive (gzip, xz, lzma,
 * bzip2, zstd filters; tar, zip, cpio, raw formats, and nothing else), and
 * yields a stream of documents, each a stream of bytes.  With threading on,
 * a second thread owns the archives and decompresses ahead into a ring of
 * blocks, so the parser never waits for the decompressor.
 */
struct archive;
struct qk_input;

/* Enables on a read archive exactly the filters and formats of tools.md
 * (gzip, xz, lzma, bzip2, zstd; tar, zip, cpio, and raw when raw is 1). */
void qk_input_formats(struct archive *, int raw);

/* What QK_THREADS asks for: 0 (one thread), 1 (the default: a second
 * thread decompresses ahead) or 2 (and a third parses ahead,
 * qk_reader_pipeline). */
int qk_input_threads(void);

/* Opens the inputs (none, or "-", is standard input).  threaded: -1 for
 * the default (on, unless QK_THREADS=0), 0 off, 1 on.  NULL on ENOMEM. */
struct qk_input *qk_input_new(const char *const *paths, int npaths,
    int threaded);
void qk_input_free(struct qk_input *);
/* 1 when a second thread decompresses ahead. */
int qk_input_threaded(const struct qk_input *);
/* 1 when that thread has the next block ready: qk_input_read will not
 * wait.  0 when it may (and always without the thread). */
int qk_input_ready(struct qk_input *);

/* An input of one document, name, whose bytes another thread hands over
 * (qk_jobs: a worker's reader reads what the reading thread took from the
 * real input, with the same blocks, name and errors).  relay(arg, out,
 * cap, &msg, &where) returns the next bytes (at most cap), 0 at the end
 * of the document, or -1 with the error's message and place.  Not
 * threaded.  NULL on ENOMEM. */
typedef ssize_t qk_input_relay_fn(void *arg, char *out, size_t cap,
    const char **msg, const char **where);
struct qk_input *qk_input_new_relay(const char *name, qk_input_relay_fn *relay,
    void *arg);

/* Called for each member that is skipped (not *.xml), with its display
 * name and the reason.  The default is to say nothing. */
void qk_input_on_skip(struct qk_input *,
    void (*fn)(void *arg, const char *name, const char *why), void *arg);

/* The next document: 1 and *name (display name: FILE, "-", or
 * ARCHIVE(MEMBER), non-UTF-8 bytes written \xHH; valid until the next
 * call), 0 after the last, -1 on error (qk_input_error). */
int qk_input_next(struct qk_input *, const char **name);
/* The next bytes of the current document: their length (> 0) and *buf
 * (valid until the next call), 0 at its end, -1 on error. */
ssize_t qk_input_read(struct qk_input *, const char **buf);
/* The message of the last error, with the name of its place in *where. */
const char *qk_input_error(const struct qk_input *, const char **where);

/* The *.xml files of a folder (not recursive), sorted by byte order of
 * their names, as malloc'd paths appended to *list (count in *n); on_skip
 * (may be NULL) is told of every other entry.  0, or -1 with errno set. */
int qk_input_dir(const char *dir, char ***list, int *n,
    void (*on_skip)(void *arg, const char *name, const char *why), void *arg);

/* Writes name into out (size outlen) with non-UTF-8 bytes as \xHH. */
void qk_input_escape(const char *name, char *out, size_t outlen);

#endif
