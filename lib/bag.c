#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "bag.h"
#include "case.h"
#include "chain.h"
#include "date.h"
#include "idpack.h"
#include "map.h"
#include "mask.h"
#include "node.h"
#include "output.h"
#include "pack.h"
#include "value.h"
#include "writer.h"

#define COPY_BUF (64 * 1024)
#define DOC_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cases version=\"1\">\n"
#define DOC_TAIL "</cases>\n"

/* One packed case: its id (a key of lib/idpack.h), its bytes in the spool
 * at off (len bytes), followed by its chain-heads part ("H LF", or
 * "H0 SP H LF" when masked).  The one thing kept per case (tools.md,
 * Memory and streaming): no pointer, 24 bytes. */
struct entry {
	uint64_t key;
	unsigned long long off;
	uint32_t len;
	unsigned char broken;
};
_Static_assert(sizeof(struct entry) <= 24, "an entry per case stays compact");

/* A data/cases/SITE/YYYY-MM.xml file and its cases (in id order once
 * sorted). */
struct member {
	char *path;		/* relative to the bag */
	char *site;
	long long size;
	char hex[QK_HEX_LEN];
	struct entry *e;
	size_t n, cap;
};

/* A payload file held in a spool file of its own (chain-heads, --add). */
struct held {
	char *path;
	int fd;
	long long size;
	char hex[QK_HEX_LEN];
};

/* The first or last received case so far. */
struct bound {
	long long instant;
	char *received, *id;
};

struct qk_bag {
	struct qk_bag_opts opt;
	struct qk_pack *pack;
	struct qk_idpack *ids;		/* the ids of the entries */
	struct qk_arena *scratch;
	int spool;			/* the case spool (unlinked) */
	struct qk_writer *w;
	size_t n, nbroken;		/* cases, broken ones */
	struct member *m;
	unsigned int nm;
	struct qk_map *members;		/* "SITE/YYYY-MM" -> index + 1 */
	struct held *add;
	int nadd;
	struct held heads;
	struct bound first, last;
	char buf[COPY_BUF];
};

int qk_bag_name_ok(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-");

	return n >= 1 && n <= 64 && name[n] == '\0' &&
	    strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

int qk_bag_allows_broken(const struct qk_bag *b)
{
	return b->opt.allow_broken;
}

/* A new file in $TMPDIR, already unlinked: it goes away with the process. */
static int spool_file(char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(path, sizeof path, "%s/qk-pack-XXXXXX", tmp);
	fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	unlink(path);
	return fd;
}

static int spool_sink(void *arg, const char *buf, size_t len)
{
	return qk_output_write_all(*(int *)arg, buf, len);
}

static int nomem(char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", strerror(ENOMEM));
	return -1;
}

struct qk_bag *qk_bag_new(const char *path, const struct qk_bag_opts *opt,
    char *err, size_t errlen)
{
	struct qk_bag *b = calloc(1, sizeof *b);

	if (b == NULL) {
		nomem(err, errlen);
		return NULL;
	}
	b->opt = *opt;
	b->spool = -1;
	b->heads.fd = -1;
	b->ids = qk_idpack_new();
	b->scratch = qk_arena_new();
	b->members = qk_map_new();
	if (b->ids == NULL || b->scratch == NULL || b->members == NULL) {
		nomem(err, errlen);
		goto fail;
	}
	if ((b->pack = qk_pack_open(path, err, errlen)) == NULL ||
	    (b->spool = spool_file(err, errlen)) < 0)
		goto fail;
	if ((b->w = qk_writer_new(spool_sink, &b->spool)) == NULL) {
		nomem(err, errlen);
		goto fail;
	}
	return b;
fail:
	qk_bag_free(b);
	return NULL;
}

static void held_free(struct held *h)
{
	free(h->path);
	if (h->fd >= 0)
		close(h->fd);
}

void qk_bag_free(struct qk_bag *b)
{
	unsigned int i;
	int k;

	if (b == NULL)
		return;
	qk_pack_abort(b->pack);
	qk_writer_free(b->w);
	if (b->spool >= 0)
		close(b->spool);
	for (i = 0; i < b->nm; i++) {
		free(b->m[i].path);
		free(b->m[i].site);
		free(b->m[i].e);
	}
	free(b->m);
	for (k = 0; k < b->nadd; k++)
		held_free(&b->add[k]);
	free(b->add);
	held_free(&b->heads);
	free(b->first.received);
	free(b->first.id);
	free(b->last.received);
	free(b->last.id);
	qk_map_free(b->members);
	qk_idpack_free(b->ids);
	qk_arena_free(b->scratch);
	free(b);
}

/* Copies fd's bytes (from its start) to out when out >= 0, hashing them. */
static int copy_hash(struct qk_bag *b, int in, int out, long long *size,
    char hex[QK_HEX_LEN])
{
	struct qk_sha256 *h = qk_sha256_new();
	ssize_t n;

	if (h == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*size = 0;
	while ((n = read(in, b->buf, sizeof b->buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (out >= 0 && qk_output_write_all(out, b->buf, n) < 0)) {
			qk_sha256_end(h, hex);
			return -1;
		}
		qk_sha256_update(h, b->buf, n);
		*size += n;
	}
	qk_sha256_end(h, hex);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

int qk_bag_add_file(struct qk_bag *b, const char *path, char *err,
    size_t errlen)
{
	struct held *h = realloc(b->add, (b->nadd + 1) * sizeof *h);
	const char *base = base_name(path);
	int in;

	if (h == NULL)
		return nomem(err, errlen);
	b->add = h;
	h = &b->add[b->nadd];
	h->fd = -1;
	h->path = malloc(strlen(base) + 12);
	if (h->path == NULL)
		return nomem(err, errlen);
	sprintf(h->path, "data/extra/%s", base);
	b->nadd++;
	if ((h->fd = spool_file(err, errlen)) < 0)
		return -1;
	if ((in = open(path, O_RDONLY)) < 0 ||
	    copy_hash(b, in, h->fd, &h->size, h->hex) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (in >= 0)
			close(in);
		return -1;
	}
	close(in);
	return 0;
}


/* The index of the member of site and month (YYYY-MM), made when new. */
static int member_of(struct qk_bag *b, const char *site, const char *month,
    unsigned int *index)
{
	char *key = malloc(strlen(site) + 9);	/* a site has no length limit */
	struct member *m;
	void *v;

	if (key == NULL)
		return -1;
	sprintf(key, "%s/%.7s", site, month);
	if ((v = qk_map_get(b->members, key)) != NULL) {
		*index = (unsigned int)((uintptr_t)v - 1);
		free(key);
		return 0;
	}
	m = realloc(b->m, (b->nm + 1) * sizeof *m);
	if (m == NULL)
		goto fail;
	b->m = m;
	m = &b->m[b->nm];
	memset(m, 0, sizeof *m);
	m->path = malloc(strlen(key) + 16);
	m->site = strdup(site);
	if (m->path == NULL || m->site == NULL)
		goto fail_member;
	sprintf(m->path, "data/cases/%s.xml", key);
	m->size = strlen(DOC_HEAD) + strlen(DOC_TAIL);
	if (qk_map_put(b->members, key, (void *)(uintptr_t)(b->nm + 1)) < 0)
		goto fail_member;
	free(key);
	*index = b->nm++;
	return 0;
fail_member:
	free(m->path);
	free(m->site);
fail:
	free(key);
	return -1;
}

static int set_bound(struct bound *bd, long long instant, const char *received,
    const char *id)
{
	char *r = strdup(received), *i = strdup(id);

	if (r == NULL || i == NULL) {
		free(r);
		free(i);
		return -1;
	}
	free(bd->received);
	free(bd->id);
	bd->instant = instant;
	bd->received = r;
	bd->id = i;
	return 0;
}

/* QK-First-Received and QK-Last-Received: ties go to the smaller id. */
static int note_received(struct qk_bag *b, const struct qk_time *t,
    const char *received, const char *id)
{
	if (b->first.id == NULL || t->instant < b->first.instant ||
	    (t->instant == b->first.instant && strcmp(id, b->first.id) < 0))
		if (set_bound(&b->first, t->instant, received, id) < 0)
			return -1;
	if (b->last.id == NULL || t->instant > b->last.instant ||
	    (t->instant == b->last.instant && strcmp(id, b->last.id) < 0))
		if (set_bound(&b->last, t->instant, received, id) < 0)
			return -1;
	return 0;
}

/* The last h of a case as written; for a broken case whose last event
 * carries no usable h, the chain computed on over every event. */
static void last_h(const struct qk_node *c, const char *h0, char out[QK_HEX_LEN])
{
	const struct qk_node *e, *lastev = NULL;
	const char *h;

	for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
		lastev = e;
	h = lastev != NULL ? qk_get_raw(lastev, QK_h) : NULL;
	if (lastev == NULL) {
		memcpy(out, h0, QK_HEX_LEN);
	} else if (h != NULL && qk_chain_is_hash(h)) {
		memcpy(out, h, QK_HEX_LEN);
	} else {
		memcpy(out, h0, QK_HEX_LEN);
		for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
			qk_chain_next(out, e, out);
	}
}

static int add_entry(struct qk_bag *b, struct member *m, const char *id,
    unsigned long long off, unsigned long long len, int broken)
{
	struct entry *e;
	uint64_t key;

	if (len > UINT32_MAX)
		return -1;
	if (m->n == m->cap) {
		size_t cap = m->cap == 0 ? 256 : m->cap * 2;

		if (cap > SIZE_MAX / sizeof *e)
			return -1;
		e = realloc(m->e, cap * sizeof *e);
		if (e == NULL)
			return -1;
		m->e = e;
		m->cap = cap;
	}
	if (qk_idpack_key(b->ids, id, &key) < 0)
		return -1;
	e = &m->e[m->n++];
	e->key = key;
	e->off = off;
	e->len = (uint32_t)len;
	e->broken = (unsigned char)broken;
	m->size += len;
	b->n++;
	b->nbroken += broken != 0;
	return 0;
}

int qk_bag_add_case(struct qk_bag *b, struct qk_node *c, const char **why,
    char *err, size_t errlen)
{
	const char *id = qk_get(c, QK_id), *site = qk_get(c, QK_site);
	const char *received = qk_get(c, QK_received);
	char h0[QK_HEX_LEN], last[QK_HEX_LEN];
	unsigned long long off;
	unsigned int member;
	struct qk_time t;
	int broken;

	if (qk_case_malformed(c)) {
		*why = "case record malformed: no id or no application";
		return QK_BAG_REFUSED;
	}
	if (site == NULL || !qk_value_is_code(site, strlen(site))) {
		*why = "site missing or not a code";
		return QK_BAG_REFUSED;
	}
	if (received == NULL || qk_time_parse(received, &t) < 0) {
		*why = "received missing or malformed";
		return QK_BAG_REFUSED;
	}
	broken = qk_chain_verify(c, NULL, NULL) >= 0;
	if (broken && !b->opt.allow_broken)
		return QK_BAG_BROKEN;
	qk_chain_h0(id, qk_child(c, QK_application), h0);
	last_h(c, h0, last);
	qk_arena_reset(b->scratch);
	if (b->opt.mask && qk_mask_case(b->scratch, c) < 0)
		return nomem(err, errlen);
	if (member_of(b, site, received, &member) < 0 ||
	    note_received(b, &t, received, id) < 0)
		return nomem(err, errlen);
	off = qk_writer_count(b->w);
	qk_write_node(b->w, 1, c);
	if (add_entry(b, &b->m[member], id, off, qk_writer_count(b->w) - off,
	    broken) < 0)
		return nomem(err, errlen);
	if (b->opt.mask) {
		qk_write_raw(b->w, h0, 64);
		qk_write_raw(b->w, " ", 1);
	}
	qk_write_raw(b->w, last, 64);
	qk_write_raw(b->w, "\n", 1);
	if (qk_writer_error(b->w) != 0) {
		snprintf(err, errlen, "spool: %s", strerror(qk_writer_error(b->w)));
		return -1;
	}
	return broken ? QK_BAG_BROKEN : QK_BAG_PACKED;
}

/* Where the bytes of a payload member go: a hash, or the archive. */
struct sink {
	int (*fn)(void *arg, const char *buf, size_t len);
	void *arg;
};

static int hash_sink(void *arg, const char *buf, size_t len)
{
	qk_sha256_update(arg, buf, len);
	return 0;
}

struct pack_sink {
	struct qk_pack *pack;
	char *err;
	size_t errlen;
};

static int archive_sink(void *arg, const char *buf, size_t len)
{
	struct pack_sink *p = arg;

	return qk_pack_data(p->pack, buf, len, p->err, p->errlen);
}

static int read_at(int fd, char *buf, size_t len, unsigned long long off)
{
	while (len > 0) {
		ssize_t n = pread(fd, buf, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		buf += n;
		len -= n;
		off += n;
	}
	return 0;
}

/* Copies len bytes of the spool from off to the sink. */
static int copy_spool(struct qk_bag *b, unsigned long long off,
    unsigned long long len, const struct sink *s)
{
	while (len > 0) {
		size_t k = len < sizeof b->buf ? (size_t)len : sizeof b->buf;

		if (read_at(b->spool, b->buf, k, off) < 0 || s->fn(s->arg, b->buf, k) < 0)
			return -1;
		off += k;
		len -= k;
	}
	return 0;
}

/* A member document: its cases (in id order) as spooled. */
static int emit_member(struct qk_bag *b, const struct member *m,
    const struct sink *s)
{
	size_t i;

	if (s->fn(s->arg, DOC_HEAD, strlen(DOC_HEAD)) < 0)
		return -1;
	for (i = 0; i < m->n; i++)
		if (copy_spool(b, m->e[i].off, m->e[i].len, s) < 0)
			return -1;
	return s->fn(s->arg, DOC_TAIL, strlen(DOC_TAIL));
}

/* The ids of the entries being sorted (qsort has no argument for it). */
static _Thread_local const struct qk_idpack *sort_ids;

/* Byte order of the ids; equal ids (none: qk-pack refuses a second one)
 * would keep the order of the spool. */
static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = qk_idpack_cmp(sort_ids, a->key, b->key);

	if (c != 0)
		return c;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* Each member's entries in id order: one member at a time, so that
 * qsort's working copy is never more than one member's. */
static void sort_members(struct qk_bag *b)
{
	unsigned int i;

	sort_ids = b->ids;
	for (i = 0; i < b->nm; i++)
		if (b->m[i].n > 1)
			qsort(b->m[i].e, b->m[i].n, sizeof *b->m[i].e, cmp_entry);
	sort_ids = NULL;
}

static int cmp_member_path(const void *x, const void *y)
{
	return strcmp(((const struct member *)x)->path, ((const struct member *)y)->path);
}

/* Members in byte order of their paths. */
static void rank_members(struct qk_bag *b)
{
	if (b->nm > 0)
		qsort(b->m, b->nm, sizeof *b->m, cmp_member_path);
}

/*
 * All the entries in id order: a k-way merge of the members' sorted
 * entries through a binary heap of their next ones, instead of a second
 * sort of every entry.  Each member's next id is formatted once, into its
 * head, and compared there.
 */
struct head {
	const struct member *m;
	size_t i;			/* the member's next entry */
	const char *id;			/* its id */
	char buf[QK_IDPACK_BUF];
};

struct merge {
	const struct qk_bag *b;
	struct head *h;
	struct head **heap;		/* a min-heap of the heads left */
	size_t n;
	int started;
};

static int head_before(const struct head *x, const struct head *y)
{
	int c = strcmp(x->id, y->id);

	return c != 0 ? c < 0 : x->m < y->m;
}

static void sift_down(struct merge *mg, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, min = i;
		struct head *t;

		if (l < mg->n && head_before(mg->heap[l], mg->heap[min]))
			min = l;
		if (r < mg->n && head_before(mg->heap[r], mg->heap[min]))
			min = r;
		if (min == i)
			return;
		t = mg->heap[i];
		mg->heap[i] = mg->heap[min];
		mg->heap[min] = t;
		i = min;
	}
}

static void head_id(const struct merge *mg, struct head *h)
{
	h->id = qk_idpack_id(mg->b->ids, h->m->e[h->i].key, h->buf);
}

/* 0, or -1 when out of memory. */
static int merge_start(struct merge *mg, const struct qk_bag *b)
{
	unsigned int i;
	size_t k;

	memset(mg, 0, sizeof *mg);
	mg->b = b;
	if (b->nm == 0)
		return 0;
	mg->h = calloc(b->nm, sizeof *mg->h);
	mg->heap = calloc(b->nm, sizeof *mg->heap);
	if (mg->h == NULL || mg->heap == NULL) {
		free(mg->h);
		free(mg->heap);
		return -1;
	}
	for (i = 0; i < b->nm; i++) {
		if (b->m[i].n == 0)
			continue;
		mg->h[i].m = &b->m[i];
		head_id(mg, &mg->h[i]);
		mg->heap[mg->n++] = &mg->h[i];
	}
	for (k = mg->n / 2; k > 0; k--)
		sift_down(mg, k - 1);
	return 0;
}

/* The next entry in id order and its id (valid until the next call), or
 * NULL after the last. */
static const struct entry *merge_next(struct merge *mg, const char **id)
{
	struct head *top;

	if (mg->started && mg->n > 0) {
		top = mg->heap[0];
		if (++top->i < top->m->n)
			head_id(mg, top);
		else
			mg->heap[0] = mg->heap[--mg->n];
		sift_down(mg, 0);
	}
	mg->started = 1;
	if (mg->n == 0)
		return NULL;
	top = mg->heap[0];
	*id = top->id;
	return &top->m->e[top->i];
}

static void merge_end(struct merge *mg)
{
	free(mg->h);
	free(mg->heap);
}

/* data/chain-heads.txt, from the entries in id order. */
static int write_heads(struct qk_bag *b, char *err, size_t errlen)
{
	size_t part = b->opt.mask ? 130 : 65;
	const struct entry *e;
	struct qk_writer *w;
	struct merge mg;
	const char *id;
	char line[131];
	int r = 0;

	if ((b->heads.path = strdup("data/chain-heads.txt")) == NULL)
		return nomem(err, errlen);
	if ((b->heads.fd = spool_file(err, errlen)) < 0)
		return -1;
	if (merge_start(&mg, b) < 0)
		return nomem(err, errlen);
	if ((w = qk_writer_new(spool_sink, &b->heads.fd)) == NULL) {
		merge_end(&mg);
		return nomem(err, errlen);
	}
	while ((e = merge_next(&mg, &id)) != NULL) {
		if ((r = read_at(b->spool, line, part, e->off + e->len)) < 0)
			break;
		qk_write_raw(w, id, strlen(id));
		qk_write_raw(w, " ", 1);
		qk_write_raw(w, line, part);
	}
	if (r < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		merge_end(&mg);
		qk_writer_free(w);
		return -1;
	}
	merge_end(&mg);
	if (qk_writer_flush(w) < 0 || lseek(b->heads.fd, 0, SEEK_SET) < 0 ||
	    copy_hash(b, b->heads.fd, -1, &b->heads.size, b->heads.hex) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		qk_writer_free(w);
		return -1;
	}
	qk_writer_free(w);
	return 0;
}

/* Size and SHA-256 of every member, streamed from the spool. */
static int hash_members(struct qk_bag *b, char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < b->nm; i++) {
		struct sink s = { hash_sink, qk_sha256_new() };

		if (s.arg == NULL)
			return nomem(err, errlen);
		if (emit_member(b, &b->m[i], &s) < 0) {
			qk_sha256_end(s.arg, b->m[i].hex);
			snprintf(err, errlen, "spool: %s", strerror(errno));
			return -1;
		}
		qk_sha256_end(s.arg, b->m[i].hex);
	}
	return 0;
}

/* An entry of the archive. */
enum { IT_DIR, IT_TEXT, IT_MEMBER, IT_HELD };
struct item {
	char *path;
	int kind;
	unsigned int member;
	const struct held *held;
	const char *text;
	size_t textlen;
};

struct items {
	struct item *it;
	int n, cap;
	const char *top;
};

static int item_add(struct items *l, const char *rel, int kind)
{
	struct item *it;

	if (l->n == l->cap) {
		int cap = l->cap == 0 ? 16 : l->cap * 2;

		it = realloc(l->it, cap * sizeof *it);
		if (it == NULL)
			return -1;
		l->it = it;
		l->cap = cap;
	}
	it = &l->it[l->n];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->path = malloc(strlen(l->top) + strlen(rel) + 2);
	if (it->path == NULL)
		return -1;
	sprintf(it->path, "%s/%s", l->top, rel);
	l->n++;
	return 0;
}

static void items_free(struct items *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->it[i].path);
	free(l->it);
}

static int cmp_item(const void *x, const void *y)
{
	return strcmp(((const struct item *)x)->path, ((const struct item *)y)->path);
}

/* One manifest line: the hash, two spaces, the path. */
struct mline {
	const char *path;
	const char *hex;
};

static int cmp_mline(const void *x, const void *y)
{
	return strcmp(((const struct mline *)x)->path, ((const struct mline *)y)->path);
}

/* manifest-sha256.txt, sorted by path bytes. */
static char *manifest_text(struct qk_bag *b, size_t *len)
{
	int n = b->nm + 1 + b->nadd, k = 0, i;
	struct mline *l = malloc(n * sizeof *l);
	char *text = NULL;
	FILE *f;

	if (l == NULL)
		return NULL;
	for (i = 0; i < (int)b->nm; i++)
		l[k++] = (struct mline){ b->m[i].path, b->m[i].hex };
	l[k++] = (struct mline){ b->heads.path, b->heads.hex };
	for (i = 0; i < b->nadd; i++)
		l[k++] = (struct mline){ b->add[i].path, b->add[i].hex };
	qsort(l, n, sizeof *l, cmp_mline);
	if ((f = open_memstream(&text, len)) != NULL) {
		for (i = 0; i < n; i++)
			fprintf(f, "%s  %s\n", l[i].hex, l[i].path);
		if (fclose(f) != 0) {
			free(text);
			text = NULL;
		}
	}
	free(l);
	return text;
}

/* A bag-info value on one line. */
static void put_value(FILE *f, const char *label, const char *v)
{
	fprintf(f, "%s: ", label);
	for (; v != NULL && *v != '\0'; v++)
		fputc(*v == '\n' || *v == '\r' ? ' ' : *v, f);
	fputc('\n', f);
}

static char *baginfo_text(struct qk_bag *b, size_t *len)
{
	long long bytes = b->heads.size;
	const struct entry *e;
	char *text = NULL;
	struct merge mg;
	const char *id;
	unsigned int i;
	FILE *f;
	int j;

	for (i = 0; i < b->nm; i++)
		bytes += b->m[i].size;
	for (j = 0; j < b->nadd; j++)
		bytes += b->add[j].size;
	if ((f = open_memstream(&text, len)) == NULL)
		return NULL;
	put_value(f, "Source-Organization", b->opt.org);
	put_value(f, "Bagging-Date", b->opt.date);
	fprintf(f, "Payload-Oxum: %lld.%d\n", bytes, (int)b->nm + 1 + b->nadd);
	fprintf(f, "QK-Case-Count: %zu\n", b->n);
	put_value(f, "QK-First-Received", b->first.received);
	put_value(f, "QK-Last-Received", b->last.received);
	if (b->nbroken > 0) {		/* in id order */
		if (merge_start(&mg, b) < 0) {
			fclose(f);
			free(text);
			return NULL;
		}
		while ((e = merge_next(&mg, &id)) != NULL)
			if (e->broken)
				put_value(f, "QK-Broken-Case", id);
		merge_end(&mg);
	}
	if (b->opt.mask)
		put_value(f, "QK-Masked", "yes");
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static char *tagmanifest_text(const char *baginfo, size_t blen,
    const char *bagit, const char *manifest, size_t mlen, size_t *len)
{
	char h1[QK_HEX_LEN], h2[QK_HEX_LEN], h3[QK_HEX_LEN];
	char *text = NULL;
	FILE *f;

	qk_sha256_hex(baginfo, blen, h1);
	qk_sha256_hex(bagit, strlen(bagit), h2);
	qk_sha256_hex(manifest, mlen, h3);
	if ((f = open_memstream(&text, len)) == NULL)
		return NULL;
	fprintf(f, "%s  bag-info.txt\n%s  bagit.txt\n%s  manifest-sha256.txt\n", h1, h2, h3);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int write_item(struct qk_bag *b, const struct item *it, char *err,
    size_t errlen)
{
	long long t = b->opt.mtime;
	struct pack_sink ps = { b->pack, err, errlen };
	struct sink s = { archive_sink, &ps };
	const struct held *h = it->held;

	switch (it->kind) {
	case IT_DIR:
		return qk_pack_dir(b->pack, it->path, t, err, errlen);
	case IT_TEXT:
		if (qk_pack_file(b->pack, it->path, it->textlen, t, err, errlen) < 0)
			return -1;
		return qk_pack_data(b->pack, it->text, it->textlen, err, errlen);
	case IT_MEMBER:
		if (qk_pack_file(b->pack, it->path, b->m[it->member].size, t, err, errlen) < 0)
			return -1;
		err[0] = '\0';
		if (emit_member(b, &b->m[it->member], &s) < 0) {
			if (err[0] == '\0')
				snprintf(err, errlen, "spool: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (qk_pack_file(b->pack, it->path, h->size, t, err, errlen) < 0)
		return -1;
	if (lseek(h->fd, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = read(h->fd, b->buf, sizeof b->buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "spool: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		if (qk_pack_data(b->pack, b->buf, n, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Every entry of the archive: folders holding a file, then the files. */
static int list_items(struct qk_bag *b, struct items *l, const char *const *text,
    const size_t *textlen)
{
	static const char *const tags[] = { "bag-info.txt", "bagit.txt",
	    "manifest-sha256.txt", "tagmanifest-sha256.txt" };
	unsigned int i;
	int k;

	if (item_add(l, "", IT_DIR) < 0 || item_add(l, "data/", IT_DIR) < 0)
		return -1;
	for (k = 0; k < 4; k++) {
		if (item_add(l, tags[k], IT_TEXT) < 0)
			return -1;
		l->it[l->n - 1].text = text[k];
		l->it[l->n - 1].textlen = textlen[k];
	}
	if (b->nm > 0 && item_add(l, "data/cases/", IT_DIR) < 0)
		return -1;
	for (i = 0; i < b->nm; i++) {
		if (i == 0 || strcmp(b->m[i].site, b->m[i - 1].site) != 0) {
			/* "data/cases/SITE/" of "data/cases/SITE/YYYY-MM.xml" */
			char *rel = strndup(b->m[i].path, strlen(b->m[i].path) - 11);
			int r = rel != NULL ? item_add(l, rel, IT_DIR) : -1;

			free(rel);
			if (r < 0)
				return -1;
		}
		if (item_add(l, b->m[i].path, IT_MEMBER) < 0)
			return -1;
		l->it[l->n - 1].member = i;
	}
	if (item_add(l, b->heads.path, IT_HELD) < 0)
		return -1;
	l->it[l->n - 1].held = &b->heads;
	if (b->nadd > 0 && item_add(l, "data/extra/", IT_DIR) < 0)
		return -1;
	for (k = 0; k < b->nadd; k++) {
		if (item_add(l, b->add[k].path, IT_HELD) < 0)
			return -1;
		l->it[l->n - 1].held = &b->add[k];
	}
	qsort(l->it, l->n, sizeof *l->it, cmp_item);
	return 0;
}

int qk_bag_write(struct qk_bag *b, char *err, size_t errlen)
{
	static const char bagit[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	char *text[4] = { NULL, (char *)bagit, NULL, NULL };
	size_t len[4] = { 0, sizeof bagit - 1, 0, 0 };
	struct items l = { NULL, 0, 0, b->opt.name };
	int i, r = -1;

	if (qk_writer_flush(b->w) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(qk_writer_error(b->w)));
		return -1;
	}
	sort_members(b);
	if (write_heads(b, err, errlen) < 0)
		return -1;
	if ((text[0] = baginfo_text(b, &len[0])) == NULL)
		goto nomem;
	rank_members(b);
	if (hash_members(b, err, errlen) < 0)
		goto done;
	if ((text[2] = manifest_text(b, &len[2])) == NULL ||
	    (text[3] = tagmanifest_text(text[0], len[0], bagit, text[2], len[2], &len[3])) == NULL ||
	    list_items(b, &l, (const char *const *)text, len) < 0)
		goto nomem;
	for (i = 0; i < l.n; i++)
		if (write_item(b, &l.it[i], err, errlen) < 0)
			goto done;
	r = qk_pack_commit(b->pack, err, errlen);
	b->pack = NULL;
	goto done;
nomem:
	nomem(err, errlen);
done:
	items_free(&l);
	free(text[0]);
	free(text[2]);
	free(text[3]);
	return r;
}
