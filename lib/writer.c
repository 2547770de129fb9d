#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "writer.h"

#define BUFSIZE (64 * 1024)

struct qk_writer {
	int (*sink)(void *, const char *, size_t);
	void *arg;
	int err;
	size_t len;
	unsigned long long count;
	const char *prefix;		/* sent before the first bytes, if any */
	size_t prefix_len;
	char buf[BUFSIZE];
};

static const char spaces[] =
    "                                                                ";

struct qk_writer *qk_writer_new(int (*sink)(void *, const char *, size_t),
    void *arg)
{
	struct qk_writer *w = malloc(sizeof *w);

	if (w == NULL)
		return NULL;
	w->sink = sink;
	w->arg = arg;
	w->err = 0;
	w->len = 0;
	w->count = 0;
	w->prefix = NULL;
	w->prefix_len = 0;
	return w;
}

void qk_writer_set_prefix(struct qk_writer *w, const char *s, size_t n)
{
	w->prefix = s;
	w->prefix_len = n;
}

int qk_membuf_sink(void *membuf, const char *buf, size_t len)
{
	struct qk_membuf *m = membuf;
	char *t = realloc(m->s, m->len + len + 1);

	if (t == NULL)
		return -1;
	memcpy(t + m->len, buf, len);
	m->len += len;
	t[m->len] = '\0';
	m->s = t;
	return 0;
}

void qk_writer_free(struct qk_writer *w)
{
	free(w);
}

int qk_writer_error(const struct qk_writer *w)
{
	return w->err;
}

unsigned long long qk_writer_count(const struct qk_writer *w)
{
	return w->count;
}

int qk_writer_flush(struct qk_writer *w)
{
	if (w->err)
		return -1;
	if (w->len > 0 && w->prefix != NULL) {
		const char *p = w->prefix;

		w->prefix = NULL;
		if (w->sink(w->arg, p, w->prefix_len) < 0) {
			w->err = errno != 0 ? errno : EIO;
			return -1;
		}
	}
	if (w->len > 0 && w->sink(w->arg, w->buf, w->len) < 0) {
		w->err = errno != 0 ? errno : EIO;
		return -1;
	}
	w->len = 0;
	return 0;
}

static void raw_slow(struct qk_writer *w, const char *s, size_t n)
{
	while (n > 0 && !w->err) {
		size_t k = BUFSIZE - w->len;

		if (k == 0) {
			qk_writer_flush(w);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
	}
}

/* Most pieces are a few bytes that fit the buffer. */
static inline void raw(struct qk_writer *w, const char *s, size_t n)
{
	w->count += n;
	if (w->len + n <= BUFSIZE) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	} else {
		raw_slow(w, s, n);
	}
}

void qk_write_raw(struct qk_writer *w, const char *s, size_t n)
{
	raw(w, s, n);
}

static void put(struct qk_writer *w, const char *s)
{
	raw(w, s, strlen(s));
}

static void indent(struct qk_writer *w, int depth)
{
	size_t n = (size_t)depth * 2;

	while (n > sizeof spaces - 1) {
		raw(w, spaces, sizeof spaces - 1);
		n -= sizeof spaces - 1;
	}
	raw(w, spaces, n);
}

static void escape_char(struct qk_writer *w, unsigned char c)
{
	switch (c) {
	case '&': raw(w, "&amp;", 5); break;
	case '<': raw(w, "&lt;", 4); break;
	case '>': raw(w, "&gt;", 4); break;
	case '"': raw(w, "&quot;", 6); break;
	case '\t': raw(w, "&#9;", 4); break;
	case '\n': raw(w, "&#10;", 5); break;
	case '\r': raw(w, "&#13;", 5); break;
	}
}

/* The bytes escaped in attribute values and in text (formats.md). */
static const char attr_escapes[] = "&<>\"\t\n\r";
static const char text_escapes[] = "&<>\"\r";

/* Writes the NUL-terminated s with the escapes of formats.md (set:
 * attr_escapes or text_escapes): runs found by libc's vectorised strcspn,
 * which also stops at the NUL, so no strlen. */
static void escaped(struct qk_writer *w, const char *s, const char *set)
{
	for (;;) {
		size_t k = strcspn(s, set);

		raw(w, s, k);
		s += k;
		if (*s == '\0')
			return;
		escape_char(w, (unsigned char)*s++);
	}
}

void qk_write_decl(struct qk_writer *w)
{
	put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

/* The length of a node's name: known for an atom. */
static size_t name_len(const struct qk_node *n)
{
	return n->atom != QK_NONE && qk_atom_len[n->atom] != 0 ?
	    qk_atom_len[n->atom] : strlen(n->name);
}

static void open_tag(struct qk_writer *w, int depth, const char *name, size_t len)
{
	indent(w, depth);
	raw(w, "<", 1);
	raw(w, name, len);
}

void qk_write_open(struct qk_writer *w, int depth, const char *name)
{
	open_tag(w, depth, name, strlen(name));
}

void qk_write_attr(struct qk_writer *w, const char *name, const char *value)
{
	raw(w, " ", 1);
	put(w, name);
	raw(w, "=\"", 2);
	escaped(w, value, attr_escapes);
	raw(w, "\"", 1);
}

/* An attribute of a node: its name's length is known for an atom. */
static void write_node_attr(struct qk_writer *w, const struct qk_attr *at)
{
	raw(w, " ", 1);
	raw(w, at->name, QK_NAME_LEN(at));
	raw(w, "=\"", 2);
	escaped(w, at->value, attr_escapes);
	raw(w, "\"", 1);
}

void qk_write_open_end(struct qk_writer *w, int children)
{
	if (children)
		raw(w, ">\n", 2);
	else
		raw(w, "/>\n", 3);
}

static void text_close(struct qk_writer *w, const char *name, size_t nlen,
    const char *text)
{
	raw(w, ">", 1);
	escaped(w, text, text_escapes);
	raw(w, "</", 2);
	raw(w, name, nlen);
	raw(w, ">\n", 2);
}

void qk_write_text_close(struct qk_writer *w, const char *name,
    const char *text)
{
	text_close(w, name, strlen(name), text);
}

static void close_tag(struct qk_writer *w, int depth, const char *name, size_t len)
{
	indent(w, depth);
	raw(w, "</", 2);
	raw(w, name, len);
	raw(w, ">\n", 2);
}

void qk_write_close(struct qk_writer *w, int depth, const char *name)
{
	close_tag(w, depth, name, strlen(name));
}

void qk_write_node_plus(struct qk_writer *w, int depth,
    const struct qk_node *n, const struct qk_node *extra)
{
	const struct qk_node *c;
	size_t nlen = name_len(n);
	int i;

	open_tag(w, depth, n->name, nlen);
	for (i = 0; i < n->nattr; i++)
		write_node_attr(w, &n->attr[i]);
	if (n->child == NULL && extra == NULL) {
		if (n->text != NULL)
			text_close(w, n->name, nlen, n->text);
		else
			qk_write_open_end(w, 0);
		return;
	}
	qk_write_open_end(w, 1);
	for (c = n->child; c != NULL; c = c->next)
		qk_write_node(w, depth + 1, c);
	if (extra != NULL)
		qk_write_node(w, depth + 1, extra);
	close_tag(w, depth, n->name, nlen);
}

void qk_write_node(struct qk_writer *w, int depth, const struct qk_node *n)
{
	qk_write_node_plus(w, depth, n, NULL);
}
