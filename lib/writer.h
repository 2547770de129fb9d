#ifndef QK_WRITER_H
#define QK_WRITER_H

#include <stddef.h>

/*
 * The one XML writer: a buffered writer of our own that produces exactly
 * the bytes of formats.md (Output bytes), the same bytes libxml2's
 * xmlTextWriter writes with indentation on (tests/unit/writer.c holds
 * it to that), at a fraction of the cost.  Errors are sticky: after a
 * failed sink call every write is a no-op and qk_writer_error() is
 * non-zero.
 */
struct qk_node;
struct qk_writer;

/* sink writes len bytes and returns 0, or -1 with errno set. */
struct qk_writer *qk_writer_new(int (*sink)(void *arg, const char *buf,
    size_t len), void *arg);
void qk_writer_free(struct qk_writer *);
/* 0, or the errno of the first failure. */
int qk_writer_error(const struct qk_writer *);
/* Writes the buffer out.  0, or -1. */
int qk_writer_flush(struct qk_writer *);
/* n bytes (kept by the caller) that reach the sink just before the first
 * bytes written, and only when some are: a document's head that must not
 * go out before its first record.  NULL clears it. */
void qk_writer_set_prefix(struct qk_writer *, const char *s, size_t n);
/* A sink into memory: s, NUL-terminated (the caller frees it), grows by
 * what is written; len bytes so far. */
struct qk_membuf {
	char *s;
	size_t len;
};
int qk_membuf_sink(void *membuf, const char *buf, size_t len);
/* Bytes written since the writer was made (buffered ones included; the
 * prefix not counted). */
unsigned long long qk_writer_count(const struct qk_writer *);

void qk_write_raw(struct qk_writer *, const char *s, size_t n);
void qk_write_decl(struct qk_writer *);
/* "<name" at depth (two spaces each). */
void qk_write_open(struct qk_writer *, int depth, const char *name);
/* ' name="value"' with the attribute escapes. */
void qk_write_attr(struct qk_writer *, const char *name, const char *value);
/* Ends a start tag: ">\n" when children follow, "/>\n" when none. */
void qk_write_open_end(struct qk_writer *, int children);
/* ">text</name>\n": ends a start tag of a text-only element (text is
 * NUL-terminated: XML text holds no NUL). */
void qk_write_text_close(struct qk_writer *, const char *name,
    const char *text);
/* "</name>\n" at depth. */
void qk_write_close(struct qk_writer *, int depth, const char *name);
/* An element copied from input: attributes in their order, children,
 * text when it has no element children. */
void qk_write_node(struct qk_writer *, int depth, const struct qk_node *);
/* The same, with one extra child element written last (rejects). */
void qk_write_node_plus(struct qk_writer *, int depth,
    const struct qk_node *, const struct qk_node *extra);

#endif
