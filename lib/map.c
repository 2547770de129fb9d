#include <stdlib.h>
#include <string.h>

#include "map.h"

struct slot {
	char *key;
	size_t len;
	unsigned hash;
	void *value;
};

struct qk_map {
	struct slot *slot;
	size_t cap, count;	/* cap is a power of two */
};

static unsigned hash(const char *s, size_t len)
{
	unsigned h = 2166136261u;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct qk_map *qk_map_new(void)
{
	struct qk_map *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->cap = 64;
	m->slot = calloc(m->cap, sizeof *m->slot);
	if (m->slot == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void qk_map_free(struct qk_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slot[i].key);
	free(m->slot);
	free(m);
}

static struct slot *find(const struct qk_map *m, const char *key, size_t len,
    unsigned h)
{
	size_t i = h & (m->cap - 1);

	while (m->slot[i].key != NULL) {
		const struct slot *s = &m->slot[i];

		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return &m->slot[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slot[i];
}

static void *map_getn(const struct qk_map *m, const char *key, size_t len)
{
	struct slot *s = find(m, key, len, hash(key, len));

	return s->key != NULL ? s->value : NULL;
}

void *qk_map_get(const struct qk_map *m, const char *key)
{
	return map_getn(m, key, strlen(key));
}

const char *qk_map_key(const struct qk_map *m, const char *key)
{
	size_t len = strlen(key);

	return find(m, key, len, hash(key, len))->key;
}

static int grow(struct qk_map *m)
{
	struct slot *old = m->slot;
	size_t i, oldcap = m->cap;

	m->slot = calloc(oldcap * 2, sizeof *m->slot);
	if (m->slot == NULL) {
		m->slot = old;
		return -1;
	}
	m->cap = oldcap * 2;
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
	return 0;
}

int qk_map_put(struct qk_map *m, const char *key, void *value)
{
	size_t len = strlen(key);
	unsigned h = hash(key, len);
	struct slot *s;

	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return -1;
	s = find(m, key, len, h);
	if (s->key == NULL) {
		s->key = malloc(len + 1);
		if (s->key == NULL)
			return -1;
		memcpy(s->key, key, len + 1);
		s->len = len;
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return 0;
}

size_t qk_map_count(const struct qk_map *m)
{
	return m->count;
}
