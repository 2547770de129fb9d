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

/* What each byte is for the escaping scan: STOP ends a string, IN_ATTR
 * and IN_TEXT mark the bytes escaped in attribute values and in text. */
enum { STOP = 1, IN_ATTR = 2, IN_TEXT = 4 };
static unsigned char esc_class[256];

static void init_classes(void)
{
	esc_class['\0'] = STOP;
	esc_class['&'] = esc_class['<'] = esc_class['>'] = IN_ATTR | IN_TEXT;
	esc_class['"'] = esc_class['\r'] = IN_ATTR | IN_TEXT;
	esc_class['\t'] = esc_class['\n'] = IN_ATTR;
}

struct qk_writer *qk_writer_new(int (*sink)(void *, const char *, size_t),
    void *arg)
{
	struct qk_writer *w = malloc(sizeof *w);

	if (w == NULL)
		return NULL;
	if (esc_class['&'] == 0)
		init_classes();
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

/* Writes the NUL-terminated s with the escapes of formats.md: mask is
 * IN_ATTR for attribute values, IN_TEXT for text.  One pass, no strlen. */
static void escaped(struct qk_writer *w, const char *s, int mask)
{
	const unsigned char *p = (const unsigned char *)s;

	mask |= STOP;
	for (;;) {
		const unsigned char *run = p;

		while ((esc_class[*p] & mask) == 0)
			p++;
		if (p > run)
			raw(w, (const char *)run, p - run);
		if (*p == '\0')
			return;
		escape_char(w, *p++);
	}
}

void qk_write_decl(struct qk_writer *w)
{
	put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void qk_write_open(struct qk_writer *w, int depth, const char *name)
{
	indent(w, depth);
	raw(w, "<", 1);
	put(w, name);
}

void qk_write_attr(struct qk_writer *w, const char *name, const char *value)
{
	raw(w, " ", 1);
	put(w, name);
	raw(w, "=\"", 2);
	escaped(w, value, IN_ATTR);
	raw(w, "\"", 1);
}

/* An attribute of a node: its name's length is known for an atom. */
static void write_node_attr(struct qk_writer *w, const struct qk_attr *at)
{
	raw(w, " ", 1);
	raw(w, at->name, QK_NAME_LEN(at));
	raw(w, "=\"", 2);
	escaped(w, at->value, IN_ATTR);
	raw(w, "\"", 1);
}

void qk_write_open_end(struct qk_writer *w, int children)
{
	if (children)
		raw(w, ">\n", 2);
	else
		raw(w, "/>\n", 3);
}

void qk_write_text_close(struct qk_writer *w, const char *name,
    const char *text, size_t len)
{
	(void)len;	/* text is NUL-terminated; XML text holds no NUL */
	raw(w, ">", 1);
	escaped(w, text, IN_TEXT);
	raw(w, "</", 2);
	put(w, name);
	raw(w, ">\n", 2);
}

void qk_write_close(struct qk_writer *w, int depth, const char *name)
{
	indent(w, depth);
	raw(w, "</", 2);
	put(w, name);
	raw(w, ">\n", 2);
}

void qk_write_node_plus(struct qk_writer *w, int depth,
    const struct qk_node *n, const struct qk_node *extra)
{
	const struct qk_node *c;
	int i;

	qk_write_open(w, depth, n->name);
	for (i = 0; i < n->nattr; i++)
		write_node_attr(w, &n->attr[i]);
	if (n->child == NULL && extra == NULL) {
		if (n->text != NULL)
			qk_write_text_close(w, n->name, n->text, n->textlen);
		else
			qk_write_open_end(w, 0);
		return;
	}
	qk_write_open_end(w, 1);
	for (c = n->child; c != NULL; c = c->next)
		qk_write_node(w, depth + 1, c);
	if (extra != NULL)
		qk_write_node(w, depth + 1, extra);
	qk_write_close(w, depth, n->name);
}

void qk_write_node(struct qk_writer *w, int depth, const struct qk_node *n)
{
	qk_write_node_plus(w, depth, n, NULL);
}
