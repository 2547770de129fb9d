#ifndef QK_SEQ_H
#define QK_SEQ_H

#include <stddef.h>

/*
 * The sequence file of case ids (formats.md, Case id).  Nothing is touched
 * before the first number is asked for; from then on an exclusive flock on
 * SEQFILE.lock is held until qk_seq_free().  Numbers are reserved in
 * blocks of up to 1000, each durably recorded before it is handed out;
 * qk_seq_close() records the last number actually used.
 */
struct qk_seq;

struct qk_seq *qk_seq_new(const char *path);
/* The sites whose numbers for a day are reserved together, by one durable
 * write, when the first number of that day is needed.  0, or -1. */
int qk_seq_sites(struct qk_seq *, const char *const *sites, size_t n);
/* The next number of site and day (YYYYMMDD): 0 and *n, or -1 (why:
 * qk_seq_error); after a failure of the file the sequence is unusable. */
int qk_seq_next(struct qk_seq *, const char *site, const char *ymd,
    unsigned long *n);
/* Records the last numbers used: 0, or -1 (why: qk_seq_error).  No number
 * may be asked for afterwards; the lock is kept until qk_seq_free(). */
int qk_seq_close(struct qk_seq *);
/* Why the last call failed. */
const char *qk_seq_error(const struct qk_seq *);
/* Releases the lock and frees; a sequence not closed records nothing more
 * (its reserved blocks stay skipped). */
void qk_seq_free(struct qk_seq *);

#endif
