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
	char buf[BUFSIZE];
};

static const char spaces[] =
    "                                                                ";

/* What each byte becomes: 0 itself, 1 escaped in attributes only, 2 in
 * both attributes and text. */
static unsigned char esc_class[256];

static void init_classes(void)
{
	esc_class['&'] = esc_class['<'] = esc_class['>'] = esc_class['"'] = 2;
	esc_class['\r'] = 2;
	esc_class['\t'] = esc_class['\n'] = 1;
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
	return w;
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
	if (w->len > 0 && w->sink(w->arg, w->buf, w->len) < 0) {
		w->err = errno != 0 ? errno : EIO;
		return -1;
	}
	w->len = 0;
	return 0;
}

void qk_write_raw(struct qk_writer *w, const char *s, size_t n)
{
	w->count += n;
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

static void put(struct qk_writer *w, const char *s)
{
	qk_write_raw(w, s, strlen(s));
}

static void indent(struct qk_writer *w, int depth)
{
	size_t n = (size_t)depth * 2;

	while (n > sizeof spaces - 1) {
		qk_write_raw(w, spaces, sizeof spaces - 1);
		n -= sizeof spaces - 1;
	}
	qk_write_raw(w, spaces, n);
}

/* Writes s with the escapes of formats.md; level 1 for attribute values,
 * 2 for text. */
static void escaped(struct qk_writer *w, const char *s, size_t n, int level)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		const unsigned char *run = p;

		while (p < end && (esc_class[*p] == 0 || esc_class[*p] < level))
			p++;
		if (p > run)
			qk_write_raw(w, (const char *)run, p - run);
		if (p == end)
			break;
		switch (*p++) {
		case '&': put(w, "&amp;"); break;
		case '<': put(w, "&lt;"); break;
		case '>': put(w, "&gt;"); break;
		case '"': put(w, "&quot;"); break;
		case '\t': put(w, "&#9;"); break;
		case '\n': put(w, "&#10;"); break;
		case '\r': put(w, "&#13;"); break;
		}
	}
}

void qk_write_decl(struct qk_writer *w)
{
	put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void qk_write_open(struct qk_writer *w, int depth, const char *name)
{
	indent(w, depth);
	qk_write_raw(w, "<", 1);
	put(w, name);
}

void qk_write_attr(struct qk_writer *w, const char *name, const char *value)
{
	qk_write_raw(w, " ", 1);
	put(w, name);
	qk_write_raw(w, "=\"", 2);
	escaped(w, value, strlen(value), 1);
	qk_write_raw(w, "\"", 1);
}

void qk_write_open_end(struct qk_writer *w, int children)
{
	if (children)
		qk_write_raw(w, ">\n", 2);
	else
		qk_write_raw(w, "/>\n", 3);
}

void qk_write_text_close(struct qk_writer *w, const char *name,
    const char *text, size_t len)
{
	qk_write_raw(w, ">", 1);
	escaped(w, text, len, 2);
	qk_write_raw(w, "</", 2);
	put(w, name);
	qk_write_raw(w, ">\n", 2);
}

void qk_write_close(struct qk_writer *w, int depth, const char *name)
{
	indent(w, depth);
	qk_write_raw(w, "</", 2);
	put(w, name);
	qk_write_raw(w, ">\n", 2);
}

void qk_write_node_plus(struct qk_writer *w, int depth,
    const struct qk_node *n, const struct qk_node *extra)
{
	const struct qk_node *c;
	int i;

	qk_write_open(w, depth, n->name);
	for (i = 0; i < n->nattr; i++)
		qk_write_attr(w, n->attr[i].name, n->attr[i].value);
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
