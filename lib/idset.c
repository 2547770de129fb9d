#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idpack.h"
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
	struct qk_idpack *pack;	/* the packing of SITE-YYYYMMDD-NNNN */
	struct qk_map *others;
};

struct qk_idset *qk_idset_new(void)
{
	struct qk_idset *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->pack = qk_idpack_new();
	s->others = qk_map_new();
	if (s->pack == NULL || s->others == NULL) {
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
	qk_idpack_free(s->pack);
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
	int r = qk_idpack_pack(s->pack, id, &key);

	if (r < 0)
		return -1;
	if (r == 0) {
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
