#ifndef QK_JOBS_H
#define QK_JOBS_H

#include <stddef.h>

/*
 * -j N: the documents of the inputs (file operands, archive members) read
 * in parallel, each by its own record reader in one of N worker threads,
 * and their results handed back in input order.
 *
 * A reading thread walks the inputs with struct qk_input, as one core
 * would.  An operand that is one document (a file, plain or compressed) is
 * opened again by its worker, which reads and decompresses it on its own.
 * Of an archive or standard input, the reading thread copies each
 * document's blocks into a spool (an unlinked file in $TMPDIR) that a
 * worker's reader reads as it grows (qk_input_new_relay): same bytes, same
 * blocks, same names and errors as with one core.  The
 * worker runs the tool's function on its reader, which writes its results
 * as frames to a second spool; the caller reads the frames back, document
 * after document in input order, as they are written.  Memory holds a
 * record per worker and a few blocks per document in flight; at most
 * 2 N + 2 documents are in flight, and a document's spool runs at most
 * 64 MiB ahead of its reader.
 *
 * Frames: a type (QK_FRAME_*, or from QK_FRAME_TOOL the tool's own) and
 * bytes.  A frame made of strings (qk_job_put_strings) is read back with
 * qk_jobs_strings.
 */
struct qk_reader;
struct qk_jobs;
struct qk_job;

enum {
	/* A warning or a fatal error, as strings: file ("" for none), line,
	 * col, message.  After an error the run stops (the tool exits 2). */
	QK_FRAME_WARN, QK_FRAME_ERROR,
	QK_FRAME_TOOL
};

/* The tool's work on one document, in worker number worker (0 to N - 1):
 * reads its records with r (qk_reader_run) and writes frames.  Returns
 * qk_reader_run's value: 0, -1 (the reader's fatal error, which the jobs
 * write as a QK_FRAME_ERROR), or the tool's own non-zero stop (the tool
 * wrote a QK_FRAME_ERROR first). */
typedef int qk_job_fn(void *arg, int worker, struct qk_reader *r,
    struct qk_job *job);

struct qk_jobs_conf {
	int workers;			/* N >= 1 */
	const char *const *paths;	/* the operands; none: standard input */
	int npaths;
	const char *root, *record;	/* as for qk_reader_new */
	size_t max_record;
	const char *tmpdir;		/* NULL: $TMPDIR or /tmp */
	qk_job_fn *fn;
	void *arg;
};

/* Starts the reading thread and the workers.  NULL with errno set. */
struct qk_jobs *qk_jobs_start(const struct qk_jobs_conf *);
/*
 * The next frame, in input order: 1 with *type, *data and *len (valid
 * until the next call), 0 after the last frame of the last document, -1
 * when a spool failed (errno set).  Waits while the frame is not made.
 */
int qk_jobs_next(struct qk_jobs *, int *type, const char **data, size_t *len);
/* Waits for the threads and frees everything.  On a fatal error a tool
 * may exit without it: every spool is an unlinked file. */
void qk_jobs_free(struct qk_jobs *);

/* In a worker: a frame of len bytes.  0, or -1 with errno set. */
int qk_job_put(struct qk_job *, int type, const void *data, size_t len);
/* A frame of n strings, each of which may be NULL. */
int qk_job_put_strings(struct qk_job *, int type, const char *const *s, int n);
/* A QK_FRAME_WARN or QK_FRAME_ERROR frame (file may be NULL). */
int qk_job_message(struct qk_job *, int type, const char *file, long line,
    long col, const char *msg);
/* Reads n strings back from a frame into s (NULL where NULL was put):
 * 0, or -1 when the frame does not hold n strings.  The strings point into
 * the frame. */
int qk_jobs_strings(const char *data, size_t len, const char **s, int n);

/* The number of online processors (the default of -j), at least 1. */
int qk_jobs_default(void);

/*
 * How -j N reads the operands: with N = 1 on one thread (QK_JOBS_ONE);
 * one document (standard input, or one operand that is not named as an
 * archive) as one stream, whose parse runs ahead on a thread of its own
 * with QK_THREADS=2 (QK_JOBS_STREAM: N workers would have one document to
 * share); anything else document by document in N workers
 * (QK_JOBS_PARALLEL, qk_jobs_start).  The output is the same whichever
 * way.
 */
enum { QK_JOBS_ONE, QK_JOBS_STREAM, QK_JOBS_PARALLEL };
int qk_jobs_plan(int workers, const char *const *paths, int npaths);

#endif
