#ifndef QK_FUZZ_H
#define QK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * What the fuzz harnesses of tests/fuzz/ share: the input as a file (every
 * entry point of qk reads paths through lib/input.c), the example's
 * reference data, a writer that keeps or discards what it is given, and
 * the record reader over that file.  Each harness defines
 * LLVMFuzzerTestOneInput(); libFuzzer or tests/fuzz/driver.c calls it.
 */
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_kpi;
struct qk_roster;
struct qk_vague;
struct qk_writer;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes as a file: its path, the same on every call (the file is
 * rewritten), removed at exit. */
const char *qf_file(const uint8_t *data, size_t size);
/* A second file, for a harness that reads two documents. */
const char *qf_file2(const uint8_t *data, size_t size);

/* tests/data/example's catalog, roster and calendar, loaded once. */
struct qf_ref {
	struct qk_catalog *catalog;
	struct qk_roster *roster;
	struct qk_cal *cal;
	struct qk_vague *vague;		/* share/qk's vague words */
};
const struct qf_ref *qf_ref(void);
/* A file of the source tree (QK_SRCDIR/rel), in a static buffer. */
const char *qf_src(const char *rel);

/* A growing buffer and its writer (buf NULL: bytes are discarded). */
struct qf_buf {
	char *p;
	size_t n, cap;
};
struct qk_writer *qf_writer(struct qf_buf *buf);
void qf_buf_free(struct qf_buf *);

/* Reads every record of path (root and record element names), one
 * thread, --max-record max (0: the default).  Returns what
 * qk_reader_run() returns, or -2 when memory ran out. */
int qf_records(const char *path, const char *root, const char *record,
    size_t max, int (*fn)(void *arg, struct qk_node *), void *arg);

/* Touches every byte of s (so that a dangling string shows). */
size_t qf_touch(const char *s);

/*
 * qk-route over a case set (a cases document at cases), with the events
 * document at events applied first (NULL: none), as qk-route does it:
 * cases written to out as a <cases> document, malformed cases copied,
 * rejected events told.  1 when every case went through, 0 when the run
 * would fail (input error, a case id twice, a case qk-route refuses).
 */
int qf_route(const char *cases, const char *events, int dispatch,
    struct qf_buf *out);

/* Writes the report of kpi in every format (XML, partial, CSV of each
 * place, text, HTML) into out (NULL: discarded). */
void qf_report(struct qk_kpi *kpi, struct qf_buf *out);

/* Touches every name, value and text of a tree. */
size_t qf_walk(const struct qk_node *);

/* Aborts with a message: a property of qk does not hold. */
_Noreturn void qf_fail(const char *what);

#endif
