#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "idpack.h"
#include "map.h"

#define PACKED (1ULL << 63)
#define SITE_BITS 20
#define DAY_BITS 24
#define SEQ_BITS 18
#define SITE_OF(k) ((size_t)(((k) >> (DAY_BITS + SEQ_BITS)) & ((1u << SITE_BITS) - 1)))
#define DAY_OF(k) ((long)(((k) >> SEQ_BITS) & ((1UL << DAY_BITS) - 1)))
#define SEQ_OF(k) ((unsigned long)((k) & ((1UL << SEQ_BITS) - 1)))
#define SITE_MAX 127		/* bytes */

struct site {
	const char *name;	/* the map's copy of the code */
	size_t len;
};

struct qk_idpack {
	struct qk_map *sites;	/* site code -> index + 1 */
	struct site *site;
	size_t nsites, sitecap;
	char *other;		/* the other ids, each with its NUL */
	size_t otherlen, othercap;
};

struct qk_idpack *qk_idpack_new(void)
{
	struct qk_idpack *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	if ((p->sites = qk_map_new()) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void qk_idpack_free(struct qk_idpack *p)
{
	if (p == NULL)
		return;
	qk_map_free(p->sites);
	free(p->site);
	free(p->other);
	free(p);
}

/*
 * 1 when id is SITE-YYYYMMDD-NNNN of the packed form, with the length of
 * SITE, the day and the sequence; 0 when it is not.
 */
static int parse(const char *id, size_t *sitelen, long *day, unsigned long *seq)
{
	const char *dash = strrchr(id, '-'), *s;
	char date[11];
	size_t ndig;

	if (dash == NULL)
		return 0;
	ndig = strlen(dash + 1);
	/* "-YYYYMMDD" before the last '-', and at least one byte of site. */
	if (ndig < 4 || ndig > 9 || dash - id < 10 || dash[-9] != '-' ||
	    (size_t)(dash - id - 9) > SITE_MAX)
		return 0;
	if (ndig > 4 && dash[1] == '0')
		return 0;
	*seq = 0;
	for (s = dash + 1; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		*seq = *seq * 10 + (unsigned long)(*s - '0');
	}
	if (*seq >= (1UL << SEQ_BITS))
		return 0;
	memcpy(date, dash - 8, 4);
	date[4] = '-';
	memcpy(date + 5, dash - 4, 2);
	date[7] = '-';
	memcpy(date + 8, dash - 2, 2);
	date[10] = '\0';
	if (qk_date_parse(date, day) < 0 || *day < 0 || *day >= (1L << DAY_BITS))
		return 0;
	*sitelen = (size_t)(dash - id - 9);
	return 1;
}

/* The index of the site code, added when new: 1, 0 when the table is
 * full, -1 when out of memory. */
static int site_index(struct qk_idpack *p, const char *code, size_t *idx)
{
	uintptr_t v = (uintptr_t)qk_map_get(p->sites, code);
	struct site *s;

	if (v != 0) {
		*idx = (size_t)(v - 1);
		return 1;
	}
	if (p->nsites >= (1u << SITE_BITS))
		return 0;
	if (p->nsites == p->sitecap) {
		size_t cap = p->sitecap == 0 ? 16 : p->sitecap * 2;

		if ((s = realloc(p->site, cap * sizeof *s)) == NULL)
			return -1;
		p->site = s;
		p->sitecap = cap;
	}
	if (qk_map_put(p->sites, code, (void *)(uintptr_t)(p->nsites + 1)) < 0)
		return -1;
	s = &p->site[p->nsites];
	s->name = qk_map_key(p->sites, code);
	s->len = strlen(code);
	*idx = p->nsites++;
	return 1;
}

int qk_idpack_pack(struct qk_idpack *p, const char *id, uint64_t *key)
{
	char code[SITE_MAX + 1];
	unsigned long seq;
	size_t k, idx;
	long day;
	int r;

	if (!parse(id, &k, &day, &seq))
		return 0;
	memcpy(code, id, k);
	code[k] = '\0';
	if ((r = site_index(p, code, &idx)) <= 0)
		return r;
	*key = PACKED | ((uint64_t)idx << (DAY_BITS + SEQ_BITS)) |
	    ((uint64_t)day << SEQ_BITS) | (uint64_t)seq;
	return 1;
}

int qk_idpack_key(struct qk_idpack *p, const char *id, uint64_t *key)
{
	size_t n = strlen(id) + 1;
	int r = qk_idpack_pack(p, id, key);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (p->othercap - p->otherlen < n) {
		size_t cap = p->othercap == 0 ? 4096 : p->othercap;
		char *o;

		while (cap - p->otherlen < n) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		if ((o = realloc(p->other, cap)) == NULL)
			return -1;
		p->other = o;
		p->othercap = cap;
	}
	memcpy(p->other + p->otherlen, id, n);
	*key = (uint64_t)p->otherlen;
	p->otherlen += n;
	return 0;
}

/* The digits of a sequence number, 4 at least. */
static int seq_width(unsigned long seq)
{
	int w = 4;

	for (seq /= 10000; seq > 0; seq /= 10)
		w++;
	return w;
}

const char *qk_idpack_id(const struct qk_idpack *p, uint64_t key,
    char buf[QK_IDPACK_BUF])
{
	const struct site *s;
	unsigned long seq;
	char date[11];
	int w;

	if (!(key & PACKED))
		return key < p->otherlen ? p->other + key : "";
	if (SITE_OF(key) >= p->nsites) {
		buf[0] = '\0';
		return buf;
	}
	s = &p->site[SITE_OF(key)];
	memcpy(buf, s->name, s->len);
	buf += s->len;
	qk_date_format(DAY_OF(key), date);
	buf[0] = '-';
	memcpy(buf + 1, date, 4);
	memcpy(buf + 5, date + 5, 2);
	memcpy(buf + 7, date + 8, 2);
	buf[9] = '-';
	seq = SEQ_OF(key);
	w = seq_width(seq);
	buf[10 + w] = '\0';
	for (; w > 0; w--, seq /= 10)
		buf[9 + w] = (char)('0' + seq % 10);
	return buf - s->len;
}

int qk_idpack_cmp(const struct qk_idpack *p, uint64_t a, uint64_t b)
{
	char ba[QK_IDPACK_BUF], bb[QK_IDPACK_BUF];

	if (a == b)
		return 0;
	if ((a & PACKED) && (b & PACKED)) {
		size_t sa = SITE_OF(a), sb = SITE_OF(b);

		if (sa == sb) {
			/* "SITE-" alike, then 8 digits of date, then the
			 * sequence: by number when of one width. */
			if (DAY_OF(a) != DAY_OF(b))
				return DAY_OF(a) < DAY_OF(b) ? -1 : 1;
			if (seq_width(SEQ_OF(a)) == seq_width(SEQ_OF(b)))
				return SEQ_OF(a) < SEQ_OF(b) ? -1 : 1;
		} else if (sa < p->nsites && sb < p->nsites) {
			/* Codes that differ before either ends decide. */
			const unsigned char *x = (const unsigned char *)p->site[sa].name;
			const unsigned char *y = (const unsigned char *)p->site[sb].name;

			while (*x != '\0' && *x == *y)
				x++, y++;
			if (*x != '\0' && *y != '\0')
				return *x < *y ? -1 : 1;
		}
	}
	return strcmp(qk_idpack_id(p, a, ba), qk_idpack_id(p, b, bb));
}
