#ifndef QK_RECORDS_H
#define QK_RECORDS_H

#include <stddef.h>

/*
 * The record reader: parses the documents of an input with libxml2's SAX2
 * push parser, checks what qk requires of every document (UTF-8, no
 * DOCTYPE, no namespace, the expected root with version="1"), and hands
 * each record element to a callback as a tree of struct qk_node, one record
 * in memory at a time (a few small ones when it pipelines).  Every error the parser reports, even one it
 * recovered from, is fatal (libraries.md, the four ways a bad document
 * shows).  Parse options: XML_PARSE_NONET | XML_PARSE_BIG_LINES only.
 */
struct qk_input;
struct qk_node;
struct qk_arena;
struct qk_reader;

/* Installs, once per process, the entity loader that refuses every URL and
 * the generic error handler.  qk_reader_new() calls it. */
void qk_xml_init(void);

/* root: the root element's name; record: its record element's name. */
struct qk_reader *qk_reader_new(struct qk_input *, const char *root,
    const char *record);
void qk_reader_free(struct qk_reader *);
/* --max-record: a record larger than this many bytes is a fatal error. */
void qk_reader_max_record(struct qk_reader *, size_t max);
/* Called for each child of the root that is not a record element. */
void qk_reader_on_warning(struct qk_reader *,
    void (*fn)(void *arg, const char *file, long line, const char *msg),
    void *arg);

/* Called before each block of input is read (when the reader may wait):
 * a tool that streams flushes its output there, so that every record made
 * from the input so far reaches the next tool of a pipeline. */
void qk_reader_before_read(struct qk_reader *, int (*fn)(void *arg),
    void *arg);

/*
 * Parses on a thread of its own (on: 1; default 0): records are built up
 * to 32 ahead of fn (at most 512 KiB of their XML; a record over 64 KiB
 * alone), and fn, the warnings and the before_read hook are still called
 * on the thread of qk_reader_run, in input order, with the same records.
 * before_read is then called when fn would wait for the next record.
 */
void qk_reader_pipeline(struct qk_reader *, int on);

/*
 * Calls fn for each record of each document, in order.  The record and its
 * strings are valid until fn returns.  fn returns 0 to go on, or non-zero
 * to stop: qk_reader_run then returns that value.  Returns 0 when every
 * document was read, -1 on a fatal input error (qk_reader_error).
 */
int qk_reader_run(struct qk_reader *,
    int (*fn)(void *arg, struct qk_node *record), void *arg);

/* The document being read (display name), and its root element (its
 * attributes only; valid while the document is read). */
const char *qk_reader_doc(const struct qk_reader *);
const struct qk_node *qk_reader_root(const struct qk_reader *);
/* The fatal error: message, and its place (file may be NULL, line and col
 * 0 when unknown). */
const char *qk_reader_error(const struct qk_reader *, const char **file,
    long *line, long *col);

/* Why loading a small document failed, and where: kept on the handle of
 * what was loaded (catalog, roster, calendar). */
struct qk_load_error {
	char msg[512];
	char file[1024];	/* "" when the place is not a file */
	long line;		/* 0 when unknown */
	long col;		/* 0 when unknown */
};

/* Sets *e; the message is "" when nothing failed. */
void qk_load_error_set(struct qk_load_error *e, const char *file, long line,
    const char *msg);
/* NULL when nothing failed; else the message, with its place (col may be
 * NULL). */
const char *qk_load_error_get(const struct qk_load_error *e,
    const char **file, long *line, long *col);

/*
 * Reads a whole small document (reference data) into arena: its root with
 * every child.  0 and *root, or -1 with the error in *e.  Fatal input
 * errors as for records.
 */
int qk_reader_load(const char *path, const char *rootname,
    struct qk_arena *arena, struct qk_node **root, struct qk_load_error *e);

#endif
