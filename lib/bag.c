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

/* One packed case: its bytes in the spool at off (len bytes), followed by
 * its chain-heads part ("H LF", or "H0 SP H LF" when masked). */
struct entry {
	const char *id;
	unsigned long long off;
	unsigned int len;
	unsigned int member;
	unsigned char broken;
};

/* A data/cases/SITE/YYYY-MM.xml file. */
struct member {
	char *path;		/* relative to the bag */
	char *site;
	long long size;
	char hex[QK_HEX_LEN];
	unsigned int rank;	/* in byte order of the paths */
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
	struct qk_arena *ids, *scratch;
	int spool;			/* the case spool (unlinked) */
	struct qk_writer *w;
	struct entry *e;
	size_t n, cap;
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
	b->ids = qk_arena_new();
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
	free(b->e);
	qk_map_free(b->members);
	qk_arena_free(b->ids);
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
	char key[256];
	struct member *m;
	void *v;

	snprintf(key, sizeof key, "%s/%.7s", site, month);
	if ((v = qk_map_get(b->members, key)) != NULL) {
		*index = (unsigned int)((uintptr_t)v - 1);
		return 0;
	}
	m = realloc(b->m, (b->nm + 1) * sizeof *m);
	if (m == NULL)
		return -1;
	b->m = m;
	m = &b->m[b->nm];
	memset(m, 0, sizeof *m);
	m->path = malloc(strlen(key) + 16);
	m->site = strdup(site);
	if (m->path == NULL || m->site == NULL) {
		free(m->path);
		free(m->site);
		return -1;
	}
	sprintf(m->path, "data/cases/%s.xml", key);
	m->size = strlen(DOC_HEAD) + strlen(DOC_TAIL);
	if (qk_map_put(b->members, key, (void *)(uintptr_t)(b->nm + 1)) < 0) {
		free(m->path);
		free(m->site);
		return -1;
	}
	*index = b->nm++;
	return 0;
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

static int add_entry(struct qk_bag *b, const char *id, unsigned long long off,
    unsigned long long len, unsigned int member, int broken)
{
	struct entry *e;

	if (len > UINT32_MAX)
		return -1;
	if (b->n == b->cap) {
		size_t cap = b->cap == 0 ? 1024 : b->cap * 2;

		e = realloc(b->e, cap * sizeof *e);
		if (e == NULL)
			return -1;
		b->e = e;
		b->cap = cap;
	}
	e = &b->e[b->n];
	e->id = qk_arena_strdup(b->ids, id);
	if (e->id == NULL)
		return -1;
	e->off = off;
	e->len = (unsigned int)len;
	e->member = member;
	e->broken = (unsigned char)broken;
	b->n++;
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
	if (add_entry(b, id, off, qk_writer_count(b->w) - off, member, broken) < 0)
		return nomem(err, errlen);
	b->m[member].size += b->e[b->n - 1].len;
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

/* A member document: its cases (entries from..to, in id order) as spooled. */
static int emit_member(struct qk_bag *b, size_t from, size_t to,
    const struct sink *s)
{
	size_t i;

	if (s->fn(s->arg, DOC_HEAD, strlen(DOC_HEAD)) < 0)
		return -1;
	for (i = from; i < to; i++)
		if (copy_spool(b, b->e[i].off, b->e[i].len, s) < 0)
			return -1;
	return s->fn(s->arg, DOC_TAIL, strlen(DOC_TAIL));
}

static int cmp_id(const void *x, const void *y)
{
	return strcmp(((const struct entry *)x)->id, ((const struct entry *)y)->id);
}

static int cmp_member_id(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;

	if (a->member != b->member)
		return a->member < b->member ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int cmp_member_path(const void *x, const void *y)
{
	return strcmp(((const struct member *)x)->path, ((const struct member *)y)->path);
}

/* Members in byte order of their paths; entries renumbered to match. */
static int rank_members(struct qk_bag *b)
{
	unsigned int *to = malloc((b->nm + 1) * sizeof *to), i;
	size_t k;

	if (to == NULL)
		return -1;
	for (i = 0; i < b->nm; i++)
		b->m[i].rank = i;
	if (b->nm > 0)
		qsort(b->m, b->nm, sizeof *b->m, cmp_member_path);
	for (i = 0; i < b->nm; i++)
		to[b->m[i].rank] = i;
	for (k = 0; k < b->n; k++)
		b->e[k].member = to[b->e[k].member];
	free(to);
	return 0;
}

/* data/chain-heads.txt, from the entries in id order. */
static int write_heads(struct qk_bag *b, char *err, size_t errlen)
{
	size_t part = b->opt.mask ? 130 : 65, i;
	struct qk_writer *w;
	char line[131];

	if ((b->heads.path = strdup("data/chain-heads.txt")) == NULL)
		return nomem(err, errlen);
	if ((b->heads.fd = spool_file(err, errlen)) < 0)
		return -1;
	if ((w = qk_writer_new(spool_sink, &b->heads.fd)) == NULL)
		return nomem(err, errlen);
	for (i = 0; i < b->n; i++) {
		if (read_at(b->spool, line, part, b->e[i].off + b->e[i].len) < 0)
			break;
		qk_write_raw(w, b->e[i].id, strlen(b->e[i].id));
		qk_write_raw(w, " ", 1);
		qk_write_raw(w, line, part);
	}
	if (i < b->n || qk_writer_flush(w) < 0 || lseek(b->heads.fd, 0, SEEK_SET) < 0 ||
	    copy_hash(b, b->heads.fd, -1, &b->heads.size, b->heads.hex) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		qk_writer_free(w);
		return -1;
	}
	qk_writer_free(w);
	return 0;
}

/* Size and SHA-256 of every member, streamed from the spool. */
static int hash_members(struct qk_bag *b, size_t *start, char *err,
    size_t errlen)
{
	unsigned int i;

	for (i = 0; i < b->nm; i++) {
		struct sink s = { hash_sink, qk_sha256_new() };

		if (s.arg == NULL)
			return nomem(err, errlen);
		if (emit_member(b, start[i], start[i + 1], &s) < 0) {
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
	char *text = NULL;
	unsigned int i;
	size_t k;
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
	for (k = 0; k < b->n; k++)	/* entries are in id order here */
		if (b->e[k].broken)
			put_value(f, "QK-Broken-Case", b->e[k].id);
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

static int write_item(struct qk_bag *b, const struct item *it, size_t *start,
    char *err, size_t errlen)
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
		if (emit_member(b, start[it->member], start[it->member + 1], &s) < 0) {
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
	char rel[512];
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
			snprintf(rel, sizeof rel, "data/cases/%s/", b->m[i].site);
			if (item_add(l, rel, IT_DIR) < 0)
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

/* Where each member's entries start (entries sorted by member, then id). */
static size_t *member_starts(struct qk_bag *b)
{
	size_t *start = calloc(b->nm + 1, sizeof *start), k;
	unsigned int i = 0;

	if (start == NULL)
		return NULL;
	for (k = 0; k < b->n; k++)
		while (i <= b->e[k].member)
			start[i++] = k;
	while (i <= b->nm)
		start[i++] = b->n;
	return start;
}

int qk_bag_write(struct qk_bag *b, char *err, size_t errlen)
{
	static const char bagit[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	char *text[4] = { NULL, (char *)bagit, NULL, NULL };
	size_t len[4] = { 0, sizeof bagit - 1, 0, 0 }, *start = NULL;
	struct items l = { NULL, 0, 0, b->opt.name };
	int i, r = -1;

	if (qk_writer_flush(b->w) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(qk_writer_error(b->w)));
		return -1;
	}
	if (b->n > 0)
		qsort(b->e, b->n, sizeof *b->e, cmp_id);
	if (write_heads(b, err, errlen) < 0)
		return -1;
	if ((text[0] = baginfo_text(b, &len[0])) == NULL || rank_members(b) < 0)
		goto nomem;
	if (b->n > 0)
		qsort(b->e, b->n, sizeof *b->e, cmp_member_id);
	if ((start = member_starts(b)) == NULL)
		goto nomem;
	if (hash_members(b, start, err, errlen) < 0)
		goto done;
	if ((text[2] = manifest_text(b, &len[2])) == NULL ||
	    (text[3] = tagmanifest_text(text[0], len[0], bagit, text[2], len[2], &len[3])) == NULL ||
	    list_items(b, &l, (const char *const *)text, len) < 0)
		goto nomem;
	for (i = 0; i < l.n; i++)
		if (write_item(b, &l.it[i], start, err, errlen) < 0)
			goto done;
	r = qk_pack_commit(b->pack, err, errlen);
	b->pack = NULL;
	goto done;
nomem:
	nomem(err, errlen);
done:
	items_free(&l);
	free(start);
	free(text[0]);
	free(text[2]);
	free(text[3]);
	return r;
}
