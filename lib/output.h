#ifndef QK_OUTPUT_H
#define QK_OUTPUT_H

#include <stddef.h>

/*
 * Outputs of the tools (tools.md, Output).  A file output is atomic: it is
 * written to a temporary file in the same folder, compressed by the name's
 * ending (.gz/.tgz gzip without time stamp, .xz, .bz2, .zst), flushed,
 * fsynced, given mode 0666 & ~umask, and renamed over the target by
 * qk_output_commit(); qk_output_abort() leaves the target untouched.
 * SIGINT and SIGTERM remove every temporary file, then end the process
 * with the same signal.
 *
 * Standard output streams: the declaration and the root's start tag go
 * out with the first record, and qk_output_flush() hands what is buffered
 * to the next tool of a pipeline.  A run that fails leaves the document
 * without its end tag, so that no reader takes it for a whole one
 * (tools.md, Exit status).
 */
struct qk_node;
struct qk_output;
struct qk_writer;

/* Installs the signal handlers and reads the umask; call once at start. */
void qk_output_init(void);

/* Opens a document output: path NULL or "-" for standard output.  root is
 * the root element (attributes only), written with the declaration.  NULL
 * with a message in err on failure. */
struct qk_output *qk_output_open(const char *path, const struct qk_node *root,
    char *err, size_t errlen);
/* The writer for the records (depth 1).  The declaration and the root's
 * start tag are its prefix: they go out before the first byte written,
 * or at qk_output_finish when nothing was. */
struct qk_writer *qk_output_writer(struct qk_output *);
/* Standard output: writes out what is buffered (a no-op for files, which
 * are made visible only at commit).  0, or -1 with the writer's error. */
int qk_output_flush(struct qk_output *);
/* Ends the document and makes it durable, not yet visible: 0 or -1 (with
 * errno set, EPIPE included). */
int qk_output_finish(struct qk_output *, char *err, size_t errlen);
/* Makes a finished output visible (the rename; nothing more for standard
 * output).  0 or -1 with errno set.  Frees the output either way. */
int qk_output_commit(struct qk_output *, char *err, size_t errlen);
/* Gives up: a file's temporary is removed and its target left untouched;
 * standard output keeps what was written, without the root's end tag.
 * Frees. */
void qk_output_abort(struct qk_output *);
/* The display name of the output ("-" for standard output). */
const char *qk_output_name(const struct qk_output *);

/*
 * Lower level, for archives and packages: an atomic file whose bytes the
 * caller writes.  qk_output_atomic_open returns the descriptor of the
 * temporary file, or -1 with errno.
 */
struct qk_output_atomic;
struct qk_output_atomic *qk_output_atomic_open(const char *path, int *fd);
/* fsync, chmod, rename, fsync of the folder; frees. */
int qk_output_atomic_commit(struct qk_output_atomic *);
void qk_output_atomic_abort(struct qk_output_atomic *);

/* Writes all of buf to fd, going on after EINTR.  0, or -1 with errno. */
int qk_output_write_all(int fd, const char *buf, size_t len);

#endif
