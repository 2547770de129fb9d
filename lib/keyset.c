#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyset.h"

/* Keys are stored in chunks of CHUNK bytes (a key longer than that in a
 * chunk of its own), each as its length (LEB128) and its bytes. */
#define CHUNK_BITS 20
#define CHUNK ((size_t)1 << CHUNK_BITS)
#define MAX_CHUNKS (((size_t)1 << 20) - 1)	/* places fit REF_BITS */
/* The slots are spread over shards by hash: growing one rehashes a table
 * that fits in the cache, where one table of every key would not. */
#define NSHARDS 256
/* A slot is 64 bits: the key's place plus one (40 bits; 0 is empty) and a
 * tag of 24 bits of its hash, which also gives its position in the table,
 * so a table grows without reading the keys again. */
#define REF_BITS 40
#define REF_MASK (((uint64_t)1 << REF_BITS) - 1)
#define TAG_BITS 24
#define MAX_CAP ((size_t)1 << TAG_BITS)

struct shard {
	uint64_t *slot;
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

/* FNV-1a, 64 bits, and a final mix so that its high bits (shard and tag)
 * depend on every byte. */
static uint64_t hash(const unsigned char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	while (len-- > 0) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static int same_key(const struct qk_keyset *s, uint64_t ref,
    const void *key, size_t len)
{
	const unsigned char *p;
	size_t n = 0;
	int shift = 0;

	ref = (ref & REF_MASK) - 1;
	p = s->chunk[ref >> CHUNK_BITS] + (ref & (CHUNK - 1));
	do {
		n |= (size_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	return n == len && memcmp(p, key, len) == 0;
}

static size_t varint_len(size_t n)
{
	size_t k = 1;

	while (n >= 0x80) {
		n >>= 7;
		k++;
	}
	return k;
}

/* A chunk for need more bytes: 0, or -1 on ENOMEM or past the limit. */
static int new_chunk(struct qk_keyset *s, size_t need)
{
	size_t size = need > CHUNK ? need : CHUNK;
	unsigned char *c;

	if (s->nchunks == MAX_CHUNKS)
		return -1;
	if (s->nchunks == s->capchunks) {
		size_t cap = s->capchunks ? s->capchunks * 2 : 16;
		unsigned char **a = realloc(s->chunk, cap * sizeof *a);

		if (a == NULL)
			return -1;
		s->chunk = a;
		s->capchunks = cap;
	}
	if ((c = malloc(size)) == NULL)
		return -1;
	s->chunk[s->nchunks++] = c;
	s->used = 0;
	s->chunksize = size;
	return 0;
}

/* Copies a key into the chunks; its place plus one, or 0 on ENOMEM. */
static uint64_t store(struct qk_keyset *s, const void *key, size_t len)
{
	size_t need = varint_len(len) + len, n = len, at;
	unsigned char *c;

	if ((s->nchunks == 0 || s->used + need > s->chunksize) &&
	    new_chunk(s, need) < 0)
		return 0;
	at = s->used;
	c = s->chunk[s->nchunks - 1] + at;
	for (; n >= 0x80; n >>= 7)
		*c++ = (unsigned char)(n | 0x80);
	*c++ = (unsigned char)n;
	memcpy(c, key, len);
	s->used += need;
	return ((uint64_t)(s->nchunks - 1) << CHUNK_BITS | at) + 1;
}

static size_t position(uint64_t slot, size_t cap)
{
	return (size_t)(slot >> REF_BITS) & (cap - 1);
}

static int grow(struct shard *sh)
{
	size_t cap = sh->cap ? sh->cap * 2 : 64, i, j;
	uint64_t *t;

	if (cap > MAX_CAP || (t = calloc(cap, sizeof *t)) == NULL)
		return -1;
	for (i = 0; i < sh->cap; i++) {
		if (sh->slot[i] == 0)
			continue;
		for (j = position(sh->slot[i], cap); t[j] != 0; j = (j + 1) & (cap - 1))
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
	uint64_t tag = h >> (64 - 8 - TAG_BITS) & (MAX_CAP - 1), ref;
	struct shard *sh = &s->shard[h >> 56];
	size_t j;

	if ((sh->count + 1) * 4 > sh->cap * 3 && grow(sh) < 0)
		return -1;
	for (j = tag & (sh->cap - 1); sh->slot[j] != 0; j = (j + 1) & (sh->cap - 1))
		if (sh->slot[j] >> REF_BITS == tag && same_key(s, sh->slot[j], key, len))
			return 0;
	if ((ref = store(s, key, len)) == 0)
		return -1;
	sh->slot[j] = tag << REF_BITS | ref;
	sh->count++;
	return 1;
}
