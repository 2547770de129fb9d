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

		for (j = i; j > 0 && qk_attr_cmp(a[j - 1], x) > 0; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* A value with "\\" written "\\\\" and a line feed "\\n". */
static void emit_value(const char *v,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	for (;;) {
		size_t run = strcspn(v, "\\\n");

		if (run > 0)
			emit(arg, v, run);
		v += run;
		if (*v == '\0')
			return;
		emit(arg, *v == '\\' ? "\\\\" : "\\n", 2);
		v++;
	}
}

void qk_canon(const struct qk_node *n,
    void (*emit)(void *, const char *, size_t), void *arg);

/* canon() without memory: attributes found in order by repeated search. */
static void emit_unsorted_fallback(const struct qk_node *n,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	const struct qk_attr *last = NULL;
	const struct qk_node *c;
	int i;

	emit(arg, "<", 1);
	emit(arg, n->name, strlen(n->name));
	emit(arg, "\n", 1);
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
		emit(arg, next->name, strlen(next->name));
		emit(arg, "=", 1);
		emit_value(next->value, emit, arg);
		emit(arg, "\n", 1);
		last = next;
	}
	for (c = n->child; c != NULL; c = c->next)
		qk_canon(c, emit, arg);
	emit(arg, ">\n", 2);
}

void qk_canon(const struct qk_node *n,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	const struct qk_attr *stack[MAX_STACK_ATTRS];
	const struct qk_attr **sorted = stack;
	const struct qk_node *c;
	int i, k = 0;

	if (n->nattr > MAX_STACK_ATTRS) {
		sorted = malloc(n->nattr * sizeof *sorted);
		if (sorted == NULL) {
			emit_unsorted_fallback(n, emit, arg);
			return;
		}
	}
	for (i = 0; i < n->nattr; i++)
		if (n->attr[i].atom != QK_h)
			sorted[k++] = &n->attr[i];
	sort_attrs(sorted, k);
	emit(arg, "<", 1);
	emit(arg, n->name, strlen(n->name));
	emit(arg, "\n", 1);
	for (i = 0; i < k; i++) {
		emit(arg, sorted[i]->name, QK_NAME_LEN(sorted[i]));
		emit(arg, "=", 1);
		emit_value(sorted[i]->value, emit, arg);
		emit(arg, "\n", 1);
	}
	if (sorted != stack)
		free(sorted);
	for (c = n->child; c != NULL; c = c->next)
		qk_canon(c, emit, arg);
	emit(arg, ">\n", 2);
}

/* canon() comes in small pieces: gather them before hashing. */
struct hasher {
	struct sha256_ctx ctx;
	size_t len;
	uint8_t buf[4096];
};

static void hasher_init(struct hasher *h)
{
	sha256_init(&h->ctx);
	h->len = 0;
}

static void sha_emit(void *arg, const char *s, size_t len)
{
	struct hasher *h = arg;

	if (h->len + len > sizeof h->buf) {
		sha256_update(&h->ctx, h->len, h->buf);
		h->len = 0;
		if (len > sizeof h->buf) {
			sha256_update(&h->ctx, len, (const uint8_t *)s);
			return;
		}
	}
	memcpy(h->buf + h->len, s, len);
	h->len += len;
}

static void hasher_flush(struct hasher *h)
{
	sha256_update(&h->ctx, h->len, h->buf);
	h->len = 0;
}

static void digest_hex(struct sha256_ctx *c, char hex[QK_HEX_LEN])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	int i;

#if NETTLE_VERSION_MAJOR >= 4
	sha256_digest(c, d);
#else
	sha256_digest(c, SHA256_DIGEST_SIZE, d);
#endif
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
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
	struct hasher h;

	hasher_init(&h);
	sha_emit(&h, "qk-case/1\n", 10);
	sha_emit(&h, id, strlen(id));
	sha_emit(&h, "\n", 1);
	qk_canon(application, sha_emit, &h);
	hasher_flush(&h);
	digest_hex(&h.ctx, hex);
}

void qk_chain_next(const char *prev, const struct qk_node *event,
    char hex[QK_HEX_LEN])
{
	struct hasher h;

	hasher_init(&h);
	sha_emit(&h, prev, strlen(prev));
	sha_emit(&h, "\n", 1);
	qk_canon(event, sha_emit, &h);
	hasher_flush(&h);
	digest_hex(&h.ctx, hex);
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
