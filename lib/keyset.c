#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyset.h"

#define CHUNK (1u << 20)
/* The slots are spread over shards by hash: growing one rehashes a table
 * that fits in the cache, where one table of every key would not. */
#define NSHARDS 256

struct slot {
	uint64_t ref;		/* chunk index << 32 | offset, plus one; 0 is empty */
	uint32_t hash;
};

struct shard {
	struct slot *slot;
	size_t cap, count;	/* cap a power of two, or 0 */
};

struct qk_keyset {
	unsigned char **chunk;
	size_t nchunks, capchunks;
	size_t used;		/* bytes used in the last chunk */
	size_t chunksize;	/* size of the last chunk */
	struct shard shard[NSHARDS];
};

struct qk_keyset *qk_keyset_new(void)
{
	return calloc(1, sizeof(struct qk_keyset));
}

void qk_keyset_free(struct qk_keyset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nchunks; i++)
		free(s->chunk[i]);
	free(s->chunk);
	for (i = 0; i < NSHARDS; i++)
		free(s->shard[i].slot);
	free(s);
}

/* FNV-1a, 64 bits. */
static uint64_t hash(const unsigned char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	while (len-- > 0) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The stored key of a reference: its length (4 bytes), then its bytes. */
static const unsigned char *stored(const struct qk_keyset *s, uint64_t ref,
    uint32_t *len)
{
	const unsigned char *p = s->chunk[(ref - 1) >> 32] + ((ref - 1) & 0xffffffffu);

	memcpy(len, p, 4);
	return p + 4;
}

static int same_key(const struct qk_keyset *s, uint64_t ref,
    const void *key, size_t len)
{
	uint32_t n;
	const unsigned char *p = stored(s, ref, &n);

	return n == len && memcmp(p, key, len) == 0;
}

/* Copies a key into the chunks; its reference, or 0 on ENOMEM. */
static uint64_t store(struct qk_keyset *s, const void *key, size_t len)
{
	size_t need = len + 4;
	uint32_t n = (uint32_t)len;
	unsigned char *c;

	if (s->nchunks == 0 || s->used + need > s->chunksize) {
		size_t size = need > CHUNK ? need : CHUNK;

		if (s->nchunks == s->capchunks) {
			size_t cap = s->capchunks ? s->capchunks * 2 : 16;
			unsigned char **a = realloc(s->chunk, cap * sizeof *a);

			if (a == NULL)
				return 0;
			s->chunk = a;
			s->capchunks = cap;
		}
		if ((c = malloc(size)) == NULL)
			return 0;
		s->chunk[s->nchunks++] = c;
		s->used = 0;
		s->chunksize = size;
	}
	c = s->chunk[s->nchunks - 1] + s->used;
	memcpy(c, &n, 4);
	memcpy(c + 4, key, len);
	s->used += need;
	return ((uint64_t)(s->nchunks - 1) << 32 | (s->used - need)) + 1;
}

static int grow(struct shard *sh)
{
	size_t cap = sh->cap ? sh->cap * 2 : 64, i, j;
	struct slot *t = calloc(cap, sizeof *t);

	if (t == NULL)
		return -1;
	for (i = 0; i < sh->cap; i++) {
		if (sh->slot[i].ref == 0)
			continue;
		for (j = sh->slot[i].hash & (cap - 1); t[j].ref != 0; j = (j + 1) & (cap - 1))
			;
		t[j] = sh->slot[i];
	}
	free(sh->slot);
	sh->slot = t;
	sh->cap = cap;
	return 0;
}

int qk_keyset_add(struct qk_keyset *s, const void *key, size_t len)
{
	uint64_t h = hash(key, len);
	uint32_t h32 = (uint32_t)(h ^ (h >> 32));
	struct shard *sh = &s->shard[h >> 56];	/* slots take h32's low bits */
	size_t j;

	if (len > 0xffffffffu)
		return -1;
	if ((sh->count + 1) * 4 > sh->cap * 3 && grow(sh) < 0)
		return -1;
	for (j = h32 & (sh->cap - 1); sh->slot[j].ref != 0; j = (j + 1) & (sh->cap - 1))
		if (sh->slot[j].hash == h32 && same_key(s, sh->slot[j].ref, key, len))
			return 0;
	if ((sh->slot[j].ref = store(s, key, len)) == 0)
		return -1;
	sh->slot[j].hash = h32;
	sh->count++;
	return 1;
}
