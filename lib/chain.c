#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <nettle/version.h>

#include "chain.h"
#include "node.h"

#define MAX_STACK_ATTRS 32

static int cmp_attr(const void *a, const void *b)
{
	return qk_attr_cmp(*(const struct qk_attr *const *)a,
	    *(const struct qk_attr *const *)b);
}

/* qk_attr_cmp(a, b) > 0, with the ranks of names qk defines compared in
 * place: the atom tables are filled (put_canon's callers see to it). */
static int attr_after(const struct qk_attr *a, const struct qk_attr *b)
{
	if (a->atom != QK_NONE && b->atom != QK_NONE)
		return qk_atom_rank[a->atom] > qk_atom_rank[b->atom];
	return qk_attr_cmp(a, b) > 0;
}

/* Elements have a handful of attributes: insertion sort beats qsort. */
static void sort_attrs(const struct qk_attr **a, int n)
{
	int i, j;

	if (n > 16) {
		qsort(a, n, sizeof *a, cmp_attr);
		return;
	}
	for (i = 1; i < n; i++) {
		const struct qk_attr *x = a[i];

		for (j = i; j > 0 && attr_after(a[j - 1], x); j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/*
 * canon() is made of pieces of a few bytes.  They are gathered in buf and
 * handed to flush (nettle's update, or qk_canon()'s emit) only when it
 * fills and at the end: a call per piece costs more than the hashing.
 */
struct canon_out {
	void (*flush)(void *arg, const char *s, size_t len);
	void *arg;
	size_t len;
	char buf[4096];
};

static void out_init(struct canon_out *o,
    void (*flush)(void *, const char *, size_t), void *arg)
{
	o->flush = flush;
	o->arg = arg;
	o->len = 0;
}

static void out_drain(struct canon_out *o)
{
	if (o->len > 0)
		o->flush(o->arg, o->buf, o->len);
	o->len = 0;
}

static void out_put(struct canon_out *o, const char *s, size_t len)
{
	if (o->len + len > sizeof o->buf) {
		out_drain(o);
		if (len > sizeof o->buf) {
			o->flush(o->arg, s, len);
			return;
		}
	}
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

static void out_byte(struct canon_out *o, char c)
{
	if (o->len == sizeof o->buf)
		out_drain(o);
	o->buf[o->len++] = c;
}

/* A value with "\\" written "\\\\" and a line feed "\\n". */
static void put_value(struct canon_out *o, const char *v)
{
	for (;;) {
		size_t run = strcspn(v, "\\\n");

		out_put(o, v, run);
		v += run;
		if (*v == '\0')
			return;
		out_put(o, *v == '\\' ? "\\\\" : "\\n", 2);
		v++;
	}
}

/* "NAME=VALUE\n"; most values have nothing to escape and fit in buf as
 * they are. */
static void put_attr(struct canon_out *o, const struct qk_attr *a)
{
	size_t nlen = QK_NAME_LEN(a), run = strcspn(a->value, "\\\n");
	char *p = o->buf + o->len;

	if (a->value[run] == '\0' && nlen + run + 2 <= sizeof o->buf - o->len) {
		memcpy(p, a->name, nlen);
		p[nlen] = '=';
		memcpy(p + nlen + 1, a->value, run);
		p[nlen + 1 + run] = '\n';
		o->len += nlen + run + 2;
		return;
	}
	out_put(o, a->name, nlen);
	out_byte(o, '=');
	put_value(o, a->value);
	out_byte(o, '\n');
}

/* "<NAME\n". */
static void put_start(struct canon_out *o, const struct qk_node *n)
{
	out_byte(o, '<');
	out_put(o, n->name, strlen(n->name));
	out_byte(o, '\n');
}

static void put_canon(struct canon_out *o, const struct qk_node *n);

/* qk_atom_len and qk_atom_rank are filled by the first qk_atom_name()
 * call: a tree built with qk_node_add() alone may not have made one. */
static void fill_atom_tables(void)
{
	(void)qk_atom_name(QK_h);
}

/* canon() without memory: attributes found in order by repeated search. */
static void put_unsorted_fallback(struct canon_out *o, const struct qk_node *n)
{
	const struct qk_attr *last = NULL;
	const struct qk_node *c;
	int i;

	put_start(o, n);
	for (;;) {
		const struct qk_attr *next = NULL;

		for (i = 0; i < n->nattr; i++) {
			const struct qk_attr *a = &n->attr[i];

			if (strcmp(a->name, "h") == 0 ||
			    (last != NULL && strcmp(a->name, last->name) <= 0))
				continue;
			if (next == NULL || strcmp(a->name, next->name) < 0)
				next = a;
		}
		if (next == NULL)
			break;
		put_attr(o, next);
		last = next;
	}
	for (c = n->child; c != NULL; c = c->next)
		put_canon(o, c);
	out_put(o, ">\n", 2);
}

static void put_canon(struct canon_out *o, const struct qk_node *n)
{
	const struct qk_attr *stack[MAX_STACK_ATTRS];
	const struct qk_attr **sorted = stack;
	const struct qk_node *c;
	int i, k = 0;

	if (n->nattr > MAX_STACK_ATTRS) {
		sorted = malloc(n->nattr * sizeof *sorted);
		if (sorted == NULL) {
			put_unsorted_fallback(o, n);
			return;
		}
	}
	for (i = 0; i < n->nattr; i++)
		if (n->attr[i].atom != QK_h)
			sorted[k++] = &n->attr[i];
	sort_attrs(sorted, k);
	put_start(o, n);
	for (i = 0; i < k; i++)
		put_attr(o, sorted[i]);
	if (sorted != stack)
		free(sorted);
	for (c = n->child; c != NULL; c = c->next)
		put_canon(o, c);
	out_put(o, ">\n", 2);
}

void qk_canon(const struct qk_node *n,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	struct canon_out o;

	out_init(&o, emit, arg);
	fill_atom_tables();
	put_canon(&o, n);
	out_drain(&o);
}

static void sha_update(void *arg, const char *s, size_t len)
{
	sha256_update(arg, len, (const uint8_t *)s);
}

/* "00" to "ff": a byte's two hex digits in one copy. */
#define HEX_ROW(d) d "0" d "1" d "2" d "3" d "4" d "5" d "6" d "7" d "8" \
	d "9" d "a" d "b" d "c" d "d" d "e" d "f"
static const char hex_pairs[] = HEX_ROW("0") HEX_ROW("1") HEX_ROW("2")
    HEX_ROW("3") HEX_ROW("4") HEX_ROW("5") HEX_ROW("6") HEX_ROW("7")
    HEX_ROW("8") HEX_ROW("9") HEX_ROW("a") HEX_ROW("b") HEX_ROW("c")
    HEX_ROW("d") HEX_ROW("e") HEX_ROW("f");

static void digest_hex(struct sha256_ctx *c, char hex[QK_HEX_LEN])
{
	uint8_t d[SHA256_DIGEST_SIZE];
	int i;

#if NETTLE_VERSION_MAJOR >= 4
	sha256_digest(c, d);
#else
	sha256_digest(c, SHA256_DIGEST_SIZE, d);
#endif
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		memcpy(hex + 2 * i, hex_pairs + 2 * d[i], 2);
	hex[64] = '\0';
}

void qk_sha256_hex(const void *data, size_t len, char hex[QK_HEX_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, len, data);
	digest_hex(&c, hex);
}

struct qk_sha256 {
	struct sha256_ctx ctx;
};

struct qk_sha256 *qk_sha256_new(void)
{
	struct qk_sha256 *h = malloc(sizeof *h);

	if (h != NULL)
		sha256_init(&h->ctx);
	return h;
}

void qk_sha256_update(struct qk_sha256 *h, const void *data, size_t len)
{
	sha256_update(&h->ctx, len, data);
}

void qk_sha256_end(struct qk_sha256 *h, char hex[QK_HEX_LEN])
{
	digest_hex(&h->ctx, hex);
	free(h);
}

void qk_chain_h0(const char *id, const struct qk_node *application,
    char hex[QK_HEX_LEN])
{
	struct sha256_ctx ctx;
	struct canon_out o;

	sha256_init(&ctx);
	out_init(&o, sha_update, &ctx);
	fill_atom_tables();
	out_put(&o, "qk-case/1\n", 10);
	out_put(&o, id, strlen(id));
	out_byte(&o, '\n');
	put_canon(&o, application);
	out_drain(&o);
	digest_hex(&ctx, hex);
}

void qk_chain_next(const char *prev, const struct qk_node *event,
    char hex[QK_HEX_LEN])
{
	struct sha256_ctx ctx;
	struct canon_out o;

	sha256_init(&ctx);
	out_init(&o, sha_update, &ctx);
	fill_atom_tables();
	out_put(&o, prev, strlen(prev));
	out_byte(&o, '\n');
	put_canon(&o, event);
	out_drain(&o);
	digest_hex(&ctx, hex);
}

int qk_chain_verify(const struct qk_node *casenode, const char *h0,
    char last[QK_HEX_LEN])
{
	char cur[QK_HEX_LEN];
	const struct qk_node *e;
	const char *h;
	int i = 0;

	if (h0 != NULL)
		snprintf(cur, sizeof cur, "%s", h0);
	else
		qk_chain_h0(qk_get_raw(casenode, QK_id), qk_child(casenode, QK_application), cur);
	for (e = qk_child(casenode, QK_event); e != NULL; e = qk_next(e, QK_event), i++) {
		qk_chain_next(cur, e, cur);
		h = qk_get_raw(e, QK_h);
		if (h == NULL || strcmp(h, cur) != 0)
			break;
	}
	if (last != NULL)
		memcpy(last, cur, QK_HEX_LEN);
	return e == NULL ? -1 : i;
}

int qk_chain_is_hash(const char *s)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}
