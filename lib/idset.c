#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "idset.h"
#include "map.h"

/* The packed ids are spread over shards by hash, so that growing one
 * shard never holds two copies of the whole set at once. */
#define NSHARDS 256

struct shard {
	uint64_t *slot;		/* 0 is empty; packed ids have bit 63 set */
	size_t cap, count;	/* cap a power of two, or 0 */
};

struct qk_idset {
	struct shard shard[NSHARDS];
	struct qk_map *sites;	/* site code -> index + 1 */
	size_t nsites;
	struct qk_map *others;
};

struct qk_idset *qk_idset_new(void)
{
	struct qk_idset *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->sites = qk_map_new();
	s->others = qk_map_new();
	if (s->sites == NULL || s->others == NULL) {
		qk_idset_free(s);
		return NULL;
	}
	return s;
}

void qk_idset_free(struct qk_idset *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < NSHARDS; i++)
		free(s->shard[i].slot);
	qk_map_free(s->sites);
	qk_map_free(s->others);
	free(s);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* 1 and the packed key, or 0 when id is not SITE-YYYYMMDD-NNNN. */
static int pack(struct qk_idset *s, const char *id, uint64_t *key)
{
	size_t n = strlen(id), i, k;
	char site[128], date[11];
	uintptr_t idx;
	unsigned long seq = 0;
	long day;
	const char *dash;

	/* The sequence: digits after the last '-', 4 to 9 of them. */
	dash = strrchr(id, '-');
	if (dash == NULL || n - (dash - id) - 1 < 4 || n - (dash - id) - 1 > 9 ||
	    dash - id < 10 || dash[-9] != '-' || (size_t)(dash - id - 9) >= sizeof site)
		return 0;
	for (i = dash - id + 1; i < n; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		seq = seq * 10 + (id[i] - '0');
	}
	k = dash - id - 9;
	memcpy(date, dash - 8, 4);
	date[4] = '-';
	memcpy(date + 5, dash - 4, 2);
	date[7] = '-';
	memcpy(date + 8, dash - 2, 2);
	date[10] = '\0';
	if (qk_date_parse(date, &day) < 0 || day < 0 || day >= (1L << 24) ||
	    (n - (dash - id) - 1 > 4 && id[dash - id + 1] == '0'))
		return 0;
	memcpy(site, id, k);
	site[k] = '\0';
	idx = (uintptr_t)qk_map_get(s->sites, site);
	if (idx == 0) {
		if (s->nsites >= (1u << 20) || qk_map_put(s->sites, site,
		    (void *)(uintptr_t)(s->nsites + 1)) < 0)
			return 0;
		idx = ++s->nsites;
	}
	*key = (1ULL << 63) | ((uint64_t)(idx - 1) << 42) | ((uint64_t)day << 18) |
	    (seq & 0x3ffff);
	return seq <= 0x3ffff;
}

static int grow(struct shard *sh)
{
	uint64_t *old = sh->slot;
	size_t i, oldcap = sh->cap, cap = oldcap > 0 ? oldcap * 2 : 64;

	sh->slot = calloc(cap, sizeof *sh->slot);
	if (sh->slot == NULL) {
		sh->slot = old;
		return -1;
	}
	sh->cap = cap;
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (old[i] == 0)
			continue;
		for (j = (mix(old[i]) >> 8) & (cap - 1); sh->slot[j] != 0; j = (j + 1) & (cap - 1))
			;
		sh->slot[j] = old[i];
	}
	free(old);
	return 0;
}

int qk_idset_add(struct qk_idset *s, const char *id)
{
	struct shard *sh;
	uint64_t key, h;
	size_t j;

	if (!pack(s, id, &key)) {
		if (qk_map_get(s->others, id) != NULL)
			return 0;
		return qk_map_put(s->others, id, (void *)1) < 0 ? -1 : 1;
	}
	h = mix(key);
	sh = &s->shard[h & (NSHARDS - 1)];
	if ((sh->count + 1) * 8 > sh->cap * 7 && grow(sh) < 0)
		return -1;
	for (j = (h >> 8) & (sh->cap - 1); sh->slot[j] != 0; j = (j + 1) & (sh->cap - 1))
		if (sh->slot[j] == key)
			return 0;
	sh->slot[j] = key;
	sh->count++;
	return 1;
}
