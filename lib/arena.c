#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN (64 * 1024)
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	unsigned char *data;
};

struct qk_arena {
	struct chunk *head;	/* current chunk, newest first */
	size_t total;
	int failed;
};

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c = malloc(sizeof *c + size + ALIGN);

	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	c->data = (unsigned char *)c + sizeof *c;
	c->data += (ALIGN - (size_t)c->data % ALIGN) % ALIGN;
	return c;
}

struct qk_arena *qk_arena_new(void)
{
	struct qk_arena *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->head = chunk_new(CHUNK_MIN);
	if (a->head == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void qk_arena_free(struct qk_arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void qk_arena_reset(struct qk_arena *a)
{
	struct chunk *c, *next, *last = NULL;

	/* Keep the oldest chunk (the first, CHUNK_MIN-sized one). */
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (next == NULL)
			last = c;
		else
			free(c);
	}
	a->head = last;
	if (last != NULL)
		last->used = 0;
	a->total = 0;
	a->failed = 0;
}

void *qk_arena_alloc(struct qk_arena *a, size_t n)
{
	struct chunk *c = a->head;
	void *p;

	if (n > SIZE_MAX / 2) {	/* rounding and the chunk size would wrap */
		a->failed = 1;
		return NULL;
	}
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (c == NULL || c->size - c->used < n) {
		size_t size = c != NULL && c->size * 2 > n ? c->size * 2 : n;

		if (size < CHUNK_MIN)
			size = CHUNK_MIN;
		if (size > 4 * 1024 * 1024 && size > n)
			size = n > 4 * 1024 * 1024 ? n : 4 * 1024 * 1024;
		c = chunk_new(size);
		if (c == NULL) {
			a->failed = 1;
			return NULL;
		}
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	a->total += n;
	return p;
}

char *qk_arena_strndup(struct qk_arena *a, const char *s, size_t n)
{
	char *p = qk_arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *qk_arena_strdup(struct qk_arena *a, const char *s)
{
	return qk_arena_strndup(a, s, strlen(s));
}

int qk_arena_failed(const struct qk_arena *a)
{
	return a->failed;
}
